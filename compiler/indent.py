"""CppNix's indentation stripping for indented strings `'' ... ''`.

The minimum indentation is taken over lines that have content; whitespace-
only lines do not count, and interpolations and escapes (`''$`, `'''`,
`''\\n`) end a line's leading whitespace without being whitespace themselves.
That many leading spaces are dropped from every line, and a last line made
only of spaces is removed when the string is a single literal piece.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vm.errors import Span
from .ast import Expr, InterpString, Str


@dataclass(slots=True)
class Text:
    """A literal piece: raw text (`indented` true) or an escape's value (false)."""

    value: str
    indented: bool
    span: Span


def strip_indentation(parts: list[Text | Expr], span: Span) -> Expr:
    """The string expression for the parts of an indented string."""
    if not parts:
        return Str("", span)
    min_indent = _minimum_indent(parts)
    out: list[Expr] = []
    at_line_start = True
    dropped = 0
    remaining = len(parts)
    for part in parts:
        if not isinstance(part, Text):
            at_line_start = False
            dropped = 0
            out.append(part)
            remaining -= 1
            continue
        chars: list[str] = []
        for ch in part.value:
            if at_line_start:
                if ch == " ":
                    if dropped >= min_indent:
                        chars.append(ch)
                    dropped += 1
                elif ch == "\n":
                    dropped = 0
                    chars.append(ch)
                else:
                    at_line_start = False
                    dropped = 0
                    chars.append(ch)
            else:
                chars.append(ch)
                if ch == "\n":
                    at_line_start = True
        text = "".join(chars)
        if remaining == 1:
            cut = text.rfind("\n")
            if cut >= 0 and text[cut + 1:].strip(" ") == "":
                text = text[:cut + 1]
        if text:
            out.append(Str(text, part.span))
        remaining -= 1
    if not out:
        return Str("", span)
    if len(out) == 1 and isinstance(out[0], Str):
        out[0].span = span
        return out[0]
    return InterpString(out, span)


def _minimum_indent(parts: list[Text | Expr]) -> int:
    at_line_start = True
    min_indent = 1000000
    indent = 0
    for part in parts:
        if not isinstance(part, Text) or not part.indented:
            if at_line_start:
                at_line_start = False
                min_indent = min(min_indent, indent)
            continue
        for ch in part.value:
            if at_line_start:
                if ch == " ":
                    indent += 1
                elif ch == "\n":
                    indent = 0
                else:
                    at_line_start = False
                    min_indent = min(min_indent, indent)
            elif ch == "\n":
                at_line_start = True
                indent = 0
    return min_indent
