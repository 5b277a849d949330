"""Token verification refuses every tampered or misdirected token."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from kc_common.auth import TokenSigner, TokenVerifier, generate_ed25519_pem
from kc_common.errors import Unauthorized

AUD, ISS = "khuyencong", "khuyencong-gateway"


def _verifier(signer: TokenSigner) -> TokenVerifier:
    return TokenVerifier(
        audience=AUD, issuer=ISS, algorithms=["EdDSA"], public_key_pem=signer.public_key_pem()
    )


def _b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _claims() -> dict:
    now = int(time.time())
    return {"sub": "x", "role": "admin", "aud": AUD, "iss": ISS, "iat": now, "exp": now + 60}


async def test_valid_token(signer):
    claims = await _verifier(signer).verify(signer.sign(subject="u1", role="viewer"))
    assert claims["role"] == "viewer"


async def test_alg_none_refused(signer):
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims())}."
    with pytest.raises(Unauthorized):
        await _verifier(signer).verify(token)


async def test_hs256_signed_with_the_public_key_refused(signer):
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64(_claims())}"
    mac = hmac.new(signer.public_key_pem().encode(), signing_input.encode(), hashlib.sha256)
    with pytest.raises(Unauthorized):
        await _verifier(signer).verify(f"{signing_input}.{_b64(mac.digest())}")


async def test_wrong_key_refused(signer):
    other = TokenSigner(generate_ed25519_pem(), kid="x", audience=AUD, issuer=ISS)
    with pytest.raises(Unauthorized):
        await _verifier(signer).verify(other.sign(subject="u", role="admin"))


async def test_expired_refused(signer):
    with pytest.raises(Unauthorized) as info:
        await _verifier(signer).verify(signer.sign(subject="u", role="admin", ttl_seconds=-60))
    assert info.value.code == "auth.token_expired"


@pytest.mark.parametrize(("audience", "issuer"), [("elsewhere", ISS), (AUD, "elsewhere")])
async def test_wrong_audience_or_issuer_refused(audience, issuer):
    other = TokenSigner(generate_ed25519_pem(), kid="t", audience=audience, issuer=issuer)
    with pytest.raises(Unauthorized):
        await _verifier(other).verify(other.sign(subject="u", role="admin"))


async def test_garbage_refused(signer):
    with pytest.raises(Unauthorized):
        await _verifier(signer).verify("not-a-token")
