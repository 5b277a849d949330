"""A shared answer cache for the public (no login) routes, in the gateway's own memory.

Why here: every public caller is anonymous (the gateway drops any token on these routes), so one
answer serves them all, and the services already mark theirs `Cache-Control: public, max-age=N`
with a strong ETag. Answering from the gateway means a crowd reading the public pages costs a
dictionary lookup, not a database query and an OCDS build in the service the staff are using
(`make bench-public` measures this). Freshness is the shorter of the service's max-age and the
gateway's own setting, so figures are at most that many seconds old; nothing is invalidated.

What is kept: 200 answers to GET whose `Cache-Control` says `public` with a `max-age`, with an
ETag, varying on nothing but `Accept-Language`, and small enough (entry and total byte caps,
least recently used out first). Concurrent misses for the same answer wait for the first one's
fetch instead of each asking the service (a cold start under a crowd).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

_MAX_AGE = re.compile(rb"(?:^|,)\s*max-age\s*=\s*(\d{1,9})\s*(?:,|$)")
_NOT_SHARED = (b"private", b"no-store", b"no-cache")
# Response headers a cached answer is replayed with (the rest is per-exchange).
_REPLAYED = frozenset(
    {b"content-type", b"content-disposition", b"content-language", b"etag", b"cache-control",
     b"vary", b"last-modified", b"content-encoding"}
)  # fmt: skip

Key = tuple[bytes, bytes]  # (path?query, Accept-Language)


@dataclass(slots=True)
class CachedAnswer:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    expires: float
    stored: float

    def age(self, now: float) -> int:
        return int(now - self.stored)


def shared_lifetime(headers: list[tuple[bytes, bytes]], ceiling: float) -> float:
    """Seconds an answer with these headers may be served to anyone; 0 when it may not be kept."""
    cache_control = b",".join(v.lower() for k, v in headers if k.lower() == b"cache-control")
    if b"public" not in cache_control or any(t in cache_control for t in _NOT_SHARED):
        return 0.0
    vary = {
        t.strip()
        for k, v in headers
        if k.lower() == b"vary"
        for t in v.lower().split(b",")
        if t.strip()
    }
    if not vary <= {b"accept-language", b"accept-encoding"} or not _etag(headers):
        return 0.0
    found = _MAX_AGE.search(cache_control)
    return min(float(found.group(1)), ceiling) if found else 0.0


def _etag(headers: list[tuple[bytes, bytes]]) -> bytes | None:
    return next((v for k, v in headers if k.lower() == b"etag"), None)


def etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    tags = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    return b"*" in tags or etag in tags


class PublicCache:
    def __init__(
        self,
        *,
        seconds: float,
        max_entry_bytes: int,
        max_total_bytes: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.max_entry_bytes = max_entry_bytes
        self.max_total_bytes = max_total_bytes
        self.clock = clock
        self._answers: OrderedDict[Key, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._fetching: dict[Key, asyncio.Event] = {}

    @property
    def enabled(self) -> bool:
        return self.seconds > 0 and self.max_total_bytes > 0

    def get(self, key: Key) -> CachedAnswer | None:
        answer = self._answers.get(key)
        if answer is None:
            return None
        if answer.expires <= self.clock():
            self._drop(key)
            return None
        self._answers.move_to_end(key)
        return answer

    def claim(self, key: Key) -> asyncio.Event | None:
        """None: the caller is now fetching this answer and must call `fetched(key)` when done.
        Otherwise the fetch under way, to wait for before looking again."""
        pending = self._fetching.get(key)
        if pending is None:
            self._fetching[key] = asyncio.Event()
        return pending

    def fetched(self, key: Key) -> None:
        event = self._fetching.pop(key, None)
        if event is not None:
            event.set()

    def lifetime(self, headers: list[tuple[bytes, bytes]]) -> float:
        return shared_lifetime(headers, self.seconds)

    def put(
        self, key: Key, headers: list[tuple[bytes, bytes]], body: bytes, lifetime: float
    ) -> None:
        kept = [(k, v) for k, v in headers if k.lower() in _REPLAYED]
        etag = _etag(kept)
        if lifetime <= 0 or etag is None or _size(kept, body) > self.max_entry_bytes:
            return
        self._drop(key)
        now = self.clock()
        self._answers[key] = CachedAnswer(kept, body, etag, now + lifetime, now)
        self._bytes += _size(kept, body)
        while self._bytes > self.max_total_bytes and self._answers:
            self._drop(next(iter(self._answers)))

    def _drop(self, key: Key) -> None:
        answer = self._answers.pop(key, None)
        if answer is not None:
            self._bytes -= _size(answer.headers, answer.body)


def _size(headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    return len(body) + sum(len(k) + len(v) for k, v in headers)
