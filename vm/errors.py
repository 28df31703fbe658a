"""Source spans and the one hierarchy of Nix errors, rendered as CppNix renders them."""

from __future__ import annotations

import os
import re
import sys
from typing import Any, NamedTuple

from .suggestions import did_you_mean


class Source:
    """A piece of Nix source text and the name it is reported under."""

    __slots__ = ("path", "text", "_lines")

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._lines: list[str] | None = None

    @classmethod
    def read(cls, path: str) -> "Source":
        """The file at `path` (UTF-8; undecodable bytes kept as surrogates so they round-trip)."""
        with open(path, "rb") as f:
            data = f.read()
        return cls(path, data.decode("utf-8", "surrogateescape"))

    def line(self, number: int) -> str | None:
        """The text of 1-based line `number` (without its newline), or None past the end."""
        if self._lines is None:
            self._lines = self.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if 1 <= number <= len(self._lines):
            return self._lines[number - 1]
        return None

    @property
    def is_file(self) -> bool:
        """Whether the source is a file: `--expr` text, stdin and REPL input are named «...» and are not."""
        return not self.path.startswith("«")

    def __repr__(self) -> str:
        return f"Source({self.path!r})"


class Span:
    """A region of a `Source`: 1-based lines and columns, end exclusive (a value: equal by its fields)."""

    __slots__ = ("source", "line", "col", "end_line", "end_col")

    def __init__(self, source: Source, line: int, col: int, end_line: int, end_col: int) -> None:
        self.source = source
        self.line = line
        self.col = col
        self.end_line = end_line
        self.end_col = end_col

    def _key(self) -> tuple[Source, int, int, int, int]:
        return (self.source, self.line, self.col, self.end_line, self.end_col)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Span(source={self.source!r}, line={self.line!r}, col={self.col!r}, "
                f"end_line={self.end_line!r}, end_col={self.end_col!r})")

    @property
    def file(self) -> str:
        return self.source.path

    def __str__(self) -> str:
        return f"{self.source.path}:{self.line}:{self.col}"


PREFIX = "       "


def render_position(span: Span, indent: str = PREFIX, code_prefix: str = PREFIX) -> str:
    """The `at FILE:L:C:` line with CppNix's code excerpt and caret."""
    out = [f"{indent}at {span}:"]
    for number in (span.line - 1, span.line, span.line + 1):
        text = span.source.line(number)
        if text is None or number < 1:
            continue
        out.append(f"{code_prefix} {number:5d}| {text}".rstrip())
        if number == span.line:
            out.append(f"{code_prefix}      |{' ' * span.col}^")
    return "\n".join(out)


class Position(NamedTuple):
    """Where in Nix source something is: file name (or «string», «stdin», ...), 1-based line and column."""

    file: str
    line: int
    column: int

    @classmethod
    def of(cls, span: Span | None) -> Position | None:
        """The start of `span` (None for None)."""
        return None if span is None else cls(span.source.path, span.line, span.col)


class Frame:
    """One `… while doing X` line of an error trace, optionally with a position."""

    __slots__ = ("message", "span")

    def __init__(self, message: str, span: Span | None = None) -> None:
        self.message = message
        self.span = span

    @property
    def position(self) -> Position | None:
        """Where this step of the trace happened, if known."""
        return Position.of(self.span)

    def __repr__(self) -> str:
        return f"Frame(message={self.message!r}, span={self.span!r})"


DUPLICATES_SHOWN = 5
"""Repeated trace frames shown as they are before a run of them is summed up (CppNix's limit)."""


def _frame_block(frame: Frame) -> str:
    block = f"{PREFIX}… " + frame.message.replace("\n", "\n" + PREFIX + "  ")
    if frame.span is not None:
        block += "\n" + render_position(frame.span, PREFIX + "  ")
    return block + "\n"


