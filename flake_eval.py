"""`pynix eval FLAKEREF#ATTR`: an attribute of a local flake's outputs, printed as `nix eval` prints it.

`FLAKEREF` is a path (`.`, `./dir`, `/abs`), `path:...` or `git+file://...`;
`ATTR` is looked up as `nix eval` looks it up: `packages.<system>.ATTR`,
`legacyPackages.<system>.ATTR`, then `ATTR` itself (none: the default
package). `--json`, `--raw` and `--apply EXPR` as `nix eval`; the other
options are `pynix-instantiate`'s. The `flakes` feature is enabled for it,
and, as `nix eval`, it evaluates purely unless `--impure` is given (the
flake itself is fetched first, as `nix eval` locks it).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from .cli import is_installable
from .instantiate import Options, make_evaluator, parse_args, parse_attr_path
from .vm.errors import EvalError, NixError, for_stderr

SYSTEM = "x86_64-linux"
"""The system whose packages an attribute is looked up in first (as `builtins.currentSystem`)."""


def absolute_ref(ref: str) -> str:
    """`ref` with a relative path made absolute against the working directory."""
    scheme = "path:" if ref.startswith("path:") else ""
    path = ref[len(scheme):]
    if path == "" or path.startswith("."):
        return scheme + os.path.abspath(path or ".")
    return ref


def attr_candidates(fragment: str) -> list[str]:
    """The attribute paths `nix eval` tries for `fragment`, in order."""
    if not fragment:
        return [f"packages.{SYSTEM}.default", f"defaultPackage.{SYSTEM}"]
    return [f"packages.{SYSTEM}.{fragment}", f"legacyPackages.{SYSTEM}.{fragment}", fragment]


def select(ev: Any, outputs: Any, ref: str, fragment: str) -> Any:
    """The first of `attr_candidates(fragment)` that `outputs` has, forced."""
    candidates = attr_candidates(fragment)
    for path in candidates:
        value = outputs
        for part in parse_attr_path(path):
            value = ev.force(value)
            if value.__class__ is not dict or part not in value:
                break
            value = value[part]
        else:
            return ev.force(value)
    names = ", ".join(f"'{c}'" for c in candidates[:-1]) + f" or '{candidates[-1]}'"
    raise EvalError(f"flake '{ref}' does not provide attribute {names}")


def split_options(argv: list[str]) -> tuple[str, bool, str | None, list[str]]:
    """The installable, `--raw`, `--apply EXPR`, and the options left for `pynix-instantiate`."""
    installable, raw, apply, rest = "", False, None, []
    it = iter(argv)
    for arg in it:
        if arg == "--raw":
            raw = True
        elif arg == "--apply":
            apply = next(it, None)
            if apply is None:
                rest.append(arg)  # pynix-instantiate reports the missing argument
        elif not installable and is_installable(arg):
            installable = arg
        else:
            rest.append(arg)
    return installable, raw, apply, rest


def main(argv: list[str]) -> int:
    """Entry point of `pynix eval FLAKEREF#ATTR ...`."""
    from .hosts import echo_log_to_stderr, std_streams_pass_bytes
    installable, raw, apply, rest = split_options(argv)
    o = parse_args(["--eval", "--strict", *rest])
    o.features.update(("flakes", "nix-command"))
    if o.settings.get("pure-eval") is None:
        o.pure = True
    with echo_log_to_stderr(), std_streams_pass_bytes():
        try:
            return evaluate_and_print(o, installable, raw, apply)
        except NixError as err:
            print(for_stderr(err.render(o.show_trace)), file=sys.stderr)
            return 1


def evaluate_and_print(o: Options, installable: str, raw: bool, apply: str | None) -> int:
    """Evaluate the flake output and print it (`--json`, `--raw` or as a Nix value)."""
    from .builtins.core import deep_force
    from .builtins.json import to_json
    from .vm.printer import print_value
    ref, _, fragment = installable.partition("#")
    ref = absolute_ref(ref)
    from .builtins.flakes import flake_input, load_flake
    ev = make_evaluator(o)
    flake = ev.force(ev.run(load_flake(ev.run(flake_input(ref)), lock_root=True)))
    value = select(ev, flake["outputs"], ref, fragment)
    if apply is not None:
        value = ev.call(ev.evaluate_raw(apply, os.getcwd()), value)
    if raw:
        if not isinstance(value, str):
            from .vm.values import show_type
            raise EvalError(f"expected a string but found {show_type(value)}")
        sys.stdout.write(str(value))
    elif o.json:
        print(ev.run(to_json(value)))
    else:
        ev.run(deep_force(value, counted=False))
        print(ev.run(print_value(value, strict=True)))
    return 0
