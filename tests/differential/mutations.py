"""Mutations of CppNix's language test files, stored as edits rather than as text.

The conformance corpus is LGPL data that must not be copied into pynix, so a
mutated program is kept as a reference: the base file's name and SHA-256, and
a list of edits `[start, end, parts]` that replace `text[start:end]` by the
concatenation of `parts`, each a new string or a `[start, end]` slice of the
base text. `apply()` rebuilds the program from `../shared` at test time.

`Mutator` picks edits by tokenising the file (no parser needed): replace a
number, string or boolean literal, swap an operator for another of its kind,
swap the two operands of an operator, drop a binding, replace an operand by
`throw`, or wrap a parenthesised group or the whole program in `tryEval`.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path
from typing import Any

Part = str | list[int]
Edit = list[Any]
"""`[start, end, [part, ...]]`."""

TOKEN = re.compile(r"""
    (?P<space>\s+|\#[^\n]*|/\*(?:.|\n)*?\*/)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<istring>''(?:[^']|'''|''[$\\]|'(?!'))*'')
  | (?P<path>(?:[a-zA-Z0-9._+-]*|~)(?:/[a-zA-Z0-9._+-]+)+/?|<[a-zA-Z0-9._+/-]+>)
  | (?P<float>(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<int>[0-9]+)
  | (?P<ident>[a-zA-Z_][a-zA-Z0-9_'-]*)
  | (?P<op>\.\.\.|\$\{|->|\|\||&&|==|!=|<=|>=|//|\+\+|[-+*/<>!?.=;:,@(){}\[\]])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

OPERATOR_GROUPS = (("+", "-", "*", "/"), ("==", "!="), ("<", "<=", ">", ">="), ("&&", "||", "->"),
                   ("//", "++"))
BINARY = {op for group in OPERATOR_GROUPS for op in group}
OPEN, CLOSE = "([{", ")]}"
KINDS = ("int", "string", "bool", "operator", "swap", "drop", "throw", "try-group", "try-all")


class Token:
    """One token of a Nix file: its kind, text and offsets."""

    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind: str, text: str, start: int) -> None:
        self.kind, self.text, self.start, self.end = kind, text, start, start + len(text)


def tokens(text: str) -> list[Token]:
    """The tokens of `text` other than white space and comments (strings are single tokens)."""
    out = []
    for m in TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind != "space":
            out.append(Token(kind, m.group(), m.start()))
    return out


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def apply(base: str, edits: list[Edit]) -> str:
    """The program `edits` make of the text `base` (edits are sorted and do not overlap)."""
    out, pos = [], 0
    for start, end, parts in sorted(edits, key=lambda e: e[0]):
        out.append(base[pos:start])
        out.extend(p if isinstance(p, str) else base[p[0]:p[1]] for p in parts)
        pos = end
    out.append(base[pos:])
    return "".join(out)


class Mutator:
    """Finds the places of one file where each kind of mutation applies."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokens(text)
        self.match = self._matching_brackets()

    def _matching_brackets(self) -> dict[int, int]:
        """Token index of each opening bracket → index of its closing one (and back)."""
        pairs, stack = {}, []
        for i, t in enumerate(self.toks):
            if t.text in OPEN or t.text == "${":
                stack.append(i)
            elif t.text in CLOSE and stack:
                j = stack.pop()
                pairs[j], pairs[i] = i, j
        return pairs

    def mutate(self, kind: str, rng: random.Random) -> tuple[list[Edit], str] | None:
        """Edits for one mutation of `kind` and a description, or None where it does not apply."""
        return getattr(self, "m_" + kind.replace("-", "_"))(rng)

    def operand(self, i: int, step: int) -> tuple[int, int] | None:
        """Token index range [a, b] of the operand next to token `i` in direction `step`, if it is an atom."""
        j = i + step
        if not 0 <= j < len(self.toks):
            return None
        t = self.toks[j]
        if t.kind in ("int", "float", "string", "istring", "path", "ident") and t.text not in KEYWORDS:
            return (j, j)
        if j in self.match and (t.text in "([{" if step > 0 else t.text in ")]}"):
            k = self.match[j]
            return (min(j, k), max(j, k))
        return None

    def is_parameter(self, i: int) -> bool:
        """Whether token `i` ends a lambda's parameter (it is followed by `:` or `@`)."""
        return i + 1 < len(self.toks) and self.toks[i + 1].text in (":", "@")

    def span(self, a: int, b: int) -> list[int]:
        return [self.toks[a].start, self.toks[b].end]

    def pick(self, rng: random.Random, candidates: list[int]) -> int | None:
        return rng.choice(candidates) if candidates else None

    def m_int(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        i = self.pick(rng, [i for i, t in enumerate(self.toks) if t.kind in ("int", "float")])
        if i is None:
            return None
        t = self.toks[i]
        new = rng.choice(("0", "1", "2", "(-1)", "9223372036854775807", "0.5", "1.0e10", str(int(float(t.text)) + 1)))
        return [[t.start, t.end, [new]]], f"number {t.text} -> {new}"

    def m_string(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        i = self.pick(rng, [i for i, t in enumerate(self.toks) if t.kind == "string" and "${" not in t.text])
        if i is None:
            return None
        t = self.toks[i]
        new = rng.choice(('""', '"a"', '"0"', '"1.0"', '"x y"', '"${"i"}"', "''\n  z\n''"))
        return [[t.start, t.end, [new]]], f"string -> {new}"

    def m_bool(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        i = self.pick(rng, [i for i, t in enumerate(self.toks) if t.text in ("true", "false", "null")])
        if i is None:
            return None
        t = self.toks[i]
        new = {"true": "false", "false": "true", "null": rng.choice(("0", "{ }", "false"))}[t.text]
        return [[t.start, t.end, [new]]], f"{t.text} -> {new}"

    def m_operator(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        i = self.pick(rng, [i for i, t in enumerate(self.toks) if t.text in BINARY and t.kind == "op"])
        if i is None:
            return None
        t = self.toks[i]
        group = next(g for g in OPERATOR_GROUPS if t.text in g)
        new = rng.choice([op for op in group if op != t.text])
        return [[t.start, t.end, [f" {new} "]]], f"operator {t.text} -> {new}"

    def m_swap(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        places = []
        for i, t in enumerate(self.toks):
            if t.kind == "op" and t.text in BINARY:
                left, right = self.operand(i, -1), self.operand(i, 1)
                if left and right:
                    places.append((left, right))
        if not places:
            return None
        left, right = rng.choice(places)
        ls, rs = self.span(*left), self.span(*right)
        return [[ls[0], ls[1], [rs]], [rs[0], rs[1], [ls]]], "swap operands"

    def m_drop(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        places = []
        for i, t in enumerate(self.toks):
            if t.kind != "ident" or i == 0 or self.toks[i - 1].text not in ("{", ";", "let"):
                continue
            end = self._binding_end(i)
            if end is not None:
                places.append((i, end))
        if not places:
            return None
        i, end = rng.choice(places)
        return [[self.toks[i].start, self.toks[end].end, [""]]], f"drop binding {self.toks[i].text}"

    def _binding_end(self, i: int) -> int | None:
        """Index of the `;` ending the binding that starts at token `i`, if it is `a.b = ...;`."""
        j = i
        while j + 2 < len(self.toks) and self.toks[j + 1].text == "." and self.toks[j + 2].kind == "ident":
            j += 2
        if j + 1 >= len(self.toks) or self.toks[j + 1].text != "=":
            return None
        k = j + 2
        while k < len(self.toks):
            text = self.toks[k].text
            if k in self.match and (text in OPEN or text == "${"):
                k = self.match[k]
            elif text in CLOSE:
                return None
            elif text == ";":
                return k
            k += 1
        return None

    def m_throw(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        places = [self.operand(i, 1) for i, t in enumerate(self.toks) if t.text in BINARY | {"=", "[", ":"}]
        places = [p for p in places if p and not self.is_parameter(p[1])]
        if not places:
            return None
        a, b = rng.choice(places)
        s = self.span(a, b)
        return [[s[0], s[1], ['(throw "mutant")']]], "operand -> throw"

    def m_try_group(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        i = self.pick(rng, [i for i, t in enumerate(self.toks) if t.text == "(" and i in self.match])
        if i is None:
            return None
        s = self.span(i, self.match[i])
        wrap = rng.choice(("(builtins.tryEval ", "((builtins.tryEval ", "(builtins.seq (builtins.tryEval "))
        tail = {"(builtins.tryEval ": ")", "((builtins.tryEval ": ").value)", "(builtins.seq (builtins.tryEval ": ") 0)"}
        return [[s[0], s[1], [wrap, s, tail[wrap]]]], "group wrapped in tryEval"

    def m_try_all(self, rng: random.Random) -> tuple[list[Edit], str] | None:
        whole = [0, len(self.text)]
        if rng.random() < 0.5:
            return [[0, len(self.text), ["builtins.tryEval (", whole, "\n)"]]], "program wrapped in tryEval"
        return ([[0, len(self.text), ["let v = (", whole, "\n); in builtins.tryEval (builtins.deepSeq v v)"]]],
                "program deep-forced in tryEval")


KEYWORDS = frozenset({"if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"})

IMPURE = re.compile(r"getEnv|currentTime|currentSystem|nixVersion|nixPath|fetch|readDir|readFileType|symlink|"
                    r"storePath|getFlake|findFile|<[a-zA-Z][a-zA-Z0-9._+/-]*>")
"""What makes a corpus file depend on the machine, the environment or the evaluator's version."""


def candidates(lang: Path) -> list[Path]:
    """The eval files of the conformance corpus that are pure, UTF-8, run with the default flags and finish
    quickly (not the stack overflow tests)."""
    out = []
    for f in sorted(lang.glob("eval-*.nix")):
        stem = f.name[:-4]
        if any((lang / (stem + ext)).exists() for ext in (".flags", ".exp.xml", ".exp-disabled")):
            continue
        if "stack-overflow" in stem:
            continue
        try:
            text = f.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not IMPURE.search(text) and "\0" not in text:  # a NUL byte cannot go on a command line
            out.append(f)
    return out
