"""`pynix repl`: an interactive read-eval-print loop, like `nix repl`."""

from __future__ import annotations

import gc
import os
import re
import sys
from typing import Any, Callable, TextIO

from .evaluator import Evaluator
from .vm.errors import NixError, ParseError, Source
from .vm.printer import attr_name, print_scalar
from .vm.requests import Gen
from .vm.thunk import BLACKHOLE, Thunk
from .vm.typecheck import type_error
from .vm.values import Path, show_type

BANNER = "Welcome to pynix. Type :? for help."
PROMPT = "nix-repl> "
CONTINUATION = " " * len(PROMPT)
HELP = """The following commands are available:

  <expr>                       Evaluate and print expression
  <x> = <expr>                 Bind expression to variable
  :a, :add <expr>              Add attributes from resulting set to scope
  :e, :edit <expr>             Open package or function in $EDITOR
  :l, :load <path>             Load Nix expression and add it to scope
  :ll, :last-loaded            Show most recently loaded variables added to scope
  :p, :print <expr>            Evaluate and print expression recursively
                               Strings are printed directly, without escaping.
  :q, :quit                    Exit nix-repl
  :r, :reload                  Reload all files
  :t <expr>                    Describe result of evaluation
  :doc <expr>                  Show documentation of a builtin function
  :te, :trace-enable [bool]    Enable, disable or toggle showing traces for
                               errors
  :?, :help                    Brings up this help menu"""
"""`:?`: every command, worded and laid out as current `nix repl` (less its store and flake commands)."""
COMMANDS = (":?", ":a", ":add", ":doc", ":e", ":edit", ":help", ":l", ":last-loaded", ":ll", ":load", ":p", ":print",
            ":q", ":quit", ":r", ":reload", ":t", ":te", ":trace-enable")
SHOWN_NAMES = 20
"""How many of the names a `:l` or `:a` adds are listed (the rest with `:ll`), as in CppNix."""

# `name = expr`, but not `name == expr`; the name must not be a keyword (checked separately).
_BINDING = re.compile(r"\s*([a-zA-Z_][a-zA-Z0-9_'-]*)\s*=(?!=)(.*)\Z", re.S)
_KEYWORDS = {"if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"}
# Characters that end the word being completed (so `lib.strings.con` is one word).
COMPLETER_DELIMS = " \t\n\"\\`@$><=;|&{}()[],+*/!"


class Incomplete(Exception):
    """The input so far is the beginning of an expression: read another line."""

    def __init__(self, error: ParseError) -> None:
        super().__init__(error.message)
        self.error = error


def print_repl_value(value: Any, max_depth: float) -> Gen:
    """Generator: `value` printed as `nix repl` prints it, forcing `max_depth` levels of nesting.

    Deeper sets and lists print as `{ ... }` / `[ ... ]`, derivations as
    `«derivation PATH»`, an error while forcing a part as `«error: MESSAGE»`,
    and a set or list met again through the same slot as `«repeated»`.
    Walks the value with an explicit stack, never Python recursion.
    """
    out: list[str] = []
    seen: set[int] = set()
    work: list[tuple[str, Any, float]] = [("v", value, max_depth)]
    while work:
        kind, item, depth = work.pop()
        if kind == "s":
            out.append(item)
            continue
        try:
            v = (yield item) if item.__class__ is Thunk else item
            text = print_scalar(v, in_error=True)
            if text is None and v.__class__ is dict:
                text = yield from _derivation_text(v)
        except NixError as err:
            out.append(f"«error: {err.message}»")
            continue
        if text is not None:
            out.append(text)
            continue
        if v.__class__ is not list and v.__class__ is not dict:
            out.append(repr(v))
            continue
        if not v:
            out.append("[ ]" if v.__class__ is list else "{ }")
            continue
        if id(item) in seen:
            out.append("«repeated»")
            continue
        seen.add(id(item))
        if depth <= 0:
            out.append("[ ... ]" if v.__class__ is list else "{ ... }")
            continue
        parts: list[tuple[str, Any, float]]
        if v.__class__ is list:
            parts = [("s", "[ ", 0)]
            for x in v:
                parts += [("v", x, depth - 1), ("s", " ", 0)]
            parts.append(("s", "]", 0))
        else:
            parts = [("s", "{ ", 0)]
            for k in sorted(v):
                parts += [("s", attr_name(k) + " = ", 0), ("v", v[k], depth - 1), ("s", "; ", 0)]
            parts.append(("s", "}", 0))
        work.extend(reversed(parts))
    return "".join(out)


