"""The walk over a tree of jobs, whatever evaluates them: the root's names are sent out as jobs, a set
to enter sends out its own, and each job's record is given back as soon as it is done."""

from __future__ import annotations

from collections import deque
from typing import Any, Callable, Iterator, Protocol

from .session import Session
from .spec import AttrPath, JobSpec, Outcome

Tally = Callable[[int, int, int], None]
"""Told (attribute paths found, paths evaluated, jobs failed) after each evaluated path."""


class Runner(Protocol):
    """Evaluates attribute paths somewhere (this process, worker processes, a Dask cluster)."""

    def submit(self, path: AttrPath) -> None:
        """Queue `path` for evaluation."""

    def next_done(self) -> tuple[AttrPath, Outcome]:
        """Wait for a submitted path to be evaluated; its outcome."""

    def close(self) -> None:
        """Stop whatever the runner started."""


def walk(runner: Runner, tally: Tally | None = None) -> Iterator[dict[str, Any]]:
    """The records of every job under the root, in the order they finish (the runner is closed at the end)."""
    try:
        runner.submit(())
        found, done, failed = 1, 0, 0
        while done < found:
            path, outcome = runner.next_done()
            done += 1
            if isinstance(outcome, list):
                for name in outcome:
                    runner.submit(path + (name,))
                found += len(outcome)
            elif outcome is not None:
                failed += "error" in outcome
            if tally is not None:
                tally(found, done, failed)
            if isinstance(outcome, dict):
                yield outcome
    finally:
        runner.close()


class InProcess:
    """A runner that evaluates each path in this process, one after the other: the sequential reference."""

    def __init__(self, spec: JobSpec) -> None:
        self.session = Session(spec)
        self.queue: deque[AttrPath] = deque()

    def submit(self, path: AttrPath) -> None:
        self.queue.append(path)

    def next_done(self) -> tuple[AttrPath, Outcome]:
        path = self.queue.popleft()
        return path, self.session.run(path)

    def close(self) -> None:
        self.queue.clear()
