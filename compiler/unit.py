"""The output of compiling one Nix file, as the compile cache stores it and the runtime loads it."""

from __future__ import annotations

from typing import Any


class CompiledUnit:
    """The result of compiling one file: a Python code object and the data it needs at load time."""

    __slots__ = ("code", "consts", "lambdas", "globals_used", "calls", "gen_code")

    def __init__(self, code: Any, consts: dict[str, tuple[str, Any]] | None = None,
                 lambdas: dict[str, tuple] | None = None, globals_used: dict[str, str] | None = None,
                 gen_code: Any = None, calls: dict[str, tuple[str, int]] | None = None) -> None:
        self.code = code
        """The plain form (see `compiler/plain.py`)."""
        self.gen_code = gen_code
        """The same code in generator form (or cut body by body as the compile cache keeps it, see
        `vm.plain.split_twins`), where the twins come from; None when the plain form is all there is (stats
        mode)."""
        self.consts = {} if consts is None else consts
        """Global name → (kind, data): materialised into the module's globals when loaded."""
        self.lambdas = {} if lambdas is None else lambdas
        """Parameter name of each Nix lambda → (name, position, Nix parameter name, formals, ellipsis)."""
        self.globals_used = {} if globals_used is None else globals_used
        """Python name → Nix global name referenced by the code."""
        self.calls = {} if calls is None else calls
        """Python name → (a global or a global's attribute, `map` or `builtins.div`; a number of arguments):
        what the plain form calls to call that function with that many arguments (`runtime.direct_call`)."""