def _flush_skipped(parts: list[str], skipped: list[Frame]) -> None:
    """Add the frames skipped as already shown: each, or one line counting them."""
    if len(skipped) > DUPLICATES_SHOWN:
        parts.append(f"{PREFIX}({len(skipped)} duplicate frames omitted)\n")
    else:
        parts.extend(_frame_block(frame) for frame in skipped)
    skipped.clear()


class NixError(Exception):
    """Any error raised while parsing or evaluating Nix code.

    `message` is CppNix's wording, `position` where it happened, `trace` the
    steps it travelled through (outermost first, as `--show-trace` prints
    them) and `suggestions` the names CppNix would offer ("Did you mean").
    `str(err)` is the error as CppNix prints it without `--show-trace`, its
    first line `error: <message>`; `err.render()` includes the trace.
    """

    catchable = False
    """Whether `builtins.tryEval` catches it (only `throw` and `assert` errors are)."""
    locate = True
    """Whether the scheduler should give it the position of the code it left (False: CppNix shows none)."""
    memoised = True
    """Whether a thunk whose evaluation failed with it keeps failing so (False: it is evaluated again)."""
    searched_tb = None  # type: Any
    """The traceback the scheduler last searched for a position (only the entries before it are new)."""

    suggestions: tuple[str, ...] = ()
    """Names close to a misspelt one, nearest first (shown as CppNix's "Did you mean ...?")."""

    def __init__(self, message: str, span: Span | None = None, frames: list[Frame] | None = None,
                 suggestions: tuple[str, ...] = ()) -> None:
        Exception.__init__(self, message)
        self.message = message
        self.span = span
        self.frames: list[Frame] = [] if frames is None else frames
        if suggestions:
            self.suggestions = suggestions

    @property
    def position(self) -> Position | None:
        """Where the error happened: its own position, else the innermost one its trace knows (or None)."""
        if self.span is not None:
            return Position.of(self.span)
        return next((f.position for f in self.frames if f.span is not None), None)

    @property
    def trace(self) -> list[Frame]:
        """The Nix trace: `… while ...` steps, outermost first, each with `message` and `position`."""
        return list(reversed(self.frames))

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(message={self.message!r}, span={self.span!r}, frames={self.frames!r})"

    def add_frame(self, message: str, span: Span | None = None) -> None:
        """Record that the error travelled through `message` (outermost frames are added last)."""
        self.frames.append(Frame(message, span))

    def render(self, show_trace: bool = True) -> str:
        """The full CppNix-style text: `error:`, the trace frames, then the message.

        Without the trace, an error that has no position of its own shows the
        innermost position its trace knows, so the user still learns where.
        """
        frames = list(reversed(self.frames)) if show_trace else []
        span = self.span
        if span is None and not show_trace:
            span = next((f.span for f in self.frames if f.span is not None), None)
        head = self._message_block(span)
        if not frames:
            return "error: " + head
        parts = ["error:"]
        # As CppNix: a frame already shown (same message, same position) is skipped; a run of more than
        # DUPLICATES_SHOWN skipped frames is one line saying how many, a shorter run is shown after all.
        seen: set[tuple[str, Position | None]] = set()
        skipped: list[Frame] = []
        for frame in frames:
            key = (frame.message, frame.position)
            if key in seen:
                skipped.append(frame)
                continue
            seen.add(key)
            _flush_skipped(parts, skipped)
            parts.append(_frame_block(frame))
        _flush_skipped(parts, skipped)
        parts.append(PREFIX + "error: " + head)
        return "\n".join(parts)

    def _message_block(self, span: Span | None) -> str:
        text = self.message.replace("\n", "\n" + PREFIX)  # continuation lines stand under the first, as in CppNix
        if span is not None:
            text += "\n" + render_position(span)
        if self.suggestions:
            text += "\n" + PREFIX + did_you_mean(self.suggestions)
        return text

    def __str__(self) -> str:
        return self.render(show_trace=False)


