"""RFC 145 documentation comments (`/** ... */`, as nixpkgs lib writes them), found beside the code they document.

A doc comment documents the expression that follows it, or the binding
that follows it: in `/** doc */ name = x: ...` and `name = /** doc */ x: ...`
the comment documents the function.
"""

from __future__ import annotations

import re

from ..vm.errors import Source

# Before a binding's value: `name =`, `a.b."c" =`, with any whitespace and comments-free attribute path.
_BINDING_HEAD = re.compile(r"""(?:[A-Za-z_][\w'-]*|"[^"\n]*")(?:\s*\.\s*(?:[A-Za-z_][\w'-]*|"[^"\n]*"))*\s*=\s*\Z""")


def offset_of(source: Source, line: int, col: int) -> int:
    """The offset in `source.text` of 1-based `line` and `col`."""
    lines = source.text.split("\n")
    return sum(len(text) + 1 for text in lines[:line - 1]) + col - 1


def doc_comment_before(source: Source, line: int, col: int) -> str | None:
    """The inner text of the doc comment documenting the code at `line`:`col`, or None."""
    before = source.text[:offset_of(source, line, col)].rstrip()
    if not before.endswith("*/"):
        head = _BINDING_HEAD.search(before)
        if head is None:
            return None
        before = before[:head.start()].rstrip()
        if not before.endswith("*/"):
            return None
    start = before.rfind("/**")
    if start < 0 or "*/" in before[start + 3:-2] or before[start:].startswith("/**/"):
        return None
    return inner_text(before[start:])


def inner_text(comment: str) -> str:
    """A `/** ... */` comment without its markers and without the indentation its lines share."""
    lines = ("   " + comment[3:-2]).split("\n")
    indents = [len(text) - len(text.lstrip()) for text in lines if text.strip()]
    common = min(indents, default=0)
    return "\n".join(text[common:].rstrip() for text in lines).strip("\n")
