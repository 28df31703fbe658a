"""Type errors worded as CppNix words them (`expected a list but found an integer: 1`)."""

from __future__ import annotations

from typing import Any, NoReturn

from .errors import TypeError_
from .printer import print_brief
from .values import show_type


def type_error(expected: str, value: Any) -> TypeError_:
    """`expected <expected> but found <type>: <value>`."""
    return TypeError_(f"expected {expected} but found {show_type(value)}: {print_brief(value)}")


def not_a_boolean(value: Any, context: str | None = None) -> NoReturn:
    """Raise the error for a non-Boolean condition."""
    err = type_error("a Boolean", value)
    if context:
        err.add_frame(context)
    raise err
