"""`pynix repl`: driven with piped input, and its completion function called directly."""

import io
import re
import subprocess
import sys

import pytest

from pynix.evaluator import Evaluator
from pynix.repl import Repl

def session(text: str) -> tuple[str, str]:
    """Run the repl over `text`; its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    Repl(Evaluator(cache_dir=None), out, err).run_stream(io.StringIO(text))
    return out.getvalue(), err.getvalue()


def test_piped_command_line_prints_only_results():
    proc = subprocess.run([sys.executable, "-m", "pynix", "repl"], input="1 + 2\n", capture_output=True,
                          text=True, timeout=60)
    assert (proc.stdout, proc.stderr, proc.returncode) == ("3\n", "", 0)


def test_arithmetic_and_bindings():
    out, err = session('1 + 2\nx = 6\ny = x * 7\ny\n"n${toString x}"\n')
    assert (out, err) == ('3\n42\n"n6"\n', "")


def test_binding_is_lazy_and_not_comparison():
    out, err = session('boom = throw "no"\nx = 1\nx == 1\n')
    assert (out, err) == ("true\n", "")


def test_later_binding_shadows_and_earlier_lines_keep_their_values():
    out, _ = session("x = 1\nf = y: x + y\nx = 10\nf x\n")
    assert out == "11\n"


def test_multi_line_input():
    out, err = session("let\n  a = 1;\nin\n  a + 1\nx = {\n  b = 2;\n}\nx.b\n")
    assert (out, err) == ("2\n2\n", "")


def test_incomplete_input_at_end_is_reported():
    _, err = session("[ 1 2\n")
    assert err.startswith("error: syntax error, unexpected end of file")


def test_top_value_is_printed_one_level_deep():
    out, _ = session('{ a = 1; b = { c = 2; }; d = [ 1 ]; e = throw "x"; f = [ ]; "g h" = 1; }\n')
    assert out == '{ a = 1; b = { ... }; d = [ ... ]; e = «error: x»; f = [ ]; "g h" = 1; }\n'


def test_print_strict_and_repeated_values():
    shared = "let x = { a = 1; }; in [ x x ]"
    out, _ = session(f":p {{ a.b.c = [ 1 {{ d = 2; }} ]; }}\n:p {shared}\n{shared}\n")
    assert out == "{ a = { b = { c = [ 1 { d = 2; } ]; }; }; }\n[ { a = 1; } «repeated» ]\n[ { ... } «repeated» ]\n"


def test_functions_print_with_their_position():
    out, _ = session("x: x\n{ f = x: x; }\nbuiltins.map\n")
    assert out == "«lambda @ «string»:1:1»\n{ f = «lambda f @ «string»:1:7»; }\n«primop map»\n"


def test_derivations_print_as_their_store_path():
    out, _ = session('derivation { name = "a"; builder = "b"; system = "c"; }\n')
    assert out == "«derivation /nix/store/arhvjaf6zmlyn8vh8fgn55rpwnxq0n7l-a.drv»\n"


@pytest.mark.parametrize("expr, expected", [
    ("1", "an integer"), ("1.5", "a float"), ('"s"', "a string"), ("true", "a Boolean"), ("null", "null"),
    ("[ ]", "a list"), ("{ }", "a set"), ("./.", "a path"), ("x: x", "a function"),
    ("builtins.map", "the built-in function 'map'"),
    ("map (x: x)", "the partially applied built-in function 'map'"),
])
def test_type_command(expr, expected):
    out, err = session(f":t {expr}\n")
    assert (out, err) == (expected + "\n", "")


def test_load_file_adds_its_attributes(tmp_path):
    f = tmp_path / "f.nix"
    f.write_text("{ extra ? 5 }: { a = 1; b = extra; }\n")
    (tmp_path / "g.nix").write_text("3\n")
    out, err = session(f":l {f}\na + b\n:l {tmp_path / 'g.nix'}\n:a {{ c = 4; }}\nc\n")
    assert out == "Added 2 variables.\na, b\n6\nAdded 1 variables.\nc\n4\n"  # the names, as CppNix lists them
    assert err == "error: expected a set but found an integer: 3\n"


def test_reload_reads_files_again(tmp_path):
    f = tmp_path / "f.nix"
    f.write_text("{ a = 1; }")
    repl = Repl(Evaluator(cache_dir=None), io.StringIO(), io.StringIO())
    repl.process(f":l {f}")
    f.write_text("{ a = 2; }")
    repl.process(":r")
    assert repl.evaluate("a") == 2


def test_errors_are_reported_and_the_session_goes_on():
    out, err = session("undefinedVar\n1 +\n 1\n:x\nthrow \"boo\"\n2\n")
    assert out == "2\n2\n"
    assert err.startswith("error: undefined variable 'undefinedVar'\n       at «string»:1:1:\n")
    assert "error: unknown command ':x'\n" in err
    assert "error: boo\n       at «string»:1:1:\n" in err  # where the throw was called


def test_errors_in_bound_code_show_that_code():
    _, err = session("f = x:\n  x.a\nf 1\n")
    assert err == ("error: expected a set but found an integer: 1\n       at «repl:1»:2:3:\n"
                   "            1|  x:\n            2|   x.a\n             |   ^\n")


def test_quit_stops_reading():
    out, _ = session("1\n:q\n2\n")
    assert out == "1\n"


def test_help_lists_every_command():
    out, _ = session(":?\n")
    assert out.startswith("The following commands are available:") and ":l, :load <path>" in out
    from pynix.repl import COMMANDS
    listed = set(re.findall(r"(?<![\w-]):[a-z?-]+", out))
    assert listed == set(COMMANDS)


def test_last_loaded_lists_the_names_a_load_added(tmp_path):
    out, err = session(":ll\n:a { b = 1; a = 2; }\n:ll\n")
    assert err == "error: nothing has been loaded yet\n"
    assert out == "Added 2 variables.\na, b\na\nb\n"
    names = " ".join(f"n{i:02} = {i};" for i in range(25))
    out, _ = session(f":a {{ {names} }}\n")
    assert out.splitlines()[1:] == [", ".join(f"n{i:02}" for i in range(20)), "... and 5 more; view with :ll"]


def test_print_shows_strings_raw_and_other_values_deeply():
    out, _ = session(':p "a\\nb \\"q\\""\n:p { s = "x"; }\n"a\\nb"\n')
    assert out == 'a\nb "q"\n{ s = "x"; }\n"a\\nb"\n'


def test_trace_enable_toggles_traces():
    out, err = session(":te\nthrow \"x\"\n:te false\n:te maybe\n")
    assert out == "showing error traces\nnot showing error traces\n"
    assert err.startswith("error:\n       … while calling the 'throw' builtin\n")  # the trace is shown
    assert err.endswith("error: unexpected argument 'maybe' to :te\n")


def test_doc_of_builtins_documented_functions_and_attributes(tmp_path):
    lib = tmp_path / "lib.nix"
    lib.write_text("{\n  /** The answer. */\n  answer = 42;\n  /**\n    Add one.\n\n      inc 1 == 2\n  */\n"
                   "  inc = x: x + 1;\n  dec =\n    /** Take one. */\n    x: x - 1;\n  plain = x: x;\n}\n")
    out, err = session(f"lib = import {lib}\n:doc lib.inc\n:doc lib.dec\n:doc lib.plain\n:doc lib.answer\n"
                       ":doc builtins.map\n:doc 1\n")
    assert out == (f"Function `inc`\n  … defined at {lib}:9:9\n\nAdd one.\n\n  inc 1 == 2\n"
                   f"Function `dec`\n  … defined at {lib}:12:5\n\nTake one.\n"
                   f"Function `plain`\n  … defined at {lib}:13:11\n"
                   f"Attribute `answer`\n\n  … defined at {lib}:3:3\n\nThe answer.\n"
                   "Synopsis: builtins.map f xs\n\n"
                   "Apply `f` lazily to every element of `xs` (`f` is forced only when `xs` is not empty).\n")
    assert err == "error: value does not have documentation\n"


def test_edit_without_a_source_file_is_an_error():
    _, err = session(":e x: x\n:e 1\n")
    assert err == ("error: '«string»:1:1' cannot be shown in an editor\n"
                   "error: package '1' has no source location information\n")


def test_completion_of_names_attributes_and_commands():
    repl = Repl(Evaluator(cache_dir=None), io.StringIO(), io.StringIO())
    repl.process('lib = { strings = { concat = 1; }; stringLength = 2; bad = throw "no"; "a b" = 3; }')
    assert repl.completions("lib.str") == ["lib.stringLength", "lib.strings"]
    assert repl.completions("lib.strings.c") == ["lib.strings.concat"]
    assert repl.completions("lib.a") == ['lib."a b"']
    assert repl.completions("li") == ["lib"]
    assert "builtins.attrNames" in repl.completions("builtins.attrN")
    assert repl.completions("ma") == ["map"]
    assert "__mapAttrs" in repl.completions("__ma")
    assert repl.completions(":l") == [":l", ":last-loaded", ":ll", ":load"]


def test_completion_swallows_errors_and_forces_only_the_prefix():
    repl = Repl(Evaluator(cache_dir=None), io.StringIO(), io.StringIO())
    repl.process('s = { ok = 1; bad = throw "no"; }')
    assert repl.completions("s.bad.x") == []
    assert repl.completions("nope.x") == []
    assert repl.completions("s.o") == ["s.ok"]
    complete = repl.readline_completer()
    assert [complete("s.", i) for i in range(3)] == ["s.bad", "s.ok", None]


def test_commands_without_their_argument_are_errors():
    out, err = session(":t\n:p 1 + 1\n")
    assert out == "2\n"
    assert err == "error: command ':t' requires an argument\n"
