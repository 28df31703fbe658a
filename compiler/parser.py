"""Parsing Nix source text into the syntax tree of `compiler.ast`.

`parse` matches the parsimonious grammar of `compiler.grammar`, then builds
typed nodes with their spans, applying CppNix's parse-time desugaring
(attribute path merging, indented string stripping, `__curPos`, legacy
`let { }`). Syntax errors are reported as CppNix reports them:
`syntax error, unexpected X` at the furthest position the grammar reached.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from typing import Callable, cast

from parsimonious.exceptions import ParseError as GrammarError
from parsimonious.nodes import Node

from ..vm.errors import ParseError, Source, Span
from ..vm.values import null_byte_error
from . import grammar
from .ast import (
    Apply, Assert, AttrKey, AttrSet, CurPos, Expr, Float, Formal, Formals, If, InterpPath,
    InterpString, Int, Lambda, Let, List, Path, Select, Str, Uri, Var, With,
)
from .bindings import PathStep, add_attr, add_inherit, new_attrset, static_key
from .deep import run_deep
from .indent import Text, strip_indentation
from .nesting import MAX_NESTING, too_deep
from .operators import Item, Operator, Prefix, cover, fold

NEWLINE = re.compile(r"\r\n|\r|\n")
ESCAPE = re.compile(r"\\([\s\S])|\r\n?")
ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}
MAX_INT = 2**63 - 1


def parse(source: Source) -> Expr:
    """The syntax tree of `source`; raises `ParseError` for invalid input."""
    return run_deep(_parse, source)


def _parse(source: Source) -> Expr:
    text = source.text
    deep = too_deep(text)
    if deep is not None:
        raise ParseError(f"expression is nested too deeply (more than {MAX_NESTING} levels)",
                         TreeBuilder(source).span(deep, deep + 1))
    collecting = gc.isenabled()
    gc.disable()  # the packrat cache holds many nodes; collecting them mid-parse costs a third
    try:
        tree = grammar.GRAMMAR.parse(text)
    except GrammarError as err:
        rule = err.expr.name if err.expr is not None else ""
        raise syntax_error(source, err.pos, rule) from None
    finally:
        if collecting:
            gc.enable()
    return TreeBuilder(source).expr(tree.children[1])


def _unescape(match: re.Match[str]) -> str:
    escaped = match.group(1)
    if escaped is None:
        return "\n"
    return ESCAPES.get(escaped, escaped)


def unescape(raw: str) -> str:
    """The value of a piece of `"..."` string: escapes resolved, CR and CRLF made LF."""
    if "\\" not in raw and "\r" not in raw:
        return raw
    return ESCAPE.sub(_unescape, raw)


def token(node: Node) -> str:
    """The text of a token node, without the whitespace it swallowed."""
    return node.match.group(1)


class TreeBuilder:
    """Builds `compiler.ast` nodes from the parsimonious parse tree of one source."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text
        self.line_starts = [0] + [m.end() for m in NEWLINE.finditer(self.text)]
        self.ascii = self.text.isascii()
        self.builders: dict[str, Callable[[Node], Expr]] = {
            "lambda": self.lambda_, "let_in": self.let_in, "with_expr": self.with_expr,
            "assert_expr": self.assert_expr, "if_expr": self.if_expr, "op_chain": self.op_chain,
            "paren": self.paren, "list": self.list_, "attrset": self.attrset, "rec_set": self.rec_set,
            "let_set": self.let_set, "string": self.string, "ind_string": self.ind_string,
            "interp_path": self.interp_path, "PATH": self.path, "HOME_PATH": self.path,
            "SEARCH_PATH": self.search_path, "URI": self.uri, "FLOAT": self.float_,
            "INTEGER": self.integer, "IDENTIFIER": self.identifier,
        }

    # -- positions -------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        starts = self.line_starts
        line = bisect_right(starts, start)
        end_line = bisect_right(starts, end) if end > start else line
        return Span(self.source, line, self.column(starts[line - 1], start), end_line,
                    self.column(starts[end_line - 1], end))

    def column(self, line_start: int, offset: int) -> int:
        """The 1-based column of `offset`: CppNix counts columns in bytes of UTF-8 (so does CPython)."""
        if self.ascii:
            return offset - line_start + 1
        return len(self.text[line_start:offset].encode("utf-8", "surrogateescape")) + 1

    def node_span(self, node: Node) -> Span:
        """The span of `node` without the whitespace and comments its last token swallowed."""
        end = node.end
        text = self.text
        while end > node.start and text[end - 1] in " \t\r\n":
            end -= 1
        return self.span(node.start, end)

    def token_span(self, node: Node) -> Span:
        return self.span(node.start, node.match.end(1))

    # -- expressions -----------------------------------------------------

    def expr(self, node: Node) -> Expr:
        """Any expression node: `expr`, an alternative of it, `select` or `simple`."""
        name = node.expr_name
        while name in ("expr", "simple"):
            node = node.children[0]
            name = node.expr_name
        if name == "select":
            return self.select(node)
        return self.builders[name](node)

    def lambda_(self, node: Node) -> Expr:
        _, head_node, body = node.children
        head = head_node.children[0]
        parts = head.children
        kind = head.expr_name
        param = formals = None
        if kind == "at_pattern":
            param, formals = token(parts[0]), self.formals(parts[2])
        elif kind == "pattern_at":
            formals, param = self.formals(parts[0]), token(parts[2])
        elif kind == "pattern_colon":
            formals = self.formals(parts[0])
        else:
            param = token(parts[0])
        span = self.node_span(node)
        if formals is not None:
            self.check_formals(formals, param, span)
        return Lambda(param, formals, self.expr(body), span)

    def formals(self, node: Node) -> Formals:
        params = [self.formal(item.children[0]) for item in node.children[1].children]
        ellipsis = False
        for last in node.children[2].children:
            chosen = last.children[0]
            if chosen.expr_name == "ELLIPSIS":
                ellipsis = True
            else:
                params.append(self.formal(chosen))
        return Formals(params, ellipsis)

    def formal(self, node: Node) -> Formal:
        name_node, default = node.children
        value = self.expr(default.children[0].children[1]) if default.children else None
        return Formal(token(name_node), value, self.token_span(name_node))

    @staticmethod
    def check_formals(formals: Formals, param: str | None, span: Span) -> None:
        seen: set[str] = set()
        for formal in formals.params:
            if formal.name in seen:
                raise ParseError(f"duplicate formal function argument '{formal.name}'", formal.span)
            seen.add(formal.name)
        if param is not None and param in seen:
            raise ParseError(f"duplicate formal function argument '{param}'", span)

    def let_in(self, node: Node) -> Expr:
        _, binds, _, body = node.children
        span = self.node_span(node)
        bindings = self.binds(binds, new_attrset(span, rec=True))
        if bindings.dynamic:
            raise ParseError("dynamic attributes not allowed in let", span)
        return Let(bindings, self.expr(body), span)

    def with_expr(self, node: Node) -> Expr:
        _, env, _, body = node.children
        return With(self.expr(env), self.expr(body), self.node_span(node))

    def assert_expr(self, node: Node) -> Expr:
        _, cond, _, body = node.children
        return Assert(self.expr(cond), self.expr(body), self.node_span(node))

    def if_expr(self, node: Node) -> Expr:
        c = node.children
        return If(self.expr(c[1]), self.expr(c[3]), self.expr(c[5]), self.node_span(node))

    def op_chain(self, node: Node) -> Expr:
        first, tails = node.children
        if not tails.children and not first.children[0].children:
            return self.application(first.children[1])
        items: list[Item] = []
        self.operand(first, items)
        for tail in tails.children:
            tail = tail.children[0]
            op_node, rhs = tail.children
            op_span = self.token_span(op_node)
            if tail.expr_name == "binary_tail":
                items.append(Operator(token(op_node), op_span))
                self.operand(rhs, items)
            else:
                path = self.attrpath(rhs)
                items.append(Operator("?", op_span, [key for key, _ in path], path[-1][1]))
        return fold(items)

    def operand(self, node: Node, items: list[Item]) -> None:
        prefixes, app = node.children
        for prefix in prefixes.children:
            op = prefix.children[0]
            items.append(Prefix(token(op), self.token_span(op)))
        items.append(self.application(app))

    def application(self, node: Node) -> Expr:
        head, args = node.children
        fn = self.select(head)
        for arg_node in args.children:
            arg = self.select(arg_node)
            fn = Apply(fn, arg, cover(fn.span, arg.span))
        return fn

    def select(self, node: Node) -> Expr:
        _, simple, tail = node.children
        target = self.expr(simple)
        if not tail.children:
            return target
        chosen = tail.children[0].children[0]
        if chosen.expr_name == "OR":
            or_var = Var("or", self.token_span(chosen))
            return Apply(target, or_var, cover(target.span, or_var.span))
        _, path_node, default_node = chosen.children
        path = [key for key, _ in self.attrpath(path_node)]
        default = self.select(default_node.children[0].children[1]) if default_node.children else None
        return Select(target, path, default, self.node_span(node))

    def paren(self, node: Node) -> Expr:
        return self.expr(node.children[1])

    def list_(self, node: Node) -> Expr:
        return List([self.select(item) for item in node.children[1].children], self.node_span(node))

    # -- attribute sets --------------------------------------------------

    def attrset(self, node: Node) -> Expr:
        span = self.node_span(node)
        return self.binds(node.children[1], new_attrset(span))

    def rec_set(self, node: Node) -> Expr:
        span = self.node_span(node)
        return self.binds(node.children[2], new_attrset(span, rec=True))

    def let_set(self, node: Node) -> Expr:
        span = self.node_span(node)
        body = self.binds(node.children[2], new_attrset(span, rec=True))
        return Select(body, ["body"], None, span)

    def binds(self, node: Node, attrs: AttrSet) -> AttrSet:
        for bind in node.children:
            bind = bind.children[0]
            if bind.expr_name == "attr_def":
                path_node, _, value, _ = bind.children
                path = self.attrpath(path_node)
                add_attr(attrs, path, self.expr(value), path[0][1])
            else:
                self.inherit(bind, attrs)
        return attrs

    def inherit(self, node: Node, attrs: AttrSet) -> None:
        _, source_node, names_node, _ = node.children
        source = self.expr(source_node.children[0].children[1]) if source_node.children else None
        names: list[tuple[str, Span]] = []
        for attr in names_node.children:
            key, span = self.attr(attr)
            if not isinstance(key, str):
                raise ParseError("dynamic attributes not allowed in inherit", span)
            names.append((key, span))
        add_inherit(attrs, names, source)

    def attrpath(self, node: Node) -> list[PathStep]:
        first, rest = node.children
        return [self.attr(first)] + [self.attr(step.children[1]) for step in rest.children]

    def attr(self, node: Node) -> PathStep:
        chosen = node.children[0]
        name = chosen.expr_name
        if name in ("IDENTIFIER", "OR"):
            return token(chosen), self.token_span(chosen)
        if name == "string":
            key: AttrKey = self.string(chosen)
        else:
            key = self.expr(chosen.children[1])
        return static_key(key), self.node_span(chosen)

    # -- strings and paths -------------------------------------------------

    def string(self, node: Node) -> Expr:
        span = self.node_span(node)
        parts: list[Expr] = []
        for part in node.children[1].children:
            part = part.children[0]
            if part.expr_name == "string_chunk":
                chunk_span = self.span(part.start, part.end)
                parts.append(Str(self.literal(unescape(part.text), chunk_span), chunk_span))
            else:
                parts.append(self.expr(part.children[1]))
        if not parts:
            return Str("", span)
        if len(parts) == 1 and node.children[1].children[0].children[0].expr_name == "string_chunk":
            cast(Str, parts[0]).span = span  # the one part is a literal chunk
            return parts[0]
        return InterpString(parts, span)

    @staticmethod
    def literal(value: str, span: Span) -> str:
        """`value` of a literal string piece; Nix strings cannot hold NUL bytes."""
        message = null_byte_error(value)
        if message is not None:
            raise ParseError(message, span)
        return value

    def ind_string(self, node: Node) -> Expr:
        parts: list[Text | Expr] = []
        for part in node.children[1].children:
            part = part.children[0]
            name = part.expr_name
            if name == "interpolation":
                parts.append(self.expr(part.children[1]))
                continue
            raw = part.text
            part_span = self.span(part.start, part.end)
            if name == "ind_chunk":
                parts.append(Text(self.literal(raw, part_span), True, part_span))
            elif raw == "'''":
                parts.append(Text("''", False, part_span))
            elif raw == "''$":
                parts.append(Text("$", False, part_span))
            elif name == "ind_escape":
                parts.append(Text(unescape(raw[2:]), False, part_span))
            else:
                parts.append(Text(raw, False, part_span))
        return strip_indentation(parts, self.node_span(node))

    def path(self, node: Node) -> Expr:
        value = token(node)
        span = self.token_span(node)
        if value.endswith("/"):
            end = node.match.end(1)
            raise ParseError("path has a trailing slash", self.span(end - 1, end))
        kind = "home" if value[0] == "~" else "absolute" if value[0] == "/" else "relative"
        return Path(value, kind, span)

    def interp_path(self, node: Node) -> Expr:
        start_node, pieces, _ = node.children
        prefix = token(start_node)
        parts: list[Expr] = [Str(prefix, self.token_span(start_node))]
        pieces_list = pieces.children
        for i, piece in enumerate(pieces_list):
            piece = piece.children[0]
            if piece.expr_name == "interpolation":
                parts.append(self.expr(piece.children[1]))
                continue
            text = piece.text
            if text.endswith("/") and (i + 1 == len(pieces_list)):
                raise ParseError("path has a trailing slash", self.span(piece.end - 1, piece.end))
            parts.append(Str(text, self.span(piece.start, piece.end)))
        kind = "home" if prefix[0] == "~" else "absolute" if prefix[0] == "/" else "relative"
        return InterpPath(parts, kind, self.node_span(node))

    def search_path(self, node: Node) -> Expr:
        """`<name>` is `__findFile __nixPath "name"`, both names resolved in scope as in CppNix."""
        span = self.token_span(node)
        find = Apply(Var("__findFile", span), Var("__nixPath", span), span)
        return Apply(find, Str(token(node)[1:-1], span), span)

    def uri(self, node: Node) -> Expr:
        return Uri(token(node), self.token_span(node))

    # -- numbers and names -----------------------------------------------

    def float_(self, node: Node) -> Expr:
        return Float(float(token(node)), self.token_span(node))

    def integer(self, node: Node) -> Expr:
        text = token(node)
        value = int(text)
        if value > MAX_INT:
            raise ParseError(f"invalid integer '{text}'", self.token_span(node))
        return Int(value, self.token_span(node))

    def identifier(self, node: Node) -> Expr:
        name = token(node)
        span = self.token_span(node)
        if name == "__curPos":
            return CurPos(span)
        return Var(name, span)


