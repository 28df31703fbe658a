"""A seeded generator of Nix programs for differential testing.

`ProgramGenerator(seed).program()` returns one self-contained expression and
the `nix-instantiate` output mode to run it in. Generation is type-directed:
`expr(t, depth)` builds an expression that evaluates to a value of type `t`
when every argument has the type its builtin or operator expects; a small,
per-program rate of arguments of a deliberately wrong type, failing
assertions, bad indices and the like make some programs fail. Expressions
that must never be forced (`throw`, `abort`, infinite recursion) stand in
unused positions to check laziness.

The generator covers every syntax form (let, rec, with, inherit (from),
attribute paths, dynamic attributes, `or`, `?`, string and indented-string
interpolation and escapes, paths, lambdas with formals, defaults, `@`
patterns and ellipsis, assert, if, every operator) and every pure builtin of
CppNix. Programs depend on nothing outside themselves: no clock, environment,
search path or file other than a few absolute paths that exist nowhere.
"""

from __future__ import annotations

import random
from typing import Callable

from .known_differences import NEWER_BUILTINS

INT, FLOAT, BOOL, STRING, NULL, PATH, LIST, SET, LAMBDA = (
    "int", "float", "bool", "string", "null", "path", "list", "set", "lambda")
TYPES = (INT, FLOAT, BOOL, STRING, NULL, PATH, LIST, SET, LAMBDA)
"""The types an expression is generated for; LAMBDA is a function from int to int."""

MODES = ("strict", "json", "lazy")
"""Output modes: `--eval --strict`, `--eval --strict --json`, `--eval`."""

GLOBAL_BUILTINS = frozenset({
    "abort", "baseNameOf", "derivation", "derivationStrict", "dirOf", "fetchGit", "fetchMercurial",
    "fetchTarball", "fetchTree", "fromTOML", "import", "isNull", "map", "placeholder", "removeAttrs",
    "scopedImport", "throw", "toString"})
"""Builtins CppNix also binds as global names (besides `true`, `false`, `null`, `builtins`)."""

FOLDL = "foldl'"

IDENT_POOL = ("a", "b", "c", "x", "y", "foo", "bar", "_u", "a-b", "a'", "n1", "or")
QUOTED_NAMES = ('"a b"', '"if"', '"1a"', '""', '"x.y"', '"${"dyn"}"', '"é"', '"with"', '"$"', '"a\\nb"')
STRING_BODIES = ("", "a", "hello", "Hello, World", "a b c", "1.2.3", "foo-1.0", "x/y/z", "/abs/p", "é ü",
                 "tab\\there", "line\\nbreak", "cr\\rx", "quote\\\"q", "back\\\\slash", "$", "$$", "\\${not}",
                 "$${x}", "{}", "  pad  ", "a,b,,c", "AbC", "0", "-1", "true", "null", "日本")
REGEXES = (".*", "a", "(a)(b)?", "([a-z]+)-([0-9.]+)", "[[:space:]]+", "(.)", "x*", "([^/]*)/(.*)", "[0-9]+",
           "(foo|bar)", "a{2,}", "^a", "\\.", "(", "[[:alpha:]]*", "(a|)+")
PATHS = ("/a", "/a/b", "/x/y/z.nix", "/a/../b", "/a/./b/", "/nonexistent-pynix/f", "/a/b-1.0")


