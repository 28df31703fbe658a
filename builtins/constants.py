"""The builtin constants: `true`, `false`, `null` and the `__nixVersion` family."""

from __future__ import annotations

import os
from typing import Any

from ..vm.store import STORE_DIR
from .registry import STANDARD

NIX_VERSION = "2.36.0"
"""The CppNix version whose language pynix follows (`builtins.nixVersion`)."""

LANG_VERSION = 6
"""CppNix's `builtins.langVersion`."""

for _name, _value in (("true", True), ("false", False), ("null", None)):
    STANDARD.add(_name, _value, top_level=True)


def current_system() -> str:
    """This machine as a Nix system double (`x86_64-linux`, `aarch64-darwin`, ...)."""
    uname = os.uname()
    machine = uname.machine.lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64", "i386": "i686"}.get(machine, machine)
    return f"{machine}-{uname.sysname.lower()}"


def evaluator_constants(search_path: list[tuple[str, str]], pure: bool, now: int | None) -> dict[str, Any]:
    """The constants that depend on the evaluator, each global as `__name`.

    Pure evaluation leaves out the impure ones, as CppNix does; `currentTime` is `now` (left out if None).
    """
    constants: dict[str, Any] = {
        "nixVersion": NIX_VERSION,
        "langVersion": LANG_VERSION,
        "storeDir": STORE_DIR,
        "nixPath": [{"prefix": p, "path": path} for p, path in search_path],
    }
    if not pure:
        constants["currentSystem"] = current_system()
        if now is not None:
            constants["currentTime"] = now
    return constants
