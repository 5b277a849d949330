"""project-service: projects (đề án khuyến công), their lifecycle and money steps."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

import httpx
from fastapi import FastAPI

from kc_common.app import create_service_app
from projects.activities.routes import router as activities_router
from projects.kpis.routes import router as kpis_router
from projects.plans import flows as plan_flows
from projects.plans.routes import router as plans_router
from projects.projects import sagas
from projects.projects.routes import router as projects_router
from projects.settings import ProjectsSettings
from projects.upstream import (
    BudgetClient,
    ClientCredentialsTokenProvider,
    RegistryClient,
    ServiceTokenProvider,
    StaticTokenProvider,
    UpstreamDown,
)

log = logging.getLogger("projects")


class _NoCredentials:
    async def token(self) -> str:
        raise UpstreamDown(
            "gateway", "no service credentials: set PROJECTS_CLIENT_ID/PROJECTS_CLIENT_SECRET"
        )  # the reason is logged; the person reads project.upstream_down

    def invalidate(self) -> None:
        return None


def _token_provider(settings: ProjectsSettings, http: httpx.AsyncClient) -> ServiceTokenProvider:
    if settings.service_token:
        return StaticTokenProvider(settings.service_token)
    if settings.client_id and settings.client_secret:
        return ClientCredentialsTokenProvider(
            http, settings.token_url, settings.client_id, settings.client_secret
        )
    return _NoCredentials()


def create_app(
    settings: ProjectsSettings | None = None,
    *,
    token_provider: ServiceTokenProvider | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """`token_provider` and `http_transport` let tests run budget and registry in-process."""
    settings = settings or ProjectsSettings()

    async def startup(app: FastAPI) -> None:
        http: httpx.AsyncClient = app.state.http
        if http_transport is not None:
            http = httpx.AsyncClient(
                transport=http_transport, timeout=settings.upstream_timeout_seconds
            )
            app.state.upstream_http = http
        tokens = token_provider or _token_provider(settings, app.state.http)
        app.state.saga = sagas.SagaContext(
            db=app.state.db,
            budget=BudgetClient(http, settings.budget_url, tokens),
            registry=RegistryClient(http, settings.registry_url, tokens),
        )
        app.state.reconciler = None
        if settings.reconcile_interval_seconds > 0:
            app.state.reconciler = asyncio.create_task(_reconcile_forever(app, settings))

    async def shutdown(app: FastAPI) -> None:
        task = app.state.reconciler
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if getattr(app.state, "upstream_http", None) is not None:
            await app.state.upstream_http.aclose()

    return create_service_app(
        service="projects",
        title="Projects (đề án khuyến công)",
        settings=settings,
        routers=[activities_router, kpis_router, projects_router, plans_router],
        on_startup=startup,
        on_shutdown=shutdown,
    )


async def _reconcile_forever(app: FastAPI, settings: ProjectsSettings) -> None:
    grace = timedelta(seconds=settings.reconcile_grace_seconds)
    while True:
        await asyncio.sleep(settings.reconcile_interval_seconds)
        try:
            done = await sagas.reconcile(app.state.saga, grace=grace)
            plans = await plan_flows.reconcile(app.state.saga, grace=grace)
            done |= {f"plans_{k}": v for k, v in plans.items()}
            if any(done.values()):
                log.info("reconciliation", extra=done)
        except Exception:
            log.exception("reconciliation failed")
