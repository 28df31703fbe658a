"""Strict expected-failure lists: a text file of `case-id  reason` lines (`#` comments).

A listed case that fails is reported as xfail with its reason; a listed case
that passes fails the suite until it is taken off the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def read(path: Path) -> dict[str, str]:
    """Case id → reason."""
    out = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            case, _, reason = line.partition(" ")
            out[case] = reason.strip()
    return out


def settle(case: str, passed: bool, path: Path) -> None:
    """Fail a listed case that passes, xfail a listed case that fails; unlisted cases are left to the caller."""
    listed = read(path)
    if case in listed:
        if passed:
            pytest.fail(f"{case} passes now: remove it from {path.parent.name}/{path.name}")
        pytest.xfail(listed[case])
