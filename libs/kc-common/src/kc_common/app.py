"""The one way a service app is put together: errors, request context, ops, auth, database."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.telemetry import TelemetryConfig

from kc_common.auth import RevocationFeed, build_verifier
from kc_common.db import Database
from kc_common.docs import install_docs
from kc_common.edge import BodySizeLimit, SecurityHeaders
from kc_common.errors import install_error_handlers
from kc_common.messages import RequestLanguage
from kc_common.observability import (
    Metrics,
    RejectNulInUrl,
    RequestContextMiddleware,
    configure_logging,
    metrics_router,
    ops_router,
)
from kc_common.settings import ServiceSettings
from kc_common.upstream import tls_context

API_PREFIX = "/api/v1"
# A service's own /docs and /redoc pages; its /openapi.json is always served (the gateway
# merges the services' documents into the public one).
DOCS_ENVIRONMENTS = frozenset({"development", "test"})
GC_YOUNG_THRESHOLD = 20_000
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


def operation_id_generator(service: str) -> Callable[[APIRoute], str]:
    """Stable `{service}-{tag}-{name}` operationIds, unique once the gateway merges documents."""

    def generate(route: APIRoute) -> str:
        tag = str(route.tags[0]) if route.tags else "default"
        return f"{service}-{tag}-{route.name}".replace("_", "-")

    return generate


def create_service_app(
    *,
    service: str,
    title: str,
    settings: ServiceSettings,
    routers: Sequence[APIRouter],
    on_startup: Callable[[FastAPI], Awaitable[None]] | None = None,
    on_shutdown: Callable[[FastAPI], Awaitable[None]] | None = None,
    docs: bool | None = None,
    trust_request_id: bool = True,
    metrics_dependencies: Sequence[Any] = (),
    own_verifier: bool = False,
    **fastapi_kwargs: Any,
) -> FastAPI:
    """`docs`: serve /docs and /redoc (default: in development and test only).
    `trust_request_id`: adopt a caller's X-Request-Id (services; the gateway mints its own).
    `metrics_dependencies`: what guards /metrics (the gateway's is not anonymous).
    `own_verifier`: `on_startup` sets `app.state.token_verifier` itself (the gateway, which
    signs the tokens); then there is no JWKS client, no revocation feed and no `app.state.http`."""
    configure_logging(service, settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db = Database(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_pool_overflow,
            echo=settings.db_echo,
            pre_ping=settings.db_pool_pre_ping,
            transaction_pooler=settings.db_transaction_pooler,
            read_url=settings.read_database_url,
        )
        feed = None
        if not own_verifier:
            # One pooled client per process: the JWKS, the revocation list, and what the
            # service's own startup hands it (project-service's calls to budget and registry).
            app.state.http = httpx.AsyncClient(
                verify=tls_context(),
                timeout=httpx.Timeout(10.0, connect=3.0),
                limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
            )
            app.state.token_verifier = build_verifier(settings, app.state.http)
            revocations_url = settings.revocations_endpoint()
            if revocations_url:
                feed = RevocationFeed(
                    revocations_url,
                    app.state.http,
                    app.state.token_verifier.revocations,
                    settings.revocations_poll_seconds,
                )
                feed.start()
        if on_startup:
            await on_startup(app)
        # What is alive now (FastAPI, pydantic, SQLAlchemy, the routes, the pools) lives as long
        # as the app: out of the collector's way. Otherwise every full collection, which a busy
        # process triggers every few seconds, walks those ~120,000 objects and stalls every
        # request in flight (0.5-1.3 s on a loaded machine; make bench-gateway, ceiling).
        if settings.gc_freeze:
            gc.collect()
            gc.freeze()
        # And a young-generation collection every GC_YOUNG_THRESHOLD container allocations, not
        # every 700: a request allocates a few hundred, nearly all freed by reference counting,
        # so the default ran one every few requests for little (in-process gateway proxy loop:
        # ~9% less CPU per request; make bench-gateway, ceiling). Cycles still get collected.
        thresholds = gc.get_threshold()
        gc.set_threshold(GC_YOUNG_THRESHOLD, thresholds[1], thresholds[2])
        try:
            yield
        finally:
            gc.set_threshold(*thresholds)
            if settings.gc_freeze:
                gc.unfreeze()  # an app started again in the same process starts afresh
            if feed:
                await feed.stop()
            if on_shutdown:
                await on_shutdown(app)
            if not own_verifier:
                await app.state.http.aclose()
            await app.state.db.dispose()

    app = FastAPI(
        title=title,
        version="1.0.0",
        lifespan=lifespan,
        generate_unique_id_function=operation_id_generator(service),
        # FastAPI's own pages load a CDN and an inline script; ours are in kc_common.docs.
        # No OpenTelemetry here (metrics are Prometheus, logs JSON lines): FastAPI's native
        # telemetry would otherwise look up the global providers on every request.
        **{"docs_url": None, "redoc_url": None, "telemetry": NO_TELEMETRY, **fastapi_kwargs},
    )
    app.state.settings = settings
    app.state.metrics = Metrics(service)
    install_error_handlers(app)
    # Outermost last: security headers on every answer, then the request id (so a 413 carries
    # it and is counted), then the body limit, before anything reads a byte of the body.
    app.add_middleware(RejectNulInUrl)
    app.add_middleware(RequestLanguage)
    app.add_middleware(
        BodySizeLimit,
        max_json_bytes=settings.max_json_bytes,
        max_upload_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(
        RequestContextMiddleware, metrics=app.state.metrics, trust_incoming_id=trust_request_id
    )
    app.add_middleware(SecurityHeaders, hsts_max_age=settings.hsts_max_age)
    app.include_router(ops_router)
    app.include_router(metrics_router(metrics_dependencies))
    show_docs = settings.environment in DOCS_ENVIRONMENTS if docs is None else docs
    if show_docs and app.openapi_url:
        install_docs(app, openapi_url=app.openapi_url, title=title)
    for router in routers:
        app.include_router(router, prefix=API_PREFIX)
    return app
