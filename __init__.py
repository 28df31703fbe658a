"""pynix: a Nix language evaluator written in Python.

    >>> import pynix
    >>> pynix.evaluate("1 + 2")
    3
    >>> ev = pynix.Evaluator()
    >>> ev.evaluate("x: x * 2")(21)
    42
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .vm.errors import (AbortError, Cancelled, EvalError, Frame, InfiniteRecursion, NixError, ParseError, Position,
                        StackOverflow, ThrownError, UndefinedVariableError)
from .vm.errors import AssertionError_ as AssertionFailed
from .vm.errors import TypeError_ as NixTypeError
from .vm.limits import LimitExceeded
from .vm.requests import Call, Force
from .vm.values import Path
from .vm.values import NixString

if TYPE_CHECKING:
    from .evaluator import Evaluator
    from .hosts import FileSystemHost, Host, MemoryHost, RestrictedHost
    from .jobs import eval_jobs
    from .progress import EvalProgress
    from .views import AttrsView, FunctionView, ListView

__version__ = "0.1.0"

# Loaded on first use, so that `import pynix` stays cheap for the command line.
_LAZY = {
    "Evaluator": "evaluator", "Host": "hosts", "FileSystemHost": "hosts", "RestrictedHost": "hosts",
    "MemoryHost": "hosts", "AttrsView": "views", "ListView": "views", "FunctionView": "views",
    "EvalProgress": "progress", "eval_jobs": "jobs",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'pynix' has no attribute {name!r}")


def evaluate(text: str, **options: Any) -> Any:
    """Evaluate a Nix expression with a fresh evaluator (`options` as for `Evaluator`) and return it
    as plain Python data, forced completely."""
    from .evaluator import Evaluator
    ev = Evaluator(**options)
    return ev.to_python(ev.evaluate_raw(text))


def to_python(value: Any) -> Any:
    """A value from `Evaluator.evaluate` (or an internal Nix value) forced completely into plain
    Python data: dicts, lists, str, int, float, bool, None, `Path`; functions stay callable."""
    from .views import to_python as convert
    return convert(value)


def __dir__() -> list[str]:
    """The public API only (`__all__`), not the modules and typing names the package uses itself."""
    return sorted(__all__)


__all__ = ["evaluate", "to_python", "Evaluator", "Host", "FileSystemHost", "RestrictedHost", "MemoryHost",
           "AttrsView", "ListView", "FunctionView", "Path", "NixString",
           "NixError", "ParseError", "EvalError", "ThrownError", "AssertionFailed", "AbortError", "NixTypeError",
           "InfiniteRecursion", "StackOverflow", "UndefinedVariableError", "Position", "Frame", "Cancelled", "LimitExceeded",
           "EvalProgress", "eval_jobs",
           "Force", "Call", "__version__"]
