"""A lean HTTP/1.1 keep-alive transport for the gateway's httpx.AsyncClient.

Why: in this environment httpcore's async pool spends about a millisecond per request and does
not scale with concurrency (16 concurrent requests on one client: ~400 req/s against an upstream
that serves 20,000), which made the proxy the bottleneck. This transport keeps the httpx API
(one lifespan-managed AsyncClient, httpx.Request/Response, httpx exceptions and timeouts) and does
the wire work with asyncio streams: a pool of idle connections per origin, streamed request and
response bodies, Content-Length / chunked / read-to-close framing. Plain http only (the services
are reached on the cluster network); `httpx` falls back to httpcore for anything else.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

_NO_BODY_STATUS = frozenset({204, 304})


class _Conn:
    __slots__ = ("idle_since", "reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.idle_since = 0.0

    def usable(self, now: float, expiry: float) -> bool:
        return (
            not self.writer.is_closing()
            and not self.reader.at_eof()
            and now - self.idle_since < expiry
        )

    def close(self) -> None:
        if not self.writer.is_closing():
            self.writer.close()


class _Body(httpx.AsyncByteStream):
    def __init__(
        self, transport: StreamTransport, key: tuple[str, int], conn: _Conn, framing: str,
        length: int, reusable: bool, read_timeout: float | None,
    ) -> None:  # fmt: skip
        self._transport = transport
        self._key = key
        self._conn: _Conn | None = conn
        self._framing = framing
        self._remaining = length
        self._reusable = reusable
        self._timeout = read_timeout
        self._done = framing == "none"

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None or self._done:
            return
        reader = conn.reader
        try:
            if self._framing == "length":
                while self._remaining > 0:
                    chunk = await self._read(reader.read(min(self._remaining, 65536)))
                    if not chunk:
                        raise httpx.RemoteProtocolError("upstream closed mid-body")
                    self._remaining -= len(chunk)
                    yield chunk
            elif self._framing == "chunked":
                while True:
                    line = await self._read(reader.readuntil(b"\r\n"))
                    size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                    if size == 0:
                        while (await self._read(reader.readuntil(b"\r\n"))) != b"\r\n":
                            pass  # trailers
                        break
                    data = await self._read(reader.readexactly(size + 2))
                    yield data[:-2]
            else:  # read until the upstream closes
                self._reusable = False
                while True:
                    chunk = await self._read(reader.read(65536))
                    if not chunk:
                        break
                    yield chunk
            self._done = True
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            self._reusable = False
            raise httpx.RemoteProtocolError(f"malformed upstream body: {exc}") from None
        except (ConnectionError, OSError) as exc:
            self._reusable = False
            raise httpx.ReadError(str(exc) or type(exc).__name__) from None

    async def _read(self, awaitable: Any) -> Any:
        try:
            return await asyncio.wait_for(awaitable, self._timeout)
        except TimeoutError:
            self._reusable = False
            raise httpx.ReadTimeout("upstream body timed out") from None

    async def aclose(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if self._done and self._reusable:
            self._transport._release(self._key, conn)
        else:
            conn.close()


class StreamTransport(httpx.AsyncBaseTransport):
    def __init__(self, *, max_idle_per_origin: int = 128, keepalive_expiry: float = 4.0) -> None:
        # Upstream uvicorn closes idle keep-alive connections after 5 s: retire ours before.
        self._idle: dict[tuple[str, int], list[_Conn]] = {}
        self._max_idle = max_idle_per_origin
        self._expiry = keepalive_expiry
        self._fallback = httpx.AsyncHTTPTransport()

    def _release(self, key: tuple[str, int], conn: _Conn) -> None:
        idle = self._idle.setdefault(key, [])
        if len(idle) >= self._max_idle:
            conn.close()
            return
        conn.idle_since = time.monotonic()
        idle.append(conn)

    async def _connect(self, key: tuple[str, int], connect_timeout: float | None) -> _Conn:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(key[0], key[1], limit=1 << 20), connect_timeout
            )
        except TimeoutError:
            raise httpx.ConnectTimeout(f"connecting to {key[0]}:{key[1]} timed out") from None
        except OSError as exc:
            raise httpx.ConnectError(f"cannot connect to {key[0]}:{key[1]}: {exc}") from None
        return _Conn(reader, writer)

    def _checkout(self, key: tuple[str, int]) -> _Conn | None:
        idle = self._idle.get(key)
        now = time.monotonic()
        while idle:
            conn = idle.pop()
            if conn.usable(now, self._expiry):
                return conn
            conn.close()
        return None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme != "http":
            return await self._fallback.handle_async_request(request)
        timeouts = request.extensions.get("timeout", {})
        key = (url.host, url.port or 80)
        has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
        for attempt in (0, 1):
            conn = self._checkout(key)
            reused = conn is not None
            if conn is None:
                conn = await self._connect(key, timeouts.get("connect"))
            try:
                await self._send_request(conn, request, has_body, timeouts.get("write"))
                head = await asyncio.wait_for(
                    conn.reader.readuntil(b"\r\n\r\n"), timeouts.get("read")
                )
                break
            except TimeoutError:
                conn.close()
                raise httpx.ReadTimeout("the upstream did not answer in time") from None
            except (asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
                conn.close()
                # A pooled connection the upstream had closed: retry once on a fresh one,
                # unless a request body was already consumed.
                if reused and not has_body and attempt == 0:
                    continue
                raise httpx.RemoteProtocolError(f"upstream connection failed: {exc!r}") from None
            except asyncio.LimitOverrunError:
                conn.close()
                raise httpx.RemoteProtocolError("upstream response head too large") from None
            except BaseException:
                # The request body stopped mid-way (client gone, body over the size limit,
                # cancelled): the upstream has half a request, so the connection is done.
                conn.close()
                raise
        assert conn is not None
        return self._response(request, key, conn, head, timeouts.get("read"))

    async def _send_request(
        self, conn: _Conn, request: httpx.Request, has_body: bool, write_timeout: float | None
    ) -> None:
        url = request.url
        target = url.raw_path or b"/"
        lines = [request.method.encode() + b" " + target + b" HTTP/1.1\r\n"]
        chunked = False
        for name, value in request.headers.raw:
            lower = name.lower()
            if lower == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
                continue
            if lower == b"connection":
                continue
            lines.append(name + b": " + value + b"\r\n")
        if chunked:
            lines.append(b"transfer-encoding: chunked\r\n")
        lines.append(b"\r\n")
        writer = conn.writer
        writer.write(b"".join(lines))
        if has_body:
            stream = request.stream
            assert isinstance(stream, httpx.AsyncByteStream)
            async for chunk in stream:
                if not chunk:
                    continue
                if chunked:
                    writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                else:
                    writer.write(chunk)
                await _drain(writer, write_timeout)
            if chunked:
                writer.write(b"0\r\n\r\n")
        await _drain(writer, write_timeout)

    def _response(
        self, request: httpx.Request, key: tuple[str, int], conn: _Conn, head: bytes,
        read_timeout: float | None,
    ) -> httpx.Response:  # fmt: skip
        status_line, _, rest = head.partition(b"\r\n")
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            conn.close()
            raise httpx.RemoteProtocolError("malformed upstream status line")
        try:
            status = int(parts[1])
        except ValueError:
            conn.close()
            raise httpx.RemoteProtocolError("malformed upstream status code") from None
        headers: list[tuple[bytes, bytes]] = []
        length = -1
        chunked = False
        reusable = parts[0] == b"HTTP/1.1"
        for line in rest[:-4].split(b"\r\n") if rest[:-4] else ():
            name, sep, value = line.partition(b":")
            if not sep:
                continue
            value = value.strip()
            headers.append((name, value))
            lower = name.lower()
            if lower == b"content-length":
                length = int(value)
            elif lower == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif lower == b"connection":
                tokens = value.lower()
                if b"close" in tokens:
                    reusable = False
                elif b"keep-alive" in tokens:
                    reusable = True
        if request.method == "HEAD" or status in _NO_BODY_STATUS or 100 <= status < 200:
            framing, length = "none", 0
        elif chunked:
            framing = "chunked"
        elif length >= 0:
            framing = "length" if length else "none"
        else:
            framing = "close"
        body = _Body(self, key, conn, framing, length, reusable, read_timeout)
        return httpx.Response(
            status,
            headers=headers,
            stream=body,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": parts[2] if len(parts) > 2 else b"",
            },
            request=request,
        )

    async def aclose(self) -> None:
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()
        await self._fallback.aclose()


async def _drain(writer: asyncio.StreamWriter, write_timeout: float | None) -> None:
    try:
        await asyncio.wait_for(writer.drain(), write_timeout)
    except TimeoutError:
        raise httpx.WriteTimeout("writing to the upstream timed out") from None
