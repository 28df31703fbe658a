"""Core builtins: control, errors, types, numbers, lists, attribute sets, import."""

from __future__ import annotations

import os
from typing import Any

from ..vm.arith import add_numbers, op_div, op_mul, op_sub
from ..vm.coerce import coerce_to_string
from ..vm.compare import op_lt
from ..vm.errors import AbortError, EvalError, NixError, ThrownError
from ..vm.plain import C, fold_left, force
from ..vm.printer import attr_name, print_traced
from ..vm.requests import Gen, Import, Nested, PathExists, Trace
from ..vm.thunk import Thunk
from ..vm.typecheck import type_error, without_context
from ..vm.values import Path, NixString, is_function, key_position, type_of
from .arguments import (argument, checked, forced_argument, forced_checked, framed, nth, result, then_argument,
                        then_checked)
from .registry import builtin, plain_form


def force_string(v: Any, what: str = "a string") -> str:
    """`v` (forced) as a string, or a type error."""
    if v.__class__ is str or v.__class__ is NixString:
        return v
    raise type_error(what, v)


def force_plain_string(v: Any) -> str:
    """`v` (forced) as a string that must not have a context (CppNix's `forceStringNoCtx`).

    The error names the first context element in CppNix's (string) order, in full.
    """
    return without_context(force_string(v))


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


def deep_force(value: Any, seen: set[int] | None = None, counted: bool = True) -> Gen:
    """Generator: force `value` and everything inside it; each level is its own scheduler frame.

    Sets and lists already visited (`seen`, by identity) are not walked again,
    so cycles end. Each level counts as call depth (`deepSeq` overflows on
    very deep values, as in CppNix) unless not `counted` (printing).
    """
    if seen is None:
        seen = set()
    if value.__class__ is Thunk:
        value = yield value
    if value.__class__ is list or value.__class__ is dict:
        if id(value) in seen:
            return value
        seen.add(id(value))
        if value.__class__ is dict:
            for name, x in value.items():
                if _needs_deep_forcing(x):
                    yield from framed(_level(deep_force(x, seen, counted), counted),
                                      f"while evaluating the attribute '{name}'", key_position(name))
        else:
            for i, x in enumerate(value):
                if _needs_deep_forcing(x):
                    yield from framed(_level(deep_force(x, seen, counted), counted),
                                      f"while evaluating list element at index {i}")
    return value


def _level(gen: Gen, counted: bool) -> Gen | Nested:
    return Nested(gen) if counted else gen


def _needs_deep_forcing(x: Any) -> bool:
    if x.__class__ is Thunk:
        if x.fn is not None:
            return True
        x = x.value
    return x.__class__ is list or x.__class__ is dict


# -- control and errors ---------------------------------------------------

@builtin("throw", top_level=True)
def throw(message):
    """Raise a catchable error with `message` (coerced to a string)."""
    text = yield from framed(coerce_to_string(message, coerce_more=False),
                        "while evaluating the error message passed to builtin.throw")
    raise ThrownError(str(text))


@builtin("abort", top_level=True)
def abort(message):
    """Abort evaluation with `message` (not catchable)."""
    text = yield from framed(coerce_to_string(message, coerce_more=False),
                        "while evaluating the error message passed to builtins.abort")
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
    return result(b)


@plain_form("seq")
def seq_plain(a, b):
    """`seq` in plain code: `b` forced at once."""
    return force(b)


@builtin("deepSeq", lazy=("b",))
def deep_seq(a, b):
    """Force `a` completely, then return `b`."""
    yield deep_force(a)
    return (yield b)


@builtin("trace", lazy=("b",))
def trace(a, b):
    """Print `a` on standard error (a string as it is, anything else printed), then return `b`."""
    yield Trace(str(a) if a.__class__ is str or a.__class__ is NixString else (yield print_traced(a)))
    return (yield b)


# -- types ----------------------------------------------------------------

@builtin("typeOf")
def type_of_(v):
    """The name of the type of `v`."""
    return type_of(v)


def _is(name: str, test) -> None:
    builtin(name)(test)


_is("isInt", lambda v: v.__class__ is int)
_is("isFloat", lambda v: v.__class__ is float)
_is("isBool", lambda v: v.__class__ is bool)
_is("isString", lambda v: v.__class__ is str or v.__class__ is NixString)
_is("isPath", lambda v: v.__class__ is Path)
_is("isAttrs", lambda v: v.__class__ is dict)
_is("isList", lambda v: v.__class__ is list)
_is("isFunction", is_function)
builtin("isNull", top_level=True)(lambda v: v is None)