def _derivation_text(attrs: dict) -> Gen:
    """`«derivation /nix/store/…drv»` if `attrs` is a derivation, else None."""
    t = attrs.get("type")
    if t.__class__ is Thunk:
        t = yield t
    if not (isinstance(t, str) and t == "derivation"):
        return None
    path = attrs.get("drvPath")
    if path.__class__ is Thunk:
        path = yield path
    return f"«derivation {path if isinstance(path, str) else '???'}»"


def release_blackholes() -> None:
    """After an interrupted evaluation, let the thunks it was forcing be forced again.

    An interrupt (KeyboardInterrupt) leaves the scheduler without unwinding,
    so thunks it was evaluating stay marked in progress; nothing else runs
    in the repl at that point, so every such thunk is a leftover.
    """
    for obj in gc.get_objects():
        # getattr: the interrupt may have hit a thunk's constructor before `fn` was set.
        if obj.__class__ is Thunk and getattr(obj, "fn", None) is BLACKHOLE:
            obj.fn, obj.value = obj.value, None


class Repl:
    """The state of one repl session: the evaluator, the names bound so far, the loaded files."""

    def __init__(self, evaluator: Evaluator, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> None:
        self.ev = evaluator
        self.out = out
        self.err = err
        self.scope: dict[str, Any] = {}
        self.loaded: list[str] = []
        self.last_loaded: dict[str, Any] | None = None
        self.show_trace = False
        self.kept_inputs = 0

    # -- evaluation ---------------------------------------------------------

    def parse(self, text: str, kept: bool = False) -> Thunk:
        """The (unevaluated) value of `text` in the repl's scope; Incomplete if more input is needed.

        Code that stays in scope (`kept`: bindings, `:a`) is named `«repl:N»`
        rather than `«string»`: error positions find the source text by its
        name, and a later input must not take the place of this one.
        """
        name = f"«repl:{self.kept_inputs + 1}»" if kept else "«string»"
        try:
            entry = self.ev.compile(Source(name, text), os.getcwd(), self.scope)
        except ParseError as err:
            if "unexpected end of file" in err.message:
                raise Incomplete(err) from None
            raise
        self.kept_inputs += kept
        return Thunk(entry)

    def evaluate(self, text: str) -> Any:
        """`text` evaluated to weak head normal form in the repl's scope."""
        return self.ev.force(self.parse(text))

    def show(self, value: Any, strict: bool = False) -> str:
        """A value as the repl prints it: one level deep, or completely with `strict`."""
        return self.ev.run(print_repl_value(value, float("inf") if strict else 1))

    def add_attrs(self, value: Any) -> None:
        """Bring every attribute of a set into scope (`:a`, `:l`)."""
        attrs = self.ev.force(value)
        if attrs.__class__ is not dict:
            raise type_error("a set", attrs)
        self.scope = {**self.scope, **attrs}
        self.last_loaded = attrs
        self.say(f"Added {len(attrs)} variables.")
        names = sorted(attrs)
        if names:
            self.say(", ".join(attr_name(n) for n in names[:SHOWN_NAMES]))
        if len(names) > SHOWN_NAMES:
            self.say(f"... and {len(names) - SHOWN_NAMES} more; view with :ll")

    def load(self, arg: str) -> None:
        """`:l`: evaluate a file (or `<name>` in the search path), auto-call it, add its attributes to scope."""
        if arg.startswith("<") and arg.endswith(">"):
            found = self.evaluate(arg)
            path = found.path if found.__class__ is Path else str(found)
        else:
            path = os.path.abspath(os.path.expanduser(arg))
        if arg not in self.loaded:
            self.loaded.append(arg)
        value = self.ev.force(self.ev.import_file(path))
        self.add_attrs(self.ev.auto_call(value, {}))

    def reload(self) -> None:
        """`:r`: forget imported files and load every `:l` file again."""
        self.ev.imports.clear()
        for arg in list(self.loaded):
            self.say(f"Loading '{arg}'...")
            try:
                self.load(arg)
            except NixError as err:
                self.report(err)

    # -- one input -----------------------------------------------------------

    def process(self, text: str) -> bool:
        """Handle one complete input; False when the session should end.

        Raises Incomplete when `text` needs more lines, NixError when it fails.
        """
        text = text.strip()
        if not text:
            return True
        if text.startswith(":"):
            command, *rest = text.split(None, 1)
            return self.command(command, rest[0] if rest else "")
        binding = _BINDING.match(text)
        if binding and binding.group(1) not in _KEYWORDS:
            name, expr = binding.groups()
            self.scope = {**self.scope, name: self.parse(expr, kept=True)}
            return True
        self.say(self.show(self.evaluate(text)))
        return True

    def command(self, command: str, arg: str) -> bool:
        """Run a `:command`; False for `:q`."""
        if command in (":q", ":quit"):
            return False
        if command in (":?", ":help"):
            self.say(HELP)
        elif command in (":p", ":print", ":t", ":l", ":load", ":a", ":add", ":doc", ":e", ":edit") \
                and not arg.strip():
            self.report(NixError(f"command '{command}' requires an argument"))
        elif command in (":p", ":print"):
            value = self.evaluate(arg)
            self.say(value if isinstance(value, str) else self.show(value, strict=True))  # strings raw, as CppNix
        elif command == ":t":
            self.say(show_type(self.evaluate(arg)))  # `:t` prints CppNix's showType
        elif command in (":l", ":load"):
            self.load(arg)
        elif command in (":a", ":add"):
            self.add_attrs(self.parse(arg, kept=True))
        elif command in (":ll", ":last-loaded"):
            if self.last_loaded is None:
                raise NixError("nothing has been loaded yet")
            for name in sorted(self.last_loaded):
                self.say(str(name))
        elif command in (":r", ":reload"):
            self.reload()
        elif command == ":doc":
            from .repl_source import documentation
            self.say(documentation(self, arg))
        elif command in (":e", ":edit"):
            from .repl_source import edit
            edit(self, arg)
        elif command in (":te", ":trace-enable"):
            if arg not in ("", "true", "false"):
                raise NixError(f"unexpected argument '{arg}' to {command}")
            self.show_trace = arg == "true" if arg else not self.show_trace
            self.say("showing error traces" if self.show_trace else "not showing error traces")
        else:
            self.report(NixError(f"unknown command '{command}'"))
        return True

    def say(self, text: str) -> None:
        """Print a line of output."""
        self.out.write(text + "\n")
        self.out.flush()

    def report(self, err: NixError) -> None:
        """Print an error as CppNix does (with its trace after `:st`)."""
        self.err.write(err.render(self.show_trace) + "\n")
        self.err.flush()

    # -- completion ----------------------------------------------------------

    def completions(self, word: str) -> list[str]:
        """Completions of `word`: commands, names in scope, or attributes of an evaluated prefix (`lib.str`)."""
        if word.startswith(":"):
            return [c for c in COMMANDS if c.startswith(word)]
        head, dot, last = word.rpartition(".")
        if not dot:
            names = set(self.scope) | set(self.ev.global_scope())
            return sorted(n for n in names if n.startswith(word))
        try:
            value = self.evaluate(head)
        except Exception:  # noqa: BLE001 - a completion never reports errors
            return []
        if value.__class__ is not dict:
            return []
        return sorted(f"{head}.{attr_name(k)}" for k in value if k.startswith(last))

    def readline_completer(self) -> Callable[[str, int], str | None]:
        """A `readline.set_completer` function over `completions`."""
        matches: list[str] = []

        def complete(text: str, state: int) -> str | None:
            if state == 0:
                matches[:] = self.completions(text)
            return matches[state] if state < len(matches) else None
        return complete

    # -- the loop --------------------------------------------------------------

    def run(self, read: Callable[[str], str], interactive: bool,
            entered: Callable[[list[str]], None] | None = None) -> None:
        """Read, evaluate and print until `:q` or end of input (`read` raises EOFError).

        `read(prompt)` returns one line; with `interactive`, prompts and a
        banner are shown and results are followed by an empty line.
        `entered(lines)` is told each complete input (for the history).
        """
        if interactive:
            self.say(BANNER + "\n")
        buffer: str | None = None
        lines: list[str] = []
        pending: Incomplete | None = None
        while True:
            try:
                line = read((CONTINUATION if buffer is not None else PROMPT) if interactive else "")
            except EOFError:
                if pending is not None:
                    self.report(pending.error)
                if interactive:
                    self.say("")
                return
            except KeyboardInterrupt:
                buffer, pending = None, None
                self.say("")
                continue
            lines = [line] if buffer is None else [*lines, line]
            buffer = line if buffer is None else buffer + "\n" + line
            try:
                going_on = self.process(buffer)
            except Incomplete as incomplete:
                pending = incomplete
                continue
            except NixError as err:
                going_on = True
                self.report(err)
            except KeyboardInterrupt:
                going_on = True
                release_blackholes()
                self.report(NixError("interrupted by the user"))
            if entered is not None:
                entered(lines)
            buffer, pending = None, None
            if not going_on:
                return
            if interactive and line.strip():
                self.say("")

    def run_stream(self, stream: TextIO) -> None:
        """Run over the lines of `stream`, without prompts (piped input)."""
        def read(_prompt: str) -> str:
            line = stream.readline()
            if not line:
                raise EOFError
            return line.rstrip("\n")
        self.run(read, interactive=False)


def history_file() -> str:
    """Where the line history is kept (`$XDG_DATA_HOME/pynix/repl-history`)."""
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(data, "pynix", "repl-history")


HISTORY_NEWLINE = "\x1e"
"""How a line break inside a multi-line entry is kept in the history file (which has one entry a line)."""


def _recode_history(readline: Any, old: str, new: str) -> None:
    """Write `new` for `old` in every history entry (readline's positions count from 1 to read, 0 to replace)."""
    for i in range(readline.get_current_history_length()):
        item = readline.get_history_item(i + 1) or ""
        if old in item:
            readline.replace_history_item(i, item.replace(old, new))


def run_interactive(repl: Repl) -> None:
    """Run on the terminal with readline line editing, history (a multi-line input is one entry) and
    tab completion."""
    try:
        import readline
    except ImportError:
        repl.run(input, interactive=True)
        return
    history = history_file()
    try:
        readline.read_history_file(history)
    except OSError:
        pass
    _recode_history(readline, HISTORY_NEWLINE, "\n")

    def entered(lines: list[str]) -> None:
        # readline added each non-empty line as an entry of its own: put the whole input in their place.
        added = sum(1 for line in lines if line)
        if added > 1:
            end = readline.get_current_history_length()
            for position in range(end - 1, end - 1 - added, -1):
                readline.remove_history_item(position)
            readline.add_history("\n".join(lines))

    readline.set_completer_delims(COMPLETER_DELIMS)
    readline.set_completer(repl.readline_completer())
    readline.parse_and_bind("tab: complete")
    try:
        repl.run(input, interactive=True, entered=entered)
    finally:
        try:
            os.makedirs(os.path.dirname(history), exist_ok=True)
            readline.set_history_length(1000)
            _recode_history(readline, "\n", HISTORY_NEWLINE)
            readline.write_history_file(history)
        except OSError:
            pass


def main(args: Any) -> int:
    """`pynix repl [-I PATH]... [FILE]...`: load the files, then read from the terminal or stdin."""
    from .hosts import std_streams_pass_bytes
    nix_path = [p for p in os.environ.get("NIX_PATH", "").split(":") if p]
    repl = Repl(Evaluator(search_path=list(args.include) + nix_path))
    with std_streams_pass_bytes():
        for path in args.files:
            try:
                repl.load(path)
            except NixError as err:
                repl.report(err)
        if sys.stdin.isatty():
            run_interactive(repl)
        else:
            repl.run_stream(sys.stdin)
    return 0
