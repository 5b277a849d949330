"""The reverse proxy: authenticate at the edge, forward with the caller's bearer token over one
pooled httpx client, stream both bodies, map upstream failures to 502/504 problem+json.

Written against raw ASGI (no Request/Response objects) because it is the hot path.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
from starlette.types import Receive, Scope, Send

from gateway.net import TrustedProxies, address_group, client_ip, peer_ip, peer_is_trusted
from gateway.proxy.public_cache import CachedAnswer, Key, PublicCache, etag_matches
from gateway.proxy.ratelimit import RateLimiter
from gateway.proxy.transport import StreamTransport
from gateway.proxy.upstreams import Upstream
from kc_common.auth import TokenVerifier
from kc_common.errors import ProblemError, send_problem

log = logging.getLogger("gateway.proxy")

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
    }
)
# Headers the gateway sets itself, or that must not reach a service from outside.
DROP_REQUEST = HOP_BY_HOP | {
    b"host",
    b"x-request-id",
    b"x-forwarded-for",
    b"x-forwarded-proto",
    b"x-forwarded-host",
    b"x-real-ip",
    b"forwarded",
    b"cookie",
}
# Identity assertions a client might try to smuggle to a service.
IDENTITY_PREFIXES = (
    b"x-user",
    b"x-forwarded-user",
    b"x-forwarded-email",
    b"x-forwarded-groups",
    b"x-remote-",
    b"remote-user",
    b"x-auth",
    b"x-principal",
    b"x-role",
    b"x-enterprise",
    b"x-client-id",
    b"x-scope",
    b"x-consumer",
    b"x-jwt",
    b"x-token",
    b"x-service",
)
DROP_RESPONSE = HOP_BY_HOP | {b"x-request-id", b"date", b"server"}


class ClientDisconnected(Exception):
    pass


class EdgeAuth:
    """Verifies bearer tokens at the edge. The verifier remembers verified tokens itself and
    checks revocation on every call, so there is no second cache here."""

    def __init__(self, verifier: TokenVerifier) -> None:
        self._verifier = verifier

    async def claims(self, token: str) -> dict[str, Any]:
        return await self._verifier.verify(token)  # raises Unauthorized


class Proxy:
    def __init__(
        self,
        client: httpx.AsyncClient,
        routes: dict[str, Upstream],
        edge: EdgeAuth,
        *,
        trusted_proxies: TrustedProxies = (),
        public_limiter: RateLimiter | None = None,
        public_cache: PublicCache | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.client = client
        # `client`'s transport: the gateway's own is called directly (no httpx Request and
        # Response per call); another (GATEWAY_UPSTREAM_TRANSPORT) goes through the client.
        self.raw = transport if isinstance(transport, StreamTransport) else None
        self.timeouts = client.timeout.as_dict()
        self.routes = routes
        self.edge = edge
        self.trusted_proxies = trusted_proxies
        self.public_limiter = public_limiter
        self.public_cache = public_cache if public_cache and public_cache.enabled else None

    async def handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        upstream: Upstream,
        *,
        public: bool = False,
    ) -> None:
        state = scope.setdefault("state", {})
        request_id: str | None = state.get("request_id")
        if public and self.public_limiter is not None:
            # per client address, an IPv6 client by its /64 (X-Forwarded-For only from a
            # trusted proxy: gateway.net)
            client = address_group(client_ip(scope, self.trusted_proxies))
            wait = self.public_limiter.hit(client)
            if wait:
                await send_problem(
                    send, scope, 429, "rate_limited", request_id, params={"retry_after": wait},
                    extra_headers=[(b"retry-after", str(wait).encode())],
                )  # fmt: skip
                return
        cache = self.public_cache if public and scope["method"] == "GET" else None
        if cache is None:
            await self._forward(scope, receive, send, upstream, public=public)
            return
        key: Key = (
            (scope.get("raw_path") or scope["path"].encode()).split(b"?", 1)[0]
            + (b"?" + scope["query_string"] if scope.get("query_string") else b""),
            _header(scope, b"accept-language")[:64],
        )
        answer = cache.get(key)
        if answer is None:
            pending = cache.claim(key)
            if pending is not None:  # another caller is fetching it: wait, then look again
                await pending.wait()
                answer = cache.get(key)
                if answer is None:
                    await self._forward(scope, receive, send, upstream, public=True)
                    return
        if answer is not None:
            await _replay(send, scope, answer, cache.clock())
            return
        try:
            await self._forward(scope, receive, send, upstream, public=True, cache_as=key)
        finally:
            cache.fetched(key)

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        upstream: Upstream,
        *,
        public: bool,
        cache_as: Key | None = None,
    ) -> None:
        state = scope.setdefault("state", {})
        request_id: str | None = state.get("request_id")
        headers: list[tuple[bytes, bytes]] = []
        authorization: bytes | None = None
        has_body = has_length = False
        forwarded_for: bytes | None = None
        host: bytes | None = None
        connection: bytes | None = None
        for key, value in scope["headers"]:
            if key == b"authorization":
                authorization = value
            elif key == b"content-length":
                has_body = value.strip() not in (b"", b"0")
                has_length = True
            elif key in DROP_REQUEST or key.startswith(IDENTITY_PREFIXES):
                if key == b"transfer-encoding":
                    has_body = True
                elif key == b"x-forwarded-for":
                    forwarded_for = value
                elif key == b"host":
                    host = value
                elif key == b"connection":
                    connection = value
                continue
            headers.append((key, value))
        if connection:  # names listed in Connection are hop-by-hop too
            listed = {t.strip().lower() for t in connection.split(b",")}
            headers = [(k, v) for k, v in headers if k not in listed]

        # Authenticate at the edge; the service verifies the same token again. The public
        # routes are anonymous: a token sent there is not forwarded (every caller is alike, so
        # any cache may share the answer).
        if public:
            headers = [(k, v) for k, v in headers if k != b"authorization"]
            if cache_as is not None:  # the whole answer is wanted, to keep for everyone
                headers = [(k, v) for k, v in headers if k != b"if-none-match"]
        elif authorization is None or authorization[:7].lower() != b"bearer ":
            await send_problem(
                send, scope, 401, "auth.unauthorized", request_id, message="auth.token_required",
                extra_headers=[(b"www-authenticate", b"Bearer")],
            )  # fmt: skip
            return
        else:
            try:
                claims = await self.edge.claims(authorization[7:].strip().decode("latin-1"))
            except ProblemError as exc:
                await send_problem(
                    send, scope, exc.status, exc.code, request_id, message=exc.message,
                    params=exc.params, extra_headers=[(b"www-authenticate", b"Bearer")],
                )  # fmt: skip
                return
            state["principal_claims"] = claims

        # The chain goes on only from a trusted proxy; otherwise it starts at the peer.
        ip = peer_ip(scope) or ""
        if forwarded_for and self.trusted_proxies and peer_is_trusted(scope, self.trusted_proxies):
            ip = forwarded_for.decode("latin-1") + ", " + ip
        if request_id:
            headers.append((b"x-request-id", request_id.encode()))
        headers.append((b"x-forwarded-for", ip.encode("latin-1")))
        headers.append((b"x-forwarded-proto", scope.get("scheme", "http").encode()))
        if host:
            headers.append((b"x-forwarded-host", host))

        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        raw_path = raw_path.split(b"?", 1)[0]
        query: bytes = scope.get("query_string", b"")
        if query:
            raw_path += b"?" + query
        body = _body(receive) if has_body else None
        try:
            if self.raw is not None and upstream.scheme == "http":
                # The gateway's own transport without httpx's Request/Response objects: the
                # same wire checks (gateway.proxy.transport), a third of the CPU per request.
                headers.insert(0, (b"Host", upstream.netloc))
                if body is not None and not has_length:
                    headers.append((b"transfer-encoding", b"chunked"))
                elif not has_length and scope["method"] in ("POST", "PUT", "PATCH"):
                    headers.append((b"content-length", b"0"))  # as httpx does
                status, _reason, raw, stream = await self.raw.exchange(
                    scope["method"].encode(), upstream.host, upstream.port, raw_path,
                    headers, body, self.timeouts,
                )  # fmt: skip
                next_chunk: Callable[[], Awaitable[bytes]] = stream.next_chunk
                close = stream.aclose
            else:
                url = httpx.URL(
                    scheme=upstream.scheme, host=upstream.host, port=upstream.port,
                    raw_path=raw_path,
                )  # fmt: skip
                request = httpx.Request(scope["method"], url, headers=headers, content=body)
                response = await self.client.send(request, stream=True)
                status, raw, stream = response.status_code, response.headers.raw, None
                pieces = response.aiter_raw()

                def next_chunk() -> Awaitable[bytes]:
                    return anext(pieces, b"")

                close = response.aclose
        except httpx.TimeoutException:
            log.warning("upstream %s timed out", upstream.name)
            await send_problem(
                send, scope, 504, "upstream.timeout", request_id, params={"service": upstream.name}
            )
            return
        except ClientDisconnected:
            return
        except httpx.TransportError as exc:
            log.warning("upstream %s unavailable: %r", upstream.name, exc)
            await send_problem(
                send,
                scope,
                502,
                "upstream.unavailable",
                request_id,
                params={"service": upstream.name},
            )
            return

        try:
            out: list[tuple[bytes, bytes]] = []
            conn: list[bytes] = []
            for k, v in raw:  # one pass, each name lowered once
                lower = k.lower()
                if lower not in DROP_RESPONSE:
                    out.append((k, v))
                elif lower == b"connection":
                    conn.append(v)
            if conn:  # names listed in Connection are hop-by-hop too
                hop = {t.strip().lower() for v in conn for t in v.split(b",")}
                out = [(k, v) for k, v in out if k.lower() not in hop]
            await send({"type": "http.response.start", "status": status, "headers": out})
            cache = self.public_cache if cache_as is not None and status == 200 else None
            lifetime = cache.lifetime(out) if cache is not None else 0.0
            # the body, copied as it goes out, while it may still be kept (within the entry cap)
            kept: bytearray | None = bytearray() if cache is not None and lifetime > 0 else None
            ended = False
            while chunk := await next_chunk():  # b"": the body's end
                if chunk:
                    if kept is not None and cache is not None:
                        kept += chunk
                        if len(kept) > cache.max_entry_bytes:
                            kept = None
                    # The last chunk of a Content-Length body ends the answer itself (one send
                    # through the middleware less than an empty closing message).
                    ended = stream is not None and stream.complete
                    await send(
                        {"type": "http.response.body", "body": chunk, "more_body": not ended}
                    )
            if not ended:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            if kept is not None and cache is not None and cache_as is not None:
                cache.put(cache_as, out, bytes(kept), lifetime)
        finally:
            await close()


def _header(scope: Scope, name: bytes) -> bytes:
    return next((v for k, v in scope["headers"] if k == name), b"")


async def _replay(send: Send, scope: Scope, answer: CachedAnswer, now: float) -> None:
    """A kept answer, or 304 when the caller's If-None-Match names its ETag."""
    headers = [*answer.headers, (b"age", str(answer.age(now)).encode())]
    inm = _header(scope, b"if-none-match")
    if inm and etag_matches(inm, answer.etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers.append((b"content-length", str(len(answer.body)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


async def _body(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        chunk = message.get("body", b"")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return
