"""pynix: a Nix language evaluator written in Python.

    >>> import pynix
    >>> pynix.evaluate("1 + 2")
    3
"""

from __future__ import annotations

from typing import Any

from .vm.errors import EvalError, NixError, ParseError, ThrownError
from .vm.requests import Call, Force

__version__ = "0.1.0"


def Evaluator(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - a class to its users
    """Create an evaluator (see `pynix.evaluator.Evaluator`)."""
    from .evaluator import Evaluator as _Evaluator
    return _Evaluator(*args, **kwargs)


def evaluate(text: str, **options: Any) -> Any:
    """Evaluate a Nix expression with a fresh evaluator and return it as Python data (strictly)."""
    ev = Evaluator(**options)
    return ev.to_python(ev.evaluate(text))


__all__ = ["evaluate", "Evaluator", "NixError", "ParseError", "EvalError", "ThrownError", "Force", "Call",
           "__version__"]
