"""After the README's editable install, mypy (and so editors) see pynix's types.

setuptools' default editable install maps the repository root to `pynix`
with an import hook, which type checkers cannot follow; the README installs
with `editable_mode=strict`, a tree of links that mypy finds on `sys.path`.
These tests make the install of a copy of the checkout in a scratch virtual
environment (pip fetches the build backend as for any install) and type-check
a small program against it.
"""

import importlib.util
import subprocess
import sys

import pytest
from venvs import ENV, ROOT, copy_checkout, pip_install, venv_python

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
    src = copy_checkout(tmp_path / "checkout")
    python = venv_python(tmp_path / "venv")
    pip_install(python, "-e", ".", "--config-settings", "editable_mode=strict", cwd=src)
    (tmp_path / "program.py").write_text(PROGRAM)
    check = subprocess.run([sys.executable, "-m", "mypy", "--python-executable", str(python), "--no-incremental",
                            "program.py"], cwd=tmp_path, capture_output=True, text=True, env=ENV)
    out = check.stdout
    assert "Cannot find implementation or library stub" not in out, out
    assert 'Revealed type is "def ()"' in out, out
    assert 'expression has type "Path", variable has type "int"' in out, out


def test_the_default_editable_install_is_what_mypy_cannot_follow(tmp_path):
    """The reason for strict mode: without it, mypy finds no pynix (if this starts to pass, the README's
    install command can lose its option)."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it is in the `test` extra: pip install -e '.[test]')")
    src = copy_checkout(tmp_path / "checkout")
    python = venv_python(tmp_path / "venv")
    pip_install(python, "-e", ".", cwd=src)
    (tmp_path / "program.py").write_text(PROGRAM)
    check = subprocess.run([sys.executable, "-m", "mypy", "--python-executable", str(python), "--no-incremental",
                            "program.py"], cwd=tmp_path, capture_output=True, text=True, env=ENV)
    assert 'Cannot find implementation or library stub for module named "pynix"' in check.stdout, check.stdout
