"""Hash builtins (hashString, hashFile, convertHash) and Nix's hash notations.

A hash is written base-16, nix32 (Nix's own base-32), base-64 or SRI
(`algo-<base64>`), optionally prefixed with `algo:`; `parse_hash` reads
any of them as CppNix's `Hash::parseAny` does, with its error messages.
"""

from __future__ import annotations

import hashlib
import re

from ..vm.errors import EvalError
from ..vm.requests import Feature, Gen, ReadFile, Warn
from ..vm.store import base32
from ..vm.thunk import Thunk
from .core import force_attrs, force_string
from .arguments import checked, forced_checked
from .registry import builtin
from .strings import absolute_path_arg, force_plain_string, to_bytes

HASH_SIZES = {"md5": 16, "sha1": 20, "sha256": 32, "sha512": 64}
"""Digest size in bytes of each hash algorithm pynix computes."""

_NIX32 = "0123456789abcdfghijklmnpqrsvwxyz"
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_HEX = re.compile("[0-9a-fA-F]*")


def parse_hash_algo(name: str) -> Gen:
    """Generator: `name` as a hash algorithm, or CppNix's error for an unknown or unsupported one."""
    if name in HASH_SIZES:
        return name
    if name == "blake3":
        if not (yield Feature("blake3-hashes")):
            raise EvalError("experimental Nix feature 'blake3-hashes' is disabled; "
                            "add '--extra-experimental-features blake3-hashes' to enable it")
        raise EvalError("pynix does not implement BLAKE3 hashes")
    raise EvalError(f"unknown hash algorithm '{name}', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'")


def hash_bytes(algo: str, data: bytes) -> bytes:
    """The digest of `data` with algorithm `algo`."""
    return hashlib.new(algo, data).digest()


# -- notations -------------------------------------------------------------------


def _base64_decode(text: str) -> bytes | None:
    """The bytes of a base-64 string, read up to the padding as CppNix does, or None on a bad character."""
    out = bytearray()
    acc = bits = 0
    for c in text:
        if c == "\n":
            continue
        if c == "=":
            break
        digit = _BASE64.find(c)
        if digit < 0:
            return None
        acc = (acc << 6 | digit) & 0xFFFF
        bits += 6
        if bits >= 8:
            bits -= 8
            out.append(acc >> bits & 0xFF)
    return bytes(out)


def _nix32_decode(text: str) -> bytes | None:
    """The bytes of a nix32 string (as many as its digits need), or None on a bad character."""
    out = bytearray()
    for n, c in enumerate(reversed(text)):
        digit = _NIX32.find(c)
        if digit < 0:
            return None
        i, j = divmod(n * 5, 8)
        while len(out) < i + 1:
            out.append(0)
        out[i] |= (digit << j) & 0xFF
        carry = digit >> (8 - j)
        if carry:
            while len(out) < i + 2:
                out.append(0)
            out[i + 1] |= carry
    return bytes(out)


def _base16_decode(text: str) -> bytes | None:
    return bytes.fromhex(text) if _HEX.fullmatch(text) else None


def _nix32_length(size: int) -> int:
    return (size * 8 - 1) // 5 + 1


def _base64_length(size: int) -> int:
    return (size + 2) // 3 * 4


class Hash:
    """A digest and the algorithm that made it."""

    __slots__ = ("algo", "digest")

    def __init__(self, algo: str, digest: bytes) -> None:
        self.algo = algo
        self.digest = digest

    def format(self, fmt: str) -> str:
        """The digest in format `base16`, `nix32`, `base64` or `sri` (the only one naming the algorithm)."""
        if fmt == "base16":
            return self.digest.hex()
        if fmt == "nix32":
            return base32(self.digest)
        import base64
        text = base64.b64encode(self.digest).decode("ascii")
        return f"{self.algo}-{text}" if fmt == "sri" else text


