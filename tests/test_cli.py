"""`pynix` and `pynix-instantiate` as a Nix user drives them: versions, `eval` with every option, `parse` and
`compile` of files, expressions and standard input."""

import io
import sys

import pytest

import pynix
from pynix.cli import main
from pynix.instantiate import main as instantiate


def exit_status(fn, argv):
    try:
        return fn(argv)
    except SystemExit as exit_:
        return exit_.code


@pytest.mark.parametrize("fn, first", [(main, f"pynix {pynix.__version__}"),
                                       (instantiate, f"pynix-instantiate (pynix) {pynix.__version__}")])
def test_version_names_pynix_and_the_language(fn, first, capsys):
    assert exit_status(fn, ["--version"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == first
    assert out[1].startswith("Nix language version 6, as CppNix 2.")


def test_eval_takes_instantiate_options(capsys):
    assert main(["eval", "--xml", "-E", "{ a = 1; }"]) == 0
    assert '<attr column="3" line="1" name="a">' in capsys.readouterr().out
    deep = "let f = n: if n == 0 then 0 else f (n - 1); in f 100"
    assert main(["eval", "--max-call-depth", "10", "-E", deep]) == 1
    assert capsys.readouterr().err.startswith("error: stack overflow; max-call-depth exceeded")
    assert main(["eval", "--strict", "--json", "-E", "{ a = [ 1 ]; }", "-A", "a"]) == 0
    assert capsys.readouterr().out == "[1]\n"


def test_eval_without_file_or_expression_reads_default_nix(tmp_path, monkeypatch, capsys):
    (tmp_path / "default.nix").write_text("{ x = 1 + 1; }")
    monkeypatch.chdir(tmp_path)
    assert main(["eval", "-A", "x"]) == 0
    assert capsys.readouterr().out == "2\n"


def test_parse_expression_and_stdin(monkeypatch, capsys):
    assert main(["parse", "-E", "x: x.y or 1"]) == 0
    assert capsys.readouterr().out == "(x: (x).y or (1))\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"1 + 2")))
    assert main(["parse", "-"]) == 0
    assert capsys.readouterr().out == "(1 + 2)\n"


def test_compile_expression_stdin_and_file_without_a_flag(tmp_path, monkeypatch, capsys):
    assert main(["compile", "-E", "a: a"]) == 0
    assert "# «string»:1" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"1 + 2")))
    assert main(["compile", "-"]) == 0
    assert "# «stdin»:1" in capsys.readouterr().out
    (tmp_path / "f.nix").write_text("let x = 1; in x")
    assert main(["compile", str(tmp_path / "f.nix")]) == 0
    assert "# f.nix:1" in capsys.readouterr().out


def test_compile_needs_something_to_compile(capsys):
    assert main(["compile"]) == 1
    assert capsys.readouterr().err == "error: give a FILE, - or -E EXPR\n"
    assert main(["compile", "-E", "1 +"]) == 1
    assert capsys.readouterr().err.startswith("error: syntax error")
