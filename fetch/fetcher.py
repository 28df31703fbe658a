"""The fetcher an evaluator's host answers `FetchUrl`, `FetchGit` and `FetchPath` requests with.

Everything fetched lands in the fetch store and becomes readable through the
evaluator's `StoreOverlayHost`. A download pinned by a hash whose store path
is already kept is not downloaded again (as CppNix).
"""

from __future__ import annotations

import os
import shutil
import time
from typing import Any, Callable

from ..builtins.derivations import fixed_output_path
from ..builtins.hashing import Hash
from ..vm.errors import EvalError
from ..hosts import FileSystemHost
from ..vm.store import base32, nar_hash
from .download import download, download_async, is_http, unpack_archive
from .git import GitSource, check_out, resolve, revision_info
from .store import FetchStore, StoreOverlayHost


_DISK = FileSystemHost()


def sri(digest: bytes) -> str:
    """A SHA-256 digest in SRI form (`sha256-<base64>`), as `narHash` shows it."""
    return Hash("sha256", digest).format("sri")


def _hash_mismatch(url: str, expected: bytes, got: bytes) -> EvalError:
    return EvalError(f"hash mismatch in file downloaded from '{url}':\n"
                     f"  specified: sha256:{base32(expected)}\n"
                     f"  got:       sha256:{base32(got)}")


class Fetcher:
    """Fetches into `store` and shows what it fetched through `files` (reading local sources with it too)."""

    def __init__(self, store: FetchStore, files: StoreOverlayHost, warn: Callable[[str], None]) -> None:
        self.store = store
        self.files = files
        self.warn = warn
        # What this fetcher fetched, by what was asked (a URL fetched again in one evaluator is the same
        # download, as within CppNix's tarball-ttl; a Git revision is the same tree).
        self.fetches: dict[tuple, Any] = {}

    def _fetched(self, store_path: str) -> str:
        self.files.fetched.add(store_path)
        return store_path

    # -- URLs ---------------------------------------------------------------------

    def _kept(self, unpack: bool, name: str, expected: bytes | None) -> str | None:
        """The store path of a pinned download that is already kept."""
        if expected is None:
            return None
        store_path = fixed_output_path(name, "r:" if unpack else "", "sha256", expected)
        return self._fetched(store_path) if self.store.has(store_path) else None

    def fetch_url(self, url: str, unpack: bool, name: str, expected: bytes | None) -> tuple[str, bytes]:
        """Download `url` (unpacked if `unpack`) into the store as `name`; its store path and NAR hash."""
        staged = self._begin(url, unpack, name, expected)
        if isinstance(staged, tuple):
            return staged
        try:
            download(url, os.path.join(staged, "download"), self.files.read_bytes)
            return self._finish(url, unpack, name, expected, staged)
        finally:
            shutil.rmtree(staged, ignore_errors=True)

    async def fetch_url_async(self, url: str, unpack: bool, name: str,
                              expected: bytes | None) -> tuple[str, bytes]:
        """`fetch_url` on an event loop: HTTP(S) downloads are awaited, the rest runs in a worker thread."""
        if not is_http(url):
            import asyncio
            return await asyncio.to_thread(self.fetch_url, url, unpack, name, expected)
        staged = self._begin(url, unpack, name, expected)
        if isinstance(staged, tuple):
            return staged
        try:
            await download_async(url, os.path.join(staged, "download"))
            return self._finish(url, unpack, name, expected, staged)
        finally:
            shutil.rmtree(staged, ignore_errors=True)

    def _begin(self, url: str, unpack: bool, name: str, expected: bytes | None) -> tuple[str, bytes] | str:
        """The result if the download is fetched or kept already, else a staging directory to download into."""
        done = self.fetches.get(("url", url, unpack, name, expected))
        if done is not None:
            return done  # type: ignore[no-any-return]
        kept = self._kept(unpack, name, expected)
        if kept is not None:
            return kept, expected if unpack else nar_hash(self.store.real_path(kept), _DISK)  # type: ignore[return-value]
        return self.store.staging()

    def _finish(self, url: str, unpack: bool, name: str, expected: bytes | None,
                staged: str) -> tuple[str, bytes]:
        """Unpack (if asked) and add the download in `staged` to the store, checking its hash."""
        downloaded = os.path.join(staged, "download")
        if unpack:
            unpack_into = os.path.join(staged, "unpacked")
            os.mkdir(unpack_into)
            top = unpack_archive(downloaded, url, unpack_into)
            store_path, digest = self.store.add_tree(top, name)
        else:
            store_path, digest = self.store.add_file(downloaded, name)
        if expected is not None and digest != expected:
            raise _hash_mismatch(url, expected, digest)
        nar_digest = digest if unpack else nar_hash(self.store.real_path(store_path), _DISK)
        self.fetches["url", url, unpack, name, expected] = result = (self._fetched(store_path), nar_digest)
        return result

    # -- trees ---------------------------------------------------------------------

    def fetch_git(self, source: GitSource, name: str) -> dict[str, Any]:
        """Fetch a revision of a local repository; its `fetchGit` attributes (without `outPath` context)."""
        rev = resolve(source, self.warn)
        key = ("git", os.path.realpath(source.directory), rev, source.submodules, source.shallow, name)
        done = self.fetches.get(key) if rev is not None else None  # a dirty tree may change at any time
        if done is not None:
            return dict(done)
        staging = self.store.staging()
        try:
            tree = check_out(source, rev, staging)
            store_path, digest = self.store.add_tree(tree, name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self.fetches[key] = attrs = {"outPath": self._fetched(store_path), "narHash": sri(digest),
                                     **revision_info(source, rev)}
        return dict(attrs)

    def fetch_path(self, path: str, name: str) -> dict[str, Any]:
        """Copy the tree at `path` (read through the host) into the store; its `fetchTree` attributes."""
        if self.files.kind(path) is None:
            raise EvalError(f"path '{path}' does not exist")
        staging = self.store.staging()
        try:
            tree = os.path.join(staging, "source")
            newest = self._copy(path, tree)
            store_path, digest = self.store.add_tree(tree, name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return {"lastModified": newest, "lastModifiedDate": time.strftime("%Y%m%d%H%M%S", time.gmtime(newest)),
                "narHash": sri(digest), "outPath": self._fetched(store_path)}

    def _copy(self, source: str, target: str) -> int:
        """Copy the tree at `source` in the host to `target` on disk (leaving out the fetch store, should it
        lie inside); the newest modification time in it (CppNix's `lastModified` of a path; 0 where the
        host has no such times)."""
        files = self.files
        newest = 0
        work = [(source, target)]
        while work:
            src, dst = work.pop()
            try:
                newest = max(newest, int(os.lstat(src).st_mtime))
            except OSError:
                pass
            kind = files.kind(src)
            if kind == "symlink":
                os.symlink(files.read_link(src), dst)
            elif kind == "regular":
                with open(dst, "wb") as out:
                    out.write(files.read_bytes(src))
                if files.is_executable(src):
                    os.chmod(dst, 0o755)
            elif kind == "directory":
                os.mkdir(dst)
                work.extend((os.path.join(src, n), os.path.join(dst, n)) for n in files.list_dir(src)
                            if os.path.join(src, n) != self.store.directory)  # never the copy into itself
            else:
                raise EvalError(f"file '{src}' has an unsupported type")
        return newest


__all__ = ["Fetcher", "sri"]
