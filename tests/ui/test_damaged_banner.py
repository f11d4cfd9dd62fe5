"""The board with a damaged record: the rest shows as usual, the banner names it."""

from __future__ import annotations

from standup.store import Store
from tests.ui.conftest import loaded, wait_for

DAMAGED_QUESTION = b'"9":{"text":"Hm?","asked_by":"ana","asked_at":"x","status":"pondering"}'
DAMAGED_ITEM = b'"\xc2\xb2":{"title":"Stuck","owner":"carla","since":"2026-11-25T08:00:00"}'


def _damage(store: Store) -> bytes:
    good = store.path.read_bytes()
    raw = good.replace(b'"questions":{', b'"questions":{' + DAMAGED_QUESTION + b",", 1)
    raw = raw.replace(b'"blocked":{', b'"blocked":{' + DAMAGED_ITEM + b",", 1)
    store.path.write_bytes(raw)
    return good


async def test_the_banner_names_damaged_records_over_the_rest_of_the_board(
    seeded: Store,
    make_app,  # noqa: ANN001
) -> None:
    good = _damage(seeded)
    damaged = seeded.path.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        banner = app.board_screen.query_one("#problem")
        assert banner.has_class("-shown")
        text = str(banner.render())
        assert "Q9" in text and "damaged" in text and "(and 1 more)" in text
        assert not app.board_screen.has_class("-broken")
        # the rest of the board is there: the seeded open questions and blocked items
        assert [s.q.key for s in app.view.open_questions] == ["Q1", "Q2"]
        assert [s.item.key for s in app.view.blocked_items] == ["B1", "B2"]
        assert {d.key for d in app.view.board.damaged} == {"9", "²"}
        seeded.path.write_bytes(good)  # someone fixes the file: the banner goes
        await wait_for(pilot, lambda: not banner.has_class("-shown"))
        assert app.view.board.damaged == ()
    assert seeded.path.read_bytes() == good
    assert damaged != good
