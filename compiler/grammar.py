"""The parsimonious grammar of the Nix language.

Shaped for speed: every token is one regular expression that also swallows
the whitespace and comments after it (the token itself is the regex's first
group), and operator sequences are parsed flat (`op_chain`) and folded by
precedence in `compiler.operators`, not one rule per precedence level.

Lexical rules follow CppNix's flex lexer, including its longest-match
choices: `a/b` is a path, `x:x` is a URI, `or` is a keyword that may still be
an attribute name.
"""

from __future__ import annotations

import re

from parsimonious.expressions import Expression, Regex
from parsimonious.grammar import Grammar

WS = r"(?:[ \t\r\n]+|#[^\r\n]*|/\*(?:[^*]|\*+[^*/])*\*+/)*"
"""Whitespace and comments; `#` comments end at CR or LF as in CppNix."""

PATH_CHAR = r"[a-zA-Z0-9._\-+]"
ID_CHAR = r"[a-zA-Z0-9_'\-]"
KEYWORDS = ("if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or")

URI = r"[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+"
SPATH_BODY = rf"{PATH_CHAR}+(?:/{PATH_CHAR}+)*"

TOKENS: dict[str, str] = {
    "LPAREN": r"\(", "RPAREN": r"\)", "LBRACKET": r"\[", "RBRACKET": r"\]",
    "LBRACE": r"\{", "RBRACE": r"\}", "FORMALS_END": r"\}", "SEMI": ";", "COMMA": ",", "AT": "@",
    "COLON": ":", "QUESTION": r"\?", "ELLIPSIS": r"\.\.\.", "DOT": r"\.(?!\.\.)",
    "ASSIGN": "=(?!=)", "DOLLAR_CURLY": r"\$\{",
    "NOT": "!(?!=)", "NEGATE": "-(?!>)",
    "BINOP": rf"->|\|\||&&|==|!=|<=|>=|//|\+\+|\|>|<\||<(?!{SPATH_BODY}>)|[>+\-*/]",
    **{kw.upper(): rf"{kw}(?!{ID_CHAR})" for kw in KEYWORDS},
    "IDENTIFIER": rf"(?!(?:{'|'.join(KEYWORDS)})(?!{ID_CHAR})|{URI}|{PATH_CHAR}*/(?:{PATH_CHAR}|\$\{{))[a-zA-Z_]{ID_CHAR}*",
    "FLOAT": r"(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[Ee][+-]?[0-9]+)?",
    "INTEGER": "[0-9]+",
    "PATH": rf"{PATH_CHAR}*(?:/{PATH_CHAR}+)+/?(?!\$\{{)",
    "HOME_PATH": rf"~(?:/{PATH_CHAR}+)+/?(?!\$\{{)",
    "PATH_START": rf"(?:{PATH_CHAR}*(?:/{PATH_CHAR}+)+/?|{PATH_CHAR}*/|~(?:/{PATH_CHAR}+)*/?)(?=\$\{{)",
    "SEARCH_PATH": rf"<{SPATH_BODY}>",
    "URI": URI,
    "STRING_END": '"',
    "IND_CLOSE": "''",
}
"""Tokens that swallow the whitespace after them; the token is group 1."""

