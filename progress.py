"""Progress of long evaluations: a callback an evaluator calls every so often while it evaluates, and the
command line's status line on a terminal."""

from __future__ import annotations

import threading
import time
import weakref
from typing import TYPE_CHECKING, Callable, NamedTuple, TextIO

from .vm.stats import COUNTS

if TYPE_CHECKING:
    from .evaluator import Evaluator


class EvalProgress(NamedTuple):
    """How far the running evaluation has got."""

    seconds: float
    """Since the evaluation started."""
    files_imported: int
    """Files the evaluator has imported so far."""
    thunks: int | None
    """Thunks created so far (CppNix's `nrThunks`), counted only by an evaluator made with `stats=True`."""
    calls: int | None
    """Function calls so far, counted only with `stats=True`."""


class ProgressReporter:
    """Calls `callback` from a daemon thread every `every` seconds while `evaluator` is evaluating.

    The evaluation itself pays nothing: the thread reads what the evaluator
    keeps anyway (its imports, the start of the run, the statistics counters
    if they are on). The thread ends when the evaluator is garbage collected.
    """

    def __init__(self, evaluator: Evaluator, callback: Callable[[EvalProgress], None], every: float) -> None:
        self.callback = callback
        self.every = every
        self.base = COUNTS.copy()
        self.counting = evaluator.stats
        threading.Thread(target=self._loop, args=(weakref.ref(evaluator),), daemon=True,
                         name="pynix progress").start()

    def _loop(self, evaluator: Callable[[], Evaluator | None]) -> None:
        while True:
            time.sleep(self.every)
            ev = evaluator()
            if ev is None:
                return
            scheduler = ev.scheduler
            if scheduler.running:
                self.callback(EvalProgress(
                    time.monotonic() - scheduler.started, len(ev.imports),
                    COUNTS.thunks - self.base.thunks if self.counting else None,
                    COUNTS.lambda_calls + COUNTS.primop_calls - self.base.lambda_calls - self.base.primop_calls
                    if self.counting else None))
            del ev, scheduler  # hold no reference while sleeping


class TerminalProgress:
    """The command line's status line: shown on `stream` (a terminal) once an evaluation has taken `after`
    seconds, rewritten in place, and erased by `close`."""

    def __init__(self, stream: TextIO, after: float = 1.0) -> None:
        self.stream = stream
        self.after = after
        self.lock = threading.Lock()
        self.width = 0
        self.closed = False

    def __call__(self, progress: EvalProgress) -> None:
        if progress.seconds < self.after:
            return
        text = f"evaluating: {progress.seconds:.0f} s, {progress.files_imported} files imported"
        with self.lock:
            if not self.closed:
                self.stream.write("\r" + text.ljust(self.width))
                self.stream.flush()
                self.width = len(text)

    def close(self) -> None:
        """Erase the status line for good."""
        with self.lock:
            self.closed = True
            if self.width:
                self.stream.write("\r" + " " * self.width + "\r")
                self.stream.flush()
