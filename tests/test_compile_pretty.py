"""`pynix compile --python`: the generated code laid out over lines, and still exactly the code that runs.

Each case compiles a Nix program and prints its Python tree with `pretty`; the
text must parse back to the same tree (`ast.dump` without positions), keep
within 120 columns except for a long atom, and show its structure a piece a
line: the steps of `(a := ..., body)[-1]`, the arguments of a broken call, the
`else` of a broken conditional, the body of a broken lambda.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from pynix.builtins import global_names
from pynix.cli import main
from pynix.compiler.codegen import CodeGen
from pynix.compiler.parser import parse
from pynix.compiler.pretty import pretty
from pynix.compiler.scope import resolve
from pynix.vm.errors import Source

WIDTH = 120

LIB = """{ lib ? null }:
let
  inherit (builtins) foldl' length;
  mapAttrs' = f: set: builtins.listToAttrs (map (attr: f attr set.${attr}) (builtins.attrNames set));
  sum = xs: foldl' (a: b: a + b) 0 xs;
in rec {
  inherit sum mapAttrs';
  count = length;
  fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2);
  greet = { name, greeting ? "Hello" }: "${greeting}, ${name}!";
  optional = cond: elem: if cond then [ elem ] else [ ];
}
"""

PROGRAMS = {
    "let": "let a = 1; b = a + 2; in b * a",
    "rec": "rec { a = 1; b = a + 1; c = { inherit a; d = b; }; }",
    "rec-overrides": "rec { a = 1; __overrides = { a = 2; }; b = a; }",
    "with": "with { x = 1; }; with builtins; x + length [ 1 2 ]",
    "inherit": "let x = 1; s = { y = 2; }; in { inherit x; inherit (s) y; z.w = 3; }",
    "formals": "{ a, b ? a + 1, ... }@args: a + b + args.c or 0",
    "formals-plain": "{ a, b }: [ a b ]",
    "if": 'x: if x > 1 then "big" else if x == 1 then "one" else "small"',
    "assert": "x: assert x != null; assert x == 1; x",
    "operators": "a: b: [ (a + b) (a - b) (a * b) (a / b) (a < b) (a <= b) (a > b) (a >= b) (a == b) (a != b)"
                 " ([ a ] ++ [ b ]) ({ inherit a; } // { inherit b; }) (!a) (-b) (a && b) (a || b) (a -> b) ]",
    "pipes": "x: x |> (y: y + 1) |> toString",
    "strings": "let n = \"world\"; in [ \"hello ${n}\" ''indented ${n}\n  '' \"esc\\n\\t\\\"\" \"${n}${toString 1}\" ]",
    "paths": '[ ./a.nix /abs/path ~/home.nix ./dir/${"x"}.nix <nixpkgs> ]',
    "select-has": 's: [ s.a.b (s.a.b or "default") s.${"dyn"} (s ? a) (s ? a.b.c) (s ? ${"x"}) ]',
    "calls": "f: g: [ (f 1) (f 1 2 3) (g (f 1) (x: x)) (map (x: x + 1) [ 1 2 ]) (f (g 1) (g 2) (g 3) (g 4)) ]",
    "tail-call": "f: x: f x x",
    "dynamic-attrs": 'let k = "a"; in { ${k} = 1; "${k}b" = 2; c = 3; }',
    "literals": "[ 1.5 null true false __curPos http://example.org/x builtins.length ]",
    "long-string": '{ message = "' + "a long message " * 10 + '"; }',
    "nested": "let f = x: y: if x then { a = y; } else let z = y + 1; in if z > 2 then [ z ] else f (!x) z; in f true 1",
    "lib": LIB,
}


def generated(text: str, count_calls: bool = False) -> ast.Expression:
    source = Source("/p/case.nix", text)
    tree = parse(source)
    gen = CodeGen(resolve(tree, global_names()), source, "/p", "/home/u", frozenset({"pipe-operators"}),
                  count_calls=count_calls)
    return gen.python_tree(tree)


def overlong(text: str, width: int = WIDTH) -> list[str]:
    """Lines over `width` that hold no atom (a string, a name, a number) longer than 100 characters."""
    longest: dict[int, int] = {}
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        longest[tok.start[0]] = max(longest.get(tok.start[0], 0), len(tok.string))
    return [line for n, line in enumerate(text.splitlines(), 1) if len(line) > width and longest.get(n, 0) <= 100]


def layout_faults(text: str) -> list[str]:
    """Where the text puts two pieces on one line that the layout should put on lines of their own."""
    lines = text.splitlines()
    faults = []
    for node in ast.walk(ast.parse(text, mode="eval").body):
        multiline = getattr(node, "end_lineno", None) != getattr(node, "lineno", None)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Tuple) and len(node.value.elts) > 1:
            starts = [e.lineno for e in node.value.elts]
            if starts != sorted(set(starts)) or starts[0] == node.lineno:
                faults.append(f"sequence steps share a line: {lines[node.lineno - 1]}")
        elif isinstance(node, ast.Call) and multiline and len(node.args) > 1:
            starts = [a.lineno for a in node.args]
            if starts != sorted(set(starts)):
                faults.append(f"arguments share a line: {lines[node.lineno - 1]}")
        elif isinstance(node, ast.IfExp) and multiline:
            if not lines[node.orelse.lineno - 1].lstrip().startswith("else "):
                faults.append(f"else does not start a line: {lines[node.orelse.lineno - 1]}")
        elif isinstance(node, ast.Lambda) and multiline and isinstance(node.body, (ast.IfExp, ast.BoolOp, ast.Name)):
            if node.body.lineno == node.lineno:
                faults.append(f"lambda body on the lambda's line: {lines[node.lineno - 1]}")
    return faults


@pytest.mark.parametrize("name", PROGRAMS)
def test_pretty_text_is_the_generated_tree(name: str) -> None:
    tree = generated(PROGRAMS[name])
    text = pretty(tree, source="case.nix")
    assert ast.dump(ast.parse(text, mode="eval")) == ast.dump(tree), text
    assert overlong(text) == [], text
    assert layout_faults(text) == [], text


def test_counting_calls_is_shown_as_a_step() -> None:
    tree = generated("x: y: x", count_calls=True)
    text = pretty(tree)
    assert ast.dump(ast.parse(text, mode="eval")) == ast.dump(tree)
    assert re.search(r"^\s+count_call\(\),$", text, re.M), text


def test_a_non_trivial_file_takes_many_lines_of_structure() -> None:
    text = pretty(generated(LIB))
    lines = text.splitlines()
    assert len(lines) > 60
    assert sum(1 for line in lines if line.rstrip().endswith(":=")) == 0  # a step is never cut after its `:=`
    assert any(line.lstrip().startswith("else ") for line in lines)
    assert any(re.match(r"\s+v_fib_\d+ := lambda v_n_\d+:$", line) for line in lines), text


def test_lines_note_the_nix_line_they_come_from() -> None:
    nix = "let\n  a = 1;\n  f = x:\n    x * a;\nin\nf 2\n"
    text = pretty(generated(nix), source="case.nix")
    current, seen = 0, {}
    for line in text.splitlines():
        note = re.search(r"  # case\.nix:(\d+)$", line)
        current = int(note.group(1)) if note else current
        seen.update((word, current) for word in ("op_mul", "v_a_") if word in line and word not in seen)
    assert seen == {"v_a_": 2, "op_mul": 4}, text
    assert overlong(text) == []


EXPRESSIONS = [
    "(a and b) and c", "a and (b and c)", "a or b and not c", "(a < b) < c", "a < b < c", "a - (b - c)",
    "(a - b) - c", "2 ** 3 ** 4", "(2 ** 3) ** 4", "-x ** 2", "(-x) ** 2", "not (a == b)", "(lambda: 1)()",
    "(a if b else c) if d else e", "a if (b if c else d) else e", "a if b else c if d else e",
    "lambda: (yield)", "((yield x), (yield))", "(a := (yield x))", "(a := 1, b := lambda x: x)[-1]",
    "f(*args, k=1)", "{1, 2} | {3}", "f'{x}'", "1 .real", "x[1:2]", "{**a, 'b': c}", "(x,)", "()",
    "x.y(z)[0].w", "lambda x, y=1: lambda: x + y", "[a, [b, (c, d)]]", "(yield (f, x)).__class__ is int",
]


@pytest.mark.parametrize("width", [10, 40, 120])
def test_any_expression_round_trips_at_any_width(width: int) -> None:
    for source in EXPRESSIONS:
        tree = ast.parse(source, mode="eval")
        text = pretty(tree, width=width)
        assert ast.dump(ast.parse(text, mode="eval")) == ast.dump(tree), (source, text)
    assert len(pretty(ast.parse("f(" + ", ".join(EXPRESSIONS) + ")", mode="eval"), width=width).splitlines()) > 1


def test_cli_prints_the_pretty_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lib.nix").write_text(LIB)
    assert main(["compile", "--python", str(tmp_path / "lib.nix")]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) > 60
    assert "  # lib.nix:9" in out
    assert overlong(out) == []
    ast.parse(out, mode="eval")


def test_cli_prints_deeply_nested_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Deeper than Python's recursion limit allows a plain recursive walk (and than its parser's 200 brackets).
    (tmp_path / "deep.nix").write_text("let f = x: x; in " + "f (" * 1000 + "1" + ")" * 1000)
    assert main(["compile", "--python", str(tmp_path / "deep.nix")]) == 0
    assert len(capsys.readouterr().out.splitlines()) > 1000
