"""`pynix bench` on tiny workloads: the table, the JSON report and the correctness verdicts (never timings)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pynix.cli import main

WORKLOAD = Path(__file__).resolve().parents[1] / "benchmarks" / "workloads" / "inventory.nix"
EXPECTED = (WORKLOAD.parent / "expected" / "inventory.out").read_text()


def bench(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str, dict]:
    report = tmp_path / "report.json"
    status = main(["bench", "-n", "1", "--json", str(report), *args])
    out, err = capsys.readouterr()
    return status, out, err, json.loads(report.read_text())


def table_row(out: str, name: str) -> list[str]:
    [row] = [line.split() for line in out.splitlines() if line.startswith(name + " ")]
    return row


def test_pynix_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err, report = bench(tmp_path, capsys, str(WORKLOAD))
    assert status == 0
    assert out.splitlines()[0].split() == ["workload", "pynix", "s", "pynix", "MiB", "status"]
    assert table_row(out, "inventory")[-1] == "ok"
    assert "1 of 1 workloads ok" in out
    assert "[1/1] inventory: pynix run 1/1" in err  # progress as plain lines: stderr is not a terminal
    [w] = report["workloads"]
    assert (w["name"], w["status"], w["problems"], w["other"]) == ("inventory", "ok", [], None)
    assert w["pynix"]["stdout"] == EXPECTED
    [run] = w["pynix"]["runs"]
    assert run["exit_status"] == 0 and run["seconds"] > 0 and run["peak_mib"] > 0


@pytest.mark.skipif(not shutil.which("nix-instantiate"), reason="nix-instantiate is not installed")
def test_compare_with_nix_instantiate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _, report = bench(tmp_path, capsys, "--compare", "nix-instantiate", str(WORKLOAD))
    assert status == 0
    assert "nix-instantiate s" in out.splitlines()[0] and "mem ratio" in out.splitlines()[0]
    row = table_row(out, "inventory")
    assert len(row) == 8 and row[3].endswith("x") and row[-1] == "ok"
    assert "geometric mean of time ratios (pynix / nix-instantiate)" in out
    [w] = report["workloads"]
    assert report["compare"] == ["nix-instantiate"]
    assert w["other"]["stdout"] == w["pynix"]["stdout"] == EXPECTED
    assert len(w["other"]["runs"]) == 1 and w["time_ratio"] > 0 and report["geomean_time_ratio"] > 0


def test_mismatch_with_expected_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "expected").mkdir()
    (tmp_path / "two.nix").write_text("1 + 1\n")
    (tmp_path / "expected" / "two.out").write_text("3\n")
    status, out, _, report = bench(tmp_path, capsys, str(tmp_path / "two.nix"))
    assert status == 1
    assert table_row(out, "two")[-1] == "MISMATCH"
    assert "MISMATCH two: pynix differs from the expected output at character 0: '2' vs '3'" in out
    assert report["workloads"][0]["pynix"]["stdout"] == "2\n"


def test_evaluation_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "boom.nix").write_text('throw "boom"\n')
    status, out, _, report = bench(tmp_path, capsys, str(tmp_path / "boom.nix"))
    assert status == 1
    assert "ERROR boom: pynix exited with status 1: error: boom" in out
    assert report["workloads"][0]["pynix"]["runs"][0]["exit_status"] == 1


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", str(tmp_path / "nope.nix")]) == 2
    assert "error: no such file" in capsys.readouterr().err


def test_geometric_means_per_group() -> None:
    from pynix.bench import Result, Run, Workload, report_text

    def result(name: str, group: str, pynix_s: float, other_s: float) -> Result:
        runs = [Run(pynix_s, 10.0, 0, "1", "")], [Run(other_s, 10.0, 0, "1", "")]
        return Result(Workload(name, f"{name}.nix", ".", None, group), *runs, [])

    text = report_text([result("a", "shared bench", 2.0, 1.0), result("b", "shared bench", 8.0, 1.0),
                        result("c", "pynix's own", 1.0, 1.0)], "nix-instantiate")
    assert "geometric mean of time ratios (pynix / nix-instantiate): 2.52x" in text
    assert "over the shared bench workloads only: 4.00x" in text
    assert "over the pynix's own workloads only: 1.00x" in text
