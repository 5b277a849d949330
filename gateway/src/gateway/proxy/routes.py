"""One Starlette route in front of all of FastAPI's: a dictionary lookup on the first path
segment decides whether a request is proxied, and to which service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi._body_limit import AppBodyLimitMiddleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.proxy.service import Proxy
from gateway.proxy.upstreams import API_PREFIX, PUBLIC_SEGMENT, Upstream

_PREFIX_LEN = len(API_PREFIX)
_PUBLIC_PREFIX = API_PREFIX + PUBLIC_SEGMENT + "/"


class ProxyRoute(BaseRoute):
    def __init__(
        self,
        routes: dict[str, Upstream],
        get_proxy: Any,
        public: dict[str, Upstream] | None = None,
    ) -> None:
        self.routes = routes
        self.public = public or {}  # /api/v1/public/<segment>: anonymous (see Proxy.handle)
        self._get_proxy = get_proxy  # the Proxy lives on app.state (created in the lifespan)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http":
            path: str = scope["path"]
            if self.public and path.startswith(_PUBLIC_PREFIX):
                rest = path[len(_PUBLIC_PREFIX) :]
                public = self.public.get(rest.split("/", 1)[0]) or self.public[""]
                return Match.FULL, {"route": public, "upstream": public, "public_api": True}
            if path.startswith(API_PREFIX):
                end = path.find("/", _PREFIX_LEN)
                segment = path[_PREFIX_LEN:] if end < 0 else path[_PREFIX_LEN:end]
                upstream = self.routes.get(segment)
                if upstream is not None:
                    return Match.FULL, {"route": upstream, "upstream": upstream}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        proxy: Proxy = self._get_proxy()
        await proxy.handle(
            scope, receive, send, scope["upstream"], public=scope.get("public_api", False)
        )

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        from starlette.routing import NoMatchFound

        raise NoMatchFound(name, path_params)


class ProxyFirst:
    """The gateway's middleware stack, with its proxied paths taken first (the hot path).

    A request the ProxyRoute takes (it is the router's first route, so it would be taken there
    too) runs through Starlette's ServerErrorMiddleware (the app's 500 handler), FastAPI's body
    limit and every middleware of `app.user_middleware`, built from the same list in the same
    order as the app's own stack (security headers, request id, access log and metrics, body
    size limits, language, NUL refusal, audit of writes), then straight into the proxy. It skips
    only what a proxied request never uses: FastAPI's exception-handler and exit-stack layers
    (the proxy answers its own errors as problem+json) and the walk through the router.
    Everything else (lifespan, the gateway's own routes, the SPA) goes to the full stack."""

    def __init__(self, route: ProxyRoute, proxied: ASGIApp, full: ASGIApp) -> None:
        self.route = route
        self.proxied = proxied
        self.full = full

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            match, child_scope = self.route.matches(scope)
            if match is Match.FULL:
                scope.update(child_scope)
                await self.proxied(scope, receive, send)
                return
        await self.full(scope, receive, send)

    @classmethod
    def install(cls, app: FastAPI, route: ProxyRoute) -> None:
        """Wraps what `app.build_middleware_stack` builds (Starlette calls it once, lazily)."""
        build_full = app.build_middleware_stack

        def build() -> ASGIApp:
            error_handler = next(
                (h for k, h in reversed(app.exception_handlers.items()) if k in (500, Exception)),
                None,
            )
            proxied: ASGIApp = route.handle
            for middleware in reversed(app.user_middleware):
                proxied = middleware.cls(proxied, *middleware.args, **middleware.kwargs)
            proxied = AppBodyLimitMiddleware(proxied, max_body_size=app.max_body_size)
            proxied = ServerErrorMiddleware(proxied, handler=error_handler, debug=app.debug)
            return cls(route, proxied, build_full())

        app.build_middleware_stack = build  # type: ignore[method-assign]
