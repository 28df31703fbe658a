"""Evaluation benchmarks: micro (one language feature each) and macro (whole workloads)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pynix.evaluator import Evaluator

MICRO = {
    "function-call": ("let f = n: if n == 0 then 0 else f (n - 1); in f 20000", 0),
    "thunk-force": ("let xs = builtins.genList (i: i * 2) 20000; in builtins.foldl' (a: b: a + b) 0 xs",
                    399980000),
    "attrset-merge": ("builtins.length (builtins.attrNames (builtins.foldl' (acc: i: acc // { \"k${toString i}\" = i; })"
                      " { } (builtins.genList (i: i) 500)))", 500),
    "string-interpolation": ("builtins.stringLength (builtins.foldl' (acc: i: \"${acc}${toString i}\") \"\""
                             " (builtins.genList (i: i) 2000))", 6890),
    "list-building": ("builtins.length (builtins.concatLists (builtins.genList (i: [ i i ]) 20000))", 40000),
}


@pytest.mark.parametrize("name", sorted(MICRO))
def test_micro(benchmark, name: str) -> None:
    text, expected = MICRO[name]

    def run():
        ev = Evaluator(cache_dir=None)
        return ev.to_python(ev.evaluate(text))

    assert benchmark(run) == expected


WORKLOADS = sorted(f"{n:02d}" for n in range(1, 14))


@pytest.mark.parametrize("number", WORKLOADS)
def test_workload(benchmark, shared: Path, number: str) -> None:
    bench = shared / "workloads" / "bench"
    [path] = bench.glob(f"{number}-*.nix")
    expected = (bench / "expected" / f"{path.stem}.out").read_text().strip()

    def run():
        from pynix.vm.printer import print_value
        ev = Evaluator(cache_dir=None)
        return ev.run(print_value(ev.evaluate_file(str(path)), strict=True))

    assert benchmark.pedantic(run, rounds=1, iterations=1) == expected


@pytest.mark.parametrize("suite", ["misc", "systems"])
def test_nixpkgs_lib_suite(benchmark, shared: Path, suite: str) -> None:
    root = shared / "workloads" / "nixpkgs-lib"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        def run():
            from pynix.vm.printer import print_value
            ev = Evaluator(cache_dir=None)
            return ev.run(print_value(ev.evaluate_file(f"lib/tests/{suite}.nix"), strict=True))

        assert benchmark.pedantic(run, rounds=1, iterations=1) == "[ ]"
    finally:
        os.chdir(cwd)