# -- syntax errors ---------------------------------------------------------

_DESCRIBE = [
    (re.compile(rf"{grammar.PATH_CHAR}*(?:/{grammar.PATH_CHAR}+)+/?|{grammar.PATH_CHAR}*/(?=\$\{{)"), "path"),
    (re.compile(r"~/"), "'~/…' path"),
    (re.compile(rf"<{grammar.SPATH_BODY}>"), "'<…>' path"),
    (re.compile(grammar.URI), "URI"),
    (re.compile(grammar.TOKENS["FLOAT"]), "floating-point literal"),
    (re.compile("[0-9]+"), "integer"),
    (re.compile(rf"(?:{'|'.join(grammar.KEYWORDS)})(?!{grammar.ID_CHAR})"), None),
    (re.compile(rf"[a-zA-Z_]{grammar.ID_CHAR}*"), "identifier"),
    (re.compile("''"), "start of an indented string"),
    (re.compile(r"\$\{|\.\.\.|" + grammar.TOKENS["BINOP"]), None),
    (re.compile(r"[(){}\[\];:,@?=.!\"]"), None),
]


def describe_token(text: str, pos: int) -> str:
    """How CppNix's parser names the token starting at `pos`."""
    if pos >= len(text):
        return "end of file"
    for pattern, name in _DESCRIBE:
        m = pattern.match(text, pos)
        if m:
            return name if name is not None else f"'{m.group(0)}'"
    return "invalid token"


