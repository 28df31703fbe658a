"""Memory and time limits on an evaluation, and recovery after an evaluation is stopped from outside.

The scheduler's loop checks nothing: a watchdog thread watches the clock and
the process's resident memory while an evaluation is guarded (`Limits`), and
past a limit raises `_Stop` asynchronously in the evaluating thread (CPython
delivers it at the next bytecode boundary). Leaving the guard turns it into a
`LimitExceeded` error. A single allocation larger than what is left can only
be refused by the operating system: the command line also caps the address
space (`cap_address_space`), which turns it into a MemoryError.

An evaluation stopped that way (or by Ctrl-C's KeyboardInterrupt) leaves the
scheduler without unwinding; `release_interrupted` lets the thunks it was
forcing be forced again, so the Evaluator stays usable.
"""

from __future__ import annotations

import _thread
import os
import sys
import threading
import time
from types import FrameType, TracebackType

from .errors import EvalError, NixError
from .thunk import BLACKHOLE, Thunk

POLL_SECONDS = (0.01, 0.25)
"""The shortest and longest wait between two readings of the resident memory while a memory limit is armed."""

REPEAT_SECONDS = 0.5
"""How long the watchdog waits for a stop to end the evaluation before raising it again."""

GROWTH_PER_SECOND = 4 << 30
"""The fastest the resident memory is assumed to grow: the next reading is due before the memory left
could be used up at this rate (allocations that big at once are the address-space cap's to refuse)."""


class LimitExceeded(EvalError):
    """An evaluation went past its memory or time limit (`max-memory`, `eval-timeout`)."""


class _Stop(BaseException):
    """Raised asynchronously in the evaluating thread by the watchdog (never seen outside `Limits`)."""


_STATM: list[int] = []
"""An open descriptor of /proc/self/statm, kept for the watchdog's readings."""


