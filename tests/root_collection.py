"""pytest plugin: collect the repository root as a plain directory, not as a test package.

The root is the `pynix` package itself (its `__init__.py` uses relative
imports), and a checkout directory name is rarely a valid module name, so
pytest must not import it as a package of tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if path == ROOT:
        return pytest.Dir.from_parent(parent, path=path)
    return None