class ProgramGenerator:
    """Builds random Nix programs from a seed; every program is a single expression."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.scope: list[tuple[str, str]] = []
        """Lexical bindings in scope, innermost last: (name, type)."""
        self.with_scope: list[tuple[str, str]] = []
        """Names a `with` brings into scope: (name, type)."""
        self.with_builtins = 0
        self.serial = 0
        self.wrong_rate = 0.0

    # -- programs -----------------------------------------------------------

    def program(self) -> tuple[str, str]:
        """One program and its output mode."""
        self.scope, self.with_scope, self.with_builtins = [], [], 0
        self.wrong_rate = self.rng.choice((0.0, 0.0, 0.02, 0.05, 0.12))
        mode = self.rng.choices(MODES, (70, 15, 15))[0]
        depth = self.rng.choice((1, 2, 2, 3, 3))
        shape = self.rng.random()
        if shape < 0.35:
            text = self.expr(self.any_type(), depth)
        elif shape < 0.55:
            text = "[ " + " ".join(self.atom(self.any_type(), depth - 1) for _ in range(self.rng.randint(2, 4))) + " ]"
        elif shape < 0.7:
            text = self.set_literal(depth - 1, self.rng.randint(2, 4))
        elif shape < 0.8:
            text = self.try_eval_program(depth)
        elif shape < 0.9:
            text = self.deep_structure()
        else:
            text = self.special()
        return text, mode

    def try_eval_program(self, d: int) -> str:
        e = self.expr(self.any_type(), d)
        if self.rng.random() < 0.5:
            return f"{self.b('tryEval')} ({e})"
        return f"{self.b('tryEval')} (let v = {e}; in {self.b('deepSeq')} v v)"

    def deep_structure(self) -> str:
        """Deep or wide structures, deep recursion and long lists."""
        n = self.rng.choice((5, 20, 100, 500))
        k = self.rng.randint(1, 9)
        return self.rng.choice((
            f"let f = n: if n == 0 then [ ] else [ n (f (n - 1)) ]; in f {min(n, 60)}",
            f"let f = n: if n == 0 then {{ }} else {{ \"l${{toString n}}\" = f (n - 1); x = n; }}; in f {min(n, 30)}",
            f"let f = n: acc: if n == 0 then acc else f (n - 1) (acc + n); in f {n * 10} 0",
            f"let go = n: if n <= 0 then 0 else 1 + go (n - 1); in go {n}",
            f"{self.b('genList')} (i: {{ i = i; sq = i * i; s = toString i; }}) {min(n, 30)}",
            f"{self.b(FOLDL)} (acc: x: acc // {{ \"k${{toString (x - x / {k} * {k})}}\" = x; }}) {{ }} "
            f"({self.b('genList')} (i: i) {n})",
            f"{self.b('length')} ({self.b('concatLists')} "
            f"({self.b('genList')} (i: {self.b('genList')} (j: i * j) {k}) {n}))",
            f"let s = {self.b('genList')} (i: {k} * i - i * i) {min(n, 100)}; in {self.b('sort')} (a: b: a < b) s",
            f"let fix = f: let x = f x; in x; in (fix (self: {{ a = {k}; b = self.a + 1; c = [ self.b self.a ]; }})).c",
            f"{self.b('genericClosure')} {{ startSet = [ {{ key = {k}; }} ]; "
            f"operator = x: if x.key >= {min(n, 40)} then [ ] "
            f"else [ {{ key = x.key + 1; }} {{ key = x.key + 2; }} ]; }}",
            f"let l = {self.b('genList')} (i: [ i ]) {min(n, 50)}; in [ l l ]",
            f"let a = {{ x = [ {k} ]; }}; b = [ a a ]; in {{ inherit a b; c = [ b b ]; }}",
            f"{self.b('toJSON')} "
            f"({self.b('genList')} (i: {{ \"${{toString i}}\" = [ i (i == {k}) null ]; }}) {min(n, 20)})",
            f"let deep = n: if n == 0 then \"x\" else {{ a = deep (n - 1); }}; in {self.b('deepSeq')} (deep {n}) {k}",
        ))

    def special(self) -> str:
        """Hand-picked corners: identity, global names, printing, newer builtins."""
        name = self.rng.choice(sorted(GLOBAL_BUILTINS | {"true", "false", "null", "builtins"}))
        newer = self.rng.choice(NEWER_BUILTINS)
        return self.rng.choice((
            f"{self.b('typeOf')} {name}",
            f"{self.b('isFunction')} {name}",
            f"{self.b('typeOf')} builtins.{name}",
            f"__{name}",
            f"{self.b('attrNames')} ({self.b('intersectAttrs')} {{ true = 1; null = 1; map = 1; x = 1; }} builtins)",
            "let x = { a = throw \"t\"; }; in x == x",
            "let f = x: x; in f == f",
            "let l = [ (x: x) ]; in [ (l == l) ([ (x: x) ] == [ (x: x) ]) ]",
            "let e = throw \"e\"; in [ e ] == [ e ]",
            "(x: x) == (x: x)",
            f"{self.b('map')} (throw \"mapped function forced\") [ ]",
            f"{self.b('length')} ({self.b('map')} (throw \"f\") [ 1 2 ])",
            f"{self.b('length')} ({self.b('genList')} (throw \"g\") 3)",
            f"{self.b('attrNames')} ({self.b('mapAttrs')} (throw \"m\") {{ a = 1; }})",
            f"{self.b('trace')} {self.atom(STRING, 1)} {self.atom(self.any_type(), 1)}",
            f"{self.b('trace')} {self.atom(self.any_type(), 2)} null",
            "{ \"or\" = 1; \"if\" = 2; or = 3; }",
            "{ a.or = 1; }",
            "let x = { a = 1; }; in x.\"or\" or x.a",
            f"{self.b('fromJSON')} ''\"\\ud800\"''",
            f"{self.b('fromJSON')} ''\"\\udc00x\"''",
            f"{self.b('fromJSON')} ''\"\\ud83d\\ude00\"''",
            "''a ${\"b\"} $${c} ''${d} '''e''' \\${f}''",
            "''\n  x\n    y\n  z\n''",
            "''\n\ta\n  b''",
            "let x = 1; in ''${ toString x }''",
            f"{self.b(newer)}",
            "let x = builtins.trace \"forced\" (throw \"e\"); in [ (builtins.tryEval x).success (builtins.tryEval x).success ]",
            "let f = x: f x + 1; in f 1",
            "{ a = 1; a.b = 2; }",
            f"{self.b('substring')} 9223372036854775806 (-5) \"abc\"",
            f"{self.b('map')} 1 [ 1 ]",
            "[ builtins.storeDir builtins.langVersion __curPos (builtins.isPath ./rel) (baseNameOf ./rel/x.nix) ]",
            '{ "$" = 1; "$" = 2; }',
            f"{self.b('tail')} [ ]",
            f"({self.b('derivation')} {{ name = \"~x~\"; builder = \"/bin/sh\"; system = \"x86_64-linux\"; }}).drvPath",
            "assert (let b = false; a = true; in b); 1",
            "{ inherit ({ a = 1; }) x n1; }",
            '{ }."a b"',
            '{ a = { x = 1; }; a = { ${"y"} = 2; }; }',
            'throw ""',
            f"{self.b('floor')} 1.0e20",
        ))

    # -- scaffolding ----------------------------------------------------------

    def any_type(self) -> str:
        return self.rng.choices(TYPES, (14, 5, 10, 14, 2, 3, 12, 12, 3))[0]

    def fresh(self) -> str:
        self.serial += 1
        if self.scope and self.rng.random() < 0.1:
            return self.rng.choice(self.scope)[0]  # shadowing
        return f"v{self.serial}"

    def visible(self) -> dict[str, str]:
        """Names in scope with their types: inner bindings win, lexical ones over `with`."""
        lexical = dict(self.scope)
        names = {n: t for n, t in self.with_scope if n not in lexical}
        names.update(lexical)
        return names

    def b(self, name: str) -> str:
        """A reference to builtin `name`, spelt in one of the ways CppNix allows."""
        r = self.rng.random()
        if self.with_builtins and r < 0.4 and name not in self.visible():
            return name
        if name in GLOBAL_BUILTINS:
            if r < 0.5:
                return name
        elif r < 0.6:
            return "__" + name
        return "builtins." + (f'"{name}"' if "'" in name and r < 0.65 else name)

    def atom(self, t: str, d: int) -> str:
        """An expression of type `t` usable as an argument or list element."""
        return paren(self.expr(t, d))

    def arg(self, t: str, d: int) -> str:
        """An argument of type `t`, or now and then of a wrong type."""
        if self.rng.random() < self.wrong_rate:
            return self.atom(self.rng.choice([x for x in TYPES if x != t]), max(d - 1, 0))
        return self.atom(t, d)

    def message(self) -> str:
        self.serial += 1
        return f'"m{self.serial}"'

    def unused(self) -> str:
        """An expression that fails when forced; only placed where it must not be."""
        m = self.message()
        return self.rng.choice((f"throw {m}", f"{self.b('abort')} {m}", f"assert false; {m}",
                                f"{self.b('head')} [ ]", "{ }.missing", "let z = z; in z", f"1 + {m}",
                                f"{self.b('throw')} {m}", "(x: x.y) 1"))

    def expr(self, t: str, d: int) -> str:
        """An expression of type `t` with nesting depth at most `d`."""
        if d <= 0 or self.rng.random() < 0.2:
            return self.leaf(t)
        productions = TYPED[t] + GENERIC
        weights = [w for w, _ in productions]
        _, make = self.rng.choices(productions, weights)[0]
        return make(self, t, d - 1)

    def leaf(self, t: str) -> str:
        names = [n for n, nt in self.visible().items() if nt == t]
        if names and self.rng.random() < 0.5:
            return self.rng.choice(names)
        return LEAVES[t](self)

    def binding(self, d: int, t: str | None = None) -> tuple[str, str, str]:
        """A fresh name, the type of its value and the value's text."""
        t = t or self.any_type()
        return self.fresh(), t, self.expr(t, d)

    # -- literals -------------------------------------------------------------

    def int_literal(self) -> str:
        r = self.rng.random()
        if r < 0.6:
            return str(self.rng.randint(0, 10))
        if r < 0.75:
            return f"(-{self.rng.randint(1, 100)})"
        if r < 0.85:
            return str(self.rng.choice((255, 1000, 65536, 2 ** 31, 2 ** 32 + 1, 4611686018427387904)))
        return self.rng.choice(("9223372036854775807", "(-9223372036854775807)", "(-9223372036854775807 - 1)",
                                "3037000500", "(-1)", "9223372036854775806"))

    def float_literal(self) -> str:
        return self.rng.choice(("1.5", "0.1", "0.2", ".5", "2.0", "1.e3", "3.14159", "1.0e-5", "123456.7", "1.0e20",
                                "1.0e300", "2.5e-300", "0.0", "(-0.0)", "(-2.75)", "100.0", "1.0e6", "0.3333333333",
                                "99999.95", "1.0e15", "7.0e-3"))

    def string_literal(self) -> str:
        r = self.rng.random()
        body = self.rng.choice(STRING_BODIES)
        if r < 0.75:
            return f'"{body}"'
        return self.indented_string()

    def indented_string(self) -> str:
        lines = self.rng.choice((["a", "  b"], ["", "x $y", "''$ ''' ''\\n"], ["  c", "d"], ["\t", "  e ", ""]))
        return "''\n" + "\n".join("  " + line for line in lines) + "\n''"

    def path_literal(self) -> str:
        return self.rng.choice(PATHS)

    def set_literal(self, d: int, n: int) -> str:
        """An attribute set literal with `n` bindings of mixed types and syntax."""
        parts = []
        for _ in range(n):
            parts.append(self.set_binding(d))
        rec = "rec " if self.rng.random() < 0.15 else ""
        return f"{rec}{{ {' '.join(parts)} }}"

    def set_binding(self, d: int) -> str:
        r = self.rng.random()
        t = self.any_type()
        value = self.expr(t, d)
        if r < 0.6:
            return f"{self.rng.choice(IDENT_POOL)}{self.serial_suffix()} = {value};"
        if r < 0.72:
            return f"{self.rng.choice(QUOTED_NAMES)} = {value};"
        if r < 0.82:
            return f"{self.rng.choice(IDENT_POOL)}.{self.rng.choice(IDENT_POOL)}{self.serial_suffix()} = {value};"
        if r < 0.9:
            return f"${{{self.atom(STRING, max(d - 1, 0))}}} = {value};"
        names = [n for n, _ in self.scope]
        if names:
            return f"inherit {' '.join(sorted(set(self.rng.sample(names, min(len(names), 2)))))};"
        return f"inherit ({{ p = {value}; q = {self.unused()}; }}) p q;"

    def serial_suffix(self) -> str:
        self.serial += 1
        return str(self.serial)

    def int_list(self, d: int) -> str:
        """A list of ints, as a literal or computed (or, at the wrong rate, any list)."""
        if d > 0 and self.rng.random() < 0.3:
            if self.rng.random() < self.wrong_rate:
                return paren(self.expr(LIST, d - 1))
            return f"({self.b('genList')} (i: i * {self.rng.randint(1, 3)} - 2) {self.rng.randint(0, 6)})"
        return "[ " + " ".join(self.arg(INT, d - 1) for _ in range(self.rng.randint(0, 5))) + " ]"

    def string_list(self, d: int) -> str:
        return "[ " + " ".join(self.arg(STRING, d - 1) for _ in range(self.rng.randint(0, 3))) + " ]"

    def regex(self) -> str:
        return '"' + self.rng.choice(REGEXES).replace("\\", "\\\\") + '"'

    def hash_type(self) -> str:
        return self.rng.choice(('"md5"', '"sha1"', '"sha256"', '"sha512"', '"sha256"', '"crc32"'))

    def json_type(self) -> str:
        return self.rng.choice((INT, FLOAT, BOOL, STRING, NULL, LIST, SET, PATH))

    def derivation(self, d: int) -> str:
        extra = self.rng.choice(("", 'args = [ "-c" "true" ];', 'outputs = [ "out" "dev" ];',
                                 f"x = {self.atom(self.rng.choice((INT, STRING, LIST, BOOL)), d - 1)};",
                                 f'dep = {self.b("toFile")} "d" "t";'))
        name = self.rng.choice(('"d"', '"pkg-1.0"'))
        return (f"{self.b('derivation')} {{ name = {name}; "
                f"builder = \"/bin/sh\"; system = \"x86_64-linux\"; {extra} }}")


