"""The board reads a slice of the file (open records and what they depend on); the views
built on the slice and on the whole file must agree on everything the board shows."""

from __future__ import annotations

from datetime import timedelta

from standup import ops
from standup.board import Board
from standup.store import Store
from standup.ui.demo import build_demo
from standup.ui.state import Watch, load
from standup.ui.widgets.foryou import to_review, unblocked_by
from standup.view import BoardView
from tests.ui.conftest import NOW, TZ, actor, hours_ago, seed_team


def full_view(store: Store, now=NOW, login: str = "carla") -> BoardView:  # noqa: ANN001
    snapshot = store.read()
    board = Board.load(snapshot, snapshot.revision)
    return BoardView(board, now, board.zone_of(login))


def shown(view: BoardView, login: str = "carla") -> tuple:
    """What the board shows ``login``: the open lists, the people, the count of reviews
    waiting for the PM, and ``login``'s own reviews (For you) with what they unblocked."""
    pm = view.pm.login if view.pm else None
    return (
        [(s.q.key, s.status, s.ask_now, s.overdue, s.blocks) for s in view.open_questions],
        [(s.item.key, s.status, s.age_seconds) for s in view.blocked_items],
        [(p.login, p.status.status) for p in view.people],
        {who: view.review_count(who) for who in (pm, "ana", "bruno", "carla") if who},
        [(s.q.key, s.status, s.blocks) for s in to_review(view, login)],
        [(s.q.key, [i.item.key for i in unblocked_by(s, view)]) for s in to_review(view, login)],
        list(view.board.notes),
    )


def test_the_slice_shows_what_the_whole_file_shows(seeded: Store) -> None:
    ana, bruno, carla = actor("ana"), actor("bruno"), actor("carla")
    for n in range(30):  # closed history
        q = ops.ask(seeded, carla, f"old {n}", now=hours_ago(300 - n)).record
        ops.answer(seeded, ana if n % 2 else bruno, q.key, "done", now=hours_ago(299 - n))
    item = ops.block(seeded, carla, "old item", now=hours_ago(200)).record
    ops.unblock(seeded, carla, item.key, now=hours_ago(190))
    ops.ask(seeded, carla, "falls back soon", by="in 2 hours", fallback="go", now=hours_ago(1))
    ops.block(seeded, bruno, "waits on Q33", on="Q33", now=hours_ago(0.5))
    for now in (NOW, NOW + timedelta(hours=3), NOW + timedelta(days=2)):
        sliced = load(seeded, now, "carla").view
        assert shown(sliced) == shown(full_view(seeded, now))
        assert len(sliced.board.questions) < len(full_view(seeded, now).board.questions)


def test_items_on_settled_answers_are_not_decoded(seeded: Store) -> None:
    # Stored-blocked items on an answered and reviewed question read unblocked at any
    # moment: the slice leaves them out. Those on an answer still to review stay (For
    # you lists what the answer moved on).
    ana, bruno, carla = actor("ana"), actor("bruno"), actor("carla")
    settled = ops.ask(seeded, carla, "settled?", to="ana", now=hours_ago(50)).record
    pending = ops.ask(seeded, carla, "pending?", to="ana", now=hours_ago(50)).record
    gone = ops.block(seeded, carla, "on settled", on=settled.key, now=hours_ago(49)).record
    kept = ops.block(seeded, carla, "on pending", on=pending.key, now=hours_ago(49)).record
    text = ops.block(seeded, carla, "on a text", on="the vendor", now=hours_ago(49)).record
    for q in (settled, pending):
        ops.answer(seeded, bruno, q.key, "yes", now=hours_ago(48))
    ops.review(seeded, ana, settled.key, "confirm", None, now=hours_ago(47))
    sliced = load(seeded, NOW, "ana").view
    assert shown(sliced, "ana") == shown(full_view(seeded, login="ana"), "ana")
    assert gone.id not in sliced.blocked and settled.id not in sliced.questions
    assert sliced.blocked[kept.id].status == "unblocked"
    assert sliced.questions[pending.id].blocks == (kept.id,)
    assert sliced.blocked[text.id].status == "blocked"
    assert full_view(seeded).blocked[gone.id].status == "unblocked"


def test_watched_records_stay_to_announce_their_closing(seeded: Store) -> None:
    before = load(seeded, NOW, "carla").view
    ops.answer(seeded, actor("bruno"), "Q1", "CSV", now=NOW)
    after = load(seeded, NOW, "carla", Watch.of(before)).view
    assert after.questions[1].status == "answered"
    assert after.blocked[1].status == "unblocked"


