"""Evaluation depth never depends on Python's stack: deep recursion works or ends in a clean Nix error."""

from __future__ import annotations

import pytest

import pynix
from pynix.vm.errors import NixError

SUM = "let sum = n: if n == 0 then 0 else n + sum (n - 1); in sum {n}"


def test_non_tail_recursion_beyond_cppnix_with_a_raised_limit() -> None:
    assert pynix.evaluate(SUM.format(n=1_000_000), max_call_depth=1_100_000) == 500000500000


def test_default_limit_gives_a_clean_stack_overflow() -> None:
    with pytest.raises(NixError, match=r"stack overflow; max-call-depth exceeded"):
        pynix.evaluate(SUM.format(n=20_000))


def test_self_application_ends_cleanly() -> None:
    with pytest.raises(NixError, match=r"stack overflow; max-call-depth exceeded"):
        pynix.evaluate("(x: x x) (x: x x)")


def test_infinite_recursion_is_detected() -> None:
    with pytest.raises(NixError, match="infinite recursion encountered"):
        pynix.evaluate("let x = x + 1; in x")


def test_deep_data_is_forced_within_the_limit() -> None:
    linked = "builtins.foldl' (tail: head: {{ inherit head tail; }}) null (builtins.genList (x: x) {n})"
    assert pynix.evaluate(f"builtins.deepSeq ({linked.format(n=5000)}) 1") == 1
    with pytest.raises(NixError, match="stack overflow"):
        pynix.evaluate(f"builtins.deepSeq ({linked.format(n=50000)}) 1")


@pytest.mark.parametrize("text", [
    "builtins.length " + "[" * 10000 + "]" * 10000,
    "(" * 10000 + "1" + ")" * 10000,
    "let a = 1; in " * 3000 + "a",
    "let f = " + "x: " * 3000 + "x; in 1",
])
def test_deeply_nested_source_evaluates(text: str) -> None:
    assert pynix.evaluate(text) == 1
