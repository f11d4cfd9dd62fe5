"""The board's parsed CSS, kept between starts, as Python keeps bytecode.

Textual parses every style sheet at every start: its own widgets' default CSS, the
board's ``board.tcss`` and the defaults of the widgets on it — ~9 KB of CSS and ~7 ms of
the ~60 ms from ``App.__init__`` to the board's first frame, where the same CSS always
gives the same rules; and it tokenizes the theme's ~150 variables (~1 ms), which every
``$variable`` in a style needs. :class:`CachedStylesheet` takes both from the last start's
file instead (~1 ms to unpickle) and parses only what is not there; once the board is up,
:meth:`CachedStylesheet.save` writes the file again if anything was parsed.

The file is a cache: any problem reading or writing it means the CSS is parsed, as
before, and nothing is said. It is only used when it was made for the same CSS (every
sheet is its own key, text and all), the same theme variables, the same Python, and the
same Textual install (the size and time of the files that define parsed rules: an
upgrade changes them). It is unpickled, which runs code, so it is trusted only as
bytecode is: a regular file (never a link), owned by this user, in a directory that
only this user can write to.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet
from textual.css.tokenize import tokenize_values
from textual.css.tokenizer import Token

from standup import files
from standup.errors import StoreError

FORMAT = 2
NAME = "textual-css.pickle"
# Where parsed rules come from: when one of these files changes, cached rules may not
# be what this Textual would parse, or not even load.
_PARSER_MODULES = (
    "textual",
    "textual.css.model",
    "textual.css.parse",
    "textual.css.styles",
    "textual.css._styles_builder",
    "textual.css.types",
    "textual.color",
)

Key = tuple[str, CSSLocation, bool, int, str]  # Stylesheet._parse_rules' own cache key
Tokens = dict[str, list[Token]]  # the theme's variables, tokenized


def stamp(variables: dict[str, str]) -> tuple[Any, ...]:
    """What a cache file must have been made under for its rules to be used now."""
    files = []
    for name in _PARSER_MODULES:
        path = getattr(sys.modules.get(name), "__file__", None)
        try:
            st = os.stat(path) if path else None
        except OSError:
            st = None
        files.append((name, st.st_size, st.st_mtime_ns) if st else (name, None, None))
    return (FORMAT, sys.version, tuple(files), dict(variables))


def trusted(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(path: str, wanted: tuple[Any, ...]) -> tuple[dict[Key, list[RuleSet]], Tokens | None]:
    """The rules and variable tokens kept in ``path`` if it was made under ``wanted``;
    else nothing. Opened as the board is (:func:`standup.files.open_regular`: no link,
    no FIFO, a regular file), and trusted only if this user alone could have written it."""
    nothing: tuple[dict[Key, list[RuleSet]], Tokens | None] = ({}, None)
    try:
        if not trusted(os.stat(os.path.dirname(path) or ".")):
            return nothing
        fd = files.open_regular(path, "the CSS cache")
    except (OSError, StoreError):
        return nothing
    if fd is None:
        return nothing
    try:
        st = os.fstat(fd)
        if not trusted(st):
            return nothing
        made, rules, tokens = pickle.loads(files.read_all(fd, st.st_size))
        if made != wanted or not isinstance(rules, dict) or not isinstance(tokens, dict):
            return nothing
        return rules, tokens
    except Exception:  # noqa: BLE001 - a cache that cannot be read is no cache
        return nothing
    finally:
        os.close(fd)


def save(path: str, made: tuple[Any, ...], rules: dict[Key, list[RuleSet]], tokens: Tokens) -> bool:
    """Write ``rules`` and ``tokens`` to ``path`` whole, readable by this user only
    (:func:`standup.files.replace_atomically`); False when that could not be done."""
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not trusted(os.stat(folder)):
            return False
        payload = pickle.dumps((made, rules, tokens), protocol=pickle.HIGHEST_PROTOCOL)
        files.replace_atomically(f"{path}.{os.getpid()}.tmp", path, payload, mode=0o600, gid=-1)
    except Exception:  # noqa: BLE001 - rules that cannot be pickled are parsed next time
        return False
    return True


class Kept:
    """What a start has of the file, for one set of variables: the stamp it was read
    under, the rules and tokens read (or made since), the sheets used so far, and
    whether anything had to be parsed (then the file is worth writing again)."""

    __slots__ = ("made", "parsed", "rules", "tokens", "used")

    def __init__(self) -> None:
        self.made: tuple[Any, ...] | None = None
        self.rules: dict[Key, list[RuleSet]] = {}
        self.tokens: Tokens | None = None
        self.used: dict[Key, list[RuleSet]] = {}
        self.parsed = False


class CachedStylesheet(Stylesheet):
    """A stylesheet whose sheets and variables are parsed once, not at every start (see
    the module)."""

    def __init__(self, *, variables: dict[str, str], path: str) -> None:
        super().__init__(variables=variables)
        self._cache_path = path
        self._kept = Kept()
        self._tokens: Tokens | None = None

    @classmethod
    def adopt(cls, sheet: Stylesheet, path: str) -> CachedStylesheet:
        """A cached stylesheet in place of ``sheet`` (an app's, before anything was added
        to it), with its variables."""
        return cls(variables=sheet._variables, path=path)

    def _current(self) -> Kept:
        """What the file has for these variables (read at the first need of it)."""
        kept = self._kept
        if kept.made is None:
            kept.made = stamp(self._variables)
            kept.rules, kept.tokens = load(self._cache_path, kept.made)
        return kept

    @property
    def _variable_tokens(self) -> Tokens:
        """The variables as CSS tokens, which every ``$variable`` in a style needs:
        ~1 ms to make from the ~150 variables of a theme, so kept too."""
        if self._tokens is None:
            kept = self._current()
            if kept.tokens is None:
                kept.tokens = tokenize_values(self._variables)
                kept.parsed = True
            self._tokens = kept.tokens
        return self._tokens

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        kept = self._current()
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = kept.rules.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                kept.parsed = True
        kept.used[key] = rules
        return rules

    def reparse(self) -> None:
        """As Textual's (every sheet parsed again into a new stylesheet, so that an
        error leaves this one as it was), with the new one taking its rules from here:
        a theme whose darkness differs from Textual's default is set this way at start
        (see :func:`standup.ui.themes.first_theme`), and a screen that brings its own
        CSS (a dialog) reparses everything when it first opens."""
        sheet = CachedStylesheet(variables=self._variables, path=self._cache_path)
        sheet._kept, sheet._tokens = self._kept, self._tokens
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            sheet.add_source(css, read_from=read_from, is_default_css=is_defaults,
                             tie_breaker=tie_breaker, scope=scope)  # fmt: skip
        try:
            sheet.parse()
        except Exception:
            self._invalid_css.update(sheet._invalid_css)
            raise
        self._rules = sheet.rules
        self._rules_map = None
        self.source = sheet.source
        self._require_parse = False

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._kept = Kept()  # other variables: other rules, other tokens
        self._tokens = None

    def save(self) -> bool:
        """Keep the rules parsed or used so far, and the variables' tokens, for the next
        start, if anything was parsed (a first start, a new theme, an upgrade); True when
        the file was written."""
        kept = self._kept
        if not kept.parsed or kept.made is None or kept.tokens is None:
            return False
        good = {k: v for k, v in kept.used.items() if not any(r.errors for r in v)}
        kept.parsed = False
        return save(self._cache_path, kept.made, good, kept.tokens)
