"""Shared fixtures of the benchmark suite (run with `pytest benchmarks --benchmark-enable`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.bench import SHARED


@pytest.fixture
def shared() -> Path:
    """../shared beside the checkout, or skip."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