def test_the_demo_team_shows_the_point(store: Store) -> None:
    build_demo(store, actor("you"), NOW)
    view = full_view(store)
    pm = view.pm
    assert pm is not None and not pm.status.available and pm.status.delegate == "bruno"
    assert view.route(pm.login).login == "bruno"
    statuses = {s.status for s in view.questions.values()}
    assert "assumed" in statuses
    assert any(s.overdue for s in view.open_questions)
    assert all(s.q.fallback or not s.q.reversible for s in view.open_questions[:2])
    assert max(s.age_seconds for s in view.blocked_items) >= 3 * 86400
    assert len(view.board.notes) == 2
    assert "you" in view.board.people


def test_seed_is_what_the_snapshots_show(store: Store) -> None:
    seed_team(store)
    view = full_view(store)
    assert [s.q.key for s in view.open_questions] == ["Q1", "Q2"]


def test_the_next_change_by_the_clock(store: Store) -> None:
    """Needed-bys, office hours and absences each give the moment the board must reload."""
    ana, carla = actor("ana"), actor("carla")
    ops.add_person(store, ana, "ana", role="pm", tz=TZ, hours="mon-fri 09:00-18:00", now=NOW)
    ops.add_person(store, ana, "carla", role="eng", tz=TZ, now=NOW)  # no hours: any time
    assert load(store, NOW, "carla").changes_at == NOW.replace(hour=18)  # Ana's day ends
    ops.away(store, carla, start="14:00", until="15:30", now=NOW)
    assert load(store, NOW, "carla").changes_at == NOW.replace(hour=14)  # Carla leaves
    at_14 = NOW.replace(hour=14, minute=30)
    assert load(store, at_14, "carla").changes_at == NOW.replace(hour=15, minute=30)  # back
    ops.ask(store, carla, "Ship?", by="2026-11-25T10:00:05+00:00", fallback="yes", now=NOW)
    assert load(store, NOW, "carla").changes_at == NOW + timedelta(seconds=5)
    # at the needed-by itself the fallback is taken: the next change is later
    later = load(store, NOW + timedelta(seconds=5), "ana")  # hers to review: kept
    assert later.view.questions[1].status == "assumed"
    assert later.changes_at == NOW.replace(hour=14)


def test_no_change_ahead_is_none(store: Store) -> None:
    ops.add_person(store, actor("ana"), "ana", role="pm", tz=TZ, now=NOW)
    ops.ask(store, actor("ana"), "Someday?", now=NOW)
    assert load(store, NOW, "ana").changes_at is None


def test_a_closed_record_under_a_key_that_is_not_an_id_is_named(seeded: Store) -> None:
    """The slice keeps what it cannot read as an id, closed or not, as the full load does."""
    import json

    q = ops.ask(seeded, actor("carla"), "old", now=hours_ago(30)).record
    ops.answer(seeded, actor("ana"), q.key, "done", now=hours_ago(29))
    item = ops.block(seeded, actor("carla"), "old item", now=hours_ago(20)).record
    ops.unblock(seeded, actor("carla"), item.key, now=hours_ago(19))
    data = json.loads(seeded.path.read_bytes())
    for table, key in (("questions", "03"), ("questions", "²"), ("blocked", "07")):
        closed = data[table][str(q.id if table == "questions" else item.id)]
        data[table][key] = closed
    seeded.path.write_bytes(json.dumps(data).encode())
    sliced = load(seeded, NOW, "carla").view.board
    whole = full_view(seeded).board
    assert sorted(d.label for d in sliced.damaged) == sorted(d.label for d in whole.damaged)
    assert len(sliced.damaged) == 3


