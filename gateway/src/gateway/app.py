"""The gateway: the only public entry. Auth and users, the reverse proxy to the services, the
merged OpenAPI document, the dashboard aggregate, the audit trail, and the SPA at `/`."""

from __future__ import annotations

import logging

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.middleware import Middleware

from gateway.audit.middleware import AuditWritesMiddleware
from gateway.audit.routes import router as audit_router
from gateway.audit.service import AuditWriter
from gateway.auth import repository as auth_repository
from gateway.auth.revocations import RevocationRefresher
from gateway.auth.routes import jwks_router
from gateway.auth.routes import router as auth_router
from gateway.bootstrap import bootstrap
from gateway.clients.routes import router as clients_router
from gateway.dashboard.routes import router as dashboard_router
from gateway.httpclient import cache_missing_sniffio, no_cookies
from gateway.keys import KeyRing
from gateway.notifications.jobs import run_round
from gateway.notifications.routes import router as notifications_router
from gateway.openapi.service import MergedOpenApi
from gateway.passwords import Passwords
from gateway.proxy.alternatives import build_transport
from gateway.proxy.public_cache import PublicCache
from gateway.proxy.ratelimit import RateLimiter
from gateway.proxy.routes import ProxyFirst, ProxyRoute
from gateway.proxy.service import EdgeAuth, Proxy
from gateway.proxy.upstreams import public_upstreams, routing_table, upstreams
from gateway.roles import METRICS_READERS
from gateway.settings import GatewaySettings
from gateway.spa.routes import SpaRoute
from gateway.tasks.routes import router as tasks_router
from gateway.users.routes import router as users_router
from kc_common.app import create_service_app
from kc_common.auth import TokenVerifier
from kc_common.docs import install_docs
from kc_common.localtime import utcnow
from kc_common.tasks import Periodic

# A client-credentials scope that may read /metrics (e.g. Prometheus with an oauth2 scrape config).


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    cache_missing_sniffio()  # one line per proxied call is too many
    by_name = upstreams(settings)

    async def on_startup(app: FastAPI) -> None:
        app.state.keyring = KeyRing(settings)
        app.state.signer = app.state.keyring.signer  # the key at startup (tests sign with it)
        # The gateway verifies with its own key ring (current and previous key) and refuses
        # revoked tokens from its own database.
        app.state.token_verifier = TokenVerifier(
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            algorithms=settings.jwt_algorithms,
            key_source=app.state.keyring.verifying_keys,
        )
        app.state.revocations = RevocationRefresher(
            app.state.db,
            app.state.token_verifier.revocations,
            settings.access_token_ttl_seconds,
            interval=min(1.0, settings.revocations_poll_seconds),
        )
        app.state.passwords = Passwords(settings)
        # Service name → Upstream (base URL, owned path prefixes), for the dashboard.
        app.state.upstreams_by_name = by_name
        # The one pooled client for every call to the services: the proxy, the OpenAPI merge,
        # the dashboard and the enterprise check on users.
        transport = build_transport(settings)
        app.state.proxy_http = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=settings.upstream_connect_timeout,
                read=settings.upstream_read_timeout,
                write=settings.upstream_write_timeout,
                pool=settings.upstream_pool_timeout,
            ),
            cookies=no_cookies(),
            # Pool limits belong to the transport (gateway.proxy.alternatives).
            transport=transport,
            follow_redirects=False,
            trust_env=False,
        )
        app.state.proxy = Proxy(
            app.state.proxy_http,
            routing_table(by_name),
            EdgeAuth(app.state.token_verifier),
            trusted_proxies=settings.trusted_proxies,
            public_limiter=RateLimiter(
                settings.public_rate_limit, settings.public_rate_window_seconds
            ),
            public_cache=PublicCache(
                seconds=settings.public_cache_seconds,
                max_entry_bytes=settings.public_cache_max_entry_bytes,
                max_total_bytes=settings.public_cache_max_bytes,
            ),
            transport=transport,
        )

        async def housekeeping(session: object) -> None:
            from datetime import timedelta

            await auth_repository.prune_attempts(
                session,  # type: ignore[arg-type]
                utcnow() - timedelta(seconds=max(3600, settings.login_rate_window_seconds)),
            )
            await auth_repository.forget_addresses(
                session,  # type: ignore[arg-type]
                utcnow() - timedelta(days=settings.lockout_known_address_days),
            )

        app.state.audit = AuditWriter(
            app.state.db,
            interval=settings.audit_flush_interval_seconds,
            housekeeping=housekeeping,
        )
        app.state.audit.start()
        app.state.openapi_merged = MergedOpenApi(
            app.state.proxy_http, by_name, app.openapi, ttl=settings.openapi_cache_seconds
        )
        await bootstrap(app.state.db, settings, app.state.passwords)
        await app.state.revocations.start()
        app.state.notifier = None
        if settings.notifications_interval_seconds > 0:

            async def notify() -> None:
                await run_round(app)

            app.state.notifier = Periodic(
                "notifications", notify, settings.notifications_interval_seconds
            )
            app.state.notifier.start()

    async def on_shutdown(app: FastAPI) -> None:
        if app.state.notifier is not None:
            await app.state.notifier.stop()
        await app.state.revocations.stop()
        await app.state.audit.stop()
        await app.state.proxy_http.aclose()

    app = create_service_app(
        service="gateway",
        title="Khuyến công gateway",
        settings=settings,
        routers=[
            auth_router,
            users_router,
            clients_router,
            audit_router,
            dashboard_router,
            tasks_router,
            notifications_router,
        ],
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        # It verifies with its own key ring (set in on_startup): no JWKS client, no `state.http`.
        own_verifier=True,
        # The gateway faces clients: it mints every request id itself.
        trust_request_id=False,
        # Its port is public: no anonymous metrics.
        metrics_dependencies=METRICS_READERS,
        docs=False,
        openapi_url=None,
    )
    app.include_router(jwks_router)
    app.include_router(jwks_router, prefix="/api/v1", include_in_schema=False)
    # Innermost middleware, so the request id is known when the write is recorded.
    app.user_middleware.append(
        Middleware(
            AuditWritesMiddleware,
            get_writer=lambda: app.state.audit,
            trusted_proxies=settings.trusted_proxies,
        )
    )

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_document() -> JSONResponse:
        return JSONResponse(await app.state.openapi_merged.document())

    install_docs(
        app,
        openapi_url="/openapi.json",
        title="Khuyến công API",
        oauth_client_id="swagger-ui",
        redoc=False,
    )

    # The proxy is looked at first (a dict lookup), the SPA last.
    proxy_route = ProxyRoute(
        routing_table(by_name), lambda: app.state.proxy, public_upstreams(by_name)
    )
    app.router.routes.insert(0, proxy_route)
    # ... and before the router: a proxied request skips FastAPI's own layers (ProxyFirst).
    ProxyFirst.install(app, proxy_route)
    app.router.routes.append(SpaRoute(settings.spa_dir))
    return app
