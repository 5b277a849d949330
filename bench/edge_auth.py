"""The least a Python edge check costs: the target of nginx's `auth_request` in `make
bench-gateway`'s edge rows (the option of nginx forwarding and the gateway only answering "may
this token pass?"). A bare ASGI app under the same uvicorn as the gateway: the bearer token
verified by `kc_common.auth.TokenVerifier` (the gateway's verifier, its cache of verified tokens
and its revocation check), 204 with the caller's role and subject, 401 otherwise. A real edge
check would add the gateway's middleware around this; the rows are a lower bound."""

from __future__ import annotations

import os
from typing import Any

from kc_common.auth import TokenVerifier

_verifier = TokenVerifier(
    audience="khuyencong",
    issuer="khuyencong-gateway",
    algorithms=["EdDSA"],
    public_key_pem=os.environ["BENCH_EDGE_PUBLIC_KEY"],
)
_END = {"type": "http.response.body", "body": b""}


def _start(status: int, headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {"type": "http.response.start", "status": status, "headers": headers or []}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    if scope["path"] == "/readyz":
        await send(_start(200))
        await send(_END)
        return
    authorization = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    try:
        if scheme.lower() != "bearer":
            raise ValueError("not a bearer token")
        claims = await _verifier.verify(token)
    except Exception:  # any refusal is a 401 to nginx
        await send(_start(401))
    else:
        role, subject = claims["role"].encode(), claims["sub"].encode()
        identity = [(b"x-kc-role", role), (b"x-kc-subject", subject)]
        await send(_start(204, identity))
    await send(_END)
