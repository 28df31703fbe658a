"""Jobs on a Dask distributed cluster (the optional extra `pynix[dask]`).

Each Dask worker process keeps one `Session` per `JobSpec` (root file or
expression, arguments, options) across the tasks it runs, so the root is
evaluated once per worker, as on the process pool. Dask itself reschedules
the task of a worker that dies (`distributed.scheduler.allowed-failures`
times); past that, the job is reported as an error.
"""

from __future__ import annotations

import threading
from typing import Any

from .spec import AttrPath, JobSpec, Outcome, error_record

_SESSIONS: dict[JobSpec, Any] = {}
_SESSIONS_LOCK = threading.Lock()  # a Dask worker may run tasks on several threads: one at a time here


def run_task(spec: JobSpec, path: AttrPath, max_memory: int | None) -> Outcome:
    """The Dask task of one job: evaluate `path` with this worker's session for `spec`; a session that
    has grown past `max_memory` bytes of resident memory is dropped afterwards, to start again anew."""
    from ..vm.limits import resident_memory
    from .session import Session
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(spec)
        if session is None:
            session = _SESSIONS[spec] = Session(spec)
        outcome = session.run(path)
        if max_memory is not None and resident_memory() > max_memory:
            del _SESSIONS[spec], session
            import gc
            gc.collect()
        return outcome


class DaskRunner:
    """A runner that sends each path as a task to the cluster of `client` (a `distributed.Client`)."""

    def __init__(self, client: Any, spec: JobSpec, max_memory_size: int | None = None) -> None:
        from distributed import as_completed
        self.client = client
        self.spec = spec
        self.max_memory = max_memory_size << 20 if max_memory_size is not None else None
        self.finished = as_completed()
        self.paths: dict[str, AttrPath] = {}

    def submit(self, path: AttrPath) -> None:
        future = self.client.submit(run_task, self.spec, path, self.max_memory, pure=False)
        self.paths[future.key] = path
        self.finished.add(future)

    def next_done(self) -> tuple[AttrPath, Outcome]:
        future = next(self.finished)
        path = self.paths.pop(future.key)
        try:
            return path, future.result()
        except Exception as err:  # the task could not run: e.g. its workers kept dying (KilledWorker)
            return path, error_record(path, f"error: the Dask task of this job failed: {type(err).__name__}: {err}")
        finally:
            future.release()

    def close(self) -> None:
        self.client.cancel(list(self.finished.futures))
        self.finished.clear()
