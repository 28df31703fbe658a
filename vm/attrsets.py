"""Attribute set operations used by compiled code: selection, `?`, `//`, dynamic keys, `with`, formals."""

from __future__ import annotations

from types import GeneratorType
from typing import Any, Callable

from .errors import EvalError, Span, TypeError_, UndefinedVariableError
from .requests import Gen
from .suggestions import best_matches
from .thunk import Thunk
from .typecheck import type_error, without_context
from .printer import attr_name
from .values import AttrName, LambdaInfo, NixString, attr_position


def _key(k: Any) -> str:
    """A dynamic attribute name: a string without context (CppNix's `forceStringNoCtx`)."""
    if k.__class__ is str:
        return k
    if k.__class__ is NixString:
        return without_context(k)
    raise type_error("a string", k)


def select(obj: Any, keys: tuple[Any, ...], start: int = 0) -> Any:
    """`obj.k1.k2...` for a forced `obj`, without a scheduler round trip when nothing needs forcing.

    Returns the value, an unevaluated `Thunk` (yield it to force it) or a
    generator (an intermediate set needed forcing: yield it to run it).
    `start` skips keys already selected.
    """
    for i in range(start, len(keys)):
        if i > start and obj.__class__ is Thunk:
            if obj.fn is not None:
                return _resume(select, obj, keys, i)
            obj = obj.value
        if obj.__class__ is not dict:
            err = type_error("a set", obj)
            err.add_frame("while selecting an attribute")
            raise err
        name = keys[i]
        if name.__class__ is not str:
            name = _key(name)
        try:
            obj = obj[name]
        except KeyError:
            raise EvalError(f"attribute '{attr_name(name)}' missing", suggestions=best_matches(obj, name)) from None
    if obj.__class__ is Thunk and obj.fn is None:
        return obj.value
    return obj


def select_or(obj: Any, keys: tuple[Any, ...], default: Any, start: int = 0) -> Any:
    """`obj.k1.k2 or default` for a forced `obj`: a value, a `Thunk` or a generator, as `select`."""
    for i in range(start, len(keys)):
        if i > start and obj.__class__ is Thunk:
            if obj.fn is not None:
                return _resume(select_or, obj, keys, i, default)
            obj = obj.value
        if obj.__class__ is not dict:
            return default
        name = keys[i]
        if name.__class__ is not str:
            name = _key(name)
        if name not in obj:
            return default
        obj = obj[name]
    if obj.__class__ is Thunk and obj.fn is None:
        return obj.value
    return obj


def has_attr(obj: Any, keys: tuple[Any, ...], start: int = 0) -> Any:
    """`obj ? k1.k2` for a forced `obj`: a bool, or a generator when an intermediate set needs forcing."""
    for i in range(start, len(keys)):
        if i > start and obj.__class__ is Thunk:
            if obj.fn is not None:
                return _resume(has_attr, obj, keys, i)
            obj = obj.value
        if obj.__class__ is not dict:
            return False
        name = keys[i]
        if name.__class__ is not str:
            name = _key(name)
        if name not in obj:
            return False
        obj = obj[name]
    return True


def select_attr(obj: Any, name: Any) -> Any:
    """`obj.name` for a forced `obj` and one name (a constant, or a dynamic key `obj.${k}`): `select` for its
    common one-key case."""
    if obj.__class__ is dict and name.__class__ is str:
        try:
            value = obj[name]
        except KeyError:
            return select(obj, (name,))  # raises the error
        if value.__class__ is Thunk and value.fn is None:
            return value.value
        return value
    return select(obj, (name,))


def select_attr_or(obj: Any, name: str, default: Any) -> Any:
    """`obj.name or default` for a forced `obj` and a constant `name` (`select_or` with one key)."""
    if obj.__class__ is not dict:
        return default
    value = obj.get(name, default)
    if value.__class__ is Thunk and value.fn is None:
        return value.value
    return value


def has_attr_named(obj: Any, name: Any) -> bool:
    """`obj ? name` for a forced `obj` and one name (a constant, or a dynamic key `obj ? ${k}`): `has_attr`
    with one key."""
    if name.__class__ is str:
        return obj.__class__ is dict and name in obj
    return has_attr(obj, (name,))  # a bool: with one key there is no set on the way to force


def _resume(walk: Callable[..., Any], obj: Thunk, keys: tuple[Any, ...], i: int, *default: Any) -> Gen:
    """Generator: force the intermediate set `obj`, then continue `walk` from key `i` to a final value."""
    forced = yield obj
    if default:
        result = walk(forced, keys, default[0], i)
    else:
        result = walk(forced, keys, i)
    if result.__class__ is Thunk or result.__class__ is GeneratorType:
        result = yield result
    return result


def op_update(a: Any, b: Any) -> dict:
    """`a // b`."""
    if a.__class__ is not dict:
        raise type_error("a set", a)
    if b.__class__ is not dict:
        raise type_error("a set", b)
    if not a:
        return b
    if not b:
        return a
    return {**a, **b}


def overrides_of(value: Any) -> dict:
    """The `__overrides` set of a rec set (it must be a set)."""
    if value.__class__ is not dict:
        raise type_error("a set", value)
    return value


def add_dynamic_attrs(attrs: dict, dynamic: tuple[tuple[Any, Any, Span], ...]) -> dict:
    """Add `${k} = v;` attributes to a freshly built set; a null key adds nothing.

    Each attribute keeps where its key was written; a name defined twice is
    reported at its first definition, as CppNix does.
    """
    for key, value, span in dynamic:
        if key is None:
            continue
        name = _key(key)
        if name in attrs:
            raise EvalError(f"dynamic attribute '{attr_name(name)}' already defined at {attr_position(attrs, name)}")
        attrs[AttrName(name, span)] = value
    return attrs


def with_lookup(name: str, scopes: tuple[Any, ...], start: int = 0) -> Any:
    """`name` from the innermost `with` scope that has it: a value, a `Thunk` or a generator, as `select`."""
    for i in range(start, len(scopes)):
        scope = scopes[i]
        if scope.__class__ is Thunk:
            if scope.fn is not None:
                return _with_lookup_forcing(name, scopes, i)
            scope = scope.value
        if scope.__class__ is not dict:
            raise type_error("a set", scope)
        if name in scope:
            v = scope[name]
            return v.value if v.__class__ is Thunk and v.fn is None else v
    raise UndefinedVariableError(f"undefined variable '{name}'")


def _with_lookup_forcing(name: str, scopes: tuple[Any, ...], i: int) -> Gen:
    """Generator: force the `with` scope `i`, then go on looking `name` up from there."""
    yield scopes[i]
    result = with_lookup(name, scopes, i)
    if result.__class__ is Thunk or result.__class__ is GeneratorType:
        result = yield result
    return result


def check_formals(arg: Any, info: LambdaInfo) -> None:
    """Check a set argument against a lambda's formals: required ones present, no unexpected ones."""
    if arg.__class__ is not dict:
        raise type_error("a set", arg)
    for name in info.required:
        if name not in arg:
            raise TypeError_(f"function {info.describe()} called without required argument '{name}'", info.span)
    names = info.names
    if not info.ellipsis and not names.issuperset(arg):
        for k in sorted(arg):
            if k not in names:
                raise TypeError_(f"function {info.describe()} called with unexpected argument '{k}'", info.span,
                                 suggestions=best_matches(names, k))
