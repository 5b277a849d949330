"""A lean HTTP/1.1 keep-alive transport for the gateway's httpx.AsyncClient.

Why: in this environment httpcore's async pool spends about a millisecond per request and does
not scale with concurrency (16 concurrent requests on one client: ~400 req/s against an upstream
that serves 20,000), which made the proxy the bottleneck. This transport keeps the httpx API
(one lifespan-managed AsyncClient, httpx.Request/Response, httpx exceptions and timeouts) and does
the wire work with asyncio streams: a pool of idle connections per origin, streamed request and
response bodies, Content-Length / chunked / read-to-close framing. Plain http only (the services
are reached on the cluster network); `httpx` falls back to httpcore for anything else.

It stays hand-written because `make bench-gateway` measured it against httpx's own transport
(tuned limits) and aiohttp's client under the same proxy: both served well under 90% of its
throughput (see the README's benchmark table). Being the internet-facing component's client, it
is strict where HTTP/1.1 lets a peer be ambiguous (tests/test_proxy_framing.py): a response with
both Content-Length and Transfer-Encoding, conflicting or malformed lengths, malformed chunk
sizes or chunk ends, header lines with a bare CR or LF or a NUL, obs-folded lines and names that
are not tokens, and heads over MAX_HEAD_BYTES are refused (a 502 at the proxy) and the
connection is dropped, never reused. On the way up it refuses header names and values and
request targets that could split a request, and a body longer or shorter than its declared
Content-Length, before the upstream can read it as a second request.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from typing import Any

import httpx

from kc_common.upstream import tls_context

_NO_BODY_STATUS = frozenset({204, 304})
# A response head (status line and headers) larger than this is refused.
MAX_HEAD_BYTES = 64 * 1024
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CTL_IN_VALUE = re.compile(rb"[\x00\r\n]")
_TARGET = re.compile(rb"[\x21-\x7e]+")  # no controls, no spaces
_STATUS_LINE = re.compile(rb"HTTP/1\.([01]) ([1-9][0-9]{2})(?: ([^\x00\r\n]*))?")
_DIGITS = re.compile(rb"[0-9]{1,18}")
# A response's header lines as a whole: each a token, a colon, a value without CR, LF or NUL.
# One regex pass over the block, not two per line (_parse_head: ~7 → ~5.5 µs a response).
_HEADER_BLOCK = re.compile(rb"(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[^\r\n\x00]*\r\n)*")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,15})(?:[ \t]*;[^\r\n]*)?\r\n")


# What a body read may raise that ends the body (and its connection): see _Body._failed.
_BODY_FAILURES = (
    asyncio.IncompleteReadError,
    asyncio.LimitOverrunError,
    ValueError,
    httpx.RemoteProtocolError,
    ConnectionError,
    OSError,
)


def _refuse(reason: str) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError(f"refused upstream response: {reason}")


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
        self._pieces: AsyncIterator[bytes] | None = None  # next_chunk's, for other framings

    async def next_chunk(self) -> bytes:
        """The next piece of the body, b"" once all of it is read: the proxy's way to read it.
        A Content-Length body (nearly every answer) is read here without an async generator:
        each of those is registered with the event loop's async-generator hooks (a WeakSet add,
        and a removal when it goes); in-process proxy loop on a loaded machine, best rounds
        98-102 against 101-117 µs a request. Other framings go through __aiter__."""
        if self._framing != "length":
            if self._pieces is None:
                self._pieces = self.__aiter__()
            return await anext(self._pieces, b"")
        conn = self._conn
        if conn is None or self._done:
            return b""
        reader = conn.reader
        size = min(self._remaining, 65536)
        try:
            if getattr(reader, "_buffer", None):
                # Bytes already received (usually the whole body came with the head): read()
                # returns them without waiting, so no timeout is armed.
                chunk = await reader.read(size)
            else:
                chunk = await self._read(reader.read(size))
            if not chunk:
                raise httpx.RemoteProtocolError("upstream closed mid-body")
        except _BODY_FAILURES as exc:
            raise self._failed(exc) from None
        self._remaining -= len(chunk)
        if self._remaining <= 0:
            self._done = True
        return chunk

    def _failed(self, exc: Exception) -> Exception:
        """What a failed body read raises; the connection is not reused after it."""
        self._reusable = False
        if isinstance(exc, httpx.RemoteProtocolError):
            return exc
        if isinstance(exc, ConnectionError | OSError):
            return httpx.ReadError(str(exc) or type(exc).__name__)
        return httpx.RemoteProtocolError(f"malformed upstream body: {exc}")

    @property
    def complete(self) -> bool:
        """Every byte of the body has been yielded (known without another read only for a
        Content-Length body, or none): the proxy can mark that chunk the last."""
        return self._done or (self._framing == "length" and self._remaining <= 0)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None or self._done:
            return
        reader = conn.reader
        try:
            if self._framing == "length":
                while chunk := await self.next_chunk():
                    yield chunk
                return
            elif self._framing == "chunked":
                while True:
                    line = await self._read(reader.readuntil(b"\r\n"))
                    match = _CHUNK_SIZE.fullmatch(line)
                    if match is None:
                        raise _refuse("malformed chunk size")
                    size = int(match.group(1), 16)
                    if size == 0:
                        while (line := await self._read(reader.readuntil(b"\r\n"))) != b"\r\n":
                            if b"\n" in line[:-2] or b"\r" in line[:-2]:
                                raise _refuse("malformed trailer")
                        break
                    while size > 0:  # in pieces: a huge declared size is not buffered
                        data = await self._read(reader.readexactly(min(size, 65536)))
                        size -= len(data)
                        yield data
                    if await self._read(reader.readexactly(2)) != b"\r\n":
                        raise _refuse("chunk not ended by CRLF")
            else:  # read until the upstream closes
                self._reusable = False
                while True:
                    chunk = await self._read(reader.read(65536))
                    if not chunk:
                        break
                    yield chunk
            self._done = True
        except _BODY_FAILURES as exc:
            raise self._failed(exc) from None

    async def _read(self, awaitable: Any) -> Any:
        try:
            return await _within(awaitable, self._timeout)
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
        self._fallback = httpx.AsyncHTTPTransport(verify=tls_context())

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
                asyncio.open_connection(key[0], key[1], limit=MAX_HEAD_BYTES), connect_timeout
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
        has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
        stream = request.stream if has_body else None
        assert stream is None or isinstance(stream, httpx.AsyncByteStream)
        status, reason, headers, body = await self.exchange(
            request.method.encode(), url.host, url.port or 80, url.raw_path,
            request.headers.raw, stream, request.extensions.get("timeout", {}),
        )  # fmt: skip
        return httpx.Response(
            status,
            headers=headers,
            stream=body,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason},
            request=request,
        )

    async def exchange(
        self, method: bytes, host: str, port: int, target: bytes,
        headers: Iterable[tuple[bytes, bytes]], body: AsyncIterable[bytes] | None,
        timeouts: Mapping[str, float | None],
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]], _Body]:  # fmt: skip
        """One request on a pooled connection, without httpx's Request/Response objects (the
        proxy's hot path; `handle_async_request` is this under httpx's API). `headers` go out as
        given (the caller sets Host); a `body` without a Content-Length header goes chunked.
        Returns the status, reason, response headers and the body stream (close it)."""
        key = (host, port)
        head_out, chunked, declared = _request_head(method, target, headers)
        for attempt in (0, 1):
            conn = self._checkout(key)
            reused = conn is not None
            if conn is None:
                conn = await self._connect(key, timeouts.get("connect"))
            try:
                await self._send_request(
                    conn, head_out, body, chunked, declared, timeouts.get("write")
                )
                head = await _read_head(conn.reader, timeouts.get("read"))
                # 100 Continue, 103 Early Hints: the answer follows (the status's first digit
                # looked at before the regex: nearly every answer is not one)
                while head[9:10] == b"1" and _is_interim(head):
                    head = await _read_head(conn.reader, timeouts.get("read"))
                break
            except TimeoutError:
                conn.close()
                raise httpx.ReadTimeout("the upstream did not answer in time") from None
            except (asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
                conn.close()
                # A pooled connection the upstream had closed: retry once on a fresh one,
                # unless a request body was already consumed.
                if reused and body is None and attempt == 0:
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
        return self._response(method, key, conn, head, timeouts.get("read"))

    async def _send_request(
        self, conn: _Conn, head: bytes, body: AsyncIterable[bytes] | None, chunked: bool,
        declared: int | None, write_timeout: float | None,
    ) -> None:  # fmt: skip
        writer = conn.writer
        writer.write(head)
        if body is not None:
            sent = 0
            async for chunk in body:
                if not chunk:
                    continue
                sent += len(chunk)
                if declared is not None and sent > declared:
                    # The rest would be read by the upstream as the next request.
                    raise httpx.LocalProtocolError("request body longer than its Content-Length")
                if chunked:
                    writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                else:
                    writer.write(chunk)
                await _drain(writer, write_timeout)
            if declared is not None and sent != declared:
                raise httpx.LocalProtocolError("request body shorter than its Content-Length")
            if chunked:
                writer.write(b"0\r\n\r\n")
        await _drain(writer, write_timeout)

    def _response(
        self, method: bytes, key: tuple[str, int], conn: _Conn, head: bytes,
        read_timeout: float | None,
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]], _Body]:  # fmt: skip
        try:
            status, reason, headers, length, chunked, transfer_encoded, reusable = _parse_head(head)
        except httpx.RemoteProtocolError:
            conn.close()
            raise
        if method == b"HEAD" or status in _NO_BODY_STATUS or 100 <= status < 200:
            framing, length = "none", 0
        elif chunked:
            framing = "chunked"
        elif transfer_encoded:  # a coding other than chunked last: the body ends at close
            framing, reusable = "close", False
        elif length >= 0:
            framing = "length" if length else "none"
        else:
            framing = "close"
        return (
            status,
            reason,
            headers,
            _Body(self, key, conn, framing, length, reusable, read_timeout),
        )

    async def aclose(self) -> None:
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()
        await self._fallback.aclose()


def _request_head(
    method: bytes, target: bytes, headers: Iterable[tuple[bytes, bytes]]
) -> tuple[bytes, bool, int | None]:
    """The request line and headers as sent, and whether the body goes chunked and the length
    it declares. Refuses anything that could split the request on the wire."""
    target = target or b"/"
    if not _TOKEN.fullmatch(method) or not _TARGET.fullmatch(target):
        raise httpx.LocalProtocolError("request line not sendable")
    lines = [method + b" " + target + b" HTTP/1.1\r\n"]
    chunked = False
    declared: int | None = None
    for name, value in headers:
        if not _TOKEN.fullmatch(name) or _CTL_IN_VALUE.search(value):
            raise httpx.LocalProtocolError("request header not sendable")
        lower = name.lower()
        if lower == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
            continue
        if lower == b"connection":
            continue
        if lower == b"content-length":
            if not _DIGITS.fullmatch(value.strip()) or declared is not None:
                raise httpx.LocalProtocolError("request Content-Length not sendable")
            declared = int(value)
        lines.append(name + b": " + value + b"\r\n")
    if chunked:
        if declared is not None:
            raise httpx.LocalProtocolError("request with both Content-Length and chunked")
        lines.append(b"transfer-encoding: chunked\r\n")
    lines.append(b"\r\n")
    return b"".join(lines), chunked, declared


def _is_interim(head: bytes) -> bool:
    match = _STATUS_LINE.match(head)
    return match is not None and match.group(2)[:1] == b"1" and match.group(2) != b"101"


def _parse_head(
    head: bytes,
) -> tuple[int, bytes, list[tuple[bytes, bytes]], int, bool, bool, bool]:
    """status, reason, headers, Content-Length (-1: none), chunked, other transfer coding,
    keep-alive; raises RemoteProtocolError on anything ambiguous."""
    status_line, _, rest = head.partition(b"\r\n")
    match = _STATUS_LINE.fullmatch(status_line)
    if match is None:
        raise _refuse("malformed status line")
    status = int(match.group(2))
    reusable = match.group(1) == b"1"
    headers: list[tuple[bytes, bytes]] = []
    lengths: set[bytes] = set()
    codings: list[bytes] = []
    # Every line a token name, a colon and a value without CR, LF or NUL: so not an empty name,
    # spaces before the colon, an obs-folded continuation line, a bare CR or LF.
    if _HEADER_BLOCK.fullmatch(rest, 0, len(rest) - 2) is None:
        raise _refuse("malformed header line")
    block = rest[:-4]
    for line in block.split(b"\r\n") if block else ():
        name, _, value = line.partition(b":")
        value = value.strip(b" \t")
        headers.append((name, value))
        lower = name.lower()
        if lower == b"content-length":
            for item in value.split(b","):
                if not _DIGITS.fullmatch(item.strip()):
                    raise _refuse("malformed Content-Length")
                lengths.add(item.strip().lstrip(b"0") or b"0")
        elif lower == b"transfer-encoding":
            codings += [t.strip().lower() for t in value.split(b",") if t.strip()]
        elif lower == b"connection":
            tokens = value.lower()
            if b"close" in tokens:
                reusable = False
            elif b"keep-alive" in tokens:
                reusable = True
    if len(lengths) > 1:
        raise _refuse("conflicting Content-Length values")
    if codings and lengths:
        raise _refuse("both Content-Length and Transfer-Encoding")
    length = int(lengths.pop()) if lengths else -1
    chunked = bool(codings) and codings[-1] == b"chunked"
    if chunked and codings.count(b"chunked") > 1:
        raise _refuse("chunked applied twice")
    return status, match.group(3) or b"", headers, length, chunked, bool(codings), reusable


async def _read_head(reader: asyncio.StreamReader, read_timeout: float | None) -> bytes:
    return await _within(reader.readuntil(b"\r\n\r\n"), read_timeout)


async def _within(awaitable: Any, seconds: float | None) -> Any:
    """`await awaitable`, raising TimeoutError after `seconds`: asyncio.timeout's way (cancel
    the task, turn that one cancellation into TimeoutError, leave any other alone) in fewer
    steps. Hand-built because asyncio.timeout, a pure-Python context manager, costs ~3.9 µs per
    read against ~1.8 here (over a bare await, uvloop, median of 5 × 30,000), once or twice per
    proxied request of ~140 µs. Not wait_for: on Python 3.11 that runs the read in a task of its
    own. tests/test_proxy_framing.py: stalls time out, a cancellation stays one."""
    if seconds is None:
        return await awaitable
    task = asyncio.current_task()
    assert task is not None
    cancelling = task.cancelling()
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    handle = asyncio.get_running_loop().call_later(seconds, expire)
    try:
        return await awaitable
    except asyncio.CancelledError:
        if expired and task.uncancel() <= cancelling:
            raise TimeoutError from None
        raise
    finally:
        handle.cancel()


async def _drain(writer: asyncio.StreamWriter, write_timeout: float | None) -> None:
    transport = writer.transport
    if transport.get_write_buffer_size() == 0 and not transport.is_closing():
        return  # all written already: nothing to wait for (a dead peer shows on the next read)
    try:
        async with asyncio.timeout(write_timeout):
            await writer.drain()
    except TimeoutError:
        raise httpx.WriteTimeout("writing to the upstream timed out") from None
