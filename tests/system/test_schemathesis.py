"""Schemathesis against the gateway's live /openapi.json: every operation, writes included.

Stateless passes (the coverage and fuzzing phases, both explicitly enabled): pass 1 authenticates
as admin over every operation; pass 2 runs every write as a caller the role table
(roles_matrix.py) allows (program_officer where it may, else the first allowed role), so that
generated bodies get past the role check and reach the services' own rules. The coverage phase
sends schemathesis's deterministic boundary and negative cases for every parameter and property;
the fuzzing phase adds EXAMPLES Hypothesis-drawn cases (valid and invalid) per operation. Path
parameters point at real objects (tests/system/world.py) so reads and writes meet existing rows,
not only 404s.

Stateful pass: schemathesis's state machine (schema.as_state_machine()) over the merged schema,
each call made as the role table's caller for it. Its links are the ones schemathesis infers from
the response schemas (POST /projects -> /projects/{project_id}/submit, /appraisal, PATCH ...;
POST /craft-villages -> GET/PATCH /craft-villages/{id}; POST /users -> GET/PATCH
/users/{user_id}; GET /budget/commitments -> /budget/commitments/{commitment_id}/release ...), so a
scenario carries the ids of the objects it created or listed into its next calls. Scenarios also
start at valid POSTs of enterprises, projects, craft villages, typical products and commitments
(generated bodies hardly ever pass the services' rules), not at a random id. Bounded (SCENARIOS
x MAX_STEPS), seeded; it prints how many steps followed a link and which links.

Checks everywhere: no 5xx, responses conform to the documented schema, status codes are
documented; the stateful pass adds schemathesis's ensure_resource_availability (what a link's
source created, its target finds). Failures are collected over the whole run and reported
together (operation, status, body, curl to reproduce).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.system.conftest import SystemHarness
from tests.system.roles_matrix import MATRIX, ROLES
from tests.system.world import (
    API,
    YEAR,
    World,
    commitment_body,
    enterprise_body,
    make_world,
    product_body,
    project_body,
    village_body,
)

EXAMPLES = 16  # fuzzing-phase cases per operation (the coverage phase sends its own set)
SCENARIOS = 100  # stateful scenarios (Hypothesis examples of the state machine), over ROUNDS
ROUNDS = 10  # runs of the state machine, each with its own seed
MAX_STEPS = 12  # calls per stateful scenario at most


@pytest.fixture(scope="module")
def world(harness: SystemHarness) -> Iterator[World]:
    w = make_world(harness)
    yield w
    w.g.close()


def path_parameters(w: World, path: str) -> dict[str, Any]:
    """Real objects for the path's parameters (the first draft project, e1's records, the draft
    annual plan...)."""
    by_collection = {"enterprises": w.e1["id"], "craft-villages": w.village,
                     "typical-products": w.product1}  # fmt: skip
    values: dict[str, Any] = {
        "user_id": w.g.user_ids["viewer"],
        "client_uuid": w.client_uuid,
        "tax_code": w.e1["tax_code"],
        "project_id": w.p1,
        "commitment_id": w.commitment,
        "plan_id": w.plan,
        "year": YEAR,
    }
    if "{id}" in path:
        values["id"] = by_collection[path.split("/")[3]]
    return {name: value for name, value in values.items() if f"{{{name}}}" in path}


def merged_schema(w: World) -> Any:
    import schemathesis

    schema = schemathesis.openapi.from_url(f"{w.g.url}/openapi.json")
    schema.config.base_url = w.g.url
    return schema


def stateless_checks() -> list[Callable[..., Any]]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, response_schema_conformance, status_code_conformance]


def validate(case: Any, response: Any, checks: list[Callable[..., Any]], label: str,
             failures: list[str], **kw: Any) -> None:  # fmt: skip
    """Run each check on its own so that one failing check does not hide the others."""
    from schemathesis.core import NOT_SET

    for check in checks:
        try:
            case.validate_response(response, checks=[check], **kw)
        except (Exception, BaseExceptionGroup) as exc:  # FailureGroup is a BaseExceptionGroup
            body = "-" if case.body is NOT_SET else repr(case.body)[:300]
            failures.append(f"{label} -> {response.status_code}, body {body}: {str(exc)[:600]}")


def run_schemathesis(w: World, roles: dict[tuple[str, str], str]) -> tuple[list[str], Counter[str]]:
    """The coverage and fuzzing phases over `roles`' operations; (failures, cases per phase)."""
    from hypothesis import HealthCheck, settings
    from schemathesis.generation.hypothesis.builder import (
        HypothesisTestConfig,
        HypothesisTestMode,
        create_test,
    )
    from schemathesis.generation.overrides import Override

    schema = merged_schema(w)
    # The CLI's phases minus examples (the services document none) and stateful (its own test).
    schema.config.phases.update(phases=["coverage", "fuzzing"])
    modes = [HypothesisTestMode.COVERAGE, HypothesisTestMode.FUZZING]
    hypothesis_settings = settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    checks = stateless_checks()
    failures: list[str] = []
    cases: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()

    def make_run(label: str, role: str) -> Callable[[Any], None]:
        def run(case: Any) -> None:
            cases[str(case.meta.phase.name)] += 1
            response = case.call(headers=w.g.tokens[role], base_url=w.g.url)
            validate(case, response, checks, f"{role} {label}", failures)

        return run

    operations = [result.ok() for result in schema.get_all_operations()]
    # Reads after writes: an export or a list then meets what the generated writes stored.
    for operation in sorted(operations, key=lambda op: op.method.upper() == "GET"):
        key = (operation.method.upper(), operation.path)
        if key not in roles:
            continue
        seen.add(key)
        # schemathesis's own test builder (its pytest plugin uses it too): the coverage phase's
        # cases become explicit examples, run before the fuzzing phase's drawn ones.
        test = create_test(
            operation=operation,
            test_func=make_run(operation.label, roles[key]),
            config=HypothesisTestConfig(
                project=schema.config,
                modes=modes,
                settings=hypothesis_settings,
                override=Override(path_parameters=path_parameters(w, operation.path)),
            ),
        )
        test()
    assert seen == set(roles), sorted(set(roles) - seen)
    return failures, cases


