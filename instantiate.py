"""`pynix-instantiate`: the `nix-instantiate` command line (`--parse`, `--eval`)."""

from __future__ import annotations

import os
import re
import sys
from typing import Any, Callable, NoReturn

from .settings import Settings, SettingError
from .vm.errors import EvalError, NixError, ParseError, Source, TypeError_, for_stderr


class Options:
    """The parsed command line."""

    def __init__(self) -> None:
        self.mode = "instantiate"
        self.strict = False
        self.json = False
        self.xml = False
        self.location = True
        self.exprs: list[str] = []
        self.files: list[str] = []
        self.attrs: list[str] = []
        self.args: dict[str, tuple[str, str]] = {}
        self.search_path: list[str] = []
        self.settings = Settings(lambda text: print(for_stderr(text), file=sys.stderr))
        self.max_call_depth: int | None = None
        self.pure = False
        self.features: set[str] = set()
        self.lints: dict[str, str] = {}

    @property
    def show_trace(self) -> bool:
        """Whether errors show their whole trace (`--show-trace`)."""
        return bool(self.settings.get("show-trace", False))


USAGE = """usage: pynix-instantiate [--parse | --eval [--strict] [--json | --xml]] [-E EXPR | FILE... | -]
       [-A ATTR] [--arg NAME EXPR] [--argstr NAME STRING] [-I PATH] [--show-trace]
       [--max-call-depth N] [--pure-eval] [--restrict-eval] [--allowed-uris URIS]
       [--max-memory SIZE] [--eval-timeout SECONDS] [--option NAME VALUE]
       [--extra-experimental-features FEATURES]
(NIX_CONFIG may hold settings as `name = value` lines; the command line overrides them.)"""


def usage_error(message: str) -> NoReturn:
    print(f"error: {message}\nTry 'pynix-instantiate --help' for more information.", file=sys.stderr)
    raise SystemExit(1)


def parse_args(argv: list[str]) -> Options:
    """Parse nix-instantiate's options."""
    o = Options()
    it = iter(argv)
    try:
        o.settings.load_config(os.environ.get("NIX_CONFIG", ""))
    except SettingError as err:
        usage_error(str(err))

    def value(flag: str) -> str:
        try:
            return next(it)
        except StopIteration:
            usage_error(f"flag '{flag}' requires an argument")

    expr_mode = False
    for a in it:
        if a == "--help":
            print(USAGE)
            raise SystemExit(0)
        elif a == "--version":
            from .cli import version_text
            print(version_text("pynix-instantiate"))
            raise SystemExit(0)
        elif a == "--parse":
            o.mode = "parse"
        elif a in ("--eval", "--eval-only"):
            o.mode = "eval"
        elif a == "--strict":
            o.strict = True
        elif a == "--json":
            o.json = True
        elif a == "--xml":
            o.xml = True
        elif a == "--no-location":
            o.location = False
        elif a in ("-E", "--expr"):
            expr_mode = True
        elif a in ("-A", "--attr"):
            o.attrs.append(value(a))
        elif a == "--arg":
            name = value(a)
            o.args[name] = ("expr", value(a))
        elif a == "--argstr":
            name = value(a)
            o.args[name] = ("str", value(a))
        elif a == "-I" or a == "--include":
            o.search_path.append(value(a))
        elif a.startswith("-I") and len(a) > 2:
            o.search_path.append(a[2:])
        elif a == "--max-call-depth":
            o.settings.values["max-call-depth"] = integer(a, value(a))
        elif a == "--impure":
            o.settings.values["pure-eval"] = False
        elif a.startswith("--lint-") and a.endswith("-literals"):
            o.lints[a[len("--lint-"):-len("-literals")]] = value(a)
        elif a in ("--read-write-mode", "--readonly-mode", "--quiet", "--verbose", "-v", "--no-build-output", "-Q"):
            pass  # store access and build logging: nothing to do for evaluation
        elif a in ("--timeout", "--max-jobs", "-j", "--cores", "--max-silent-time"):
            value(a)  # build settings: evaluation ignores them, as nix-instantiate --eval does
        elif a == "--option":
            name, val = value(a), value(a)
            try:
                o.settings.set(name, val)
            except SettingError as err:
                usage_error(str(err))
        elif a.startswith("--") and setting_flag(o.settings, a, lambda: value(a)):
            pass
        elif a.startswith("-") and a != "-":
            usage_error(f"unrecognised flag '{a}'")
        elif expr_mode:
            o.exprs.append(a)
        else:
            o.files.append(a)
    o.max_call_depth = o.settings.get("max-call-depth")  # type: ignore[assignment]
    o.pure = bool(o.settings.get("pure-eval", False))
    o.features.update(o.settings.get("experimental-features", []))  # type: ignore[arg-type]
    return o


