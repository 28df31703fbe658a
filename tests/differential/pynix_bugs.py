"""Open pynix bugs the corpus finds, as classes with a rule that recognises their cases (see `compare.py`).

Corpus cases of these classes are listed in `xfail.txt` (`case-id  class`),
strictly: a listed case that agrees with CppNix fails the test until it is
removed. `triage.py` uses the rules to name the class of each difference it
prints, and the live test tolerates differences they recognise (it reports
them). A class goes when its bug is fixed and its cases are off the list.
"""

from __future__ import annotations

import re

from .compare import Difference, accept
from .corpus import Outcome


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


def json_error_message(program: str, mode: str, nix: Outcome, py: Outcome) -> bool:
    """A fromJSON syntax error: CppNix words it as nlohmann::json does, pynix as Python's json module."""
    return nix.error.startswith("error: [json.exception.") and py.error.startswith("error: while parsing JSON")


BUGS: list[Difference] = [
    Difference("eager-literals", "non-empty list, set and function literals (and `n - 1`-like arguments) are built "
               "at once, so non-strict printing and trace show values where CppNix shows <CODE> or «thunk» "
               "(CppNix makes a thunk of every expression but variables, constants and the empty list)", "xfail",
               accept(eager_literals, trace=True)),
    Difference("json-error-messages", "fromJSON syntax errors are worded by Python's json module, not as "
               "nlohmann::json words them (`[json.exception.parse_error.101] parse error at line 1, column 2: ...`)",
               "xfail", accept(json_error_message)),
]
