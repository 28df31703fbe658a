"""Helpers shared by the builtin tests: evaluate an expression strictly, or get the error it raises."""

from __future__ import annotations

from typing import Any

import pytest

import pynix


def ev(text: str) -> Any:
    """`text` evaluated and converted to Python data."""
    return pynix.evaluate(text)


def error_of(text: str) -> pynix.EvalError:
    """The evaluation error `text` raises."""
    with pytest.raises(pynix.EvalError) as info:
        ev(text)
    return info.value
