"""Which transport carries the gateway's calls to the services (`GATEWAY_UPSTREAM_TRANSPORT`).

- "streams" (default): the gateway's own keep-alive HTTP/1.1 transport (gateway.proxy.transport).
- "httpcore": httpx's own transport with limits tuned for a proxy (every connection kept alive,
  retired before uvicorn's 5 s keep-alive timeout).
- "aiohttp": aiohttp's client connector under the same httpx API (needs aiohttp installed; it is
  in the development dependencies, for `make bench-gateway`).

All three sit under one httpx.AsyncClient, so the proxy, its 502/504 mapping and its body limits
are the same whichever carries the bytes; `make bench-gateway` measures them side by side.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx

from gateway.proxy.transport import StreamTransport
from gateway.settings import GatewaySettings

# uvicorn closes an idle keep-alive connection after 5 s; a pooled one is retired before that.
KEEPALIVE_EXPIRY = 4.0


def build_transport(settings: GatewaySettings) -> httpx.AsyncBaseTransport:
    if settings.upstream_transport == "streams":
        return StreamTransport(
            max_idle_per_origin=settings.upstream_max_keepalive, keepalive_expiry=KEEPALIVE_EXPIRY
        )
    if settings.upstream_transport == "aiohttp":
        return AiohttpTransport(limit=settings.upstream_max_connections)
    return httpx.AsyncHTTPTransport(
        limits=httpx.Limits(
            max_connections=settings.upstream_max_connections,
            max_keepalive_connections=settings.upstream_max_connections,
            keepalive_expiry=KEEPALIVE_EXPIRY,
        ),
        retries=0,
    )


class _AiohttpBody(httpx.AsyncByteStream):
    def __init__(self, response: Any) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        import aiohttp

        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except (TimeoutError, aiohttp.ServerTimeoutError):
            raise httpx.ReadTimeout("upstream body timed out") from None
        except aiohttp.ClientError as exc:
            raise httpx.ReadError(str(exc) or type(exc).__name__) from None

    async def aclose(self) -> None:
        # release() hands a fully read connection back to the pool and closes any other.
        self._response.release()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """httpx requests carried by an aiohttp ClientSession: headers passed through as given (no
    default User-Agent/Accept added, no decompression, no cookies), bodies streamed both ways."""

    def __init__(self, *, limit: int) -> None:
        self._limit = limit
        self._session: Any = None

    def _get_session(self) -> Any:
        if self._session is None:
            import aiohttp

            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=self._limit, keepalive_timeout=KEEPALIVE_EXPIRY
                ),
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
                trust_env=False,
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import aiohttp
        from yarl import URL

        session = self._get_session()
        timeouts = request.extensions.get("timeout", {})
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in request.headers.raw
            if k.lower() not in (b"transfer-encoding", b"connection", b"host")
        ]
        has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
        try:
            response = await session.request(
                request.method,
                URL(str(request.url), encoded=True),
                headers=headers,
                data=_chunks(request.stream) if has_body else None,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    connect=timeouts.get("connect"),
                    sock_read=timeouts.get("read"),
                ),
            )
        except aiohttp.ConnectionTimeoutError:
            raise httpx.ConnectTimeout("connecting to the upstream timed out") from None
        except (TimeoutError, aiohttp.ServerTimeoutError):
            raise httpx.ReadTimeout("the upstream did not answer in time") from None
        except aiohttp.ClientConnectorError as exc:
            raise httpx.ConnectError(str(exc)) from None
        except aiohttp.ClientError as exc:
            raise httpx.RemoteProtocolError(str(exc) or type(exc).__name__) from None
        return httpx.Response(
            response.status,
            headers=list(response.raw_headers),
            stream=_AiohttpBody(response),
            request=request,
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


async def _chunks(stream: Any) -> AsyncIterator[bytes]:
    async for chunk in stream:
        if chunk:
            yield chunk
