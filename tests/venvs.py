"""Scratch virtual environments for install tests: a copy of the checkout, and a venv whose only pynix is the
one the test installs (pynix's dependencies come from this interpreter's site-packages)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
"""The environment for the installed pynix: without a PYTHONPATH that could bring in another."""


def copy_checkout(dest: Path) -> Path:
    """A copy of the checkout's files (without git data, builds and caches) at `dest`."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".git", "build", "__pycache__", "*.egg-info",
                                                               ".*cache", ".benchmarks"))
    return dest


def venv_python(dest: Path) -> Path:
    """A new venv at `dest` that sees this interpreter's packages but not its pynix; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(dest)], check=True)
    python = dest / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True, env=ENV).stdout.strip()
    # A plain path line: the packages there, without running their .pth files (an editable pynix's among them).
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def pip_install(python: Path, *args: str, cwd: Path) -> None:
    """`pip install --no-deps ARGS` into the venv of `python`."""
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", *args], cwd=cwd,
                          capture_output=True, text=True, env=ENV)
    assert done.returncode == 0, done.stdout + done.stderr
