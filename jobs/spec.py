"""What an eval-jobs run evaluates, in a form every worker (a process, a Dask worker) can be sent."""

from __future__ import annotations

from typing import Any, NamedTuple

AttrPath = tuple[str, ...]
"""Where a value sits in the evaluated tree: the attribute names from its root."""

Outcome = dict[str, Any] | list[str] | None
"""What evaluating one attribute path gives: a job's record (a derivation's, or an error's), the names
of a set to enter, or None for a value that is neither job nor set to enter."""


class JobSpec(NamedTuple):
    """The root expression of a run and how its jobs are evaluated; equal specs can share an evaluator."""

    file: str | None
    """The absolute path of the root file (or directory), unless `expr` is given."""
    expr: str | None = None
    """The root expression, evaluated relative to `base_dir`."""
    base_dir: str = "/"
    args: tuple[tuple[str, str, str], ...] = ()
    """Automatic arguments (`--arg`/`--argstr`) as (name, "expr" or "str", text)."""
    search_path: tuple[str, ...] = ()
    """`-I` entries, then those of `NIX_PATH`."""
    meta: bool = False
    """Whether a job's record carries its `meta` (`--meta`)."""
    force_recurse: bool = False
    """Enter every attribute set, not only those with `recurseForDerivations = true`."""
    show_trace: bool = False
    """Whether an error record's message carries the whole trace."""


def attr_text(path: AttrPath) -> str:
    """The `attr` field of a record: the names joined with dots, a name that has a dot quoted."""
    return ".".join(f'"{name}"' if "." in name else name for name in path)


def error_record(path: AttrPath, message: str) -> dict[str, Any]:
    """The record of a job that failed, as nix-eval-jobs prints it."""
    return {"attr": attr_text(path), "attrPath": list(path), "error": message}
