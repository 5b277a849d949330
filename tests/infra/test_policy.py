"""scripts/validate_infra.py: the whole run passes on infra/, and each check (the tools' and the
project's own policy) fails on a manifest broken in the way it guards against."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pytest

from tests.infra.conftest import load_script

vi = load_script("validate_infra")


@functools.cache
def _render(label: str) -> list[dict[str, Any]]:
    return vi.render(vi.OVERLAYS[label])


def rendered(label: str = "production") -> list[dict[str, Any]]:
    return copy.deepcopy(_render(label))


def obj(objs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    return next(o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name)


def container(objs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    return obj(objs, kind, name)["spec"]["template"]["spec"]["containers"][0]


def k8s_errors(objs: list[dict[str, Any]], label: str = "production") -> list[str]:
    r = vi.Report()
    vi.check_k8s(r, label, objs, vi.load_example_secrets())
    return r.errors


def test_the_repository_passes() -> None:
    r = vi.Report()
    summary = vi.run(r)
    assert r.errors == []
    assert "Kubernetes 1.30.0" in summary
    assert f"{len(vi.dockerfiles())} Dockerfiles" in summary


def test_the_rendered_manifests_pass_the_policy() -> None:
    for label in vi.OVERLAYS:
        assert k8s_errors(rendered(label), label) == []


# --- Kubernetes --------------------------------------------------------------------------------


def test_an_unknown_field_fails_the_schema() -> None:
    objs = rendered()
    container(objs, "Deployment", "gateway")["livenessprobe"] = {}  # a typo kubectl would drop
    r = vi.Report()
    vi.validate_k8s_schemas(r, "production", objs)
    assert any("Deployment/gateway" in e and "livenessprobe" in e for e in r.errors), r.errors


def test_a_missing_probe_fails() -> None:
    objs = rendered()
    del container(objs, "Deployment", "budget-service")["readinessProbe"]
    assert any("Deployment/budget-service" in e and "readinessProbe" in e for e in k8s_errors(objs))


def test_a_probe_on_the_wrong_path_fails() -> None:
    objs = rendered()
    container(objs, "Deployment", "gateway")["livenessProbe"]["httpGet"]["path"] = "/readyz"
    assert any("livenessProbe must be httpGet /healthz" in e for e in k8s_errors(objs))


@pytest.mark.parametrize(("part", "resource"), [("limits", "memory"), ("requests", "cpu")])
def test_missing_resources_fail(part: str, resource: str) -> None:
    objs = rendered()
    del container(objs, "Deployment", "project-service")["resources"][part][resource]
    assert any(f"resources.{part}.{resource} missing" in e for e in k8s_errors(objs))


def test_a_migration_job_without_limits_fails() -> None:
    objs = rendered()
    del container(objs, "Job", "gateway-migrate")["resources"]["limits"]
    assert any("Job/gateway-migrate" in e for e in k8s_errors(objs))


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("runAsNonRoot", False, "runAsNonRoot must be true"),
        ("runAsUser", 0, "runs as root"),
        ("allowPrivilegeEscalation", True, "allowPrivilegeEscalation must be false"),
        ("readOnlyRootFilesystem", False, "readOnlyRootFilesystem must be true"),
    ],
)
def test_security_context_fails(key: str, value: Any, message: str) -> None:
    objs = rendered()
    container(objs, "Deployment", "enterprise-registry")["securityContext"][key] = value
    assert any("enterprise-registry" in e and message in e for e in k8s_errors(objs))


def test_a_rendered_secret_fails() -> None:
    objs = rendered()
    objs.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "khuyencong-db"}})
    assert any("Secret/khuyencong-db" in e for e in k8s_errors(objs))


def test_an_inline_database_url_fails() -> None:
    objs = rendered()
    env = container(objs, "Deployment", "budget-service")["env"]
    url = "postgresql+asyncpg://kc_budget:hunter2@db:5432/khuyencong_budget"
    env[:] = [{"name": "BUDGET_DATABASE_URL", "value": url}]
    assert any("BUDGET_DATABASE_URL is inline" in e for e in k8s_errors(objs))


def test_a_secret_reference_not_in_the_example_fails() -> None:
    objs = rendered()
    env = container(objs, "Deployment", "gateway")["env"]
    env[0]["valueFrom"]["secretKeyRef"]["key"] = "no-such-key"
    assert any("khuyencong-db/no-such-key" in e for e in k8s_errors(objs))


def test_a_password_in_a_configmap_fails() -> None:
    objs = rendered()
    obj(objs, "ConfigMap", "khuyencong-config")["data"]["GATEWAY_DB_PASSWORD"] = "hunter2"
    assert any("GATEWAY_DB_PASSWORD holds a secret" in e for e in k8s_errors(objs))


@pytest.mark.parametrize("image", ["registry.example.gov.vn/khuyencong/gateway", "x/gw:latest"])
def test_an_unpinned_production_image_fails(image: str) -> None:
    objs = rendered()
    container(objs, "Deployment", "gateway")["image"] = image
    assert any("needs a release tag or digest" in e for e in k8s_errors(objs))
    # the base is not deployed as such: its placeholder tags are fine there
    assert k8s_errors(rendered("base"), "base") == []


def test_a_digest_pins_an_image() -> None:
    assert vi.image_pinned("registry.example.gov.vn:5000/kc/gateway@sha256:" + "0" * 64)
    assert not vi.image_pinned("registry.example.gov.vn:5000/kc/gateway")


def test_no_kubectl_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vi.shutil, "which", lambda *_a, **_k: None)
    with pytest.raises(vi.ToolMissing, match="kubectl is not installed"):
        vi.render(vi.OVERLAYS["base"])


# --- compose -----------------------------------------------------------------------------------


def compose_errors(doc: dict[str, Any]) -> list[str]:
    r = vi.Report()
    vi.validate_compose_schema(r, doc)
    vi.check_compose(r, doc)
    return r.errors


def test_compose_passes() -> None:
    assert compose_errors(vi.load_compose()) == []


def test_compose_schema_rejects_an_unknown_key() -> None:
    doc = vi.load_compose()
    doc["services"]["gateway"]["helthcheck"] = doc["services"]["gateway"].pop("healthcheck")
    errs = compose_errors(doc)
    assert any(e.startswith("compose schema: services.gateway") for e in errs), errs
    assert any("compose.gateway: no healthcheck" in e for e in errs)


def test_compose_needs_read_only_images() -> None:
    doc = vi.load_compose()
    doc["services"]["budget-service"]["read_only"] = False
    assert any("compose.budget-service: read_only" in e for e in compose_errors(doc))


def test_compose_refuses_a_literal_password() -> None:
    doc = vi.load_compose()
    env = doc["services"]["enterprise-registry"]["environment"]
    env["REGISTRY_DATABASE_URL"] = "postgresql+asyncpg://kc_registry:hunter2@postgres/db"
    assert any(
        "REGISTRY_DATABASE_URL: a URL with a literal password" in e for e in compose_errors(doc)
    )


def test_compose_publishes_only_the_gateway() -> None:
    doc = vi.load_compose()
    doc["services"]["project-service"]["ports"] = ["8002:8002"]
    assert any("compose.project-service: only the gateway" in e for e in compose_errors(doc))


# --- Dockerfiles -------------------------------------------------------------------------------


def mutated_dockerfile(tmp_path: Path, drop: str) -> Path:
    src = vi.DOCKER / "budget-service.Dockerfile"
    lines = src.read_text().splitlines(keepends=True)
    out = tmp_path / src.name
    out.write_text("".join(ln for ln in lines if not ln.startswith(drop)))
    return out


@pytest.mark.parametrize(
    ("drop", "message"),
    [("USER", "non-root USER"), ("HEALTHCHECK", "needs a HEALTHCHECK")],
)
def test_dockerfile_policy(tmp_path: Path, drop: str, message: str) -> None:
    r = vi.Report()
    vi.check_dockerfile(r, vi.DOCKER / "budget-service.Dockerfile")
    assert r.errors == []
    vi.check_dockerfile(r, mutated_dockerfile(tmp_path, drop))
    assert any(message in e for e in r.errors), r.errors


def test_a_root_user_fails(tmp_path: Path) -> None:
    path = tmp_path / "x.Dockerfile"
    path.write_text("FROM python:3.11-slim AS b\nUSER 10001\nFROM python:3.11-slim\nUSER root\n")
    r = vi.Report()
    vi.check_dockerfile(r, path)
    assert any("non-root USER" in e for e in r.errors)


def test_hadolint_reports_findings(tmp_path: Path) -> None:
    path = tmp_path / "bad.Dockerfile"
    path.write_text("FROM python:latest\nRUN cd /tmp && apt-get install curl\n")
    findings = vi.hadolint([path])
    codes = " ".join(findings)
    assert "DL3007" in codes  # latest tag
    assert "DL3003" in codes  # cd instead of WORKDIR
    assert vi.hadolint([vi.DOCKER / "gateway.Dockerfile"]) == []


# --- the production database (CloudNativePG) ----------------------------------------------------


def crd_errors(objs: list[dict[str, Any]]) -> list[str]:
    r = vi.Report()
    vi.validate_k8s_schemas(r, "production", objs)
    return r.errors


def test_the_cluster_is_checked_against_the_operators_schema() -> None:
    objs = rendered()
    obj(objs, "Cluster", "khuyencong-db")["spec"]["instance"] = 3  # a typo the operator drops
    obj(objs, "Pooler", "khuyencong-db-pooler-rw")["spec"]["pgbouncer"]["poolMode"] = "batch"
    errors = crd_errors(objs)
    assert any("Cluster/khuyencong-db" in e and "'instance'" in e for e in errors), errors
    assert any("Pooler/khuyencong-db-pooler-rw" in e and "'batch'" in e for e in errors), errors


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c, p: c["spec"].update(instances=1), "needs 3 instances"),
        (lambda c, p: c["spec"].pop("backup"), "continuous backup"),
        (lambda c, p: c["spec"]["resources"].pop("limits"), "resources.limits.memory missing"),
        (lambda c, p: p["spec"]["pgbouncer"].update(poolMode="session"), "pool by transaction"),
        (
            lambda c, p: c["spec"]["managed"]["roles"][0]["passwordSecret"].update(name="nope"),
            "secret nope is not in secret.example.yaml",
        ),
    ],
)
def test_the_database_policy(change: Any, message: str) -> None:
    objs = rendered()
    change(obj(objs, "Cluster", "khuyencong-db"), obj(objs, "Pooler", "khuyencong-db-pooler-rw"))
    assert any(message in e for e in k8s_errors(objs)), k8s_errors(objs)


def test_production_without_a_database_cluster_fails() -> None:
    objs = [o for o in rendered() if o["kind"] != "Cluster"]
    assert any("CloudNativePG Cluster" in e for e in k8s_errors(objs))


def test_the_pooler_open_to_the_namespace_fails() -> None:
    objs = rendered()
    policy = obj(objs, "NetworkPolicy", "khuyencong-db-pooler")
    policy["spec"]["ingress"][0]["from"] = [{"podSelector": {}}]
    r = vi.Report()
    vi.check_network_policies(r, "k8s[production]", objs)
    assert any("Pooler/khuyencong-db-pooler-rw" in e for e in r.errors), r.errors


def test_the_registry_reads_lagging_lists_from_the_replicas_pooler() -> None:
    objs = rendered()
    pooler = obj(objs, "Pooler", "khuyencong-db-pooler-ro")
    assert (
        pooler["spec"]["type"] == "ro" and pooler["spec"]["pgbouncer"]["poolMode"] == "transaction"
    )
    env = {e["name"]: e for e in container(objs, "Deployment", "enterprise-registry")["env"]}
    ref = env["REGISTRY_READ_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    assert ref == {"name": "khuyencong-db", "key": "registry-read-database-url"}
    assert (
        "registry-read-database-url: postgresql+asyncpg://kc_registry:CHANGE_ME@khuyencong-db-pooler-ro"
        in (vi.ROOT / "infra/k8s/secret.example.yaml").read_text()
    )
    # only the registry (and the operator) may reach the replicas' pooler
    policy = obj(objs, "NetworkPolicy", "khuyencong-db-pooler-ro")
    policy["spec"]["ingress"][0]["from"].append(
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "minio"}}}
    )
    r = vi.Report()
    vi.check_network_policies(r, "k8s[production]", objs)
    assert any("Pooler/khuyencong-db-pooler-ro" in e for e in r.errors), r.errors


def test_the_database_reached_by_a_service_directly_fails() -> None:
    objs = rendered()
    policy = obj(objs, "NetworkPolicy", "khuyencong-db")
    policy["spec"]["ingress"][0]["from"].append(
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}
    )
    r = vi.Report()
    vi.check_network_policies(r, "k8s[production]", objs)
    assert any("Cluster/khuyencong-db" in e for e in r.errors), r.errors
