"""`pynix`: the friendly command line (`eval`, `parse`, `compile`, `repl`, `bench`, `eval-jobs`)."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .vm.errors import NixError, Source


PASSED_ON = {"eval": "--eval", "parse": "--parse"}
"""Subcommands that are `pynix-instantiate` in a mode: every option of it is theirs."""


def is_installable(arg: str) -> bool:
    """Whether a `pynix eval` argument names a flake output (`REF#ATTR`, `path:...`, `git+...`)."""
    return "#" in arg or arg.startswith(("path:", "git+"))


def version_text(program: str) -> str:
    """What `--version` prints: pynix's version and the Nix language it implements."""
    from .builtins.constants import LANG_VERSION, NIX_VERSION
    name = f"pynix {__version__}" if program == "pynix" else f"{program} (pynix) {__version__}"
    return f"{name}\nNix language version {LANG_VERSION}, as CppNix {NIX_VERSION} evaluates it"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pynix", description="A Nix language evaluator written in Python.",
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=version_text("pynix"))
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("eval", help="evaluate FILE (default ./default.nix) or -E EXPR and print the result; "
                   "takes every option of pynix-instantiate (--strict, --json, --xml, -A, --arg, ...)")
    sub.add_parser("parse", help="parse FILE, -E EXPR or - (stdin) and print the syntax tree as Nix")
    sub.add_parser("eval-jobs", help="evaluate the derivations of a package set in parallel, a JSON line per "
                   "job, as nix-eval-jobs does (pynix eval-jobs --help for its options)")

    r = sub.add_parser("repl", help="read expressions interactively, evaluate and print them")
    r.add_argument("files", nargs="*", help="Nix files whose attributes are added to the scope")
    r.add_argument("-I", dest="include", action="append", default=[], help="add a search path entry")

    c = sub.add_parser("compile", help="show the Python code a Nix file or expression compiles to")
    c.add_argument("--python", action="store_true", help="print generated Python source (the default)")
    c.add_argument("-E", "--expr", help="compile this expression instead of a file")
    c.add_argument("file", nargs="?", help="the Nix file, or - for standard input")

    b = sub.add_parser("bench", help="time workloads as whole processes, optionally against another evaluator")
    b.add_argument("files", nargs="*", metavar="FILE", help="Nix files (default: the benchmark workloads)")
    b.add_argument("--compare", metavar="CMD", help="another evaluator to alternate with, e.g. nix-instantiate")
    b.add_argument("-n", dest="runs", type=int, default=3, help="runs per evaluator and workload (default 3)")
    b.add_argument("--json", metavar="OUT", help="write a JSON report with every run to OUT")
    b.add_argument("--plot", metavar="FILE", help="draw the time and memory of every workload (ratios with "
                   "--compare) to FILE, .png or .svg (needs matplotlib: the `plot` extra)")
    b.add_argument("--html", metavar="FILE", help="write an HTML report with the table and the chart to FILE")
    b.add_argument("--shared", metavar="DIR", help="the shared directory with the shared workloads "
                   "(default: 'shared' beside the pynix checkout)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of `pynix`."""
    entry = argv is None
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "eval" and any(is_installable(a) for a in argv[1:]):
        from .flake_eval import main as eval_flake
        return eval_flake(argv[1:])
    if argv and argv[0] in PASSED_ON:
        from .instantiate import exit_now, main as instantiate
        status = instantiate([PASSED_ON[argv[0]], *argv[1:]])
        if entry:
            exit_now(status)  # as pynix-instantiate: no teardown of what the evaluation built
        return status
    if argv and argv[0] == "eval-jobs":
        from .jobs.command import main as eval_jobs
        return eval_jobs(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        if args.command == "repl":
            from .repl import main as repl
            return repl(args)
        if args.command == "bench":
            from .bench import main as bench
            return bench(args)
        return cmd_compile(args)
    except NixError as err:
        print(err.render(False), file=sys.stderr)
        return 1


def cmd_compile(args: argparse.Namespace) -> int:
    from .compiler.deep import run_deep
    from .instantiate import read_input, read_stdin
    if args.expr is not None:
        source = Source("«string»", args.expr)
    elif args.file == "-":
        source = read_stdin()
    elif args.file:
        source = read_input(os.path.abspath(args.file))
    else:
        print("error: give a FILE, - or -E EXPR", file=sys.stderr)
        return 1
    print(run_deep(python_text, source))
    return 0


def python_text(source: Source) -> str:
    """The Python code `source` compiles to, laid out for reading, each line's Nix line noted.

    This is the plain form, which runs first; each body that calls `R` also
    has a generator twin, the same code with `(yield x)` for `R(x)` (vm/plain.py).
    """
    from .builtins import global_names
    from .compiler.codegen import CodeGen
    from .compiler.parser import parse
    from .compiler.plain import plain_form
    from .compiler.pretty import pretty
    from .compiler.scope import resolve
    tree = parse(source)
    base = os.path.dirname(source.path) if source.is_file else os.getcwd()
    gen = CodeGen(resolve(tree, global_names()), source, base, os.environ.get("HOME", "/"))
    return pretty(plain_form(gen.python_tree(tree)), source=os.path.basename(source.path))


if __name__ == "__main__":
    sys.exit(main())
