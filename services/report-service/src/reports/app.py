"""report-service: the program's periodic reports, read from the other services, and the
reports issued as immutable snapshots (its own database holds only those)."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
from fastapi import FastAPI

from kc_common.app import create_service_app
from kc_common.upstream import (
    ClientCredentialsTokenProvider,
    NoCredentials,
    ServiceTokenProvider,
    StaticTokenProvider,
)
from reports.issued.routes import router as issued_router
from reports.models import load_models
from reports.program import render
from reports.program.layout import load_layout
from reports.program.routes import router as program_router
from reports.program.service import Readers
from reports.settings import ReportsSettings
from reports.upstream import SERVICE_SCOPES, BudgetReader, ProjectsReader, RegistryReader

load_models()


def _token_provider(settings: ReportsSettings, http: httpx.AsyncClient) -> ServiceTokenProvider:
    if settings.service_token:
        return StaticTokenProvider(settings.service_token)
    if settings.client_id and settings.client_secret:
        return ClientCredentialsTokenProvider(
            http, settings.token_url, settings.client_id, settings.client_secret, SERVICE_SCOPES
        )
    return NoCredentials("REPORTS_")


def create_app(
    settings: ReportsSettings | None = None,
    *,
    token_provider: ServiceTokenProvider | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """`token_provider` and `http_transport` let tests run the other services in-process."""
    settings = settings or ReportsSettings()
    layout = load_layout(settings.layouts_dir)  # a broken layout stops the start, with why

    async def startup(app: FastAPI) -> None:
        http: httpx.AsyncClient = app.state.http
        app.state.upstream_http = None
        if http_transport is not None:
            http = httpx.AsyncClient(
                transport=http_transport, timeout=settings.upstream_timeout_seconds
            )
            app.state.upstream_http = http
        app.state.warm_up = None
        if settings.warm_up_pdf:
            app.state.warm_up = asyncio.create_task(asyncio.to_thread(render.warm_up))
        tokens = token_provider or _token_provider(settings, app.state.http)
        app.state.layout = layout
        app.state.readers = Readers(
            budget=BudgetReader(http, settings.budget_url, tokens),
            projects=ProjectsReader(http, settings.projects_url, tokens),
            registry=RegistryReader(http, settings.registry_url, tokens),
        )

    async def shutdown(app: FastAPI) -> None:
        if app.state.warm_up is not None:
            with contextlib.suppress(Exception):
                await app.state.warm_up  # a thread cannot be cancelled: let it finish
        if app.state.upstream_http is not None:
            await app.state.upstream_http.aclose()

    return create_service_app(
        service="reports",
        title="Reports (báo cáo định kỳ)",
        settings=settings,
        routers=[program_router, issued_router],
        on_startup=startup,
        on_shutdown=shutdown,
    )
