"""Records every write request (POST/PUT/PATCH/DELETE under /api/) after it is answered.

Pure ASGI; the row is queued for the background writer, so the request does not wait for it.
Authentication endpoints record their own, richer events.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.audit.service import WRITE_REQUEST, AuditWriter
from gateway.db import utcnow
from gateway.net import TrustedProxies, client_ip

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AuditWritesMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        get_writer: Callable[[], AuditWriter],
        trusted_proxies: TrustedProxies,
    ) -> None:
        self.app = app
        self.get_writer = get_writer
        self.trusted_proxies = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in SAFE_METHODS
            or not scope["path"].startswith("/api/")
            or scope["path"].startswith("/api/v1/auth/")
        ):
            await self.app(scope, receive, send)
            return
        at = utcnow()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            state = scope.get("state", {})
            claims = state.get("principal_claims")
            principal = state.get("principal")
            if claims is not None:
                actor, username, role = (
                    claims.get("sub"),
                    claims.get("username"),
                    claims.get("role"),
                )
            elif principal is not None:
                actor, username, role = principal.subject, principal.username, principal.role
            else:
                actor = username = role = None
            self.get_writer().enqueue(
                kind=WRITE_REQUEST,
                at=at,
                actor_id=actor,
                username=username,
                role=role,
                method=scope["method"],
                path=scope["path"],
                status=status,
                request_id=state.get("request_id"),
                ip=client_ip(scope, self.trusted_proxies),
            )
