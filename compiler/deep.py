"""Running deeply recursive compiler passes without Python stack limits.

The parser, scope analysis and code generation recurse along the nesting of
the source; `run_deep` runs them on a worker thread with a large stack and a
high recursion limit, so 10,000 nested parentheses or lists still work, and
turns what is deeper still into a clean error instead of a `RecursionError`.
The worker lives as long as the process (in a forked child, a new one starts),
so its stack is mapped once: `--max-memory` counts it as already there.
Evaluation borrows it too, when it is free, for plain runs that go deep
(`try_run_deep`, `vm/plain.py`).
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from typing import Any, Callable, TypeVar

from ..vm.errors import ParseError

T = TypeVar("T")

STACK_BYTES = 1 << 30
RECURSION_LIMIT = 1_000_000
_lock = threading.Lock()


class _Job:
    __slots__ = ("fn", "args", "done", "result", "error")

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.fn, self.args = fn, args
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class _Worker:
    """The thread with the big stack, taking jobs one at a time."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        old_stack = threading.stack_size(STACK_BYTES)
        try:
            self.thread = threading.Thread(target=self._loop, name="pynix-deep", daemon=True)
            self.thread.start()
        finally:
            threading.stack_size(old_stack)

    def _loop(self) -> None:
        _local.inside = True
        # An exception passed on from a waiting caller (`try_run_deep`) may arrive as its job ends: it must
        # neither end this loop nor leave the job unfinished (the caller takes back one not arrived yet).
        while True:
            try:
                job = self.jobs.get()
            except BaseException:
                continue
            try:
                try:
                    job.result = job.fn(*job.args)
                except RecursionError:
                    job.error = ParseError("expression is nested too deeply")
                except BaseException as exc:  # re-raised in the caller's thread
                    job.error = exc
            except BaseException:
                pass
            while not job.done.is_set():
                try:
                    job.done.set()
                except BaseException:
                    pass


_worker: _Worker | None = None


def start_worker() -> None:
    """Start the worker now if it is not running (its stack is mapped from then on)."""
    global _worker
    if _worker is None:
        _worker = _Worker()


def run_deep(fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` on the big stack; exceptions propagate to the caller."""
    if getattr(_local, "inside", False):
        return fn(*args)
    job = _Job(fn, args)
    with _lock:
        start_worker()
        assert _worker is not None
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(RECURSION_LIMIT)
        try:
            _worker.jobs.put(job)
            job.done.wait()
        finally:
            sys.setrecursionlimit(old_limit)
    if job.error is not None:
        raise job.error
    return job.result


def try_run_deep(fn: Callable[..., T], args: tuple[Any, ...], frames: int) -> tuple[bool, T | None]:
    """`(True, fn(*args))` run on the big stack with Python's recursion limit at least `frames`, if the worker
    is free now; `(False, None)` at once if it is busy or this is it.

    The caller stays interruptible while it waits: an exception raised in it
    (Ctrl-C's KeyboardInterrupt, a limit's asynchronous stop) is raised in the
    worker too, and in the caller once `fn` has ended. `fn` must not raise
    RecursionError (the worker reports it as nesting too deep to parse).
    """
    if getattr(_local, "inside", False) or not _lock.acquire(blocking=False):
        return False, None
    try:
        start_worker()
        assert _worker is not None
        job = _Job(fn, args)
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, frames))
        try:
            _worker.jobs.put(job)
            interrupted = _finish(job, _worker.thread.ident or 0)
        finally:
            sys.setrecursionlimit(old_limit)
    finally:
        _lock.release()
    if interrupted is not None:
        raise interrupted
    if job.error is not None:
        raise job.error
    return True, job.result


WAKE_SECONDS = 0.02
"""How often a thread waiting for the worker wakes: an asynchronous exception (a limit's stop) only
reaches it between bytecodes. (A signal, Ctrl-C's, ends the wait at once.)"""


def _finish(job: _Job, worker: int) -> BaseException | None:
    """Wait for `job` to end on the thread `worker`; the first exception raised in the waiting thread is
    raised in the worker too, and returned."""
    from ..vm.limits import raise_in
    interrupted: BaseException | None = None
    while True:
        try:
            if job.done.wait(WAKE_SECONDS):
                if interrupted is not None:
                    raise_in(worker, None)  # not raised there yet if the job ended first
                return interrupted
        except BaseException as exc:
            if interrupted is None:
                interrupted = exc
                raise_in(worker, type(exc))


def _forget_worker() -> None:
    """In a forked child: the worker thread was not copied, so the next `run_deep` starts one."""
    global _worker, _lock
    _worker = None
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_worker)
_local = threading.local()
