"""A board with years of history, for benchmarks (metrics, archives, first paint).

``make_board(path)`` writes, in TinyDB's layout as standup writes it, a team of ten
(a PM with a delegate, office hours in three zones) and about ``records`` records over
``years`` years before ``now``: questions (answered, assumed, withdrawn, a few still
open), blocked items (on questions, people and outside things), absences, and one or
two log events per write. Deterministic for a given ``seed``. Written directly (not
through the operations) so 100,000 records take a second, not an hour; every document
decodes through :meth:`standup.model.Record.from_doc` like one the operations wrote.

    python bench/seed_history.py /tmp/big.json            # 100,000 records
    python bench/seed_history.py /tmp/big.json 20000 2    # 20,000 over 2 years
"""

from __future__ import annotations

import bisect
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec

from standup.fileformat import SCHEMA
from standup.model import Absence, BlockedItem, Event, Person, Question

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TEAM = [
    ("ana", "Ana", "pm", "Europe/Lisbon", "mon-fri 09:00-17:30", "bruno"),
    ("bruno", "Bruno", "lead", "Europe/Berlin", "mon-fri 09:00-18:00", None),
    ("chen", "Chen", "eng", "Europe/Berlin", "mon-thu 9-12,13-17; fri 9-13", None),
    ("dara", "Dara", "eng", "America/New_York", "mon-fri 08:00-16:00", None),
    ("eli", "Eli", "design", "Europe/Lisbon", "mon-fri 10:00-18:00", None),
    ("fay", "Fay", "eng", "Europe/Berlin", "mon-fri 09:00-17:00", None),
    ("gus", "Gus", "eng", "America/New_York", "mon-fri 09:00-17:00", None),
    ("hana", "Hana", "eng", "Europe/Lisbon", None, None),
    ("ivo", "Ivo", "eng", "Europe/Berlin", "mon-fri 07:00-15:00", None),
    ("jo", "Jo", "eng", "Europe/Lisbon", "mon-fri 09:00-17:00", None),
]


def make_board(
    path: str | Path,
    records: int = 100_000,
    *,
    years: float = 3.0,
    now: datetime = NOW,
    seed: int = 12,
) -> dict[str, int]:
    """Write the board to ``path`` (replacing it); return how many of each record."""
    rnd = random.Random(seed)
    start = now - timedelta(days=365 * years)
    span = (now - start).total_seconds()
    logins = [t[0] for t in TEAM]
    people = {}
    for n, (login, name, role, tz, hours, delegate) in enumerate(TEAM, 1):
        p = Person(login, name, role, tz, hours, delegate, added_at=start, added_by=login)
        people[str(n)] = p.to_doc()
    n_absences = max(1, records // 70)
    n_questions = records * 3 // 10
    n_items = records * 3 // 20
    n_events = max(0, records - n_absences - n_questions - n_items)
    tables: dict[str, dict[str, dict]] = {
        "people": people,
        "absences": {},
        "questions": {},
        "blocked": {},
        "events": {},
    }

    def moment(fraction: float) -> datetime:
        return (start + timedelta(seconds=int(span * fraction))).replace(microsecond=0)

    for i in range(1, n_absences + 1):
        s = moment(rnd.random())
        a = Absence(
            i,
            rnd.choice(logins),
            s,
            s + timedelta(hours=rnd.choice((2, 4, 8, 24, 72, 120))),
            kind=rnd.choice(("away", "ooo", "meeting", "sick")),
            delegate="bruno" if rnd.random() < 0.5 else None,
        )
        tables["absences"][str(i)] = a.to_doc()
    asked_times = sorted(rnd.random() for _ in range(n_questions))
    closed: list[datetime | None] = [None]  # withdrawn at, by question id
    for i, fraction in enumerate(asked_times, 1):
        asked = moment(fraction)
        by = rnd.choice(logins[1:])
        to = "ana" if rnd.random() < 0.8 else rnd.choice(logins)
        needed = asked + timedelta(hours=rnd.choice((4, 24, 48))) if rnd.random() < 0.6 else None
        fallback = "go ahead with the simple version" if needed and rnd.random() < 0.7 else None
        roll = rnd.random()
        doc: dict = {}
        if asked > now - timedelta(days=10) and roll < 0.3:
            status = "open"
        elif roll < 0.08:
            status = "withdrawn"
            doc = {"closed_at": asked + timedelta(hours=rnd.randint(1, 30)), "closed_by": by}
        else:
            status = "answered"
            answered_at = asked + timedelta(seconds=rnd.randint(300, 3 * 86400))
            if fallback and needed and answered_at > needed:
                status = "open"  # reads assumed: the fallback was taken at needed-by
            else:
                answerer = to if rnd.random() < 0.8 else "bruno"
                doc = {
                    "answer": "yes, do that",
                    "answered_by": answerer,
                    "answered_at": answered_at,
                    "reviewed": None if answerer == to else False,
                }
        q = Question(
            i,
            f"Question {i}: should we ship the thing?",
            by,
            asked,
            to=to,
            needed_by=needed,
            fallback=fallback,
            status=status,
            os_login=by,
            **doc,
        )
        tables["questions"][str(i)] = q.to_doc()
        closed.append(doc.get("closed_at") if status == "withdrawn" else None)
    for i in range(1, n_items + 1):
        fraction = rnd.random()
        since = moment(fraction)
        roll = rnd.random()
        done = since + timedelta(hours=rnd.randint(1, 200))
        q_id = bisect.bisect_right(asked_times, fraction)  # the last question asked by then
        if roll < 0.5 and q_id:
            on, kind = f"Q{q_id}", "question"
            # waits until the question is answered or assumed; one withdrawn is let go
            done = closed[q_id] or done
        elif roll < 0.8:
            on, kind = rnd.choice(logins), "person"
        else:
            on, kind = "the vendor API", "text"
        let_go = kind != "question" or closed[q_id] is not None
        unblocked = let_go and (done < now - timedelta(days=3) or rnd.random() < 0.5)
        item = BlockedItem(
            i,
            f"Item {i}",
            rnd.choice(logins),
            since,
            on=on,
            on_kind=kind,
            status="unblocked" if unblocked else "blocked",
            unblocked_at=min(done, now) if unblocked else None,
        )
        tables["blocked"][str(i)] = item.to_doc()
    for i in range(1, n_events + 1):
        at = moment(i / (n_events + 1))
        kind = rnd.choice(("asked", "answered", "blocked", "unblocked", "edited"))
        ev = Event(
            id=i,
            at=at,
            kind=kind,
            ref=f"Q{rnd.randint(1, max(1, n_questions))}",
            by=rnd.choice(logins),
            os_login="someone",
            text=f"someone {kind} a thing",
            for_=[rnd.choice(logins)],
        )
        tables["events"][str(i)] = ev.to_doc()
    counts = {name: len(docs) for name, docs in tables.items()}
    tables["meta"] = {
        "1": {
            "schema": SCHEMA,
            "revision": records,
            "next": {
                "Q": n_questions + 1,
                "B": n_items + 1,
                "A": n_absences + 1,
                "E": n_events + 1,
            },
        }
    }
    for name in ("notes", "standups", "checkins", "team"):
        tables.setdefault(name, {})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".seeding")
    tmp.write_bytes(msgspec.json.encode(tables))
    tmp.chmod(0o660)
    tmp.replace(path)
    return counts


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "/tmp/standup-history.json"
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    span_years = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    print(make_board(target, size, years=span_years), "→", target)
