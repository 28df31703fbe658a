"""Regular expression builtins (match, split) with the semantics CppNix gets from `std::regex::extended`.

A POSIX extended regular expression is parsed as libstdc++ parses it (the
same syntax errors, no back-references, `\\` escaping only special
characters, `[:class:]` names of the C locale) and translated to a Python
`re` pattern over bytes, since Nix strings are bytes. Python's backtracking
finds the same submatches as libstdc++'s depth-first executor, except that
libstdc++ prefers the longest of the matches that alternatives (`|`) give
at one starting point; a search in a pattern with alternatives therefore
looks for a longer match. Compiled patterns are cached for the whole run.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, cast

from ..vm.errors import EvalError
from .core import force_string
from .arguments import checked, forced_checked, then_checked
from .registry import builtin
from .strings import force_plain_string, from_bytes, to_bytes

STATE_LIMIT = 100000
"""libstdc++'s `_GLIBCXX_REGEX_STATE_LIMIT`: larger automata are a `memory limit exceeded` error."""

_SPECIAL = b".[\\()*+?{|^$"


def _ranges(*spans: str) -> frozenset[int]:
    out: set[int] = set()
    for span in spans:
        lo, hi = (span[0], span[-1])
        out.update(range(ord(lo), ord(hi) + 1))
    return frozenset(out)


_DIGIT = _ranges("09")
_UPPER = _ranges("AZ")
_LOWER = _ranges("az")
_ALPHA = _UPPER | _LOWER
_ALNUM = _ALPHA | _DIGIT
_SPACE = _ranges(" ", "\t\r")
_GRAPH = _ranges("!~")
_CLASSES = {
    "alnum": _ALNUM, "alpha": _ALPHA, "blank": _ranges(" ", "\t"), "cntrl": _ranges("\x00\x1f", "\x7f"),
    "digit": _DIGIT, "d": _DIGIT, "graph": _GRAPH, "lower": _LOWER, "print": _GRAPH | {32},
    "punct": _GRAPH - _ALNUM, "space": _SPACE, "s": _SPACE, "upper": _UPPER,
    "xdigit": _DIGIT | _ranges("AF", "af"), "w": _ALNUM | {ord("_")},
}
"""The character classes libstdc++ knows, as the C locale defines them."""

_COLLATING_NAMES = dict((name, i) for i, name in enumerate((
    "NUL SOH STX ETX EOT ENQ ACK alert backspace tab newline vertical-tab form-feed carriage-return SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC IS4 IS3 IS2 IS1 space exclamation-mark quotation-mark "
    "number-sign dollar-sign percent-sign ampersand apostrophe left-parenthesis right-parenthesis asterisk "
    "plus-sign comma hyphen period slash zero one two three four five six seven eight nine colon semicolon "
    "less-than-sign equals-sign greater-than-sign question-mark commercial-at").split()))
_COLLATING_NAMES.update({"left-square-bracket": 91, "backslash": 92, "right-square-bracket": 93,
                         "circumflex": 94, "underscore": 95, "grave-accent": 96, "left-curly-bracket": 123,
                         "vertical-line": 124, "right-curly-bracket": 125, "tilde": 126, "DEL": 127})
"""POSIX names of collating elements (`[[.space.]]`), besides single characters."""


class _Invalid(Exception):
    """The pattern is not a valid extended regular expression."""


class _TooBig(Exception):
    """The pattern's automaton would exceed libstdc++'s state limit."""


# -- syntax tree: (kind, ...) tuples ----------------------------------------------
#   ("set", frozenset of bytes)   one byte from a set (a character, `.` or a bracket expression)
#   ("bol",) / ("eol",)           `^` / `$`
#   ("group", node)               a capturing group
#   ("alt", [node, ...])          alternatives
#   ("seq", [node, ...])          concatenation
#   ("rep", node, min, max|None)  repetition


_ANY = ("set", frozenset(range(1, 256)))  # `.` matches any byte but NUL