def paren(text: str) -> str:
    """`text` in parentheses unless it is one token or already parenthesised."""
    if text.isidentifier() or text.isdigit() or (text.startswith("builtins.") and text[9:].isidentifier()):
        return text
    if text.startswith('"') and text.endswith('"') and text.count('"') == 2 and "\\" not in text:
        return text
    if text.startswith("(") and closing_paren(text) == len(text) - 1:
        return text
    return f"({text})"


def closing_paren(text: str) -> int:
    """The index of the parenthesis that closes the one opening `text`: a small lexer that skips
    string literals and follows `${...}` interpolation inside them."""
    modes, braces, depth, i = ["code"], [0], 0, 0
    while i < len(text):
        mode, c = modes[-1], text[i]
        if mode == "code":
            if c == '"' or text.startswith("''", i):
                modes.append("string" if c == '"' else "indented")
                i += 1 if c == '"' else 2
                continue
            if c == "{":
                braces[-1] += 1
            elif c == "}" and braces[-1] == 0:  # the end of an interpolation
                modes.pop()
                braces.pop()
            elif c == "}":
                braces[-1] -= 1
            elif c in "()":
                depth += 1 if c == "(" else -1
                if depth == 0:
                    return i
            i += 1
        elif text.startswith("${", i):
            modes.append("code")
            braces.append(0)
            i += 2
        elif text.startswith("$$", i):
            i += 2
        elif mode == "string":
            if c == '"':
                modes.pop()
            i += 2 if c == "\\" else 1
        elif text.startswith("''", i):
            escape = text[i + 2:i + 3]
            if escape not in ("'", "$", "\\"):
                modes.pop()
            i += {"'": 3, "$": 3, "\\": 4}.get(escape, 2)
        else:
            i += 1
    return -1


Builtin = Callable[[ProgramGenerator, int], str]
"""A production for one builtin's use: (generator, depth) → expression text."""

