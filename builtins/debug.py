"""Debugging builtins and error context: addErrorContext, warn, traceVerbose, break."""

from __future__ import annotations

from ..vm.coerce import coerce_to_string
from ..vm.errors import NixError
from ..vm.plain import force
from ..vm.requests import Warn
from ..vm.thunk import Thunk
from .arguments import checked, framed, result
from .core import force_string
from .registry import builtin, plain_form


@builtin("addErrorContext", lazy=("message", "e"))
def add_error_context(message, e):
    """`e`; an error while evaluating it gets `message` as an extra trace line."""
    if e.__class__ is not Thunk or e.fn is None:
        return result(e)  # evaluated already: nothing left to fail
    return _with_context(message, e)


@plain_form("addErrorContext")
def add_error_context_plain(message, e):
    """`addErrorContext` in plain code: `e` forced at once. An error ends the plain run, and the scheduler
    runs it again, with the builtin itself adding the context (`vm/plain.py`)."""
    return force(e)


def _with_context(message, e):
    """Generator: `e` forced; an error gets `message` as an extra trace line."""
    try:
        return (yield e)
    except NixError as err:
        text = yield from framed(coerce_to_string(message, coerce_more=False, copy_to_store=False),
                            "while evaluating the error message passed to builtins.addErrorContext")
        err.add_frame(str(text))
        raise


def warning_text(message: str) -> str:
    """`evaluation warning: MESSAGE`, continuation lines aligned under the message like CppNix."""
    prefix = "evaluation warning:"
    if message.startswith("\n"):
        return prefix + message
    pad = "\n" + " " * (len(prefix) + 1)
    return prefix + " " + pad.join(message.split("\n"))


@builtin("warn", lazy=("e",))
def warn(message, e):
    """Print the string `message` as an evaluation warning on standard error, then return `e`."""
    text = checked(force_string, message, "while evaluating the first argument; the message passed to builtins.warn")
    yield Warn(warning_text(str(text)))
    return (yield e)


@builtin("traceVerbose", lazy=("message", "e"))
def trace_verbose(message, e):
    """`e` (messages are shown only with `--trace-verbose`, which pynix does not offer)."""
    return (yield e)


@builtin("break", top_level=True)
def break_(v):
    """`v` itself: pynix has no debugger to stop in."""
    return v
