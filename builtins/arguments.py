"""Argument checks with CppNix's trace lines.

CppNix's builtins pass an error context to every `force*` call, so a type
error in an argument reads `… while evaluating the first argument passed to
builtins.X` under the `… while calling the 'X' builtin` frame. These helpers
run a check (or a generator) and add such a line to any error it raises.
"""

from __future__ import annotations

from types import GeneratorType
from typing import Any, Callable, TypeVar

from ..vm.errors import NixError, Span
from ..vm.requests import Gen, Nested
from ..vm.thunk import Thunk, forced

T = TypeVar("T")


def checked(check: Callable[[Any], T], value: Any, context: str) -> T:
    """`check(value)`; an error it raises gets the trace line `context`."""
    try:
        return check(value)
    except NixError as err:
        err.add_frame(context)
        raise


def framed(gen: Gen | Nested, context: str, at: Span | None = None) -> Gen:
    """Generator: the result of running `gen`; an error it raises gets the trace line `context` (at `at`)."""
    try:
        return (yield gen)
    except NixError as err:
        err.add_frame(context, at)
        raise


def forced_checked(check: Callable[[Any], T], value: Any, context: str) -> Gen:
    """Generator: `check` on `value` forced; an error while forcing or checking gets the line `context`.

    For list elements and attribute values, which reach a builtin unforced
    (CppNix's `forceList(*elem, pos, context)` and friends).
    """
    try:
        if value.__class__ is Thunk:
            value = yield value
        return check(value)
    except NixError as err:
        err.add_frame(context)
        raise


def nth(index: int) -> str:
    """`first`, `second`, ... as CppNix words argument positions."""
    return ("first", "second", "third")[index]


def argument_context(index: int | None, name: str) -> str:
    """CppNix's line for the `index`th (0-based) argument of builtin `name`; `None`: its only argument."""
    which = "the argument" if index is None else f"the {nth(index)} argument"
    return f"while evaluating {which} passed to builtins.{name}"


def argument(check: Callable[[Any], T], value: Any, index: int | None, name: str) -> T:
    """`check` on the `index`th (0-based; `None`: the only) argument of builtin `name`, with CppNix's line."""
    try:
        return check(value)
    except NixError as err:
        err.add_frame(argument_context(index, name))  # built only on failure: builtins are hot paths
        raise


def forced_argument(check: Callable[[Any], T], value: Any, index: int | None, name: str) -> Gen:
    """Generator: `argument` on `value`, forced here.

    For an argument that CppNix forces only after checking the ones before it
    (so their errors come first), or only when it is needed; such an argument
    is registered `lazy`.
    """
    if value.__class__ is Thunk:
        value = yield value
    return argument(check, value, index, name)


# -- suspending only where a builtin must ----------------------------------------
# A builtin whose lazy argument, or result, may be an unevaluated thunk returns
# a generator only when it is one: otherwise it finishes as a plain call.


def result(value: Any) -> Any:
    """`value` (an argument or element a builtin returns) forced: itself or its value when evaluated
    already, else a generator forcing it."""
    if value.__class__ is Thunk:
        if value.fn is None:
            return value.value
        return forced(value)
    return value


def then_checked(check: Callable[[Any], T], value: Any, context: str, rest: Callable[[T], Any]) -> Any:
    """`rest(check(value))` for a lazy argument `value`, forced first as `forced_checked` does: at once if
    it is evaluated already, else in a generator. `rest` returns a value or a generator."""
    if value.__class__ is Thunk:
        if value.fn is not None:
            return then(forced_checked(check, value, context), rest)
        value = value.value
    return rest(checked(check, value, context))


def then_argument(check: Callable[[Any], T], value: Any, index: int | None, name: str,
                  rest: Callable[[T], Any]) -> Any:
    """`rest` of the lazy argument `value` of builtin `name` forced and checked as `forced_argument` does:
    at once if it is evaluated already, else in a generator."""
    if value.__class__ is Thunk:
        if value.fn is not None:
            return then(forced_argument(check, value, index, name), rest)
        value = value.value
    return rest(argument(check, value, index, name))


def then(first: Gen, rest: Callable[[Any], Any]) -> Gen:
    """Generator: `rest` of what the generator `first` gives, finished."""
    value = rest((yield from first))
    if value.__class__ is GeneratorType:
        value = yield from value
    return value
