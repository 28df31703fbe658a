"""Folding a flat operator sequence into a tree by CppNix's precedences.

The grammar parses `a + !b * c ? d` as a flat list of prefix operators,
operands, binary operators and `?` attribute tests; `fold` rebuilds the tree
with precedence climbing, reproducing bison's choices (including that `!`
binds looser than `+`, and that comparisons, `?` and the pipes do not chain).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vm.errors import ParseError, Span
from .ast import AttrKey, BinOp, Expr, HasAttr, Negate, Not

LEFT, RIGHT, NONE = "left", "right", "none"

BINARY: dict[str, tuple[int, str]] = {
    "|>": (1, LEFT), "<|": (1, RIGHT),
    "->": (2, RIGHT),
    "||": (3, LEFT),
    "&&": (4, LEFT),
    "==": (5, NONE), "!=": (5, NONE),
    "<": (6, NONE), "<=": (6, NONE), ">": (6, NONE), ">=": (6, NONE),
    "//": (7, RIGHT),
    "+": (9, LEFT), "-": (9, LEFT),
    "*": (10, LEFT), "/": (10, LEFT),
    "++": (11, RIGHT),
    "?": (12, NONE),
}
"""Binary operators: precedence (higher binds tighter) and associativity."""

PREFIX: dict[str, int] = {"!": 8, "-": 13}
"""Prefix operators and their precedence: `!` sits between `//` and `+`."""


@dataclass(slots=True)
class Prefix:
    op: str
    span: Span


@dataclass(slots=True)
class Operator:
    """A binary operator, or `?` with its attribute path (`path` and `end`)."""

    op: str
    span: Span
    path: list[AttrKey] | None = None
    end: Span | None = None


Item = Prefix | Operator | Expr


def cover(first: Span, last: Span) -> Span:
    """The span from the start of `first` to the end of `last`."""
    return Span(first.source, first.line, first.col, last.end_line, last.end_col)


def fold(items: list[Item]) -> Expr:
    """The expression tree of a flat sequence `[prefix*, operand, (operator, prefix*, operand)*]`."""
    _check_pipes(items)
    folder = _Folder(items)
    return folder.expression(0)


def _check_pipes(items: list[Item]) -> None:
    first = None
    for item in items:
        if isinstance(item, Operator) and item.op in ("|>", "<|"):
            if first is None:
                first = item.op
            elif item.op != first:
                raise ParseError(f"syntax error, unexpected '{item.op}'", item.span)


class _Folder:
    __slots__ = ("items", "i")

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.i = 0

    def operand(self) -> Expr:
        item = self.items[self.i]
        self.i += 1
        if isinstance(item, Prefix):
            inner = self.expression(PREFIX[item.op] + 1)
            node = Not if item.op == "!" else Negate
            return node(inner, cover(item.span, inner.span))
        assert isinstance(item, Expr)
        return item

    def expression(self, min_prec: int) -> Expr:
        left = self.operand()
        last_level = -1
        items = self.items
        while self.i < len(items):
            op = items[self.i]
            assert isinstance(op, Operator)
            prec, assoc = BINARY[op.op]
            if prec < min_prec:
                break
            if prec == last_level and assoc == NONE:
                raise ParseError(f"syntax error, unexpected '{op.op}'", op.span)
            self.i += 1
            if op.path is not None:
                assert op.end is not None
                left = HasAttr(left, op.path, cover(left.span, op.end))
            else:
                right = self.expression(prec if assoc == RIGHT else prec + 1)
                left = BinOp(op.op, left, right, cover(left.span, right.span), op.span)
            last_level = prec
        return left
