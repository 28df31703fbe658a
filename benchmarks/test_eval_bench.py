"""Evaluation benchmarks: micro (one language feature each) and macro (whole workloads)."""

from __future__ import annotations

import pytest

from pynix.bench import Workload, default_workloads
from pynix.evaluator import Evaluator
from pynix.vm.printer import print_value

MICRO = {
    "function-call": ("let add = a: b: a + b; in builtins.foldl' (acc: i: add acc i) 0 (builtins.genList (i: i) 20000)",
                      199990000),
    "thunk-create-force": ("let xs = builtins.genList (i: i * 2) 20000; in builtins.foldl' (a: b: a + b) 0 xs",
                           399980000),
    "attrset-merge": ("builtins.length (builtins.attrNames (builtins.foldl' (acc: i: acc // { \"k${toString i}\" = i; })"
                      " { } (builtins.genList (i: i) 500)))", 500),
    "string-interpolation": ("builtins.stringLength (builtins.foldl' (acc: i: \"${acc}${toString i}\") \"\""
                             " (builtins.genList (i: i) 2000))", 6890),
    "list-building": ("builtins.length (builtins.concatLists (builtins.genList (i: [ i i ]) 20000))", 40000),
}


@pytest.mark.benchmark(group="micro")
@pytest.mark.parametrize("name", sorted(MICRO))
def test_micro(benchmark, name: str) -> None:
    text, expected = MICRO[name]

    def run():
        ev = Evaluator(cache_dir=None)
        return ev.to_python(ev.evaluate(text))

    assert benchmark(run) == expected


# The shared bench workloads, nixpkgs lib's misc/systems test suites and benchmarks/workloads (whichever exist).
WORKLOADS = default_workloads([])


@pytest.mark.benchmark(group="macro")
@pytest.mark.parametrize("workload", WORKLOADS, ids=[w.name for w in WORKLOADS])
def test_workload(benchmark, monkeypatch: pytest.MonkeyPatch, workload: Workload) -> None:
    monkeypatch.chdir(workload.cwd)

    def run() -> str:
        ev = Evaluator(cache_dir=None)
        return ev.run(print_value(ev.evaluate_file_raw(workload.file), strict=True))

    output = benchmark.pedantic(run, rounds=1, iterations=1)
    if workload.expected is not None:
        assert output == workload.expected.strip()
