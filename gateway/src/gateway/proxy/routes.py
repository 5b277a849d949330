"""One Starlette route in front of all of FastAPI's: a dictionary lookup on the first path
segment decides whether a request is proxied, and to which service."""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

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
