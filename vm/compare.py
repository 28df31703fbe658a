"""Equality (`==`, deep) and ordering (`<` on numbers, strings, paths and lists)."""

from __future__ import annotations

from types import FunctionType
from typing import Any

from .errors import AssertionError_, EvalError, Span
from .printer import print_brief
from .requests import Gen
from .thunk import Thunk, forced
from .values import Path, NixString, is_derivation, show_type, type_of


def op_eq(a: Any, b: Any) -> Any:
    """Nix equality of two forced values: a bool when it is decided at once (scalars, paths), else a
    generator that forces nested values as needed. Either way, yielding it gives the answer."""
    quick = quick_equal(a, b)
    return _equal(a, b, top=True) if quick is None else quick


def equal_slots(a: Any, b: Any) -> Gen:
    """Generator: whether the values in two slots are equal (CppNix's `eqValues` on two `Value *`s, as
    `elem` compares): forced, and equal if they are the same value."""
    return _equal(a, b)


def quick_equal(a: Any, b: Any) -> bool | None:
    """`a == b` when it needs no forcing and no walk (scalars, evaluated thunks of them, paths, lists of
    different lengths or empty), else None."""
    if a.__class__ is Thunk:
        if a.fn is not None:
            return None
        a = a.value
    if b.__class__ is Thunk:
        if b.fn is not None:
            return None
        b = b.value
    ca, cb = a.__class__, b.__class__
    if ca is int or ca is float:
        return (cb is int or cb is float) and a == b
    if ca is str or ca is NixString:
        return (cb is str or cb is NixString) and str.__eq__(a, b)
    if ca is bool or a is None:
        return ca is cb and a == b
    if ca is Path:
        return cb is Path and a.path == b.path
    if cb is int or cb is float or cb is str or cb is NixString or cb is bool or b is None or cb is Path:
        return False
    if ca is list:  # `xs != [ ]`: lists of different lengths differ before anything is forced
        if cb is not list or len(a) != len(b):
            return False
        return True if not a else None
    return None


def _equal(a: Any, b: Any, top: bool = False) -> Gen:
    """Generator: `a == b`. Inside a structure (not `top`), the same value on both sides is equal
    once forced, as CppNix's `eqValues` compares `Value *`s after forcing them; the operands of
    `==` itself are never equal for being the same (`x == x` forces `x`'s attributes)."""
    if a.__class__ is Thunk:
        a = yield a
    if b.__class__ is Thunk:
        b = yield b
    if not top and a is b:
        return True
    ca, cb = a.__class__, b.__class__
    if ca is int or ca is float:
        return (cb is int or cb is float) and a == b
    if ca is bool or a is None:
        return ca is cb and a == b
    if ca is str or ca is NixString:
        return (cb is str or cb is NixString) and str.__eq__(a, b)
    if ca is Path:
        return cb is Path and a.path == b.path
    if ca is list:
        if cb is not list or len(a) != len(b):
            return False
        pairs: Any = zip(a, b)
    elif ca is dict:
        if cb is not dict:
            return False
        if "type" in a and "type" in b and "outPath" in a and "outPath" in b:
            ta = yield from forced(a["type"])
            tb = yield from forced(b["type"])
            if ta == "derivation" and tb == "derivation":
                return (yield _equal(a["outPath"], b["outPath"]))
        if len(a) != len(b) or a.keys() != b.keys():
            return False
        pairs = ((a[k], b[k]) for k in sorted(a))
    else:
        return False
    for x, y in pairs:
        same = quick_equal(x, y)
        if same is None:
            # Forced here, in order (no generator of their own for the common scalars), then compared.
            if x.__class__ is Thunk and x.fn is not None:
                x = yield x
            if y.__class__ is Thunk and y.fn is not None:
                y = yield y
            same = quick_equal(x, y)
            if same is None:
                same = yield _equal(x, y)
        if not same:
            return False
    return True