@builtin("toString", top_level=True)
def to_string(v):
    """`v` coerced to a string (numbers, Booleans, null and lists too)."""
    if v.__class__ is str or v.__class__ is NixString:
        return v
    if v.__class__ is int:
        return str(v)
    return framed(coerce_to_string(v, coerce_more=True, copy_to_store=False),
                  "while evaluating the first argument passed to builtins.toString")


# -- numbers --------------------------------------------------------------

def _force_number(v: Any, float_ok: bool) -> Any:
    """`v` as an integer, or also a float if `float_ok` (CppNix's `forceInt` / `forceFloat`)."""
    if v.__class__ is int or (float_ok and v.__class__ is float):
        return v
    raise type_error("a float" if float_ok else "an integer", v)


def _operands(a: Any, b: Any, what: str) -> None:
    """Check both operands of an arithmetic builtin: integers, or numbers if either is a float.

    A bad one gets CppNix's line `while evaluating the first|second {what}`.
    """
    if a.__class__ is int and b.__class__ is int:
        return  # the common case, checked without building the error context
    float_ok = a.__class__ is float or b.__class__ is float
    for index, v in enumerate((a, b)):
        checked(lambda x: _force_number(x, float_ok), v, f"while evaluating the {nth(index)} {what}")


@builtin("add")
def add(a, b):
    """`a + b` on numbers."""
    _operands(a, b, "argument of the addition")
    return add_numbers(a, b)


@builtin("sub")
def sub(a, b):
    """`a - b` on numbers."""
    _operands(a, b, "argument of the subtraction")
    return op_sub(a, b)


@builtin("mul")
def mul(a, b):
    """`a * b` on numbers."""
    _operands(a, b, "argument of the multiplication")
    return op_mul(a, b)


@builtin("div")
def div(a, b):
    """`a / b` on numbers; CppNix checks the divisor first."""
    if b.__class__ is int and a.__class__ is int and a >= 0 < b:
        return a // b  # the common case: nothing to check, truncating is flooring
    if b.__class__ is not int:
        checked(lambda x: _force_number(x, True), b, "while evaluating the second operand of the division")
    if b == 0:
        raise EvalError("division by zero")
    _operands(a, b, "operand of the division")
    return op_div(a, b)


@builtin("lessThan")
def less_than(a, b):
    """`a < b`."""
    return op_lt(a, b)


# -- lists ----------------------------------------------------------------

@builtin("length")
def length(xs):
    """The number of elements of a list."""
    return len(argument(force_list, xs, 0, "length"))


@builtin("head")
def head(xs):
    """The first element of a list."""
    if not checked(force_list, xs, "while evaluating the first argument passed to 'builtins.head'"):
        raise EvalError("'builtins.head' called on an empty list")
    return result(xs[0])


@plain_form("head")
def head_plain(xs):
    """`head` in plain code: the element forced at once."""
    return force(xs[0]) if xs.__class__ is list and xs else head(xs)


@builtin("tail")
def tail(xs):
    """A list without its first element."""
    if not checked(force_list, xs, "while evaluating the first argument passed to 'builtins.tail'"):
        raise EvalError("'builtins.tail' called on an empty list")
    return xs[1:]


@builtin("elemAt", lazy=("xs",))
def elem_at(xs, n):
    """The element of `xs` at index `n` (CppNix checks the index first)."""
    if xs.__class__ is Thunk and xs.fn is None:
        xs = xs.value
    if n.__class__ is int and xs.__class__ is list and 0 <= n < len(xs):  # the common case, checked inline
        return result(xs[n])
    checked(force_int, n, "while evaluating the second argument passed to 'builtins.elemAt'")
    return then_checked(force_list, xs, "while evaluating the first argument passed to 'builtins.elemAt'",
                        lambda xs: _element(xs, n))


@plain_form("elemAt")
def elem_at_plain(xs, n):
    """`elemAt` in plain code: the element forced at once (`result` would make a generator to force it)."""
    if xs.__class__ is Thunk and xs.fn is None:
        xs = xs.value
    if n.__class__ is int and xs.__class__ is list and 0 <= n < len(xs):
        return force(xs[n])
    return elem_at(xs, n)


def _element(xs: list, n: int) -> Any:
    if not 0 <= n < len(xs):
        raise EvalError(f"'builtins.elemAt' called with index {n} on a list of size {len(xs)}")
    return result(xs[n])


@builtin("map", lazy=("f",), top_level=True)
def map_(f, xs):
    """Apply `f` lazily to every element of `xs` (`f` is forced only when `xs` is not empty)."""
    if not argument(force_list, xs, 1, "map"):
        return xs
    return then_argument(force_function, f, 0, "map", lambda f: [Thunk((f, x)) for x in xs])


