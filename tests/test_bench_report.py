"""`pynix bench --plot` and `--html` (matplotlib, the optional `plot` extra), and `pynix bench` installed
from a wheel: its own workloads come with it, and it says where the shared ones are expected."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pynix.bench import Result, Run, Workload
from pynix.bench_report import MISSING_MATPLOTLIB, html_report
from pynix.cli import main
from venvs import ENV, copy_checkout, pip_install, venv_python

WORKLOADS = Path(__file__).resolve().parents[1] / "benchmarks" / "workloads"


def needs_matplotlib() -> None:
    if importlib.util.find_spec("matplotlib") is None:
        pytest.skip("matplotlib is not installed (the optional plot extra: pip install -e '.[plot]')")


def result(name: str, seconds: float, other_seconds: float | None) -> Result:
    runs = [Run(seconds, 30.0, 0, "1\n", "")]
    other = [Run(other_seconds, 60.0, 0, "1\n", "")] if other_seconds else []
    return Result(Workload(name, f"{name}.nix", "/"), runs, other, [])


def bar_ids(svg: str) -> list[str]:
    return re.findall(r'id="(bar-[^"]+)"', svg)


def test_svg_chart_has_a_time_and_a_memory_bar_per_workload(tmp_path: Path, capsys) -> None:
    needs_matplotlib()
    chart = tmp_path / "chart.svg"
    files = [str(WORKLOADS / "inventory.nix"), str(WORKLOADS / "text-report.nix")]
    assert main(["bench", "-n", "1", "--plot", str(chart), *files]) == 0
    capsys.readouterr()
    assert sorted(bar_ids(chart.read_text())) == ["bar-memory-inventory", "bar-memory-text-report",
                                                   "bar-time-inventory", "bar-time-text-report"]


def test_png_chart_opens_as_an_image(tmp_path: Path, capsys) -> None:
    needs_matplotlib()
    from matplotlib.image import imread
    chart = tmp_path / "chart.png"
    assert main(["bench", "-n", "1", "--plot", str(chart), str(WORKLOADS / "inventory.nix")]) == 0
    capsys.readouterr()
    height, width, _ = imread(str(chart)).shape
    assert width > 500 and height > 100


def test_html_report_has_the_table_the_summary_and_the_ratio_chart() -> None:
    needs_matplotlib()
    results = [result("alpha", 2.0, 0.5), result("beta", 1.0, 1.0), result("gamma", 3.0, 1.0)]
    page = html_report(results, "nix-instantiate")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1
    assert "<tr><td>alpha</td><td>2.000</td><td>0.500</td><td>4.00x</td>" in page
    assert "<li>geometric mean of time ratios (pynix / nix-instantiate): 2.29x</li>" in page
    assert len(bar_ids(page)) == 6 and "time, pynix / nix-instantiate" in page


def test_html_report_from_the_command_line(tmp_path: Path, capsys) -> None:
    needs_matplotlib()
    page = tmp_path / "report.html"
    assert main(["bench", "-n", "1", "--html", str(page), str(WORKLOADS / "collatz.nix")]) == 0
    capsys.readouterr()
    text = page.read_text()
    assert "<td>collatz</td>" in text and bar_ids(text) == ["bar-time-collatz", "bar-memory-collatz"]


def test_bad_chart_requests_fail_before_any_run(tmp_path: Path, capsys, monkeypatch) -> None:
    assert main(["bench", "--plot", str(tmp_path / "x.pdf"), str(WORKLOADS / "collatz.nix")]) == 2
    assert capsys.readouterr().err == f"error: --plot writes .png or .svg files, not '{tmp_path / 'x.pdf'}'\n"
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *rest: None if name == "matplotlib" else find_spec(name, *rest))
    assert main(["bench", "--html", str(tmp_path / "x.html"), str(WORKLOADS / "collatz.nix")]) == 2
    assert capsys.readouterr().err == f"error: {MISSING_MATPLOTLIB}\n"


def test_installed_from_a_wheel_bench_finds_its_workloads_and_names_the_shared_place(tmp_path: Path) -> None:
    src = copy_checkout(tmp_path / "checkout")
    wheel = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                            str(src)], capture_output=True, text=True, env=ENV)
    assert wheel.returncode == 0, wheel.stdout + wheel.stderr
    python = venv_python(tmp_path / "venv")
    [built] = (tmp_path / "dist").glob("pynix-*.whl")
    pip_install(python, str(built), cwd=tmp_path)
    run = subprocess.run([str(python.parent / "pynix"), "bench", "-n", "1"], cwd=tmp_path, capture_output=True,
                         text=True, env=ENV)
    assert run.returncode == 0, run.stdout + run.stderr
    site = subprocess.run([str(python), "-c", "import pynix, os; print(os.path.dirname(pynix.__file__))"],
                          capture_output=True, text=True, env=ENV).stdout.strip()
    assert Path(site).is_relative_to(tmp_path / "venv")  # the wheel's pynix ran
    shared = Path(site).parent / "shared"
    assert (f"they are expected in {shared}, the 'shared' directory beside a pynix checkout; give --shared DIR"
            in run.stderr)
    assert "4 of 4 workloads ok" in run.stdout
    for name in ("collatz", "inventory", "prime-sieve", "text-report"):
        assert re.search(rf"^{name} .* ok$", run.stdout, re.M)
