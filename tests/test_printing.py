"""Values as `nix-instantiate --eval` prints them (CppNix's `printAmbiguous`) and as `builtins.trace` shows them."""

from __future__ import annotations

import pytest

from pynix.instantiate import main


def output_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    assert main(argv) == 0
    out, err = capsys.readouterr()
    return out.rstrip("\n"), err


@pytest.mark.parametrize("expr, printed", [
    # A set is repeated when the same set was printed before, through whatever slot.
    ("let s = { i = { v = 1; }; }; in [ s.i s.i ]", "[ { v = 1; } «repeated» ]"),
    ("let a = rec { x = a; }; in a", "{ x = «repeated»; }"),
    ("let s = { v = 1; }; in { a = s; b = { c = s; }; }", "{ a = { v = 1; }; b = { c = «repeated»; }; }"),
    # A list only when reached through the same slot: two selections are two slots.
    ("let l = [ 1 ]; s = { i = [ 2 ]; }; in [ l l s.i s.i ]", "[ [ 1 ] «repeated» [ 2 ] [ 2 ] ]"),
    ("let x = [ x ]; in x", "[ [ «repeated» ] ]"),
    # Empty sets and lists are never repeated.
    ("let e = { }; l = [ ]; in [ e e l l ]", "[ { } { } [ ] [ ] ]"),
    # `or` is no reserved word for the printer; the others are quoted.
    ('{ or = 1; "if" = 2; "a b" = 3; "" = 4; }', '{ "" = 4; "a b" = 3; "if" = 2; or = 1; }'),
])
def test_strict_output(expr: str, printed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert output_of(["--eval", "--strict", "--expr", expr], capsys)[0] == printed


def test_lazy_output_shows_code_for_what_is_not_evaluated(capsys: pytest.CaptureFixture[str]) -> None:
    assert output_of(["--eval", "--expr", "[ (1 + 1) ]"], capsys)[0] == "[ <CODE> ]"


@pytest.mark.parametrize("expr, traced", [
    ('builtins.trace "hi" 1', "trace: hi"),
    ('builtins.trace "say \\"${"hi"}\\"\\n" 1', 'trace: say "hi"\n'),
    ('builtins.trace [ "hi" ] 1', 'trace: [ "hi" ]'),
    ("builtins.trace [ (1 + 1) ] 1", "trace: [ «thunk» ]"),
    ('builtins.trace { or = 1; } 1', "trace: { or = 1; }"),
])
def test_trace(expr: str, traced: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert output_of(["--eval", "--expr", expr], capsys) == ("1", traced + "\n")
