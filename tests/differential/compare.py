"""Comparing CppNix's recorded outcome of a case with pynix's, through classes of known differences.

A `Difference` is one class of known difference: a name, the reason, how
cases of the class are compared, and a rule. A rule sees the program, its
mode and both outcomes and returns a new pair of outcomes where it applies:

- `rewrite(...)` translates CppNix's output, trace or error line (e.g. 2.8's
  `<CODE>` in a trace into current CppNix's `«thunk»`), so the rest is still
  compared;
- `wording(old, new)` translates an error line whose wording changed into a
  regular expression pynix's line must match (`{1}`, `{2}` stand for the
  escaped groups of `old`);
- `canonical(fn)` maps both outputs through `fn` (what neither side can
  reconstruct, like the digits of a float);
- `accept(predicate)` takes pynix's result as it is where the predicate
  recognises the class (what 2.8 cannot tell, like a builtin it lacks).

`explain()` applies the classes in order and returns the names of those that
changed something once both outcomes agree, or None: a difference no class
explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from .corpus import Outcome

Rule = Callable[[str, str, Outcome, Outcome], "tuple[Outcome, Outcome] | None"]
"""(program, mode, CppNix's outcome, pynix's outcome) → the pair rewritten, or None where it does not apply."""


@dataclass(frozen=True)
class Difference:
    """One class of difference: what it is, why, how its cases are compared, and the rule that recognises it."""

    name: str
    reason: str
    compared: str
    rule: Rule


def rewrite(pattern: str, replacement: str | Callable[[re.Match[str]], str],
            modes: tuple[str, ...] = ("strict", "json", "lazy"),
            fields: tuple[str, ...] = ("out", "trace")) -> Rule:
    """Replace `pattern` in CppNix's output fields (`out`, `trace`, `error`) for cases run in `modes`."""
    regex = re.compile(pattern)

    def rule(program: str, mode: str, nix: Outcome, py: Outcome) -> tuple[Outcome, Outcome] | None:
        if mode not in modes:
            return None
        changes: dict[str, object] = {}
        for f in fields:
            if f == "trace":
                changes[f] = tuple(regex.sub(replacement, line) for line in nix.trace)
            else:
                changes[f] = regex.sub(replacement, getattr(nix, f))
        return replace(nix, **changes), py  # type: ignore[arg-type]
    return rule


def wording(old: str, new: str) -> Rule:
    """Where CppNix's error line matches `old` and pynix's matches `new` (with `old`'s groups), they agree."""
    regex = re.compile(old)

    def rule(program: str, mode: str, nix: Outcome, py: Outcome) -> tuple[Outcome, Outcome] | None:
        if nix.ok or py.ok:
            return None
        m = regex.fullmatch(nix.error)
        if m is None:
            return None
        expected = new.format(None, *(re.escape(g or "") for g in m.groups()))
        if re.fullmatch(expected, py.error) is None:
            return None
        return nix, replace(py, error=nix.error)
    return rule


def canonical(fn: Callable[[str], str], when: Callable[[str, str], bool]) -> Rule:
    """Map the output and trace of both sides through `fn` where `when(program, mode)` holds."""
    def rule(program: str, mode: str, nix: Outcome, py: Outcome) -> tuple[Outcome, Outcome] | None:
        if not when(program, mode):
            return None

        def canon(o: Outcome) -> Outcome:
            return replace(o, out=fn(o.out), trace=tuple(fn(t) for t in o.trace))
        return canon(nix), canon(py)
    return rule


def accept(predicate: Callable[[str, str, Outcome, Outcome], bool], trace: bool = False) -> Rule:
    """Take pynix's result (output or error line) as it is where `predicate` recognises the class.

    Trace lines are taken too with `trace` (the class is about them) or where
    their number differs (the evaluations went different ways); otherwise they
    are still compared, by the other classes.
    """
    def rule(program: str, mode: str, nix: Outcome, py: Outcome) -> tuple[Outcome, Outcome] | None:
        if not predicate(program, mode, nix, py):
            return None
        same_path = not trace and len(nix.trace) == len(py.trace)
        return (replace(py, trace=nix.trace) if same_path else py), py
    return rule


def explain(program: str, mode: str, nix: Outcome, py: Outcome,
            classes: list[Difference]) -> list[str] | None:
    """The names of the classes that reconcile the two outcomes ([] if they agree as they are), or None.

    The classes are applied in order, again and again while one changes
    something: one difference can hide another (a trace that is both quoted
    and repeated).
    """
    used: list[str] = []
    changed, passes = True, 0
    while nix != py and changed and passes < 10:
        changed, passes = False, passes + 1
        for c in classes:
            result = c.rule(program, mode, nix, py)
            if result is not None and result != (nix, py):
                nix, py = result
                changed = True
                if c.name not in used:
                    used.append(c.name)
                if nix == py:
                    break
    return used if nix == py else None
