"""Open pynix bugs the corpus finds, as classes with a rule that recognises their cases (see `compare.py`).

Corpus cases of these classes are listed in `xfail.txt` (`case-id  class`),
strictly: a listed case that agrees with CppNix fails the test until it is
removed. `triage.py` uses the rules to name the class of each difference it
prints, and the live test tolerates differences they recognise (it reports
them). A class goes when its bug is fixed and its cases are off the list.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pynix.vm.errors import for_stderr

from .compare import Difference, accept
from .corpus import Outcome

MISSING_GLOBAL = re.compile(r"error: (undefined variable '(fromTOML|derivationStrict|placeholder|fetch\w+)'"
                            r"|attribute '(true|false|null)' missing)")


def lacks_global(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    if MISSING_GLOBAL.fullmatch(py.error):
        return True
    if re.fullmatch(r"error: undefined variable '__(fromTOML|derivationStrict|placeholder|fetch\w+)'", nix.error):
        return py.error != nix.error  # pynix still binds the __ alias of what CppNix binds as a global name
    return "builtins)" in program and "intersectAttrs" in program and '"true"' in nix.out and '"true"' not in py.out


LAZY_ARGUMENT = re.compile(r"(?<![\w'])(?:__)?(?:map|genList|mapAttrs|zipAttrsWith|concatMap|filter|sort|foldl'|all|any|"
                           r"groupBy|partition|listToAttrs)\s*\((?:builtins\.)?throw (\"[^\"]*\")\)")


def forces_function_early(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """A builtin forces an argument CppNix leaves alone (or forces later): pynix fails with the message of a
    `throw` given as a function, or traces more before the same result."""
    if nix.ok and not py.ok and any(py.error == f"error: {m.group(1)[1:-1]}" for m in LAZY_ARGUMENT.finditer(program)):
        return True
    return (nix.ok, nix.out, nix.error) == (py.ok, py.out, py.error) and len(py.trace) > len(nix.trace) and \
        _subsequence(nix.trace, py.trace)


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    rest = iter(long)
    return all(line in rest for line in short)


def identity_shortcut(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    return not nix.ok and py.ok and re.search(r"(\b[\w'-]+|\[ [\w'-]+ \]) (==|!=) \1(?![\w'-])", program) is not None


ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


def printing(program: str, mode: str, nix: Outcome, py: Outcome) -> tuple[Outcome, Outcome] | None:
    """trace quotes a string, `or` prints quoted as an attribute name: pynix's side read as CppNix prints.

    CppNix traces a string as it is, so only its first line is in the trace lines recorded."""
    def unquote(line: str) -> str:
        m = re.fullmatch(r'trace: "((?:[^"\\]|\\.)*)"', line)
        if m is None:
            return line
        text = re.sub(r"\\(.)", lambda e: ESCAPES.get(e.group(1), e.group(1)), m.group(1))
        return for_stderr("trace: " + text).split("\n")[0].rstrip()

    def fix(text: str) -> str:
        return re.sub(r"""(?<=[{;] )"or"(?= =)|(?<=attribute ')"or"(?=')""", "or", text)
    return nix, replace(py, out=fix(py.out), error=fix(py.error), trace=tuple(fix(unquote(t)) for t in py.trace))


def json_unicode(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """fromJSON of a lone surrogate: CppNix rejects it, pynix makes a string of it (or fails inside)."""
    return "fromJSON" in program and "surrogate" in nix.error and py.error != nix.error


def json_error_message(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """A fromJSON syntax error: CppNix words it as nlohmann::json does, pynix as Python's json module."""
    return nix.error.startswith("error: [json.exception.parse_error") and py.error.startswith("error: while parsing JSON")


QUOTED_NAME = re.compile(r"""(?<=attribute ')"((?:[^"\\]|\\.)*)"(?=[.'])|"((?:[^"\\]|\\.)*)"(?= = )""")


def identifier_quoting(program: str, mode: str, nix: Outcome, py: Outcome) -> tuple[Outcome, Outcome] | None:
    """Error lines name attributes bare where CppNix quotes them: CppNix's side read bare."""
    if nix.ok or py.ok or not QUOTED_NAME.search(nix.error):
        return None
    return replace(nix, error=QUOTED_NAME.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2),
                                              nix.error)), py


def indented_interpolation(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """An indented string whose `${` does not parse: CppNix reports it, pynix keeps the text."""
    return "''" in program and "${" in program and nix.error.startswith("error: syntax error") and py.ok


def eager(nix_text: str, py_text: str) -> bool:
    """`py_text` is `nix_text` with values where CppNix printed an unevaluated value (`<CODE>` or «thunk»)."""
    parts = re.split(r"<CODE>|«thunk»", nix_text)
    if len(parts) == 1:
        return False
    return re.fullmatch(".+?".join(re.escape(part) for part in parts), py_text) is not None


def eager_literals(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    if nix.ok != py.ok or nix.error != py.error or len(nix.trace) != len(py.trace):
        return False
    pairs = [(nix.out, py.out)] + list(zip(nix.trace, py.trace))
    return all(a == b or eager(a, b) for a, b in pairs) and any(a != b for a, b in pairs)


BUGS: list[Difference] = [
    Difference("missing-globals", "fromTOML, derivationStrict, placeholder, fetch* are not global names; "
               "builtins.true/false/null are missing (branch defects, class 1)", "xfail", accept(lacks_global)),
    Difference("builtin-strictness", "map, genList and others force their function before it is called "
               "(branch defects, class 2)", "xfail", accept(forces_function_early)),
    Difference("identity-equality", "`x == x` is true without forcing x at the top level (branch defects, class 3)",
               "xfail", accept(identity_shortcut)),
    Difference("printing", "trace quotes strings, `or` prints quoted as an attribute name (branch defects, class 4)",
               "xfail", printing),
    Difference("eager-literals", "non-empty list, set and function literals (and `n - 1`-like arguments) are built "
               "at once, so non-strict printing and trace show values where CppNix shows <CODE> or «thunk»", "xfail",
               accept(eager_literals, trace=True)),
    Difference("json-unicode", "fromJSON accepts lone surrogates, which fail later or print (branch defects, "
               "class 6)", "xfail",
               accept(json_unicode)),
    Difference("json-error-messages", "fromJSON syntax errors are worded by Python's json module, not as "
               "nlohmann::json words them (`[json.exception.parse_error.101] parse error at line 1, column 2: ...`)",
               "xfail", accept(json_error_message)),
    Difference("identifier-quoting", "error messages, --parse and assertion texts write attribute names that need "
               "quotes bare (`attribute 'x y' missing`, `{ a b = 1; }`); CppNix quotes them (printIdentifier). Using "
               "the value printer's attr_name there waits for its `or` fix (branch defects, class 4)", "xfail",
               identifier_quoting),
    Difference("indented-interpolation", "an invalid `${` in an indented string is kept as text instead of being a "
               "syntax error (branch defects, class 6)", "xfail", accept(indented_interpolation)),
]
