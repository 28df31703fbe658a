"""Jobs on a Dask distributed cluster (the optional extra `pynix[dask]`).

Each Dask worker process keeps one `Session` per `JobSpec` (root file or
expression, arguments, options) across the tasks of a run, so the root is
evaluated once per worker, as on the process pool; the next run starts a new
one (the files may have changed), and a worker keeps the sessions of its
`MAX_SESSIONS` latest roots. Paths go out in batches
of neighbours (a task costs Dask milliseconds, about what a job costs), a
few batches per worker at a time. Dask itself reschedules
the task of a worker that dies (`distributed.scheduler.allowed-failures`
times); past that, the job is reported as an error.
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from typing import Any

from .spec import AttrPath, JobSpec, Outcome, error_record

MAX_SESSIONS = 4

_SESSIONS: dict[JobSpec, tuple[str, Any]] = {}  # oldest first: spec → (run, session)
_SESSIONS_LOCK = threading.Lock()  # a Dask worker may run tasks on several threads: one at a time here


BATCHES_PER_WORKER = 4
MAX_BATCH = 32


def run_task(spec: JobSpec, run: str, paths: list[AttrPath], max_memory: int | None) -> list[Outcome]:
    """The Dask task of a batch of jobs of `run`: evaluate `paths` with this worker's session for `spec`;
    a session that has grown past `max_memory` bytes of resident memory is dropped afterwards, to start
    again anew."""
    from ..vm.limits import resident_memory
    from .session import Session
    with _SESSIONS_LOCK:
        kept = _SESSIONS.pop(spec, None)
        session = kept[1] if kept is not None and kept[0] == run else Session(spec)
        _SESSIONS[spec] = (run, session)
        while len(_SESSIONS) > MAX_SESSIONS:
            del _SESSIONS[next(iter(_SESSIONS))]
        outcomes = [session.run(path) for path in paths]
        if max_memory is not None and resident_memory() > max_memory:
            del _SESSIONS[spec], session, kept
            import gc
            gc.collect()
        return outcomes


class DaskRunner:
    """A runner that sends each path as a task to the cluster of `client` (a `distributed.Client`)."""

    def __init__(self, client: Any, spec: JobSpec, max_memory_size: int | None = None) -> None:
        from distributed import as_completed
        self.client = client
        self.spec = spec
        self.max_memory = max_memory_size << 20 if max_memory_size is not None else None
        self.run = uuid.uuid4().hex
        self.finished = as_completed()
        self.unsent: deque[AttrPath] = deque()
        self.batches: dict[str, list[AttrPath]] = {}
        self.results: deque[tuple[AttrPath, Outcome]] = deque()

    def submit(self, path: AttrPath) -> None:
        self.unsent.append(path)

    def next_done(self) -> tuple[AttrPath, Outcome]:
        if not self.results:
            self._send()
            future = next(self.finished)
            paths = self.batches.pop(future.key)
            try:
                outcomes = future.result()
            except Exception as err:  # the task could not run: e.g. its workers kept dying (KilledWorker)
                message = f"error: the Dask task of this job failed: {type(err).__name__}: {err}"
                outcomes = [error_record(path, message) for path in paths]
            future.release()
            self.results.extend(zip(paths, outcomes))
        return self.results.popleft()

    def _send(self) -> None:
        """Send the paths submitted since the last call, in batches of neighbours."""
        workers = max(1, len(self.client.scheduler_info().get("workers", ())))
        size = max(1, min(MAX_BATCH, len(self.unsent) // (workers * BATCHES_PER_WORKER)))
        while self.unsent:
            batch = [self.unsent.popleft() for _ in range(min(size, len(self.unsent)))]
            future = self.client.submit(run_task, self.spec, self.run, batch, self.max_memory, pure=False)
            self.batches[future.key] = batch
            self.finished.add(future)

    def close(self) -> None:
        self.client.cancel(list(self.finished.futures))
        self.finished.clear()
