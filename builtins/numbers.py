"""Number builtins: bitAnd, bitOr, bitXor, ceil, floor."""

from __future__ import annotations

import math
import operator
from typing import Any, Callable

from ..vm.errors import EvalError
from ..vm.typecheck import type_error
from .core import force_int
from .arguments import argument, forced_argument
from .registry import builtin

INT_MIN = -(2 ** 63)


def _bitwise(name: str, op: Callable[[int, int], int]) -> None:
    """Register the bitwise builtin `name` computing `op` on two integers."""
    def bitwise(a, b):
        a = argument(force_int, a, 0, name)
        return op(a, (yield from forced_argument(force_int, b, 1, name)))

    bitwise.__doc__ = f"The bitwise {name[3:].upper()} of two integers."
    builtin(name, lazy=("b",))(bitwise)


_bitwise("bitAnd", operator.and_)
_bitwise("bitOr", operator.or_)
_bitwise("bitXor", operator.xor)


def _force_float(v: Any) -> float:
    """A number as a float (integers are converted, as CppNix's forceFloat does)."""
    if v.__class__ is int or v.__class__ is float:
        return float(v)
    raise type_error("a float", v)


def _round(name: str, rounding: Callable[[float], int]) -> None:
    """Register `name` (ceil or floor): `rounding` of a number, as an integer."""
    def round_(number):
        value = argument(_force_float, number, 0, name)
        rounded = rounding(value) if math.isfinite(value) else value
        if not INT_MIN <= rounded < -INT_MIN:
            if number.__class__ is int:
                raise EvalError(f"Due to a bug (see https://github.com/NixOS/nix/issues/12899) the NixInt argument "
                                f"{number} caused undefined behavior in previous Nix versions.\n"
                                "\tFuture Nix versions might implement the correct behavior.")
            raise EvalError(f"NixFloat argument {number:g} is not in the range of NixInt")
        result = int(rounded)
        if number.__class__ is int and result != number:
            raise EvalError("Due to a bug (see https://github.com/NixOS/nix/issues/12899) a loss of precision "
                            f"occurred in previous Nix versions because the NixInt argument {number} was rounded to "
                            f"{result}.\n\tFuture Nix versions might implement the correct behavior.")
        return result

    round_.__doc__ = f"The number rounded to the next {'higher' if name == 'ceil' else 'lower'} integer."
    builtin(name)(round_)


_round("ceil", math.ceil)
_round("floor", math.floor)