def parse_hash(text: str, algo: str | None) -> Gen:
    """Generator: the `Hash` written `text` in any notation (CppNix's `Hash::parseAny`).

    The algorithm comes from an `algo:` or SRI `algo-` prefix, or else from `algo`.
    """
    rest = text
    sri = False
    prefix = None
    if ":" in text:
        prefix, rest = text.split(":", 1)
    elif "-" in text:
        prefix, rest = text.split("-", 1)
        sri = True
    if prefix is not None:
        prefix = yield parse_hash_algo(prefix)
    if prefix is None and algo is None:
        raise EvalError(f"hash '{text}' does not include a type, nor is the type otherwise known from context")
    if prefix is not None and algo is not None and prefix != algo:
        raise EvalError(f"hash '{text}' should have type '{algo}'")
    algo = prefix or algo
    assert algo is not None  # a prefix names an algorithm, else `algo` was given (checked above)
    size = HASH_SIZES[algo]
    if sri:
        encoding, digest = "SRI", _base64_decode(rest)
    elif len(rest) == size * 2:
        encoding, digest = "base16", _base16_decode(rest)
    elif len(rest) == _nix32_length(size):
        encoding, digest = "nix32", _nix32_decode(rest)
    elif len(rest) == _base64_length(size):
        encoding, digest = "Base64", _base64_decode(rest)
    else:
        raise EvalError(f"hash '{rest}' has wrong length for hash algorithm '{algo}'")
    # CppNix reports an undecodable hash by the length of what it decoded (nothing).
    digest = digest or b""
    if len(digest) != size:
        raise EvalError(f"invalid {encoding} hash '{rest}', length {len(digest)} != expected length {size}")
    return Hash(algo, digest)


def parse_hash_format(name: str) -> Gen:
    """Generator: a hash format name (`base32` is a deprecated alias of `nix32`), or CppNix's error."""
    if name == "base32":
        yield Warn('warning: "base32" is a deprecated alias for hash format "nix32".')
        return "nix32"
    if name in ("base16", "nix32", "base64", "sri"):
        return name
    raise EvalError(f"unknown hash format '{name}', expect 'base16', 'base32', 'base64', or 'sri'")


# -- the builtins ----------------------------------------------------------------


@builtin("hashString", lazy=("s",))
def hash_string(algo, s):
    """The base-16 digest of the string `s` with hash algorithm `algo`."""
    algo = yield parse_hash_algo(checked(force_plain_string, algo,
                                         "while evaluating the first argument passed to builtins.hashString"))
    s = yield from forced_checked(force_string, s, "while evaluating the second argument passed to builtins.hashString")
    return hash_bytes(algo, to_bytes(s)).hex()


@builtin("hashFile", lazy=("path",))
def hash_file(algo, path):
    """The base-16 digest of the file at `path` with hash algorithm `algo`."""
    algo = yield parse_hash_algo(checked(force_plain_string, algo,
                                         "while evaluating the first argument passed to builtins.hashFile"))
    name = yield absolute_path_arg(path, "while realising the context of a path")
    contents = yield ReadFile(str(name))
    return hash_bytes(algo, to_bytes(contents)).hex()


def _attribute(attrs: dict, name: str, frame: str) -> Gen:
    """Generator: the forced string attribute `name`, without context."""
    if name not in attrs:
        err = EvalError(f"attribute '{name}' missing")
        err.add_frame(f"while locating the attribute '{name}'")
        raise err
    v = attrs[name]
    if v.__class__ is Thunk:
        v = yield v
    return checked(force_plain_string, v, frame)


@builtin("convertHash")
def convert_hash(args):
    """`args.hash` (algorithm from its prefix or `args.hashAlgo`) written in format `args.toHashFormat`."""
    checked(force_attrs, args, "while evaluating the first argument passed to builtins.convertHash")
    text = yield _attribute(args, "hash", "while evaluating the attribute 'hash'")
    algo = None
    if "hashAlgo" in args:
        name = yield _attribute(args, "hashAlgo", "while evaluating the attribute 'hashAlgo'")
        algo = yield parse_hash_algo(name)
    name = yield _attribute(args, "toHashFormat", "while evaluating the attribute 'toHashFormat'")
    fmt = yield parse_hash_format(name)
    return (yield parse_hash(text, algo)).format(fmt)
