"""Derivations: `derivationStrict`, the `derivation` wrapper, `placeholder`, `storePath`, `toFile`.

A derivation is serialised to CppNix's ATerm text (the `.drv` file) and its
output paths come from `hashDerivationModulo`, so `drvPath` and `outPath`
are the paths CppNix computes, without a store. What an evaluation "writes"
to the store (derivations and `toFile` texts) is remembered in the
evaluator's `WrittenStore`, keyed by store path: later derivations need
their closures and hashes, and `readFile` can read them back; another
evaluator cannot.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..vm.coerce import canonical_path, coerce_to_string
from ..vm.errors import EvalError, NixError
from ..vm.requests import CheckPath, Feature, Gen, PureEval, Warn, Written
from ..vm.store import STORE_DIR, base32, make_store_path, make_type, text_path
from ..vm.thunk import Thunk, forced
from ..vm.values import NixString, attr_position, context_of, key_position
from .core import force_attrs, force_bool, force_list, force_string
from .arguments import argument, checked, forced_argument
from .debug import warning_text
from .hashing import HASH_SIZES, parse_hash, parse_hash_algo
from .json import to_json
from .registry import builtin
from .strings import coerce_arg, force_plain_string

# -- store path names and hashes -------------------------------------------

_NAME_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-._?=")
MAX_NAME_LENGTH = 211


def name_error(name: str) -> str | None:
    """Why `name` is not a valid store path name (CppNix's `checkName` wording), or None."""
    if not name:
        return "name must not be empty"
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_LENGTH:
        return f"name '{name}' must be no longer than {MAX_NAME_LENGTH} characters"
    for dots in ("..", "."):
        if name == dots:
            return f"name '{name}' is not valid"
        if name.startswith(dots + "-"):
            return f"name '{name}' is not valid: first dash-separated component must not be '{dots}'"
    for ch in name:
        if ch not in _NAME_CHARS:
            return f"name '{name}' contains illegal character '{ch}'"
    return None


def hash_placeholder(output: str) -> str:
    """`builtins.placeholder output`: what the output's path is replaced by at build time."""
    return "/" + base32(hashlib.sha256(f"nix-output:{output}".encode()).digest())


# -- content-addressing methods ---------------------------------------------

METHOD_PREFIXES = {"flat": "", "nar": "r:", "recursive": "r:", "text": "text:", "git": "git:"}
"""`outputHashMode` → the prefix CppNix writes before the hash algorithm (`r:sha256`)."""

_METHOD_FEATURES = {"text": "dynamic-derivations", "git": "git-hashing"}


def fixed_output_path(name: str, prefix: str, algo: str, digest: bytes) -> str:
    """The store path of content-addressed data (`makeFixedOutputPath`), without references."""
    if prefix == "text:":
        return make_store_path(make_type("text", ()), digest.hex(), name)
    if prefix == "r:" and algo == "sha256":
        return make_store_path("source", digest.hex(), name)
    inner = hashlib.sha256(f"fixed:out:{prefix}{algo}:{digest.hex()}:".encode()).hexdigest()
    return make_store_path("output:out", inner, name)


def require_feature(name: str) -> Gen:
    """Generator: CppNix's error unless the experimental feature `name` is enabled."""
    if not (yield Feature(name)):
        raise EvalError(f"experimental Nix feature '{name}' is disabled; "
                        f"add '--extra-experimental-features {name}' to enable it")


# -- the derivation model and its ATerm text --------------------------------

class Output:
    """One output of a derivation.

    `kind` is `input` (input-addressed, path known), `fixed` (fixed-output),
    `floating` (content-addressed, path known after the build), `deferred`
    (input-addressed but depending on floating outputs) or `impure`.
    """

    __slots__ = ("kind", "path", "method_algo", "hash_hex")

    def __init__(self, kind: str, path: str | None = None, method_algo: str = "", hash_hex: str = "") -> None:
        self.kind = kind
        self.path = path
        self.method_algo = method_algo
        self.hash_hex = hash_hex

    def aterm_fields(self, mask: bool) -> tuple[str, str, str]:
        """Path, method+algorithm and hash as written in the `.drv` file."""
        path = "" if mask or self.path is None or self.kind not in ("input", "fixed") else self.path
        hash_field = "impure" if self.kind == "impure" else self.hash_hex
        algo = "" if self.kind in ("input", "deferred") else self.method_algo
        return path, algo, hash_field


class Derivation:
    """A store derivation, as CppNix's `Derivation`."""

    __slots__ = ("name", "outputs", "input_drvs", "input_srcs", "platform", "builder", "args", "env")

    def __init__(self, name: str) -> None:
        self.name = name
        self.outputs: dict[str, Output] = {}
        self.input_drvs: dict[str, set[str]] = {}
        self.input_srcs: set[str] = set()
        self.platform = ""
        self.builder = ""
        self.args: list[str] = []
        self.env: dict[str, str] = {}

    def references(self) -> set[str]:
        """The store paths the `.drv` file refers to."""
        return self.input_srcs | set(self.input_drvs)

    def unparse(self, mask_outputs: bool, inputs: dict[str, set[str]] | None = None) -> str:
        """The ATerm text; `inputs` replaces the input derivations (by their modulo hashes)."""
        outs = []
        for name in sorted(self.outputs):
            path, algo, hash_field = self.outputs[name].aterm_fields(mask_outputs)
            outs.append(f"({_q(name)},{_q(path)},{_q(algo)},{_q(hash_field)})")
        drvs = inputs if inputs is not None else self.input_drvs
        in_drvs = [f"({_q(p)},{_list(sorted(drvs[p]))})" for p in sorted(drvs)]
        env = [f"({_q(k)},{_q('' if mask_outputs and k in self.outputs else v)})"
               for k, v in sorted(self.env.items())]
        platform = f'"{self.platform}"'  # as CppNix (printUnquotedString): unescaped, whatever it holds
        return (f"Derive([{','.join(outs)}],[{','.join(in_drvs)}],{_list(sorted(self.input_srcs))},"
                f"{platform},{_q(self.builder)},{_list(self.args)},[{','.join(env)}])")


def _q(s: str) -> str:
    return '"' + (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\r", "\\r").replace("\t", "\\t")) + '"'


def _list(items: list[str]) -> str:
    return "[" + ",".join(_q(s) for s in items) + "]"


def _utf8(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


# -- what this evaluation wrote to the store --------------------------------

class StoreObject:
    """A text the evaluation put in the store: its contents and the store paths it refers to."""

    __slots__ = ("contents", "references")

    def __init__(self, contents: str, references: frozenset[str]) -> None:
        self.contents = contents
        self.references = references


class WrittenStore:
    """What one evaluator wrote to the store, by store path: `toFile` texts and derivations (their `.drv`
    text and the derivation itself), and the `hashDerivationModulo` of each derivation, memoised.

    It belongs to the evaluator (`Written` request), so one evaluator never reads what another wrote.
    """

    def __init__(self) -> None:
        self.objects: dict[str, StoreObject] = {}
        self.derivations: dict[str, Derivation] = {}
        self._modulo_hashes: dict[str, tuple[dict[str, bytes], bool]] = {}

    def get(self, path: str) -> StoreObject | None:
        """The text written at `path`, or None."""
        return self.objects.get(path)

    def written(self, path: str) -> StoreObject:
        obj = self.objects.get(path)
        if obj is None:
            raise EvalError(f"path '{path}' is not valid")
        return obj

    def derivation(self, path: str) -> Derivation:
        drv = self.derivations.get(path)
        if drv is None:
            raise EvalError(f"path '{path}' is not valid")
        return drv

    def closure(self, path: str) -> set[str]:
        """`path` and every store path it refers to, directly or not (`computeFSClosure`)."""
        seen: set[str] = set()
        work = [path]
        while work:
            p = work.pop()
            if p not in seen:
                seen.add(p)
                if p.endswith(".drv") or p in self.objects:
                    work.extend(self.written(p).references)
        return seen

    def hash_modulo(self, drv: Derivation, mask_outputs: bool) -> tuple[dict[str, bytes], bool]:
        """`hashDerivationModulo`: the hash of each output, and whether the hashes are deferred."""
        if drv.outputs and all(o.kind == "fixed" for o in drv.outputs.values()):
            return {name: hashlib.sha256(_utf8(f"fixed:out:{o.method_algo}:{o.hash_hex}:{o.path}")).digest()
                    for name, o in drv.outputs.items()}, False
        deferred = any(o.kind in ("floating", "impure") for o in drv.outputs.values())
        inputs: dict[str, set[str]] = {}
        for path, wanted in drv.input_drvs.items():
            hashes, input_deferred = self._path_hash_modulo(path)
            deferred = deferred or input_deferred
            for out in wanted:
                h = hashes.get(out)
                if h is None:
                    raise EvalError(f"no hash for output '{out}' of derivation '{drv.name}'")
                inputs.setdefault(h.hex(), set()).add(out)
        digest = hashlib.sha256(_utf8(drv.unparse(mask_outputs, inputs))).digest()
        return {name: digest for name in drv.outputs}, deferred

    def _path_hash_modulo(self, path: str) -> tuple[dict[str, bytes], bool]:
        cached = self._modulo_hashes.get(path)
        if cached is None:
            cached = self._modulo_hashes[path] = self.hash_modulo(self.derivation(path), False)
        return cached

    def write_derivation(self, drv: Derivation) -> str:
        """Record `drv` as written to the store; its `.drv` path."""
        text = drv.unparse(False)
        refs = frozenset(drv.references())
        path = text_path(drv.name + ".drv", _utf8(text), refs)
        self.objects[path] = StoreObject(text, refs)
        self.derivations[path] = drv
        return path


def output_path_name(drv_name: str, output: str) -> str:
    """The name part of an output's store path (`outputPathName`)."""
    return drv_name if output == "out" else f"{drv_name}-{output}"


# -- string context ----------------------------------------------------------

def show_context_element(element: str) -> str:
    """A context element as CppNix prints it in messages: store paths by their base name."""
    prefix, _, path = element.rpartition(STORE_DIR + "/")
    return prefix + path


def _add_context_inputs(store: WrittenStore, drv: Derivation, context: frozenset[str]) -> None:
    """Make the store paths and derivation outputs a derivation's strings refer to its inputs."""
    for element in context:
        if element.startswith("="):
            for path in store.closure(element[1:]):
                drv.input_srcs.add(path)
                if path.endswith(".drv"):
                    drv.input_drvs[path] = set(store.derivation(path).outputs)
        elif element.startswith("!"):
            _, output, drv_path = element.split("!", 2)
            drv.input_drvs.setdefault(drv_path, set()).add(output)
        else:
            drv.input_srcs.add(element)


# -- derivationStrict ---------------------------------------------------------

_STRUCTURED_ONLY_WARNINGS = ("allowedReferences", "allowedRequisites", "disallowedReferences",
                             "disallowedRequisites", "maxSize", "maxClosureSize")


class _Spec:
    """What `derivationStrict` gathers from the attributes before computing paths."""

    __slots__ = ("drv", "context", "outputs", "output_hash", "output_hash_algo", "method", "content_addressed",
                 "impure", "structured")

    def __init__(self, drv: Derivation) -> None:
        self.drv = drv
        self.context: frozenset[str] = frozenset()
        self.outputs = ["out"]
        self.output_hash: str | None = None
        self.output_hash_algo = ""
        self.method: str | None = None
        self.content_addressed = False
        self.impure = False
        self.structured: dict[str, str] | None = None


@builtin("derivationStrict", top_level=True)
def derivation_strict(attrs):
    """Instantiate a derivation: `{ drvPath; <output> = path; ... }` with their string contexts."""
    checked(force_attrs, attrs, "while evaluating the argument passed to builtins.derivationStrict")
    if "name" not in attrs:
        err = EvalError("attribute 'name' missing")
        err.add_frame("in the attrset passed as argument to builtins.derivationStrict")
        raise err
    try:
        name = force_plain_string((yield from forced(attrs["name"])))
    except NixError as err:
        err.add_frame("while evaluating the `name` attribute passed to builtins.derivationStrict")
        err.add_frame("while evaluating the derivation attribute 'name'", attr_position(attrs, "name"))
        raise
    try:
        return (yield _instantiate(name, attrs))
    except NixError as err:
        where = attr_position(attrs, "name")
        located = f"\nwhose name attribute is located at {where}" if where is not None else ""
        err.add_frame(f"while evaluating derivation '{name}'{located}")
        raise


def _flag(attrs: dict, key: str) -> Gen:
    """Generator: the Boolean attribute `key` (`__structuredAttrs`, `__ignoreNulls`), false if absent."""
    if key not in attrs:
        return False
    v = yield from forced(attrs[key])
    return checked(force_bool, v, f"while evaluating the `{key}` attribute passed to builtins.derivationStrict")


def _instantiate(name: str, attrs: dict) -> Gen:
    error = name_error(name)
    if error is not None:
        raise EvalError(f"invalid derivation name: {error}. Please pass a different 'name'.")
    spec = _Spec(Derivation(name))
    if (yield _flag(attrs, "__structuredAttrs")):
        spec.structured = {}
    ignore_nulls = yield _flag(attrs, "__ignoreNulls")
    for key in sorted(attrs):
        if key == "__ignoreNulls":
            continue
        try:
            value = attrs[key]
            if ignore_nulls:
                value = yield from forced(value)
                if value is None:
                    continue
            yield _attribute(spec, key, value)
        except NixError as err:
            err.add_frame(f"while evaluating attribute '{key}' of derivation '{name}'", key_position(key))
            raise
    if spec.structured is not None:
        yield _warn_structured(spec)
        spec.drv.env["__json"] = "{" + ",".join(f"{_json_key(k)}:{v}" for k, v in
                                                sorted(spec.structured.items())) + "}"
    return (yield _finish(spec))


def _json_key(key: str) -> str:
    import json
    return json.dumps(key, ensure_ascii=False)


def _warn_structured(spec: _Spec) -> Gen:
    assert spec.structured is not None  # called only under `__structuredAttrs`
    for key in sorted(_STRUCTURED_ONLY_WARNINGS):
        if key in spec.structured:
            yield Warn(warning_text(
                f"In a derivation named '{spec.drv.name}', 'structuredAttrs' disables the effect of the "
                f"derivation attribute '{key}'; use 'outputChecks.<output>.{key}' instead"))


def _attribute(spec: _Spec, key: str, value: Any) -> Gen:
    """Generator: fold one attribute into the derivation (CppNix's attribute loop)."""
    drv = spec.drv
    if key in ("__contentAddressed", "__impure"):
        flag = force_bool((yield from forced(value)))
        if flag:
            feature = "ca-derivations" if key == "__contentAddressed" else "impure-derivations"
            yield require_feature(feature)
            if key == "__contentAddressed":
                spec.content_addressed = True
            else:
                spec.impure = True
            return
    if key == "args":
        items = force_list((yield from forced(value)))
        for item in items:
            s = yield _coerce(item, "while evaluating an element of the argument list")
            spec.context |= context_of(s)
            drv.args.append(str(s))
        return
    if spec.structured is not None:
        if key == "__structuredAttrs":
            return
        text = yield to_json(value)
        spec.context |= context_of(text)
        spec.structured[key] = str(text)
        yield _structured_special(spec, key, value)
        return
    s = yield _coerce(value)
    spec.context |= context_of(s)
    s = str(s)
    drv.env[key] = s
    if key == "builder":
        drv.builder = s
    elif key == "system":
        drv.platform = s
    elif key == "outputHash":
        spec.output_hash = s
    elif key == "outputHashAlgo":
        spec.output_hash_algo = s
    elif key == "outputHashMode":
        spec.method = _hash_mode(s)
    elif key == "outputs":
        spec.outputs = _outputs(s.split())


def _coerce(value: Any, context: str | None = None) -> Gen:
    try:
        return (yield coerce_to_string(value, coerce_more=True, copy_to_store=True))
    except NixError as err:
        if context:
            err.add_frame(context)
        raise


def _structured_special(spec: _Spec, key: str, value: Any) -> Gen:
    """Generator: the attributes with a meaning of their own, under `__structuredAttrs`."""
    v = yield from forced(value)
    if key == "builder":
        s = force_string(v)
        spec.context |= context_of(s)
        spec.drv.builder = str(s)
    elif key == "system":
        spec.drv.platform = force_plain_string(v)
    elif key == "outputHash":
        spec.output_hash = force_plain_string(v)
    elif key == "outputHashAlgo":
        spec.output_hash_algo = force_plain_string(v)
    elif key == "outputHashMode":
        spec.method = _hash_mode(force_plain_string(v))
    elif key == "outputs":
        names = []
        for item in force_list(v):
            names.append(force_plain_string((yield from forced(item))))
        spec.outputs = _outputs(names)


def _hash_mode(mode: str) -> str:
    if mode not in METHOD_PREFIXES:
        raise EvalError(f"invalid value '{mode}' for 'outputHashMode' attribute")
    return "nar" if mode == "recursive" else mode


def _outputs(names: list[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name in seen:
            raise EvalError(f"duplicate derivation output '{name}'")
        if name == "drvPath":
            raise EvalError("invalid derivation output name 'drvPath'")
        seen.append(name)
    if not seen:
        raise EvalError("derivation cannot have an empty set of outputs")
    return sorted(seen)


def _finish(spec: _Spec) -> Gen:
    """Generator: check the gathered derivation, compute its paths, write it; the result set."""
    drv = spec.drv
    store = yield Written()
    _add_context_inputs(store, drv, spec.context)
    if not drv.builder:
        raise EvalError("required attribute 'builder' missing")
    if not drv.platform:
        raise EvalError("required attribute 'system' missing")
    if drv.name.endswith(".drv") and not (spec.method == "text" and spec.outputs == ["out"]):
        raise EvalError("derivation names are allowed to end in '.drv' only if they produce a single "
                        "derivation file")
    if spec.method in _METHOD_FEATURES:
        yield require_feature(_METHOD_FEATURES[spec.method])
    if spec.output_hash is not None:
        yield _fixed_output(spec)
    elif spec.content_addressed or spec.impure:
        if spec.content_addressed and spec.impure:
            raise EvalError("derivation cannot be both content-addressed and impure")
        algo = (yield parse_hash_algo(spec.output_hash_algo)) if spec.output_hash_algo else "sha256"
        method_algo = METHOD_PREFIXES[spec.method or "nar"] + algo
        for out in spec.outputs:
            drv.env[out] = hash_placeholder(out)
            drv.outputs[out] = Output("impure" if spec.impure else "floating", method_algo=method_algo)
    else:
        _input_addressed(store, spec)
    drv_path = store.write_derivation(drv)
    result: dict[str, Any] = {"drvPath": NixString(drv_path, frozenset(["=" + drv_path]))}
    for out, o in drv.outputs.items():
        path = o.path if o.path is not None else downstream_placeholder(drv_path, out)
        result[out] = NixString(path, frozenset([f"!{out}!{drv_path}"]))
    return result


def _fixed_output(spec: _Spec) -> Gen:
    """Generator: give a fixed-output derivation its `out` path from `outputHash`."""
    drv = spec.drv
    if spec.outputs != ["out"]:
        raise EvalError("multiple outputs are not supported in fixed-output derivations")
    algo_hint = (yield parse_hash_algo(spec.output_hash_algo)) if spec.output_hash_algo else None
    if spec.output_hash:
        parsed = yield parse_hash(spec.output_hash, algo_hint)
        algo, digest = parsed.algo, parsed.digest
    elif algo_hint is None:
        raise EvalError("empty hash requires explicit hash algorithm")
    else:
        algo, digest = algo_hint, bytes(HASH_SIZES[algo_hint])
    prefix = METHOD_PREFIXES[spec.method or "flat"]
    path = fixed_output_path(drv.name, prefix, algo, digest)
    drv.env["out"] = path
    drv.outputs["out"] = Output("fixed", path, prefix + algo, digest.hex())


def _input_addressed(store: WrittenStore, spec: _Spec) -> None:
    drv = spec.drv
    for out in spec.outputs:
        drv.env[out] = ""
        drv.outputs[out] = Output("deferred")
    hashes, deferred = store.hash_modulo(drv, True)
    if deferred:
        return
    for out in spec.outputs:
        path = make_store_path("output:" + out, hashes[out].hex(), output_path_name(drv.name, out))
        drv.env[out] = path
        drv.outputs[out] = Output("input", path)


# -- derivation ---------------------------------------------------------------

@builtin("derivation", top_level=True)
def derivation(attrs):
    """The derivation described by `attrs`: CppNix's `derivation.nix` wrapper around `derivationStrict`.

    Returns the set of its first output: `attrs` plus `type`, `outPath`,
    `drvPath`, `outputName`, `drvAttrs`, `all` and one set per output. The
    instantiation itself happens only when `outPath` or `drvPath` is used.
    """
    force_attrs(attrs)
    outputs = (yield from forced(attrs["outputs"])) if "outputs" in attrs else ["out"]
    names = []
    for item in force_list(outputs):
        names.append(str(force_string((yield from forced(item)))))
    strict = Thunk(lambda: derivation_strict(attrs))
    by_name: dict[str, dict] = {}
    in_order = []
    for name in names:
        out = by_name.setdefault(name, {})
        in_order.append(out)
    common = {**attrs, **by_name, "all": in_order, "drvAttrs": attrs}
    for name, out in by_name.items():
        out.update(common)
        out.update(outPath=Thunk(lambda name=name: _select(strict, name)),
                   drvPath=Thunk(lambda: _select(strict, "drvPath")),
                   type="derivation", outputName=name)
    return in_order[0]


def _select(strict: Thunk, name: str) -> Gen:
    result = yield strict
    if name not in result:
        raise EvalError(f"attribute '{name}' missing")
    return result[name]


# -- placeholder, storePath, toFile -------------------------------------------

@builtin("placeholder", top_level=True)
def placeholder(output):
    """The placeholder that stands for the path of output `output` while building."""
    name = argument(force_plain_string, output, 0, "placeholder")
    return hash_placeholder(name)


@builtin("storePath")
def store_path(path):
    """`path` (a store path or a path inside one) as a string whose context is that store path."""
    if (yield PureEval()):
        raise EvalError("'builtins.storePath' is not allowed in pure evaluation mode")
    try:
        s = yield coerce_to_string(path, coerce_more=False, copy_to_store=False)
        if not str(s).startswith("/"):
            raise EvalError(f"string '{s}' doesn't represent an absolute path")
    except NixError as err:
        err.add_frame("while evaluating the first argument passed to 'builtins.storePath'")
        raise
    p = canonical_path(str(s))
    yield CheckPath(p)
    if not p.startswith(STORE_DIR + "/"):
        raise EvalError(f"path '{p}' is not in the Nix store")
    root = STORE_DIR + "/" + p[len(STORE_DIR) + 1:].split("/", 1)[0]
    return NixString(p, context_of(s) | {root})


@builtin("toFile", lazy=("contents",))
def to_file(name, contents):
    """Write the string `contents` to the store as `name`; its store path."""
    name = argument(force_plain_string, name, 0, "toFile")
    contents = yield from forced_argument(force_string, contents, 1, "toFile")
    refs = set()
    for element in context_of(contents):
        if element.startswith(("=", "!")):
            raise EvalError(f"files created by builtins.toFile may not reference derivations, but {name} "
                            f"references {show_context_element(element)}")
        refs.add(element)
    path = text_path(name, _utf8(contents), refs)
    error = name_error(name)
    if error is not None:
        raise EvalError(f"path '{path[len(STORE_DIR) + 1:]}' is not a valid store path: {error}")
    (yield Written()).objects[path] = StoreObject(str(contents), frozenset(refs))
    return NixString(path, frozenset([path]))


def downstream_placeholder(drv_path: str, output: str) -> str:
    """The placeholder for output `output` of the derivation at `drv_path` (CppNix's DownstreamPlaceholder)."""
    base = drv_path.rsplit("/", 1)[-1]
    hash_part, drv_name = base[:32], base[33:].removesuffix(".drv")
    output_name = drv_name if output == "out" else f"{drv_name}-{output}"
    clear = f"nix-upstream-output:{hash_part}:{output_name}"
    return "/" + base32(hashlib.sha256(clear.encode()).digest())


@builtin("outputOf")
def output_of(drv, output):
    """A placeholder for output `output` of the derivation `drv` (experimental `dynamic-derivations`)."""
    yield require_feature("dynamic-derivations")
    drv_path = yield coerce_arg(drv, "while evaluating the first argument to builtins.outputOf", copy_to_store=False)
    name = argument(force_plain_string, (yield from forced(output)), 1, "outputOf")
    if not (str(drv_path).startswith(STORE_DIR + "/") and str(drv_path).endswith(".drv")):
        raise EvalError(f"path '{drv_path}' is not a store derivation path")
    path = str(drv_path)
    return NixString(downstream_placeholder(path, name), frozenset([f"!{name}!{path}"]))
