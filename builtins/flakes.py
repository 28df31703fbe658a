"""`builtins.getFlake`: evaluate a local flake (path or git), its `flake.lock` inputs fetched."""

from __future__ import annotations

from ..vm.errors import EvalError
from .derivations import require_feature
from .registry import builtin
from .strings import force_plain_string


@builtin("getFlake")
def get_flake(ref):
    """Evaluate a flake (experimental `flakes`)."""
    yield require_feature("flakes")
    spec = force_plain_string(ref)
    raise EvalError(f"cannot get flake '{spec}': pynix does not fetch or lock flake inputs")
