"""`pynix`: the friendly command line (`eval`, `parse`, `compile --python`)."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .vm.errors import NixError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pynix", description="A Nix language evaluator written in Python.")
    p.add_argument("--version", action="version", version=f"pynix {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("eval", help="evaluate a file or an expression and print the result")
    e.add_argument("file", nargs="?", help="the Nix file to evaluate (default: -E)")
    e.add_argument("-E", "--expr", help="evaluate this expression instead of a file")
    e.add_argument("-A", "--attr", action="append", default=[], help="select an attribute path of the result")
    e.add_argument("--strict", action="store_true", help="evaluate the result completely")
    e.add_argument("--json", action="store_true", help="print the result as JSON (implies --strict)")
    e.add_argument("--arg", nargs=2, action="append", default=[], metavar=("NAME", "EXPR"),
                   help="pass NAME = EXPR to a file that is a function")
    e.add_argument("--argstr", nargs=2, action="append", default=[], metavar=("NAME", "STRING"),
                   help="pass NAME = STRING to a file that is a function")
    e.add_argument("--show-trace", action="store_true", help="show the full trace of an error")
    e.add_argument("-I", dest="include", action="append", default=[], help="add a search path entry")

    r = sub.add_parser("repl", help="read expressions interactively, evaluate and print them")
    r.add_argument("files", nargs="*", help="Nix files whose attributes are added to the scope")
    r.add_argument("-I", dest="include", action="append", default=[], help="add a search path entry")

    pa = sub.add_parser("parse", help="parse a file and print its syntax tree as Nix")
    pa.add_argument("file")

    c = sub.add_parser("compile", help="show the Python code a Nix file compiles to")
    c.add_argument("--python", action="store_true", required=True, help="print generated Python source")
    c.add_argument("file")

    b = sub.add_parser("bench", help="time workloads as whole processes, optionally against another evaluator")
    b.add_argument("files", nargs="*", metavar="FILE", help="Nix files (default: the benchmark workloads)")
    b.add_argument("--compare", metavar="CMD", help="another evaluator to alternate with, e.g. nix-instantiate")
    b.add_argument("-n", dest="runs", type=int, default=3, help="runs per evaluator and workload (default 3)")
    b.add_argument("--json", metavar="OUT", help="write a JSON report with every run to OUT")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of `pynix`."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "eval":
            return cmd_eval(args)
        if args.command == "repl":
            from .repl import main as repl
            return repl(args)
        if args.command == "bench":
            from .bench import main as bench
            return bench(args)
        if args.command == "parse":
            from .instantiate import main as instantiate
            return instantiate(["--parse", args.file])
        return cmd_compile(args)
    except NixError as err:
        print(err.render(getattr(args, "show_trace", False)), file=sys.stderr)
        return 1


def cmd_eval(args: argparse.Namespace) -> int:
    from .instantiate import main as instantiate
    argv = ["--eval"] + (["--strict"] if args.strict else []) + (["--show-trace"] if args.show_trace else [])
    argv += ["--json"] if args.json else []
    for flag in ("arg", "argstr"):
        for name, text in getattr(args, flag):
            argv += [f"--{flag}", name, text]
    for a in args.attr:
        argv += ["-A", a]
    for i in args.include:
        argv += ["-I", i]
    if args.expr is not None:
        argv += ["--expr", args.expr]
    elif args.file:
        argv.append(args.file)
    else:
        print("error: give a FILE or -E EXPR", file=sys.stderr)
        return 1
    return instantiate(argv)


def cmd_compile(args: argparse.Namespace) -> int:
    from .compiler.deep import run_deep
    print(run_deep(python_text, os.path.abspath(args.file)))
    return 0


def python_text(path: str) -> str:
    """The Python code the Nix file `path` compiles to, laid out for reading, each line's Nix line noted."""
    from .builtins import global_names
    from .compiler.codegen import CodeGen
    from .compiler.parser import parse
    from .compiler.pretty import pretty
    from .compiler.scope import resolve
    from .instantiate import read_input
    source = read_input(path)
    tree = parse(source)
    gen = CodeGen(resolve(tree, global_names()), source, os.path.dirname(source.path), os.environ.get("HOME", "/"))
    return pretty(gen.python_tree(tree), source=os.path.basename(source.path))


if __name__ == "__main__":
    sys.exit(main())
