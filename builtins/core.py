"""Core builtins: control, errors, types, numbers, lists, attribute sets, import."""

from __future__ import annotations

import os
from typing import Any, Iterator

from ..vm.arith import add_numbers, op_div, op_mul, op_sub
from ..vm.coerce import coerce_to_string
from ..vm.compare import op_lt
from ..vm.errors import AbortError, EvalError, NixError, ThrownError
from ..vm.printer import print_value
from ..vm.requests import Import, Nested, PathExists, Trace
from ..vm.thunk import Thunk
from ..vm.typecheck import type_error
from ..vm.values import NixPath, NixString, is_function, type_of
from .registry import builtin


def force_string(v: Any, what: str = "a string") -> str:
    """`v` (forced) as a string, or a type error."""
    if v.__class__ is str or v.__class__ is NixString:
        return v
    raise type_error(what, v)


def force_list(v: Any) -> list:
    if v.__class__ is not list:
        raise type_error("a list", v)
    return v


def force_attrs(v: Any) -> dict:
    if v.__class__ is not dict:
        raise type_error("a set", v)
    return v


def force_int(v: Any) -> int:
    if v.__class__ is not int:
        raise type_error("an integer", v)
    return v


def force_function(v: Any) -> Any:
    if not is_function(v) and not (v.__class__ is dict and "__functor" in v):
        raise type_error("a function", v)
    return v


def force_bool(v: Any) -> bool:
    """`v` (forced) as a Boolean, or a type error."""
    if v.__class__ is not bool:
        raise type_error("a Boolean", v)
    return v


def forced(v: Any) -> Iterator[Any]:
    """Generator: `v`, forced if it is a thunk."""
    if v.__class__ is Thunk:
        v = yield v
    return v


