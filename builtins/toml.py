"""`builtins.fromTOML`: TOML documents as Nix values, with CppNix's (toml11's) semantics.

Parsing uses Python's `tomllib`. Dates and times are an error unless the
experimental feature `parse-toml-timestamps` is on; then they become
`{ _type = "timestamp"; value = "..."; }` printed as toml11 prints them.
`tomllib` keeps fractional seconds to the microsecond only; the digits up to
the nanosecond (toml11's precision) are read from the source text itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..vm.errors import EvalError
from ..vm.requests import Feature, Gen
from .arguments import checked
from .registry import builtin
from .strings import force_plain_string

if TYPE_CHECKING:
    import datetime

INT64 = range(-(2 ** 63), 2 ** 63)
TIMESTAMPS = "parse-toml-timestamps"


class _TomlError(Exception):
    """A TOML value pynix cannot represent, with toml11's / CppNix's wording."""


def _fraction(nanosecond: int) -> str:
    """toml11's fractional seconds: milliseconds, then micro- and nanoseconds only as far as non-zero."""
    if not nanosecond:
        return ""
    millis, rest = divmod(nanosecond, 1_000_000)
    micros, nanos = divmod(rest, 1000)
    text = f".{millis:03d}"
    if micros or nanos:
        text += f"{micros:03d}"
    if nanos:
        text += f"{nanos:03d}"
    return text


def format_timestamp(t: datetime.date | datetime.time, nanos: int = 0) -> str:
    """A TOML date, time or date-time as toml11 writes it; `nanos` are the digits below the microsecond."""
    import datetime
    if isinstance(t, datetime.time):
        fraction = _fraction(t.microsecond * 1000 + nanos)
        return f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}" + fraction
    if not isinstance(t, datetime.datetime):
        return t.isoformat()
    text = t.date().isoformat() + "T" + format_timestamp(t.time(), nanos)
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


_RADIX_INTEGER = r"0[xob][0-9a-fA-F_]+"
_TIME = r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
_STRING_OR_COMMENT = r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'


class SourceFacts:
    """What `tomllib` loses, read from the TOML text outside strings and comments.

    - `saturating`: hexadecimal, octal and binary integers. toml11, as CppNix
      uses it, rejects a decimal integer beyond 64 bits but reads these
      through `std::istringstream`, which saturates at the 64-bit maximum
      (nixpkgs' `lib.fromHexString` relies on that).
    - the digits below the microsecond of every time written, by (hour,
      minute, second, microsecond), in document order (which is the order
      `to_nix` meets them).
    """

    def __init__(self, source: str) -> None:
        code = re.sub(_STRING_OR_COMMENT, " ", source)
        self.saturating = frozenset(int(m.group(0).replace("_", ""), 0) for m in re.finditer(_RADIX_INTEGER, code))
        self._nanos: dict[tuple[int, int, int, int], list[int]] = {}
        for m in re.finditer(_TIME, code):
            digits = (m.group(4) or "")[:9].ljust(9, "0")
            key = (int(m.group(1)), int(m.group(2)), int(m.group(3)), int(digits[:6]))
            self._nanos.setdefault(key, []).append(int(digits[6:]))

    def nanos(self, t: datetime.date | datetime.time) -> int:
        """The digits below the microsecond of the next timestamp `t` written in the document."""
        import datetime
        if not isinstance(t, (datetime.time, datetime.datetime)):
            return 0
        queue = self._nanos.get((t.hour, t.minute, t.second, t.microsecond))
        return queue.pop(0) if queue else 0


def to_nix(v: Any, timestamps: bool, facts: SourceFacts) -> Any:
    """A parsed TOML value as a Nix value, completed by what `facts` read from the source."""
    if isinstance(v, dict):
        return {_string(k): to_nix(x, timestamps, facts) for k, x in v.items()}
    if isinstance(v, list):
        return [to_nix(x, timestamps, facts) for x in v]
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, bool) or isinstance(v, float):
        return v
    if isinstance(v, int):
        if v not in INT64:
            if v in facts.saturating:
                return INT64.stop - 1
            raise _TomlError("[error] toml::parse_dec_integer: too large integer: current max digits = 2^63")
        return v
    import datetime
    if isinstance(v, (datetime.date, datetime.time)):
        if not timestamps:
            raise _TomlError("Dates and times are not supported")
        return {"_type": "timestamp", "value": format_timestamp(v, facts.nanos(v))}
    raise _TomlError(f"unsupported TOML value {v!r}")


@builtin("fromTOML", top_level=True)
def from_toml(text) -> Gen:
    """The Nix value of a TOML document."""
    source = checked(force_plain_string, text, "while evaluating the argument passed to builtins.fromTOML")
    timestamps = yield Feature(TIMESTAMPS)
    import tomllib
    try:
        return to_nix(tomllib.loads(source), timestamps, SourceFacts(source))
    except (tomllib.TOMLDecodeError, _TomlError) as err:
        raise EvalError(f"while parsing TOML: {err}") from None
