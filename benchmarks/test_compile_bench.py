"""Front-end micro benchmarks over benchmarks/workloads: parsing, compiling, and loading from the compile cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.compiler.parser import parse
from pynix.evaluator import Evaluator
from pynix.vm.errors import Source

WORKLOADS = Path(__file__).resolve().parent / "workloads"
SOURCES = [Source.read(str(p)) for p in sorted(WORKLOADS.glob("*.nix"))]


def compile_all(ev: Evaluator) -> int:
    return len([ev.compile(s, str(WORKLOADS)) for s in SOURCES])


@pytest.mark.benchmark(group="micro")
def test_parse(benchmark) -> None:
    assert benchmark(lambda: len([parse(s) for s in SOURCES])) == len(SOURCES) > 0


@pytest.mark.benchmark(group="micro")
def test_compile(benchmark) -> None:
    ev = Evaluator(cache_dir=None)
    assert benchmark(compile_all, ev) == len(SOURCES) > 0


@pytest.mark.benchmark(group="micro")
def test_compile_cached(benchmark, tmp_path: Path) -> None:
    ev = Evaluator(cache_dir=str(tmp_path))
    compile_all(ev)

    def no_compiler(*args: object) -> None:
        raise AssertionError("a cached compilation ran the compiler")

    ev._compile_unit = no_compiler  # every unit must now come from the cache
    assert benchmark(compile_all, ev) == len(SOURCES) > 0
