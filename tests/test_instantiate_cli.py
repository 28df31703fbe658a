"""pynix-instantiate's command line: options scripts written for nix-instantiate pass, and stderr text."""

from __future__ import annotations

import pytest

from pynix.instantiate import main


def test_build_only_options_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--timeout", "1", "--read-write-mode", "--eval-only", "--json", "-E", "{ a = [ 1 ]; }", "-A", "a"]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == "[1]"


def test_terminal_escapes_are_stripped_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--eval", "-E", 'throw "${builtins.fromJSON "\\"\\\\u001b[1mbold\\\\u001b[0m\\""}!"']) == 1
    err = capsys.readouterr().err
    assert "error: bold!" in err and "\x1b" not in err


def test_pynix_eval_json_and_args(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from pynix.cli import main as pynix_main
    f = tmp_path / "f.nix"
    f.write_text("{ x, y ? 1, name }: { sum = x + y; inherit name; }")
    assert pynix_main(["eval", str(f), "--arg", "x", "40", "--arg", "y", "2", "--argstr", "name", "n", "--json"]) == 0
    assert capsys.readouterr().out.strip() == '{"name":"n","sum":42}'


@pytest.mark.parametrize("argv, message", [
    (["--eval", "/nonexistent/x.nix"], "error: path '/nonexistent/x.nix' does not exist"),
    (["--eval", "--max-call-depth", "many", "-E", "1"], "error: --max-call-depth requires an integer argument"),
])
def test_bad_command_lines_give_nix_style_errors(argv: list[str], message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    try:
        status = main(argv)
    except SystemExit as exit_:  # usage errors exit like nix-instantiate's
        status = exit_.code
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and "Traceback" not in err


def test_strict_output_names_the_attribute_that_failed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--eval", "--strict", "--show-trace", "-E", '{ ok = 1; bad = {\n  inner = throw "boom"; }; }']) == 1
    err = capsys.readouterr().err
    assert err.index("while evaluating the attribute 'bad'\n         at «string»:1:11:") \
        < err.index("while evaluating the attribute 'inner'\n         at «string»:2:3:") < err.index("error: boom")


def test_strict_output_of_a_very_deep_value(capsys: pytest.CaptureFixture[str]) -> None:
    deep = "builtins.foldl' (t: h: { inherit h t; }) null (builtins.genList (x: x) 20000)"
    assert main(["--eval", "--strict", "-E", deep]) == 0
    assert capsys.readouterr().out.count("h = ") == 20000


def test_adding_what_cannot_be_a_string_is_traced_at_that_operand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--eval", "--show-trace", "-E", '"a" + (\n  1)']) == 1
    err = capsys.readouterr().err
    assert "… while evaluating a path segment\n         at «string»:2:3:" in err
    assert err.rstrip().endswith("error: cannot coerce an integer to a string: 1")


def test_bytes_that_are_not_utf8_are_written_as_they_are(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Whatever error handler the locale gives the streams (pytest's capture: strict), as CppNix."""
    half = 'builtins.substring 0 1 "é"'
    assert main(["--eval", "-E", half]) == 0
    assert capsysbinary.readouterr().out == b'"\xc3"\n'
    assert main(["--eval", "-E", f"throw ({half})"]) == 1
    assert capsysbinary.readouterr().err.startswith(b"error: \xc3\n")
