"""project-service: projects (đề án khuyến công), their lifecycle and money steps."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

import httpx
from fastapi import FastAPI

from kc_common.app import create_service_app
from kc_common.upstream import NoCredentials
from projects.activities.routes import router as activities_router
from projects.changes.routes import router as changes_router
from projects.documents.routes import router as documents_router
from projects.documents.storage import DocumentStorage, LocalStorage, S3Storage
from projects.forms.routes import router as forms_router
from projects.kpis.routes import router as kpis_router
from projects.plans import flows as plan_flows
from projects.plans.routes import router as plans_router
from projects.priority_areas.routes import router as priority_areas_router
from projects.projects import sagas
from projects.projects.routes import router as projects_router
from projects.public.directory import RegistryDirectory
from projects.public.routes import router as public_router
from projects.settings import ProjectsSettings
from projects.upstream import (
    SERVICE_SCOPES,
    BudgetClient,
    ClientCredentialsTokenProvider,
    RegistryClient,
    ServiceTokenProvider,
    StaticTokenProvider,
    UpstreamDown,
)

log = logging.getLogger("projects")


def _token_provider(settings: ProjectsSettings, http: httpx.AsyncClient) -> ServiceTokenProvider:
    if settings.service_token:
        return StaticTokenProvider(settings.service_token)
    if settings.client_id and settings.client_secret:
        return ClientCredentialsTokenProvider(
            http,
            settings.token_url,
            settings.client_id,
            settings.client_secret,
            SERVICE_SCOPES,
            UpstreamDown,
        )
    # Every money step answers project.upstream_down, its reason (logged) names the settings.
    return NoCredentials("PROJECTS_", UpstreamDown)


def create_storage(settings: ProjectsSettings) -> DocumentStorage:
    if settings.storage_backend == "s3":
        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
        )
    return LocalStorage(settings.storage_dir)


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
        storage = create_storage(settings)
        if isinstance(storage, S3Storage) and settings.s3_create_bucket:
            await storage.ensure_bucket()
        app.state.storage = storage
        tokens = token_provider or _token_provider(settings, app.state.http)
        app.state.saga = sagas.SagaContext(
            db=app.state.db,
            budget=BudgetClient(http, settings.budget_url, tokens),
            registry=RegistryClient(http, settings.registry_url, tokens),
        )
        app.state.public_directory = RegistryDirectory(
            app.state.saga.registry, settings.public_directory_ttl_seconds
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
        routers=[
            activities_router,
            kpis_router,
            projects_router,
            changes_router,
            documents_router,
            forms_router,
            plans_router,
            priority_areas_router,
            public_router,
        ],
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
