"""The `… while calling ...` frames errors collect as they leave function calls, as CppNix prints them."""

from __future__ import annotations

from types import FunctionType
from typing import Any

from .errors import NixError, Span, TypeError_, code_span
from .values import LAMBDAS, PrimOp, PrimOpApp


def call_site(caller: Any) -> Span | None:
    """The position of a call: `caller` is a `Span`, or the suspended generator that made it."""
    if caller.__class__ is Span:
        return caller
    frame = getattr(caller, "gi_frame", None)
    if frame is None:
        return None
    return code_span(frame.f_code, frame.f_lasti)


def add_call_frames(error: NixError, callee: Any, caller: Any) -> None:
    """Record that `error` left a call of `callee`.

    `caller` is where the call was made: the suspended generator that made it,
    the call site's `Span` (tail calls carry it), or None.
    """
    cls = callee.__class__
    if cls is PrimOp or cls is PrimOpApp:
        name = callee.name if cls is PrimOp else callee.primop.name
        error.add_frame(f"while calling the '{name}' builtin", call_site(caller))
    elif cls is FunctionType:
        info = LAMBDAS.get(callee.__code__)
        if info is None:
            return
        what = f"'{info.name}'" if info.name else "anonymous lambda"
        error.add_frame(f"while calling {what}", info.span)
        site = call_site(caller)
        if site is not None:
            error.add_frame("from call site", site)
    elif error.span is None and error.__class__ is TypeError_ and not error.frames:
        # Not a function at all (`1 1` in tail position): the error is the call's own, at its site.
        error.span = call_site(caller)
