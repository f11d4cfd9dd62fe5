"""The JSON contract of product.md: one dict per record, times ISO 8601 with offset
(in the reader's zone), absent values ``None``. Keys are only ever added, never renamed.

``status --json`` lists damaged records under ``damaged``: ``{"table", "id",
"problem"}``, where ``id`` is the record's key in the file as a string (``"3"`` for
``Q3`` in ``questions``; a key that is not an id, such as ``"²"``, as it is)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from standup.clock import iso
from standup.records import Checkin, Commit, Team
from standup.view import BoardView, ItemState, PersonState, QuestionState


def question_json(s: QuestionState, tz: tzinfo) -> dict[str, Any]:
    q = s.q
    return {
        "id": q.key,
        "text": q.text,
        "status": s.status,
        "asked_by": q.asked_by,
        "to": q.to,
        "asked_at": iso(q.asked_at, tz),
        "needed_by": iso(q.needed_by, tz),
        "fallback": q.fallback,
        "reversible": q.reversible,
        "blocks": [f"B{i}" for i in s.blocks],
        "answer": s.answer,
        "answered_by": s.answered_by,
        "answered_at": iso(s.answered_at, tz),
        "reviewed": s.reviewed,
        "ask_now": s.ask_now,
        "ask_at": iso(s.route.at, tz) if s.route and s.route.login is None else None,
        "overdue": s.overdue,
        "age_seconds": s.age_seconds,
        "history": [_history_entry(h, tz) for h in q.history],
    }


_HISTORY_TIMES = ("answered_at", "at", "needed_by")


def _history_entry(entry: dict[str, Any], tz: tzinfo) -> dict[str, Any]:
    """One history entry (an old answer, or the old values of an edit), its times in
    ``tz``; an old answer always has ``answered_at`` and ``at`` (maybe ``None``), an
    edit only the fields it changed."""
    out = {**entry, **{k: iso(_dt(entry[k]), tz) for k in _HISTORY_TIMES if k in entry}}
    if entry.get("action") != "edit":
        out.setdefault("answered_at", None)
        out.setdefault("at", None)
    return out


def item_json(s: ItemState, tz: tzinfo) -> dict[str, Any]:
    item = s.item
    return {
        "id": item.key,
        "title": item.title,
        "owner": item.owner,
        "on": item.on,
        "on_kind": item.on_kind,
        "since": iso(item.since, tz),
        "status": s.status,
        "unblocked_at": iso(s.unblocked_at, tz),
        "note": item.note,
        "age_seconds": s.age_seconds,
    }


def person_json(p: PersonState, tz: tzinfo) -> dict[str, Any]:
    person, st = p.person, p.status
    return {
        "login": p.login,
        "name": p.name,
        "role": person.role if person else None,
        "tz": person.tz if person else None,
        "hours": person.hours if person else None,
        "status": st.status,
        "available": st.available,
        "until": iso(st.until, tz),
        "next_available": iso(st.next_available, tz),
        "delegate": st.delegate,
        "note": st.absence.note if st.absence else None,
        "on_board": p.on_board,
        "seen_at": iso(p.seen_at, tz),
    }


def status_json(view: BoardView) -> dict[str, Any]:
    tz = view.tz
    return {
        "now": iso(view.now, tz),
        "pm": person_json(view.pm, tz) if view.pm else None,
        "people": [person_json(p, tz) for p in view.people],
        "questions": [question_json(s, tz) for s in view.open_questions],
        "blocked": [item_json(s, tz) for s in view.blocked_items],
        "notes": [
            {"id": n.id, "text": n.text, "added_by": n.added_by, "added_at": iso(n.added_at, tz)}
            for n in view.board.notes.values()
        ],
        "damaged": [
            {"table": d.table, "id": d.key, "problem": d.problem} for d in view.board.damaged
        ],
    }


def _dt(value: Any) -> Any:
    from standup.clock import from_iso

    return from_iso(value) if isinstance(value, str) else value


def team_json(team: Team) -> dict[str, Any]:
    """``team --json``: the settings everyone on the board shares."""
    return {
        "speaker_seconds": team.speaker_seconds,
        "meeting_seconds": team.meeting_seconds,
        "repos": list(team.repos),
        "archive_after_days": team.archive_after_days,
    }


def commit_json(c: Commit, tz: tzinfo) -> dict[str, Any]:
    return {"repo": c.repo, "sha": c.sha, "subject": c.subject, "at": iso(c.at, tz)}


def checkin_json(c: Checkin, tz: tzinfo) -> dict[str, Any]:
    """A check-in; ``id`` is ``None`` for one shown before it is saved."""
    return {
        "id": c.key if c.id else None,
        "who": c.who,
        "date": c.date,
        "yesterday": c.yesterday,
        "today": c.today,
        "blockers": [f"B{i}" for i in c.blockers],
        "commits": [commit_json(commit, tz) for commit in c.commits],
        "at": iso(c.at, tz),
    }
