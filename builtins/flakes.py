"""`builtins.getFlake`: a local flake (path or git) called with the inputs its `flake.lock` pins.

The flake's source is fetched as `fetchTree` fetches it; its `flake.lock`
(none: no inputs) and the source go to `corepkgs/call-flake.nix`, CppNix's
own recipe, which fetches each locked input (path, git, tarball, file; other
types are an error naming the input) and builds `outputs`, `inputs`,
`sourceInfo`, `outPath` and `self`. Inputs missing from `flake.lock` are not
locked here: `nix flake lock` writes them.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..vm.errors import EvalError
from ..vm.requests import Call, Gen, Import, PathExists, PureEval, ReadFile
from .arguments import checked
from .core import COREPKGS
from .derivations import require_feature
from .fetchers import fetch_input
from .flakeref import parse_flake_ref
from .registry import builtin
from .strings import force_plain_string

CALL_FLAKE = os.path.join(COREPKGS, "call-flake.nix")
NO_LOCK = json.dumps({"nodes": {"root": {}}, "root": "root", "version": 7})
"""The lock file of a flake without one (and so without inputs)."""


def flake_input(spec: str) -> Gen:
    """Generator: the input attributes of the flake reference `spec` (an absolute path, `path:`, `git+file:`).

    A bare path is a flake in a Git working tree when a directory above it holds `.git` (then `dir` is
    where it lies in the tree), as CppNix reads it."""
    attrs = parse_flake_ref(spec)
    if attrs.get("type") != "path" or spec.startswith("path:"):
        return attrs
    path = attrs["path"].rstrip("/") or "/"
    if not (yield PathExists(f"{path}/flake.nix")):
        raise EvalError(f"path '{path}' is not a flake (because it doesn't contain a 'flake.nix' file)")
    root = path
    while True:
        if (yield PathExists(f"{root}/.git")):
            subdir = os.path.relpath(path, root)
            return {"type": "git", "url": f"file://{root}", **({"dir": subdir} if subdir != "." else {})}
        if root == "/":
            return attrs
        root = os.path.dirname(root)


def _is_locked(attrs: dict[str, Any]) -> bool:
    return "rev" in attrs or "narHash" in attrs


def load_flake(attrs: dict[str, Any], lock_root: bool = False) -> Gen:
    """Generator: the flake whose source is the input `attrs` (`dir`: where in it), called with the inputs
    its `flake.lock` pins. With `lock_root`, its source is fetched even if unlocked in pure mode, as
    `nix eval` locks the flake it is given before evaluating it purely."""
    attrs = dict(attrs)
    subdir = str(attrs.pop("dir", ""))
    source_info = yield fetch_input(attrs, "getFlake", check_pure=not lock_root)
    lock_file = f"{source_info['outPath']}{'/' + subdir if subdir else ''}/flake.lock"
    lock = (yield ReadFile(lock_file)) if (yield PathExists(lock_file)) else NO_LOCK
    call_flake = yield (yield Import(CALL_FLAKE))
    with_lock = yield Call(call_flake, lock)
    with_source = yield Call(with_lock, source_info)
    return (yield Call(with_source, subdir))


@builtin("getFlake")
def get_flake(ref):
    """The flake `ref` names, called with its locked inputs (experimental `flakes`)."""
    yield require_feature("flakes")
    spec = checked(force_plain_string, ref, "while evaluating the argument passed to builtins.getFlake")
    attrs = yield flake_input(spec)
    if not _is_locked(attrs) and (yield PureEval()):
        raise EvalError(f"cannot call 'getFlake' on unlocked flake reference '{spec}' (use --impure to override)")
    return (yield load_flake(attrs))