RULES = r"""
start          = ws expr end_of_file
expr           = lambda / let_in / with_expr / assert_expr / if_expr / op_chain

lambda         = &LAMBDA_START lambda_head expr
lambda_head    = at_pattern / pattern_at / pattern_colon / id_colon
at_pattern     = IDENTIFIER AT formals COLON
pattern_at     = formals AT IDENTIFIER COLON
pattern_colon  = formals COLON
id_colon       = IDENTIFIER COLON
formals        = LBRACE formal_comma* formal_last? FORMALS_END
formal_comma   = formal COMMA
formal_last    = ELLIPSIS / formal
formal         = IDENTIFIER formal_default?
formal_default = QUESTION expr

let_in         = LET binds IN expr
with_expr      = WITH expr SEMI expr
assert_expr    = ASSERT expr SEMI expr
if_expr        = IF expr THEN expr ELSE expr

op_chain       = operand op_tail*
op_tail        = binary_tail / has_attr_tail
binary_tail    = BINOP operand
has_attr_tail  = QUESTION attrpath
operand        = prefix* application
prefix         = NOT / NEGATE
application    = select select*
select         = &SIMPLE_START simple select_tail?
select_tail    = attr_select / OR
attr_select    = DOT attrpath select_default?
select_default = OR select

simple         = IDENTIFIER / string / attrset / list / paren / rec_set / let_set / ind_string
               / interp_path / PATH / HOME_PATH / SEARCH_PATH / URI / FLOAT / INTEGER
paren          = LPAREN expr RPAREN
list           = LBRACKET select* RBRACKET
attrset        = LBRACE binds RBRACE
rec_set        = REC LBRACE binds RBRACE
let_set        = LET LBRACE binds RBRACE
binds          = bind*
bind           = inherit / attr_def
attr_def       = attrpath ASSIGN expr SEMI
inherit        = INHERIT inherit_source? attr* SEMI
inherit_source = LPAREN expr RPAREN
attrpath       = attr dot_attr*
dot_attr       = DOT attr
attr           = IDENTIFIER / OR / string / interp_attr
interp_attr    = DOLLAR_CURLY expr RBRACE

string         = string_open string_part* STRING_END
string_open    = "\""
string_part    = string_chunk / interpolation
string_chunk   = ~r"(?:[^$\"\\]|\$\$|\$(?!\{)|\\[\s\S])+"
interpolation  = interp_open expr interp_close
interp_open    = ~r"\$\{" ws
interp_close   = "}"

ind_string     = ind_open ind_part* IND_CLOSE
ind_open       = ~r"''(?: *\n)?"
ind_part       = ind_chunk / ind_escape / interpolation / ind_single
ind_chunk      = ~r"(?:[^$']|\$[^{']|'[^'$])+"
ind_escape     = ~r"'''|''\$|''\\[\s\S]"
ind_single     = ~r"\$(?!\{)|'(?!')"

interp_path    = PATH_START path_part+ ws
path_part      = interpolation / path_fragment
path_fragment  = ~r"[a-zA-Z0-9._\-+/]+"

ws             = ~r"WS_PATTERN"
SIMPLE_START   = ~r"[a-zA-Z_0-9\"'{\[(.~/<+-]"
LAMBDA_START   = ~r"\{|[a-zA-Z_][a-zA-Z0-9_'-]*[ \t\r\n]*[:@#/]"
end_of_file    = ~r"(?![\s\S])"
"""


def _token_rule(name: str, pattern: str) -> str:
    body = f"({pattern}){WS}"
    return f'{name} = ~"{_escape(body)}"'


def _escape(pattern: str) -> str:
    return pattern.replace("\\", "\\\\").replace('"', '\\"')


def build_grammar() -> Grammar:
    """The compiled grammar; `start` is the default rule.

    Terminals are recompiled with the stdlib `re` engine, which matches these
    simple patterns faster than the `regex` module parsimonious picks.
    """
    rules = RULES.replace("WS_PATTERN", WS.replace('"', '\\"'))
    tokens = "\n".join(_token_rule(name, pattern) for name, pattern in TOKENS.items())
    compiled = Grammar(rules + tokens + "\n")
    seen: set[int] = set()
    pending: list[Expression] = list(compiled.values())
    while pending:
        expr = pending.pop()
        if id(expr) in seen:
            continue
        seen.add(id(expr))
        if isinstance(expr, Regex):
            expr.re = re.compile(expr.re.pattern)
        pending.extend(getattr(expr, "members", ()))
    return compiled


GRAMMAR = build_grammar()
