"""Fuzzing: random bytes, random token streams and mutated corpus files always give a value or a NixError
with a position; never another exception, a hang or a crash.

`PYNIX_FUZZ_EXAMPLES=N` runs N inputs per kind (the default keeps the suite fast); such a run prints a
tally of the outcomes.
"""

from __future__ import annotations

import collections
import os
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import pynix  # noqa: E402

EXAMPLES = int(os.environ.get("PYNIX_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES <= 60,
                suppress_health_check=list(HealthCheck))

TOKENS = [
    "let", "in", "rec", "with", "inherit", "if", "then", "else", "assert", "or", "import", "null", "true",
    "false", "x", "y", "f", "a.b", "builtins", "builtins.genList", "builtins.foldl'", "builtins.toJSON",
    "builtins.fromJSON", "builtins.attrNames", "builtins.tryEval", "throw", "abort", "map", "toString",
    "builtins.seq", "builtins.deepSeq", "builtins.substring", "builtins.match", "builtins.split",
    "0", "1", "-1", "2.5", "9223372036854775807", '"s"', '"${x}"', "''i''", "./p", "<nixpkgs>", "~/h",
    "http://u", "(", ")", "[", "]", "{", "}", "${", ":", ";", ",", ".", "?", "@", "...", "=", "==", "!=",
    "<", "<=", ">", ">=", "&&", "||", "->", "!", "+", "-", "*", "/", "++", "//", "#c\n", "/*c*/",
    "x: x", "{ a ? 1 }:", "a = 1;", "inherit x;", "x x",
]

CORPUS = [p.read_text() for p in sorted((Path(__file__).parent / "lang").glob("*.nix"))]

OUTCOMES: collections.Counter[str] = collections.Counter()


@pytest.fixture(scope="module")
def ev():
    """One evaluator for every input (it must stay usable after any error), with no files to read and
    limits (a run of 34,000 token streams without a memory limit once grew to 24 GB and was killed)."""
    return pynix.Evaluator(host=pynix.MemoryHost({}), cache_dir=None, timeout=10, max_memory=1 << 30)


def outcome(ev, text: str) -> str:
    """Evaluate `text` completely; the kind of its outcome. Fails on anything but a value or a located
    NixError."""
    try:
        ev.to_python(ev.evaluate_raw(text, base_dir="/fuzz"))
    except pynix.LimitExceeded as err:
        pytest.fail(f"no result within the limits for {text!r}: {err}")
    except pynix.NixError as err:
        located = err.span is not None or any(f.span is not None for f in err.frames)
        assert located or err.__class__.__name__ in UNLOCATED, f"no position in {err!r} for {text!r}"
        OUTCOMES[err.__class__.__name__] += 1
        return "error"
    OUTCOMES["value"] += 1
    return "value"


UNLOCATED: frozenset[str] = frozenset()
"""Error classes allowed without a position (none)."""


@FUZZ
@given(data=st.binary(max_size=120))
def test_random_bytes(ev, data: bytes) -> None:
    outcome(ev, data.decode("utf-8", "surrogateescape"))


@FUZZ
@given(tokens=st.lists(st.sampled_from(TOKENS), max_size=24))
def test_random_token_streams(ev, tokens: list[str]) -> None:
    outcome(ev, " ".join(tokens))


@st.composite
def mutated_corpus_file(draw: st.DrawFn) -> str:
    """A file of the language tests with a few random cuts, insertions and duplications."""
    text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        kind = draw(st.sampled_from(["cut", "insert", "duplicate", "replace"]))
        if kind == "cut":
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + " " + draw(st.sampled_from(TOKENS)) + " " + text[i:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + draw(st.text(max_size=3)) + text[j:]
    return text


@FUZZ
@given(text=mutated_corpus_file())
def test_mutated_corpus_files(ev, text: str) -> None:
    outcome(ev, text)


def test_known_unlocated_error(ev) -> None:
    """Found by fuzzing: a builtin tail-called with the result of another (`deepSeq a f x`) failed without a
    position; located since tail calls keep their frames for traces."""
    outcome(ev, "builtins.deepSeq ''i'' builtins.fromJSON builtins.match")


def teardown_module() -> None:
    if "PYNIX_FUZZ_EXAMPLES" in os.environ:
        print(f"\nfuzz outcomes ({sum(OUTCOMES.values())} inputs): {dict(OUTCOMES.most_common())}")