IS_TYPE = ("isInt", "isFloat", "isBool", "isString", "isNull", "isPath", "isList", "isAttrs", "isFunction")
COMPARATORS = ("a: b: a < b", "a: b: a > b", "builtins.lessThan", "a: b: a / 3 < b / 3")
PATH_SUFFIXES = ('"/c"', '"c"', '""', '"/"')
PATH_STRINGS = ('"/a/b"', '"/a/../c"', '"rel"')
OUT, DEV = '"out"', '"dev"'
GEN_BODIES = ("{ inherit i; }", "i * i", "[ i ]", "toString i")


# -- generic productions: any type ------------------------------------------------


def p_let(g: ProgramGenerator, t: str, d: int) -> str:
    n = g.rng.randint(1, 3)
    bindings = [g.binding(d) for _ in range(n)]
    unused = f" u{g.serial} = {g.unused()};" if g.rng.random() < 0.3 else ""
    g.scope.extend((name, bt) for name, bt, _ in bindings)
    body = g.expr(t, d)
    del g.scope[-n:]
    text = " ".join(f"{name} = {value};" for name, _, value in bindings)
    return f"let {text}{unused} in {body}"


def p_let_rec(g: ProgramGenerator, t: str, d: int) -> str:
    """Bindings that refer to each other, in either order."""
    a, b = g.fresh(), g.fresh()
    g.scope.append((a, INT))
    value_b = g.expr(t, d)
    g.scope.pop()
    g.scope.append((b, t))
    body = g.leaf(t)
    g.scope.pop()
    return f"let {b} = {value_b}; {a} = {g.expr(INT, d)}; in {body}" if a != b else body


def p_if(g: ProgramGenerator, t: str, d: int) -> str:
    return f"if {g.arg(BOOL, d)} then {g.expr(t, d)} else {g.expr(t, d)}"


def p_if_lazy(g: ProgramGenerator, t: str, d: int) -> str:
    if g.rng.random() < 0.5:
        return f"if true then {g.expr(t, d)} else {g.unused()}"
    return f"if false then {g.unused()} else {g.expr(t, d)}"


def p_with(g: ProgramGenerator, t: str, d: int) -> str:
    names = [(f"w{g.serial_suffix()}", g.any_type()) for _ in range(g.rng.randint(1, 3))]
    values = " ".join(f"{n} = {g.expr(nt, d - 1)};" for n, nt in names)
    g.with_scope.extend(names)
    body = g.expr(t, d)
    del g.with_scope[-len(names):]
    return f"with {{ {values} }}; {body}"


def p_with_builtins(g: ProgramGenerator, t: str, d: int) -> str:
    g.with_builtins += 1
    body = g.expr(t, d)
    g.with_builtins -= 1
    return f"with builtins; {body}"


def p_assert(g: ProgramGenerator, t: str, d: int) -> str:
    cond = "true" if g.rng.random() < 0.6 else g.arg(BOOL, d)
    return f"assert {cond}; {g.expr(t, d)}"


def p_apply_lambda(g: ProgramGenerator, t: str, d: int) -> str:
    pt = g.any_type()
    name = g.fresh()
    arg = g.atom(pt, d) if g.rng.random() < 0.85 else paren(g.unused())
    g.scope.append((name, pt))
    body = g.expr(t, d)
    g.scope.pop()
    return f"({name}: {body}) {arg}"


def p_apply_formals(g: ProgramGenerator, t: str, d: int) -> str:
    """A lambda with a formals pattern: defaults, `@`, ellipsis, missing or extra arguments."""
    formals = []
    given = []
    bound = []
    for _ in range(g.rng.randint(1, 3)):
        name = f"f{g.serial_suffix()}"
        ft = g.any_type()
        bound.append((name, ft))
        r = g.rng.random()
        if r < 0.4:
            formals.append(f"{name} ? {g.expr(ft, d - 1)}")
            if g.rng.random() < 0.5:
                given.append(f"{name} = {g.expr(ft, d - 1)};")
        else:
            formals.append(name)
            if r < 0.97 or g.wrong_rate == 0:
                given.append(f"{name} = {g.expr(ft, d - 1)};")
    ellipsis = g.rng.random() < 0.4
    if ellipsis or g.rng.random() < g.wrong_rate:
        given.append(f"extra = {g.unused()};")
    if ellipsis:
        formals.append("...")
    at = ""
    if g.rng.random() < 0.3:
        whole = f"args{g.serial_suffix()}"
        at = f"{whole}@" if g.rng.random() < 0.5 else ""
        suffix = "" if at else f"@{whole}"
        bound.append((whole, SET))
    else:
        suffix = ""
    g.scope.extend(bound)
    body = g.expr(t, d)
    del g.scope[-len(bound):]
    return f"({at}{{ {', '.join(formals)} }}{suffix}: {body}) {{ {' '.join(given)} }}"


def p_select(g: ProgramGenerator, t: str, d: int) -> str:
    key = f"k{g.serial_suffix()}"
    other = g.set_binding(d - 1)
    r = g.rng.random()
    if r < 0.3:
        return f"{{ {key} = {g.expr(t, d)}; {other} }}.{key}"
    if r < 0.45:
        return f"{{ {key}.inner = {g.expr(t, d)}; {key}.other = {g.unused()}; }}.{key}.inner"
    if r < 0.6:
        return f"{paren(g.expr(SET, d))}.{key} or {g.atom(t, d)}"
    if r < 0.7:
        return f"{{ {key} = {g.expr(t, d)}; }}.\"{key}\""
    if r < 0.8:
        return f"{{ {key} = {g.expr(t, d)}; }}.${{\"{key}\"}}"
    if r < 0.9:
        return f"{g.b('getAttr')} \"{key}\" {{ {key} = {g.expr(t, d)}; lazy = {g.unused()}; }}"
    return f"rec {{ {key} = {g.expr(t, d)}; alias = {key}; }}.alias"


def p_inherit(g: ProgramGenerator, t: str, d: int) -> str:
    name = f"i{g.serial_suffix()}"
    if g.rng.random() < 0.5:
        return f"let {name} = {g.expr(t, d)}; in {{ inherit {name}; }}.{name}"
    return f"{{ inherit ({{ {name} = {g.expr(t, d)}; z = {g.unused()}; }}) {name} z; }}.{name}"


def p_elem(g: ProgramGenerator, t: str, d: int) -> str:
    items = [g.atom(t, d) for _ in range(g.rng.randint(1, 3))]
    if g.rng.random() < 0.5:
        return f"{g.b('head')} [ {' '.join(items)} {paren(g.unused())} ]"
    index = g.rng.randrange(len(items)) if g.rng.random() > g.wrong_rate else len(items)
    return f"{g.b('elemAt')} [ {' '.join(items)} ] {index}"


