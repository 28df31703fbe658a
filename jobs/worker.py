"""A worker process of the process pool: `python -m pynix.jobs.worker IN_FD OUT_FD [MAX_MEMORY]`.

It reads a `JobSpec`, then attribute paths, from the pipe IN_FD and writes
each path's outcome to OUT_FD, keeping one `Session` for all of them. Past
MAX_MEMORY bytes of resident memory it ends with status `OVER_MEMORY`: at
once mid-job, or after sending a job's outcome (and `RETIRING`).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from multiprocessing.connection import Connection

from ..vm.limits import resident_memory
from .session import Session

OVER_MEMORY = 99
"""The exit status of a worker that went past its memory limit."""

RETIRING = "retiring"
"""What a worker past its memory limit between two jobs sends before it ends."""

MEMORY_POLL_SECONDS = 0.05


def serve(jobs: Connection, outcomes: Connection, max_memory: int | None) -> None:
    """Evaluate each attribute path read from `jobs` and send its outcome on `outcomes`, until a None."""
    if max_memory is not None:
        threading.Thread(target=_watch_memory, args=(max_memory,), daemon=True).start()
    session = Session(jobs.recv())
    while (path := jobs.recv()) is not None:
        outcomes.send(session.run(path))
        if max_memory is not None and resident_memory() > max_memory:
            outcomes.send(RETIRING)  # the paths sent ahead were not started: they are not retries
            os._exit(OVER_MEMORY)


def _watch_memory(max_memory: int) -> None:
    """End the worker at once when its resident memory goes past `max_memory`, mid-job too."""
    while resident_memory() <= max_memory:
        time.sleep(MEMORY_POLL_SECONDS)
    os._exit(OVER_MEMORY)


def main(argv: list[str]) -> None:
    """Entry point: the descriptors and the memory limit from the command line."""
    from ..hosts import echo_log_to_stderr, std_streams_pass_bytes
    max_memory = int(argv[2]) if len(argv) > 2 else None
    try:
        with echo_log_to_stderr(), std_streams_pass_bytes():  # `trace` and warnings as nix-eval-jobs shows them
            serve(Connection(int(argv[0]), writable=False), Connection(int(argv[1]), readable=False), max_memory)
    except (EOFError, KeyboardInterrupt):
        pass  # the parent went away, or the terminal's Ctrl-C reached the whole process group


if __name__ == "__main__":
    main(sys.argv[1:])
