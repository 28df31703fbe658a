"""The Nix builtins, each a generator (or plain function) registered with `@builtin`."""

from . import (  # noqa: F401  (registering the builtins)
    attrs, context, core, debug, derivations, flakeref, hashing, json, lists, numbers, paths, regex, strings, toml, xml,
)
from .registry import STANDARD, BuiltinTable, builtin

CONSTANT_NAMES = ("true", "false", "null", "builtins")


def global_names() -> set[str]:
    """Every name of the standard global scope."""
    return set(STANDARD.global_scope()) | set(CONSTANT_NAMES)


__all__ = ["STANDARD", "BuiltinTable", "builtin", "global_names"]
