"""``standup --demo``: a sample team on a temporary board, so a newcomer sees the point in
five seconds — the PM away with a delegate, questions with fallbacks (one already
assumed, one overdue one-way door), an aged blocker, pinned notes.

Built only with :mod:`standup.ops`, at moments in the past, exactly as a team would have
typed it; the person running the demo joins as themselves.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from standup import ops
from standup.clock import system_zone_name
from standup.store import Store


def build_demo(store: Store, you: ops.Actor, now: datetime) -> None:
    tz = system_zone_name()
    ana, bruno, carla, dev = (
        ops.Actor(login, you.os_login) for login in ("ana", "bruno", "carla", "dev")
    )
    ago = lambda hours: now - timedelta(hours=hours)  # noqa: E731 - reads as prose below

    ops.add_person(store, ana, "bruno", name="Bruno Costa", role="lead", tz=tz, now=ago(400))
    ops.add_person(
        store, ana, "ana", name="Ana Silva", role="pm", tz=tz, delegate="bruno", now=ago(400)
    )
    ops.add_person(store, ana, "carla", name="Carla Diaz", role="design", tz=tz, now=ago(400))
    ops.add_person(store, ana, "dev", name="Dev Patel", role="eng", tz=tz, now=ago(400))
    if you.login not in ("ana", "bruno", "carla", "dev"):
        ops.add_person(store, you, you.login, name=you.login, role="eng", tz=tz, now=ago(400))

    ops.add_note(store, ana, "Goal this sprint: CSV export for the finance team", now=ago(300))
    ops.add_note(store, ana, "Users say onboarding takes too long — keep it short", now=ago(200))

    ops.away(store, ana, until="in 30 hours", delegate="bruno", note="at the customer", now=ago(2))
    ops.ask(
        store,
        carla,
        "Do we show prices with or without VAT on the export?",
        by="in 3 hours",
        fallback="without VAT, as on the invoice",
        now=ago(26),
    )  # its deadline has passed: assumed, waiting for Ana's review
    overdue = ops.ask(
        store,
        dev,
        "Can we drop support for the 2019 file format?",
        by="in 2 hours",
        one_way=True,
        now=ago(5),
    )  # a one-way door: never falls back, overdue now
    ops.block(
        store,
        dev,
        "Payment sandbox access",
        on="the bank's API team",
        note="ticket opened Monday",
        now=ago(80),
    )
    ops.block(store, dev, "Export of old files", on=overdue.record.key, now=ago(4))
    ops.ask(
        store,
        you,
        "Which export format do we ship first: CSV or PDF?",
        by="in 2 days",
        fallback="CSV first, PDF next sprint",
        now=ago(1),
    )
    ops.ask(store, dev, "Is the new logo final?", to="carla", now=ago(0.5))