EXPECTING = {
    "attr": "identifier or 'or' or '${' or '\"'",
    "attrpath": "identifier or 'or' or '${' or '\"'",
    "ASSIGN": "'.' or '='",
    "FORMALS_END": "'}' or ','",
    "THEN": "'then'",
    "ELSE": "'else'",
    "STRING_END": "'\"'",
    "interp_close": "'}'",
    "RPAREN": "')'",
    "SEMI": "';'",
    "LBRACE": "'{'",
    "end_of_file": "end of file",
}
"""What CppNix's parser says it expected, by the grammar rule that failed furthest."""

_LET_CAN_START_EXPR = re.compile(r"(?:^|[(=:;?]|\$\{|\b(?:in|then|else))\s*let\s*$")
"""A `let` where `let ... in` may follow: a missing `{` after it is not the only possibility."""

_IN_INHERIT = re.compile(r"\binherit\b[^;{}=]*$")
"""Inside `inherit a b`: more names could follow as well as the `;`."""


def syntax_error(source: Source, pos: int, rule: str = "") -> ParseError:
    """The `syntax error, unexpected X[, expecting Y]` error for a parse that failed at `pos`."""
    message = f"syntax error, unexpected {describe_token(source.text, pos)}"
    before = _without_comments(source.text[:pos]) if rule in ("LBRACE", "SEMI") else ""
    ambiguous = (rule == "LBRACE" and _LET_CAN_START_EXPR.search(before)) or \
        (rule == "SEMI" and _IN_INHERIT.search(before))
    if rule in EXPECTING and not ambiguous:
        message += ", expecting " + EXPECTING[rule]
    return ParseError(message, TreeBuilder(source).span(pos, pos))


def _without_comments(text: str) -> str:
    return re.sub(r"#[^\n]*|/\*(?:.|\n)*?\*/", " ", text)
