"""eval-jobs benchmarks: the generated package set (benchmarks/packageset) on 1 and 2 worker processes
and on a 2-worker Dask LocalCluster.

    python3 -m pytest benchmarks/test_eval_jobs_bench.py --benchmark-enable

measures the full set (3,000 derivations), five rounds each; compare the
medians of the group `eval-jobs`. Without --benchmark-enable (the test run)
each case runs once on a 200-derivation set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from pynix import eval_jobs

PACKAGE_SET = Path(__file__).resolve().parent / "packageset"


def run_jobs(benchmark: Any, **options: Any) -> None:
    size = 200 if benchmark.disabled else 3000

    def run() -> int:
        return sum("drvPath" in record for record in eval_jobs(PACKAGE_SET, args={"size": str(size)}, **options))

    assert benchmark.pedantic(run, rounds=5, iterations=1) == size


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