_SPECIAL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x1b\x07]*(?:\x07|\x1b\\?)?|[@-_]?)|[\t\r\x07]")
"""What CppNix's filterANSIEscapes treats specially: an escape sequence (CSI, OSC, or ESC and one
character), a tab, CR or BEL."""


def for_stderr(text: str) -> str:
    """`text` as CppNix's logger writes it to stderr (filterANSIEscapes): colours only when stderr is a
    terminal, other escape sequences, CR and BEL dropped, tabs expanded to the next multiple of 8 columns
    (counted from the start of the message, wide characters as 2)."""
    colours = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    out: list[str] = []
    width = 0
    pos = 0
    for m in _SPECIAL.finditer(text):
        plain = text[pos:m.start()]
        out.append(plain)
        width += _display_width(plain)
        special = m.group()
        if special == "\t":
            pad = 8 - width % 8
            out.append(" " * pad)
            width += pad
        elif special[0] == "\x1b" and colours and special.endswith("m") and special.startswith("\x1b["):
            out.append(special)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _display_width(text: str) -> int:
    """Terminal columns of `text`: wide characters count 2, controls and combining marks 0."""
    if text.isascii():
        return sum(1 for c in text if " " <= c < "\x7f")
    import unicodedata
    width = 0
    for c in text:
        if unicodedata.category(c) in ("Cc", "Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return width


def render_warning(message: str, span: Span | None) -> str:
    """A `warning: ...` message with its position, as CppNix prints warnings."""
    text = "warning: " + message
    if span is not None:
        text += "\n" + render_position(span, "         ", "         ")
    return text


class ParseError(NixError):
    """A syntax error, or a static error found before evaluation (duplicate attribute, undefined variable)."""


class EvalError(NixError):
    """An error during evaluation."""


class UndefinedVariableError(ParseError, EvalError):
    """A name no scope binds (CppNix's `UndefinedVarError`): found while compiling, or while evaluating
    when `with` scopes are searched; either way it is a `ParseError` and an `EvalError`."""


class TypeError_(EvalError):
    """A value had the wrong type for an operation."""


class ThrownError(EvalError):
    """`builtins.throw`: catchable by `tryEval`."""

    catchable = True


class AssertionError_(EvalError):
    """A failed `assert`: catchable by `tryEval`."""

    catchable = True


class AbortError(EvalError):
    """`builtins.abort`: not catchable."""


class InfiniteRecursion(EvalError):
    """A thunk was forced while it was being forced."""


class StackOverflow(EvalError):
    """The configured maximum call depth was exceeded."""

    memoised = False


class Cancelled(EvalError):
    """The evaluation was stopped by `Evaluator.cancel()`; the evaluator stays usable."""

    memoised = False


SOURCES: dict[str, Source] = {}
"""File name of compiled Nix code → its Source (compiled code uses the Nix file name as its own)."""


def span_from_traceback(exc: BaseException, upto: object = None) -> Span | None:
    """The Nix position of the innermost compiled-code frame the exception passed through.

    Only the traceback entries before `upto` (an earlier `exc.__traceback__`,
    already searched) are looked at: the chain grows at its head as the error
    travels outwards.
    """
    tb = exc.__traceback__
    found = None
    while tb is not None and tb is not upto:
        code = tb.tb_frame.f_code
        source = SOURCES.get(code.co_filename)
        if source is not None and tb.tb_lasti >= 0:
            found = (source, code, tb.tb_lasti)
        tb = tb.tb_next
    if found is None:
        return None
    return code_span(found[1], found[2])


def code_span(code: Any, lasti: int) -> Span | None:
    """The Nix position of instruction offset `lasti` in compiled Nix code (None for other code)."""
    source = SOURCES.get(code.co_filename)
    if source is None or lasti < 0:
        return None
    for i, pos in enumerate(code.co_positions()):
        if i == lasti // 2:
            line, end_line, col, end_col = pos
            if line is None or col is None:
                return None
            return Span(source, line, col + 1, end_line or line, (end_col or col) + 1)
    return None
