"""Property tests of the board's invariants over random sequences of operations, on a
real file: ids count from 1 and are never reused, every write lands, refused input
changes nothing, and what every reader derives agrees with what was done."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from standup import ops
from standup.board import Board
from standup.errors import BadInput
from standup.store import Store
from standup.view import BoardView

START = datetime(2026, 11, 25, 10, tzinfo=UTC)
ANA = ops.Actor("ana", "ana")

texts = st.text(min_size=0, max_size=12)
operation = st.one_of(
    st.tuples(st.just("ask"), texts, st.booleans()),
    st.tuples(st.just("answer"), st.integers(0, 8), texts),
    st.tuples(st.just("withdraw"), st.integers(0, 8)),
    st.tuples(st.just("block"), texts, st.integers(0, 8)),
    st.tuples(st.just("unblock"), st.integers(0, 8)),
    st.tuples(st.just("note"), texts),
)


def apply(store: Store, op: tuple, now: datetime) -> None:
    kind = op[0]
    if kind == "ask":
        ops.ask(store, ANA, op[1], by="in 1 hour" if op[2] else None, fallback="fb", now=now)
    elif kind == "answer":
        ops.answer(store, ANA, f"Q{op[1]}", op[2], now=now)
    elif kind == "withdraw":
        ops.withdraw(store, ANA, f"Q{op[1]}", now=now)
    elif kind == "block":
        ops.block(store, ANA, op[1], on=f"Q{op[2]}" if op[2] else None, now=now)
    elif kind == "unblock":
        ops.unblock(store, ANA, f"B{op[1]}", now=now)
    else:
        ops.add_note(store, ANA, op[1], now=now)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, max_size=25))
def test_random_operations_keep_the_invariants(operations: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "board.json")
        asked = blocked = 0
        for i, op in enumerate(operations):
            now = START + timedelta(minutes=17 * i)
            before = store.path.read_bytes() if store.path.exists() else None
            try:
                apply(store, op, now)
            except BadInput:
                after = store.path.read_bytes() if store.path.exists() else None
                assert after == before, f"refused {op} changed the file"
                continue
            asked += op[0] == "ask"
            blocked += op[0] == "block"
            snap = store.read()
            # ids count from 1, one per successful ask/block, none skipped or reused
            assert list(snap.table("questions")) == list(range(1, asked + 1))
            assert list(snap.table("blocked")) == list(range(1, blocked + 1))
            view = BoardView(Board.load(snap), now, UTC)
            for state in view.blocked.values():
                q = view.questions.get(state.item.on_question or 0)
                if q is not None and q.status in ("answered", "assumed"):
                    assert not state.is_blocked  # waits on nothing any more
                if state.is_blocked:
                    assert state.unblocked_at is None
            for state in view.questions.values():
                assert state.age_seconds >= 0
                assert (state.answer is None) == (state.status in ("open", "withdrawn"))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 5)
    | st.floats(allow_nan=False)
    | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("QBNx"), inner, max_size=3)
    ),
    max_leaves=6,
)
sound_or_not = st.integers(1, 9) | json_values
meta_records = st.one_of(
    json_values,  # anything at all where the record should be
    st.fixed_dictionaries(  # the record standup writes, fields missing or replaced
        {"schema": st.just(1) | st.just(1) | json_values},
        optional={
            "revision": st.integers(0, 9) | json_values,
            "next": st.dictionaries(st.sampled_from("QBNAS"), sound_or_not) | json_values,
        },
    ),
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(meta_records)
def test_any_bookkeeping_is_a_board_or_file_level_damage(meta: object) -> None:
    """Whatever ``meta`` holds, every reader and writer either works on a board whose
    revision and id counters are sound, or refuses the whole file and writes nothing."""
    import json

    from standup.errors import DamagedFile, NewerSchema

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "board.json"
        content = json.dumps({"questions": {"1": {"text": "q"}}, "meta": {"1": meta}}).encode()
        path.write_bytes(content)
        store = Store(path)
        try:
            snap = store.read()
        except (DamagedFile, NewerSchema) as exc:
            event(f"refused: {type(exc).__name__}")
            for lazy in (False, True):
                try:
                    store.read(lazy=lazy)
                except (DamagedFile, NewerSchema):
                    pass
                else:
                    raise AssertionError("readers disagree") from None
            try:
                with store.transaction() as tx:
                    tx.insert("questions", {"text": "x"}, tx.next_id("Q"))
            except (DamagedFile, NewerSchema):
                assert path.read_bytes() == content
                return
            raise AssertionError("a writer wrote a file its readers refuse") from None
        event("a board")
        assert path.read_bytes() == content  # a read never writes
        assert type(snap.revision) is int and snap.revision >= 0
        with store.transaction() as tx:
            n = tx.next_id("Q")
            tx.insert("questions", {"text": "x"}, n)
        assert n >= 2  # never the id already in the file
        after = store.read()
        assert after.revision == snap.revision + 1
        assert sorted(after.table("questions")) == [1, n]
