"""Typed syntax tree of a Nix expression; every node carries its source span.

The parser builds these nodes after CppNix's parse-time desugaring: nested
attribute paths in bindings are merged into nested `AttrSet`s, indented
strings are already stripped, legacy `let { }` is a `Select` of `body` on a
recursive set, and a string without interpolation is a plain `Str`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from ..vm.errors import Span


class Expr:
    """Base class of all expression nodes."""

    __slots__ = ()
    span: Span


@dataclass(slots=True, eq=False)
class Int(Expr):
    value: int
    span: Span


@dataclass(slots=True, eq=False)
class Float(Expr):
    value: float
    span: Span


@dataclass(slots=True, eq=False)
class Str(Expr):
    """A string literal without interpolation."""

    value: str
    span: Span


@dataclass(slots=True, eq=False)
class Uri(Expr):
    """A legacy unquoted URI literal such as `http://example.org/x`."""

    value: str
    span: Span


@dataclass(slots=True, eq=False)
class InterpString(Expr):
    """A string with `${}` parts; literal pieces are `Str` nodes."""

    parts: list[Expr]
    span: Span


@dataclass(slots=True, eq=False)
class Path(Expr):
    """A path literal as written; `kind` is "relative", "absolute" or "home"."""

    value: str
    kind: str
    span: Span


@dataclass(slots=True, eq=False)
class InterpPath(Expr):
    """A path with `${}` parts; the first part is the literal prefix as a `Str`."""

    parts: list[Expr]
    kind: str
    span: Span


@dataclass(slots=True, eq=False)
class Var(Expr):
    name: str
    span: Span


@dataclass(slots=True, eq=False)
class CurPos(Expr):
    """`__curPos`: an attribute set describing its own position."""

    span: Span


AttrKey = Union[str, Expr]
"""One step of an attribute path: a static name or a dynamic (`${e}` or interpolated string) expression."""


@dataclass(slots=True, eq=False)
class Select(Expr):
    """`expr.a.b or default`."""

    expr: Expr
    path: list[AttrKey]
    default: Expr | None
    span: Span


@dataclass(slots=True, eq=False)
class HasAttr(Expr):
    """`expr ? a.b`."""

    expr: Expr
    path: list[AttrKey]
    span: Span


@dataclass(slots=True, eq=False)
class InheritFrom(Expr):
    """The shared source expression number `index` of `inherit (e) ...` in the enclosing set or let."""

    index: int
    span: Span


@dataclass(slots=True, eq=False)
class Binding:
    """The value of one static attribute; `span` is where its name is written.

    `inherited` is true for `inherit x;` (value is `Var`) and `inherit (e) x;`
    (value is `Select(InheritFrom(i), [x])`).
    """

    value: Expr
    span: Span
    inherited: bool = False


@dataclass(slots=True, eq=False)
class DynamicBinding:
    """`${key} = value;` (or `"a${b}" = value;`)."""

    key: Expr
    value: Expr
    span: Span


@dataclass(slots=True, eq=False)
class AttrSet(Expr):
    """`{ ... }` or `rec { ... }`; `attrs` keeps source order."""

    rec: bool
    attrs: dict[str, Binding]
    dynamic: list[DynamicBinding]
    inherit_from: list[Expr]
    span: Span


@dataclass(slots=True, eq=False)
class List(Expr):
    items: list[Expr]
    span: Span


@dataclass(slots=True, eq=False)
class Formal:
    name: str
    default: Expr | None
    span: Span


@dataclass(slots=True, eq=False)
class Formals:
    """The `{ a, b ? d, ... }` pattern of a lambda."""

    params: list[Formal]
    ellipsis: bool


@dataclass(slots=True, eq=False)
class Lambda(Expr):
    """`param: body`, `{ formals }: body` or with `@`: `param` names the whole argument."""

    param: str | None
    formals: Formals | None
    body: Expr
    span: Span
    name: str | None = field(default=None)
    """The attribute or let name the lambda is bound to, for error traces."""


@dataclass(slots=True, eq=False)
class Apply(Expr):
    """`fn arg`."""

    fn: Expr
    arg: Expr
    span: Span


@dataclass(slots=True, eq=False)
class Let(Expr):
    """`let bindings in body`; `bindings` is a recursive `AttrSet` without dynamic keys."""

    bindings: AttrSet
    body: Expr
    span: Span


@dataclass(slots=True, eq=False)
class With(Expr):
    env: Expr
    body: Expr
    span: Span


@dataclass(slots=True, eq=False)
class Assert(Expr):
    cond: Expr
    body: Expr
    span: Span


@dataclass(slots=True, eq=False)
class If(Expr):
    cond: Expr
    then: Expr
    else_: Expr
    span: Span


@dataclass(slots=True, eq=False)
class Not(Expr):
    expr: Expr
    span: Span


@dataclass(slots=True, eq=False)
class Negate(Expr):
    expr: Expr
    span: Span


BINARY_OPERATORS = ("|>", "<|", "->", "||", "&&", "==", "!=", "<", "<=", ">", ">=",
                    "//", "+", "-", "*", "/", "++")


@dataclass(slots=True, eq=False)
class BinOp(Expr):
    """`left op right`; `span` covers the whole expression, `op_span` the operator token."""

    op: str
    left: Expr
    right: Expr
    span: Span
    op_span: Span