class _Parser:
    """A recursive-descent parser following libstdc++'s `_Compiler` for the extended grammar."""

    def __init__(self, pattern: bytes) -> None:
        self.p = pattern
        self.i = 0

    def peek(self) -> int | None:
        return self.p[self.i] if self.i < len(self.p) else None

    def parse(self) -> tuple:
        node = self.disjunction()
        if self.i != len(self.p):  # a `)` without `(`, or a misplaced quantifier
            raise _Invalid
        return node

    def disjunction(self) -> tuple:
        branches = [self.alternative()]
        while self.peek() == ord("|"):
            self.i += 1
            branches.append(self.alternative())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def alternative(self) -> tuple:
        items: list[tuple] = []
        while True:
            c = self.peek()
            if c is None or c in b"|)":
                return ("seq", items)
            if c in b"^$":
                self.i += 1
                items.append(("bol",) if c == ord("^") else ("eol",))
                continue
            atom = self.atom()
            if atom is None:  # a quantifier with nothing to repeat
                raise _Invalid
            while True:
                rep = self.quantifier()
                if rep is None:
                    break
                atom = ("rep", atom) + rep
            items.append(atom)

    def atom(self) -> tuple | None:
        c = self.peek()
        if c is None or c in b"*+?{":
            return None
        self.i += 1
        if c == ord("."):
            return _ANY
        if c == ord("\\"):
            escaped = self.peek()
            if escaped is None or escaped not in _SPECIAL:
                raise _Invalid
            self.i += 1
            return ("set", frozenset([escaped]))
        if c == ord("("):
            inner = self.disjunction()
            if self.peek() != ord(")"):
                raise _Invalid
            self.i += 1
            return ("group", inner)
        if c == ord("["):
            return self.bracket()
        return ("set", frozenset([c]))

    def quantifier(self) -> tuple[int, int | None] | None:
        c = self.peek()
        if c is None or c not in b"*+?{":
            return None
        self.i += 1
        if c == ord("*"):
            return 0, None
        if c == ord("+"):
            return 1, None
        if c == ord("?"):
            return 0, 1
        low = self.number()
        high: int | None = low
        if self.peek() == ord(","):
            self.i += 1
            high = self.number() if self.peek() is not None and chr(cast(int, self.peek())).isdigit() else None
        if self.peek() != ord("}"):
            raise _Invalid
        self.i += 1
        if high is not None and high < low:
            raise _Invalid
        return low, high

    def number(self) -> int:
        start = self.i
        while self.peek() is not None and ord("0") <= cast(int, self.peek()) <= ord("9"):
            self.i += 1
        if start == self.i:
            raise _Invalid
        return int(self.p[start:self.i])

    # -- bracket expressions --------------------------------------------------

    def bracket_token(self, at_start: bool) -> tuple[str, Any]:
        """The next token inside brackets: ("char", byte), ("dash",), ("end",) or a class-like token."""
        c = self.peek()
        if c is None:
            raise _Invalid
        self.i += 1
        if c == ord("-"):
            return ("dash", None)
        if c == ord("["):
            kind = self.peek()
            if kind is None:
                raise _Invalid
            if kind in b".:=":
                self.i += 1
                end = self.p.find(bytes([kind, ord("]")]), self.i)
                if end < 0:
                    raise _Invalid
                name = self.p[self.i:end]
                self.i = end + 2
                return ({ord("."): "collate", ord(":"): "class", ord("="): "equiv"}[kind], name)
            return ("char", c)
        if c == ord("]") and not at_start:
            return ("end", None)
        return ("char", c)

    def bracket(self) -> tuple:
        negate = self.peek() == ord("^")
        if negate:
            self.i += 1
        members: set[int] = set()
        last: int | None = None  # a character that may still start a range
        token = self.bracket_token(at_start=True)
        if token[0] in ("char", "dash"):  # a dash first is a plain character
            last = ord("-") if token[0] == "dash" else token[1]
            token = self.bracket_token(at_start=False)
        while token[0] != "end":
            kind, value = token
            if kind == "dash":
                token = self.bracket_token(at_start=False)
                if token[0] == "end":  # `-]`: a literal dash
                    if last is not None:
                        members.add(last)
                    last = ord("-")
                    break
                if last is None or token[0] not in ("char", "dash"):
                    raise _Invalid
                high = ord("-") if token[0] == "dash" else token[1]
                if high < last:
                    raise _Invalid
                members.update(range(last, high + 1))
                last = None
            else:
                if last is not None:
                    members.add(last)
                last = None
                if kind == "char":
                    last = value
                elif kind == "class":
                    cls = _CLASSES.get(value.decode("latin-1"))
                    if cls is None:
                        raise _Invalid
                    members |= cls
                else:  # a collating element or an equivalence class of one character
                    char = _collating_element(value)
                    if kind == "collate":
                        last = char
                    else:
                        members.add(char)
            token = self.bracket_token(at_start=False)
        if last is not None:
            members.add(last)
        if negate:
            members = set(range(1, 256)) - members
        return ("set", frozenset(members))


