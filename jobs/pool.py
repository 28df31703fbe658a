"""Jobs on a pool of worker processes on this machine (`worker.py`), each keeping one `Session` across
its jobs.

Paths are handed out with locality: the children of a set go to the queue of
the worker that entered it, and an idle worker takes the back half of the
longest queue. Workers so evaluate neighbouring packages, which share
dependencies (each worker evaluates a shared dependency once for itself).

A worker that dies (killed, or over the memory limit) is replaced; the job it
was evaluating is retried once on a fresh worker, and reported as an error
if that one dies too. A worker past the memory limit after a job ends there
and is replaced without losing anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import deque
from multiprocessing.connection import Connection, wait

from .spec import AttrPath, JobSpec, Outcome, error_record
from .worker import OVER_MEMORY, RETIRING

PIPELINE = 2
"""Paths sent to a worker ahead of its outcomes, so that it never waits for this process between jobs."""

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
"""The directory that holds the `pynix` package: a worker imports pynix from where this process did."""


class _Worker:
    """The parent's handle on one worker process: the pipes to it and the job it is evaluating."""

    def __init__(self, spec: JobSpec, max_memory: int | None) -> None:
        jobs_read, jobs_write = os.pipe()
        outcomes_read, outcomes_write = os.pipe()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [PACKAGE_PARENT,
                                                                        os.environ.get("PYTHONPATH")])))
        argv = [sys.executable, "-m", "pynix.jobs.worker", str(jobs_read), str(outcomes_write)]
        self.process = subprocess.Popen(argv + ([str(max_memory)] if max_memory is not None else []),
                                        pass_fds=(jobs_read, outcomes_write), env=env, stdin=subprocess.DEVNULL)
        os.close(jobs_read)
        os.close(outcomes_write)
        self.jobs = Connection(jobs_write, readable=False)
        self.outcomes = Connection(outcomes_read, writable=False)
        self.jobs.send(spec)
        self.sent: deque[AttrPath] = deque()  # in the order the worker evaluates them: the first is running
        self.queue: deque[AttrPath] = deque()  # paths kept for this worker, not sent yet
        self.jobs_done = 0
        self.retiring = False  # it ends between two jobs: what was sent ahead was not started

    def send(self, path: AttrPath | None) -> None:
        """Give the worker `path` (None: stop); a worker that has died already is found by `ProcessPool`."""
        if path is not None:
            self.sent.append(path)
        try:
            self.jobs.send(path)
        except OSError:
            pass

    def close(self) -> None:
        self.jobs.close()
        self.outcomes.close()


class ProcessPool:
    """A runner on `workers` processes (default: one per core); `max_memory_size` is in MiB."""

    def __init__(self, spec: JobSpec, workers: int | None = None, max_memory_size: int | None = None) -> None:
        self.spec = spec
        self.size = workers or os.cpu_count() or 1
        self.max_memory_size = max_memory_size
        self.max_memory = max_memory_size << 20 if max_memory_size is not None else None
        self.workers: list[_Worker] = []
        self.started = False
        self.queue: deque[AttrPath] = deque()  # paths no worker keeps
        self.entered: dict[AttrPath, _Worker] = {}  # a set entered → the worker that listed its names
        self.retries: deque[AttrPath] = deque()  # jobs whose worker died, for fresh workers only
        self.attempts: dict[AttrPath, int] = {}
        self.results: deque[tuple[AttrPath, Outcome]] = deque()

    def submit(self, path: AttrPath) -> None:
        owner = self.entered.get(path[:-1])
        (owner.queue if owner in self.workers else self.queue).append(path)

    def in_flight(self) -> dict[AttrPath, int]:
        """The path each busy worker is evaluating → that worker's process id."""
        return {w.sent[0]: w.process.pid for w in list(self.workers) if w.sent}

    def next_done(self) -> tuple[AttrPath, Outcome]:
        while not self.results:
            self._dispatch()
            self._wait()
        return self.results.popleft()

    def close(self) -> None:
        for w in self.workers:
            w.send(None)
        for w in self.workers:
            try:
                w.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                w.process.kill()
                w.process.wait()
            w.close()
        self.workers.clear()

    def _dispatch(self) -> None:
        """Fill the workers' pipelines, starting workers while there are more paths than idle ones."""
        queued = len(self.queue) + len(self.retries) + sum(len(w.queue) for w in self.workers)
        idle = sum(not w.sent for w in self.workers)
        fresh = sum(not w.sent and not w.jobs_done for w in self.workers)  # only these may take a retry
        # All start at once (their start-up overlaps the root's evaluation); later, only replacements.
        while len(self.workers) < self.size and (not self.started or idle < queued or fresh < len(self.retries)):
            self.workers.append(_Worker(self.spec, self.max_memory))
            idle += 1
            fresh += 1
        self.started = True
        for w in self.workers:
            if self.retries and w.jobs_done == 0:
                if not w.sent:
                    w.send(self.retries.popleft())
                continue  # a fresh worker takes nothing else before the retries are placed
            while len(w.sent) < PIPELINE and (path := self._next_path(w)) is not None:
                w.send(path)

    def _next_path(self, w: _Worker) -> AttrPath | None:
        """The next path for `w`: from its own queue, the shared one, or the back half of the longest."""
        if not w.queue and not self.queue:
            victim = max(self.workers, key=lambda v: len(v.queue))
            half = len(victim.queue) // 2
            w.queue.extend(reversed([victim.queue.pop() for _ in range(half)]))
        return w.queue.popleft() if w.queue else self.queue.popleft() if self.queue else None

    def _wait(self) -> None:
        """Wait for an outcome or a worker's end (its pipe closes), and take them in."""
        by_pipe = {w.outcomes: w for w in self.workers}
        for pipe in wait(list(by_pipe)):
            w = by_pipe[pipe]  # type: ignore[index]  # `wait` gives back the connections it was given
            try:
                outcome = w.outcomes.recv()
            except (EOFError, OSError):
                self._replace(w)
                continue
            if outcome == RETIRING:
                w.retiring = True
                continue
            path = w.sent.popleft()
            if isinstance(outcome, list):
                self.entered[path] = w
            self.results.append((path, outcome))
            w.jobs_done += 1

    def _replace(self, w: _Worker) -> None:
        """Take a dead worker out (the next dispatch starts another): the job it was evaluating is retried
        once, those it had not started yet go back to the queue."""
        status = w.process.wait()
        w.close()
        self.workers.remove(w)
        self.queue.extendleft(reversed(w.queue))
        if w.sent and not w.retiring:
            self._retry(w.sent.popleft(), status)
        self.queue.extendleft(reversed(w.sent))

    def _retry(self, path: AttrPath, status: int) -> None:
        """Retry `path`, whose worker ended with `status` while evaluating it, on a fresh worker; the second
        time, report it as an error."""
        self.attempts[path] = self.attempts.get(path, 0) + 1
        if self.attempts[path] < 2:
            self.retries.append(path)
        else:
            self.results.append((path, error_record(path, f"error: {self._death(status)} while evaluating "
                                                          "this job, on two workers in a row")))

    def _death(self, status: int) -> str:
        """Why a worker ended, from its exit status."""
        if status == OVER_MEMORY:
            return f"the worker went past --max-memory-size ({self.max_memory_size} MiB)"
        if status < 0:
            return f"the worker was killed by signal {signal.Signals(-status).name}"
        return f"the worker exited with status {status}"
