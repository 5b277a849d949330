"""The floor under any Python gateway: a bare ASGI app (no framework, no proxying) answering
every request with the ceiling part's fixed page, run by the same uvicorn (uvloop + httptools)
as the gateway. `make bench-gateway` (ceiling) reports its CPU per request beside the gateway's."""

from __future__ import annotations

from typing import Any

from bench.pages import static_page

_BODY = static_page()
_HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(_BODY)).encode()),
]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
    await send({"type": "http.response.body", "body": _BODY})
