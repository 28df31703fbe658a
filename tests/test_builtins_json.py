"""`fromJSON` rejects what CppNix's JSON parser (nlohmann json) rejects, with its message."""

from __future__ import annotations

import pytest

import pynix
from evaluation import error_of, ev

PREFIX = "[json.exception.parse_error.101] parse error at "


@pytest.mark.parametrize("json, where, problem, last_read", [
    ('"\\ud800"', "line 1, column 8", "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF", '"\\ud800"'),
    ('"\\ud800x"', "line 1, column 8", "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF", '"\\ud800x'),
    ('["ok", "\\ud800\\u0041"]', "line 1, column 20",
     "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF", '"\\ud800\\u0041'),
    ('"\\udc00"', "line 1, column 7", "surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF", '"\\udc00'),
    ('"\udcff"', "line 1, column 2", "ill-formed UTF-8 byte", '"\udcff'),            # the byte 0xff
    ('[\n "a\udcc3("]', "line 2, column 5", "ill-formed UTF-8 byte", '"a\udcc3('),    # 0xc3 then no continuation
    ('"\udced\udca0\udc80"', "line 1, column 3", "ill-formed UTF-8 byte", '"\udced\udca0'),  # an encoded surrogate
])
def test_invalid_strings(json: str, where: str, problem: str, last_read: str) -> None:
    err = error_of_json(json)
    assert err.message == f"{PREFIX}{where}: syntax error while parsing value - invalid string: {problem}; " \
                          f"last read: '{last_read}'"
    assert any(f.message == "while decoding a JSON string" for f in err.frames)


def error_of_json(text: str) -> pynix.EvalError:
    """The error `fromJSON` raises for the JSON `text` (given as a Nix string without escapes to undo)."""
    ev_ = pynix.Evaluator()
    fn = ev_.evaluate_raw("builtins.fromJSON")
    with pytest.raises(pynix.EvalError) as info:
        ev_.call(fn, text)
    return info.value


@pytest.mark.parametrize("json, value", [
    ('"\\ud83d\\ude00"', "😀"), ('"\\\\ud800"', "\\ud800"), ('"é€😀"', "é€😀"), ('"\\u00e9"', "é"),
])
def test_valid_strings(json: str, value: str) -> None:
    assert ev(f"builtins.fromJSON ''{json}''") == value


def test_argument_is_a_string_without_context() -> None:
    assert error_of("builtins.fromJSON ./x").message.startswith("expected a string but found a path")
    assert "not allowed to refer to a store path" in error_of(
        'builtins.fromJSON "${builtins.toFile "a" "1"}"').message