def allowed_role(row: dict[str, str]) -> str:
    """A caller the role check lets through: one it answers in full, else one that passes the
    check and then finds nothing of its own (a notification is only ever its owner's)."""
    if row["program_officer"] == "ok":
        return "program_officer"
    for outcome in ("ok", "not_found"):
        for role in ROLES:
            if row[role] == outcome:
                return role
    raise LookupError(f"no role may call this operation: {row}")


def assert_phases_ran(cases: Counter[str], operations: int) -> None:
    print(f"schemathesis: {operations} operations, cases per phase {dict(cases)}")
    # Every operation gets at least one coverage case; fuzzing draws up to EXAMPLES more.
    assert cases["coverage"] >= operations, cases
    assert cases["fuzzing"] >= operations, cases


def test_schemathesis_every_operation_as_admin(world: World) -> None:
    failures, cases = run_schemathesis(world, dict.fromkeys(MATRIX, "admin"))
    assert_phases_ran(cases, len(MATRIX))
    assert not failures, "\n".join(sorted(set(failures))[:40])


def test_schemathesis_every_write_as_an_allowed_role(world: World) -> None:
    writes = {op: allowed_role(row) for op, row in MATRIX.items() if op[0] != "GET"}
    assert sum(role == "program_officer" for role in writes.values()) >= 10
    failures, cases = run_schemathesis(world, writes)
    assert_phases_ran(cases, len(writes))
    assert not failures, "\n".join(sorted(set(failures))[:40])


def valid_creators(w: World) -> dict[str, Callable[[], dict[str, Any]]]:
    """POSTs that create an object, with a valid body each time: generated bodies hardly ever pass
    the services' own rules (a tax code's check digit, an existing beneficiary), and schemathesis
    does not start scenarios at them, so these are the scenarios' extra entry points."""
    # A fresh beneficiary: the stateless passes may have archived e1 and e2 (DELETE).
    beneficiary = str(w.enterprise()["id"])
    return {
        f"{API}/enterprises": enterprise_body,
        f"{API}/projects": lambda: project_body(beneficiary),
        f"{API}/craft-villages": village_body,
        f"{API}/typical-products": lambda: product_body(beneficiary),
        f"{API}/budget/commitments": commitment_body,
    }


