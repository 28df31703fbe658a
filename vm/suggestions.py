""""Did you mean ...?" suggestions for a misspelt name, chosen and worded as CppNix's `Suggestions` does."""

from __future__ import annotations

from typing import Iterable


def levenshtein(a: str, b: str) -> int:
    """The edit distance between `a` and `b` (insertions, deletions and substitutions cost 1)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a):
        current = [i + 1]
        for j, cb in enumerate(b):
            current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca != cb)))
        previous = current
    return previous[-1]


def best_matches(candidates: Iterable[str], query: str, limit: int = 5, max_distance: int = 2) -> tuple[str, ...]:
    """The names of `candidates` closest to `query`: at most `limit`, none farther than `max_distance`,
    nearest first and alphabetically among equals (CppNix's `bestMatches` then `trim`)."""
    ranked = sorted((levenshtein(query, c), c.encode("utf-8", "surrogateescape"), c) for c in set(candidates))
    return tuple(str(c) for d, _, c in ranked[:limit] if d <= max_distance)


def did_you_mean(suggestions: tuple[str, ...]) -> str:
    """The `Did you mean x?` / `Did you mean one of x, y or z?` line, empty without suggestions."""
    if not suggestions:
        return ""
    if len(suggestions) == 1:
        return f"Did you mean {suggestions[0]}?"
    return f"Did you mean one of {', '.join(suggestions[:-1])} or {suggestions[-1]}?"