def deep_force(value: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Generator: force `value` and everything inside it; each level is its own scheduler frame.

    Sets and lists already visited (`seen`, by identity) are not walked again, so cycles end.
    """
    if seen is None:
        seen = set()
    if value.__class__ is Thunk:
        value = yield value
    if value.__class__ is list or value.__class__ is dict:
        if id(value) in seen:
            return value
        seen.add(id(value))
        for x in (value if value.__class__ is list else value.values()):
            yield Nested(deep_force(x, seen))
    return value


# -- control and errors ---------------------------------------------------

@builtin("throw", top_level=True)
def throw(message):
    """Raise a catchable error with `message`."""
    raise ThrownError(str(force_string(message)))


@builtin("abort", top_level=True)
def abort(message):
    """Abort evaluation with `message` (not catchable)."""
    text = yield coerce_to_string(message, coerce_more=True)
    raise AbortError(f"evaluation aborted with the following error message: '{text}'")


@builtin("tryEval", lazy=("e",))
def try_eval(e):
    """Evaluate `e`; `{ success = false; value = false; }` if it throws or fails an assertion."""
    try:
        v = yield e
    except NixError as err:
        if err.catchable:
            return {"success": False, "value": False}
        raise
    return {"success": True, "value": v}


@builtin("seq", lazy=("b",))
def seq(a, b):
    """Force `a`, then return `b`."""
    return (yield b)


@builtin("deepSeq", lazy=("b",))
def deep_seq(a, b):
    """Force `a` completely, then return `b`."""
    yield deep_force(a)
    return (yield b)


@builtin("trace", lazy=("b",))
def trace(a, b):
    """Print `a` on standard error, then return `b`."""
    text = yield print_value(a, strict=False)
    yield Trace(text)
    return (yield b)


# -- types ----------------------------------------------------------------

@builtin("typeOf")
def type_of_(v):
    """The name of the type of `v`."""
    return type_of(v)


def _is(name: str, test) -> None:
    builtin(name)(lambda v: test(v))


_is("isInt", lambda v: v.__class__ is int)
_is("isFloat", lambda v: v.__class__ is float)
_is("isBool", lambda v: v.__class__ is bool)
_is("isString", lambda v: v.__class__ is str or v.__class__ is NixString)
_is("isPath", lambda v: v.__class__ is NixPath)
_is("isAttrs", lambda v: v.__class__ is dict)
_is("isList", lambda v: v.__class__ is list)
_is("isFunction", is_function)
builtin("isNull", top_level=True)(lambda v: v is None)


@builtin("toString", top_level=True)
def to_string(v):
    """`v` coerced to a string (numbers, Booleans, null and lists too)."""
    return (yield coerce_to_string(v, coerce_more=True, copy_to_store=False))


# -- numbers --------------------------------------------------------------

@builtin("add")
def add(a, b):
    """`a + b` on numbers."""
    if a.__class__ is not int and a.__class__ is not float:
        raise type_error("an integer", a)
    return add_numbers(a, b)


builtin("sub")(lambda a, b: op_sub(a, b))
builtin("mul")(lambda a, b: op_mul(a, b))
builtin("div")(lambda a, b: op_div(a, b))


@builtin("lessThan")
def less_than(a, b):
    """`a < b`."""
    return (yield op_lt(a, b))


# -- lists ----------------------------------------------------------------

@builtin("length")
def length(xs):
    """The number of elements of a list."""
    return len(force_list(xs))


@builtin("head")
def head(xs):
    """The first element of a list."""
    if not force_list(xs):
        raise EvalError("'builtins.head' called on an empty list")
    return (yield xs[0])


@builtin("tail")
def tail(xs):
    """A list without its first element."""
    if not force_list(xs):
        raise EvalError("'builtins.tail' called on an empty list")
    return xs[1:]


@builtin("elemAt")
def elem_at(xs, n):
    """The element of `xs` at index `n`."""
    force_list(xs)
    force_int(n)
    if not 0 <= n < len(xs):
        raise EvalError(f"'builtins.elemAt' called with index {n} on a list of size {len(xs)}")
    return (yield xs[n])


@builtin("map", top_level=True)
def map_(f, xs):
    """Apply `f` lazily to every element of `xs`."""
    return [Thunk(lambda x=x: (f, x)) for x in force_list(xs)]


@builtin("filter")
def filter_(f, xs):
    """The elements of `xs` for which `f` is true."""
    out = []
    for x in force_list(xs):
        keep = force_bool((yield (f, x)))
        if keep:
            out.append(x)
    return out if len(out) != len(xs) else xs


@builtin("foldl'", lazy=("nul",))
def foldl_strict(op, nul, xs):
    """Left fold forcing the accumulator at each step."""
    acc = nul
    for x in force_list(xs):
        f = yield (op, acc)
        acc = yield (f, x)
    if acc.__class__ is Thunk:
        acc = yield acc
    return acc


@builtin("genList")
def gen_list(f, n):
    """`[ (f 0) ... (f (n - 1)) ]`, lazily."""
    force_int(n)
    if n < 0:
        raise EvalError(f"cannot create list of size {n}")
    return [Thunk(lambda i=i: (f, i)) for i in range(n)]


@builtin("concatLists")
def concat_lists(xss):
    """Concatenate a list of lists."""
    out = []
    for xs in force_list(xss):
        if xs.__class__ is Thunk:
            xs = yield xs
        out.extend(force_list(xs))
    return out


# -- attribute sets -------------------------------------------------------

@builtin("attrNames")
def attr_names(s):
    """The names of a set's attributes, sorted."""
    return sorted(force_attrs(s))


@builtin("attrValues")
def attr_values(s):
    """The values of a set's attributes, sorted by name."""
    force_attrs(s)
    return [s[k] for k in sorted(s)]


@builtin("getAttr")
def get_attr(name, s):
    """`s.${name}`."""
    name = force_string(name)
    force_attrs(s)
    if name not in s:
        raise EvalError(f"attribute '{name}' missing")
    return (yield s[name])


@builtin("hasAttr")
def has_attr_(name, s):
    """`s ? ${name}`."""
    return force_string(name) in force_attrs(s)


@builtin("removeAttrs", top_level=True)
def remove_attrs(s, names):
    """`s` without the attributes listed in `names`."""
    force_attrs(s)
    drop = set()
    for n in force_list(names):
        if n.__class__ is Thunk:
            n = yield n
        drop.add(str(force_string(n)))
    return {k: v for k, v in s.items() if k not in drop}


@builtin("listToAttrs")
def list_to_attrs(xs):
    """A set from a list of `{ name, value }` sets; the first of equal names wins."""
    out: dict[str, Any] = {}
    for item in force_list(xs):
        if item.__class__ is Thunk:
            item = yield item
        force_attrs(item)
        if "name" not in item:
            raise EvalError("attribute 'name' missing")
        name = item["name"]
        if name.__class__ is Thunk:
            name = yield name
        name = str(force_string(name))
        if name not in out:
            if "value" not in item:
                raise EvalError("attribute 'value' missing")
            out[name] = item["value"]
    return out


# -- import and search paths ---------------------------------------------

@builtin("import", top_level=True)
def import_(path):
    """Evaluate the Nix file at `path`."""
    target = yield coerce_to_string(path, copy_to_store=False)
    if not str(target).startswith("/"):
        raise EvalError(f"string '{target}' doesn't represent an absolute path")
    return (yield (yield Import(str(target))))


@builtin("scopedImport", top_level=True)
def scoped_import(scope, path):
    """Evaluate the Nix file at `path` with the attributes of `scope` in front of the builtins."""
    force_attrs(scope)
    target = yield coerce_to_string(path, copy_to_store=False)
    if not str(target).startswith("/"):
        raise EvalError(f"string '{target}' doesn't represent an absolute path")
    return (yield (yield Import(str(target), scope)))


COREPKGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corepkgs")
"""Nix files that `<nix/...>` names before any search path entry (CppNix's corepkgs)."""


@builtin("findFile")
def find_file(search_path, name):
    """Look `name` up in a search path (a list of `{ prefix, path }`), like `<name>`."""
    name = str(force_string(name))
    if name.startswith("nix/"):
        internal = os.path.join(COREPKGS, name[4:])
        if (yield PathExists(internal)):
            return NixPath(internal)
    for entry in force_list(search_path):
        if entry.__class__ is Thunk:
            entry = yield entry
        prefix = yield force_attrs(entry).get("prefix", "")
        base = yield coerce_to_string(entry["path"], copy_to_store=False)
        prefix = str(prefix)
        if prefix and not (name == prefix or name.startswith(prefix + "/")):
            continue
        rest = name[len(prefix):].lstrip("/") if prefix else name
        candidate = str(base).rstrip("/") + ("/" + rest if rest else "")
        if (yield PathExists(candidate)):
            from ..vm.coerce import canonical_path
            return NixPath(canonical_path(candidate))
    raise ThrownError(f"file '{name}' was not found in the Nix search path (add it using $NIX_PATH or -I)")


__all__ = ["force_string", "force_list", "force_attrs", "force_int", "force_function", "deep_force",
           "PrimOp", "PrimOpApp"]
