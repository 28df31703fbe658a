"""The package type-checks cleanly with mypy (options under `[tool.mypy]` in pyproject.toml).

The repository root is the `pynix` package, so mypy is run from a scratch
directory in which a `pynix` symlink points at the checkout; `-p pynix` then
finds the package under its real name, whatever the checkout is called.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_reports_no_errors(tmp_path):
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it is in the `test` extra: pip install -e '.[test]')")
    (tmp_path / "pynix").symlink_to(ROOT, target_is_directory=True)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy_cache"), "-p", "pynix"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
