"""One nesting limit for every construct, checked by a quick scan before the grammar runs.

The grammar takes a fraction of a millisecond per level of nesting, so
100,000 nested `let`s took minutes to parse, and whether a deep input failed
depended on the construct. `too_deep` bounds the depth of the syntax
tree from the tokens alone: a bracket (`( [ { ${`) opens a level until its
closer, `let` until `in`, `if` until `then`, `then` until `else`, `with` and
`assert` until `;`; a body that runs on to the right (after `in`, `else`,
`;` of `with`/`assert`, a lambda's `:`) adds a level to the one holding it,
until that one closes or reaches its next `;`. Past `MAX_NESTING` levels
the parser refuses the input at once, with the position. Strings and comments are
skipped; what the grammar would reject anyway is left to it.
"""

from __future__ import annotations

import re

MAX_NESTING = 10_000
"""The deepest nesting of expressions accepted (CppNix's parser stack gives out before this)."""

_TOKEN = re.compile(r"""
    (?P<skip>\s+|\#[^\r\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/|\Z))
  | (?P<uri>[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+)
  | (?P<path>[a-zA-Z0-9._\-+~]*(?:/[a-zA-Z0-9._\-+]+)+/?)
  | (?P<word>[a-zA-Z_][a-zA-Z0-9_'\-]*)
  | (?P<quote>"|'')
  | (?P<sym>\$\{|[(\[{)\]}:;])
  | [^\s"'a-zA-Z_(\[{)\]}:;\#/$]+|.
""", re.VERBOSE | re.DOTALL)

_STRING_REST = {
    '"': re.compile(r'(?:[^"\\$]|\\.|\$(?!\{))*(?:"|\$\{|\Z)', re.DOTALL),
    "''": re.compile(r"(?:[^'$]|'(?!')|''[$']|''\\.|\$(?!\{))*(?:''|\$\{|\Z)", re.DOTALL),
}

_LEVEL_TEXTS = ("(", "[", "{", "let", "if", "with", "assert", "then", "in", "else", ":")

_OPENERS = frozenset(["(", "[", "{", "${", "let", "if", "with", "assert"])
_CLOSER_OF = {")": ("(",), "]": ("[",), "}": ("{", "${"), "in": ("let",), "then": ("if",), "else": ("then",)}


class _Scan:
    """The open levels while scanning: `[opener, bodies, string]` each (`string`: the kind of string a
    `${` interrupts, or None), and the depth they add up to."""

    def __init__(self) -> None:
        self.levels: list[list] = [["", 0, None]]
        self.depth = 0  # the top level is not a level of nesting

    def open(self, opener: str, string: str | None = None) -> None:
        self.levels.append([opener, 0, string])
        self.depth += 1

    def body(self) -> None:
        self.levels[-1][1] += 1
        self.depth += 1

    def close(self, openers: tuple[str, ...]) -> list | None:
        """Close the innermost level opened by one of `openers` and every level inside it; it, or None
        (nothing closed) if there is none."""
        for i in range(len(self.levels) - 1, 0, -1):
            if self.levels[i][0] in openers:
                for level in self.levels[i:]:
                    self.depth -= 1 + level[1]
                closed = self.levels[i]
                del self.levels[i:]
                return closed
        return None

    def semicolon(self) -> None:
        """`;` ends a `with`/`assert` head (its body follows) or else a binding (its bodies end)."""
        if self.levels[-1][0] in ("with", "assert"):
            self.close(("with", "assert"))
            self.body()
        else:
            self.depth -= self.levels[-1][1]
            self.levels[-1][1] = 0


def too_deep(text: str) -> int | None:
    """The offset where `text` first nests expressions deeper than `MAX_NESTING`, or None (see the
    module)."""
    # Each level opened is one of these (`with` and `assert` open two): most files have too few to look.
    if sum(text.count(s) for s in _LEVEL_TEXTS) + text.count("with") + text.count("assert") < MAX_NESTING:
        return None
    scan = _Scan()
    pos, end = 0, len(text)
    while pos < end:
        m = _TOKEN.match(text, pos)
        assert m is not None  # the last alternative matches any character
        kind, tok, pos = m.lastgroup, m.group(), m.end()
        if kind == "quote":
            pos = _string(scan, text, pos, tok)
        elif kind == "sym" or kind == "word":
            if tok in _OPENERS:
                scan.open(tok)
            elif tok in _CLOSER_OF:
                closed = scan.close(_CLOSER_OF[tok])
                if tok == "then":
                    scan.open("then")
                elif tok in ("in", "else"):
                    scan.body()
                elif closed is not None and closed[2] is not None:
                    pos = _string(scan, text, pos, closed[2])  # back in the string `${` interrupted
            elif tok == ";":
                scan.semicolon()
            elif tok == ":":
                scan.body()
        if scan.depth > MAX_NESTING:
            return m.start()
    return None


def _string(scan: _Scan, text: str, pos: int, kind: str) -> int:
    """Skip string text of `kind` from `pos`: past its end, or past a `${` (then opened as a level)."""
    pos = _STRING_REST[kind].match(text, pos).end()  # type: ignore[union-attr]
    if text.endswith("${", 0, pos):
        scan.open("${", kind)
    return pos


__all__ = ["too_deep", "MAX_NESTING"]
