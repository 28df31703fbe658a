"""Data-driven language tests: `lang/X.nix` with the expected output `X.exp` or error start `X.err`.

In `X.err`, FILE stands for the case's absolute path; the actual stderr must
begin with the expected text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.instantiate import main

LANG = Path(__file__).with_name("lang")
CASES = sorted(p.stem for p in LANG.glob("*.nix"))


@pytest.mark.parametrize("name", CASES)
def test_case(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    nix = LANG / f"{name}.nix"
    status = main(["--eval", "--strict", str(nix)])
    out, err = capsys.readouterr()
    exp, err_exp = nix.with_suffix(".exp"), nix.with_suffix(".err")
    if exp.exists():
        assert (status, err, out.rstrip()) == (0, "", exp.read_text().rstrip())
    else:
        expected = err_exp.read_text().replace("FILE", str(nix))
        assert status == 1
        assert err.startswith(expected), f"stderr:\n{err}\nexpected to start with:\n{expected}"