def explain_inequality(a: Any, b: Any, span: Span, top: bool = True) -> Gen:
    """Generator: raise CppNix's explanation of why `a == b` is false (`assert a == b;` failing).

    Walks the values as `==` does; the first difference is reported with
    `while comparing attribute 'x'` / `list element N` frames at `span` (the
    `==` operator). Returns normally only if the values are equal after all.
    """
    a = yield from forced(a)
    b = yield from forced(b)
    if not top and a is b:
        return  # the same value on both sides, as `==` decides inside structures
    ca, cb = a.__class__, b.__class__
    if (ca is int or ca is float) and (cb is int or cb is float):
        if a == b:
            return
        raise AssertionError_(f"{show_type(a)} with value '{print_brief(a)}' is not equal to "
                              f"{show_type(b)} with value '{print_brief(b)}'")
    if type_of(a) != type_of(b):
        raise AssertionError_(f"{show_type(a)} of value '{print_brief(a)}' is not equal to "
                              f"{show_type(b)} of value '{print_brief(b)}'")
    if ca is bool or ca is str or ca is NixString or ca is Path:
        if (yield _equal(a, b, top=True)):
            return
        what = {bool: "boolean", Path: "path"}.get(ca, "string")
        raise AssertionError_(f"{what} '{print_brief(a)}' is not equal to {what} '{print_brief(b)}'")
    if ca is list:
        if len(a) != len(b):
            raise AssertionError_(f"list of size '{len(a)}' is not equal to list of size '{len(b)}', left hand side "
                                  f"is '{print_brief(a)}', right hand side is '{print_brief(b)}'")
        for n, (x, y) in enumerate(zip(a, b)):
            yield _explained(x, y, span, f"while comparing list element {n}")
        return
    if ca is dict:
        if is_derivation(a) and is_derivation(b) and "outPath" in a and "outPath" in b:
            yield _explained(a["outPath"], b["outPath"], span, "while comparing a derivation by its 'outPath' attribute")
            return
        if a.keys() != b.keys():
            raise AssertionError_(f"attribute names of attribute set '{print_brief(a)}' differs from attribute set "
                                  f"'{print_brief(b)}'")
        for k in sorted(a):
            yield _explained(a[k], b[k], span, f"while comparing attribute '{k}'")
        return
    if a is None:
        return
    raise AssertionError_("distinct functions and immediate comparisons of identical functions compare as unequal")


def _explained(a: Any, b: Any, span: Span, frame: str) -> Gen:
    try:
        yield explain_inequality(a, b, span, top=False)
    except AssertionError_ as err:
        err.add_frame(frame, span)
        raise


def op_lt(a: Any, b: Any) -> Any:
    """`a < b` as `builtins.lessThan` defines it: a bool for numbers, else a generator (yield either)."""
    ca, cb = a.__class__, b.__class__
    if (ca is int or ca is float) and (cb is int or cb is float):
        return a < b
    return _less(a, b)


def op_gt(a: Any, b: Any) -> Any:
    """`a > b`, that is `b < a` (a bool or a generator, as `op_lt`)."""
    return op_lt(b, a)


def _less(a: Any, b: Any) -> Gen:
    ca, cb = a.__class__, b.__class__
    if (ca is int or ca is float) and (cb is int or cb is float):
        return a < b
    if (ca is str or ca is NixString) and (cb is str or cb is NixString):
        return a.encode("utf-8", "surrogateescape") < b.encode("utf-8", "surrogateescape")
    if ca is Path and cb is Path:
        return a.path < b.path
    if ca is list and cb is list:
        for x, y in zip(a, b):
            x = yield from forced(x)
            y = yield from forced(y)
            if not (yield _equal(x, y)):
                return (yield _less(x, y))
        return len(a) < len(b)
    if _kind(a) != _kind(b):
        raise EvalError(f"cannot compare {show_type(a)} with {show_type(b)}; values are "
                        f"{print_brief(a)} and {print_brief(b)}")
    raise EvalError(f"cannot compare {show_type(a)} with {show_type(b)}; values of that type are "
                    f"incomparable (values are {print_brief(a)} and {print_brief(b)})")


def _kind(v: Any) -> str:
    cls = v.__class__
    if cls is int or cls is float:
        return "number"
    if cls is NixString:
        return "string"
    if cls is FunctionType:
        return "function"
    return cls.__name__
