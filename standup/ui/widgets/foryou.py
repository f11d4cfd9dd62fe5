"""For you: what waits on the person at this board, at the top of it — questions they can
answer now (asked of them, or routed to them as a delegate), answers and assumptions they
must review, items blocked on them — and what is new in their inbox.

Derived from the :class:`BoardView` like every other box, and one cheap text widget: it
is hidden (``display: none``, not laid out) when nothing waits, so a board with nothing
for you paints exactly as before. It shows at most :data:`MAX_LINES` lines
(:data:`TALL_LINES` on a tall screen: chosen whenever it is drawn — each reload, at least
once a minute — and when its width changes); the rest are counted on the last one.

The inbox hook: "new since you last looked" comes from ``standup.events.inbox`` (built
by the log's own change). Whoever computes it hands this widget its lines with
:meth:`ForYouSection.show_news` (plain strings, shown literally after the lines that wait
on you); nothing else here needs to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from textual.content import Content

from standup.model import ANSWERED, UNBLOCKED
from standup.render import who
from standup.ui import safe
from standup.ui.look import OVERDUE, first_name, short_time
from standup.ui.widgets.sections import TextSection
from standup.view import WHOLE_TEAM, BoardView, ItemState, QuestionState

MAX_LINES = 3  # lines of the box (its title is on the border): it must leave the board room
TALL_LINES, TALL = 6, 36  # on a screen of TALL rows or more, the box takes up to TALL_LINES
SEP = (" · ", "$standup-muted")


def to_review(view: BoardView, me: str) -> list[QuestionState]:
    """Answers by others and assumptions that ``me`` reviews: those of questions asked of
    them, and for the team's PM those asked of the whole team too (``standup review``
    lets anyone review those; the board puts them before the PM only)."""
    pm = view.pm
    is_pm = pm is not None and pm.login == me
    return [s for s in view.unreviewed(me) if s.q.to == me or (s.q.to is None and is_pm)]


def not_read(view: BoardView, me: str) -> int:
    """How many of ``me``'s reviews the board's read left out (see
    :class:`standup.ui.state.Slice`): counted on For you, listed by the briefing."""
    pm = view.pm
    team = view.elsewhere.get(WHOLE_TEAM, 0) if pm is not None and pm.login == me else 0
    return view.elsewhere.get(me, 0) + team


def to_answer(view: BoardView, me: str) -> list[QuestionState]:
    """Open questions whose "ask now" is ``me`` (asked of them, or routed to them as a
    delegate), overdue ones first."""
    mine = [s for s in view.open_questions if s.ask_now == me]
    return sorted(mine, key=lambda s: not s.overdue)  # stable: oldest first within each


def blocked_on(view: BoardView, me: str) -> list[ItemState]:
    """Blocked items that wait on ``me`` in person."""
    return [s for s in view.blocked_items if s.item.on_kind == "person" and s.item.on == me]


def unblocked_by(s: QuestionState, view: BoardView) -> list[ItemState]:
    """The items that moved on ``s``'s answer (or assumption)."""
    return [
        view.blocked[b]
        for b in s.blocks
        if b in view.blocked and view.blocked[b].status == UNBLOCKED
    ]


def answer_line(s: QuestionState, view: BoardView, me: str) -> Content:
    q = s.q
    parts: list[safe.Part] = [(q.key, "bold $standup-id"), SEP, ("answer", "bold")]
    if q.to and q.to != me:
        parts.append(f" for {who(view, q.to)} (you decide for them now)")
    if s.overdue:
        parts += [SEP, (OVERDUE, "bold $standup-overdue")]
    elif q.needed_by is not None:
        parts += [SEP, (f"by {short_time(q.needed_by, view.now, view.tz)}", "$standup-due")]
    parts += [SEP, safe.line(q.text)]
    return safe.join(*parts)


def review_line(s: QuestionState, view: BoardView) -> Content:
    decided = f"{who(view, s.answered_by)} answered" if s.status == ANSWERED else "fallback taken"
    return safe.join(
        (s.q.key, "bold $standup-id"),
        SEP,
        ("review", "bold"),
        SEP,
        f"{decided}: ",
        safe.line(s.answer, "italic"),
        SEP,
        safe.line(s.q.text),
    )


def blocked_line(s: ItemState, view: BoardView, me: str) -> Content:
    return safe.join(
        (s.item.key, "bold $standup-id"),
        SEP,
        ("waits on you", "bold"),
        SEP,
        f"{first_name(view, s.item.owner, me)}: ",
        safe.line(s.item.title),
    )


Line = Callable[[], Content]  # a line of the box, made only if it is shown


def for_you(view: BoardView, me: str, news: Iterable[str] = ()) -> list[Line]:
    """Every line of the box, most pressing first; no lines: nothing for ``me``.

    Each is made only when shown (:func:`fitted`): a PM back after a long time away has
    hundreds of answers and assumptions to review, the box shows a few, and making a
    line costs ~40 µs (all of them was ~30 ms of the first frame on a board of years).
    """
    lines: list[Line] = [partial(answer_line, s, view, me) for s in to_answer(view, me)]
    reviews = to_review(view, me)
    if reviews:
        hint = Content.styled(f" ({'v reviews them' if len(reviews) > 1 else 'v reviews it'})",
                              "$standup-muted")  # fmt: skip
        lines += [partial(_review, s, view, hint) for s in reviews]
    lines += [partial(blocked_line, s, view, me) for s in blocked_on(view, me)]
    lines += [partial(safe.join, ("new", "bold"), SEP, safe.line(n)) for n in news]
    return lines


def _review(s: QuestionState, view: BoardView, hint: Content) -> Content:
    return review_line(s, view).append(hint)


def fitted(lines: Sequence[Line], room: int = MAX_LINES, more: int = 0) -> list[Content]:
    """At most ``room`` lines, made; when there are more, the last one counts the rest.
    ``more``: lines after ``lines`` that cannot be made (reviews the board did not read,
    see :func:`not_read`: there are then more than ``room`` before them), only counted."""
    if len(lines) + more <= room:
        return [make() for make in lines]
    rest = len(lines) + more - room + 1
    shown = [make() for make in lines[: room - 1]]
    return [*shown, Content.styled(f"… and {rest} more", "$standup-muted")]


class ForYouSection(TextSection):
    """The For-you box: shown only when something waits on you (the ``-shown`` class)."""

    BORDER_TITLE = "For you"

    def __init__(self, me: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.me = me
        self.news: tuple[str, ...] = ()
        self.count = 0  # lines waiting on you (and news), shown or counted
        self._room = MAX_LINES  # lines it had room for when last drawn

    def show_news(self, news: Iterable[str]) -> None:
        """The inbox's lines: what is new since this person last looked (one line each)."""
        self.news = tuple(news)
        if self.view is not None:
            self.render_view(self.view)

    def render_view(self, view: BoardView) -> None:
        lines, more = for_you(view, self.me, self.news), not_read(view, self.me)
        self.count = len(lines) + more
        self.set_class(bool(lines), "-shown")
        if lines:
            self.border_title = Content(f"For you ({self.count})")
            self._room = self.room()
            self.update(Content("\n").join(fitted(lines, self._room, more)))

    def room(self) -> int:
        return TALL_LINES if self.app.size.height >= TALL else MAX_LINES

    def on_resize(self) -> None:
        if self.view is not None and self.room() != self._room:  # the screen grew or shrank
            self.render_view(self.view)
