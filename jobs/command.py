"""`pynix eval-jobs`: nix-eval-jobs' command line for evaluation: one JSON line per job, printed as soon
as the job is done; the exit status is 1 if any job failed."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Callable

from ..vm.errors import EvalError, NixError, Source, for_stderr

DEFAULT_MAX_MEMORY_SIZE = 4096
"""MiB, nix-eval-jobs' default for `--max-memory-size`."""

CONNECT_SECONDS = 30
"""How long `--dask-scheduler` tries to reach the scheduler."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pynix eval-jobs",
        description="Evaluate the derivations of a package set in parallel and print one JSON line per job "
                    "(as nix-eval-jobs does): derivations are jobs, sets with recurseForDerivations = true "
                    "are entered.")
    p.add_argument("file", metavar="FILE", help="the Nix file (or directory), or with --expr an expression")
    p.add_argument("--expr", "-E", action="store_true", help="FILE is a Nix expression")
    p.add_argument("--arg", nargs=2, action="append", default=[], metavar=("NAME", "EXPR"),
                   help="call the root function with NAME bound to the value of EXPR")
    p.add_argument("--argstr", nargs=2, action="append", default=[], metavar=("NAME", "STRING"),
                   help="call the root function with NAME bound to STRING")
    p.add_argument("-I", "--include", dest="include", action="append", default=[], metavar="PATH",
                   help="add a search path entry")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the number of cores)")
    p.add_argument("--max-memory-size", type=int, default=DEFAULT_MAX_MEMORY_SIZE, metavar="MiB",
                   help="replace a worker whose resident memory goes past this, retrying its job once on a "
                        f"fresh worker (default {DEFAULT_MAX_MEMORY_SIZE})")
    p.add_argument("--meta", action="store_true", help="include each derivation's meta")
    p.add_argument("--force-recurse", action="store_true", help="enter every attribute set")
    p.add_argument("--show-trace", action="store_true", help="give error messages with their whole trace")
    p.add_argument("--quiet", action="store_true", help="no progress line on the terminal")
    p.add_argument("--dask-scheduler", metavar="ADDRESS",
                   help="run the jobs on the Dask cluster of this scheduler (tcp://host:8786); needs pynix[dask]")
    return p


def main(argv: list[str]) -> int:
    """Entry point of `pynix eval-jobs`."""
    args = build_parser().parse_args(argv)
    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 1
    client = None
    try:
        options = checked_options(args)
        if args.dask_scheduler:
            client = dask_client(args.dask_scheduler)
        from ..hosts import std_streams_pass_bytes
        with std_streams_pass_bytes():  # a Nix string's undecodable bytes are printed as they are
            return print_jobs(options, client, show_progress=not args.quiet and sys.stdout.isatty()
                              and sys.stderr.isatty())
    except NixError as err:
        print(for_stderr(err.render(args.show_trace)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted by the user", file=sys.stderr)
        return 1
    except BrokenPipeError:  # a reader that went away (`| head`) is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        if client is not None:
            client.close()


def checked_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options of `eval_jobs`; an input file that does not exist or an expression that does not
    parse is a Nix error here, before any worker starts."""
    from ..compiler.parser import parse
    from ..instantiate import read_input
    for text in ([args.file] if args.expr else []) + [expr for _, expr in args.arg]:
        parse(Source("«string»", text))
    path = None if args.expr else read_input(os.path.abspath(args.file)).path
    return dict(path=path, expr=args.file if args.expr else None, args=dict(args.arg), argstrs=dict(args.argstr),
                search_path=args.include, workers=args.workers, max_memory_size=args.max_memory_size,
                meta=args.meta, force_recurse=args.force_recurse, show_trace=args.show_trace)


def dask_client(address: str) -> Any:
    """A `distributed.Client` of the scheduler at `address`, or a Nix-style error."""
    try:
        from distributed import Client
    except ImportError:
        raise EvalError("--dask-scheduler needs Dask: install pynix[dask] (dask[distributed])") from None
    try:
        return Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as err:
        raise EvalError(f"cannot reach the Dask scheduler at {address}: {err}") from None


def print_jobs(options: dict[str, Any], client: Any, show_progress: bool) -> int:
    """Print each job's record as a JSON line as it finishes; 1 if any job failed."""
    from . import eval_jobs
    bar = None
    emit: Callable[[str], None] = lambda line: print(line, flush=True)
    if show_progress:
        from .progress import JobsBar
        bar = JobsBar()
        emit = bar.emit
    failed = False
    try:
        for record in eval_jobs(dask_client=client, tally=bar, **options):
            emit(json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
            failed = failed or "error" in record
    finally:
        if bar is not None:
            bar.close()
    return 1 if failed else 0
