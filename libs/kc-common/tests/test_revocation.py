"""Revoked token versions are refused on every call, cached or not; the feed follows the list
with ETags; an unknown signing key makes the verifier fetch the JWKS again (at most once a
second, one fetch at a time)."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kc_common.auth import (
    RevocationFeed,
    Revocations,
    TokenSigner,
    TokenVerifier,
    generate_ed25519_pem,
    subject_digest,
)
from kc_common.errors import Unauthorized

AUD, ISS = "khuyencong", "khuyencong-gateway"


def _signer(kid: str = "k1") -> TokenSigner:
    return TokenSigner(generate_ed25519_pem(), kid=kid, audience=AUD, issuer=ISS)


async def test_older_versions_are_refused_even_when_cached():
    signer = _signer()
    verifier = TokenVerifier(
        audience=AUD, issuer=ISS, algorithms=["EdDSA"], public_key_pem=signer.public_key_pem()
    )
    old = signer.sign(subject="u1", role="admin", ver=0)
    unversioned = signer.sign(subject="u1", role="admin")  # issued before versions existed
    other = signer.sign(subject="u2", role="admin")
    await verifier.verify(old)  # now cached
    verifier.revocations.replace({subject_digest("u1"): 1})
    for token in (old, unversioned):
        with pytest.raises(Unauthorized) as refused:
            await verifier.verify(token)
        assert refused.value.code == "auth.token_revoked"
    assert (await verifier.verify(signer.sign(subject="u1", role="viewer", ver=1)))["ver"] == 1
    assert (await verifier.verify(other))["sub"] == "u2"
    with pytest.raises(Unauthorized):  # a malformed version is never current
        await verifier.verify(signer.sign(subject="u1", role="admin", ver="9"))


async def test_tokens_of_an_ended_session_are_refused_even_when_cached():
    signer = _signer()
    verifier = TokenVerifier(
        audience=AUD, issuer=ISS, algorithms=["EdDSA"], public_key_pem=signer.public_key_pem()
    )
    ended = signer.sign(subject="u1", role="admin", sid="s1")
    same_user_other_session = signer.sign(subject="u1", role="admin", sid="s2")
    sessionless = signer.sign(subject="u1", role="admin")  # a service client's token has none
    await verifier.verify(ended)  # now cached
    verifier.revocations.replace({}, sessions=[subject_digest("s1")])
    with pytest.raises(Unauthorized) as refused:
        await verifier.verify(ended)
    assert refused.value.code == "auth.token_revoked"
    assert (await verifier.verify(same_user_other_session))["sid"] == "s2"
    assert (await verifier.verify(sessionless))["sub"] == "u1"
    with pytest.raises(Unauthorized) as malformed:  # a session claim is text or nothing
        await verifier.verify(signer.sign(subject="u1", role="admin", sid=1))
    assert malformed.value.message == "auth.token_malformed"


async def test_the_feed_follows_the_published_list_with_etags():
    published = {"subjects": {}}
    seen: list[str | None] = []

    async def revocations(request: Request) -> Response:
        etag = f'"{len(published["subjects"])}"'
        seen.append(request.headers.get("if-none-match"))
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return JSONResponse(published, headers={"ETag": etag})

    app = Starlette(routes=[Route("/api/v1/auth/revocations", revocations)])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gw"
    ) as http:
        state = Revocations()
        feed = RevocationFeed("http://gw/api/v1/auth/revocations", http, state, interval=0.01)
        await feed.refresh()
        assert len(state) == 0 and state.etag == '"0"'
        published["subjects"] = {subject_digest("u1"): 2}
        feed.start()
        for _ in range(100):
            if len(state):
                break
            await asyncio.sleep(0.01)
        await feed.stop()
        with pytest.raises(Unauthorized):
            state.check({"sub": "u1", "ver": 1})
        state.check({"sub": "u1", "ver": 2, "sid": "s1"})
        published["sessions"] = [subject_digest("s1")]
        published["subjects"] = {subject_digest("u1"): 2, subject_digest("u9"): 1}  # a new ETag
        await feed.refresh()
        with pytest.raises(Unauthorized):
            state.check({"sub": "u1", "ver": 2, "sid": "s1"})
        assert '"0"' in seen  # the unchanged list was asked for with its ETag


async def test_the_feed_keeps_the_last_list_when_the_gateway_is_down():
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(down)) as http:
        state = Revocations()
        state.replace({subject_digest("u1"): 1}, '"x"')
        feed = RevocationFeed("http://gw/api/v1/auth/revocations", http, state, interval=0.01)
        feed.start()
        await asyncio.sleep(0.05)
        await feed.stop()
        with pytest.raises(Unauthorized):
            state.check({"sub": "u1", "ver": 0})


@asynccontextmanager
async def _jwks_verifier(
    published: list[dict[str, Any]], fetches: list[None], **options: Any
) -> AsyncIterator[TokenVerifier]:
    """A verifier reading its keys from a gateway that serves `published` (as it is at each
    fetch) and notes each fetch in `fetches`."""

    async def jwks(request: Request) -> Response:
        fetches.append(None)
        await asyncio.sleep(0.01)  # concurrent verifications overlap one fetch
        return JSONResponse({"keys": published})

    app = Starlette(routes=[Route("/.well-known/jwks.json", jwks)])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gw"
    ) as http:
        yield TokenVerifier(
            audience=AUD, issuer=ISS, algorithms=["EdDSA"],
            jwks_url="http://gw/.well-known/jwks.json", http=http, **options,
        )  # fmt: skip


async def test_an_unknown_kid_fetches_the_jwks_again_rate_limited():
    old, new = _signer("old"), _signer("new")
    published = [old.public_jwk()]
    fetches: list[None] = []
    async with _jwks_verifier(published, fetches, cache_size=0) as verifier:
        await verifier.verify(old.sign(subject="u", role="viewer"))
        assert len(fetches) == 1
        # A flood of made-up kids inside one second: no fetch at all.
        for _ in range(20):
            with pytest.raises(Unauthorized):
                await verifier.verify(_signer("made-up").sign(subject="u", role="viewer"))
        assert len(fetches) == 1
        # The gateway rotates; after the second, the new kid is fetched once even when many
        # requests carry it at the same moment.
        published.append(new.public_jwk())
        await asyncio.sleep(1.05)
        token = new.sign(subject="u", role="viewer")
        results = await asyncio.gather(*(verifier.verify(token) for _ in range(10)))
        assert all(r["sub"] == "u" for r in results)
        assert len(fetches) == 2
        assert (await verifier.verify(old.sign(subject="u", role="viewer")))["sub"] == "u"


async def test_a_jwks_fetch_forgets_remembered_tokens_of_keys_no_longer_published():
    old, new = _signer("old"), _signer("new")
    published = [old.public_jwk()]
    async with _jwks_verifier(published, []) as verifier:
        token = old.sign(subject="u", role="viewer")
        assert (await verifier.verify(token))["sub"] == "u"
        assert token in verifier._verified
        # the gateway drops the old key; a token with the new kid makes the service fetch again
        published[:] = [new.public_jwk()]
        await asyncio.sleep(1.05)
        await verifier.verify(new.sign(subject="u", role="viewer"))
        assert token not in verifier._verified
        with pytest.raises(Unauthorized) as info:
            await verifier.verify(token)
        assert info.value.message == "auth.unknown_key"
