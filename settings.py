"""CppNix's settings as the command line takes them: `--option NAME VALUE`, `--NAME`/`--no-NAME`, `NIX_CONFIG`.

Only the settings evaluation uses have a meaning here (`SETTINGS`); the
build and store settings CppNix also knows are accepted and ignored
(`IGNORED`); any other name gets CppNix's `warning: unknown setting 'x'`,
never a silent drop.
"""

from __future__ import annotations

from typing import Callable

SETTINGS: dict[str, str] = {
    "restrict-eval": "bool",
    "pure-eval": "bool",
    "show-trace": "bool",
    "allowed-uris": "list",
    "experimental-features": "list",
    "max-call-depth": "int",
    "max-memory": "size",
    "eval-timeout": "float",
}
"""The settings with a meaning for pynix, by name → kind of value."""

IGNORED = frozenset({
    "timeout", "max-jobs", "cores", "max-silent-time", "substituters", "trusted-substituters",
    "trusted-public-keys", "sandbox", "builders", "keep-outputs", "keep-derivations", "system",
    "extra-platforms", "build-users-group", "auto-optimise-store", "connect-timeout", "fallback",
    "warn-dirty", "accept-flake-config", "flake-registry", "narinfo-cache-negative-ttl",
})
"""CppNix settings that only concern building or the store: accepted, without effect on evaluation."""

_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


class SettingError(ValueError):
    """A setting given a value of the wrong kind (the message is CppNix's)."""


class Settings:
    """The value of every setting in `SETTINGS` (None: not given)."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self.values: dict[str, object] = {}
        self.warn = warn

    def get(self, name: str, default: object = None) -> object:
        """The value of setting `name`, or `default` if it was not set."""
        return self.values.get(name, default)

    def set(self, name: str, text: str) -> None:
        """Set `name` from its text form; `extra-NAME` appends to a list setting."""
        extra = name.startswith("extra-") and SETTINGS.get(name[len("extra-"):]) == "list"
        base = name[len("extra-"):] if extra else name
        kind = SETTINGS.get(base)
        if kind is None:
            if base not in IGNORED:
                self.warn(f"warning: unknown setting '{name}'")
            return
        value = parse_value(base, kind, text)
        if extra:
            value = [*self.values.get(base, []), *value]  # type: ignore[misc]
        self.values[base] = value

    def flag(self, flag: str, next_value: Callable[[], str]) -> bool:
        """Apply a `--NAME`, `--no-NAME` or `--NAME VALUE` flag; False if `flag` names no setting."""
        name = flag[2:]
        if SETTINGS.get(name) == "bool":
            self.values[name] = True
        elif name.startswith("no-") and SETTINGS.get(name[3:]) == "bool":
            self.values[name[3:]] = False
        elif name in SETTINGS or name.startswith("extra-") and name[6:] in SETTINGS:
            self.set(name, next_value())
        else:
            return False
        return True

    def load_config(self, text: str) -> None:
        """Apply the `name = value` lines of a nix.conf text (`NIX_CONFIG`); `#` starts a comment."""
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name, sep, value = line.partition("=")
            if not sep:
                self.warn(f"warning: illegal configuration line '{line}'")
                continue
            self.set(name.strip(), value.strip())


def parse_value(name: str, kind: str, text: str) -> object:
    """The value of setting `name` of kind `kind` written as `text`; SettingError if it is not one."""
    if kind == "bool":
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise SettingError(f"Boolean setting '{name}' has invalid value '{text}'")
    if kind == "list":
        return text.split()
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise SettingError(f"setting '{name}' has invalid value '{text}'") from None
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise SettingError(f"setting '{name}' has invalid value '{text}'") from None
    return parse_size(name, text)


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_size(name: str, text: str) -> int:
    """A size in bytes written as `N` or `N` with a unit `K`, `M`, `G`, `T` (powers of 1024), as CppNix writes sizes."""
    unit = text[-1:].upper() if text[-1:].isalpha() else ""
    try:
        return int(text[:len(text) - len(unit)]) * _UNITS[unit]
    except (ValueError, KeyError):
        raise SettingError(f"setting '{name}' has invalid value '{text}'") from None


__all__ = ["Settings", "SettingError", "SETTINGS", "IGNORED", "parse_size"]
