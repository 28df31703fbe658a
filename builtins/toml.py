"""`builtins.fromTOML`: TOML documents as Nix values, with CppNix's (toml11's) semantics.

Parsing uses Python's `tomllib`. Dates and times are an error unless the
experimental feature `parse-toml-timestamps` is on; then they become
`{ _type = "timestamp"; value = "..."; }` printed as toml11 prints them.
`tomllib` keeps fractional seconds to the microsecond only, so nanosecond
digits are lost.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from typing import Any

from ..vm.errors import EvalError
from ..vm.requests import Feature, Gen
from .arguments import checked
from .registry import builtin
from .strings import force_plain_string

INT64 = range(-(2 ** 63), 2 ** 63)
TIMESTAMPS = "parse-toml-timestamps"


class _TomlError(Exception):
    """A TOML value pynix cannot represent, with toml11's / CppNix's wording."""


def _fraction(microsecond: int) -> str:
    """toml11's fractional seconds: milliseconds, then microseconds only when non-zero."""
    if not microsecond:
        return ""
    millis, micros = divmod(microsecond, 1000)
    return f".{millis:03d}" + (f"{micros:03d}" if micros else "")


def format_timestamp(t: datetime.date | datetime.time) -> str:
    """A TOML date, time or date-time as toml11 writes it."""
    if isinstance(t, datetime.time):
        return f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}" + _fraction(t.microsecond)
    if not isinstance(t, datetime.datetime):
        return t.isoformat()
    text = t.date().isoformat() + "T" + format_timestamp(t.time())
    offset = t.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return text + "Z"
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{mins:02d}"


def _string(s: str) -> str:
    if "\0" in s:
        raise _TomlError(f"error: input string '{s.replace(chr(0), chr(0x2400))}' cannot be represented as Nix "
                         "string because it contains null bytes")
    return s


_RADIX_INTEGER = re.compile(r"0[xob][0-9a-fA-F_]+")


def saturating_integers(source: str) -> frozenset[int]:
    """Values of the hexadecimal, octal and binary integers written in `source`.

    toml11, as CppNix uses it, rejects a decimal integer beyond 64 bits but
    reads these notations through `std::istringstream`, which saturates at the
    64-bit maximum (nixpkgs' `lib.fromHexString` relies on that).
    """
    return frozenset(int(m.group(0).replace("_", ""), 0) for m in _RADIX_INTEGER.finditer(source))


def to_nix(v: Any, timestamps: bool, saturating: frozenset[int] = frozenset()) -> Any:
    """A parsed TOML value as a Nix value; integers in `saturating` are clamped to 64 bits."""
    if isinstance(v, dict):
        return {_string(k): to_nix(x, timestamps, saturating) for k, x in v.items()}
    if isinstance(v, list):
        return [to_nix(x, timestamps, saturating) for x in v]
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, bool) or isinstance(v, float):
        return v
    if isinstance(v, int):
        if v not in INT64:
            if v in saturating:
                return INT64.stop - 1
            raise _TomlError("[error] toml::parse_dec_integer: too large integer: current max digits = 2^63")
        return v
    if isinstance(v, (datetime.date, datetime.time)):
        if not timestamps:
            raise _TomlError("Dates and times are not supported")
        return {"_type": "timestamp", "value": format_timestamp(v)}
    raise _TomlError(f"unsupported TOML value {v!r}")


@builtin("fromTOML")
def from_toml(text) -> Gen:
    """The Nix value of a TOML document."""
    source = checked(force_plain_string, text, "while evaluating the argument passed to builtins.fromTOML")
    timestamps = yield Feature(TIMESTAMPS)
    try:
        return to_nix(tomllib.loads(source), timestamps, saturating_integers(source))
    except (tomllib.TOMLDecodeError, _TomlError) as err:
        raise EvalError(f"while parsing TOML: {err}") from None
