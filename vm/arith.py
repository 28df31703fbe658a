"""Arithmetic with 64-bit integer semantics: overflow and division by zero are errors."""

from __future__ import annotations

from typing import Any

from .errors import EvalError
from .typecheck import type_error
from .values import show_type

INT_MIN = -(1 << 63)
INT_MAX = (1 << 63) - 1


def checked(result: int, verb: str, a: int, b: int) -> int:
    """`result` if it fits in 64 bits, else CppNix's overflow error."""
    if INT_MIN <= result <= INT_MAX:
        return result
    raise EvalError(f"integer overflow in {verb} {a} {_SYMBOL[verb]} {b}")


_SYMBOL = {"adding": "+", "subtracting": "-", "multiplying": "*", "dividing": "/"}


def _numbers(a: Any, b: Any) -> tuple[Any, Any, bool]:
    """Both operands as numbers, and whether the result is an integer (CppNix's `forceInt`/`forceFloat`)."""
    ca, cb = a.__class__, b.__class__
    if ca is float or cb is float:
        for x in (a, b):
            if x.__class__ is not float and x.__class__ is not int:
                raise type_error("a float", x)
        return float(a), float(b), False
    for x in (a, b):
        if x.__class__ is not int:
            raise type_error("an integer", x)
    return a, b, True


def op_sub(a: Any, b: Any) -> Any:
    """`a - b` (and unary minus as `0 - b`)."""
    x, y, ints = _numbers(a, b)
    return checked(x - y, "subtracting", x, y) if ints else x - y


def op_mul(a: Any, b: Any) -> Any:
    """`a * b`."""
    x, y, ints = _numbers(a, b)
    return checked(x * y, "multiplying", x, y) if ints else x * y


def op_div(a: Any, b: Any) -> Any:
    """`a / b`: integer division truncates toward zero, as in C.

    As CppNix, the divisor is checked first (it must be a number, "a float",
    and not zero), then the dividend.
    """
    if b.__class__ is not int and b.__class__ is not float:
        raise type_error("a float", b)
    if b == 0:
        raise EvalError("division by zero")
    x, y, ints = _numbers(a, b)
    if ints:
        q = abs(x) // abs(y)
        return checked(q if (x < 0) == (y < 0) else -q, "dividing", x, y)
    return x / y


def add_numbers(a: Any, b: Any) -> Any:
    """`a + b` where `a` is a number; `b` must be one too."""
    cb = b.__class__
    if a.__class__ is int:
        if cb is int:
            return checked(a + b, "adding", a, b)
        if cb is float:
            return a + b
        raise EvalError(f"cannot add {show_type(b)} to an integer")
    if cb is int or cb is float:
        return a + b
    raise EvalError(f"cannot add {show_type(b)} to a float")
