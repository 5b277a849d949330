"""The gateway's own upstream transport against a raw socket upstream: HTTP/1.1 framing, and the
ways a peer can make two parties read one byte stream differently (request smuggling, response
splitting). Every refused response drops its connection; nothing after it is served."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.proxy.transport import MAX_HEAD_BYTES, StreamTransport
from kc_common.testing import asgi_client

SMUGGLED = b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled"


class RawUpstream:
    """Answers every request on a connection with the next scripted bytes, as they are; records
    the bytes each connection received."""

    def __init__(self) -> None:
        self.responses: list[bytes] = []
        self.received: list[bytes] = []  # one entry per connection
        self.server: Any = None

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def _serve(self, reader: Any, writer: Any) -> None:
        self.received.append(b"")
        index = len(self.received) - 1
        try:
            while self.responses:
                head = await reader.readuntil(b"\r\n\r\n")
                self.received[index] += head
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    self.received[index] += await reader.readexactly(length)
                writer.write(self.responses.pop(0))
                await writer.drain()
            # Anything more the client sends is recorded (a smuggled request would show here).
            self.received[index] += await asyncio.wait_for(reader.read(65536), 0.5)
        except (asyncio.IncompleteReadError, TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    async def stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()


@pytest.fixture
async def upstream() -> AsyncIterator[RawUpstream]:
    raw = RawUpstream()
    raw.url = await raw.start()  # type: ignore[attr-defined]
    yield raw
    await raw.stop()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=StreamTransport(), timeout=2.0) as c:
        yield c


async def fetch(client: httpx.AsyncClient, url: str, **kw: Any) -> httpx.Response:
    response = await client.request(kw.pop("method", "GET"), url + "/x", **kw)
    await response.aread()
    return response


async def test_keeps_alive_and_reads_length_and_chunked_bodies(client, upstream):
    """The control for the refusals below: well-formed answers share one connection."""
    upstream.responses = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
        b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
    ]
    assert (await fetch(client, upstream.url)).content == b"hello"
    assert (await fetch(client, upstream.url)).content == b"hello world"
    r = await fetch(client, upstream.url)
    assert (r.status_code, r.content) == (201, b"ok")
    assert len(upstream.received) == 1


@pytest.mark.parametrize(
    "response",
    [
        # Content-Length and Transfer-Encoding together: each side could pick another framing.
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\n" + SMUGGLED,
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
        b"3\r\nabc\r\n0\r\n\r\n",
        # Conflicting or malformed lengths.
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 13\r\n\r\nhello" + SMUGGLED,
        b"HTTP/1.1 200 OK\r\nContent-Length: 5, 13\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nContent-Length: 0x5\r\n\r\nhello",
        # Header lines with a bare LF, a bare CR or a NUL; obs-fold; space before the colon.
        b"HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nX-A: 1\rSet-Cookie: s=1\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nX-A: 1\x00\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nX-A: 1\r\n Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n" + SMUGGLED,
        b"HTTP/1.1 200 OK\r\nX A: 1\r\nContent-Length: 5\r\n\r\nhello",
        # Status lines that are not HTTP/1.x with a three-digit status.
        b"HTTP/1.1 2000 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/2 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 O\nK\r\nContent-Length: 5\r\n\r\nhello",
        # Chunk sizes that int(…, 16) would take, and a chunk not ended by CRLF.
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
    ],
)
async def test_refuses_ambiguous_responses_and_drops_the_connection(client, upstream, response):
    upstream.responses = [response, b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"]
    with pytest.raises(httpx.RemoteProtocolError):
        await fetch(client, upstream.url)
    # The next request goes on a new connection and gets its own answer, not leftover bytes.
    upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"]
    r = await fetch(client, upstream.url)
    assert r.content == b"next"
    assert len(upstream.received) == 2


async def test_refuses_an_oversize_head(client, upstream):
    big = b"X-Big: " + b"a" * MAX_HEAD_BYTES + b"\r\n"
    upstream.responses = [b"HTTP/1.1 200 OK\r\n" + big + b"Content-Length: 2\r\n\r\nok"]
    with pytest.raises(httpx.RemoteProtocolError, match="too large"):
        await fetch(client, upstream.url)


async def test_a_coding_other_than_chunked_reads_to_close_and_is_not_reused(client, upstream):
    upstream.responses = [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw bytes"]
    r = await fetch(client, upstream.url)
    assert r.content == b"raw bytes"
    upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"]
    assert (await fetch(client, upstream.url)).content == b"next"
    assert len(upstream.received) == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"X-A": "1\r\nX-Injected: 1"},
        {"X-A": "1\nX-Injected: 1"},
        {"X-A": "1\rX-Injected: 1"},
        {"X-A": "1\x00"},
        {"X A": "1"},
        {"X-A:B": "1"},
    ],
)
async def test_refuses_to_send_a_header_that_would_split_the_request(client, upstream, headers):
    upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]
    with pytest.raises(httpx.LocalProtocolError):
        await fetch(client, upstream.url, headers=headers)
    assert upstream.received == []  # nothing reached the upstream


async def test_a_request_target_never_carries_a_raw_space(client, upstream):
    upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]
    with pytest.raises(httpx.InvalidURL):  # controls never make a URL
        httpx.URL(upstream.url).copy_with(raw_path=b"/x HTTP/1.1\r\nX-A: 1")
    url = httpx.URL(upstream.url).copy_with(raw_path=b"/x HTTP/1.1 GET /y")
    assert (await client.get(url)).content == b"ok"
    request_line = upstream.received[0].split(b"\r\n", 1)[0]
    assert request_line == b"GET /x%20HTTP/1.1%20GET%20/y HTTP/1.1"


async def body(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_a_body_longer_than_its_content_length_is_not_sent_on(client, upstream):
    smuggled = b"GET /admin HTTP/1.1\r\nHost: x\r\n\r\n"
    upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]
    with pytest.raises(httpx.LocalProtocolError, match="longer"):
        await fetch(
            client, upstream.url, method="POST", headers={"Content-Length": "5"},
            content=body(b"hello", smuggled),
        )  # fmt: skip
    assert b"/admin" not in b"".join(upstream.received)


async def test_a_body_shorter_than_its_content_length_drops_the_connection(client, upstream):
    upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]
    with pytest.raises(httpx.LocalProtocolError, match="shorter"):
        await fetch(
            client, upstream.url, method="POST", headers={"Content-Length": "10"},
            content=body(b"hello"),
        )  # fmt: skip
    upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"]
    assert (await fetch(client, upstream.url)).content == b"next"
    assert len(upstream.received) == 2


@pytest.mark.parametrize(
    "stalled",
    [b"", b"HTTP/1.1 200 OK\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"],
    ids=["no-answer", "half-a-head", "half-a-body"],
)
async def test_an_upstream_that_stalls_times_out_and_its_connection_is_dropped(upstream, stalled):
    upstream.responses = [stalled]
    async with httpx.AsyncClient(transport=StreamTransport(), timeout=0.2) as client:
        with pytest.raises(httpx.ReadTimeout):
            await fetch(client, upstream.url)
        upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"]
        assert (await fetch(client, upstream.url)).content == b"next"
    assert len(upstream.received) == 2


async def test_cancelling_a_waiting_request_is_a_cancellation_not_a_timeout(upstream):
    upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"]
    async with httpx.AsyncClient(transport=StreamTransport(), timeout=30) as client:
        task = asyncio.create_task(fetch(client, upstream.url))
        done, _ = await asyncio.wait({task}, timeout=0.2)
        assert not done and upstream.received  # the request is out, the rest of the body not
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        upstream.responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"]
        assert (await fetch(client, upstream.url)).content == b"next"


@pytest.mark.parametrize(
    "response",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\n" + SMUGGLED,
        b"HTTP/1.1 200 OK\r\nX-A: 1\nSet-Cookie: session=attacker\r\nContent-Length: 2\r\n\r\nok",
        b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * MAX_HEAD_BYTES + b"\r\nContent-Length: 2\r\n\r\nok",
    ],
)
async def test_through_the_gateway_an_ambiguous_response_is_a_502_problem(
    make_settings, upstream, response
):
    upstream.responses = [response]
    app = create_app(make_settings(registry_url=upstream.url))
    async with app.router.lifespan_context(app):
        token = app.state.signer.sign(subject="x", role="program_officer")
        async for c in asgi_client(app):
            r = await c.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 502
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "upstream.unavailable"
    assert "set-cookie" not in r.headers and b"smuggled" not in r.content