def p_seq(g: ProgramGenerator, t: str, d: int) -> str:
    fn = g.rng.choice(("seq", "deepSeq"))
    return f"{g.b(fn)} {g.atom(g.any_type(), d)} {g.atom(t, d)}"


def p_try(g: ProgramGenerator, t: str, d: int) -> str:
    name = f"r{g.serial_suffix()}"
    inner = g.expr(t, d) if g.rng.random() < 0.7 else g.unused()
    return f"let {name} = {g.b('tryEval')} ({inner}); in if {name}.success then {name}.value else {g.atom(t, d)}"


def p_foldl(g: ProgramGenerator, t: str, d: int) -> str:
    acc, x = g.fresh(), g.fresh()
    et = g.any_type()
    g.scope.extend(((acc, t), (x, et)))
    body = g.expr(t, d - 1)
    del g.scope[-2:]
    return f"{g.b(FOLDL)} ({acc}: {x}: {body}) {g.atom(t, d)} {g.arg(LIST, d)}"


def p_error_context(g: ProgramGenerator, t: str, d: int) -> str:
    return f"{g.b('addErrorContext')} {g.arg(STRING, d)} {g.atom(t, d)}"


def p_trace(g: ProgramGenerator, t: str, d: int) -> str:
    return f"{g.b('trace')} {g.atom(g.rng.choice((STRING, INT, LIST, SET, BOOL)), d - 1)} {g.atom(t, d)}"


def p_fix(g: ProgramGenerator, t: str, d: int) -> str:
    """A recursive function over a small integer."""
    f, n = g.fresh(), g.fresh()
    g.scope.extend(((n, INT),))
    base = g.expr(t, d - 1)
    g.scope.pop()
    return f"let {f} = {n}: if {n} <= 0 then {base} else {f} ({n} - 1); in {f} {g.rng.randint(0, 6)}"


GENERIC: list[tuple[int, Callable[[ProgramGenerator, str, int], str]]] = [
    (6, p_let), (2, p_let_rec), (5, p_if), (3, p_if_lazy), (3, p_with), (1, p_with_builtins), (2, p_assert),
    (5, p_apply_lambda), (3, p_apply_formals), (6, p_select), (2, p_inherit), (3, p_elem), (2, p_seq),
    (2, p_try), (1, p_foldl), (1, p_error_context), (1, p_trace), (1, p_fix),
]


# -- int -------------------------------------------------------------------------------


def int_arith(g: ProgramGenerator, t: str, d: int) -> str:
    op = g.rng.choice(("+", "-", "*", "/", "+", "-", "*"))
    left, right = g.arg(INT, d), g.arg(INT, d)
    if op == "/" and g.rng.random() > g.wrong_rate:
        right = f"({right} + 1000)" if g.rng.random() < 0.5 else str(g.rng.randint(1, 7))
    return f"{left} {op} {right}"


def int_chain(g: ProgramGenerator, t: str, d: int) -> str:
    """Operators without parentheses: precedence and associativity."""
    parts = [g.leaf(INT)]
    for _ in range(g.rng.randint(2, 4)):
        parts += [g.rng.choice(("+", "-", "*")), g.leaf(INT)]
    if g.rng.random() < 0.3:
        parts = ["-"] + parts
    return " ".join(parts)


INT_BUILTINS: list[Builtin] = [
    lambda g, d: f"{g.b(g.rng.choice(('add', 'sub', 'mul', 'bitAnd', 'bitOr', 'bitXor')))} {g.arg(INT, d)} {g.arg(INT, d)}",
    lambda g, d: f"{g.b('div')} {g.arg(INT, d)} {g.rng.randint(-3, 9)}",
    lambda g, d: f"{g.b('length')} {g.arg(LIST, d)}",
    lambda g, d: f"{g.b('stringLength')} {g.arg(STRING, d)}",
    lambda g, d: f"{g.b('compareVersions')} {g.arg(STRING, d)} {g.atom(STRING, d)}",
    lambda g, d: f"{g.b(g.rng.choice(('ceil', 'floor')))} {g.arg(FLOAT, d)}",
    lambda g, d: f"{g.b(FOLDL)} (a: b: a + b) 0 [ {' '.join(g.arg(INT, d) for _ in range(3))} ]",
    lambda g, d: f"{g.b('length')} ({g.b('attrNames')} {g.arg(SET, d)})",
    lambda g, d: f"{g.b('fromJSON')} {g.rng.choice(FROM_JSON_INTS)}",
    lambda g, d: f"{paren(g.expr(LAMBDA, d))} {g.arg(INT, d)}",
    lambda g, d: f"{g.b('length')} ({g.b('filter')} (x: x > 2) {g.int_list(d)})",
    lambda g, d: f"{g.b('stringLength')} ({g.b('toString')} {g.arg(INT, d)})",
    lambda g, d: f"-{g.arg(INT, d)}",
    lambda g, d: f"{g.b('length')} ({g.b('split')} {g.regex()} {g.arg(STRING, d)})",
    lambda g, d: f"({g.b('fromTOML')} {g.rng.choice(TOML_DOCS)}).n or 0",
    lambda g, d: f"({g.b('unsafeGetAttrPos')} \"q\" {{ p = 1;\n  q = 2; }}).line or {g.arg(INT, d)}",
    lambda g, d: f"{g.b('stringLength')} ({g.b('hashString')} {g.hash_type()} {g.arg(STRING, d)})",
]


def int_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice(INT_BUILTINS)(g, d)


def int_sum_list(g: ProgramGenerator, t: str, d: int) -> str:
    return f"{g.b(FOLDL)} {g.b('add')} 0 {g.int_list(d)}"


# -- float ------------------------------------------------------------------------------


def float_arith(g: ProgramGenerator, t: str, d: int) -> str:
    op = g.rng.choice(("+", "-", "*", "/"))
    left = g.arg(FLOAT, d)
    right = g.arg(g.rng.choice((FLOAT, INT)), d)
    if g.rng.random() < 0.5:
        left, right = right, left
        left = g.arg(FLOAT, d) if left == right else left
    if op == "/" and g.rng.random() > g.wrong_rate:
        right = g.rng.choice(("3", "7.0", "0.1", "1.0e-3", "(-4)"))
    return f"{left} {op} {right}"