def test_schemathesis_stateful_links(world: World) -> None:
    """Chains of calls along the inferred links: no 5xx, documented responses, sound chains."""
    from hypothesis import HealthCheck, Phase, seed, settings
    from hypothesis import strategies as st
    from hypothesis.errors import Flaky
    from hypothesis.stateful import Bundle
    from schemathesis import GenerationMode
    from schemathesis.generation.stateful.state_machine import StepInput, normalize_name
    from schemathesis.specs.openapi.checks import ensure_resource_availability
    from schemathesis.specs.openapi.stateful import transition

    schema = merged_schema(world)
    # Valid inputs go further along a chain; invalid ones are the stateless passes' business.
    schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    # ensure_resource_availability: what a link's source created, its target finds. Not
    # use_after_free: DELETE /enterprises/{id} archives, the enterprise stays readable.
    checks = [*stateless_checks(), ensure_resource_availability]
    failures: list[str] = []
    counts: Counter[str] = Counter()  # scenarios, root steps, link steps, rounds cut short
    links: Counter[str] = Counter()  # "SOURCE -> TARGET" of each followed link
    labels: dict[str, str] = {}  # case id -> operation label, to name a link's source
    depth: dict[str, int] = {}  # case id -> links followed to reach it

    def valid_root(path: str, body: Callable[[], dict[str, Any]]) -> Any:
        # A rule built like schemathesis's own (its `transition`, of the version uv.lock pins):
        # recorded for the chain checks, its response fills the bundles its links read.
        operation = schema[path]["POST"]
        cases = st.builds(lambda: StepInput.initial(operation.Case(body=body())))
        return transition(name=f"VALID_POST_{path.replace('/', '_').replace('-', '_')}",
                          target=Bundle("catch_all"), input=cases,
                          precondition=lambda machine: True)  # fmt: skip

    roots = {rule.__name__: rule for rule in
             (valid_root(path, body) for path, body in valid_creators(world).items())}  # fmt: skip

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            # The role table's caller for the operation (admin may not move a project or money).
            role = allowed_role(MATRIX[(case.method.upper(), case.operation.path)])
            return {"headers": world.g.tokens[role], "base_url": world.g.url}

        def step(self, input: Any) -> Any:
            label = input.case.operation.label
            labels[input.case.id] = label
            if input.transition is not None and input.is_applied:
                parent = input.transition.parent_id
                counts["link steps"] += 1
                links[f"{labels.get(parent, '?')} -> {label}"] += 1
                depth[input.case.id] = depth.get(parent, 0) + 1
            else:
                counts["root steps"] += 1
            return super().step(input)

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None,
                              **kwargs: Any) -> None:  # fmt: skip
            validate(case, response, checks, case.operation.label, failures,
                     transport_kwargs=kwargs or None, recorder=self.recorder)  # fmt: skip

        def teardown(self) -> None:
            counts["scenarios"] += 1
            super().teardown()

    for name, rule in roots.items():
        setattr(Workflow, name, rule)
    # Scenarios that start at a random id (POST /projects/{project_id}/submit...) end at a 404:
    # links reach those operations with real ids, so the budget goes to scenarios that chain.
    for result in schema.get_all_operations():
        operation = result.ok()
        name = normalize_name(f"RANDOM -> {operation.label}")
        if operation.path_parameters and name in Workflow.root_rules:
            setattr(Workflow, name, None)
            counts["random-id roots dropped"] += 1

    hypothesis_settings = settings(
        max_examples=SCENARIOS // ROUNDS,
        stateful_step_count=MAX_STEPS,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    for round_seed in range(ROUNDS):
        try:
            # A fixed seed per round: the same draws each run (the server's answers may differ).
            seed(round_seed)(Workflow).run(settings=hypothesis_settings)
        except Flaky:
            # The live server's state changed under a replayed prefix (a list that was empty is
            # not any more); Hypothesis gives up on the round, as schemathesis's CLI does.
            counts["rounds cut short"] += 1
    print(f"stateful: {dict(counts)}, {len(links)} distinct links followed, longest chain "
          f"{max(depth.values(), default=0)} links: {dict(links.most_common())}")  # fmt: skip
    assert not failures, "\n".join(sorted(set(failures))[:40])
    assert counts["scenarios"] >= SCENARIOS // 4, counts
    assert counts["link steps"] >= SCENARIOS, "scenarios hardly followed any link"
