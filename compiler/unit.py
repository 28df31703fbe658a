"""The output of compiling one Nix file, as the compile cache stores it and the runtime loads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CompiledUnit:
    """The result of compiling one file: a Python code object and the data it needs at load time."""

    code: Any
    consts: dict[str, tuple[str, Any]] = field(default_factory=dict)
    """Global name → (kind, data): materialised into the module's globals when loaded."""
    lambdas: dict[str, tuple] = field(default_factory=dict)
    """Parameter name of each Nix lambda → (name, position, Nix parameter name, formals, ellipsis)."""
    globals_used: dict[str, str] = field(default_factory=dict)
    """Python name → Nix global name referenced by the code."""