FLOAT_BUILTINS: list[Builtin] = [
    lambda g, d: f"{g.b(g.rng.choice(('add', 'sub', 'mul')))} {g.arg(FLOAT, d)} {g.arg(INT, d)}",
    lambda g, d: f"{g.b('div')} {g.arg(FLOAT, d)} {g.rng.choice(('3', '2.0', '0.5'))}",
    lambda g, d: f"{g.b('fromJSON')} {g.rng.choice(FROM_JSON_FLOATS)}",
    lambda g, d: f"-{g.arg(FLOAT, d)}",
    lambda g, d: f"{g.b(FOLDL)} (a: b: a * b) 1.0 [ {g.arg(FLOAT, d)} {g.arg(INT, d)} 0.5 ]",
    lambda g, d: f"({g.b('fromTOML')} \"f = {g.rng.choice(('1.5', '2e3', '-0.25', 'inf', '3.0'))}\").f",
]


def float_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice(FLOAT_BUILTINS)(g, d)


# -- bool -------------------------------------------------------------------------------


def bool_compare(g: ProgramGenerator, t: str, d: int) -> str:
    ct = g.rng.choice((INT, FLOAT, STRING, PATH, LIST, INT))
    op = g.rng.choice(("<", "<=", ">", ">="))
    other = ct if g.rng.random() > g.wrong_rate else g.any_type()
    if ct in (INT, FLOAT) and g.rng.random() < 0.3:
        other = FLOAT if ct == INT else INT
    if ct == LIST:
        return f"{g.int_list(d)} {op} {g.int_list(d)}"
    return f"{g.atom(ct, d)} {op} {g.atom(other, d)}"


def bool_equal(g: ProgramGenerator, t: str, d: int) -> str:
    lt = g.any_type()
    rt = lt if g.rng.random() < 0.75 else g.any_type()
    op = g.rng.choice(("==", "!="))
    if g.rng.random() < 0.2:
        e = g.atom(lt, d)
        return f"{e} {op} {e}"
    return f"{g.atom(lt, d)} {op} {g.atom(rt, d)}"


def bool_logic(g: ProgramGenerator, t: str, d: int) -> str:
    op = g.rng.choice(("&&", "||", "->"))
    left = g.arg(BOOL, d)
    right = g.arg(BOOL, d)
    if g.rng.random() < 0.3:  # short circuit: the right side must stay unevaluated
        left, right = {"&&": "false", "||": "true", "->": "false"}[op], paren(g.unused())
    return f"{left} {op} {right}"


def bool_chain(g: ProgramGenerator, t: str, d: int) -> str:
    parts = [g.leaf(BOOL)]
    for _ in range(g.rng.randint(2, 4)):
        parts += [g.rng.choice(("&&", "||", "->", "==", "!=")), g.rng.choice(("!", "")) + g.leaf(BOOL)]
    return " ".join(parts)


BOOL_BUILTINS: list[Builtin] = [
    lambda g, d: f"{g.b(g.rng.choice(IS_TYPE))} {g.atom(g.any_type(), d)}",
    lambda g, d: f"{g.b('elem')} {g.arg(INT, d)} {g.int_list(d)}",
    lambda g, d: f"{g.b('hasAttr')} {g.arg(STRING, d)} {g.arg(SET, d)}",
    lambda g, d: f"{g.atom(SET, d)} ? {g.rng.choice(IDENT_POOL)}",
    lambda g, d: f"{g.atom(SET, d)} ? {g.rng.choice(IDENT_POOL)}.{g.rng.choice(IDENT_POOL)}",
    lambda g, d: f"{g.b(g.rng.choice(('all', 'any')))} (x: x > 1) {g.int_list(d)}",
    lambda g, d: f"{g.b('lessThan')} {g.arg(INT, d)} {g.arg(INT, d)}",
    lambda g, d: f"({g.b('tryEval')} {g.atom(g.any_type(), d)}).success",
    lambda g, d: f"({g.b('tryEval')} ({g.unused()})).success",
    lambda g, d: f"{g.b('hasContext')} {g.arg(STRING, d)}",
    lambda g, d: f"!{g.arg(BOOL, d)}",
    lambda g, d: f"{g.b('isNull')} {g.atom(g.rng.choice((NULL, INT)), d)}",
    lambda g, d: f"{g.b('match')} {g.regex()} {g.arg(STRING, d)} == null",
]


def bool_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice(BOOL_BUILTINS)(g, d)


# -- string -----------------------------------------------------------------------------


def str_interp(g: ProgramGenerator, t: str, d: int) -> str:
    inner = g.rng.choice((STRING, STRING, PATH, INT)) if g.rng.random() > g.wrong_rate else g.any_type()
    value = g.expr(inner, d)
    if inner == INT:
        value = f"toString {paren(value)}"
    if inner == PATH:  # interpolating a path copies it to the store: use a string instead
        value = f"toString {paren(value)}"
    if g.rng.random() < 0.3:
        return f"''\n  pre ${{{value}}} post\n  $${{x}} ''${{ x }}\n''"
    return f'"a${{{value}}}b${{{g.expr(STRING, d - 1)}}}"'


def str_concat(g: ProgramGenerator, t: str, d: int) -> str:
    return f"{g.arg(STRING, d)} + {g.arg(STRING, d)}"


STRING_BUILTINS: list[Builtin] = [
    lambda g, d: f"{g.b('toString')} {g.atom(g.rng.choice((INT, FLOAT, BOOL, NULL, PATH, STRING, LIST)), d)}",
    lambda g, d: f"{g.b('concatStringsSep')} {g.arg(STRING, d - 1)} {g.string_list(d)}",
    lambda g, d: f"{g.b('substring')} {g.arg(INT, d)} {g.arg(INT, d)} {g.arg(STRING, d)}",
    lambda g, d: f"{g.b('replaceStrings')} {g.string_list(d)} {g.string_list(d)} {g.arg(STRING, d)}",
    lambda g, d: f"{g.b('typeOf')} {g.atom(g.any_type(), d)}",
    lambda g, d: f"{g.b('toJSON')} {g.atom(g.json_type(), d)}",
    lambda g, d: f"{g.b('hashString')} {g.hash_type()} {g.arg(STRING, d)}",
    lambda g, d: f"{g.b(g.rng.choice(('baseNameOf', 'dirOf')))} {g.atom(g.rng.choice((STRING, PATH)), d)}",
    lambda g, d: f"{g.b('unsafeDiscardStringContext')} {g.arg(STRING, d)}",
    lambda g, d: f"({g.b('parseDrvName')} {g.arg(STRING, d)}).{g.rng.choice(('name', 'version'))}",
    lambda g, d: f"{g.b('concatStringsSep')} \".\" ({g.b('splitVersion')} {g.arg(STRING, d)})",
    lambda g, d: f"{g.b('toFile')} \"f{g.rng.randint(0, 3)}\" {g.arg(STRING, d)}",
    lambda g, d: f"{g.b('toXML')} {g.atom(g.any_type(), d - 1)}",
    lambda g, d: f"{g.b('concatStringsSep')} \",\" ({g.b('attrNames')} {g.arg(SET, d)})",
    lambda g, d: f"{g.b('head')} ({g.b('attrNames')} ({g.b('functionArgs')} ({{ a, b ? 1 }}: a)))",
    lambda g, d: f"{g.b('placeholder')} {g.rng.choice((OUT, DEV, g.arg(STRING, d)))}",
    lambda g, d: f"({g.derivation(d)}).{g.rng.choice(('drvPath', 'outPath', 'name', 'system', 'type'))}",
    lambda g, d: f"{g.b('toString')} {g.string_list(d)}",
    lambda g, d: f"{g.b('concatStringsSep')} \"|\" "
        f"({g.b('map')} (x: {g.b('toJSON')} x) ({g.b('split')} {g.regex()} {g.arg(STRING, d)}))",
    lambda g, d: f"\"${{{g.b('toFile')} \"ctx\" {g.arg(STRING, d)}}}/sub\"",
    lambda g, d: f"{g.b('substring')} 0 {g.rng.randint(0, 40)} "
        f"({g.b('toJSON')} ({g.b('getContext')} ({g.derivation(d)}).drvPath))",
    lambda g, d: f"{g.b('toJSON')} ({g.b('fromJSON')} {g.rng.choice(FROM_JSON_DOCS)})",
    lambda g, d: f"{g.b('toPath')} {g.rng.choice(PATH_STRINGS + (g.arg(STRING, d),))}",
    lambda g, d: f"{g.b('unsafeDiscardOutputDependency')} {g.arg(STRING, d)}",
    lambda g, d: f"{g.b('toJSON')} ({g.b('fromTOML')} {g.rng.choice(TOML_DOCS)})",
    lambda g, d: f"{g.b('getAttr')} \"name\" ({g.b('parseDrvName')} {g.arg(STRING, d)})",
]


