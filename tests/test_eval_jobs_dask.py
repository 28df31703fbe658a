"""`pynix.eval_jobs` on a Dask cluster: a `LocalCluster` of two worker processes on loopback."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from pynix import eval_jobs

distributed = pytest.importorskip("distributed", reason="Dask is not installed (the `dask` extra: pip install "
                                                        "'pynix[dask]', or the `test` extra)")

from test_eval_jobs import PACKAGE_SET, SIZE, by_attr, sequential  # noqa: E402,F401  (the fixture too)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


def test_a_dask_cluster_gives_the_sequential_records(client: Any, sequential: list[dict[str, Any]]) -> None:
    assert by_attr(list(eval_jobs(PACKAGE_SET, dask_client=client, args={"size": SIZE}))) == sequential


def test_each_root_and_arguments_get_their_own_evaluator(client: Any) -> None:
    text = '{{ d = derivation {{ name = "{}"; system = "x"; builder = "/bin/sh"; }}; }}'
    for name in ("one", "two"):
        records = list(eval_jobs(expr=text.format(name), dask_client=client))
        assert [r["name"] for r in records] == [name]
    broken = list(eval_jobs(expr="{ b = throw \"no\"; }", dask_client=client))
    assert broken[0]["error"].startswith("error: no")


def test_the_command_sends_the_jobs_to_a_scheduler(client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from test_eval_jobs import SMALL_SET, run_command
    status, records, _ = run_command(["--expr", SMALL_SET, "--dask-scheduler", client.scheduler.address], capsys)
    assert status == 1
    assert [r["attr"] for r in records] == ["a", "broken", "set.b", "set.bad"]


def test_a_worker_keeps_a_session_per_root_for_a_run() -> None:
    from pynix.jobs import make_spec
    from pynix.jobs.cluster import _SESSIONS, run_task
    spec = make_spec(None, '{ d = derivation { name = "d"; system = "x"; builder = "/bin/sh"; }; }', {}, {}, (),
                     False, False, False)
    assert run_task(spec, "run-1", [(), ("d",)], None)[0] == ["d"]
    first = _SESSIONS[spec][1]
    run_task(spec, "run-1", [("d",)], None)
    assert _SESSIONS[spec][1] is first  # the same run: the same evaluator
    run_task(spec, "run-2", [("d",)], None)
    assert _SESSIONS[spec][1] is not first  # the next run evaluates anew
    run_task(spec, "run-2", [("d",)], 1)  # past the memory limit: dropped after the batch
    assert spec not in _SESSIONS


def test_a_scheduler_out_of_reach_is_a_nix_error(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from pynix.jobs import command
    monkeypatch.setattr(command, "CONNECT_SECONDS", 1)
    assert command.main(["--expr", "{ }", "--dask-scheduler", "tcp://127.0.0.1:1"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:1: ")
