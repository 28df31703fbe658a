"""Parser benchmark: all of nixpkgs lib (about 38,000 lines); the target is 20,000 lines/s or more."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.compiler.parser import parse
from pynix.vm.errors import Source


@pytest.mark.benchmark(group="macro")
def test_parse_nixpkgs_lib(benchmark, shared: Path) -> None:
    files = sorted((shared / "workloads" / "nixpkgs-lib" / "lib").rglob("*.nix"))
    sources = [Source.read(str(f)) for f in files]
    lines = sum(s.text.count("\n") for s in sources)

    def run() -> int:
        return len([parse(s) for s in sources])

    assert benchmark.pedantic(run, rounds=5, iterations=1) == len(files)
    benchmark.extra_info["lines"] = lines
    if benchmark.stats:  # None under --benchmark-disable
        benchmark.extra_info["lines_per_second"] = round(lines / benchmark.stats.stats.median)