def str_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice(STRING_BUILTINS)(g, d)


def str_match(g: ProgramGenerator, t: str, d: int) -> str:
    return (f"let m = {g.b('match')} {g.regex()} {g.arg(STRING, d)}; in if m == null then \"none\" "
            f"else {g.b('concatStringsSep')} \",\" ({g.b('map')} (x: if x == null then \"-\" else x) m)")


# -- null, path, lambda -----------------------------------------------------------------


def null_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice((f"{g.b('seq')} {g.atom(g.any_type(), d)} null", f"{g.b('fromJSON')} \"null\"",
                         f"{g.b('match')} \"x\" {g.arg(STRING, d)}", f"{{ }}.a or null"))


PATH_BUILTINS: list[Builtin] = [
    lambda g, d: f"{g.atom(PATH, d)} + {g.rng.choice(PATH_SUFFIXES)}",
    lambda g, d: f"{g.atom(PATH, d)} + {g.atom(PATH, d)}",
    lambda g, d: f"{g.b('dirOf')} {g.atom(PATH, d)}",
    lambda g, d: f"/p/${{{g.arg(STRING, d)}}}/q",
    lambda g, d: f"{g.b('toPath')} {g.atom(PATH, d)}",
]


def path_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice(PATH_BUILTINS)(g, d)


def lambda_literal(g: ProgramGenerator, t: str, d: int) -> str:
    x = g.fresh()
    g.scope.append((x, INT))
    body = g.expr(INT, d)
    g.scope.pop()
    return f"{x}: {body}"


def lambda_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice((f"{g.b('add')} {g.arg(INT, d)}", f"{g.b('mul')} {g.arg(INT, d)}",
                         f"{g.b('sub')} {g.arg(INT, d)}", f"(f: x: f (f x)) ({g.expr(LAMBDA, d)})",
                         f"x: {g.b('length')} ({g.b('genList')} (i: i) (x - x / 100 * 100))"))


# -- list -------------------------------------------------------------------------------


def list_literal(g: ProgramGenerator, t: str, d: int) -> str:
    n = g.rng.randint(0, 4)
    return "[ " + " ".join(g.atom(g.any_type(), d) for _ in range(n)) + (" ]" if n else "]")


def list_concat(g: ProgramGenerator, t: str, d: int) -> str:
    return f"{g.arg(LIST, d)} ++ {g.arg(LIST, d)}"


LIST_BUILTINS: list[Builtin] = [
    lambda g, d: f"{g.b('map')} {g.atom(LAMBDA, d)} {g.int_list(d)}",
    lambda g, d: f"{g.b('filter')} (x: {g.b('bitAnd')} x 1 == 0) {g.int_list(d)}",
    lambda g, d: f"{g.b('genList')} {g.atom(LAMBDA, d)} {g.rng.choice(('0', '3', '5', '(-1)', g.arg(INT, d)))}",
    lambda g, d: f"{g.b('concatLists')} [ {g.arg(LIST, d)} {g.int_list(d)} ]",
    lambda g, d: f"{g.b('concatMap')} (x: [ x x ]) {g.int_list(d)}",
    lambda g, d: f"{g.b('sort')} ({g.rng.choice(COMPARATORS)}) {g.int_list(d)}",
    lambda g, d: f"{g.b('tail')} {g.arg(LIST, d)}",
    lambda g, d: f"{g.b(g.rng.choice(('attrNames', 'attrValues')))} {g.arg(SET, d)}",
    lambda g, d: f"{g.b('catAttrs')} \"a\" [ {{ a = {g.atom(g.any_type(), d)}; }} {{ b = 1; }} {g.arg(SET, d)} ]",
    lambda g, d: f"{g.b('split')} {g.regex()} {g.arg(STRING, d)}",
    lambda g, d: f"{g.b('splitVersion')} {g.arg(STRING, d)}",
    lambda g, d: f"let m = {g.b('match')} {g.regex()} {g.arg(STRING, d)}; in if m == null then [ ] else m",
    lambda g, d: f"{g.b('map')} (x: x.key) ({g.b('genericClosure')} {{ startSet = [ {{ key = {g.rng.randint(0, 3)}; }} ]; "
        f"operator = x: if x.key > 5 then [ ] else [ {{ key = x.key + 2; }} ]; }})",
    lambda g, d: f"{g.b('map')} (x: {g.b('typeOf')} x) {g.arg(LIST, d)}",
    lambda g, d: f"{g.b('fromJSON')} {g.rng.choice(FROM_JSON_LISTS)}",
    lambda g, d: f"{g.b('attrValues')} ({g.b('mapAttrs')} (n: v: n) {g.arg(SET, d)})",
    lambda g, d: f"{g.b('sort')} (a: b: a < b) {g.string_list(d)}",
    lambda g, d: f"{g.b('genList')} (i: {g.rng.choice(GEN_BODIES)}) {g.rng.randint(0, 5)}",
    lambda g, d: f"{g.b('map')} (x: x) {g.arg(LIST, d)}",
    lambda g, d: f"({g.b('partition')} (x: x > 3) {g.int_list(d)}).{g.rng.choice(('right', 'wrong'))}",
]