def resident_memory() -> int:
    """The resident memory of this process in bytes (its peak where the current value cannot be read)."""
    try:
        if not _STATM:
            _STATM.append(os.open("/proc/self/statm", os.O_RDONLY))
        return int(os.pread(_STATM[0], 128, 0).split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource
        import sys
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def show_size(size: int) -> str:
    """`size` bytes the way `max-memory` is usually written (`1G`, `512M`, or bytes)."""
    for unit, scale in (("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return f"{size} bytes"


class Limits:
    """A reentrant guard (`with limits:`) around an evaluation: it stops the evaluation past `max_memory`
    bytes of growth of the process's resident memory or `timeout` seconds, counted from the outermost
    entry; whatever ends it from outside (those limits, KeyboardInterrupt, MemoryError) leaves its thunks
    ready to be forced again."""

    def __init__(self, max_memory: int | None = None, timeout: float | None = None) -> None:
        self.max_memory = max_memory
        self.timeout = timeout
        self.outer: FrameType | None = None  # the frame of the outermost `with`, while it runs
        self.thread = 0
        self.deadline = 0.0
        self.memory_ceiling = 0
        self.reason: str | None = None
        self.stopped_at = float("-inf")  # when the watchdog last raised the stop

    # The outermost `with` is known by its frame, not by counting entries and exits: the stop can arrive
    # inside a nested `__enter__` or `__exit__`, which would leave a count unbalanced.

    def __enter__(self) -> None:
        if self.outer is not None and _on_stack(self.outer):
            return
        self.outer = sys._getframe(1)
        if self.enabled:
            self.reason, self.stopped_at = None, float("-inf")
            self.thread = _thread.get_ident()
            self.deadline = time.monotonic() + self.timeout if self.timeout is not None else float("inf")
            if self.max_memory is not None:
                self.memory_ceiling = resident_memory() + self.max_memory
            _watchdog().arm(self)

    def __exit__(self, cls: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        outermost = False
        try:
            outermost = sys._getframe(1) is self.outer
            if not outermost:
                return
            self.outer = None
            if self.enabled:
                _watchdog().disarm(self, cls is _Stop)
        except _Stop:
            if not outermost:
                raise
            cls = _Stop  # it arrived as the evaluation ended
        if cls is None or issubclass(cls, NixError):
            return
        release_interrupted(tb)
        if cls is MemoryError and self.max_memory is not None:
            raise LimitExceeded(self.memory_message()) from None
        if cls is _Stop:
            raise LimitExceeded(self.reason or "evaluation stopped") from None

    @property
    def enabled(self) -> bool:
        """Whether a limit is set (the watchdog has something to watch)."""
        return self.max_memory is not None or self.timeout is not None

    def memory_message(self) -> str:
        return f"evaluation needed more memory than its limit (max-memory {show_size(self.max_memory or 0)})"

    def check(self, now: float, memory: int) -> str | None:
        """The limit this evaluation is past at time `now` with `memory` resident, if any."""
        if now >= self.deadline:
            return f"evaluation timed out after {self.timeout:g} seconds (eval-timeout)"
        if self.max_memory is not None and memory > self.memory_ceiling:
            return self.memory_message()
        return None


class _Watchdog:
    """The one thread that checks every armed `Limits` and stops the evaluations past theirs."""

    def __init__(self) -> None:
        self.armed: set[Limits] = set()
        self.cond = threading.Condition()
        threading.Thread(target=self.run, name="pynix-limits", daemon=True).start()

    def arm(self, limits: Limits) -> None:
        with self.cond:
            self.armed.add(limits)
            self.cond.notify()

    def disarm(self, limits: Limits, delivered: bool) -> None:
        with self.cond:
            self.armed.discard(limits)
            if limits.reason is not None and not delivered:
                raise_in(limits.thread, None)  # fired as the evaluation finished: cancel it

    def run(self) -> None:
        while True:
            with self.cond:
                while not self.armed:
                    self.cond.wait()
                now = time.monotonic()
                memory = resident_memory() if any(g.max_memory is not None for g in self.armed) else 0
                for limits in self.armed:
                    reason = limits.check(now, memory)
                    if reason is not None and now >= limits.stopped_at + REPEAT_SECONDS:
                        # Raised again until the guard is left: code that swallows exceptions (a gc
                        # callback, `__del__`) may have been running when the stop arrived.
                        limits.reason, limits.stopped_at = reason, now
                        raise_in(limits.thread, _Stop)
                wait = min((g.deadline if g.reason is None else g.stopped_at + REPEAT_SECONDS
                            for g in self.armed), default=float("inf")) - now
                left = min((g.memory_ceiling - memory for g in self.armed if g.max_memory is not None), default=None)
                if left is not None:
                    wait = min(wait, max(POLL_SECONDS[0], min(POLL_SECONDS[1], left / GROWTH_PER_SECOND)))
                self.cond.wait(max(wait, 0.0) if wait != float("inf") else None)


_WATCHDOG: _Watchdog | None = None
_WATCHDOG_LOCK = threading.Lock()


def _watchdog() -> _Watchdog:
    global _WATCHDOG
    with _WATCHDOG_LOCK:
        if _WATCHDOG is None:
            _WATCHDOG = _Watchdog()
        return _WATCHDOG


def _on_stack(frame: FrameType) -> bool:
    """Whether `frame` is running in the current thread (below the caller's caller)."""
    f: FrameType | None = sys._getframe(2)
    while f is not None:
        if f is frame:
            return True
        f = f.f_back
    return False


def raise_in(thread: int, exc: type[BaseException] | None) -> None:
    """Raise `exc` in `thread` at its next bytecode boundary (None cancels a pending one)."""
    import ctypes
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None)


def cap_address_space(max_memory: int) -> None:
    """Let this process map at most `max_memory` bytes more than it has now, so that one allocation past
    the limit fails at once with MemoryError (the command line's `--max-memory`; Linux and macOS)."""
    import resource
    from ..compiler.deep import start_worker
    # The watchdog's thread stack, and the big stack deep compiling runs on, are mapped now: they are not
    # counted against the limit.
    _watchdog()
    start_worker()
    try:
        with open("/proc/self/statm", "rb") as f:
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # Slack for the malloc arenas (64 MiB each on glibc) of those two threads, not for Nix values.
    cap = mapped + max_memory + (128 << 20)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def release_interrupted(tb: TracebackType | None) -> None:
    """After an evaluation was stopped from outside (KeyboardInterrupt, `_Stop`, MemoryError), let the
    thunks it was forcing be forced again.

    Such an exception leaves the scheduler's loop without unwinding it, so the
    thunks of its frames stay blackholed. They are found in the locals of the
    interrupted `Scheduler._drive` frames of the traceback `tb`: the thunk the
    top frame forces (`owner`), the frames below it (`stack`) and a thunk
    being entered (`req`, whose callable is still in `fn`).
    """
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "_drive" and "stack" in frame.f_locals:
            local = frame.f_locals
            entries = [entry[1] for entry in local.get("stack") or ()]
            for thunk in [local.get("owner"), local.get("req"), *entries]:
                if thunk.__class__ is Thunk and thunk.fn is BLACKHOLE:
                    thunk.fn, thunk.value = thunk.value if thunk.value is not None else local.get("fn"), None
        tb = tb.tb_next


__all__ = ["Limits", "LimitExceeded", "cap_address_space", "raise_in", "release_interrupted", "resident_memory"]
