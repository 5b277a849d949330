"""The NetworkPolicy check of scripts/validate_infra.py passes on the manifests and fails when a
policy is removed or widened (so `make test-infra` would catch it)."""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest

from tests.infra.conftest import load_script

vi = load_script("validate_infra")


@functools.cache
def _render(label: str) -> list[dict[str, Any]]:
    return vi.render(vi.OVERLAYS[label])


def rendered(label: str) -> list[dict[str, Any]]:
    """`kubectl kustomize` output, a fresh copy for each test to mutate."""
    return copy.deepcopy(_render(label))


def errors(objs: list[dict[str, Any]]) -> list[str]:
    r = vi.Report()
    vi.check_network_policies(r, "k8s", objs)
    return r.errors


def policy(objs: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(o for o in objs if o["kind"] == "NetworkPolicy" and o["metadata"]["name"] == name)


@pytest.mark.parametrize("label", ["base", "production"])
def test_manifests_pass(label: str) -> None:
    assert errors(rendered(label)) == []


@pytest.mark.parametrize(
    ("removed", "reported"),
    [
        ("enterprise-registry", "Deployment/enterprise-registry"),
        ("project-service", "Deployment/project-service"),
        ("budget-service", "Deployment/budget-service"),
        ("gateway", "Deployment/gateway"),
        ("minio", "StatefulSet/minio"),
        ("default-deny-ingress", "Job/budget-service-migrate"),
    ],
)
def test_removing_a_policy_fails(removed: str, reported: str) -> None:
    objs = [
        o
        for o in rendered("production")
        if not (o["kind"] == "NetworkPolicy" and o["metadata"]["name"] == removed)
    ]
    assert any(e.startswith(f"k8s {reported}:") for e in errors(objs)), errors(objs)


def test_a_service_open_to_the_namespace_fails() -> None:
    objs = rendered("base")
    policy(objs, "budget-service")["spec"]["ingress"][0]["from"].append({"podSelector": {}})
    assert any("Deployment/budget-service" in e for e in errors(objs))


def test_the_object_store_open_to_the_gateway_fails() -> None:
    # the documents' store is project-service's alone: the gateway serves them through it
    objs = rendered("base")
    policy(objs, "minio")["spec"]["ingress"][0]["from"].append(
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}
    )
    assert any("StatefulSet/minio" in e for e in errors(objs)), errors(objs)


def test_a_peer_matched_by_name_only_also_admits_the_migration_job() -> None:
    # Without component=api the selector also matches the gateway's migration Job.
    objs = rendered("base")
    peer = policy(objs, "project-service")["spec"]["ingress"][0]["from"][0]["podSelector"]
    del peer["matchLabels"]["app.kubernetes.io/component"]
    errs = errors(objs)
    assert any("Deployment/project-service" in e and "Job/gateway-migrate" in e for e in errs)


def test_a_stale_label_fails() -> None:
    objs = rendered("base")
    peer = policy(objs, "enterprise-registry")["spec"]["ingress"][0]["from"][1]["podSelector"]
    peer["matchLabels"]["app.kubernetes.io/name"] = "projects"
    assert any("matches no workload" in e for e in errors(objs))


def test_an_extra_port_fails() -> None:
    objs = rendered("base")
    rule = policy(objs, "gateway")["spec"]["ingress"][0]
    rule["ports"] = [*copy.deepcopy(rule["ports"]), {"protocol": "TCP", "port": 9000}]
    assert any("Deployment/gateway" in e and "TCP/9000" in e for e in errors(objs))


def compose_errors(doc: dict[str, Any]) -> list[str]:
    r = vi.Report()
    vi.check_compose_networks(r, doc)
    return r.errors


def test_compose_keeps_the_services_internal() -> None:
    doc = vi.load_compose()
    assert compose_errors(doc) == []
    del doc["services"]["budget-service"]["networks"]  # back on the default network
    assert any("compose.budget-service" in e for e in compose_errors(doc))
