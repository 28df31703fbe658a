"""List operations used by compiled code."""

from __future__ import annotations

from typing import Any

from .typecheck import type_error


def op_concat(a: Any, b: Any) -> list:
    """`a ++ b`."""
    if a.__class__ is not list:
        raise type_error("a list", a)
    if b.__class__ is not list:
        raise type_error("a list", b)
    if not a:
        return b
    if not b:
        return a
    return a + b
