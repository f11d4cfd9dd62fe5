"""The board's first frame styles each widget once: Textual styles a widget as it mounts
and, by default, the whole screen again when it is first shown; the board skips that
second pass (:meth:`BoardScreen._on_screen_resume`). Here, for each kind of board (wide
and narrow, the PM's, a damaged file, a read-only one), the styles after the first
frame are exactly what a full restyle gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from standup.store import Store
from standup.ui.screens.board import BoardScreen

from .conftest import settled


def styles(screen: BoardScreen) -> dict[str, dict[str, object]]:
    """Every node's styles from the stylesheet, by its place on the screen."""
    return {
        f"{n}:{type(node).__name__}#{node.id}": dict(node._css_styles.get_rules())
        for n, node in enumerate(screen.walk_children(with_self=True))
    }


@pytest.mark.parametrize(
    ("size", "user", "options"),
    [
        ((160, 48), "carla", {}),
        ((80, 24), "carla", {}),
        ((120, 40), "bruno", {}),
        ((100, 30), "carla", {"read_only": True}),
    ],
)
async def test_the_first_frame_is_styled_as_a_full_restyle_would(
    seeded: Store, make_app, size, user, options
) -> None:  # noqa: ANN001
    app = make_app(seeded, user=user, **options)
    applied: list[object] = []
    apply = app.stylesheet.apply

    def counted(node, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        applied.append(node)
        return apply(node, *args, **kwargs)

    app.stylesheet.apply = counted  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await settled(pilot, app.screen)
        screen = app.board_screen
        assert isinstance(screen, BoardScreen) and app.screen is screen
        # styled once each: the boxes that nothing restyles (no focus, no class change)
        for node in (screen, *screen.query("Area"), screen.query_one("#header")):
            assert applied.count(node) == 1, node
        first = styles(screen)
        app.update_styles(screen)  # what Textual would have done on the first show
        await settled(pilot, screen)
        assert styles(screen) == first


async def test_a_damaged_file_is_styled_as_a_full_restyle_would(board_path: Path, make_app) -> None:  # noqa: ANN001
    board_path.parent.mkdir(parents=True)
    board_path.write_bytes(b"not json at all")
    app = make_app(Store(board_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, app.screen)
        screen = app.board_screen
        assert screen.has_class("-broken")
        first = styles(screen)
        app.update_styles(screen)
        await settled(pilot, screen)
        assert styles(screen) == first