def setting_flag(settings: Settings, flag: str, next_value: Callable[[], str]) -> bool:
    """Apply a setting's flag form (`--restrict-eval`, `--no-show-trace`, `--allowed-uris URIS`); False if
    `flag` names no setting; a bad value is a usage error."""
    try:
        return settings.flag(flag, next_value)
    except SettingError as err:
        usage_error(str(err))


def main(argv: list[str] | None = None) -> int:
    """Entry point of `pynix-instantiate`."""
    o = parse_args(sys.argv[1:] if argv is None else argv)
    from .hosts import echo_log_to_stderr, std_streams_pass_bytes
    snapshot = None
    if show_stats():
        from .vm.stats import Snapshot
        snapshot = Snapshot()
    with echo_log_to_stderr(), std_streams_pass_bytes():
        status = run(o)
    if snapshot is not None and status == 0:
        write_stats(snapshot.report())
    if argv is None:
        exit_now(status)
    return status


def exit_now(status: int) -> NoReturn:
    """End the process at once, its output flushed, without freeing what the evaluation built, as
    nix-instantiate does: Python's own teardown takes ~10 ms even after `-E 1`, and after a limit or an
    interrupt could take longer than the evaluation did. (Nothing else is pending then: the compile cache
    writes each entry when it is made.)"""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def show_stats() -> bool:
    """Whether `NIX_SHOW_STATS` asks for evaluation statistics, as CppNix reads it."""
    return os.environ.get("NIX_SHOW_STATS", "0") != "0"


def write_stats(report: dict[str, Any]) -> None:
    """Print the statistics as CppNix does: JSON on stderr, or into the file `NIX_SHOW_STATS_PATH`."""
    import json
    text = json.dumps(report, indent=2)
    path = os.environ.get("NIX_SHOW_STATS_PATH")
    if path:
        with open(path, "w") as f:
            f.write(text + "\n")
    else:
        print(text, file=sys.stderr)


