"""eval-jobs benchmarks: the generated package set (benchmarks/packageset) on 1 and 2 worker processes
and on a 2-worker Dask LocalCluster.

    python3 -m pytest benchmarks/test_eval_jobs_bench.py --benchmark-enable

measures the full set (3,000 derivations), five rounds each; compare the
medians of the group `eval-jobs` (`--benchmark-json OUT` also keeps the CPU
seconds of the pool's worker processes, in `extra_info`). Without --benchmark-enable (the test run)
each case runs once on a 200-derivation set.
"""

from __future__ import annotations

import resource
import statistics
from pathlib import Path
from typing import Any, Iterator

import pytest

from pynix import eval_jobs

PACKAGE_SET = Path(__file__).resolve().parent / "packageset"


def run_jobs(benchmark: Any, **options: Any) -> None:
    """Time the set's evaluation; on the process pool, `extra_info` also gets the median CPU seconds of its
    worker processes, which other load on the machine does not inflate as it does the times (a Dask
    cluster's workers outlive the run: their time is not counted)."""
    size = 200 if benchmark.disabled else 3000
    worker_cpu: list[float] = []

    def run() -> int:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = sum("drvPath" in record for record in eval_jobs(PACKAGE_SET, args={"size": str(size)}, **options))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return done

    assert benchmark.pedantic(run, rounds=5, iterations=1) == size
    if "dask_client" not in options:
        benchmark.extra_info["worker_cpu_seconds"] = statistics.median(worker_cpu)


@pytest.mark.benchmark(group="eval-jobs")
@pytest.mark.parametrize("workers", [1, 2])
def test_process_pool(benchmark: Any, workers: int) -> None:
    run_jobs(benchmark, workers=workers)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed", reason="Dask is not installed (the `dask` extra)")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.mark.benchmark(group="eval-jobs")
def test_dask_local_cluster(benchmark: Any, dask_client: Any) -> None:
    run_jobs(benchmark, dask_client=dask_client)
