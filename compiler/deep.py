"""Running deeply recursive compiler passes without Python stack limits.

The parser, scope analysis and code generation recurse along the nesting of
the source; `run_deep` runs them on a worker thread with a large stack and a
high recursion limit, so 10,000 nested parentheses or lists still work, and
turns what is deeper still into a clean error instead of a `RecursionError`.
The worker lives as long as the process (in a forked child, a new one starts),
so its stack is mapped once: `--max-memory` counts it as already there.
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
            threading.Thread(target=self._loop, name="pynix-deep", daemon=True).start()
        finally:
            threading.stack_size(old_stack)

    def _loop(self) -> None:
        _local.inside = True
        while True:
            job = self.jobs.get()
            try:
                job.result = job.fn(*job.args)
            except RecursionError:
                job.error = ParseError("expression is nested too deeply")
            except BaseException as exc:  # re-raised in the caller's thread
                job.error = exc
            job.done.set()


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


def _forget_worker() -> None:
    """In a forked child: the worker thread was not copied, so the next `run_deep` starts one."""
    global _worker, _lock
    _worker = None
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_worker)
_local = threading.local()
