"""Store paths computed as Nix computes them, without a store: NAR serialisation, hashing, naming."""

from __future__ import annotations

import hashlib
import os
from typing import Callable, Iterable, Protocol

from .errors import EvalError

STORE_DIR = os.environ.get("NIX_STORE_DIR", "/nix/store")
_BASE32 = "0123456789abcdfghijklmnpqrsvwxyz"


def base32(digest: bytes) -> str:
    """Nix's base-32 encoding of a hash (its own alphabet, least significant bits first)."""
    n = (len(digest) * 8 - 1) // 5 + 1
    out = []
    for i in range(n - 1, -1, -1):
        b = i * 5
        j, k = divmod(b, 8)
        c = digest[j] >> k
        if j + 1 < len(digest):
            c |= digest[j + 1] << (8 - k)
        out.append(_BASE32[c & 0x1F])
    return "".join(out)


def base32_decode(text: str) -> bytes:
    """The bytes of a Nix base-32 string."""
    size = len(text) * 5 // 8
    out = bytearray(size)
    for n, ch in enumerate(reversed(text)):
        digit = _BASE32.index(ch)
        b = n * 5
        i, j = divmod(b, 8)
        out[i] |= (digit << j) & 0xFF
        carry = digit >> (8 - j)
        if i + 1 < size:
            out[i + 1] |= carry
        elif carry:
            raise ValueError("invalid base-32 hash")
    return bytes(out)


def compress_hash(digest: bytes, size: int) -> bytes:
    """XOR-fold a hash to `size` bytes."""
    out = bytearray(size)
    for i, b in enumerate(digest):
        out[i % size] ^= b
    return bytes(out)


def make_store_path(kind: str, digest_hex: str, name: str, store_dir: str = STORE_DIR) -> str:
    """`makeStorePath`: the store path of an object described by `kind:sha256:<hex>`."""
    fingerprint = f"{kind}:sha256:{digest_hex}:{store_dir}:{name}"
    h = compress_hash(hashlib.sha256(fingerprint.encode()).digest(), 20)
    return f"{store_dir}/{base32(h)}-{name}"


def make_type(kind: str, references: Iterable[str], self_reference: bool = False) -> str:
    """The type part of a store path fingerprint: kind followed by sorted references."""
    out = kind
    for r in sorted(references):
        out += ":" + r
    if self_reference:
        out += ":self"
    return out


def text_path(name: str, contents: bytes, references: Iterable[str] = ()) -> str:
    """The store path of `builtins.toFile name contents`."""
    digest = hashlib.sha256(contents).hexdigest()
    return make_store_path(make_type("text", references), digest, name)


def _nar_string(data: bytes) -> bytes:
    pad = (8 - len(data) % 8) % 8
    return len(data).to_bytes(8, "little") + data + b"\0" * pad


class FileTree(Protocol):
    """What NAR serialisation reads: a file tree (implemented by the IO hosts in `pynix.hosts`)."""

    def kind(self, path: str) -> str | None: ...
    def read_bytes(self, path: str) -> bytes: ...
    def list_dir(self, path: str) -> list[str]: ...
    def read_link(self, path: str) -> str: ...
    def is_executable(self, path: str) -> bool: ...


def nar_serialise(path: str, sink: Callable[[bytes], None], tree: FileTree,
                  keep: Callable[[str, str], bool] | None = None) -> None:
    """Write the NAR serialisation of `path` in `tree` to `sink`; `keep(path, type)` filters directory entries."""
    s = _nar_string
    sink(s(b"nix-archive-1"))
    # Explicit stack of pending actions: a path to serialise or raw bytes to emit.
    work: list[tuple[str, object]] = [("path", path)]
    while work:
        kind, item = work.pop()
        if kind == "bytes":
            sink(item)  # type: ignore[arg-type]
            continue
        p = str(item)
        file_kind = tree.kind(p)
        if file_kind == "symlink":
            target = os.fsencode(tree.read_link(p))
            sink(s(b"(") + s(b"type") + s(b"symlink") + s(b"target") + s(target) + s(b")"))
        elif file_kind == "regular":
            head = s(b"(") + s(b"type") + s(b"regular")
            if tree.is_executable(p):
                head += s(b"executable") + s(b"")
            sink(head + s(b"contents") + s(tree.read_bytes(p)) + s(b")"))
        elif file_kind == "directory":
            names = sorted(tree.list_dir(p), key=os.fsencode)
            actions: list[tuple[str, object]] = [("bytes", s(b"(") + s(b"type") + s(b"directory"))]
            for name in names:
                child = os.path.join(p, name)
                if keep is not None and not keep(child, tree.kind(child) or "unknown"):
                    continue
                actions.append(("bytes", s(b"entry") + s(b"(") + s(b"name") + s(os.fsencode(name)) + s(b"node")))
                actions.append(("path", child))
                actions.append(("bytes", s(b")")))
            actions.append(("bytes", s(b")")))
            work.extend(reversed(actions))
        else:
            raise EvalError(f"file '{p}' has an unsupported type")


def nar_hash(path: str, tree: FileTree, keep: Callable[[str, str], bool] | None = None) -> bytes:
    """The SHA-256 of the NAR serialisation of `path` in `tree`."""
    h = hashlib.sha256()
    nar_serialise(path, h.update, tree, keep)
    return h.digest()


def source_path(path: str, tree: FileTree, name: str | None = None,
                keep: Callable[[str, str], bool] | None = None) -> str:
    """The store path `path` in `tree` is copied to (recursive SHA-256, type `source`)."""
    if tree.kind(path) is None:
        raise EvalError(f"path '{path}' does not exist")
    name = name or os.path.basename(path.rstrip("/")) or "source"
    return make_store_path("source", nar_hash(path, tree, keep).hex(), name)
