"""`toJSON` and `fromJSON`."""

from __future__ import annotations

import math
import re
from types import FunctionType
from typing import Any

from ..vm.coerce import coerce_to_string
from ..vm.errors import EvalError, NixError, Span, TypeError_
from ..vm.printer import escape_string
from ..vm.requests import Gen, Nested
from ..vm.thunk import Thunk
from ..vm.values import (
    Path, NixString, context_of, is_function, key_position, lambda_info, make_string, null_byte_error,
)
from .arguments import checked
from .registry import builtin
from .strings import force_plain_string

_INT_MIN, _INT_MAX = -(1 << 63), (1 << 63) - 1


def _float_json(f: float) -> str:
    if math.isnan(f) or math.isinf(f):
        return "null"
    text = repr(f)
    if "e" in text:
        mantissa, exp = text.split("e")
        text = f"{mantissa}e{exp[0] if exp[0] in '+-' else '+'}{exp.lstrip('+-').rjust(2, '0')}"
    return text


def to_json(value: Any, copy_to_store: bool = True) -> Gen:
    """Generator: the JSON text of `value` (forcing it deeply), with the contexts it carries.

    Each nested list or set is its own scheduler frame, so a structure nested
    deeper than the call depth limit ends in a clean stack overflow error.
    """
    out: list[str] = []
    contexts: list[frozenset[str]] = []
    yield _write_json(value, out, contexts, copy_to_store, None)
    context: frozenset[str] = frozenset().union(*contexts) if contexts else frozenset()
    return make_string("".join(out), context)


def _write_json(v: Any, out: list[str], contexts: list[frozenset[str]], copy_to_store: bool,
                at: Span | None) -> Gen:
    """Generator: append the JSON of `v` to `out`; `at` is where it was written (its attribute), if known."""
    if v.__class__ is Thunk:
        v = yield v
    cls = v.__class__
    if cls is bool:
        out.append("true" if v else "false")
    elif cls is int:
        out.append(str(v))
    elif cls is float:
        out.append(_float_json(v))
    elif v is None:
        out.append("null")
    elif cls is str or cls is NixString:
        contexts.append(context_of(v))
        out.append(_json_string(v))
    elif cls is Path or (cls is dict and "__toString" in v):
        s = yield coerce_to_string(v, copy_to_store=copy_to_store)
        contexts.append(context_of(s))
        out.append(_json_string(s))
    elif cls is list:
        out.append("[")
        for i, x in enumerate(v):
            if i:
                out.append(",")
            try:
                yield Nested(_write_json(x, out, contexts, copy_to_store, at))
            except NixError as err:
                err.add_frame(f"while evaluating list element at index {i}", at)
                raise
        out.append("]")
    elif cls is dict:
        if "outPath" in v:
            yield _write_json(v["outPath"], out, contexts, copy_to_store, at)
            return
        out.append("{")
        for i, k in enumerate(sorted(v)):
            if i:
                out.append(",")
            out.append(_json_string(k) + ":")
            try:
                yield Nested(_write_json(v[k], out, contexts, copy_to_store, key_position(k)))
            except NixError as err:
                err.add_frame(f"while evaluating attribute '{k}'", key_position(k))
                raise
        out.append("}")
    elif is_function(v):
        # At the lambda itself, as CppNix's `determinePos`; a builtin has none but where it was written.
        raise TypeError_("cannot convert a function to JSON", lambda_info(v).span if cls is FunctionType else at)
    else:
        raise EvalError(f"cannot convert {cls.__name__} to JSON")


def _json_string(s: str) -> str:
    try:
        str(s).encode("utf-8")
    except UnicodeEncodeError:
        raise EvalError(f"JSON string is not valid UTF-8: {escape_string(str(s))}") from None
    import json
    return json.dumps(str(s), ensure_ascii=False)


@builtin("toJSON")
def to_json_(value):
    """The JSON representation of a value."""
    return (yield to_json(value))


def _checked(text: str) -> str:
    message = null_byte_error(text)
    if message is not None:
        raise EvalError(message)
    return text


def _convert(obj: Any) -> Any:
    if isinstance(obj, str):
        return _checked(obj)
    if isinstance(obj, bool) or obj is None:
        return obj
    if isinstance(obj, int):
        if not _INT_MIN <= obj <= _INT_MAX:
            raise EvalError(f"while parsing JSON: number {obj} is out of range of a 64-bit integer")
        return obj
    if isinstance(obj, float):
        if math.isinf(obj):
            raise EvalError("while parsing JSON: number out of range of a float")
        return obj
    if isinstance(obj, list):
        return [_convert(x) for x in obj]
    return {k: _convert(v) for k, v in obj.items()}