def run(o: Options) -> int:
    """Carry out the parsed command line; errors are printed like CppNix's."""
    try:
        if o.mode == "parse":
            return run_parse(o)
        if o.mode == "eval":
            return run_eval(o)
        usage_error("only --parse and --eval are supported (derivations are not instantiated)")
    except NixError as err:
        print(for_stderr(err.render(o.show_trace)), file=sys.stderr)
        return 1
    except (RecursionError, MemoryError) as err:
        print(f"error: {type(err).__name__}: evaluation exhausted resources", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted by the user", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # As nix-instantiate: a reader that went away (`| head`) is not an error; Python must not try to
        # flush the rest at exit either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as err:  # a bug in pynix: report it without a traceback unless asked
        if os.environ.get("PYNIX_DEBUG"):
            raise
        print(f"error: internal error in pynix: {type(err).__name__}: {err}", file=sys.stderr)
        return 1


def integer(flag: str, text: str) -> int:
    """The integer value of option `flag`, or nix-instantiate's usage error."""
    try:
        return int(text)
    except ValueError:
        usage_error(f"{flag} requires an integer argument, but got '{text}'")


def read_input(path: str) -> Source:
    """An input file named on the command line (a directory means its `default.nix`)."""
    if os.path.isdir(path):
        path = os.path.join(path, "default.nix")
    if not os.path.exists(path):
        raise EvalError(f"path '{path}' does not exist")
    return Source.read(path)


def read_stdin() -> Source:
    """Standard input as the Nix source «stdin»."""
    return Source("«stdin»", sys.stdin.buffer.read().decode("utf-8", "surrogateescape"))


def sources(o: Options) -> list[tuple[Source, str]]:
    """The inputs as (Source, base directory) pairs."""
    out = []
    for e in o.exprs:
        out.append((Source("«string»", e), os.getcwd()))
    for f in o.files:
        if f == "-":
            out.append((read_stdin(), os.getcwd()))
        else:
            source = read_input(os.path.abspath(f))
            out.append((source, os.path.dirname(source.path)))
    if not out:
        out.append((read_input(os.path.abspath("default.nix")), os.getcwd()))
    return out


def run_parse(o: Options) -> int:
    from .compiler.deep import run_deep
    from .compiler.parser import parse
    from .compiler.scope import check
    from .compiler.show import show
    for source, base in sources(o):
        tree = parse(source)
        # Like parsing, checking and showing recurse along the nesting: on the big stack too.
        run_deep(check, tree)
        print(run_deep(show, tree, base, os.environ.get("HOME", "/")))
    return 0


def make_evaluator(o: Options, progress: Any = None) -> Any:
    from .evaluator import Evaluator, parse_search_path
    nix_path = os.environ.get("NIX_PATH", "")
    search = list(o.search_path) + [p for p in nix_path.split(":") if p]
    kwargs: dict[str, Any] = {}
    if o.max_call_depth is not None:
        kwargs["max_call_depth"] = o.max_call_depth
    for setting, name in (("max-memory", "max_memory"), ("eval-timeout", "timeout")):
        if o.settings.get(setting) is not None:
            kwargs[name] = o.settings.get(setting)
    if kwargs.get("max_memory") is not None:
        from .vm.limits import cap_address_space
        cap_address_space(kwargs["max_memory"])
    if o.settings.get("restrict-eval"):
        from .hosts import RestrictedHost
        # As CppNix: the search path's directories are allowed; here also the directory of each input file.
        roots = [path for _, path in parse_search_path(search) if "://" not in path]
        roots += [os.path.dirname(os.path.abspath(f)) if not os.path.isdir(f) else f for f in o.files if f != "-"]
        allowed_uris = o.settings.get("allowed-uris", [])
        kwargs["host"] = RestrictedHost(roots, allowed_uris, clock=True)  # type: ignore[arg-type]
    return Evaluator(search_path=search, pure=o.pure, features=o.features, lints=o.lints, stats=show_stats(),
                     progress=progress, **kwargs)


def run_eval(o: Options) -> int:
    """`--eval`; a `--strict` evaluation shows a status line on a terminal once it takes over a second."""
    if not (o.strict and sys.stderr.isatty()):
        return evaluate_and_print(o, make_evaluator(o))
    from .progress import TerminalProgress
    status = TerminalProgress(sys.stderr)
    try:
        return evaluate_and_print(o, make_evaluator(o, status), status.close)
    finally:
        status.close()


def evaluate_and_print(o: Options, ev: Any, before_output: Callable[[], None] = lambda: None) -> int:
    """Evaluate the inputs and print them as `--eval` does; `before_output` is called before each result is."""
    from .vm.printer import print_value

    def emit(text: str, end: str = "\n") -> None:
        before_output()
        print(text, end=end)

    args = auto_args(ev, o)
    for source, base in sources(o):
        entry = ev.compile(source, base)
        from .vm.thunk import Thunk
        root = Thunk(entry)
        for path in o.attrs or [""]:
            v = ev.force(find_along_attr_path(ev, path, args, root))
            # As nix-instantiate: the result is called only when there are automatic arguments.
            if args:
                v = ev.auto_call(v, args)
            if o.json:
                from .builtins.json import to_json
                emit(ev.run(to_json(v)))
            elif o.xml:
                from .builtins.xml import to_xml
                emit(ev.run(to_xml(v, location=o.location)), end="")
            else:
                if o.strict:
                    # As nix-instantiate: force everything first (errors name the attribute), then print.
                    from .builtins.core import deep_force
                    ev.run(deep_force(v, counted=False))
                emit(ev.run(print_value(v, strict=o.strict)))
    return 0


def auto_args(ev: Any, o: Options) -> dict[str, Any]:
    """The `--arg`/`--argstr` values, by name (nix-instantiate's automatic arguments)."""
    from .vm.thunk import Thunk
    args: dict[str, Any] = {}
    for name, (kind, text) in o.args.items():
        args[name] = text if kind == "str" else Thunk(ev.compile(Source("«string»", text), os.getcwd()))
    return args


def parse_attr_path(path: str) -> list[str]:
    """The parts of an `-A` attribute path (`a."b.c".0`), as CppNix's `parseAttrPath` splits it."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(path):
        ch = path[i]
        if ch == ".":
            parts.append("".join(current))
            current = []
        elif ch == '"':
            end = path.find('"', i + 1)
            if end < 0:
                raise ParseError(f"missing closing quote in selection path '{path}'")
            current.append(path[i + 1:end])
            i = end
        else:
            current.append(ch)
        i += 1
    if current:
        parts.append("".join(current))
    return parts


_INDEX = re.compile(r"[0-9]+\Z")


def find_along_attr_path(ev: Any, path: str, args: dict[str, Any], value: Any) -> Any:
    """Follow an `-A` attribute path from `value` (unforced), as CppNix's `findAlongAttrPath`: the value
    at each step is auto-called with `args` (a function of formals gets its defaults), then selected from."""
    from .vm.suggestions import best_matches
    from .vm.values import show_type
    for part in parse_attr_path(path):
        value = ev.auto_call(ev.force(value), args)
        index = int(part) if _INDEX.match(part) and int(part) < 1 << 32 else None
        if index is None:
            if value.__class__ is not dict:
                raise TypeError_(f"the expression selected by the selection path '{path}' should be a set but is "
                                 f"{show_type(value)}")
            if not part:
                raise EvalError(f"empty attribute name in selection path '{path}'")
            if part not in value:
                raise EvalError(f"attribute '{part}' in selection path '{path}' not found",
                                suggestions=best_matches(value, part))
            value = value[part]
        else:
            if value.__class__ is not list:
                raise TypeError_(f"the expression selected by the selection path '{path}' should be a list but is "
                                 f"{show_type(value)}")
            if index >= len(value):
                raise EvalError(f"list index {index} in selection path '{path}' is out of range")
            value = value[index]
    return value


if __name__ == "__main__":
    sys.exit(main())
