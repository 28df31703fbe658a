"""After the README's editable install, mypy (and so editors) see pynix's types.

setuptools' default editable install maps the repository root to `pynix`
with an import hook, which type checkers cannot follow; the README installs
with `editable_mode=strict`, a tree of links that mypy finds on `sys.path`.
This test makes that install of a copy of the checkout in a scratch virtual
environment (pip fetches the build backend as for any install) and type-checks
a small program against it.
"""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = """\
import pynix
ev = pynix.Evaluator(max_call_depth=100)
reveal_type(ev.cancel)
wrong: int = pynix.Path("/x")
"""


def test_mypy_sees_the_types_after_the_readme_install(tmp_path):
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it is in the `test` extra: pip install -e '.[test]')")
    assert "--config-settings editable_mode=strict" in (ROOT / "README.md").read_text()
    src = tmp_path / "checkout"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "build", "__pycache__", "*.egg-info", ".*cache"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", ".",
                              "--config-settings", "editable_mode=strict"], cwd=src, capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    (tmp_path / "program.py").write_text(PROGRAM)
    check = subprocess.run([sys.executable, "-m", "mypy", "--python-executable", str(python), "--no-incremental",
                            "program.py"], cwd=tmp_path, capture_output=True, text=True)
    out = check.stdout
    assert "Cannot find implementation or library stub" not in out, out
    assert 'Revealed type is "def ()"' in out, out
    assert 'expression has type "Path", variable has type "int"' in out, out