@builtin("fromJSON")
def from_json(text):
    """Parse a JSON string into a Nix value."""
    s = checked(force_plain_string, text, "while evaluating the first argument passed to builtins.fromJSON")
    import json
    try:
        check_json_strings(s)
        data = json.loads(s)
    except (ValueError, RecursionError) as err:
        raise EvalError(f"while parsing JSON: {err}") from None
    except EvalError as err:
        err.add_frame("while decoding a JSON string")
        raise
    if isinstance(data, (dict, list)):
        return _deep_convert(data)
    return _convert(data)


_SUSPECT = re.compile("\\\\u[dD][89a-fA-F]|[\udc80-\udcff]")
"""A surrogate escape, or a byte that is not UTF-8 (held as a surrogate, see `Source.read`)."""


def check_json_strings(text: str) -> None:
    """Raise CppNix's (nlohmann json's) error for a JSON string literal in `text` that holds ill-formed
    UTF-8 or an unpaired surrogate escape, which Python's `json` would accept."""
    if not _SUSPECT.search(text):
        return
    data = text.encode("utf-8", "surrogateescape")
    i, start, inside = 0, 0, False
    while i < len(data):
        b = data[i]
        if not inside:
            inside, start = b == 0x22, i
        elif b == 0x22:
            inside = False
        elif b == 0x5C and data[i + 1:i + 2] == b"u":
            code = _hex4(data, i + 2)
            if code is not None and 0xD800 <= code <= 0xDBFF:
                if data[i + 6:i + 8] != b"\\u":
                    _json_error(data, start, i + 7, "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF")
                low = _hex4(data, i + 8)
                if low is not None and not 0xDC00 <= low <= 0xDFFF:
                    _json_error(data, start, i + 12, "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF")
                i += 6
            elif code is not None and 0xDC00 <= code <= 0xDFFF:
                _json_error(data, start, i + 6, "surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF")
            i += 5
        elif b == 0x5C:
            i += 1
        elif b >= 0x80:
            i = _utf8_sequence_end(data, i, start) - 1
        i += 1


def _hex4(data: bytes, at: int) -> int | None:
    digits = data[at:at + 4]
    return int(digits, 16) if len(digits) == 4 and all(c in b"0123456789abcdefABCDEF" for c in digits) else None


_UTF8_SECOND = {0xE0: (0xA0, 0xBF), 0xED: (0x80, 0x9F), 0xF0: (0x90, 0xBF), 0xF4: (0x80, 0x8F)}
"""Lead bytes whose second byte has a narrower range than 0x80..0xBF (Unicode's table 3-7)."""


def _utf8_sequence_end(data: bytes, i: int, start: int) -> int:
    """The end of the well-formed UTF-8 sequence at `data[i]`, or nlohmann's error at its first bad byte."""
    lead = data[i]
    length = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
    if not length:
        _json_error(data, start, i + 1, "ill-formed UTF-8 byte")
    for k in range(1, length):
        low, high = _UTF8_SECOND.get(lead, (0x80, 0xBF)) if k == 1 else (0x80, 0xBF)
        if i + k >= len(data) or not low <= data[i + k] <= high:
            _json_error(data, start, i + k + 1, "ill-formed UTF-8 byte")
    return i + length


def _json_error(data: bytes, token_start: int, end: int, problem: str) -> None:
    """nlohmann's parse error after reading `data[:end]`, inside the string token starting at `token_start`."""
    line_start = data.rfind(b"\n", 0, end) + 1
    line = data.count(b"\n", 0, line_start) + 1
    last_read = data[token_start:end].decode("utf-8", "surrogateescape")
    raise EvalError(f"[json.exception.parse_error.101] parse error at line {line}, "
                    f"column {end - line_start}: syntax error while parsing value - invalid string: {problem}; "
                    f"last read: '{last_read}'")


def _deep_convert(data: Any) -> Any:
    """Convert nested JSON containers without recursion."""
    root: list[Any] = [None]
    work = [(root, 0, data)]
    while work:
        target, key, obj = work.pop()
        if isinstance(obj, list):
            new: Any = [None] * len(obj)
            work.extend((new, i, x) for i, x in enumerate(obj))
        elif isinstance(obj, dict):
            new = {}
            for k, x in obj.items():
                new[_checked(k)] = None
                work.append((new, k, x))
        else:
            new = _convert(obj)
        target[key] = new
    return root[0]


