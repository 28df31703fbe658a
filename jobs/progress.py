"""The status line of `pynix eval-jobs` on a terminal: attributes evaluated of those found, the rate and
the failures so far, drawn by tqdm (kept up to date for every terminal and Python version, and it lets
the JSON lines pass above the bar without tearing it)."""

from __future__ import annotations

import sys
from typing import TextIO


class JobsBar:
    """A tqdm bar on `stream`; `emit` prints a line of output above it."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        from tqdm import tqdm
        self.tqdm = tqdm
        self.bar = tqdm(total=1, unit=" attrs", desc="eval-jobs", file=stream, dynamic_ncols=True, leave=False)

    def __call__(self, found: int, done: int, failed: int) -> None:
        """The walk's tally: `done` of `found` attribute paths evaluated, `failed` jobs failed."""
        self.bar.total = found
        self.bar.set_postfix_str(f"{failed} failed" if failed else "", refresh=False)
        self.bar.update(done - self.bar.n)

    def emit(self, line: str) -> None:
        self.tqdm.write(line, file=sys.stdout)
        sys.stdout.flush()

    def close(self) -> None:
        self.bar.close()
