"""Where CppNix 2.8, which recorded the corpus, and current CppNix differ: pynix follows current CppNix.

Each class is listed once, with its reason, how its cases are compared and
the rule that recognises it (see `compare.py`). The test reports how many
cases each class covers and fails if a class covers none. Sources for
current CppNix: the language tests in `../shared/conformance` (`.err.exp`,
`.exp`) and CppNix's `src/libexpr` (print.cc, primops.cc, eval.cc,
parser.y, value-to-json.cc) at the corpus's commit.

Error lines are compared exactly unless a class below says otherwise; the
`wording` classes translate 2.8's line into the current one, with the value
current CppNix appends (`: 1`) matched by `.*`.
"""

from __future__ import annotations

import re

from .compare import Difference, accept, canonical, rewrite, wording
from .corpus import Outcome

NEWER_BUILTINS = ("warn", "convertHash", "traceVerbose", "break", "readFileType", "addDrvOutputDependencies",
                  "flakeRefToString", "parseFlakeRef", "fetchClosure", "getFlake", "outputOf")
"""Builtins newer than CppNix 2.8 (which answers "attribute missing" for them)."""

TOKENS = {"ID": "identifier", "STR": "string", "IND_STR": "indented string", "INT": "integer",
          "INT_LIT": "integer", "FLOAT": "floating-point literal", "PATH": "path", "HPATH": "'~/…' path",
          "SPATH": "'<…>' path", "PATH_END": "end of path", "URI": "URI", "IF": "'if'", "THEN": "'then'",
          "ELSE": "'else'", "ASSERT": "'assert'", "WITH": "'with'", "LET": "'let'", "IN": "'in'", "REC": "'rec'",
          "INHERIT": "'inherit'", "EQ": "'=='", "NEQ": "'!='", "LEQ": "'<='", "GEQ": "'>='", "UPDATE": "'//'",
          "CONCAT": "'++'", "AND": "'&&'", "OR": "'||'", "IMPL": "'->'", "OR_KW": "'or'",
          "DOLLAR_CURLY": "'${'", "IND_STRING_OPEN": "start of an indented string",
          "IND_STRING_CLOSE": "end of an indented string", "ELLIPSIS": "'...'", "$end": "end of file"}
"""CppNix 2.8's bison token names → the names current CppNix's parser.y gives them."""


RESERVED = ("if", "then", "else", "assert", "with", "let", "in", "rec", "inherit")


def quote_selected_name(m: re.Match[str]) -> str:
    """`attribute 'NAME' missing` with NAME as CppNix's printIdentifier writes it."""
    name = m.group(1)
    if name.startswith('"') or (re.fullmatch(r"[A-Za-z_][A-Za-z0-9_'-]*", name) and name not in RESERVED):
        return m.group()
    return "attribute '\"" + name.replace("\\", "\\\\").replace('"', '\\"') + "\"' missing"


OVERFLOW = re.compile(r"error: integer overflow in (adding|subtracting|multiplying|dividing) (-?\d+) [-+*/] (-?\d+)")


