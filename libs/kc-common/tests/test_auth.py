"""Token verification refuses every tampered or misdirected token."""

import base64
import hashlib
import hmac
import json
import time

import jwt
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


async def test_verified_tokens_are_cached_until_expiry_and_bounded(signer, monkeypatch):
    verifier = TokenVerifier(
        audience=AUD,
        issuer=ISS,
        algorithms=["EdDSA"],
        public_key_pem=signer.public_key_pem(),
        cache_size=2,
    )
    tokens = [signer.sign(subject=f"u{i}", role="viewer", ttl_seconds=60) for i in range(3)]
    calls = 0
    verify_signature = verifier._verify

    async def counting(token: str) -> dict:
        nonlocal calls
        calls += 1
        return await verify_signature(token)

    monkeypatch.setattr(verifier, "_verify", counting)
    first = await verifier.verify(tokens[0])
    first["role"] = "admin"  # callers get copies: the cached claims stay as verified
    assert (await verifier.verify(tokens[0]))["role"] == "viewer"
    assert calls == 1
    await verifier.verify(tokens[1])
    await verifier.verify(tokens[2])  # the cache holds 2: tokens[0] is dropped
    assert len(verifier._verified) == 2 and tokens[0] not in verifier._verified
    await verifier.verify(tokens[0])
    assert calls == 4
    # once the token's exp has passed, the cached entry is not used: the token is verified again
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 120)
    await verifier.verify(tokens[0])
    assert calls == 5


async def test_an_expired_token_is_refused_after_it_was_cached(signer):
    verifier = _verifier(signer)
    token = signer.sign(subject="u", role="viewer", ttl_seconds=-6)  # past exp and the leeway
    key = verifier._known_key(signer.kid)
    assert key is not None
    verifier._verified[token] = (time.time() - 1, {"sub": "u", "role": "viewer"}, key, signer.kid)
    with pytest.raises(Unauthorized) as info:
        await verifier.verify(token)
    assert info.value.code == "auth.token_expired"
    assert token not in verifier._verified


async def test_refused_tokens_are_not_cached(signer):
    verifier = _verifier(signer)
    other = TokenSigner(generate_ed25519_pem(), kid="x", audience=AUD, issuer=ISS)
    token = other.sign(subject="u", role="admin")
    for _ in range(2):
        with pytest.raises(Unauthorized):
            await verifier.verify(token)
    assert verifier._verified == {}


def _ring_verifier(ring: dict) -> TokenVerifier:
    return TokenVerifier(
        audience=AUD, issuer=ISS, algorithms=["EdDSA"], key_source=lambda: ring
    )  # fmt: skip


def _jwk(signer: TokenSigner) -> jwt.PyJWK:
    return jwt.PyJWK.from_dict(signer.public_jwk())


async def test_a_remembered_token_is_refused_once_its_key_leaves_the_ring():
    old = TokenSigner(generate_ed25519_pem(), kid="old", audience=AUD, issuer=ISS)
    new = TokenSigner(generate_ed25519_pem(), kid="new", audience=AUD, issuer=ISS)
    ring = {"old": _jwk(old)}
    verifier = _ring_verifier(ring)
    token = old.sign(subject="u", role="viewer")
    assert (await verifier.verify(token))["sub"] == "u"
    assert token in verifier._verified
    # the ring is reloaded without the old key: the remembered token is not honoured
    ring.clear()
    ring["new"] = _jwk(new)
    with pytest.raises(Unauthorized) as info:
        await verifier.verify(token)
    assert info.value.message == "auth.unknown_key"
    assert token not in verifier._verified


async def test_a_remembered_token_is_verified_again_against_a_reloaded_key(monkeypatch):
    signer = TokenSigner(generate_ed25519_pem(), kid="k", audience=AUD, issuer=ISS)
    ring = {"k": _jwk(signer)}
    verifier = _ring_verifier(ring)
    calls = 0
    verify_signature = verifier._verify

    async def counting(token: str):
        nonlocal calls
        calls += 1
        return await verify_signature(token)

    monkeypatch.setattr(verifier, "_verify", counting)
    token = signer.sign(subject="u", role="viewer")
    await verifier.verify(token)
    await verifier.verify(token)
    assert calls == 1
    # same kid, a different key now (a rotation that reused the kid): the token's signature no
    # longer verifies, and it is refused although it was remembered
    other = TokenSigner(generate_ed25519_pem(), kid="k", audience=AUD, issuer=ISS)
    ring["k"] = _jwk(other)
    with pytest.raises(Unauthorized):
        await verifier.verify(token)
    assert calls == 2
    # and a reload of the very same key (a new key object) costs one verification again
    ring["k"] = _jwk(signer)
    await verifier.verify(token)
    await verifier.verify(token)
    assert calls == 3


@pytest.mark.parametrize(
    "claims",
    [{"enterprise_id": 123}, {"username": ["admin"]}, {"scope": 1}, {"ver": "5"}, {"ver": True}],
)
async def test_a_signed_token_with_a_claim_of_the_wrong_type_is_refused(signer, claims):
    token = signer.sign(subject="u", role="enterprise", **claims)
    with pytest.raises(Unauthorized) as info:
        await _verifier(signer).verify(token)
    assert info.value.message == "auth.token_malformed"


async def test_well_typed_claims_pass(signer):
    token = signer.sign(subject="u", role="enterprise", enterprise_id="e1", scopes=["a"], ver=3)
    assert (await _verifier(signer).verify(token))["ver"] == 3
