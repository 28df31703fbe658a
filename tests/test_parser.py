"""The parser: every syntax form, its spans, CppNix's desugaring and its syntax errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import pynix
from pynix.compiler import ast as A
from pynix.compiler.parser import describe_token, parse
from pynix.compiler.show import show
from pynix.vm.errors import ParseError, Source


def tree(text: str) -> A.Expr:
    return parse(Source("test.nix", text))


def shown(text: str) -> str:
    return show(tree(text), "/base", "/home/u")


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        tree(text)
    return info.value


@pytest.mark.parametrize("text, expected", [
    ("123", "123"),
    ("1.5", "1.5"),
    (".5", "0.5"),
    ("1.5e3", "1500"),
    ("1e3", "(1 e3)"),
    ("1.5e-3", "0.0015"),
    ('"a\\n\\t\\"b\\${c}"', '"a\\n\\t\\"b\\${c}"'),
    ('"x$${y}z"', '"x$\\${y}z"'),
    ('"$"', '"$"'),
    ('"a${b}c"', '("a" + b + "c")'),
    ('"${b}"', "(b)"),
    ("x: x", "(x: x)"),
    ("{ a, b ? 1, ... }: a", "({ a, b ? 1, ... }: a)"),
    ("args@{ b, a }: a", "({ a, b } @ args: a)"),
    ("{ a }@args: a", "({ a } @ args: a)"),
    ("{ }: 1", "({  }: 1)"),
    ("let a = 1; b = a; in b", "(let a = 1; b = a; in b)"),
    ("let { body = 1; }", "(rec { body = 1; }).body"),
    ("rec { a = 1; }", "rec { a = 1; }"),
    ("{ a.b.c = 1; a.d = 2; }", "{ a = { b = { c = 1; }; d = 2; }; }"),
    ('{ "q" = 1; ${"r"} = 2; }', "{ q = 1; r = 2; }"),
    ("{ ${x} = 1; }", '{ "${x}" = 1; }'),
    ("{ inherit a; inherit (s) b c; }", "{ inherit a; inherit (s) b c; }"),
    ("[ 1 (f x) a.b ]", "[ (1) ((f x)) ((a).b) ]"),
    ("with s; x", "(with s; x)"),
    ("assert c; x", "assert c; x"),
    ("if c then 1 else 2", "(if c then 1 else 2)"),
    ("a.b.c or d", "(a).b.c or (d)"),
    ("a.${x}.c", '(a)."${x}".c'),
    ("a ? b.c", "((a) ? b.c)"),
    ("f a b", "(f a b)"),
    ("map or", "(map or)"),
    ("{ or = 1; }.or", "({ or = 1; }).or"),
    ("__curPos", "__curPos"),
    ("<nixpkgs/lib>", '(__findFile __nixPath "nixpkgs/lib")'),
    ("http://example.org/a?b=c", '"http://example.org/a?b=c"'),
    ("x:x", '"x:x"'),
    ("./a/../b", "/base/b"),
    ("a/b", "/base/a/b"),
    ("/abs/./x", "/abs/x"),
    ("~/x", "/home/u/x"),
    ("./a/${b}.nix", '(/base/a/ + b + ".nix")'),
    ("a'-b", "a'-b"),
    ("# c\n/* d */ 1", "1"),
])
def test_syntax_forms(text: str, expected: str) -> None:
    assert shown(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1 + 2 * 3", "(1 + (__mul 2 3))"),
    ("1 - 2 - 3", "(__sub (__sub 1 2) 3)"),
    ("a ++ b ++ c", "(a ++ (b ++ c))"),
    ("a // b // c", "(a // (b // c))"),
    ("a -> b -> c", "(a -> (b -> c))"),
    ("a || b && c", "(a || (b && c))"),
    ("a == b && c < d", "((a == b) && (__lessThan c d))"),
    ("!a && b", "((! a) && b)"),
    ("!a + b", "(! (a + b))"),
    ("!a // b", "((! a) // b)"),
    ("-a * b", "(__mul (__sub 0 a) b)"),
    ("-a ? b", "(((__sub 0 a)) ? b)"),
    ("a ++ b ? c", "(a ++ ((b) ? c))"),
    ("- f x", "(__sub 0 (f x))"),
    ("a - -b", "(__sub a (__sub 0 b))"),
    ("f -1", "(__sub f 1)"),
    ("a |> f |> g", "((a |> f) |> g)"),
    ("f <| g <| a", "(f <| (g <| a))"),
    ("a > b", "(__lessThan b a)"),
    ("a <= b", "(! (__lessThan b a))"),
    ("a >= b", "(! (__lessThan a b))"),
    ("a / b", "(__div a b)"),
    ('{ "a b" = 1; "if".x = a; c.${d} = 2; }', '{ "a b" = 1; c = { "${d}" = 2; }; "if" = { x = a; }; }'),
    ('{ inherit ("x") "a b" or; }', '{ inherit ("x") "a b" or; }'),
    ('a."b c" or a ? "if"', '(((a)."b c" or (a)) ? "if")'),
])
def test_operator_precedence(text: str, expected: str) -> None:
    assert shown(text) == expected


@pytest.mark.parametrize("text, value", [
    ("''$''", "$"), ("''$${x}''", "$${x}"), ("''''${x}''", "${x}"), ("'' ' $ '''' ''", "' $ ''' "),
])
def test_dollars_in_indented_strings(text: str, value: str) -> None:
    assert pynix.evaluate(text) == value


def test_indented_string_stripping() -> None:
    assert tree("''\n  a\n    b\n  ''").value == "a\n  b\n"
    assert tree("''\n  a\n\n  b''").value == "a\n\nb"
    assert tree("''  x''").value == "x"
    assert pynix.evaluate("''a'''b''$c''\\nd''") == "a''b$c\nd"
    assert shown("''\n  ${x}\n  y\n''") == '(x + "\\ny\\n")'
    assert tree("''$${x}''").value == "$${x}"


def test_crlf_and_cr_become_newlines_in_strings() -> None:
    assert tree('"a\r\nb\rc"').value == "a\nb\nc"
    assert tree('"a\\\rb"').value == "a\rb"


def test_spans() -> None:
    e = tree("let\n  f = x: x.y;\nin f 1")
    assert isinstance(e, A.Let)
    binding = e.bindings.attrs["f"]
    assert (binding.span.line, binding.span.col) == (2, 3)
    lam = binding.value
    assert isinstance(lam, A.Lambda) and lam.name == "f"
    assert (lam.span.line, lam.span.col, lam.span.end_line, lam.span.end_col) == (2, 7, 2, 13)
    assert isinstance(e.body, A.Apply)
    assert (e.body.span.line, e.body.span.col, e.body.span.end_col) == (3, 4, 7)
    op = tree("a  +  b")
    assert isinstance(op, A.BinOp) and (op.op_span.col, op.span.col, op.span.end_col) == (4, 1, 8)


@pytest.mark.parametrize("text, message, line, col", [
    ("(\n# c\n", "syntax error, unexpected end of file", 3, 1),
    ("a 1\"", "syntax error, unexpected end of file, expecting '\"'", 1, 5),
    ("if 1 else", "syntax error, unexpected 'else', expecting 'then'", 1, 6),
    ("1 == 2 == 3", "syntax error, unexpected '=='", 1, 8),
    ("a < b > c", "syntax error, unexpected '>'", 1, 7),
    ("a |> b <| c", "syntax error, unexpected '<|'", 1, 8),
    ("a.if", "syntax error, unexpected 'if', expecting identifier or 'or' or '${' or '\"'", 1, 3),
    ("{ a ... }", "syntax error, unexpected '...', expecting '.' or '='", 1, 5),
    ("{ inherit http://x; }", "syntax error, unexpected URI", 1, 11),
    ("123 é 4", "syntax error, unexpected invalid token, expecting end of file", 1, 5),
    ("{x, y : 1}: x", "syntax error, unexpected ':', expecting '}' or ','", 1, 7),
    ("f let x", "syntax error, unexpected identifier, expecting '{'", 1, 7),
    ("[ rec ]", "syntax error, unexpected ']', expecting '{'", 1, 7),
    ("x: let", "syntax error, unexpected end of file", 1, 7),
    ('"${1 2 ;', "syntax error, unexpected ';', expecting '}'", 1, 8),
    ("f (a b", "syntax error, unexpected end of file, expecting ')'", 1, 7),
    ("(a + ", "syntax error, unexpected end of file", 1, 6),
    ("{ a = 1 2 }", "syntax error, unexpected '}', expecting ';'", 1, 11),
    ("with x 1", "syntax error, unexpected end of file, expecting ';'", 1, 9),
    ("{ inherit a }", "syntax error, unexpected '}'", 1, 13),
    ("/nix/store/", "path has a trailing slash", 1, 11),
    ("/abs//x", "path has a trailing slash", 1, 5),
    ("{ x = 1; x = 2; }", "attribute 'x' already defined at test.nix:1:3", 1, 10),
    ("{ a.b = 1; a.b = 2; }", "attribute 'a.b' already defined at test.nix:1:3", 1, 12),
    ("{ a = 1; a.b = 2; }", "attribute 'a' already defined at test.nix:1:3", 1, 10),
    ("{ x.z = 3; x = { z = 3; }; }", "attribute 'x.z' already defined at test.nix:1:3", 1, 18),
    ("{ inherit x; inherit x; }", "attribute 'x' already defined at test.nix:1:11", 1, 22),
    ('{ "" = 1; "" = 2; }', "attribute '\"\"' already defined at test.nix:1:3", 1, 11),
    ('{ "a b".c = 1; "a b".c = 2; }', "attribute '\"a b\".c' already defined at test.nix:1:3", 1, 16),
    ('{ "if" = 1; "if" = 2; }', "attribute '\"if\"' already defined at test.nix:1:3", 1, 13),
    ("{x, y, x}: x", "duplicate formal function argument 'x'", 1, 8),
    ("a@{a}: a", "duplicate formal function argument 'a'", 1, 1),
    ("let ${x} = 1; in 2", "dynamic attributes not allowed in let", 1, 1),
    ("{ inherit ${x}; }", "dynamic attributes not allowed in inherit", 1, 11),
    ("9223372036854775808", "invalid integer '9223372036854775808'", 1, 1),
    # An interpolation that does not parse is an error in an indented string too, never literal text.
    ("''${ ) }''", "syntax error, unexpected ')'", 1, 6),
    ("''a ${ 1 + } b''", "syntax error, unexpected '}'", 1, 12),
    ('"${ ) }"', "syntax error, unexpected ')'", 1, 5),
    ('"a\0b"', "input string 'a␀b' cannot be represented as Nix string because it contains null bytes", 1, 2),
])
def test_errors(text: str, message: str, line: int, col: int) -> None:
    err = error(text)
    assert (err.message, err.span.line, err.span.col) == (message, line, col)


def test_attribute_sets_merge_across_definitions() -> None:
    assert shown("{ a = { b = 1; }; a.c = 2; a = { d = 3; }; }") == "{ a = { b = 1; c = 2; d = 3; }; }"
    assert shown("{ a = { inherit (x) p; }; a = { inherit (y) q; }; }") == "{ a = { inherit (x) p; inherit (y) q; }; }"


@pytest.mark.parametrize("text", [
    "(" * 10000 + "1" + ")" * 10000,
    "[" * 10000 + "]" * 10000,
    "let a = 1; in " * 3000 + "a",
])
def test_deep_nesting_parses(text: str) -> None:
    assert tree(text) is not None


def test_deep_unclosed_nesting_is_a_clean_error() -> None:
    assert error("(" * 10000).message == "syntax error, unexpected end of file"


@pytest.mark.parametrize("text, pos, name", [
    ("", 0, "end of file"), ("if", 0, "'if'"), ("x", 0, "identifier"), ("1", 0, "integer"),
    ("1.5", 0, "floating-point literal"), ("./a", 0, "path"), ("~/a", 0, "'~/…' path"),
    ("<a>", 0, "'<…>' path"), ("''", 0, "start of an indented string"), ("&&", 0, "'&&'"),
])
def test_token_names(text: str, pos: int, name: str) -> None:
    assert describe_token(text, pos) == name


NIXPKGS_LIB = Path(__file__).resolve().parents[1].parent / "shared" / "workloads" / "nixpkgs-lib" / "lib"


@pytest.mark.skipif(not NIXPKGS_LIB.is_dir(), reason="../shared/workloads/nixpkgs-lib is not beside this checkout")
def test_every_nixpkgs_lib_file_parses() -> None:
    files = sorted(NIXPKGS_LIB.rglob("*.nix"))
    assert len(files) > 200
    for f in files:
        assert parse(Source.read(str(f))) is not None, f
