"""Differential tests against CppNix's nix-instantiate (skipped where it is not installed).

Store paths must be byte-for-byte those of Nix: derivations of every kind,
`builtins.path`, `filterSource`, `toFile` and path interpolation.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pynix.instantiate import main

NIX = shutil.which("nix-instantiate")
pytestmark = pytest.mark.skipif(NIX is None, reason="nix-instantiate (CppNix) is not installed")

DRV = 'derivation {{ name = "{name}"; builder = "/bin/sh"; system = "x86_64-linux"; {extra} }}'

EXPRESSIONS = {
    "plain": "let d = " + DRV.format(name="plain", extra='args = [ "-c" "echo" ];') + "; in [ d.drvPath d.outPath ]",
    "outputs": "let d = " + DRV.format(name="multi", extra='outputs = [ "out" "dev" "lib" ];')
               + "; in [ d.drvPath d.out.outPath d.dev.outPath d.lib.outPath d.outputName ]",
    "fixed-flat": "(" + DRV.format(name="fixed", extra='outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";')
                  + ").outPath",
    "fixed-recursive": "(" + DRV.format(name="rec", extra='outputHashMode = "recursive"; outputHashAlgo = "sha256"; '
                                        'outputHash = "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s";')
                       + ").drvPath",
    "dependencies": "let a = " + DRV.format(name="a", extra="") + "; b = "
                    + DRV.format(name="b", extra='dep = a; script = "${a.out}/bin/x ${a}";') + "; in [ b.drvPath b.outPath ]",
    "structured": "(" + DRV.format(name="s", extra='__structuredAttrs = true; n = 3; l = [ 1 "x" true null ]; '
                                   'nested = { a = { b = "c"; }; };') + ").drvPath",
    "ignore-nulls": "(" + DRV.format(name="i", extra="__ignoreNulls = true; x = null; y = 1;") + ").drvPath",
    "to-file": 'let f = builtins.toFile "f" "hello"; in [ f (builtins.toFile "g" "see ${f}") ]',
}


def run_nix(expr: str, store: Path) -> str:
    proc = subprocess.run([NIX, "--store", str(store), "--eval", "--strict", "--expr", expr],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def run_pynix(expr: str, capsys: pytest.CaptureFixture[str]) -> str:
    status = main(["--eval", "--strict", "--expr", expr])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out.strip()


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
def test_store_paths_match_cppnix(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expr = EXPRESSIONS[name]
    assert run_pynix(expr, capsys) == run_nix(expr, tmp_path / "store")


@pytest.mark.parametrize("template", [
    '"${{{src}}}"',
    'builtins.path {{ path = {src}; name = "named"; }}',
    'builtins.path {{ path = {src}; filter = p: t: baseNameOf p != "skip"; }}',
    'builtins.filterSource (p: t: t != "regular" || baseNameOf p == "a") {src}',
])
def test_source_paths_match_cppnix(template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a").write_text("a\n")
    (src / "skip").write_text("skipped\n")
    (src / "sub" / "b").write_text("b\n")
    (src / "run").write_text("#!/bin/sh\n")
    (src / "run").chmod(0o755)
    expr = template.format(src=src)
    assert run_pynix(expr, capsys) == run_nix(expr, tmp_path / "store")
