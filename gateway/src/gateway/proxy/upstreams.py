"""Which service answers which public path: routing by the first segment after /api/v1/."""

from __future__ import annotations

from dataclasses import dataclass

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
    "projects": ("projects", "activity-types", "kpis", "plans"),
    "budget": ("budget",),
}


@dataclass(frozen=True)
class Upstream:
    name: str
    base_url: str
    scheme: str
    host: str
    port: int
    path: str  # the metrics label for proxied requests (read as scope["route"].path)

    @classmethod
    def from_url(cls, name: str, base_url: str) -> Upstream:
        url = httpx.URL(base_url)
        port = url.port or (443 if url.scheme == "https" else 80)
        return cls(name, base_url.rstrip("/"), url.scheme, url.host, port, f"proxy:{name}")


def upstreams(settings: GatewaySettings) -> dict[str, Upstream]:
    return {
        "registry": Upstream.from_url("registry", settings.registry_url),
        "projects": Upstream.from_url("projects", settings.projects_url),
        "budget": Upstream.from_url("budget", settings.budget_url),
    }


def routing_table(by_name: dict[str, Upstream]) -> dict[str, Upstream]:
    """first segment → upstream"""
    return {segment: by_name[name] for name, segments in ROUTES.items() for segment in segments}


def service_for_path(path: str) -> str | None:
    if not path.startswith(API_PREFIX):
        return None
    segment = path[len(API_PREFIX) :].split("/", 1)[0]
    for name, segments in ROUTES.items():
        if segment in segments:
            return name
    return None
