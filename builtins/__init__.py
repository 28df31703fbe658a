from .registry import STANDARD, BuiltinTable, builtin

from . import (  # noqa: F401  (registering the builtins)
    attrs, constants, context, core, debug, derivations, fetchers, flakeref, flakes, hashing, json, lists, numbers, paths, regex,
    strings, toml, xml,
)


def global_names() -> set[str]:
    """Every name of the standard global scope (of an impure evaluator)."""
    return set(STANDARD.global_scope(constants.evaluator_constants([], pure=False, now=0)))


__all__ = ["STANDARD", "BuiltinTable", "builtin", "global_names"]
