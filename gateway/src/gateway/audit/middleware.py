"""Records every write request (POST/PUT/PATCH/DELETE under /api/) after it is answered.

Pure ASGI; the row is queued for the background writer, so the request does not wait for it.
Authentication endpoints record their own, richer events. A creation's 201 JSON answer is
read (a copy, while it streams through) for the id of the record it made.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.audit.records import describe
from gateway.audit.service import WRITE_REQUEST, AuditWriter
from gateway.net import TrustedProxies, client_ip
from kc_common.localtime import utcnow

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A created record is answered with a small JSON object; larger answers are not kept.
MAX_CREATED_BODY = 64 * 1024


def created_id(body: bytes | bytearray) -> str | None:
    """The top-level `id` of a JSON object, or None."""
    try:
        value = json.loads(body)
    except ValueError:
        return None
    found = value.get("id") if isinstance(value, dict) else None
    return str(found)[:64] if isinstance(found, str | int) and found != "" else None


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
        body: bytearray | None = None  # kept only for a 201 plain JSON answer to a POST

        async def send_status(message: Message) -> None:
            nonlocal status, body
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if (
                    status == 201
                    and scope["method"] == "POST"
                    and headers.get(b"content-type", b"").startswith(b"application/json")
                    and b"content-encoding" not in headers
                ):
                    body = bytearray()
            elif message["type"] == "http.response.body" and body is not None:
                body += message.get("body", b"")
                if len(body) > MAX_CREATED_BODY:
                    body = None
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
            record = describe(
                WRITE_REQUEST, scope["method"], scope["path"], created_id(body) if body else None
            )
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
                record_id=record.record_id,
            )
