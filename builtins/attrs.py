"""Attribute set builtins: mapAttrs, zipAttrsWith, intersectAttrs, functionArgs, unsafeGetAttrPos."""

from __future__ import annotations

from types import FunctionType
from typing import Any

from ..vm.errors import TypeError_
from ..vm.plain import force
from ..vm.thunk import Thunk
from ..vm.values import AttrName, PrimOp, PrimOpApp, attr_position, lambda_info
from .core import force_attrs, force_function, force_list, force_plain_string
from .arguments import argument, checked, forced_argument
from .registry import builtin, plain_form


@builtin("mapAttrs", lazy=("f",))
def map_attrs(f, s):
    """`{ name = f name s.name; ... }`, each value computed lazily."""
    argument(force_attrs, s, 1, "mapAttrs")
    return _calls_by_name(f, s.items())


@builtin("zipAttrsWith", lazy=("sets",))
def zip_attrs_with(f, sets):
    """`{ name = f name [ values of name in each set ]; ... }`, each value computed lazily."""
    argument(force_function, f, 0, "zipAttrsWith")
    sets = yield from forced_argument(force_list, sets, 1, "zipAttrsWith")
    values: dict[str, list] = {}
    for s in sets:
        if s.__class__ is Thunk:
            s = yield s
        _gather(values, s)
    return _calls_by_name(f, values.items())


@plain_form("zipAttrsWith")
def zip_attrs_with_plain(f, sets):
    """`zipAttrsWith` in plain code: each set forced at once (`vm/plain.py`)."""
    argument(force_function, f, 0, "zipAttrsWith")
    values: dict[str, list] = {}
    for s in argument(force_list, force(sets), 1, "zipAttrsWith"):
        _gather(values, force(s))
    return _calls_by_name(f, values.items())


def _gather(values: dict[str, list], s: Any) -> None:
    """Add each value of the set `s` (forced) to the list of its name in `values`."""
    checked(force_attrs, s, "while evaluating a value of the list passed as second argument to builtins.zipAttrsWith")
    for name, v in s.items():
        values.setdefault(name, []).append(v)


def _calls_by_name(f: Any, items: Any) -> dict:
    """`{ name = f name value; ... }` for the (name, value) pairs `items`, each a thunk whose body is the call of
    two arguments itself (no closure, no generator, no thunk for `f name`). Plain names: like CppNix, the
    result's attributes have no positions (nixpkgs relies on that)."""
    out = {}
    for name, value in items:
        name = str(name)
        out[name] = Thunk((f, (name, value)))
    return out


@builtin("intersectAttrs", lazy=("e2",))
def intersect_attrs(e1, e2):
    """The attributes of `e2` whose names are also in `e1`."""
    argument(force_attrs, e1, 0, "intersectAttrs")
    e2 = yield from forced_argument(force_attrs, e2, 1, "intersectAttrs")
    small, other = (e1, e2) if len(e1) <= len(e2) else (e2, e1)
    return {name: e2[name] for name in small if name in other}


@builtin("functionArgs")
def function_args(f):
    """The formal parameters of a lambda: name → whether it has a default (`{}` for builtins)."""
    if f.__class__ is PrimOp or f.__class__ is PrimOpApp:
        return {}
    if f.__class__ is not FunctionType:
        raise TypeError_("'functionArgs' requires a function")
    formals = lambda_info(f).formals or []
    return {AttrName(formal.name, formal.span): formal.has_default for formal in formals}


@builtin("unsafeGetAttrPos", lazy=("s",))
def unsafe_get_attr_pos(name, s):
    """The position `{ file, line, column }` where attribute `name` of `s` is defined, or null.

    Attributes written in set literals know their position (see `AttrName`);
    sets built by builtins such as `listToAttrs` do not, and give null; so do
    attributes written outside a file (`--expr` text, stdin), as in CppNix.
    """
    name = argument(force_plain_string, name, 0, "unsafeGetAttrPos")
    s = yield from forced_argument(force_attrs, s, 1, "unsafeGetAttrPos")
    span = attr_position(s, name)
    if span is None or not span.source.is_file:
        return None
    return {"file": span.file, "line": span.line, "column": span.col}
