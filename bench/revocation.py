"""What refusing revoked tokens costs per request: `TokenVerifier.verify` on a remembered token
(the common case) with no revocation list, beside the same call with 10,000 revoked subjects
listed, and beside a full signature check. Prints µs per call and ratios; asserts nothing.

    uv run python bench/revocation.py
"""

from __future__ import annotations

import asyncio
import time
import uuid

from kc_common.auth import TokenSigner, TokenVerifier, generate_ed25519_pem, subject_digest

CALLS = 200_000


async def per_call_us(verifier: TokenVerifier, tokens: list[str], calls: int) -> float:
    started = time.perf_counter()
    for i in range(calls):
        await verifier.verify(tokens[i % len(tokens)])
    return (time.perf_counter() - started) / calls * 1e6


async def main() -> None:
    signer = TokenSigner(generate_ed25519_pem(), kid="k", audience="a", issuer="i")
    tokens = [signer.sign(subject=str(uuid.uuid4()), role="viewer", ver=0) for _ in range(100)]

    def verifier(cache_size: int = 1024) -> TokenVerifier:
        key = signer.public_key_pem()
        return TokenVerifier(
            audience="a",
            issuer="i",
            algorithms=["EdDSA"],
            public_key_pem=key,
            cache_size=cache_size,
        )

    plain = verifier()
    listed = verifier()
    listed.revocations.replace({subject_digest(str(uuid.uuid4())): 1 for _ in range(10_000)})
    uncached = verifier(cache_size=0)
    for v in (plain, listed):
        await per_call_us(v, tokens, 1_000)  # warm the caches
    base = await per_call_us(plain, tokens, CALLS)
    with_list = await per_call_us(listed, tokens, CALLS)
    full = await per_call_us(uncached, tokens, 5_000)
    print("token check per request (one process, in-process calls)")
    print(f"{'case':<48}{'µs/call':>10}{'ratio':>8}")
    for name, value in (
        ("remembered token, empty revocation list", base),
        ("remembered token, 10,000 revoked subjects", with_list),
        ("signature verified every time (no cache)", full),
    ):
        print(f"{name:<48}{value:>10.2f}{value / base:>8.2f}")
    print(f"revocation check adds {with_list - base:.2f} µs per request")


if __name__ == "__main__":
    asyncio.run(main())
