"""Fetching from local Git repositories with the `git` command, as CppNix 2.8's `fetchGit` does.

A clean checkout is `git archive` of the revision (with submodules, a clone
and `git submodule update`); a local working tree with uncommitted changes
and neither `ref` nor `rev` is copied as it is, tracked files only, with
CppNix's "dirty" warning and no revision.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
import time
from typing import Any, Callable

from ..vm.errors import EvalError

class GitSource:
    """What a `fetchGit` call asks for: a local repository and which revision of it."""

    def __init__(self, url: str, ref: str | None = None, rev: str | None = None, submodules: bool = False,
                 all_refs: bool = False, shallow: bool = False) -> None:
        self.url = url
        self.ref = ref
        self.rev = rev
        self.submodules = submodules
        self.all_refs = all_refs
        self.shallow = shallow

    @property
    def directory(self) -> str:
        """The repository's directory (the URL is a path or a `file://` URL)."""
        if self.url.startswith("file://"):
            return self.url[len("file://"):]
        if "://" in self.url or not self.url.startswith("/"):
            raise EvalError(f"cannot fetch Git repository '{self.url}': pynix fetches local repositories only")
        return self.url


def _git(directory: str, *args: str, check: bool = True) -> str:
    try:
        done = subprocess.run(["git", "-C", directory, *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise EvalError("cannot fetch Git repositories: the 'git' command is not installed") from None
    if check and done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise EvalError(f"program 'git' failed with exit code {done.returncode}: "
                        + (message[-1] if message else " ".join(args)))
    return done.stdout if done.returncode == 0 else ""


def _is_dirty(directory: str) -> bool:
    """Whether a working tree has uncommitted changes to tracked files (CppNix ignores untracked ones)."""
    if _git(directory, "rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
        return False
    return subprocess.run(["git", "-C", directory, "diff", "HEAD", "--quiet"], capture_output=True).returncode != 0


def resolve(source: GitSource, warn: Callable[[str], None]) -> str | None:
    """The revision to fetch, or None for a dirty working tree (warned about, as CppNix does)."""
    directory = source.directory
    if not os.path.isdir(directory):
        raise EvalError(f"repository '{source.url}' does not exist")
    if source.rev is not None:
        if not re.fullmatch(r"[0-9a-f]{40}", source.rev):
            raise EvalError(f"hash '{source.rev}' has wrong length for hash type 'sha1'")
        if not _git(directory, "cat-file", "-t", source.rev, check=False).strip() == "commit":
            raise EvalError(f"Cannot find Git revision '{source.rev}' in ref '{source.ref or 'HEAD'}' of repository "
                            f"'{source.url}'! Please make sure that the rev exists on the ref you've specified or "
                            "add allRefs = true; to fetchGit.")
        return source.rev
    if source.ref is None and _is_dirty(directory):
        warn(f"warning: Git tree '{directory}' is dirty")
        return None
    ref = source.ref or "HEAD"
    for candidate in (ref, f"refs/heads/{ref}", f"refs/tags/{ref}"):
        rev = _git(directory, "rev-parse", "--verify", "--quiet", candidate + "^{commit}", check=False).strip()
        if rev:
            return rev
    raise EvalError(f"cannot find Git ref '{ref}' in repository '{source.url}'")


def check_out(source: GitSource, rev: str | None, into: str) -> str:
    """Write the tree of `rev` (None: the dirty working tree) into the new directory `into`; its path."""
    directory = source.directory
    tree = os.path.join(into, "source")
    if rev is None:
        os.mkdir(tree)
        listed = _git(directory, "ls-files", "-z", *(["--recurse-submodules"] if source.submodules else []))
        for name in filter(None, listed.split("\0")):
            _copy_entry(os.path.join(directory, name), os.path.join(tree, name))
    elif source.submodules:
        _git(into, "clone", "--quiet", "--no-checkout", directory, tree)
        _git(tree, "checkout", "--quiet", rev)
        # Local submodules are what is asked for (git refuses the file transport for them by default).
        _git(tree, "-c", "protocol.file.allow=always", "submodule", "--quiet", "update", "--init", "--recursive")
        for root, dirs, files in os.walk(tree):
            for name in [*dirs, *files]:
                if name == ".git":
                    _remove(os.path.join(root, name))
            dirs[:] = [d for d in dirs if d != ".git"]
    else:
        archive = os.path.join(into, "archive.tar")
        with open(archive, "wb") as out:
            subprocess.run(["git", "-C", directory, "archive", "--format=tar", rev], stdout=out, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="tar")
        os.unlink(archive)
    return tree


def _copy_entry(source: str, target: str) -> None:
    if not os.path.lexists(source):  # deleted in the working tree
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
    elif os.path.isfile(source):
        shutil.copy2(source, target)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def revision_info(source: GitSource, rev: str | None) -> dict[str, Any]:
    """`lastModified`, `lastModifiedDate`, `submodules` and, unless `rev` is None (a dirty working tree),
    `rev`, `shortRev` and `revCount` (unless shallow)."""
    directory = source.directory
    head = rev or _git(directory, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()
    modified = int(_git(directory, "log", "-1", "--format=%ct", "--no-show-signature", head).strip()) if head else 0
    info: dict[str, Any] = {
        "lastModified": modified,
        "lastModifiedDate": time.strftime("%Y%m%d%H%M%S", time.gmtime(modified)),
        "submodules": source.submodules,
    }
    if rev is not None:
        info.update(rev=rev, shortRev=rev[:7])
        if not source.shallow:
            info["revCount"] = int(_git(directory, "rev-list", "--count", rev).strip())
    return info
