"""Client address of a request (the direct peer, or the first X-Forwarded-For hop if trusted)."""

from __future__ import annotations

from typing import Any


def client_ip(scope: Any, trust_forwarded_for: bool) -> str | None:
    if trust_forwarded_for:
        for key, value in scope.get("headers", ()):
            if key == b"x-forwarded-for":
                first = value.decode("latin-1").split(",", 1)[0].strip()
                if first:
                    return first[:64]
    client = scope.get("client")
    return str(client[0]) if client else None
