"""A board with something in every table, for the export, import and digest tests.

Built through the operations (as people would) at set moments before the suite's
``NOW`` (Wednesday 2026-11-25 10:00, Lisbon = UTC), plus a stand-up, a check-in and
team settings written as their records (the meeting and check-in work fills those in
elsewhere). What it holds, as the digest's golden file shows it:

- ana (PM, delegate bruno), bruno (lead), carla (design), dora (eng, away now).
- Q1 (carla, fallback "Inter", needed by Tue 17:00): assumed by the clock; B1 waited on it.
- Q2 (bruno): answered by bruno, overridden by ana; B2 waited on it.
- Q3 (dora): hostile text, answered by ana herself.
- Q4 (carla, one-way): open. Q5 (bruno): withdrawn.
- Q6 (dora): answered by carla, confirmed by ana.
- B3: blocked on the vendor, still blocked.
- S1: Tuesday's stand-up, facilitated by carla, dora absent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from standup import ops
from standup.records import Checkin, Decision, Spoke, Standup, Team
from standup.store import Store
from tests.conftest import NOW

TZ = "Europe/Lisbon"
HOSTILE_Q = "Use `<b>` or **[bold]**? #1 | x_y\x1b[31m & &amp; ~~no~~ $x$"
HOSTILE_A = "- *both* [link](http://x) \u202eevil\n1. neither"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026 (UTC, which is Lisbon's time then)."""
    return datetime.fromisoformat(f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:00+00:00")


def seed(path: Path) -> Store:
    store = Store(path)
    ana, bruno, carla, dora = (ops.Actor(x, "tester") for x in ("ana", "bruno", "carla", "dora"))
    t0 = at(20, 9)
    ops.add_person(store, ana, "ana", name="Ana", role="pm", tz=TZ, delegate="bruno", now=t0)
    ops.add_person(store, ana, "bruno", name="Bruno Costa", role="lead", tz=TZ, now=t0)
    ops.add_person(store, ana, "carla", name="Carla", role="design", tz=TZ, now=t0)
    ops.add_person(store, ana, "dora", name="Dora *D*", role="eng", tz=TZ, now=t0)
    ops.ask(store, carla, "Which font for the export?", by="2026-11-24 17:00",
            fallback="Inter", now=at(23, 10))  # fmt: skip
    ops.block(store, carla, "Export button", on="Q1", now=at(23, 11))
    ops.ask(store, bruno, "CSV or PDF first?", now=at(23, 12))
    ops.block(store, bruno, "Report layout", on="Q2", now=at(23, 13))
    ops.answer(store, bruno, "Q2", "CSV", now=at(23, 15))
    ops.ask(store, dora, HOSTILE_Q, now=at(24, 9))
    ops.ask(store, carla, "Drop the 2019 format?", by="2026-11-27 17:00", one_way=True,
            now=at(24, 9, 5))  # fmt: skip
    ops.ask(store, bruno, "Still needed?", now=at(24, 9, 6))
    ops.withdraw(store, bruno, "Q5", now=at(24, 9, 7))
    ops.ask(store, dora, "Dark mode at launch?", now=at(23, 14))
    ops.answer(store, carla, "Q6", "Not at launch", now=at(23, 16))
    ops.review(store, ana, "Q6", "confirm", None, now=at(24, 9, 40))
    ops.review(store, ana, "Q2", "override", "PDF first", now=at(24, 9, 45))
    ops.answer(store, ana, "Q3", HOSTILE_A, now=at(24, 9, 50))
    ops.block(store, bruno, "Payment sandbox", on="the bank's API team", now=at(24, 10))
    ops.add_note(store, ana, "Goal: the export", now=at(24, 11))
    ops.add_note(store, ana, "Old note", now=at(24, 11))
    ops.remove_note(store, ana, "2", now=at(24, 12))
    ops.away(store, dora, until="2026-11-26 17:00", now=at(24, 8))
    standup = Standup(
        date="2026-11-24",
        started_at=at(24, 9, 30),
        ended_at=at(24, 9, 44) + timedelta(seconds=20),
        facilitator="carla",
        order=["ana", "bruno", "carla"],
        spoke=[Spoke("ana", 95), Spoke("bruno", 150), Spoke("carla", 61)],
        absent=["dora"],
        parked=["Pricing *page* copy", "- the 2019 format"],
        raised=["Q3", "B2", "Q99"],
        decisions=[
            Decision("Q2", "answered", "ana"),
            Decision("Q3", "answered", "ana"),
            Decision("Q4", "parked", "ana"),
            Decision("Q6", "delegated", "bruno"),
        ],
    )
    checkin = Checkin(
        who="carla", date="2026-11-24", at=at(24, 9, 20), yesterday="Fonts", today="Export"
    )
    with store.transaction() as tx:
        tx.insert("standups", standup.to_doc(), tx.next_id("S"))
        tx.insert("checkins", checkin.to_doc(), tx.next_id("C"))
        tx.insert("team", Team(speaker_seconds=90, repos=["/srv/git/app"]).to_doc(), 1)
    assert datetime.fromisoformat(NOW) > at(24, 17)  # Q1 has fallen back by NOW
    return store


_SEEDED: list[bytes] = []


def seeded_copy(path: Path) -> Store:
    """A copy of the seeded board at ``path``: built once per test run (it takes some
    twenty transactions), then copied."""
    if not _SEEDED:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            board = Path(folder) / "board.json"
            seed(board)
            _SEEDED.append(board.read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_SEEDED[0])
    return Store(path)
