"""Every parse, eval and identity case of CppNix's corpus, with a strict expected-failure list."""

from __future__ import annotations

import pytest

import conformance
import expected_failures

pytestmark = pytest.mark.skipif(not conformance.available(),
                                reason="../shared/conformance is not beside this checkout")

CATEGORIES = ("parse-okay", "parse-fail", "eval-okay", "eval-fail", "identity")


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return conformance.run(list(CATEGORIES))


@pytest.mark.parametrize("case", conformance.case_ids(CATEGORIES) if conformance.available() else [])
def test_case(case: str, results: dict[str, dict]) -> None:
    record = results.get(case)
    assert record is not None, f"{case}: the runner reported nothing"
    if record["status"] == "skip":
        pytest.skip(record.get("reason", "skipped by the runner"))
    passed = record["status"] == "pass"
    expected_failures.settle(case, passed, conformance.XFAIL_FILE)
    assert passed, (f"{case}: {record['reason']}\n--- expected ---\n{record.get('expected')}\n"
                    f"--- stdout ---\n{record.get('stdout')}\n--- stderr ---\n{record.get('stderr')}")
