"""``Store.read(lazy=True)``: the same board as ``read()``, documents decoded on demand."""

from __future__ import annotations

from pathlib import Path

from standup.store import SCHEMA, Store


def _seed(store: Store) -> None:
    with store.transaction() as tx:
        for n, status in enumerate(["answered", "open", "answered", "open"], start=1):
            tx.insert("questions", {"text": f"q{n}", "status": status}, tx.next_id("Q"))
        tx.insert("questions", {"text": "q5", "status": "answered", "reviewed": False}, 5)
        tx.insert("blocked", {"title": "b1", "status": "blocked", "on": "Q3"}, tx.next_id("B"))
        tx.insert("people", {"login": "ana", "name": "Ana"})


def test_lazy_read_is_the_same_board(db: Path) -> None:
    store = Store(db)
    _seed(store)
    eager, lazy = store.read(), store.read(lazy=True)
    assert lazy.signature == eager.signature
    assert lazy.revision == eager.revision and lazy.meta == eager.meta
    for name in ("people", "questions", "blocked", "notes", "absences"):
        assert lazy.table(name) == eager.table(name)
        assert list(lazy.table(name)) == list(eager.table(name))  # id order


def test_heads_and_picked_documents(db: Path) -> None:
    store = Store(db)
    _seed(store)
    lazy = store.read(lazy=True)
    heads = lazy.heads("questions")
    assert {k: h.status for k, h in heads.items()}["2"] == "open"
    assert heads["5"].reviewed is False and heads["1"].reviewed is None
    assert lazy.heads("blocked")["1"].on == "Q3"
    picked = lazy.docs("questions", ["4", "2"])
    assert list(picked) == [2, 4]
    assert picked[4] == store.read().table("questions")[4]


def test_lazy_read_of_a_new_board(db: Path) -> None:
    lazy = Store(db).read(lazy=True)
    assert lazy.table("questions") == {} and lazy.heads("questions") == {}
    assert lazy.meta["schema"] == SCHEMA
    assert not db.exists()
