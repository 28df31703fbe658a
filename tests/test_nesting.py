"""One nesting limit for every construct, refused at once with a position; what is under it parses."""

from __future__ import annotations

import time

import pytest

import pynix
from pynix.compiler.nesting import MAX_NESTING, too_deep

NESTED = {
    "parentheses": lambda n: "(" * n + "1" + ")" * n,
    "lists": lambda n: "[" * n + "]" * n,
    "sets": lambda n: "{ a = " * n + "1" + "; }" * n,
    "lets": lambda n: "let a = 1; in " * n + "a",
    "lambdas": lambda n: "x: " * n + "1",
    "withs": lambda n: "with {}; " * n + "1",
    "ifs": lambda n: "if true then " * n + "1" + " else 2" * n,
    "interpolations": lambda n: '"${' * n + '"x"' + '}"' * n,
    "indented strings": lambda n: "''${" * n + '"x"' + "}''" * n,
}


@pytest.mark.parametrize("kind", NESTED)
def test_every_construct_meets_the_same_limit_at_once(kind):
    text = NESTED[kind](100_000)
    start = time.monotonic()
    with pytest.raises(pynix.ParseError) as info:
        pynix.Evaluator(cache_dir=None).evaluate(text)
    assert time.monotonic() - start < 5
    assert info.value.message == f"expression is nested too deeply (more than {MAX_NESTING} levels)"
    assert info.value.span is not None and info.value.span.line == 1


@pytest.mark.parametrize("kind", NESTED)
def test_the_scan_counts_each_level_once(kind):
    assert too_deep(NESTED[kind](MAX_NESTING - 2)) is None
    assert too_deep(NESTED[kind](MAX_NESTING + 1)) is not None


@pytest.mark.parametrize("text", [
    "{ a = let x = 1; in x; b = with {}; 2; c = if a then 1 else 2; d = x: x; } " * 2000,
    "[ " + '"${"(" + "["}" ' * 20000 + "]",  # brackets in strings are text
    "[ " + "./let/in/x " * 20000 + "]",  # so are keywords in paths
    "[ " + "/* ( [ { */ # let (\n 1 " * 20000 + "]",  # and in comments
])
def test_wide_code_is_not_deep(text):
    assert too_deep(text) is None


def test_moderately_deep_code_still_evaluates():
    assert pynix.evaluate(NESTED["lets"](2000)) == 1
    assert pynix.evaluate(NESTED["parentheses"](5000)) == 1
