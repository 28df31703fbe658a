"""The asyncio host: `Evaluator.evaluate_async` overlaps the IO of many evaluations on one thread."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

import pynix
from fetch_fixtures import LoopbackServer, make_tarball

N, DELAY = 20, 0.2


@pytest.fixture(autouse=True)
def fetch_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYNIX_FETCH_STORE", str(tmp_path / "fetch-store"))


def test_twenty_slow_fetches_overlap(tmp_path: Path) -> None:
    for i in range(N):
        make_tarball(tmp_path / f"t{i}.tar.gz", text=f"tarball {i}\n")
    with LoopbackServer(tmp_path, delay=DELAY) as server:
        exprs = [f'(import (builtins.fetchTarball "{server.url}/t{i}.tar.gz")).text' for i in range(N)]
        threads = threading.active_count()

        async def all_at_once() -> list[object]:
            return await asyncio.gather(*(pynix.Evaluator(cache_dir=None).evaluate_async(e) for e in exprs))

        start = time.monotonic()
        overlapped = asyncio.run(all_at_once())
        async_seconds = time.monotonic() - start
        assert threading.active_count() == threads  # HTTP waits on the loop, not in threads
        start = time.monotonic()
        one_by_one = [pynix.Evaluator(cache_dir=None).evaluate(e) for e in exprs]
        sync_seconds = time.monotonic() - start
    assert overlapped == one_by_one == [f"tarball {i}\n" for i in range(N)]
    assert async_seconds < 1.5, (async_seconds, sync_seconds)
    assert sync_seconds > N * DELAY


def test_file_reads_suspend_and_errors_arrive_as_in_the_sync_api(tmp_path: Path) -> None:
    (tmp_path / "a.nix").write_text('{ x = builtins.readFile ./b.txt; y = builtins.attrNames (builtins.readDir ./.); }')
    (tmp_path / "b.txt").write_text("bee")
    ev = pynix.Evaluator(cache_dir=None)

    async def run() -> object:
        return await ev.evaluate_async(f"import {tmp_path}/a.nix", strict=True)

    assert asyncio.run(run()) == {"x": "bee", "y": ["a.nix", "b.txt"]}
    with pytest.raises(pynix.NixError, match="path '/no/such' does not exist"):
        asyncio.run(ev.evaluate_async('builtins.tryEval (builtins.readFile "/no/such")'))
    with pytest.raises(pynix.ThrownError, match="boom"):
        asyncio.run(ev.evaluate_async(f'builtins.seq (builtins.readFile {tmp_path}/b.txt) (throw "boom")'))
    assert ev.evaluate("1 + 1") == 2  # the synchronous API is unchanged


def test_one_evaluator_runs_one_evaluation_at_a_time(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("1")
    ev = pynix.Evaluator(cache_dir=None)
    shared = ev.evaluate_raw(f'let v = builtins.readFile {tmp_path}/f; in {{ inherit v; }}')

    async def both() -> list[object]:
        text = f'builtins.readFile {tmp_path}/f + "2"'
        return list(await asyncio.gather(ev.evaluate_async(text), ev.evaluate_async(text)))

    assert asyncio.run(both()) == ["12", "12"]
    assert ev.to_python(shared) == {"v": "1"}