def test_reviews_for_someone_else_are_counted_not_decoded(seeded: Store) -> None:
    """Answers and assumptions that wait for another person's review are left out of
    the slice (with the items they unblocked) and counted; the reader's own stay, with
    what they unblocked (For you). An open question past its needed-by with a fallback
    reads assumed from its head alone."""
    bruno, carla = actor("bruno"), actor("carla")
    answered = ops.ask(seeded, carla, "answered for ana?", to="ana", now=hours_ago(50)).record
    ops.answer(seeded, bruno, answered.key, "yes", now=hours_ago(49))
    assumed = ops.ask(
        seeded, carla, "assumed for ana?", to="ana", by="in 1 hour", fallback="go",
        now=hours_ago(40),
    ).record  # fmt: skip
    mine = ops.ask(
        seeded, bruno, "assumed for carla?", to="carla", by="in 1 hour", fallback="go",
        now=hours_ago(40),
    ).record  # fmt: skip
    later = ops.ask(
        seeded, carla, "falls back later", to="ana", by="in 3 hours", fallback="go",
        now=hours_ago(1),
    ).record  # fmt: skip
    on_assumed = ops.block(seeded, carla, "on assumed", on=assumed.key, now=hours_ago(39.5)).record
    on_mine = ops.block(seeded, carla, "on mine", on=mine.key, now=hours_ago(39.5)).record
    for login in ("carla", "ana", "bruno"):
        for now in (NOW, NOW + timedelta(hours=3), NOW + timedelta(days=2)):
            sliced = load(seeded, now, login).view
            assert shown(sliced, login) == shown(full_view(seeded, now, login), login)
    sliced = load(seeded, NOW, "carla").view
    assert answered.id not in sliced.questions and assumed.id not in sliced.questions
    assert on_assumed.id not in sliced.blocked
    assert sliced.elsewhere == {"ana": 2}
    assert sliced.review_count("ana") == full_view(seeded).review_count("ana") == 2
    assert sliced.questions[mine.id].status == "assumed"
    assert sliced.questions[mine.id].blocks == (on_mine.id,)
    assert sliced.questions[later.id].status == "open"
    # the PM reads them all: the briefing lists them
    as_ana = load(seeded, NOW, "ana").view
    assert {answered.id, assumed.id} <= set(as_ana.questions)
    assert as_ana.elsewhere == {"carla": 1} and mine.id not in as_ana.questions
    # a question whose head cannot be read as standup writes it is decoded and named
    import json

    data = json.loads(seeded.path.read_bytes())
    data["questions"][str(assumed.id)]["needed_by"] = "yesterday"
    seeded.path.write_bytes(json.dumps(data).encode())
    sliced = load(seeded, NOW, "carla").view
    assert [d.key for d in sliced.board.damaged] == [str(assumed.id)]
    assert sliced.elsewhere == {"ana": 1}


def test_a_few_of_the_readers_own_reviews_are_read_the_rest_counted(seeded: Store) -> None:
    """A PM back after months has hundreds of answers to review: the board's read takes
    the first few of each kind (asked of them, asked of the team) in the order For you
    lists them, and counts the rest; the briefing's read (``reviews=None``) takes all."""
    from standup.ui.state import FEW
    from standup.ui.widgets.foryou import TALL_LINES, not_read

    assert FEW >= TALL_LINES  # For you never has a line it cannot make
    ana, bruno, carla = actor("ana"), actor("bruno"), actor("carla")
    for n in range(FEW + 4):
        for to in ("ana", None, "carla"):
            asker, answerer = (bruno, ana) if to == "carla" else (carla, bruno)
            q = ops.ask(seeded, asker, f"{to} {n}", to=to, now=hours_ago(90 - n)).record
            ops.block(seeded, asker, f"on {q.key}", on=q.key, now=hours_ago(89.5 - n))
            ops.answer(seeded, answerer, q.key, f"yes {n}", now=hours_ago(89 - n))
    import json  # asked of the whole team: as asked when the team had no PM yet

    data = json.loads(seeded.path.read_bytes())
    for doc in data["questions"].values():
        if doc["text"].startswith("None "):
            doc["to"] = None
    seeded.path.write_bytes(json.dumps(data).encode())
    for login in ("ana", "carla", "bruno"):
        whole = full_view(seeded, NOW, login)
        sliced = load(seeded, NOW, login).view
        mine, all_mine = to_review(sliced, login), to_review(whole, login)
        assert [s.q.key for s in mine][:FEW] == [s.q.key for s in all_mine][:FEW]
        assert [(s.q.key, [i.item.key for i in unblocked_by(s, sliced)]) for s in mine] == [
            (s.q.key, [i.item.key for i in unblocked_by(s, whole)]) for s in all_mine[: len(mine)]
        ]
        assert len(mine) + not_read(sliced, login) == len(all_mine)
        assert {w: sliced.review_count(w) for w in ("ana", "bruno", "carla")} == {
            w: whole.review_count(w) for w in ("ana", "bruno", "carla")
        }
        assert shown(load(seeded, NOW, login, reviews=None).view, login) == shown(whole, login)
    as_ana = load(seeded, NOW, "ana").view
    assert len(to_review(as_ana, "ana")) == 2 * FEW  # of her own, and of the team's
    assert not_read(as_ana, "ana") == 8 and as_ana.elsewhere == {"ana": 4, "": 4, "carla": 10}
    assert sum(1 for i in as_ana.blocked.values() if i.status == "unblocked") == 2 * FEW
