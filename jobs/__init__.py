"""eval-jobs: the derivations of a package set evaluated in parallel, as nix-eval-jobs does.

The walk (`walk.py`) sends attribute paths to a runner: worker processes on
this machine (`pool.py`), a Dask cluster (`cluster.py`) or this process
(`walk.InProcess`). Each runner keeps one evaluator (`session.py`) per
worker across jobs. `pynix eval-jobs` (`command.py`) prints the records as
JSON lines.
"""

from __future__ import annotations

import os
from typing import Any, Iterator, Mapping

from .spec import JobSpec
from .walk import InProcess, Runner, Tally, walk


def eval_jobs(path: str | os.PathLike[str] | None = None, *, expr: str | None = None,
              args: Mapping[str, str] | None = None, argstrs: Mapping[str, str] | None = None,
              search_path: tuple[str, ...] | list[str] = (), workers: int | None = None,
              dask_client: Any = None, max_memory_size: int | None = None, meta: bool = False,
              force_recurse: bool = False, show_trace: bool = False,
              tally: Tally | None = None) -> Iterator[dict[str, Any]]:
    """The records of the jobs of the file `path` (or of `expr`), as dicts, in the order they finish.

    A record has nix-eval-jobs' fields (`attr`, `attrPath`, `name`, `system`,
    `drvPath`, `outputs`, and `meta` if asked), or `attr`, `attrPath` and
    `error` for a job that failed. `args` are Nix expressions and `argstrs`
    strings the root function is called with (`--arg`, `--argstr`). Jobs run
    on `workers` processes (default: one per core; 0 evaluates them in this
    process, one after the other) or, given `dask_client` (a
    `distributed.Client`), on its cluster. `max_memory_size` (MiB) replaces a
    worker process past it. `tally` is told (found, evaluated, failed) as
    the walk goes.
    """
    spec = make_spec(path, expr, args or {}, argstrs or {}, search_path, meta, force_recurse, show_trace)
    runner: Runner
    if dask_client is not None:
        from .cluster import DaskRunner
        runner = DaskRunner(dask_client, spec, max_memory_size)
    elif workers == 0:
        runner = InProcess(spec)
    else:
        from .pool import ProcessPool
        runner = ProcessPool(spec, workers, max_memory_size)
    return walk(runner, tally)


def make_spec(path: str | os.PathLike[str] | None, expr: str | None, args: Mapping[str, str],
              argstrs: Mapping[str, str], search_path: tuple[str, ...] | list[str], meta: bool,
              force_recurse: bool, show_trace: bool) -> JobSpec:
    """The `JobSpec` of these options; `NIX_PATH` adds to the search path, as for nix-instantiate."""
    if (path is None) == (expr is None):
        raise ValueError("give either a path or expr")
    nix_path = [p for p in os.environ.get("NIX_PATH", "").split(":") if p]
    return JobSpec(
        file=os.path.abspath(path) if path is not None else None, expr=expr, base_dir=os.getcwd(),
        args=tuple(sorted([(k, "expr", v) for k, v in args.items()] + [(k, "str", v) for k, v in argstrs.items()])),
        search_path=tuple(search_path) + tuple(nix_path), meta=meta, force_recurse=force_recurse,
        show_trace=show_trace)


__all__ = ["eval_jobs", "make_spec", "walk", "JobSpec", "Runner", "InProcess", "Tally"]