def _collating_element(name: bytes) -> int:
    if len(name) == 1:
        return name[0]
    code = _COLLATING_NAMES.get(name.decode("latin-1"))
    if code is None:
        raise _Invalid
    return code


# -- from the syntax tree to Python ---------------------------------------------


def _emit_set(members: frozenset[int]) -> bytes:
    if len(members) == 1:
        return re.escape(bytes(members))
    if not members:
        return b"[^\\x00-\\xff]"
    out = []
    run_start: int | None = None
    prev: int | None = None
    for b in sorted(members) + [None]:
        if prev is not None and b == prev + 1:
            prev = b
            continue
        if run_start is not None:
            out.append(b"\\x%02x" % run_start + (b"-\\x%02x" % cast(int, prev) if prev != run_start else b""))
        run_start = prev = b
    return b"[" + b"".join(out) + b"]"


def _emit(node: tuple, dollar: bytes) -> bytes:
    kind = node[0]
    if kind == "set":
        return _emit_set(node[1])
    if kind == "bol":
        return b"\\A"
    if kind == "eol":
        return dollar
    if kind == "group":
        return b"(" + _emit(node[1], dollar) + b")"
    if kind == "alt":
        return b"(?:" + b"|".join(_emit(n, dollar) for n in node[1]) + b")"
    if kind == "seq":
        return b"".join(_emit(n, dollar) for n in node[1])
    _, inner, low, high = node
    body = _emit(inner, dollar)
    if inner[0] == "rep":  # `a**` repeats `a*`; Python would read `a*+` and `a+?` differently
        body = b"(?:" + body + b")"
    if (low, high) == (0, None):
        return body + b"*"
    if (low, high) == (1, None):
        return body + b"+"
    if (low, high) == (0, 1):
        return body + b"?"
    return body + (b"{%d,}" % low if high is None else b"{%d,%d}" % (low, high))


def _max_width(node: tuple) -> int | None:
    """The most bytes `node` can match, or None if unbounded."""
    kind = node[0]
    if kind == "set":
        return 1
    if kind in ("bol", "eol"):
        return 0
    if kind == "group":
        return _max_width(node[1])
    if kind in ("alt", "seq"):
        widths = [_max_width(n) for n in node[1]]
        if None in widths:
            return None
        known = cast(list[int], widths)
        return (max(known) if kind == "alt" else sum(known)) if known else 0
    _, inner, _, high = node
    w = _max_width(inner)
    return None if high is None or w is None else w * high


def _states(node: tuple) -> int:
    """About how many states libstdc++'s automaton for `node` has (repetitions copy their body)."""
    kind = node[0]
    if kind in ("set", "bol", "eol"):
        return 1
    if kind == "group":
        return _states(node[1]) + 2
    if kind == "alt":
        return sum(_states(n) for n in node[1]) + 2 * (len(node[1]) - 1)
    if kind == "seq":
        return sum(_states(n) for n in node[1]) or 1
    _, inner, low, high = node
    body = _states(inner)
    if (low, high) in ((0, None), (1, None)):
        return body + 1
    if (low, high) == (0, 1):
        return body + 2
    extra = body + 1 if high is None else (high - low) * (body + 1)
    return body + 1 + low * body + extra + 1


def _has_alternatives(node: tuple) -> bool:
    kind = node[0]
    if kind == "alt":
        return True
    if kind == "group" or kind == "rep":
        return _has_alternatives(node[1])
    if kind == "seq":
        return any(_has_alternatives(n) for n in node[1])
    return False


