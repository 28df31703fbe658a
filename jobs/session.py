"""One evaluator kept across jobs: it evaluates the root once and then each attribute path it is given,
deciding as nix-eval-jobs does what the value there is (a job, a set to enter, or neither)."""

from __future__ import annotations

import json
from typing import Any

from ..evaluator import Evaluator
from ..vm.coerce import coerce_to_string
from ..vm.errors import NixError, Source, TypeError_
from ..vm.thunk import Thunk
from .spec import AttrPath, JobSpec, Outcome, attr_text, error_record


class Session:
    """Evaluates the attribute paths of `spec`'s root with one `Evaluator`, so imports and every value
    already forced (shared dependencies, the root itself) are computed once for all its jobs."""

    def __init__(self, spec: JobSpec) -> None:
        self.spec = spec
        self.ev = Evaluator(search_path=spec.search_path)
        self.args: dict[str, Any] = {}  # the automatic arguments, compiled with the root
        self._root: Any = None

    def run(self, path: AttrPath) -> Outcome:
        """Evaluate the value at `path`: its record if it is a derivation, its names if it is a set to
        enter, None otherwise; an evaluation error gives an error record."""
        try:
            value = self._value_at(path)
            if value.__class__ is not dict:
                return None
            if self._is_derivation(value):
                return self._record(path, value)
            if not path or self.spec.force_recurse or self._flag(value, "recurseForDerivations"):
                return sorted(str(name) for name in value)  # plain str: `AttrName` keeps a span
            return None
        except NixError as err:
            return error_record(path, err.render(self.spec.show_trace))
        except Exception as err:  # a bug in pynix: this job's error, not the end of the worker
            return error_record(path, f"error: internal error in pynix: {type(err).__name__}: {err}")

    def _root_value(self) -> Any:
        if self._root is None:
            spec = self.spec
            self.args = {name: text if kind == "str" else Thunk(self.ev.compile(Source("«string»", text),
                                                                                spec.base_dir))
                         for name, kind, text in spec.args}
            if spec.expr is not None:
                value = self.ev.evaluate_raw(spec.expr, spec.base_dir)
            else:
                value = self.ev.force(self.ev.import_file(spec.file or "."))
            self._root = self.ev.auto_call(value, self.args)
        return self._root

    def _value_at(self, path: AttrPath) -> Any:
        """The value at `path`, each set on the way auto-called with the arguments, as CppNix's
        `findAlongAttrPath` does."""
        value = self._root_value()
        for name in path:
            value = self.ev.auto_call(self.ev.force(value), self.args)
            if value.__class__ is not dict or name not in value:
                raise TypeError_(f"attribute '{name}' of '{attr_text(path)}' is no longer there")
            value = value[name]
        return self.ev.force(value)

    def _is_derivation(self, value: dict[str, Any]) -> bool:
        return "type" in value and self.ev.force(value["type"]) == "derivation"

    def _flag(self, value: dict[str, Any], name: str) -> bool:
        return name in value and self.ev.force(value[name]) is True

    def _string(self, value: dict[str, Any], name: str, default: str | None = None) -> str:
        if name not in value and default is not None:
            return default
        return str(self.ev.run(coerce_to_string(value[name], copy_to_store=False)))

    def _record(self, path: AttrPath, drv: dict[str, Any]) -> dict[str, Any]:
        """A derivation's record, the fields nix-eval-jobs prints for it."""
        ev = self.ev
        names = [str(ev.force(o)) for o in ev.force(drv["outputs"])] if "outputs" in drv else ["out"]
        outputs = {}
        for name in names:
            output = ev.force(drv[name]) if name in drv else None
            outputs[name] = self._string(output, "outPath") if output.__class__ is dict else None
        record: dict[str, Any] = {
            "attr": attr_text(path), "attrPath": list(path), "drvPath": self._string(drv, "drvPath"),
            "name": self._string(drv, "name"), "outputs": outputs, "system": self._string(drv, "system", "unknown")}
        if self.spec.meta:
            record["meta"] = self._meta(drv)
        return record

    def _meta(self, drv: dict[str, Any]) -> dict[str, Any]:
        """The `meta` set as JSON, leaving out what JSON cannot show (functions), as nix-eval-jobs does."""
        from ..builtins.json import to_json
        meta = self.ev.force(drv["meta"]) if "meta" in drv else {}
        out = {}
        for name in sorted(meta) if meta.__class__ is dict else ():
            try:
                out[str(name)] = json.loads(str(self.ev.run(to_json(meta[name]))))
            except TypeError_:
                continue
        return out
