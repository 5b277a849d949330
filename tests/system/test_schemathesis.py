"""Schemathesis against the gateway's live /openapi.json: every operation, writes included.

Pass 1 authenticates as admin over every operation; pass 2 runs every write as a caller the role
table (roles_matrix.py) allows (program_officer where it may, else the first allowed role), so
that generated bodies get past the role check and reach the services' own rules. Path parameters
point at real objects (tests/system/world.py) so reads and writes meet existing rows, not only
404s. Bounded (EXAMPLES per operation), deterministic (derandomized). Checks: no 5xx, responses
conform to the documented schema, status codes are documented.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.system.conftest import SystemHarness
from tests.system.roles_matrix import MATRIX, ROLES
from tests.system.world import YEAR, World, make_world

EXAMPLES = 8


@pytest.fixture(scope="module")
def world(harness: SystemHarness) -> Iterator[World]:
    w = make_world(harness)
    yield w
    w.g.close()


def path_parameters(w: World, path: str) -> dict[str, Any]:
    """Real objects for the path's parameters (the first draft project, e1's records...)."""
    by_collection = {"enterprises": w.e1["id"], "craft-villages": w.village,
                     "typical-products": w.product1}  # fmt: skip
    values: dict[str, Any] = {
        "user_id": w.g.user_ids["viewer"],
        "client_uuid": w.client_uuid,
        "tax_code": w.e1["tax_code"],
        "project_id": w.p1,
        "commitment_id": w.commitment,
        "year": YEAR,
    }
    if "{id}" in path:
        values["id"] = by_collection[path.split("/")[3]]
    return {name: value for name, value in values.items() if f"{{{name}}}" in path}


def run_schemathesis(w: World, roles: dict[tuple[str, str], str]) -> list[str]:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_url(f"{w.g.url}/openapi.json")
    schema.config.base_url = w.g.url
    checks = (not_a_server_error, response_schema_conformance, status_code_conformance)
    failures: list[str] = []
    seen: set[tuple[str, str]] = set()

    def make_run(strategy: Any, label: str, role: str) -> Any:
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: Any) -> None:
            response = case.call(headers=w.g.tokens[role], base_url=w.g.url)
            for check in checks:
                try:
                    case.validate_response(response, checks=[check])
                except Exception as exc:  # collect, report all at the end
                    failures.append(f"{role} {label}: {str(exc)[:600]}")

        return run

    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        if key not in roles:
            continue
        seen.add(key)
        strategy = operation.as_strategy(path_parameters=path_parameters(w, operation.path))
        make_run(strategy, operation.label, roles[key])()
    assert seen == set(roles), sorted(set(roles) - seen)
    return failures


def allowed_role(row: dict[str, str]) -> str:
    if row["program_officer"] == "ok":
        return "program_officer"
    return next(role for role in ROLES if row[role] == "ok")


def test_schemathesis_every_operation_as_admin(world: World) -> None:
    failures = run_schemathesis(world, dict.fromkeys(MATRIX, "admin"))
    assert not failures, "\n".join(sorted(set(failures))[:40])


def test_schemathesis_every_write_as_an_allowed_role(world: World) -> None:
    writes = {op: allowed_role(row) for op, row in MATRIX.items() if op[0] != "GET"}
    assert sum(role == "program_officer" for role in writes.values()) >= 10
    failures = run_schemathesis(world, writes)
    assert not failures, "\n".join(sorted(set(failures))[:40])