class Regex:
    """A compiled extended regular expression."""

    __slots__ = ("pattern", "before_end", "max_width")

    def __init__(self, pattern: re.Pattern[bytes], before_end: re.Pattern[bytes] | None, max_width: int | None) -> None:
        self.pattern = pattern
        self.before_end = before_end
        """For patterns with alternatives: the pattern with `$` never matching, to test matches ending early."""
        self.max_width = max_width

    def fullmatch(self, subject: bytes) -> re.Match[bytes] | None:
        """The match of the whole of `subject`, if any."""
        return self.pattern.fullmatch(subject)

    def matches(self, subject: bytes) -> Iterator[re.Match[bytes]]:
        """The successive matches in `subject`, as `std::regex_iterator` finds them."""
        if self.before_end is None:
            return self.pattern.finditer(subject)
        return self._longest_matches(subject)

    def _longest_matches(self, subject: bytes) -> Iterator[re.Match[bytes]]:
        pos = 0
        while pos <= len(subject):
            m = self.pattern.search(subject, pos)
            if m is None:
                return
            m = self._longest_at(subject, m.start(), m.end()) or m
            yield m
            if m.end() == m.start() and m.end() < len(subject):
                # After an empty match: a non-empty one at the same place, else search on from the next byte.
                longer = self._longest_at(subject, m.end(), m.end())
                if longer is not None:
                    m = longer
                    yield m
            pos = m.end() + (m.end() == m.start())

    def _longest_at(self, subject: bytes, start: int, shortest: int) -> re.Match[bytes] | None:
        """The longest match from `start` that is longer than `shortest - start`, if any."""
        assert self.before_end is not None  # only patterns with alternatives look for longer matches
        end = len(subject) if self.max_width is None else min(len(subject), start + self.max_width)
        for e in range(end, shortest, -1):
            pattern = self.pattern if e == len(subject) else self.before_end
            m = pattern.fullmatch(subject, start, e)
            if m is not None:
                return m
        return None


_CACHE: dict[str, Regex | EvalError] = {}


def compile_regex(pattern: str) -> Regex:
    """The compiled form of an extended regular expression (cached), or CppNix's error for an invalid one."""
    cached = _CACHE.get(pattern)
    if cached is None:
        cached = _CACHE[pattern] = _compile(pattern)
    if cached.__class__ is EvalError:
        raise EvalError(cached.message)
    return cast(Regex, cached)


def _compile(pattern: str) -> Regex | EvalError:
    try:
        tree = _Parser(to_bytes(pattern)).parse()
        if _states(tree) + 3 > STATE_LIMIT:
            raise _TooBig
        compiled = re.compile(_emit(tree, b"\\Z"), re.DOTALL)
        before_end = re.compile(_emit(tree, b"(?!)"), re.DOTALL) if _has_alternatives(tree) else None
        return Regex(compiled, before_end, _max_width(tree))
    except _TooBig:
        return EvalError(f"memory limit exceeded by regular expression '{pattern}'")
    except (_Invalid, re.error, OverflowError):
        return EvalError(f"invalid regular expression '{pattern}'")


def _groups(m: re.Match[bytes]) -> list[str | None]:
    return [None if g is None else from_bytes(g) for g in m.groups()]


@builtin("match", lazy=("s",))
def match(regex, s):
    """The groups of `regex` if it matches all of `s` (`null` for a group that did not take part), else null."""
    pattern = checked(force_plain_string, regex, "while evaluating the first argument passed to builtins.match")
    compiled = compile_regex(pattern)
    return then_checked(force_string, s, "while evaluating the second argument passed to builtins.match",
                        lambda s: _full_match(compiled, s))


def _full_match(compiled: re.Pattern[bytes], s: str) -> list[str | None] | None:
    m = compiled.fullmatch(to_bytes(s))
    return None if m is None else _groups(m)


@builtin("split", lazy=("s",))
def split(regex, s):
    """`s` cut at the matches of `regex`: unmatched strings interleaved with the lists of groups of each match."""
    pattern = checked(force_plain_string, regex, "while evaluating the first argument passed to builtins.split")
    compiled = compile_regex(pattern)
    s = yield from forced_checked(force_string, s, "while evaluating the second argument passed to builtins.split")
    subject = to_bytes(s)
    out: list[Any] = []
    prev = 0
    for m in compiled.matches(subject):
        out.append(from_bytes(subject[prev:m.start()]))
        out.append(_groups(m))
        prev = m.end()
    if not out:
        return [s]
    out.append(from_bytes(subject[prev:]))
    return out

