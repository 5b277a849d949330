"""A tiny real upstream for the proxy tests (run by uvicorn as its own process).

It echoes what arrived (method, path, query, headers, body) and has a few endpoints that
exercise the proxy: a slow one, a gzip one, a streamed one, one that sets a cookie.
"""

import asyncio
import gzip
import json

COUNTER = {"requests": 0}


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    path = scope["path"]
    if path == "/healthz":
        return await _json(send, 200, {"status": "ok"})
    if path == "/counter":
        return await _json(send, 200, COUNTER)
    COUNTER["requests"] += 1
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if path.endswith("/slow"):
        await asyncio.sleep(3)
    if "/cacheable" in path:  # a public answer: any cache may keep it (kc_common.public)
        query = scope["query_string"].decode()
        if "slow" in query:
            await asyncio.sleep(0.5)
        payload = json.dumps({"served": COUNTER["requests"], "query": query}).encode()
        control = b"private, max-age=300" if path.endswith("/private") else b"public, max-age=300"
        return await send_body(
            send,
            payload,
            [
                (b"content-type", b"application/json"),
                (b"etag", b'"v%d"' % COUNTER["requests"]),
                (b"cache-control", control),
                (b"vary", b"Accept-Language"),
                (b"set-cookie", b"never=kept"),
            ],
        )
    if path.endswith("/gzip"):
        payload = gzip.compress(json.dumps({"compressed": True}).encode())
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-encoding", b"gzip"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        return await send({"type": "http.response.body", "body": payload})
    if path.endswith("/stream"):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/plain")],
            }
        )
        for i in range(5):
            await send(
                {"type": "http.response.body", "body": f"chunk{i};".encode(), "more_body": True}
            )
        return await send({"type": "http.response.body", "body": b""})
    extra = []
    if path.endswith("/cookie"):
        extra.append((b"set-cookie", b"session=upstream-secret; Path=/"))
    if path.endswith("/hop"):
        extra += [
            (b"connection", b"close, x-private-hop"),
            (b"x-private-hop", b"1"),
            (b"keep-alive", b"timeout=5"),
        ]
    status = 201 if scope["method"] == "POST" else 200
    await _json(
        send,
        status,
        {
            "method": scope["method"],
            "path": path,
            "raw_path": (scope.get("raw_path") or b"").decode("latin-1"),
            "query": scope["query_string"].decode("latin-1"),
            "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in scope["headers"]],
            "body": body.decode("utf-8", "replace"),
        },
        extra,
    )


async def send_body(send, body, headers):
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _json(send, status, payload, extra=()):
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-request-id", b"upstream-echo"),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
