"""argon2id password and secret hashing, off the event loop (each hash costs tens of ms)."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.concurrency import run_in_threadpool

from gateway.settings import GatewaySettings


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

    def hash_sync(self, secret: str) -> str:
        return self._hasher.hash(secret)

    async def hash(self, secret: str) -> str:
        return await run_in_threadpool(self._hasher.hash, secret)

    async def verify(self, hashed: str | None, secret: str) -> bool:
        return await run_in_threadpool(self._verify, hashed, secret)

    def _verify(self, hashed: str | None, secret: str) -> bool:
        try:
            return bool(self._hasher.verify(hashed or self._dummy, secret)) and hashed is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        return self._hasher.check_needs_rehash(hashed)
