"""Which service answers which public path: routing by the first segment after /api/v1/."""

from __future__ import annotations

from dataclasses import dataclass, replace

import httpx

from gateway.settings import GatewaySettings

API_PREFIX = "/api/v1/"

# service name → the first path segments it owns (docs/api.md + CONTRACTS.md)
ROUTES: dict[str, tuple[str, ...]] = {
    "registry": (
        "enterprises",
        "craft-villages",
        "typical-products",
        "admin-units",
        "sectors",
        "registry",
    ),
    "projects": ("projects", "activity-types", "kpis", "documents", "plans", "priority-areas"),
    "budget": ("budget",),
    "reports": ("reports",),
}
# `/api/v1/public/<segment>/...`: the no-login routes, by their second segment; any other
# second segment belongs to project-service (projects, ocds, catalog.json).
PUBLIC_SEGMENT = "public"
PUBLIC_ROUTES: dict[str, str] = {"budget": "budget"}
PUBLIC_DEFAULT = "projects"


@dataclass(frozen=True)
class Upstream:
    name: str
    base_url: str
    scheme: str
    host: str
    port: int
    path: str  # the metrics label for proxied requests (read as scope["route"].path)
    netloc: bytes = b""  # the Host header sent to it (host, and the port unless the default)

    @classmethod
    def from_url(cls, name: str, base_url: str) -> Upstream:
        url = httpx.URL(base_url)
        port = url.port or (443 if url.scheme == "https" else 80)
        return cls(
            name, base_url.rstrip("/"), url.scheme, url.host, port, f"proxy:{name}", url.netloc
        )


def upstreams(settings: GatewaySettings) -> dict[str, Upstream]:
    return {
        "registry": Upstream.from_url("registry", settings.registry_url),
        "projects": Upstream.from_url("projects", settings.projects_url),
        "budget": Upstream.from_url("budget", settings.budget_url),
        "reports": Upstream.from_url("reports", settings.reports_url),
    }


def routing_table(by_name: dict[str, Upstream]) -> dict[str, Upstream]:
    """first segment → upstream"""
    return {segment: by_name[name] for name, segments in ROUTES.items() for segment in segments}


def public_upstreams(by_name: dict[str, Upstream]) -> dict[str, Upstream]:
    """second segment under /public/ → upstream (key "" for the default), with metrics labels of
    their own so anonymous traffic is seen apart."""
    table = {seg: by_name[name] for seg, name in PUBLIC_ROUTES.items()}
    table[""] = by_name[PUBLIC_DEFAULT]
    return {seg: replace(up, path=f"{up.path}:public") for seg, up in table.items()}


def public_service(rest: str) -> str:
    """The service of `/api/v1/public/<rest>`."""
    return PUBLIC_ROUTES.get(rest.split("/", 1)[0], PUBLIC_DEFAULT)


def service_for_path(path: str) -> str | None:
    if not path.startswith(API_PREFIX):
        return None
    segment, _, rest = path[len(API_PREFIX) :].partition("/")
    if segment == PUBLIC_SEGMENT:
        return public_service(rest)
    for name, segments in ROUTES.items():
        if segment in segments:
            return name
    return None