def overflows(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """pynix stopped at an operation whose exact result does not fit in 64 bits."""
    m = OVERFLOW.fullmatch(py.error)
    if py.ok or m is None:
        return False
    a, b = int(m.group(2)), int(m.group(3))
    result = {"adding": a + b, "subtracting": a - b, "multiplying": a * b,
              "dividing": -a if b == -1 else 0}[m.group(1)]
    return not -2**63 <= result < 2**63


def names_newer_builtin(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """The program uses a builtin 2.8 lacks, and 2.8 failed for that reason."""
    missing = re.search(r"(?:attribute|variable) '(?:__)?(\w+)' (?:missing|undefined)|undefined variable '(?:__)?(\w+)'",
                        nix.error)
    return not nix.ok and missing is not None and (missing.group(1) or missing.group(2)) in NEWER_BUILTINS


def rejects_nul(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    return "cannot be represented as Nix string because it contains null bytes" in py.error


def rejects_output_name(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    return re.fullmatch(r"error: invalid derivation output name '(drvPath|)'", py.error) is not None


def memoised_trace(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """2.8 traced again when a failed thunk was forced again; pynix's trace is 2.8's without the repeats."""
    return (nix.ok, nix.out, nix.error) == (py.ok, py.out, py.error) and \
        list(dict.fromkeys(nix.trace)) == list(py.trace) and len(py.trace) < len(nix.trace)


def reorders_bindings(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """The same assertion text up to the order of its bindings."""
    pattern = r"error: assertion '(.*)' failed"
    a, b = re.fullmatch(pattern, nix.error), re.fullmatch(pattern, py.error)
    def parts(text: str) -> list[str]:
        return sorted(re.split(r"; |\(let ", text.replace(" ;", ";")))
    return a is not None and b is not None and parts(a.group(1)) == parts(b.group(1))


def points_at_inherited_name(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """2.8 placed an inherited attribute before its name (where the white space starts)."""
    pattern = r"(error: attribute '.+' already defined at «string»:\d+:)(\d+)"
    a, b = re.fullmatch(pattern, nix.error), re.fullmatch(pattern, py.error)
    return "inherit" in program and a is not None and b is not None and a.group(1) == b.group(1) and \
        int(a.group(2)) < int(b.group(2))


def shortens_duplicate_path(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """2.8 named the whole attribute path; current CppNix names it up to the attribute that clashes."""
    pattern = r"error: attribute '(.+)' already defined at (.+)"
    a, b = re.fullmatch(pattern, nix.error), re.fullmatch(pattern, py.error)
    return a is not None and b is not None and a.group(2) == b.group(2) and \
        a.group(1).startswith(b.group(1) + ".")


def forces_attributes_in_another_order(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """Both fail where a deep forcing meets one of two failures first: 2.8 forced a set's attributes in address
    order. 2.8's failure must be one the program spells out (a thrown message, a missing attribute)."""
    if mode == "lazy" or nix.ok or py.ok or nix.error == py.error:
        return False
    missing = re.fullmatch(r"error: attribute '(.+)' missing", nix.error)
    if missing is not None:
        return re.search(r"(?<![\w'-])" + re.escape(missing.group(1)) + r"(?![\w'-])", program) is not None
    return nix.error.startswith("error: ") and f'"{nix.error[7:]}"' in program


ARGUMENT_ORDER = [
    ("sort", r"value is .+ while a function was expected", r"expected a list but found .+"),
    ("filter", r"value is .+ while a function was expected", r"expected a list but found .+"),
    ("substring", r".+", r"negative start position in 'substring'"),
    ("genericClosure", r".+", r"expected a function but found .+"),
    ("derivation", r".+", r"invalid derivation name: .+"),
]
"""(builtin, 2.8's error, current CppNix's error) where current CppNix checks another argument first."""


FUNCTION_FIRST = ("map", "filter", "sort", "foldl'", "concatMap", "all", "any", "genList", "mapAttrs",
                  "zipAttrsWith", "groupBy", "partition", "genericClosure")
"""Builtins that current CppNix checks to have been given a function before using it (forceFunction)."""


THROWN_FUNCTION = re.compile(r"(?<![\w'])(?:__|builtins\.)?(?:" + "|".join(map(re.escape, FUNCTION_FIRST)) +
                             r")\s*\((?:builtins\.)?throw \"([^\"]*)\"\)")


def checks_function_first(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """pynix (as current CppNix) forces a builtin's function argument that 2.8 would only have called later: it
    is not a function, or it is a `throw`."""
    if not (nix.ok or nix.error.startswith("error: attempt to call something which is not a function")):
        return False
    if any(py.error == f"error: {m.group(1)}" for m in THROWN_FUNCTION.finditer(program)):
        return True
    return re.fullmatch(r"error: expected a function but found .+", py.error) is not None and \
        any(re.search(r"(?<![\w'])(?:__)?" + re.escape(name) + r"(?![\w'])", program) for name in FUNCTION_FIRST)


UNDEFINED_VARIABLE = re.compile(r"error: undefined variable '(.+)'")


def with_variable_thunked(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """2.8 failed on an undefined variable of a `with` scope where pynix, as current CppNix, went on (or failed
    for another reason first): current CppNix makes a thunk of such a variable in argument position."""
    m = UNDEFINED_VARIABLE.fullmatch(nix.error)
    return (not nix.ok and m is not None and re.search(r"(?<![\w'-])with(?![\w'-])", program) is not None
            and py.error != nix.error)


def checks_arguments_in_another_order(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """Both fail, each as its version checks first; or with the same error, 2.8 having forced (and traced) an
    argument before."""
    if nix.ok or py.ok:
        return False
    if nix.error == py.error:
        return any(name in program for name, _, _ in ARGUMENT_ORDER) and len(py.trace) < len(nix.trace) and \
            all(line in nix.trace for line in py.trace)
    return any(name in program and re.fullmatch("error: " + old, nix.error) and re.fullmatch("error: " + new, py.error)
               for name, old, new in ARGUMENT_ORDER)


def merges_dynamic_attributes(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """A set defined twice, one definition with dynamic attributes: 2.8 dropped those."""
    names = re.findall(r"(?<![\w'.-])([A-Za-z_][\w'-]*)\s*=\s*\{", program)
    return nix.ok and py.ok and "${" in program and len(names) != len(set(names))


def replaces_lazily(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """2.8 forced every replacement string up front; current CppNix forces those it uses (under `tryEval`,
    2.8's failure is a `success = false` where pynix succeeds)."""
    if "replaceStrings" not in program:
        return False
    if not nix.ok:
        return py.ok or py.error != nix.error
    return "tryEval" in program and py.ok and "success = false" in nix.out and "success = false" not in py.out


def substring_large_bounds(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """2.8 did arithmetic on start and length in too few bits; large ones overflowed or were cut short."""
    return py.ok and "substring" in program and re.search(r"\d{10,}", program) is not None


def pipe_operator(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    return ("|>" in program or "<|" in program) and nix.error.startswith("error: syntax error, unexpected invalid token") \
        and py.error.startswith("error: experimental Nix feature 'pipe-operators' is disabled")


def toml_integer_range(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    return "fromTOML" in program and "too large integer" in py.error


def float_to_int_range(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    return re.fullmatch(r"error: NixFloat argument .+ is not in the range of NixInt", py.error) is not None


def null_position(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """Code that uses a position (null now, outside files) fails, or takes its `or` default, where 2.8 had a set."""
    if "unsafeGetAttrPos" not in program and "__curPos" not in program:
        return False
    return py.error == "error: expected a set but found null: null" or \
        (py.ok and re.search(r"\)\.(line|column|file) or ", program) is not None)


FLOAT = re.compile(r"(?<![\w.])-?(?:\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?![\w.])")
NON_FINITE = re.compile(r"(?<![\w.])-?(?:inf|nan)(?![\w.])")


def six_digits(text: str) -> str:
    """Every float in `text` written with 6 significant digits, as 2.8 wrote floats in JSON, and infinities and
    NaN as null, as nlohmann::json writes them."""
    return NON_FINITE.sub("null", FLOAT.sub(lambda m: format(float(m.group()), ".6g"), text))


def writes_json(program: str, mode: str) -> bool:
    return mode == "json" or "toJSON" in program


DIFFERENCES: list[Difference] = [
    Difference(
        "trace-thunk-printing",
        "`trace` prints an unevaluated value as «thunk» (print.cc printThunk); 2.8 printed <CODE> (nix-instantiate's "
        "own output still does: print-ambiguous.cc)",
        "trace lines, <CODE> read as «thunk»",
        rewrite(r"<CODE>", "«thunk»", fields=("trace",))),
    Difference(
        "keyword-attribute-names",
        "attribute names that are keywords print quoted, `\"with\" = 1` (print.cc printIdentifier); 2.8 left some "
        "bare",
        "output and error line, 2.8's bare keyword names read quoted",
        rewrite(r"(?<=[{;] )(if|then|else|assert|with|let|in|rec|inherit)(?= = )"
                r"|(?<=attribute ')(if|then|else|assert|with|let|in|rec|inherit)(?=[.'])",
                lambda m: f'"{m.group(1) or m.group(2)}"', fields=("out", "trace", "error"))),
    Difference(
        "missing-attribute-quoting",
        "`{ }.\"a b\"` fails with `attribute '\"a b\"' missing`, the name written by printIdentifier (eval.cc "
        "ExprSelect); 2.8 wrote the name bare when selecting (not for getAttr)",
        "error line, 2.8's bare names read quoted",
        rewrite(r"attribute '(.*)' missing", quote_selected_name, fields=("error",))),
    Difference(
        "positions-outside-files",
        "positions exist only for files: unsafeGetAttrPos and __curPos give null for --expr text (eval.cc mkPos); "
        "2.8 gave a set naming the whole text as the file",
        "output, 2.8's position sets read as null",
        rewrite(r'\{ column = \d+; file = "(?:[^"\\]|\\.)*"; line = \d+; \}'
                r'|\{"column":\d+,"file":"(?:[^"\\]|\\.)*","line":\d+\}', "null")),
    Difference(
        "dollar-escaping",
        "a printed string escapes `$` only before `{` (print.cc printLiteralString); 2.8 escaped every `$`",
        "output, 2.8's \\$ read as $ except in \\${",
        rewrite(r"\\\$(?!\{)", "$", modes=("lazy", "strict"), fields=("out", "trace"))),
    Difference(
        "dollar-escaping-in-errors",
        "the same in error lines, which name attributes like `\"$\"` whatever the output mode",
        "error line, 2.8's \\$ read as $ except in \\${",
        rewrite(r"\\\$(?!\{)", "$", fields=("error",))),
    Difference(
        "expression-origin",
        "positions in --expr text are named «string»; 2.8 wrote (string)",
        "error line, (string) read as «string»",
        rewrite(r"\(string\)", "«string»", fields=("error",))),
    Difference(
        "parser-token-names",
        "syntax errors name tokens as parser.y's aliases ('//', identifier); 2.8 printed bison's names (UPDATE, ID)",
        "error line, token names translated",
        rewrite(r"\b(unexpected|expecting|or) ([A-Z_$][A-Za-z_]*)\b",
                lambda m: f"{m.group(1)} {TOKENS.get(m.group(2), m.group(2))}", fields=("error",))),
    Difference(
        "type-error-wording",
        "type errors read `expected a set but found an integer: 1` (eval.cc); 2.8: `value is an integer while a set "
        "was expected`",
        "error line, translated",
        wording(r"error: value is (.+) while (.+) was expected", r"error: expected {2} but found {1}(: .*)?")),
    Difference(
        "value-in-error-wording",
        "coercion, comparison and call errors end with the value(s) concerned (`: 1`, `; values are ...`); 2.8 "
        "stopped before",
        "error line, translated",
        wording(r"error: (cannot coerce .+ to a string|cannot compare .+ with .+|attempt to call something which "
                r"is not a function but .+)", r"error: {1}(: |; values ).*")),
    Difference(
        "builtin-function-argument-wording",
        "a builtin given something else where it needs a function fails with `expected a function but found a set: "
        "...` under `while evaluating the first argument passed to builtins.filterSource` (primops.cc "
        "forceFunction; corpus case eval-fail-filterSource-3); 2.8: `first argument in call to 'filterSource' is "
        "not a function but a set`",
        "error line, translated",
        wording(r"error: (?:first|second|third) argument in call to '.+' is not a function but (.+)",
                r"error: expected a function but found {1}(: .*)?")),
    Difference(
        "with-variable-thunked",
        "a variable from a `with` scope in a lazy position (an argument, a binding) is always a thunk, looked up when "
        "forced (eval-inline.hh lookupVar's early exit when not evaluating); 2.8 looked it up at once once the `with` "
        "scope had been used, failing with `undefined variable` before the function or value it was for",
        "pynix's outcome taken where 2.8 failed on an undefined variable",
        accept(with_variable_thunked)),
    Difference(
        "function-checked-first",
        "map, filter, foldl' and the like check that their function argument is one before using it: `expected a "
        "function but found an integer: 1`, or forcing a `throw` given as the function (primops.cc forceFunction); "
        "2.8 called it when it needed to, failing with `attempt to call something which is not a function` or "
        "not at all (a lazy list of calls, a length)",
        "pynix's error line recognised",
        accept(checks_function_first)),
    Difference(
        "argument-error-wording",
        "missing or unexpected formal arguments: `function 'f' called without required argument 'x'` (eval.cc); "
        "2.8: `'f' at pos called ...` or `anonymous function at pos called ...`",
        "error line, translated",
        wording(r"error: (?:anonymous function|'(.+)') at \S+ (called with(?:out required)?(?: unexpected)? argument "
                r"'.+')", r"error: function '({1}|anonymous lambda)' {2}")),
    Difference(
        "missing-argument-choice",
        "with several formal arguments missing, current CppNix names the first in its symbol order; 2.8 ordered "
        "them by address, so which one it named is arbitrary",
        "error line, translated, any missing argument's name",
        wording(r"error: (?:anonymous function|'(.+)') at \S+ called without required argument '.+'",
                r"error: function '({1}|anonymous lambda)' called without required argument '.+'")),
    Difference(
        "attribute-missing-wording",
        "a builtin's missing attribute reads `attribute 'name' missing` (eval.cc getAttr); 2.8: `... missing for "
        "call to 'listToAttrs'` or `attribute 'key' required`",
        "error line, translated",
        wording(r"error: attribute '(.+)' (?:missing for call to '.+'|required)", r"error: attribute '{1}' missing")),
    Difference(
        "list-bounds-wording",
        "head, tail and elemAt name themselves: `'builtins.head' called on an empty list`, `'builtins.elemAt' "
        "called with index 3 on a list of size 2` (primops.cc); 2.8: `list index 3 is out of bounds`, the index "
        "cut to 32 bits (`builtins.elemAt [ ] (-9223372036854775807)`: 2.8 says index 1), so it is not compared",
        "error line, translated",
        wording(r"error: list index (-?\d+) is out of bounds",
                r"error: '(builtins\.(head|tail)' called on an empty list|builtins\.elemAt' called with index -?\d+ "
                r"on a list of size \d+)")),
    Difference(
        "empty-list-wording",
        "tail names itself in full, `'builtins.tail' called on an empty list` (primops.cc); 2.8: `'tail' called "
        "on an empty list`",
        "error line, translated",
        wording(r"error: '(head|tail)' called on an empty list", r"error: 'builtins\.{1}' called on an empty list")),
    Difference(
        "derivation-name-wording",
        "an invalid derivation name reads `invalid derivation name: name '~x~' contains illegal character '~'. "
        "Please pass a different 'name'.` (primops.cc checkDerivationName); 2.8: `store path '...-~x~' contains "
        "illegal character '~'`",
        "error line, translated",
        wording(r"error: store path '[a-z0-9]{32}-(.+)' contains illegal character '(.)'",
                r"error: invalid derivation name: name '{1}' contains illegal character '{2}'\. Please pass a "
                r"different 'name'\.")),
    Difference(
        "stack-overflow-wording",
        "exceeding the call depth is `stack overflow; max-call-depth exceeded` (a setting since 2.23); 2.8 relied "
        "on the C stack: `stack overflow (possible infinite recursion)`",
        "error line, translated",
        wording(r"error: stack overflow \(possible infinite recursion\)",
                r"error: stack overflow; max-call-depth exceeded")),
    Difference(
        "missing-path-wording",
        "a path that does not exist: `path '/x' does not exist`; 2.8: `getting status of '/x': No such file or "
        "directory` (or `opening file '/x': ...`)",
        "error line, translated",
        wording(r"error: (?:getting status of|opening file) '(.+)': No such file or directory",
                r"error: path '{1}' does not exist")),
    Difference(
        "replaceStrings-wording",
        "`'from' and 'to' arguments passed to builtins.replaceStrings have different lengths` (primops.cc); 2.8: "
        "`... arguments to 'replaceStrings' have ...`",
        "error line, translated",
        wording(r"error: 'from' and 'to' arguments to 'replaceStrings' have different lengths",
                r"error: 'from' and 'to' arguments passed to builtins\.replaceStrings have different lengths")),
    Difference(
        "hash-algorithm-wording",
        "an unknown hash algorithm lists the known ones, blake3 among them (conformance eval-fail-hashString)",
        "error line, translated",
        wording(r"error: unknown hash algorithm '(.*)'", r"error: unknown hash algorithm '{1}', expect .*")),
    Difference(
        "equality-assertion-wording",
        "a failed `assert a == b` explains how a and b differ (eval.cc assertEqValues, 2.24); 2.8 printed the "
        "condition",
        "both error, pynix's line an explanation of inequality (2.8's shows no values)",
        wording(r"error: assertion '(\(.* == .*\))' failed",
                r"error: (assertion '{1}' failed|.*(is not equal to|differs from|compare as unequal).*)")),
    Difference(
        "toml-error-wording",
        "fromTOML errors read `while parsing TOML: ...` (primops/fromTOML.cc) with toml11 4's messages; 2.8: "
        "`while parsing a TOML string: ...` with toml11 3's",
        "error line, translated: Nix's own messages exactly, the parser's as both error",
        wording(r"error: while parsing a TOML string: (?:(Dates and times are not supported)|\[error\] .*)",
                r"error: while parsing TOML: (?:{1}|.*)")),
    Difference(
        "json-float-format",
        "toJSON and --json write floats with nlohmann::json (shortest round trip, `100.0`, infinity as null); 2.8 "
        "used 6 significant digits and wrote `inf`",
        "output, floats compared to 6 significant digits",
        canonical(six_digits, writes_json)),
    Difference(
        "integer-overflow",
        "integer overflow is an error, `integer overflow in adding a + b` (2.24); 2.8 wrapped around",
        "pynix's error checked: the operation's exact result does not fit in 64 bits",
        accept(overflows)),
    Difference(
        "newer-builtins",
        "builtins added after 2.8 (warn, convertHash, addDrvOutputDependencies, ...); 2.8 has no such attribute",
        "not compared: 2.8 cannot tell",
        accept(names_newer_builtin)),
    Difference(
        "nul-bytes",
        "strings cannot hold NUL bytes: `input string 'a␀b' cannot be represented as Nix string because it "
        "contains null bytes` (conformance eval-fail-fromTOML-*-nul); 2.8 cut the string short",
        "pynix's error line recognised",
        accept(rejects_nul)),
    Difference(
        "derivation-output-names",
        "`drvPath` is not a valid derivation output name (conformance eval-fail-derivation-name-drvPath); 2.8 "
        "accepted it",
        "pynix's error line recognised",
        accept(rejects_output_name)),
    Difference(
        "assertion-binding-order",
        "an assertion's text lists bindings sorted by name and writes `inherit x;` (nixexpr.cc showBindings); 2.8 "
        "in symbol order, with `inherit x ;`",
        "error line, the same bindings in any order",
        accept(reorders_bindings)),
    Difference(
        "duplicate-inherit-position",
        "a duplicate attribute's first definition by `inherit` is placed at its name; 2.8 placed it at the white "
        "space before (conformance parse-fail-dup-attrs-7)",
        "error line, the same but for a later column",
        accept(points_at_inherited_name)),
    Difference(
        "duplicate-path-prefix",
        "`{ a = 1; a.b = 2; }` reports `attribute 'a'` (parser-state.hh addAttr truncates the path); 2.8 named "
        "`a.b`",
        "error line, pynix's path a prefix of 2.8's",
        accept(shortens_duplicate_path)),
    Difference(
        "argument-check-order",
        "sort and filter check their list before their function, substring the sign of start before the length, genericClosure "
        "that operator is a function (before any key), derivationStrict the name before the builder (primops.cc); 2.8 in other "
        "orders",
        "both error, each side's line recognised",
        accept(checks_arguments_in_another_order)),
    Difference(
        "deep-forcing-order",
        "--strict and deepSeq force a set's attributes in the set's order (symbols by creation, eval.cc "
        "forceValueDeep); 2.8 ordered them by address, so which of two failures came first is arbitrary",
        "both error, 2.8's error spelt out in the program (a missing attribute, a thrown message)",
        accept(forces_attributes_in_another_order)),
    Difference(
        "merged-dynamic-attributes",
        "`a = { x = 1; }; a = { ${\"y\"} = 2; };` merges both into `a` (conformance eval-okay-merge-dynamic-attrs); "
        "2.8 dropped the dynamic attributes",
        "pynix's output taken where a set is defined twice with dynamic attributes",
        accept(merges_dynamic_attributes)),
    Difference(
        "empty-error-message",
        "an error with an empty message (`throw \"\"`) prints `error:`; 2.8 printed an empty line",
        "pynix's error line `error:` where 2.8's was empty",
        accept(lambda program, mode, nix, py: not nix.ok and nix.error == "" and py.error == "error:")),
    Difference(
        "replaceStrings-lazy-replacements",
        "replaceStrings forces a replacement string only when its pattern matches (primops.cc); 2.8 forced them all "
        "first",
        "not compared where 2.8 failed forcing a replacement (or `tryEval` caught that failure)",
        accept(replaces_lazily)),
    Difference(
        "substring-large-bounds",
        "a start beyond the end gives \"\", a length beyond it the rest (primops.cc prim_substring, unsigned and "
        "clamped); 2.8 overflowed or truncated large starts and lengths",
        "pynix's result taken where the program's substring is given a number of 10 or more digits",
        accept(substring_large_bounds)),
    Difference(
        "pipe-operators",
        "`|>` and `<|` are tokens behind an experimental feature (lexer.l); 2.8 did not know them",
        "both error, each side's line recognised",
        accept(pipe_operator)),
    Difference(
        "toml-integer-range",
        "fromTOML rejects integers beyond 64 bits (toml11 4; conformance eval-fail-fromTOML-overflow); 2.8 wrapped",
        "pynix's error line recognised",
        accept(toml_integer_range)),
    Difference(
        "float-to-int-range",
        "ceil and floor fail for results beyond 64 bits, `NixFloat argument 1e+20 is not in the range of NixInt` "
        "(primops.cc); 2.8 wrapped",
        "pynix's error line recognised",
        accept(float_to_int_range)),
    Difference(
        "null-positions-used",
        "code that selects from a position fails now that positions outside files are null (eval.cc mkPos)",
        "pynix's error line recognised",
        accept(null_position)),
    Difference(
        "memoised-errors",
        "a thunk that failed re-raises its error when forced again without evaluating again (2.34; conformance "
        "eval-okay-memoised-error); 2.8 evaluated again, tracing again",
        "output and error compared; traces compared without 2.8's repeats",
        accept(memoised_trace, trace=True)),
]