_FILTER_RETURNED = "while evaluating the return value of the filtering function passed to builtins.filter"


@builtin("filter", lazy=("f",))
def filter_(f, xs):
    """The elements of `xs` for which `f` is true (`f` is forced only when `xs` is not empty)."""
    if not argument(force_list, xs, 1, "filter"):
        return xs
    f = yield from forced_argument(force_function, f, 0, "filter")
    out = []
    for x in xs:
        if checked(force_bool, (yield (f, x)), _FILTER_RETURNED):
            out.append(x)
    return out if len(out) != len(xs) else xs


@plain_form("filter")
def filter_plain(f, xs):
    """`filter` in plain code: the calls made at once (`vm/plain.py`)."""
    if not argument(force_list, xs, 1, "filter"):
        return xs
    f = argument(force_function, force(f), 0, "filter")
    out = [x for x in xs if checked(force_bool, C(f, x), _FILTER_RETURNED)]
    return out if len(out) != len(xs) else xs


@builtin("foldl'", lazy=("nul", "xs"))
def foldl_strict(op, nul, xs):
    """Left fold forcing the accumulator at each step (`nul` itself only if `xs` is empty)."""
    argument(force_function, op, 0, "foldlStrict")
    xs = yield from forced_argument(force_list, xs, 2, "foldlStrict")
    acc = nul
    for x in xs:
        acc = yield (op, (acc, x))  # one call of two arguments, as CppNix's callFunction
    if acc.__class__ is Thunk:
        acc = yield acc
    return acc


@plain_form("foldl'")
def foldl_strict_plain(op, nul, xs):
    """`foldl'` in plain code: the calls made at once (`vm/plain.py`)."""
    argument(force_function, op, 0, "foldlStrict")
    return fold_left(op, nul, argument(force_list, force(xs), 2, "foldlStrict"))


@builtin("genList", lazy=("f",))
def gen_list(f, n):
    """`[ (f 0) ... (f (n - 1)) ]`, lazily (`f` is forced after the length is checked, as CppNix does)."""
    argument(force_int, n, 1, "genList")
    if n < 0:
        raise EvalError(f"cannot create list of size {n}")
    return then_argument(force_function, f, 0, "genList", lambda f: [Thunk((f, i)) for i in range(n)])


@builtin("concatLists")
def concat_lists(xss):
    """Concatenate a list of lists."""
    xss = argument(force_list, xss, 0, "concatLists")
    out: list = []
    for i, xs in enumerate(xss):
        if xs.__class__ is Thunk and xs.fn is None:
            xs = xs.value
        if xs.__class__ is not list:
            return _concat_forcing(out, xss, i)  # to force, or to fail with CppNix's line
        out.extend(xs)
    return out


def _concat_forcing(out: list, xss: list, start: int) -> Gen:
    """Generator: `concatLists` from the `start`th list on, forcing each."""
    for xs in xss[start:]:
        out.extend((yield from forced_checked(force_list, xs, _CONCATENATED)))
    return out


_CONCATENATED = "while evaluating a value of the list passed to builtins.concatLists"


@plain_form("concatLists")
def concat_lists_plain(xss):
    """`concatLists` in plain code: each list forced at once (`vm/plain.py`)."""
    out: list = []
    for xs in argument(force_list, xss, 0, "concatLists"):
        out.extend(checked(force_list, force(xs), _CONCATENATED))
    return out


# -- attribute sets -------------------------------------------------------

_PAIR = "in a {name=...; value=...;} pair"


def _member(s: dict, name: str, context: str) -> Any:
    """`s[name]` unforced; a missing attribute is CppNix's error with the trace line `context`."""
    if name not in s:
        err = EvalError(f"attribute '{attr_name(name)}' missing")
        err.add_frame(context)
        raise err
    return s[name]


@builtin("attrNames")
def attr_names(s):
    """The names of a set's attributes, sorted."""
    return [str(k) for k in sorted(argument(force_attrs, s, None, "attrNames"))]


@builtin("attrValues")
def attr_values(s):
    """The values of a set's attributes, sorted by name."""
    argument(force_attrs, s, None, "attrValues")
    return [s[k] for k in sorted(s)]


@builtin("getAttr", lazy=("s",))
def get_attr(name, s):
    """`s.${name}`."""
    name = argument(force_plain_string, name, 0, "getAttr")
    return then_argument(force_attrs, s, 1, "getAttr",
                         lambda s: result(_member(s, name, "in the attribute set under consideration")))


