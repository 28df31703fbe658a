"""Calling a function with formals: which argument sets are accepted, as CppNix's callFunction decides."""

from __future__ import annotations

import pytest

from evaluation import error_of, ev


@pytest.mark.parametrize("call, message", [
    # As many attributes as formals, but one is not a formal (a defaulted formal is simply absent).
    ("({ a, b ? 1 }: a) { a = 1; c = 2; }", "called with unexpected argument 'c'"),
    ("({ a, b ? 1 }: a) { c = 2; }", "called without required argument 'a'"),
    ("({ a ? 1 }: a) { b = 2; }", "called with unexpected argument 'b'"),
])
def test_rejected_arguments(call: str, message: str) -> None:
    assert message in str(error_of(call))


@pytest.mark.parametrize("call, value", [
    ("({ a, b ? 1 }: a + b) { a = 1; }", 2),
    ("({ a, b ? 1, ... }: a + b) { a = 1; c = 2; }", 2),
    ("({ a, ... }@args: args.c) { a = 1; c = 2; }", 2),
])
def test_accepted_arguments(call: str, value: int) -> None:
    assert ev(call) == value
