"""What every process enforces on the wire before a route runs: request body size limits and
the security headers on every response. Pure ASGI (no BaseHTTPMiddleware): the gateway's proxy
streams bodies through the same `receive`, so the limit holds for proxied requests too."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kc_common.errors import send_problem

# Boundaries and part headers around an upload: a file of exactly max_upload_bytes still fits.
MULTIPART_FRAMING = 64 * 1024

# What the SPA and the locally served API docs need, nothing more: scripts only from files of
# this origin (no inline script, no eval), inline styles (Mantine and Swagger UI set style
# attributes), images and fonts also as data: URIs, no plugins, never framed.
# blob: for images and frames only: the SPA previews a project's PDFs and images from the bytes it
# fetched with the bearer token (an object URL); scripts never come from blob:.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; frame-src 'self' blob:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit. An HTTPException, so FastAPI
    lets it through its body parsing untouched (anything else becomes a 400 there)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than {limit} bytes")
        self.limit = limit


class BodySizeLimit:
    """413 `request.too_large` for a body over the limit: decided from Content-Length before
    anything is read, and while streaming (chunked, or a Content-Length that lies) as soon as
    the bytes received pass it. multipart/form-data gets `max_upload_bytes`, every other body
    `max_json_bytes`.

    The 413 carries `Connection: close`, so the server does not go on reading (and discarding)
    the rest of a body nobody wants."""

    def __init__(self, app: ASGIApp, *, max_json_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.max_upload_bytes = max_upload_bytes + MULTIPART_FRAMING

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_json_bytes
        declared: int | None = None
        framed = False  # a Content-Length or Transfer-Encoding header: a body may follow
        for key, value in scope["headers"]:
            if key == b"transfer-encoding":
                framed = True
            elif key == b"content-type":
                if value[:19].lower() == b"multipart/form-data":
                    limit = self.max_upload_bytes
            elif key == b"content-length":
                framed = True
                try:
                    declared = int(value)
                except ValueError:
                    declared = None  # the server refuses a malformed Content-Length itself
        if declared is not None and declared > limit:
            await self._refuse(scope, send, limit)
            return
        if not framed:
            # Neither Content-Length nor Transfer-Encoding: HTTP/1.1 framing gives the request
            # no body (RFC 9112 6.3), so there is nothing to count; most GETs end here.
            await self.app(scope, receive, send)
            return

        received = 0
        exceeded = False
        started = False  # a response (the app's or our 413) has begun
        replaced = False  # ... and it is our 413: drop what the app still sends

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge(limit)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started, replaced
            if replaced:
                return
            if exceeded and not started:
                # Whatever the app made of the aborted read (its own 413, a 400, the proxy's
                # 502), the client gets the one answer.
                if message["type"] == "http.response.start":
                    started = replaced = True
                    await self._refuse(scope, send, limit)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded or started:
                raise
            started = replaced = True
            await self._refuse(scope, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, limit: int) -> None:
        await send_problem(
            send,
            scope,
            413,
            "request.too_large",
            params={"limit": limit},
            extra_headers=[(b"connection", b"close")],
        )


class SecurityHeaders:
    """Adds the security headers to every response that does not already carry them (a response
    the gateway proxies from a service has them from the service: not doubled). An answer to a
    request that carries credentials (an Authorization header) is `Cache-Control: no-store`
    unless its route chose otherwise: private records (tax codes, phones, the audit log, exports)
    are kept by no browser or shared cache."""

    def __init__(self, app: ASGIApp, *, hsts_max_age: int = 0) -> None:
        self.app = app
        self.headers: list[tuple[bytes, bytes]] = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]
        if hsts_max_age > 0:
            self.headers.append(
                (b"strict-transport-security", b"max-age=%d; includeSubDomains" % hsts_max_age)
            )
        self.csp = CONTENT_SECURITY_POLICY.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        credentialed = any(key == b"authorization" for key, _ in scope["headers"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                # One pass: the names present, and whether the first Content-Type is HTML.
                present = set()
                html: bool | None = None
                for key, value in headers:
                    key = key.lower()
                    present.add(key)
                    if html is None and key == b"content-type":
                        html = value[:9].lower() == b"text/html"
                for header in self.headers:
                    if header[0] not in present:
                        headers.append(header)
                if html and b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", self.csp))
                if credentialed and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