@builtin("hasAttr", lazy=("s",))
def has_attr_(name, s):
    """`s ? ${name}`."""
    name = argument(force_plain_string, name, 0, "hasAttr")
    return then_argument(force_attrs, s, 1, "hasAttr", lambda s: name in s)


@builtin("removeAttrs", lazy=("names",), top_level=True)
def remove_attrs(s, names):
    """`s` without the attributes listed in `names`."""
    argument(force_attrs, s, 0, "removeAttrs")
    drop = set()
    for n in (yield from forced_argument(force_list, names, 1, "removeAttrs")):
        drop.add(str((yield from forced_checked(force_string, n, _REMOVED_NAME))))
    return {k: v for k, v in s.items() if k not in drop}


_REMOVED_NAME = "while evaluating the values of the second argument passed to builtins.removeAttrs"


@plain_form("removeAttrs")
def remove_attrs_plain(s, names):
    """`removeAttrs` in plain code: each name forced at once (`vm/plain.py`)."""
    argument(force_attrs, s, 0, "removeAttrs")
    drop = {str(checked(force_string, force(n), _REMOVED_NAME))
            for n in argument(force_list, force(names), 1, "removeAttrs")}
    return {k: v for k, v in s.items() if k not in drop}


@builtin("listToAttrs")
def list_to_attrs(xs):
    """A set from a list of `{ name, value }` sets; the first of equal names wins.

    As CppNix, every element and name is evaluated before any `value` is looked up; values stay unevaluated.
    """
    named: dict[str, dict] = {}
    for item in argument(force_list, xs, None, "listToAttrs"):
        item = yield from forced_checked(force_attrs, item,
                                    "while evaluating an element of the list passed to builtins.listToAttrs")
        name = yield from forced_checked(force_plain_string, _member(item, "name", _PAIR),
                                    "while evaluating the `name` attribute of an element of the list passed to "
                                    "builtins.listToAttrs")
        named.setdefault(str(name), item)
    return {name: _member(item, "value", _PAIR) for name, item in named.items()}


# -- import and search paths ---------------------------------------------

@builtin("import", top_level=True)
def import_(path):
    """Evaluate the Nix file at `path`."""
    target = yield coerce_to_string(path, copy_to_store=False)
    if not str(target).startswith("/"):
        raise EvalError(f"string '{target}' doesn't represent an absolute path")
    return (yield (yield Import(str(target))))


@builtin("scopedImport", lazy=("scope",), top_level=True)
def scoped_import(scope, path):
    """Evaluate the Nix file at `path` with the attributes of `scope` in front of the builtins."""
    target = yield coerce_to_string(path, copy_to_store=False)
    if not str(target).startswith("/"):
        raise EvalError(f"string '{target}' doesn't represent an absolute path")
    scope = yield from forced_argument(force_attrs, scope, 0, "scopedImport")
    return (yield (yield Import(str(target), scope)))


COREPKGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corepkgs")
"""Nix files that `<nix/...>` names before any search path entry (CppNix's corepkgs)."""


@builtin("findFile", lazy=("name",))
def find_file(search_path, name):
    """Look `name` up in a search path (a list of `{ prefix, path }`), like `<name>`.

    As CppNix, every entry of the search path is evaluated before `name`.
    """
    entries = []
    for entry in argument(force_list, search_path, 0, "findFile"):
        entry = yield from forced_checked(force_attrs, entry, "while evaluating an element of the list passed to "
                                     "builtins.findFile")
        prefix = yield from forced_checked(force_string, entry.get("prefix", ""), "while evaluating the `prefix` "
                                      "attribute of an element of the list passed to builtins.findFile")
        base = yield from framed(coerce_to_string(_member(entry, "path", "in an element of the __nixPath"),
                                             copy_to_store=False),
                            "while evaluating the `path` attribute of an element of the list passed to "
                            "builtins.findFile")
        entries.append((str(prefix), base))
    name = str((yield from forced_argument(force_string, name, 1, "findFile")))
    if name.startswith("nix/"):
        internal = os.path.join(COREPKGS, name[4:])
        if (yield PathExists(internal)):
            return Path(internal)
    for prefix, base in entries:
        if prefix and not (name == prefix or name.startswith(prefix + "/")):
            continue
        rest = name[len(prefix):].lstrip("/") if prefix else name
        candidate = str(base).rstrip("/") + ("/" + rest if rest else "")
        if (yield PathExists(candidate)):
            from ..vm.coerce import canonical_path
            return Path(canonical_path(candidate))
    raise ThrownError(f"file '{name}' was not found in the Nix search path (add it using $NIX_PATH or -I)")


__all__ = ["force_string", "force_list", "force_attrs", "force_int", "force_function", "deep_force"]
