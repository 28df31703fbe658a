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


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out.rstrip("\n"), err


@pytest.mark.parametrize("argv, printed", [
    # nix-instantiate calls the result only when there are automatic arguments (CppNix's processExpr) ...
    (["-E", "{ a ? 1 }: a"], "<LAMBDA>"),
    (["-E", "{ a ? 1 }: a", "--arg", "b", "2"], "1"),
    (["-E", "{ a ? 1, ... }: a", "--arg", "a", "2"], "2"),
    # ... but every step of an -A path is auto-called, with the defaults if need be (findAlongAttrPath).
    (["-E", "{ a ? 1 }: { x = a; }", "-A", "x"], "1"),
    (["-E", "{ f = { x ? 2 }: { y = x; }; }", "-A", "f.y"], "2"),
    (["-E", "{ a = { __functor = s: { x ? 2 }: { y = x; }; }; }", "-A", "a", "--arg", "x", "3", "--strict"],
     "{ y = 3; }"),
    (["-E", '{ "a.b" = [ 1 2 ]; }', "-A", '"a.b".1'], "2"),
])
def test_automatic_arguments_and_attribute_paths(argv: list[str], printed: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--eval", *argv], capsys) == (0, printed, "")


def test_a_function_file_is_not_called_without_arguments(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "f.nix"
    f.write_text("{ a ? 1 }: a")
    assert run(["--eval", str(f)], capsys) == (0, "<LAMBDA>", "")


@pytest.mark.parametrize("argv, message", [
    (["-E", "{ list = [ 1 ]; }", "-A", "list.7"], "error: list index 7 in selection path 'list.7' is out of range"),
    (["-E", "{ list = [ 1 ]; }", "-A", "list.x"],
     "error: the expression selected by the selection path 'list.x' should be a set but is a list"),
    (["-E", "{ a = 1; }", "-A", "a.0"],
     "error: the expression selected by the selection path 'a.0' should be a list but is an integer"),
    (["-E", "{ a = 1; }", "-A", "b"], "error: attribute 'b' in selection path 'b' not found"),
    (["-E", "{ a = 1; }", "-A", '"a'], "error: missing closing quote in selection path '\"a'"),
    (["-E", "{ f = { a }: a; }", "-A", "f.x"],
     "error: cannot evaluate a function that has an argument without a value ('a')\n"
     "       Nix attempted to evaluate a function as a top level expression; in\n"),
    (["--json", "-E", "{ a = x: x; }"],
     "error: cannot convert a function to JSON\n       at «string»:1:7:\n"),
    (["--json", "-E", "{ a = builtins.map; }"],
     "error: cannot convert a function to JSON\n       at «string»:1:3:\n"),
])
def test_selection_and_conversion_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["--eval", *argv], capsys)
    assert status == 1 and err.startswith(message), err


def test_bytes_that_are_not_utf8_are_written_as_they_are(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Whatever error handler the locale gives the streams (pytest's capture: strict), as CppNix."""
    half = 'builtins.substring 0 1 "é"'
    assert main(["--eval", "-E", half]) == 0
    assert capsysbinary.readouterr().out == b'"\xc3"\n'
    assert main(["--eval", "-E", f"throw ({half})"]) == 1
    assert capsysbinary.readouterr().err.startswith(b"error: \xc3\n")


def test_json_output_copies_paths_to_the_store(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("hi\n")
    path = tmp_path / "f"
    assert main(["--eval", "--strict", "-E", f'"${{{path}}}"']) == 0
    store_path = capsys.readouterr().out.strip()
    assert store_path.startswith('"/nix/store/') and store_path.endswith('-f"')
    assert main(["--eval", "--strict", "--json", "-E", f"{{ p = {path}; }}"]) == 0
    assert capsys.readouterr().out.strip() == f"{{\"p\":{store_path}}}"


def test_unevaluated_values_print_as_code_but_trace_shows_thunks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--eval", "-E", "builtins.trace { t = 1 + 1; } { a = 1 + 1; b = 2; }"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "{ a = <CODE>; b = 2; }"
    assert err.strip() == "trace: { t = «thunk»; }"


def test_xml_locations_name_a_path_only_for_files(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--eval", "--xml", "-E", "{ a = x: x; }"]) == 0
    out = capsys.readouterr().out
    assert '<attr column="3" line="1" name="a">' in out and '<function column="7" line="1">' in out
    f = tmp_path / "f.nix"
    f.write_text("{ a = x: x; }")
    assert main(["--eval", "--xml", str(f)]) == 0
    assert f'<attr column="3" line="1" name="a" path="{f}">' in capsys.readouterr().out


def test_stderr_expands_tabs_and_drops_carriage_returns_as_cppnix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--eval", "-E", 'throw "x\\tb\\r!"']) == 1
    assert capsys.readouterr().err.splitlines()[0] == "error: x        b!"


@pytest.mark.parametrize("command", [["pynix.instantiate"], ["pynix", "eval"]])
def test_the_commands_end_at_once_with_all_their_output(command: list[str], tmp_path) -> None:
    """The console commands skip Python's teardown (`exit_now`): output is still flushed whole, and the status
    and the stats file are as before."""
    import json
    import os
    import subprocess
    import sys
    stats = tmp_path / "stats.json"
    env = {**os.environ, "NIX_SHOW_STATS": "1", "NIX_SHOW_STATS_PATH": str(stats)}
    run = subprocess.run([sys.executable, "-m", *command, "--eval", "--strict", "-E", "builtins.genList (x: x) 50000"],
                         capture_output=True, text=True, env=env)
    assert (run.returncode, run.stdout) == (0, "[ " + " ".join(map(str, range(50000))) + " ]\n")
    assert json.loads(stats.read_text())["nrPrimOpCalls"] == 1
    failed = subprocess.run([sys.executable, "-m", *command, "--eval", "-E", 'throw "t"'], capture_output=True,
                            text=True)
    assert failed.returncode == 1 and failed.stderr.startswith("error: t")
