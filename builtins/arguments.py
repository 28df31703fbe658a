"""Argument checks with CppNix's trace lines.

CppNix's builtins pass an error context to every `force*` call, so a type
error in an argument reads `… while evaluating the first argument passed to
builtins.X` under the `… while calling the 'X' builtin` frame. These helpers
run a check (or a generator) and add such a line to any error it raises.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from ..vm.errors import NixError, Span
from ..vm.requests import Gen, Nested
from ..vm.thunk import Thunk

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