def list_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice(LIST_BUILTINS)(g, d)


# -- set --------------------------------------------------------------------------------


def set_literal(g: ProgramGenerator, t: str, d: int) -> str:
    return g.set_literal(d, g.rng.randint(0, 4))


def set_update(g: ProgramGenerator, t: str, d: int) -> str:
    return f"{g.arg(SET, d)} // {g.arg(SET, d)}"


SET_BUILTINS: list[Builtin] = [
    lambda g, d: f"{g.b('listToAttrs')} [ {{ name = {g.arg(STRING, d)}; value = {g.atom(g.any_type(), d)}; }} "
        f"{{ name = \"k\"; value = 1; }} {{ name = \"k\"; value = 2; }} ]",
    lambda g, d: f"{g.b('mapAttrs')} (n: v: {g.rng.choice(('n', '[ n v ]', 'v', g.b('typeOf') + ' v'))}) {g.arg(SET, d)}",
    lambda g, d: f"{g.b('removeAttrs')} {g.arg(SET, d)} {g.string_list(d)}",
    lambda g, d: f"{g.b('intersectAttrs')} {g.arg(SET, d)} {g.arg(SET, d)}",
    lambda g, d: f"{g.b('zipAttrsWith')} (n: vs: {g.rng.choice(('vs', 'n', g.b('length') + ' vs'))}) "
        f"[ {g.arg(SET, d)} {g.arg(SET, d)} ]",
    lambda g, d: f"{g.b('groupBy')} (x: {g.b('toString')} ({g.b('bitAnd')} x 3)) {g.int_list(d)}",
    lambda g, d: f"{g.b('partition')} (x: x > 2) {g.int_list(d)}",
    lambda g, d: f"{g.b('parseDrvName')} {g.arg(STRING, d)}",
    lambda g, d: f"{g.b('tryEval')} {g.atom(g.any_type(), d)}",
    lambda g, d: f"{g.b('functionArgs')} {g.rng.choice(('({ a, b ? 1, ... }: a)', '(x: x)', '({ }: 1)', g.b('map')))}",
    lambda g, d: f"{g.b('getContext')} {g.arg(STRING, d)}",
    lambda g, d: f"{g.b('fromJSON')} {g.rng.choice(FROM_JSON_DOCS)}",
    lambda g, d: f"{g.b('fromTOML')} {g.rng.choice(TOML_DOCS)}",
    lambda g, d: f"{g.b('unsafeGetAttrPos')} {g.arg(STRING, d)} {g.arg(SET, d)}",
    lambda g, d: f"{g.b('derivationStrict')} {{ name = \"s\"; builder = \"/bin/sh\"; system = \"x86_64-linux\"; }}",
    lambda g, d: f"{g.b('getContext')} ({g.b('appendContext')} \"x\" {{ }})",
    lambda g, d: f"{{ inherit ({g.arg(SET, d)}) {' '.join(g.rng.sample(IDENT_POOL, 2))}; }}",
]


def set_builtin(g: ProgramGenerator, t: str, d: int) -> str:
    return g.rng.choice(SET_BUILTINS)(g, d)


# -- the tables -------------------------------------------------------------------------

Production = Callable[[ProgramGenerator, str, int], str]

TYPED: dict[str, list[tuple[int, Production]]] = {
    INT: [(10, int_arith), (3, int_chain), (10, int_builtin), (1, int_sum_list)],
    FLOAT: [(6, float_arith), (4, float_builtin)],
    BOOL: [(5, bool_compare), (6, bool_equal), (4, bool_logic), (2, bool_chain), (8, bool_builtin)],
    STRING: [(5, str_interp), (4, str_concat), (18, str_builtin), (2, str_match)],
    NULL: [(3, null_builtin)],
    PATH: [(4, path_builtin)],
    LIST: [(6, list_literal), (3, list_concat), (14, list_builtin)],
    SET: [(8, set_literal), (4, set_update), (12, set_builtin)],
    LAMBDA: [(5, lambda_literal), (3, lambda_builtin)],
}

LEAVES: dict[str, Callable[[ProgramGenerator], str]] = {
    INT: ProgramGenerator.int_literal,
    FLOAT: ProgramGenerator.float_literal,
    BOOL: lambda g: g.rng.choice(("true", "false")),
    STRING: ProgramGenerator.string_literal,
    NULL: lambda g: "null",
    PATH: ProgramGenerator.path_literal,
    LIST: lambda g: g.rng.choice(("[ ]", "[ 1 2 3 ]", '[ "a" ]', "[ null [ ] { } ]", "[ 1.5 true ]")),
    SET: lambda g: g.rng.choice(("{ }", "{ a = 1; }", '{ x = "y"; b = [ ]; }', "{ a.b.c = null; }", '{ "a b" = 1; }')),
    LAMBDA: lambda g: g.rng.choice(("(x: x + 1)", "(x: x * 2)", "(x: 0)", "(x: -x)")),
}

FROM_JSON_INTS = ('"42"', '"-7"', '"9223372036854775807"', '" 1 "', '"1e2"', '"01"', '"true"')
FROM_JSON_FLOATS = ('"1.5"', '"-0.25e2"', '"1E400"', '"0.1"', '"3.0"', '"2e-3"')
FROM_JSON_LISTS = ('"[1, 2.5, \\"x\\", null, true, []]"', '"[]"', '"[{\\"a\\": [1]}]"', '"[1,]"')
FROM_JSON_DOCS = ('"{\\"a\\": 1, \\"b\\": [true, null], \\"c\\": {\\"d\\": \\"e\\"}}"', '"{}"',
                  '"{\\"a\\": 1, \\"a\\": 2}"', '"{\\"u\\": \\"\\\\u00e9\\\\n\\\\t\\\\\\"\\"}"',
                  '"{\\"x\\": 1.0, \\"y\\": 1e3}"', '"{\\"bad\\": }"', '"\\"str\\""', '"{\\"\\": 0}"')
TOML_DOCS = ('"n = 1"', '"a = \\"x\\"\\nb = [1, 2]\\n[t]\\nc = true"', '"[a.b]\\nc = 1"', '"x = 1979-05-27"',
             '"s = \'\'\'\\nl\'\'\'"', '"n = 0x1f"', '"bad ="', '"[[arr]]\\nk = 1\\n[[arr]]\\nk = 2"',
             '"f = 1.5\\ni = -3"', '"\\"quoted key\\" = 1"', '"n = 1\\nn = 2"', '""')
