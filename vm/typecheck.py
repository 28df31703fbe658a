"""Type errors worded as CppNix words them (`expected a list but found an integer: 1`)."""

from __future__ import annotations

from typing import Any, NoReturn

from .errors import EvalError, TypeError_
from .printer import print_brief
from .values import NixString, show_type


def type_error(expected: str, value: Any) -> TypeError_:
    """`expected <expected> but found <type>: <value>`."""
    return TypeError_(f"expected {expected} but found {show_type(value)}: {print_brief(value)}")


def not_a_boolean(value: Any, context: str | None = None) -> NoReturn:
    """Raise the error for a non-Boolean condition."""
    err = type_error("a Boolean", value)
    if context:
        err.add_frame(context)
    raise err


def without_context(s: Any) -> str:
    """`s` as a plain string; a string with a context is CppNix's `forceStringNoCtx` error, naming the first
    context element in CppNix's (string) order, in full."""
    if s.__class__ is NixString and s.context:
        raise EvalError(f"the string '{s}' is not allowed to refer to a store path (such as '{min(s.context)}')")
    return str(s)
