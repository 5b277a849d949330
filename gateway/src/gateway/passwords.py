"""argon2id password and secret hashing, off the event loop (each hash costs tens of ms and
64 MiB), through one gate: at most `argon2_concurrency` hashes at a time in the process, and at
most `login_concurrency_per_address` of them for one address (an IPv6 /64) at a time.

Without the gate a burst of logins (a different name each time, so no per-name limit applies)
ran a hash per request in the thread pool: every core and the pool's threads busy hashing, the
gateway's other endpoints waiting behind them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from gateway.settings import GatewaySettings


class TooManyAtOnce(Exception):
    """The address already has its share of hashes running: refused before any work."""


class Passwords:
    def __init__(self, settings: GatewaySettings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
            type=Type.ID,
        )
        # Verified when the account does not exist, so both paths cost the same time.
        self._dummy = self._hasher.hash("not-a-real-password")
        self._limiter = anyio.CapacityLimiter(settings.argon2_concurrency)
        self._per_address = settings.login_concurrency_per_address
        self._running: Counter[str] = Counter()  # address -> its hashes waiting or running

    def hash_sync(self, secret: str) -> str:
        return self._hasher.hash(secret)

    async def hash(self, secret: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, secret, limiter=self._limiter)

    async def verify(self, hashed: str | None, secret: str, *, address: str | None = None) -> bool:
        """`address`: who asks (`gateway.net.address_group`); `TooManyAtOnce` if it already
        has `login_concurrency_per_address` verifications waiting or running."""
        with self._turn(address):
            return await anyio.to_thread.run_sync(
                self._verify, hashed, secret, limiter=self._limiter
            )

    @contextmanager
    def _turn(self, address: str | None) -> Iterator[None]:
        if address is None:
            yield
            return
        if self._running[address] >= self._per_address:
            raise TooManyAtOnce(address)
        self._running[address] += 1
        try:
            yield
        finally:
            self._running[address] -= 1
            if not self._running[address]:
                del self._running[address]

    def _verify(self, hashed: str | None, secret: str) -> bool:
        try:
            return bool(self._hasher.verify(hashed or self._dummy, secret)) and hashed is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        return self._hasher.check_needs_rehash(hashed)
