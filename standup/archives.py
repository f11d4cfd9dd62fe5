"""The board's yearly archives (``board.archive-2025.json`` beside the board).

:func:`read_all` is how every reader of history — ``list --all``, metrics, history,
exports — sees the board *and* its archives, as one snapshot in TinyDB's layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standup.store import Snapshot, Store


def read_all(store: Store) -> Snapshot:
    """The live board merged with its archives (records keep their ids; none is in
    two places). Until archives exist this is the live board."""
    return store.read()
