"""What an account may be given: passwords that resist guessing, and an enterprise binding
that points at a real, active enterprise (asked of the registry with the gateway's own
short-lived service token)."""

from __future__ import annotations

import uuid
from functools import lru_cache

import httpx

from kc_common.auth import SERVICE, TokenSigner
from kc_common.errors import Unprocessable, UpstreamUnavailable

MIN_PASSWORD_LENGTH = 12
WEAK_PASSWORD = "auth.weak_password"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of leaked password lists (zxcvbn's frequency list)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password(password: str, username: str) -> None:
    """At least 12 characters, not a common password, not containing the username."""
    folded = password.casefold()
    params: dict[str, object] = {}
    if len(password) < MIN_PASSWORD_LENGTH:
        message, params = "auth.password_too_short", {"min_length": MIN_PASSWORD_LENGTH}
    elif folded in common_passwords() or folded.rstrip("0123456789!.") in common_passwords():
        message = "auth.password_common"
    elif username and username.casefold() in folded:
        message = "auth.password_contains_username"
    else:
        return
    raise Unprocessable.for_field("password", message, code=WEAK_PASSWORD, params=params or None)


async def check_enterprise(
    http: httpx.AsyncClient, registry_url: str, signer: TokenSigner, enterprise_id: uuid.UUID
) -> None:
    """422 unless the registry knows this enterprise and it is active; 503 if it cannot say."""
    token = signer.sign(subject="gateway", role=SERVICE, ttl_seconds=60, scopes=["registry:read"])
    try:
        response = await http.get(
            f"{registry_url.rstrip('/')}/api/v1/enterprises/{enterprise_id}",
            headers={"authorization": f"Bearer {token}", "accept": "application/json"},
            timeout=5,
        )
    except httpx.HTTPError:
        raise UpstreamUnavailable(
            message="user.registry_unreachable", params={"service": "registry"}
        ) from None
    if response.status_code == 404:
        raise Unprocessable.for_field("enterprise_id", "user.enterprise_unknown")
    if response.status_code != 200:
        raise UpstreamUnavailable(
            message="user.registry_unreachable",
            params={"service": "registry", "status": response.status_code},
        )
    status = response.json().get("status")
    if status != "active":
        raise Unprocessable.for_field(
            "enterprise_id", "user.enterprise_inactive", params={"status": status}
        )
