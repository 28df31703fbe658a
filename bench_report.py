"""`pynix bench --plot FILE` and `--html FILE`: the per-workload times and memory as a bar chart, and an HTML
page with the table and the chart.

Drawing needs matplotlib, the optional `plot` extra (`pip install 'pynix[plot]'`).
With `--compare` the bars are pynix's ratios to the other evaluator (a line
marks 1x), without it pynix's own seconds and MiB.
"""

from __future__ import annotations

import html
import importlib.util
import io
from pathlib import Path
from typing import IO

from .bench import Result, median, memory_ratio, peak, summary, table, time_ratio

FORMATS = (".png", ".svg")
"""The chart formats `--plot` writes, by file name extension."""
MISSING_MATPLOTLIB = "drawing a chart needs matplotlib: install the plot extra (pip install 'pynix[plot]')"


def check_outputs(plot: str | None, html_file: str | None) -> str | None:
    """What is wrong with the `--plot`/`--html` request before any workload runs, or None."""
    if plot and Path(plot).suffix.lower() not in FORMATS:
        return f"--plot writes {' or '.join(FORMATS)} files, not '{plot}'"
    if (plot or html_file) and importlib.util.find_spec("matplotlib") is None:
        return MISSING_MATPLOTLIB
    return None


def write_outputs(results: list[Result], other_name: str, plot: str | None, html_file: str | None) -> None:
    """Write the chart and the HTML report that were asked for."""
    if plot:
        with open(plot, "wb") as f:
            draw(results, other_name, f, Path(plot).suffix.lower()[1:])
    if html_file:
        Path(html_file).write_text(html_report(results, other_name), encoding="utf-8")


def series(results: list[Result], other_name: str) -> list[tuple[str, str, list[tuple[str, float]]]]:
    """The bars of each panel: (key, title, [(workload, value)]), ratios when compared, else pynix's own values."""
    if other_name:
        times = [(r.workload.name, t) for r in results if (t := time_ratio(r))]
        memory = [(r.workload.name, m) for r in results if (m := memory_ratio(r))]
        return [("time", f"time, pynix / {other_name}", times),
                ("memory", f"peak memory, pynix / {other_name}", memory)]
    return [("time", "pynix median time (s)", [(r.workload.name, median(r.pynix)) for r in results]),
            ("memory", "pynix peak memory (MiB)", [(r.workload.name, peak(r.pynix)) for r in results])]


def draw(results: list[Result], other_name: str, out: IO[bytes], fmt: str) -> None:
    """Draw the chart to `out` in format `fmt` (png or svg); each bar's id in an SVG is `bar-KEY-WORKLOAD`."""
    from matplotlib.figure import Figure  # the object API: no global pyplot state, no display needed
    panels = series(results, other_name)
    height = 1.5 + 0.3 * max(len(bars) for _, _, bars in panels)
    fig = Figure(figsize=(11, height), layout="constrained")
    for ax, (key, title, bars) in zip(fig.subplots(1, len(panels)), panels):
        names = [name for name, _ in bars]
        drawn = ax.barh(names, [value for _, value in bars], color="#4c72b0" if key == "time" else "#dd8452")
        for bar, name in zip(drawn, names):
            bar.set_gid(f"bar-{key}-{name}")
        ax.invert_yaxis()  # first workload at the top, as in the table
        ax.set_title(title)
        ax.margins(x=0.12)  # room for the labels
        if other_name:
            ax.axvline(1.0, color="black", linewidth=0.8)
            ax.bar_label(drawn, labels=[f"{value:.2f}x" for _, value in bars], padding=2, fontsize=8)
    fig.savefig(out, format=fmt)


def html_report(results: list[Result], other_name: str) -> str:
    """A self-contained HTML page: the table of results, the summary lines and the chart (inline SVG)."""
    headers, rows = table(results, other_name)
    chart = io.BytesIO()
    draw(results, other_name, chart, "svg")
    svg = chart.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg"):]  # inline: without the XML declaration and doctype
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    notes = "\n".join(f"<li>{html.escape(line)}</li>" for line in summary(results, other_name))
    title = f"pynix bench{' vs ' + html.escape(other_name) if other_name else ''}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: sans-serif; }} table {{ border-collapse: collapse; }}
td, th {{ padding: 2px 8px; border-bottom: 1px solid #ddd; }} td:not(:first-child) {{ text-align: right; }}</style>
</head>
<body>
<h1>{title}</h1>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
<ul>
{notes}
</ul>
{svg}
</body>
</html>
"""
