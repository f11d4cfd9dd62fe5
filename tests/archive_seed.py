"""A board with five years of history for the archive tests (fast: in-process ops)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from standup import ops
from standup.records import Checkin, Standup
from standup.store import Store

ANA = ops.Actor("ana", "ana")
BRUNO = ops.Actor("bruno", "bruno")
YEARS = (2022, 2023, 2024, 2025, 2026)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def seed(store: Store) -> None:
    """Closed records in each of :data:`YEARS` (2026's before the cutoff of a run on
    2026-11-25 with 90 days), and records that must stay: open, unreviewed, recent."""
    t0 = at(2022, 1, 3)
    ops.add_person(store, ANA, "ana", role="pm", tz="UTC", now=t0)
    ops.add_person(store, ANA, "bruno", role="eng", tz="UTC", now=t0)
    for year in YEARS:
        t = at(year, 2, 1)
        q = ops.ask(store, BRUNO, f"Which format in {year}?", now=t).record.key
        ops.block(store, BRUNO, f"export {year}", on=q, now=t)
        ops.answer(store, ANA, q, "CSV", now=t + timedelta(days=2))
        w = ops.ask(store, BRUNO, f"Drop v1 in {year}?", now=t).record.key
        ops.withdraw(store, BRUNO, w, now=t + timedelta(days=1))
        b = ops.block(store, BRUNO, f"waiting on infra {year}", on="the infra team", now=t)
        ops.unblock(store, BRUNO, b.record.key, now=t + timedelta(days=3))
        ops.add_note(store, ANA, f"goal {year}", now=t)
        last = str(max(store.read().table("notes")))
        ops.remove_note(store, ANA, last, now=t + timedelta(days=5))
        ops.away(store, ANA, until="in 2 days", now=at(year, 3, 1))  # an absence that ends
        with store.transaction() as tx:
            sid = tx.next_id("S")
            s = Standup(
                id=sid,
                date=f"{year}-03-02",
                started_at=at(year, 3, 2, 9),
                facilitator="ana",
                ended_at=at(year, 3, 2, 9) + timedelta(minutes=12),
                order=["ana", "bruno"],
            )
            tx.insert("standups", s.to_doc(), sid)
            cid = tx.next_id("C")
            c = Checkin(
                id=cid, who="bruno", date=f"{year}-03-02", at=at(year, 3, 2, 8), today="tests"
            )
            tx.insert("checkins", c.to_doc(), cid)
    # What stays: an open question (and the item waiting on it), a recent answer, an
    # open-ended absence. An old answer the PM never reviewed moves: it is history.
    old = at(2023, 5, 1)
    q_open = ops.ask(store, BRUNO, "Open since 2023?", now=old).record.key
    ops.block(store, BRUNO, "waits on the open one", on=q_open, now=old)
    q_unrev = ops.ask(store, BRUNO, "Unreviewed?", to="ana", now=old).record.key
    ops.answer(store, BRUNO, q_unrev, "I decided", now=old + timedelta(days=1))
    # By the clock: an assumption taken in 2023 (open in storage; moves), and a one-way
    # door overdue since 2023 (still open; stays).
    ops.ask(store, BRUNO, "Assumed?", by="in 2 days", fallback="go on", now=old)
    ops.ask(store, BRUNO, "One-way, overdue?", by="in 2 days", one_way=True, now=old)
    q_recent = ops.ask(store, BRUNO, "Recent?", now=at(2026, 11, 1)).record.key
    ops.answer(store, ANA, q_recent, "yes", now=at(2026, 11, 2))
    ops.away(store, BRUNO, now=at(2026, 11, 20))
