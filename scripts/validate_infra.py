"""Offline validation of infra/ (`make test-infra`): no network, no Docker, no kustomize binary.

1. infra/compose.yaml: structure, dependencies, healthchecks, per-process settings, no inline
   secrets, only the gateway published (the rest on internal networks).
2. infra/k8s: renders the base and the production overlay with a small built-in kustomize (the
   subset the manifests use: resources, namespace, images, replicas, strategic-merge patches),
   validates every rendered object against the Kubernetes 1.30 JSON schemas (strict: unknown
   fields are errors) with the `kubernetes-validate` package, then checks probes, resources,
   security contexts, Services, Ingress, HPAs, migration Jobs, that Secrets are only referenced,
   and that NetworkPolicies let only the expected peers reach each workload.
3. infra/docker/*.Dockerfile: multi-stage, non-root USER, HEALTHCHECK, the contract's CMD and port,
   COPY sources that exist (and are not excluded by the Dockerfile's own .dockerignore).

Paths other parts of the repository are still creating (frontend/, alembic.ini, migrations/) are
warnings, not failures. Exit status 1 on any failure; one summary line on success.

  uv run python scripts/validate_infra.py [--compare-kubectl] [--verbose]

--compare-kubectl also renders with `kubectl kustomize` (when installed) and fails if the built-in
renderer disagrees: a check of this script, not of the manifests.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import yaml
except ImportError:  # pragma: no cover - the dev group has pyyaml
    sys.exit("validate_infra: PyYAML is missing: run `uv sync` (it is in the dev group)")

ROOT = Path(__file__).resolve().parents[1]
INFRA = ROOT / "infra"
COMPOSE = INFRA / "compose.yaml"
K8S = INFRA / "k8s"
DOCKER = INFRA / "docker"
K8S_VERSION = "1.30.0"
NAMESPACE = "khuyencong"
PROD_HOST = "khuyencong.example.gov.vn"
JWKS_URL_COMPOSE = "http://gateway:8000/.well-known/jwks.json"


@dataclass(frozen=True)
class Proc:
    name: str  # process (compose service, Deployment, Service, image name)
    dist: str  # workspace distribution name (uv --package)
    package: str  # python package (uvicorn <package>.app:create_app)
    port: int
    prefix: str  # env prefix
    project: str  # project directory


# CONTRACTS.md, "Processes and ports".
PROCS = [
    Proc("gateway", "kc-gateway", "gateway", 8000, "GATEWAY_", "gateway"),
    Proc(
        "enterprise-registry",
        "kc-registry",
        "registry",
        8001,
        "REGISTRY_",
        "services/enterprise-registry",
    ),
    Proc(
        "project-service", "kc-projects", "projects", 8002, "PROJECTS_", "services/project-service"
    ),
    Proc("budget-service", "kc-budget", "budget", 8003, "BUDGET_", "services/budget-service"),
]
BY_NAME = {p.name: p for p in PROCS}
SERVICE_PROCS = [p for p in PROCS if p.name != "gateway"]


# --------------------------------------------------------------------------------------------
# reporting


@dataclass
class Report:
    verbose: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checks: int = 0

    def check(self, ok: bool, where: str, msg: str) -> bool:
        self.checks += 1
        if not ok:
            self.errors.append(f"{where}: {msg}")
        return ok

    def fail(self, where: str, msg: str) -> None:
        self.check(False, where, msg)

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")


# --------------------------------------------------------------------------------------------
# secrets: what looks like one


SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|PRIVATE_KEY|API_KEY|TOKEN|CREDENTIAL", re.I)
ALWAYS_SECRET = re.compile(r"DATABASE_URL|BOOTSTRAP_CLIENTS", re.I)
URL_PASSWORD = re.compile(r"://[^/\s:@]+:([^@\s]+)@")
PEM_PRIVATE = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
INTERPOLATION = re.compile(r"\$\{[^}]+\}")


def secretish_name(key: str) -> bool:
    k = key.upper()
    if k.endswith(("_FILE", "_PATH", "_DIR")):
        return False
    if ALWAYS_SECRET.search(k):
        return True
    if k.endswith(("_URL", "_ID", "_IDS")):
        return False
    return bool(SECRET_NAME.search(k))


def literal_secret_problems(key: str, value: Any) -> list[str]:
    """Why `value` (compose, with ${VAR} interpolation) would be a secret written inline."""
    if value is None or isinstance(value, bool | int | float):
        return []
    text = str(value)
    problems = []
    if PEM_PRIVATE.search(text):
        problems.append("a private key written inline")
    for m in URL_PASSWORD.finditer(text):
        if not INTERPOLATION.fullmatch(m.group(1)):
            problems.append("a URL with a literal password (use ${VAR} interpolation)")
    for m in re.finditer(r'"client_secret"\s*:\s*"([^"]*)"', text):
        if not INTERPOLATION.fullmatch(m.group(1)):
            problems.append("a literal client_secret (use ${VAR} interpolation)")
    if secretish_name(key) and "${" not in text and not problems:
        problems.append("a secret-looking setting with a literal value (use ${VAR} or a *_FILE)")
    return problems


# --------------------------------------------------------------------------------------------
# compose


ONE_SHOT_RESTART = {"no", '"no"', "false"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


def compose_env(svc: dict[str, Any]) -> dict[str, str]:
    env = svc.get("environment") or {}
    if isinstance(env, list):
        out: dict[str, str] = {}
        for item in env:
            k, _, v = str(item).partition("=")
            out[k] = v
        return out
    return {str(k): ("" if v is None else str(v)) for k, v in env.items()}


def depends(svc: dict[str, Any]) -> dict[str, str]:
    dep = svc.get("depends_on") or {}
    if isinstance(dep, list):
        return {str(d): "service_started" for d in dep}
    return {str(k): str((v or {}).get("condition", "service_started")) for k, v in dep.items()}


def uninterpolate(text: str) -> str:
    """${VAR:-default} -> default; ${VAR} / ${VAR:?msg} -> a placeholder (offline: no .env)."""

    def repl(m: re.Match[str]) -> str:
        body = m.group(0)[2:-1]
        if ":-" in body:
            return body.split(":-", 1)[1]
        if "-" in body and "?" not in body:
            return body.split("-", 1)[1]
        return "x"

    return INTERPOLATION.sub(repl, text)


def is_one_shot(svc: dict[str, Any]) -> bool:
    return str(svc.get("restart", "no")).lower() in ONE_SHOT_RESTART


def is_migration(svc: dict[str, Any]) -> bool:
    cmd = svc.get("command")
    text = " ".join(cmd) if isinstance(cmd, list) else str(cmd or "")
    return "alembic" in text and "upgrade" in text and "head" in text


def check_compose(r: Report) -> None:
    where = "compose"
    if not r.check(COMPOSE.is_file(), where, f"{COMPOSE.relative_to(ROOT)} is missing"):
        return
    try:
        doc = yaml.safe_load(COMPOSE.read_text())
    except yaml.YAMLError as exc:
        r.fail(where, f"not valid YAML: {exc}")
        return
    if not r.check(
        isinstance(doc, dict) and isinstance(doc.get("services"), dict),
        where,
        "no `services` mapping",
    ):
        return
    known_top = {"name", "services", "volumes", "secrets", "networks", "configs", "include"}
    for key in doc:
        r.check(
            key in known_top or str(key).startswith("x-"), where, f"unknown top-level key {key!r}"
        )
    services: dict[str, dict[str, Any]] = doc["services"]
    volumes = doc.get("volumes") or {}
    secrets = doc.get("secrets") or {}

    for required in ["postgres", *BY_NAME]:
        r.check(required in services, where, f"service {required!r} is missing")

    pg = services.get("postgres") or {}
    if pg:
        r.check(
            str(pg.get("image", "")).startswith("postgres:15"),
            "compose.postgres",
            "image must be postgres:15",
        )
        mounts = [str(v) for v in pg.get("volumes") or []]
        r.check(
            any("postgres/init.sql" in m and "docker-entrypoint-initdb.d" in m for m in mounts),
            "compose.postgres",
            "infra/postgres/init.sql is not mounted into /docker-entrypoint-initdb.d",
        )

    for name, svc in services.items():
        w = f"compose.{name}"
        if not isinstance(svc, dict):
            r.fail(w, "not a mapping")
            continue
        r.check("image" in svc or "build" in svc, w, "has neither image nor build")
        build = svc.get("build")
        if isinstance(build, str):
            build = {"context": build}
        if isinstance(build, dict):
            ctx = (INFRA / str(build.get("context", "."))).resolve()
            r.check(ctx.is_dir(), w, f"build context {build.get('context')} does not exist")
            dockerfile = ctx / str(build.get("dockerfile", "Dockerfile"))
            r.check(dockerfile.is_file(), w, f"dockerfile {build.get('dockerfile')} does not exist")
        # dependencies
        for target, cond in depends(svc).items():
            if not r.check(target in services, w, f"depends_on {target!r}: no such service"):
                continue
            r.check(cond in CONDITIONS, w, f"depends_on {target!r}: unknown condition {cond!r}")
            tsvc = services[target]
            if cond == "service_healthy":
                hc = tsvc.get("healthcheck") or {}
                r.check(
                    bool(hc.get("test")) and not hc.get("disable"),
                    w,
                    f"depends_on {target!r} service_healthy but it has no healthcheck",
                )
            if cond == "service_completed_successfully":
                r.check(
                    is_one_shot(tsvc),
                    w,
                    f"depends_on {target!r} to complete, but it restarts (restart: no?)",
                )
        # long-running processes have a healthcheck
        if not is_one_shot(svc):
            hc = svc.get("healthcheck") or {}
            r.check(
                bool(hc.get("test")) and not hc.get("disable"),
                w,
                "a long-running service without a healthcheck",
            )
        # secrets
        env = compose_env(svc)
        for key, value in env.items():
            for problem in literal_secret_problems(key, value):
                r.fail(w, f"environment {key}: {problem}")
            r.check(
                not key.upper().endswith("_SERVICE_TOKEN"),
                w,
                f"{key} is a test-only setting; production refuses it",
            )
        for sref in svc.get("secrets") or []:
            sname = sref if isinstance(sref, str) else (sref or {}).get("source")
            r.check(sname in secrets, w, f"secret {sname!r} is not declared at the top level")
        for vol in svc.get("volumes") or []:
            src = str(vol).split(":", 1)[0] if isinstance(vol, str) else str(vol.get("source"))
            if src.startswith((".", "/")):
                r.check((INFRA / src).exists(), w, f"bind mount source {src} does not exist")
            else:
                r.check(src in volumes, w, f"named volume {src!r} is not declared")
        if name != "gateway":
            r.check(not svc.get("ports"), w, "only the gateway is published (use expose)")

    for sname, sdef in secrets.items():
        sdef = sdef or {}
        r.check(
            "file" in sdef or "environment" in sdef,
            f"compose.secrets.{sname}",
            "needs `file` or `environment`",
        )
        if "file" in sdef:
            path = str(sdef["file"])
            r.check(
                path.startswith("./secrets/"),
                f"compose.secrets.{sname}",
                "secret files live in infra/secrets/ (git-ignored)",
            )
    check_compose_networks(r, doc)
    gitignore = INFRA / ".gitignore"
    ignored = gitignore.read_text().split() if gitignore.is_file() else []
    r.check(
        "secrets/" in ignored and ".env" in ignored,
        "compose",
        "infra/.gitignore must ignore secrets/ and .env",
    )

    # migrations: one per process, before it
    migrations = {n: s for n, s in services.items() if is_migration(s)}
    for proc in PROCS:
        svc = services.get(proc.name)
        if not svc:
            continue
        w = f"compose.{proc.name}"
        mine = [
            n
            for n, s in migrations.items()
            if s.get("image") == svc.get("image")
            or (s.get("build") and s.get("build") == svc.get("build"))
        ]
        if not r.check(len(mine) == 1, w, f"needs exactly one migration service, found {mine}"):
            continue
        mig = migrations[mine[0]]
        r.check(is_one_shot(mig), f"compose.{mine[0]}", "a migration must not restart")
        r.check(
            depends(mig).get("postgres") == "service_healthy",
            f"compose.{mine[0]}",
            "must depend on postgres with condition service_healthy",
        )
        r.check(
            depends(svc).get(mine[0]) == "service_completed_successfully",
            w,
            f"must depend on {mine[0]} with condition service_completed_successfully",
        )
        r.check(
            "/app/alembic.ini" in " ".join(mig.get("command") or []),
            f"compose.{mine[0]}",
            "must run `alembic -c /app/alembic.ini upgrade head`",
        )
        check_compose_process_env(r, proc, svc, services)


def check_compose_networks(r: Report, doc: dict[str, Any]) -> None:
    """Only the gateway is reachable from outside: every other service sits on internal networks
    only (no published port, no route out), the gateway on one of them and on a public one."""
    declared = doc.get("networks") or {}
    internal = {n for n, d in declared.items() if (d or {}).get("internal") is True}
    services: dict[str, Any] = doc["services"]
    attached = {}
    for name, svc in services.items():
        nets = svc.get("networks")
        # no `networks:` means compose's implicit, non-internal `default` network
        attached[name] = set(nets if isinstance(nets, list) else (nets or {})) or {"default"}
        w = f"compose.{name}"
        for n in attached[name] - {"default"}:
            r.check(n in declared, w, f"network {n!r} is not declared at the top level")
        if name == "gateway":
            continue
        r.check("network_mode" not in svc, w, "network_mode bypasses the internal network")
        r.check(
            attached[name] <= internal,
            w,
            f"must be on internal networks only, is on {sorted(attached[name])}",
        )
    gw = attached.get("gateway", set())
    r.check(bool(gw - internal), "compose.gateway", "needs a non-internal network for its port")
    for proc in SERVICE_PROCS:
        r.check(
            bool(gw & attached.get(proc.name, set())),
            "compose.gateway",
            f"shares no network with {proc.name}",
        )


def check_compose_process_env(
    r: Report, proc: Proc, svc: dict[str, Any], services: dict[str, Any]
) -> None:
    w = f"compose.{proc.name}"
    env = compose_env(svc)
    for key in env:
        r.check(
            key.startswith(proc.prefix) or key == "ALEMBIC_DATABASE_URL",
            w,
            f"{key}: not the {proc.prefix} prefix, the process would ignore it",
        )
    p = proc.prefix
    r.check(
        env.get(f"{p}DATABASE_URL", "").startswith("postgresql+asyncpg://"),
        w,
        f"{p}DATABASE_URL must be a postgresql+asyncpg:// URL",
    )
    r.check(env.get(f"{p}ENVIRONMENT") == "production", w, f"{p}ENVIRONMENT must be production")
    mounted = {s if isinstance(s, str) else s.get("source") for s in svc.get("secrets") or []}

    def secret_file_ok(key: str) -> None:
        path = env.get(key, "")
        r.check(
            path.startswith("/run/secrets/") and path.rsplit("/", 1)[-1] in mounted,
            w,
            f"{key} must be /run/secrets/<a secret the service mounts>",
        )

    if proc.name == "gateway":
        secret_file_ok("GATEWAY_JWT_PRIVATE_KEY_FILE")
        if "GATEWAY_JWT_PUBLIC_KEY_FILE" in env:
            secret_file_ok("GATEWAY_JWT_PUBLIC_KEY_FILE")
        for target in SERVICE_PROCS:
            key = f"GATEWAY_{target.prefix[:-1]}_URL"
            r.check(
                env.get(key) == f"http://{target.name}:{target.port}",
                w,
                f"{key} must be http://{target.name}:{target.port}",
            )
        r.check(env.get("GATEWAY_SPA_DIR") == "/app/spa", w, "GATEWAY_SPA_DIR must be /app/spa")
        raw = env.get("GATEWAY_BOOTSTRAP_CLIENTS", "")
        try:
            clients = json.loads(uninterpolate(raw))
        except json.JSONDecodeError as exc:
            r.fail(w, f"GATEWAY_BOOTSTRAP_CLIENTS is not JSON: {exc}")
            clients = []
        projects_env = compose_env(services.get("project-service") or {})
        client_id = projects_env.get("PROJECTS_CLIENT_ID")
        match = [c for c in clients if isinstance(c, dict) and c.get("client_id") == client_id]
        if r.check(bool(match), w, f"GATEWAY_BOOTSTRAP_CLIENTS has no client {client_id!r}"):
            c = match[0]
            r.check(c.get("role") == "service", w, "the project-service client needs role service")
            r.check(
                {"registry:read", "budget:read", "budget:write"} <= set(c.get("scopes") or []),
                w,
                "the project-service client needs registry:read budget:read budget:write",
            )
            raw_secret = re.search(r'"client_secret"\s*:\s*"\$\{(\w+)', raw)
            own = re.match(r"\$\{(\w+)", projects_env.get("PROJECTS_CLIENT_SECRET", ""))
            r.check(
                bool(raw_secret and own and raw_secret.group(1) == own.group(1)),
                w,
                "client_secret must be the same ${VAR} as PROJECTS_CLIENT_SECRET",
            )
    else:
        r.check(
            env.get(f"{p}JWKS_URL") == JWKS_URL_COMPOSE,
            w,
            f"{p}JWKS_URL must be {JWKS_URL_COMPOSE}",
        )
    if proc.name == "project-service":
        r.check(
            env.get("PROJECTS_REGISTRY_URL") == "http://enterprise-registry:8001",
            w,
            "PROJECTS_REGISTRY_URL must be http://enterprise-registry:8001",
        )
        r.check(
            env.get("PROJECTS_BUDGET_URL") == "http://budget-service:8003",
            w,
            "PROJECTS_BUDGET_URL must be http://budget-service:8003",
        )
        r.check(
            env.get("PROJECTS_TOKEN_URL", "").startswith("http://gateway:8000/"),
            w,
            "PROJECTS_TOKEN_URL must point at the gateway",
        )
        r.check(bool(env.get("PROJECTS_CLIENT_ID")), w, "PROJECTS_CLIENT_ID is missing")
        r.check(
            env.get("PROJECTS_CLIENT_SECRET", "").startswith("${"),
            w,
            "PROJECTS_CLIENT_SECRET must come from ${VAR}",
        )
    if proc.name == "gateway":
        ports = [str(x) for x in svc.get("ports") or []]
        r.check(
            any(x.split(":")[-1] == "8000" and x.count(":") >= 1 for x in ports),
            w,
            "the gateway must be published on 8000",
        )


# --------------------------------------------------------------------------------------------
# a small kustomize: resources, namespace, images, replicas, strategic-merge patches

KUSTOMIZATION_KEYS = {
    "apiVersion",
    "kind",
    "namespace",
    "resources",
    "images",
    "replicas",
    "patches",
}
CLUSTER_SCOPED = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
    "IngressClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
}
# Strategic-merge keys (k8s.io/api patchMergeKey) for the lists the manifests might patch.
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "imagePullSecrets": "name",
}
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"}


class KustomizeError(Exception):
    pass


def load_docs(path: Path) -> list[dict[str, Any]]:
    try:
        return [d for d in yaml.safe_load_all(path.read_text()) if d]
    except yaml.YAMLError as exc:
        raise KustomizeError(f"{path.relative_to(ROOT)}: not valid YAML: {exc}") from exc


def smp(base: Any, patch: Any, key: str | None = None) -> Any:
    """Strategic merge patch, the subset used here (no $patch directives)."""
    if isinstance(patch, dict) and isinstance(base, dict):
        if any(str(k).startswith("$") for k in patch):
            raise KustomizeError(f"unsupported patch directive in {sorted(patch)}")
        out = dict(base)
        for k, v in patch.items():
            if v is None:
                out.pop(k, None)
            elif k in out:
                out[k] = smp(out[k], v, k)
            else:
                out[k] = copy.deepcopy(v)
        return out
    if isinstance(patch, list) and isinstance(base, list) and key in MERGE_KEYS:
        mk = MERGE_KEYS[key]
        out_list = [copy.deepcopy(x) for x in base]
        for item in patch:
            idx = next(
                (
                    i
                    for i, b in enumerate(out_list)
                    if isinstance(b, dict) and isinstance(item, dict) and b.get(mk) == item.get(mk)
                ),
                None,
            )
            if idx is None:
                out_list.append(copy.deepcopy(item))
            else:
                out_list[idx] = smp(out_list[idx], item, None)
        return out_list
    return copy.deepcopy(patch)


def pod_spec(obj: dict[str, Any]) -> dict[str, Any] | None:
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        return (((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get(
            "spec"
        )
    if kind in WORKLOADS:
        return (spec.get("template") or {}).get("spec")
    return None


def containers(obj: dict[str, Any], init: bool = True) -> Iterator[dict[str, Any]]:
    ps = pod_spec(obj) or {}
    yield from ps.get("containers") or []
    if init:
        yield from ps.get("initContainers") or []


def split_image(image: str) -> tuple[str, str | None, str | None]:
    name, _, digest_part = image.partition("@")
    digest = digest_part or None
    tag = None
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    return name, tag, digest


def kustomize(directory: Path, seen: tuple[Path, ...] = ()) -> list[dict[str, Any]]:
    directory = directory.resolve()
    if directory in seen:
        raise KustomizeError(f"kustomization cycle at {directory}")
    kfile = directory / "kustomization.yaml"
    if not kfile.is_file():
        raise KustomizeError(f"{directory.relative_to(ROOT)}: no kustomization.yaml")
    k = yaml.safe_load(kfile.read_text()) or {}
    rel = kfile.relative_to(ROOT)
    unsupported = set(k) - KUSTOMIZATION_KEYS
    if unsupported:
        raise KustomizeError(f"{rel}: fields this validator does not render: {sorted(unsupported)}")
    if k.get("kind") != "Kustomization":
        raise KustomizeError(f"{rel}: kind must be Kustomization")
    objs: list[dict[str, Any]] = []
    for res in k.get("resources") or []:
        path = directory / res
        if path.is_dir():
            objs += kustomize(path, (*seen, directory))
        elif path.is_file():
            objs += load_docs(path)
        else:
            raise KustomizeError(f"{rel}: resource {res} does not exist")
    for i, entry in enumerate(k.get("patches") or []):
        if set(entry) - {"path", "patch"}:
            raise KustomizeError(f"{rel}: patches[{i}]: only path/patch (no target) supported")
        if "path" in entry:
            ppath = directory / entry["path"]
            if not ppath.is_file():
                raise KustomizeError(f"{rel}: patch {entry['path']} does not exist")
            patches = load_docs(ppath)
        else:
            patches = [d for d in yaml.safe_load_all(entry["patch"]) if d]
        for p in patches:
            kind, name = p.get("kind"), (p.get("metadata") or {}).get("name")
            hits = [
                j
                for j, o in enumerate(objs)
                if o.get("kind") == kind and o["metadata"].get("name") == name
            ]
            if len(hits) != 1:
                raise KustomizeError(f"{rel}: patch for {kind}/{name} matches {len(hits)} objects")
            target = objs[hits[0]]
            body = {key: val for key, val in p.items() if key not in ("apiVersion", "kind")}
            body["metadata"] = {
                mk: mv
                for mk, mv in (p.get("metadata") or {}).items()
                if mk not in ("name", "namespace")
            }
            objs[hits[0]] = smp(target, body)
    if "namespace" in k:
        for o in objs:
            if o.get("kind") not in CLUSTER_SCOPED:
                o.setdefault("metadata", {})["namespace"] = k["namespace"]
    for img in k.get("images") or []:
        hit = False
        for o in objs:
            for c in containers(o):
                name, tag, digest = split_image(str(c.get("image", "")))
                if name != img["name"]:
                    continue
                hit = True
                name = img.get("newName", name)
                if "digest" in img:
                    c["image"] = f"{name}@{img['digest']}"
                else:
                    tag = img.get("newTag", tag)
                    c["image"] = (
                        name
                        + (f":{tag}" if tag else "")
                        + (f"@{digest}" if digest and "newTag" not in img else "")
                    )
        if not hit:
            raise KustomizeError(f"{rel}: images entry {img['name']} matches no container")
    for rep in k.get("replicas") or []:
        hits = [
            o
            for o in objs
            if o.get("kind") in {"Deployment", "StatefulSet", "ReplicaSet"}
            and o["metadata"].get("name") == rep["name"]
        ]
        if not hits:
            raise KustomizeError(f"{rel}: replicas entry {rep['name']} matches no workload")
        for o in hits:
            o.setdefault("spec", {})["replicas"] = int(rep["count"])
    return objs


def kubectl_render(directory: Path) -> list[dict[str, Any]] | None:
    kubectl = shutil.which("kubectl")
    if not kubectl:
        return None
    out = subprocess.run(
        [kubectl, "kustomize", str(directory)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if out.returncode:
        raise KustomizeError(f"kubectl kustomize {directory}: {out.stderr.strip()}")
    return [d for d in yaml.safe_load_all(out.stdout) if d]


# --------------------------------------------------------------------------------------------
# k8s checks


def parse_quantity(q: Any) -> float:
    s = str(q)
    units = {
        "m": 1e-3,
        "Ki": 2**10,
        "Mi": 2**20,
        "Gi": 2**30,
        "Ti": 2**40,
        "k": 1e3,
        "M": 1e6,
        "G": 1e9,
    }
    for u, f in sorted(units.items(), key=lambda x: -len(x[0])):
        if s.endswith(u):
            return float(s[: -len(u)]) * f
    return float(s)


def validate_schemas(r: Report, label: str, objs: list[dict[str, Any]]) -> None:
    try:
        import kubernetes_validate
    except ImportError:
        if any("kubernetes-validate" in e for e in r.errors):
            return
        r.fail(
            "k8s",
            "the `kubernetes-validate` package is missing: add it to the dev group "
            "(`uv add --dev kubernetes-validate`) or run "
            "`uv run --with kubernetes-validate python scripts/validate_infra.py`",
        )
        return
    for o in objs:
        ident = f"k8s[{label}] {o.get('kind')}/{(o.get('metadata') or {}).get('name')}"
        try:
            kubernetes_validate.validate(o, K8S_VERSION, strict=True)
            r.checks += 1
        except kubernetes_validate.ValidationError as exc:
            path = ".".join(str(p) for p in exc.path) or "(root)"
            r.fail(ident, f"schema {K8S_VERSION}: {path}: {exc.message}")
        except kubernetes_validate.SchemaNotFoundError:
            r.fail(ident, f"no Kubernetes {K8S_VERSION} schema for {o.get('apiVersion')}")


def load_example_secrets(r: Report) -> dict[str, set[str]]:
    path = K8S / "secret.example.yaml"
    if not r.check(path.is_file(), "k8s", "infra/k8s/secret.example.yaml is missing"):
        return {}
    out: dict[str, set[str]] = {}
    for d in load_docs(path):
        r.check(d.get("kind") == "Secret", "k8s/secret.example.yaml", "holds only Secrets")
        out[d["metadata"]["name"]] = set(d.get("stringData") or {}) | set(d.get("data") or {})
    for kfile in K8S.rglob("kustomization.yaml"):
        res = (yaml.safe_load(kfile.read_text()) or {}).get("resources") or []
        r.check(
            not any("secret.example" in str(x) for x in res),
            str(kfile.relative_to(ROOT)),
            "secret.example.yaml must not be a kustomize resource",
        )
    return out


def check_k8s(
    r: Report,
    label: str,
    objs: list[dict[str, Any]],
    secrets: dict[str, set[str]],
    production: bool,
) -> None:
    W = f"k8s[{label}]"
    by_kind: dict[str, dict[str, dict[str, Any]]] = {}
    for o in objs:
        name = (o.get("metadata") or {}).get("name")
        if name in by_kind.setdefault(o.get("kind", "?"), {}):
            r.fail(W, f"duplicate {o.get('kind')}/{name}")
        by_kind[o.get("kind", "?")][name] = o
        if o.get("kind") not in CLUSTER_SCOPED:
            r.check(
                o["metadata"].get("namespace") == NAMESPACE,
                W,
                f"{o.get('kind')}/{name} is not in namespace {NAMESPACE}",
            )
        r.check(
            o.get("kind") != "Secret",
            W,
            f"Secret/{name} is rendered: secrets are referenced by name only",
        )
    r.check(NAMESPACE in by_kind.get("Namespace", {}), W, f"Namespace {NAMESPACE} is missing")
    configmaps = by_kind.get("ConfigMap", {})
    for cm_name, cm in configmaps.items():
        for key, value in (cm.get("data") or {}).items():
            r.check(not secretish_name(key), W, f"ConfigMap/{cm_name}: {key} belongs in a Secret")
            r.check(
                not URL_PASSWORD.search(str(value)) and not PEM_PRIVATE.search(str(value)),
                W,
                f"ConfigMap/{cm_name}: {key} holds a credential",
            )
    deployments = by_kind.get("Deployment", {})
    for proc in PROCS:
        r.check(proc.name in deployments, W, f"Deployment/{proc.name} is missing")
    for kind in WORKLOADS:
        for name, o in by_kind.get(kind, {}).items():
            check_pod(
                r,
                f"{W} {kind}/{name}",
                o,
                configmaps,
                secrets,
                production,
                probes=kind == "Deployment",
            )
    for name, d in deployments.items():
        w = f"{W} Deployment/{name}"
        spec = d["spec"]
        tlabels = (spec["template"].get("metadata") or {}).get("labels") or {}
        sel = (spec.get("selector") or {}).get("matchLabels") or {}
        r.check(
            bool(sel) and sel.items() <= tlabels.items(),
            w,
            "selector.matchLabels must match the template labels",
        )
        if production:
            r.check(int(spec.get("replicas", 1)) >= 2, w, "production runs at least 2 replicas")
        proc = BY_NAME.get(name)
        if proc:
            check_process_env(r, w, proc, d, configmaps)
    # Services point at Deployments and their ports
    services = by_kind.get("Service", {})
    for proc in PROCS:
        r.check(proc.name in services, W, f"Service/{proc.name} is missing")
    for name, s in services.items():
        w = f"{W} Service/{name}"
        sel = (s.get("spec") or {}).get("selector") or {}
        targets = [
            d
            for d in deployments.values()
            if sel
            and sel.items()
            <= ((d["spec"]["template"].get("metadata") or {}).get("labels") or {}).items()
        ]
        if not r.check(len(targets) == 1, w, f"selector matches {len(targets)} Deployments"):
            continue
        cports = [p for c in containers(targets[0], init=False) for p in c.get("ports") or []]
        for sp in s["spec"].get("ports") or []:
            tp = sp.get("targetPort", sp.get("port"))
            r.check(
                any(tp in (p.get("name"), p.get("containerPort")) for p in cports),
                w,
                f"targetPort {tp} is not a container port",
            )
        if name in BY_NAME:
            r.check(
                any(sp.get("port") == BY_NAME[name].port for sp in s["spec"].get("ports", [])),
                w,
                f"must expose port {BY_NAME[name].port} (CONTRACTS.md)",
            )
    # Ingress -> gateway
    ingresses = by_kind.get("Ingress", {})
    r.check(bool(ingresses), W, "no Ingress for the gateway")
    for name, ing in ingresses.items():
        w = f"{W} Ingress/{name}"
        spec = ing.get("spec") or {}
        for rule in spec.get("rules") or []:
            for path in (rule.get("http") or {}).get("paths") or []:
                svc = (path.get("backend") or {}).get("service") or {}
                target = services.get(svc.get("name"))
                if r.check(target is not None, w, f"backend Service {svc.get('name')} missing"):
                    port = svc.get("port") or {}
                    r.check(
                        any(
                            port.get("name") == p.get("name") or port.get("number") == p.get("port")
                            for p in target["spec"].get("ports") or []
                        ),
                        w,
                        f"backend port {port} is not on Service {svc.get('name')}",
                    )
                    r.check(svc.get("name") == "gateway", w, "only the gateway is public")
        if production:
            hosts = [rule.get("host") for rule in spec.get("rules") or []]
            r.check(hosts == [PROD_HOST], w, f"host must be {PROD_HOST}, got {hosts}")
            tls = spec.get("tls") or []
            r.check(
                any(PROD_HOST in (t.get("hosts") or []) and t.get("secretName") for t in tls),
                w,
                f"needs tls for {PROD_HOST} with a secretName",
            )
            for t in tls:
                r.check(
                    t.get("secretName") in secrets,
                    w,
                    f"TLS secret {t.get('secretName')} is not in secret.example.yaml",
                )
    # HPAs
    hpas = by_kind.get("HorizontalPodAutoscaler", {})
    scaled = set()
    for name, h in hpas.items():
        w = f"{W} HorizontalPodAutoscaler/{name}"
        r.check(h.get("apiVersion") == "autoscaling/v2", w, "use autoscaling/v2")
        spec = h.get("spec") or {}
        ref = spec.get("scaleTargetRef") or {}
        target = deployments.get(ref.get("name")) if ref.get("kind") == "Deployment" else None
        if r.check(target is not None, w, f"scaleTargetRef {ref} does not exist"):
            scaled.add(ref["name"])
            lo, hi = int(spec.get("minReplicas", 1)), int(spec.get("maxReplicas", 0))
            r.check(1 <= lo <= hi, w, f"minReplicas {lo} / maxReplicas {hi}")
            reps = int(target["spec"].get("replicas", 1))
            r.check(lo <= reps <= hi, w, f"Deployment replicas {reps} outside [{lo}, {hi}]")
            for c in containers(target, init=False):
                r.check(
                    "cpu" in ((c.get("resources") or {}).get("requests") or {}),
                    w,
                    f"CPU scaling needs a cpu request on container {c.get('name')}",
                )
        cpu = [
            m
            for m in spec.get("metrics") or []
            if m.get("type") == "Resource" and (m.get("resource") or {}).get("name") == "cpu"
        ]
        r.check(
            bool(cpu) and cpu[0]["resource"].get("target", {}).get("averageUtilization") == 70,
            w,
            "needs a CPU Utilization target of 70%",
        )
    for proc in PROCS:
        r.check(proc.name in scaled, W, f"no HorizontalPodAutoscaler for {proc.name}")
    # PodDisruptionBudgets select something
    for name, pdb in by_kind.get("PodDisruptionBudget", {}).items():
        sel = ((pdb.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
        r.check(
            any(
                sel
                and sel.items()
                <= ((d["spec"]["template"].get("metadata") or {}).get("labels") or {}).items()
                for d in deployments.values()
            ),
            f"{W} PodDisruptionBudget/{name}",
            "selector matches no Deployment",
        )
    # migration Jobs, one per process, same image as its Deployment
    jobs = by_kind.get("Job", {})
    for proc in PROCS:
        dep = deployments.get(proc.name)
        mine = []
        for jname, j in jobs.items():
            cs = list(containers(j, init=False))
            cmd = " ".join(
                str(x) for c in cs for x in (c.get("command") or []) + (c.get("args") or [])
            )
            if (
                dep
                and any(c.get("image") == next(containers(dep, init=False))["image"] for c in cs)
                and "alembic" in cmd
            ):
                mine.append((jname, j, cmd))
        if not r.check(
            len(mine) == 1,
            W,
            f"needs exactly one migration Job running {proc.name}'s image, "
            f"found {[m[0] for m in mine]}",
        ):
            continue
        jname, j, cmd = mine[0]
        w = f"{W} Job/{jname}"
        r.check(
            "-c /app/alembic.ini upgrade head" in cmd,
            w,
            "must run `alembic -c /app/alembic.ini upgrade head`",
        )
        ps = pod_spec(j) or {}
        r.check(
            ps.get("restartPolicy") in ("Never", "OnFailure"), w, "restartPolicy Never/OnFailure"
        )
        names = {e.get("name") for c in containers(j) for e in c.get("env") or []}
        r.check(
            bool({"ALEMBIC_DATABASE_URL", f"{proc.prefix}DATABASE_URL"} & names),
            w,
            f"needs ALEMBIC_DATABASE_URL or {proc.prefix}DATABASE_URL",
        )


def check_pod(
    r: Report,
    w: str,
    obj: dict[str, Any],
    configmaps: dict[str, Any],
    secrets: dict[str, set[str]],
    production: bool,
    probes: bool,
) -> None:
    ps = pod_spec(obj) or {}
    psc = ps.get("securityContext") or {}
    volumes = {v.get("name"): v for v in ps.get("volumes") or []}
    for v in volumes.values():
        if "secret" in v:
            sname = v["secret"].get("secretName")
            r.check(sname in secrets, w, f"volume secret {sname} is not in secret.example.yaml")
            for item in v["secret"].get("items") or []:
                r.check(
                    item.get("key") in secrets.get(sname, set()),
                    w,
                    f"secret {sname} has no key {item.get('key')} in secret.example.yaml",
                )
        if "configMap" in v:
            r.check(
                v["configMap"].get("name") in configmaps,
                w,
                f"volume configMap {v['configMap'].get('name')} is not rendered",
            )
    cs = list(containers(obj))
    r.check(bool(cs), w, "no containers")
    for c in cs:
        cw = f"{w} container {c.get('name')}"
        csc = c.get("securityContext") or {}
        r.check(
            csc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True,
            cw,
            "securityContext.runAsNonRoot must be true",
        )
        r.check(csc.get("runAsUser", psc.get("runAsUser")) not in (0, "0"), cw, "runs as root")
        r.check(
            csc.get("allowPrivilegeEscalation") is False,
            cw,
            "allowPrivilegeEscalation must be false",
        )
        image = str(c.get("image", ""))
        r.check(bool(image), cw, "no image")
        if production:
            _, tag, digest = split_image(image)
            r.check(
                bool(digest) or (tag not in (None, "latest")),
                cw,
                f"production image {image} needs a release tag or digest",
            )
        res = c.get("resources") or {}
        for part in ("requests", "limits"):
            for rname in ("cpu", "memory"):
                r.check(rname in (res.get(part) or {}), cw, f"resources.{part}.{rname} missing")
        if probes:
            ports = {p.get("name") for p in c.get("ports") or []} | {
                p.get("containerPort") for p in c.get("ports") or []
            }
            for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
                hg = (c.get(probe) or {}).get("httpGet") or {}
                if r.check(hg.get("path") == path, cw, f"{probe} must be httpGet {path}"):
                    r.check(hg.get("port") in ports, cw, f"{probe} port {hg.get('port')} unknown")
        for e in c.get("env") or []:
            if "value" in e:
                for problem in literal_secret_problems(e["name"], e["value"]):
                    if "${" in str(e["value"]):
                        problem = "a secret-looking value: use valueFrom.secretKeyRef"
                    r.fail(cw, f"env {e['name']}: {problem}")
                r.check(
                    not secretish_name(e["name"]),
                    cw,
                    f"env {e['name']} is inline: use valueFrom.secretKeyRef",
                )
            vf = e.get("valueFrom") or {}
            if "secretKeyRef" in vf:
                ref = vf["secretKeyRef"]
                r.check(
                    ref.get("key") in secrets.get(ref.get("name"), set()),
                    cw,
                    f"env {e['name']}: secret {ref.get('name')}/{ref.get('key')} is not in "
                    "secret.example.yaml",
                )
            if "configMapKeyRef" in vf:
                ref = vf["configMapKeyRef"]
                r.check(
                    ref.get("key") in ((configmaps.get(ref.get("name")) or {}).get("data") or {}),
                    cw,
                    f"env {e['name']}: configMap {ref.get('name')}/{ref.get('key')} missing",
                )
            r.check(
                not e["name"].upper().endswith("_SERVICE_TOKEN"),
                cw,
                f"{e['name']} is a test-only setting",
            )
        for ef in c.get("envFrom") or []:
            if "configMapRef" in ef:
                r.check(
                    ef["configMapRef"].get("name") in configmaps,
                    cw,
                    f"envFrom configMap {ef['configMapRef'].get('name')} is not rendered",
                )
            if "secretRef" in ef:
                r.check(
                    ef["secretRef"].get("name") in secrets,
                    cw,
                    f"envFrom secret {ef['secretRef'].get('name')} not in secret.example.yaml",
                )
        for m in c.get("volumeMounts") or []:
            r.check(m.get("name") in volumes, cw, f"volumeMount {m.get('name')} has no volume")


def check_process_env(
    r: Report, w: str, proc: Proc, dep: dict[str, Any], configmaps: dict[str, Any]
) -> None:
    """What the process needs to start in production (kc_common.settings), from env + ConfigMaps."""
    c = next(containers(dep, init=False))
    names: dict[str, Any] = {}
    for ef in c.get("envFrom") or []:
        if "configMapRef" in ef:
            names.update((configmaps.get(ef["configMapRef"].get("name")) or {}).get("data") or {})
    for e in c.get("env") or []:
        names[e["name"]] = e.get("value", e.get("valueFrom"))
    p = proc.prefix
    r.check(names.get(f"{p}ENVIRONMENT") == "production", w, f"{p}ENVIRONMENT must be production")
    db = names.get(f"{p}DATABASE_URL")
    r.check(
        isinstance(db, dict) and "secretKeyRef" in db,
        w,
        f"{p}DATABASE_URL must come from a secretKeyRef",
    )
    port = next((pt.get("containerPort") for pt in c.get("ports") or []), None)
    r.check(port == proc.port, w, f"containerPort must be {proc.port}, got {port}")
    if proc.name == "gateway":
        key_file = names.get("GATEWAY_JWT_PRIVATE_KEY_FILE")
        mounts = [m.get("mountPath", "") for m in c.get("volumeMounts") or []]
        r.check(
            isinstance(key_file, str) and any(key_file.startswith(m + "/") for m in mounts),
            w,
            "GATEWAY_JWT_PRIVATE_KEY_FILE must be a file in a mounted volume",
        )
        for target in SERVICE_PROCS:
            key = f"GATEWAY_{target.prefix[:-1]}_URL"
            r.check(
                names.get(key) == f"http://{target.name}:{target.port}",
                w,
                f"{key} must be http://{target.name}:{target.port}",
            )
        r.check(names.get("GATEWAY_SPA_DIR") == "/app/spa", w, "GATEWAY_SPA_DIR must be /app/spa")
        r.check(
            isinstance(names.get("GATEWAY_BOOTSTRAP_CLIENTS"), dict),
            w,
            "GATEWAY_BOOTSTRAP_CLIENTS must come from a secretKeyRef",
        )
    else:
        jwks = names.get(f"{p}JWKS_URL")
        r.check(
            isinstance(jwks, str) and jwks.startswith("http://gateway:8000/"),
            w,
            f"{p}JWKS_URL must point at the gateway Service",
        )
    if proc.name == "project-service":
        for key in (
            "PROJECTS_TOKEN_URL",
            "PROJECTS_CLIENT_ID",
            "PROJECTS_REGISTRY_URL",
            "PROJECTS_BUDGET_URL",
        ):
            r.check(isinstance(names.get(key), str), w, f"{key} is missing")
        r.check(
            isinstance(names.get("PROJECTS_CLIENT_SECRET"), dict),
            w,
            "PROJECTS_CLIENT_SECRET must come from a secretKeyRef",
        )


def compare_resources(r: Report, base: list[dict[str, Any]], prod: list[dict[str, Any]]) -> None:
    """The production overlay runs bigger pods than the base."""

    def sizes(objs: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
        out = {}
        for o in objs:
            if o.get("kind") == "Deployment":
                req = (next(containers(o, init=False)).get("resources") or {}).get("requests") or {}
                out[o["metadata"]["name"]] = (
                    parse_quantity(req.get("cpu", 0)),
                    parse_quantity(req.get("memory", 0)),
                )
        return out

    b, p = sizes(base), sizes(prod)
    for name in b.keys() & p.keys():
        r.check(
            p[name][0] >= b[name][0] and p[name][1] >= b[name][1] and p[name] != b[name],
            f"k8s[production] Deployment/{name}",
            "resource requests must be above the base",
        )


# --------------------------------------------------------------------------------------------
# NetworkPolicies: self-contained (rendered objects in, findings out), so it works on any
# renderer's output.

# Who may connect to each process (CONTRACTS.md): the gateway calls every service,
# project-service calls the registry and budget-service; the gateway is public and every service
# fetches its JWKS (project-service also its token). Any other workload (the migration Jobs)
# must receive nothing.
SERVICE_PEERS = {
    "enterprise-registry": {"Deployment/gateway", "Deployment/project-service"},
    "project-service": {"Deployment/gateway"},
    "budget-service": {"Deployment/gateway", "Deployment/project-service"},
}
ANYONE = "anyone"


def label_selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    if not (selector.get("matchLabels") or {}).items() <= labels.items():
        return False
    for e in selector.get("matchExpressions") or []:
        key, op, values = e.get("key"), e.get("operator"), e.get("values") or []
        ok = {
            "In": labels.get(key) in values,
            "NotIn": labels.get(key) not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }.get(op, False)
        if not ok:
            return False
    return True


def admitted(
    policies: list[dict[str, Any]], labels: dict[str, str], workloads: dict[str, dict[str, str]]
) -> tuple[bool, set[str], set[str]]:
    """(isolated, peers, ports) for ingress to pods labelled `labels`: the union over the
    policies selecting them. Peers are workload ids, ANYONE, or a description of a peer outside
    the namespace / one matching nothing."""
    isolated, peers, ports = False, set(), set()
    for pol in policies:
        spec = pol.get("spec") or {}
        types = spec.get("policyTypes") or ["Ingress", *(["Egress"] if "egress" in spec else [])]
        if "Ingress" not in types or not label_selects(spec.get("podSelector") or {}, labels):
            continue
        isolated = True
        for rule in spec.get("ingress") or []:
            ports |= {
                f"{p.get('protocol', 'TCP')}/{p.get('port', 'all')}"
                for p in rule.get("ports") or []
            } or {"all"}
            for peer in rule.get("from") or [{}]:
                if not peer:
                    peers.add(ANYONE)
                elif "ipBlock" in peer:
                    peers.add(f"ipBlock {peer['ipBlock'].get('cidr')}")
                elif "namespaceSelector" in peer:
                    peers.add(f"namespaceSelector {peer['namespaceSelector']}")
                else:
                    sel = peer.get("podSelector") or {}
                    hits = {w for w, wl in workloads.items() if label_selects(sel, wl)}
                    peers |= hits or {f"podSelector {sel} (matches no workload)"}
    return isolated, peers, ports


def check_network_policies(r: Report, where: str, objs: list[dict[str, Any]]) -> None:
    policies = [o for o in objs if o.get("kind") == "NetworkPolicy"]
    workloads = {}
    for o in objs:
        if o.get("kind") in WORKLOADS - {"Pod", "CronJob"}:
            tmeta = ((o.get("spec") or {}).get("template") or {}).get("metadata") or {}
            workloads[f"{o['kind']}/{o['metadata']['name']}"] = tmeta.get("labels") or {}
    for wid, labels in sorted(workloads.items()):
        w = f"{where} {wid}"
        isolated, peers, ports = admitted(policies, labels, workloads)
        if not r.check(isolated, w, "no NetworkPolicy selects it: it accepts any connection"):
            continue
        name = wid.split("/", 1)[1]
        if wid == "Deployment/gateway":
            # the public entry: the ingress controller (outside the namespace) and every service
            outside = any(p == ANYONE or p.startswith(("ipBlock", "namespace")) for p in peers)
            needed = {f"Deployment/{s}" for s in SERVICE_PEERS}
            r.check(
                ANYONE in peers or (outside and needed <= peers),
                w,
                f"must admit the ingress controller and the services, admits {sorted(peers)}",
            )
            r.check(ports == {"TCP/8000"}, w, f"must admit TCP/8000 only, admits {sorted(ports)}")
        elif wid.startswith("Deployment/") and name in SERVICE_PEERS:
            want, port = SERVICE_PEERS[name], f"TCP/{BY_NAME[name].port}"
            r.check(
                peers == want and ports == {port},
                w,
                f"admits {sorted(peers)} on {sorted(ports)}; only {sorted(want)} on {port} may "
                "connect (everything else goes through the gateway)",
            )
        else:
            r.check(not peers, w, f"receives no connections, but admits {sorted(peers)}")


def check_kustomize(r: Report, compare_kubectl: bool) -> None:
    secrets = load_example_secrets(r)
    rendered: dict[str, list[dict[str, Any]]] = {}
    for label, directory in (
        ("base", K8S / "base"),
        ("production", K8S / "overlays" / "production"),
    ):
        try:
            objs = kustomize(directory)
        except KustomizeError as exc:
            r.fail(f"k8s[{label}]", str(exc))
            continue
        rendered[label] = objs
        validate_schemas(r, label, objs)
        check_k8s(r, label, objs, secrets, production=label == "production")
        check_network_policies(r, f"k8s[{label}]", objs)
        if compare_kubectl:
            try:
                theirs = kubectl_render(directory)
            except KustomizeError as exc:
                r.fail(f"k8s[{label}]", str(exc))
                continue
            if theirs is None:
                r.warn(f"k8s[{label}]", "--compare-kubectl: kubectl is not installed")
                continue
            key = lambda o: (o["kind"], o["metadata"]["name"])  # noqa: E731
            mine_map = {key(o): o for o in objs}
            theirs_map = {key(o): o for o in theirs}
            r.check(
                mine_map.keys() == theirs_map.keys(),
                f"k8s[{label}]",
                f"objects differ from kubectl kustomize: {mine_map.keys() ^ theirs_map.keys()}",
            )
            for k in mine_map.keys() & theirs_map.keys():
                r.check(
                    mine_map[k] == theirs_map[k],
                    f"k8s[{label}] {k[0]}/{k[1]}",
                    "the built-in renderer differs from kubectl kustomize",
                )
    if "base" in rendered and "production" in rendered:
        compare_resources(r, rendered["base"], rendered["production"])
    # every manifest in base/ is used
    base_k = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text()) or {}
    listed = set(base_k.get("resources") or [])
    for f in sorted((K8S / "base").glob("*.yaml")):
        if f.name != "kustomization.yaml" and f.name not in listed:
            r.warn("k8s[base]", f"{f.name} is not listed in resources")


# --------------------------------------------------------------------------------------------
# Dockerfiles


@dataclass
class Instr:
    op: str
    args: str
    line: int


def parse_dockerfile(text: str) -> list[Instr]:
    out: list[Instr] = []
    buf, start = "", 0
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not buf and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if buf and line.lstrip().startswith("#"):
            continue  # comments inside a continued instruction
        if not buf:
            start = n
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        op, _, args = buf.strip().partition(" ")
        out.append(Instr(op.upper(), args.strip(), start))
        buf = ""
    return out


def dockerignore_rules(path: Path) -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    if not path.is_file():
        return rules
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        neg = line.startswith("!")
        pat = line[1:] if neg else line
        pat = pat.strip().lstrip("/").rstrip("/")
        out, i = "", 0
        while i < len(pat):
            if pat.startswith("**", i):
                i += 2
                if i < len(pat) and pat[i] == "/":
                    i += 1
                    out += "(?:.*/)?"
                else:
                    out += ".*"
            elif pat[i] == "*":
                out += "[^/]*"
                i += 1
            elif pat[i] == "?":
                out += "[^/]"
                i += 1
            else:
                out += re.escape(pat[i])
                i += 1
        rules.append((neg, re.compile(out + "(?:/.*)?$")))
    return rules


def ignored(path: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    result = False
    for neg, rx in rules:
        if rx.match(path):
            result = not neg
    return result


def copy_sources(args: str) -> tuple[dict[str, str], list[str], str]:
    """COPY flags, sources, destination (shell or JSON form)."""
    flags: dict[str, str] = {}
    parts = json.loads(args) if args.startswith("[") else args.split()
    while parts and parts[0].startswith("--"):
        k, _, v = parts.pop(0)[2:].partition("=")
        flags[k] = v
    return flags, parts[:-1], parts[-1] if parts else ""


def in_progress_path(src: str) -> bool:
    """Paths other engineers are still creating: warn, do not fail."""
    return src.startswith("frontend/") or "migrations" in src or src.endswith("alembic.ini")


def workspace_members() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return list(data["tool"]["uv"]["workspace"]["members"])


def check_dockerfiles(r: Report, k8s_probed: set[str], missing: list[str]) -> None:
    members = workspace_members()
    for proc in PROCS:
        path = DOCKER / f"{proc.name}.Dockerfile"
        w = f"docker/{path.name}"
        if not r.check(path.is_file(), "docker", f"{path.relative_to(ROOT)} is missing"):
            continue
        instrs = parse_dockerfile(path.read_text())
        rules = dockerignore_rules(DOCKER / f"{path.name}.dockerignore")
        r.check(bool(rules), w, f"{path.name}.dockerignore is missing (the context is the repo)")
        args: dict[str, str] = {}
        stages: list[tuple[str, str, list[Instr]]] = []  # (name, image, instrs)
        for ins in instrs:
            if ins.op == "ARG" and not stages:
                k, _, v = ins.args.partition("=")
                args[k.strip()] = v.strip().strip('"')
            elif ins.op == "FROM":
                parts = ins.args.split()
                image = re.sub(
                    r"\$\{?(\w+)\}?", lambda m, a=args: a.get(m.group(1), m.group(0)), parts[0]
                )
                name = (
                    parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else str(len(stages))
                )
                stages.append((name, image, []))
            elif stages:
                stages[-1][2].append(ins)
            else:
                r.check(ins.op in ("ARG",), w, f"line {ins.line}: {ins.op} before the first FROM")
        if not r.check(len(stages) >= 2, w, "must be multi-stage (builder + runtime)"):
            continue
        names = [s[0] for s in stages]
        _, final_image, final = stages[-1]
        r.check(
            final_image.startswith("python:3.11-slim"),
            w,
            f"runtime stage must be python:3.11-slim, is {final_image}",
        )
        r.check(
            any(img.startswith("python:3.11-slim") for _, img, _ in stages[:-1]),
            w,
            "needs a python:3.11-slim builder stage",
        )
        all_instr = [i for _, _, ins in stages for i in ins]
        run_text = " ".join(i.args for i in all_instr if i.op == "RUN")
        r.check(
            "uv sync --frozen --no-dev" in run_text and f"--package {proc.dist}" in run_text,
            w,
            f"builder must `uv sync --frozen --no-dev --package {proc.dist}`",
        )
        r.check(
            any(
                i.op == "COPY" and ("ghcr.io/astral-sh/uv" in i.args or "--from=uv" in i.args)
                for i in all_instr
            )
            or "pip install uv" in run_text,
            w,
            "builder must install uv",
        )
        # every workspace member's pyproject.toml (uv --frozen needs the whole workspace)
        copied = " ".join(i.args for i in all_instr if i.op == "COPY")
        for m in members:
            r.check(
                f"{m}/pyproject.toml" in copied,
                w,
                f"{m}/pyproject.toml is not copied: uv sync --frozen needs every member",
            )
        r.check("uv.lock" in copied, w, "uv.lock is not copied")
        users = [i.args.split()[0] for i in final if i.op == "USER"]
        r.check(
            bool(users) and users[-1].split(":")[0] not in ("root", "0"),
            w,
            "the runtime stage must switch to a non-root USER",
        )
        hc = [i for i in final if i.op == "HEALTHCHECK"]
        if hc:
            r.check(
                f":{proc.port}/healthz" in hc[-1].args,
                w,
                f"HEALTHCHECK must hit /healthz on port {proc.port}",
            )
        elif proc.name in k8s_probed:
            r.warn(w, "no HEALTHCHECK (covered by the Kubernetes probes)")
        else:
            r.fail(w, "no HEALTHCHECK and no Kubernetes probes")
        cmd = [i for i in final if i.op == "CMD"]
        if r.check(bool(cmd), w, "no CMD"):
            try:
                argv = json.loads(cmd[-1].args)
            except json.JSONDecodeError:
                argv = cmd[-1].args.split()
                r.fail(w, "CMD must use the exec (JSON) form so uvicorn gets the signals")
            want = [
                "uvicorn",
                f"{proc.package}.app:create_app",
                "--factory",
                "--host",
                "0.0.0.0",  # noqa: S104 - what the image must do
                "--port",
                str(proc.port),
            ]
            r.check(argv[: len(want)] == want, w, f"CMD must be {' '.join(want)}, got {argv}")
        r.check(
            any(i.op == "EXPOSE" and str(proc.port) in i.args.split() for i in final),
            w,
            f"EXPOSE {proc.port} missing",
        )
        final_copies = [copy_sources(i.args) for i in final if i.op == "COPY"]
        r.check(
            any(dst == "/app/alembic.ini" for _, _, dst in final_copies),
            w,
            "alembic.ini must be copied to /app/alembic.ini for the migration job",
        )
        r.check(
            any(dst.rstrip("/") == "/app/migrations" for _, _, dst in final_copies),
            w,
            "migrations/ must be copied to /app/migrations",
        )
        if proc.name == "gateway":
            node = [s for s in stages if s[1].startswith("node:20")]
            if r.check(bool(node), w, "needs a node:20 stage building the SPA"):
                node_run = " ".join(i.args for i in node[0][2] if i.op == "RUN")
                r.check(
                    "npm ci" in node_run and "npm run build" in node_run,
                    w,
                    "the node stage must `npm ci` and `npm run build`",
                )
                r.check(
                    any(
                        f.get("from") == node[0][0] and "dist" in " ".join(src)
                        for f, src, _ in final_copies
                    ),
                    w,
                    "the runtime stage must copy the SPA's dist from the node stage",
                )
            r.check(
                any(i.op == "ENV" and "GATEWAY_SPA_DIR" in i.args for i in final),
                w,
                "GATEWAY_SPA_DIR must be set",
            )
        # COPY sources exist in the context and survive the .dockerignore
        for idx, (_, _, ins) in enumerate(stages):
            for i in ins:
                if i.op not in ("COPY", "ADD"):
                    continue
                flags, srcs, _dst = copy_sources(i.args)
                if "from" in flags:
                    src_stage = flags["from"]
                    r.check(
                        src_stage in names[:idx] or "/" in src_stage or ":" in src_stage,
                        w,
                        f"line {i.line}: --from={src_stage} is not an earlier stage",
                    )
                    continue
                for src in srcs:
                    clean = src.rstrip("/").removeprefix("./") or "."
                    matches = (
                        list(ROOT.glob(clean))
                        if any(ch in clean for ch in "*?[")
                        else ([ROOT / clean] if (ROOT / clean).exists() else [])
                    )
                    if not matches:
                        if in_progress_path(clean):
                            missing.append(f"{path.name}: {clean}")
                        else:
                            r.fail(w, f"line {i.line}: COPY source {clean} does not exist")
                    if clean != "." and ignored(clean, rules):
                        r.fail(
                            w,
                            f"line {i.line}: COPY source {clean} is excluded by "
                            f"{path.name}.dockerignore",
                        )
    readme = DOCKER / "README.md"
    r.check(readme.is_file(), "docker", "infra/docker/README.md is missing")


# --------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--compare-kubectl",
        action="store_true",
        help="also render with `kubectl kustomize` and compare",
    )
    ap.add_argument("--verbose", action="store_true", help="print warnings in full")
    opts = ap.parse_args()
    started = time.monotonic()
    r = Report(verbose=opts.verbose)
    check_compose(r)
    check_kustomize(r, opts.compare_kubectl)
    probed: set[str] = set()
    try:
        for o in kustomize(K8S / "base"):
            if o.get("kind") == "Deployment" and all(
                c.get("readinessProbe") and c.get("livenessProbe")
                for c in containers(o, init=False)
            ):
                probed.add(o["metadata"]["name"])
    except KustomizeError:
        pass
    missing: list[str] = []
    check_dockerfiles(r, probed, missing)
    if missing:
        r.warn(
            "docker",
            "COPY sources not in the repository yet (being written by others): "
            + ", ".join(missing),
        )
    for wmsg in r.warnings:
        print(f"warning: {wmsg}")
    elapsed = time.monotonic() - started
    if r.errors:
        for e in r.errors:
            print(f"FAIL {e}", file=sys.stderr)
        print(
            f"validate_infra: {len(r.errors)} failed, {r.checks - len(r.errors)} passed "
            f"({elapsed:.1f}s)",
            file=sys.stderr,
        )
        return 1
    print(
        f"validate_infra: ok: {r.checks} checks passed (compose, k8s base + production against "
        f"Kubernetes {K8S_VERSION} schemas, {len(PROCS)} Dockerfiles), {len(r.warnings)} "
        f"warnings ({elapsed:.1f}s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
