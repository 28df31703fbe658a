"""The compile cache: bad entries are misses, never failures; the directory is private to the user."""

from __future__ import annotations

import marshal
import os
import stat

import pytest

import pynix
from pynix.compiler.cache import FORMAT, CompileCache


def entries(directory):
    return [os.path.join(d, f) for d, _, files in os.walk(directory) for f in files]


def rewrite(directory, change):
    """Replace every entry by `change(entry)` (the entry is the stored tuple)."""
    for path in entries(directory):
        with open(path, "rb") as f:
            entry = marshal.load(f)
        with open(path, "wb") as f:
            f.write(marshal.dumps(change(entry)))


@pytest.fixture
def cached(tmp_path):
    """A file evaluated once with a fresh cache directory: (directory, file)."""
    directory, source = tmp_path / "cache", tmp_path / "f.nix"
    source.write_text('let x = "a"; in { y = x + "b"; f = { z ? 1 }: z; }')
    ev = pynix.Evaluator(cache_dir=str(directory))
    assert ev.evaluate_file(str(source))["y"] == "ab"
    assert entries(directory)
    return directory, source


@pytest.mark.parametrize("change", [
    lambda e: e[:4] + ({"c": 5},) + e[5:],                    # consts of the wrong shape
    lambda e: e[:4] + ({k: ("zzz", 1) for k in e[4]} or {"c": ("zzz", 1)},) + e[5:],  # shape right, unloadable
    lambda e: e[:5] + ({"x": (1, 2)},) + e[6:],               # lambdas of the wrong shape
    lambda e: (e[0], "0.0.0") + e[2:],                        # another pynix version
    lambda e: e[:2] + ("another key",) + e[3:],              # stored under another key
    lambda e: e[:7] + (5,),                                   # generator code of the wrong kind
    lambda e: e[3:],                                          # the previous format
    lambda e: "text",
])
def test_a_bad_entry_is_a_miss_and_is_replaced(cached, change):
    directory, source = cached
    rewrite(directory, change)
    for _ in range(2):
        ev = pynix.Evaluator(cache_dir=str(directory))
        assert pynix.to_python(ev.evaluate_file(str(source)))["y"] == "ab"
    [path] = entries(directory)
    with open(path, "rb") as f:
        assert marshal.load(f)[0] == FORMAT


def test_the_cache_directory_is_private_and_a_shared_one_is_not_used(cached):
    directory, source = cached
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    [path] = entries(directory)
    with open(path, "rb") as f:
        key = marshal.load(f)[2]
    cache = CompileCache(str(directory))
    assert cache.get(key) is not None
    os.chmod(directory, 0o777)
    assert cache.get(key) is None
    os.chmod(directory, 0o700)
    os.chmod(path, 0o666)
    assert cache.get(key) is None
