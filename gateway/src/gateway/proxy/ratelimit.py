"""The per-address limit on the public (no login) routes.

A sliding window approximated from two fixed windows (the previous window's count weighted by
how much of it still overlaps), as nginx and Cloudflare do: two integers per address, no list
of timestamps. Kept in this process's memory, not the database: a public request must not cost a
write, and each replica limiting on its own is enough against a scraper (with N replicas an
address gets at most N times the limit). The login limit, where replicas must agree, stays in
the database (gateway.auth.service).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self,
        limit: int,
        window_seconds: float,
        *,
        max_addresses: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_addresses = max_addresses
        self.clock = clock
        # address → (window number, count in it, count in the window before)
        self._counts: dict[str, tuple[int, int, int]] = {}

    def hit(self, key: str) -> int:
        """Count one request; 0 if it is allowed, else the seconds to wait (Retry-After)."""
        now = self.clock()
        current = int(now // self.window)
        window, count, previous = self._counts.get(key, (current, 0, 0))
        if window != current:
            previous = count if window == current - 1 else 0
            count = 0
        elapsed = (now % self.window) / self.window
        estimate = previous * (1 - elapsed) + count
        if estimate >= self.limit:
            self._counts[key] = (current, count, previous)
            # until the estimate drops below the limit: within this window as the previous
            # window's share shrinks, or else in the next one (this count becomes the previous)
            if count < self.limit:
                wait = (1 - (self.limit - count) / previous - elapsed) * self.window
            else:
                wait = (1 - elapsed + 1 - self.limit / count) * self.window
            return max(1, math.ceil(wait))
        if key not in self._counts and len(self._counts) >= self.max_addresses:
            self._evict(current)
        self._counts[key] = (current, count + 1, previous)
        return 0

    def _evict(self, current: int) -> None:
        """Drop addresses not seen in this window or the last; if all were, start afresh (an
        address flood should cost memory, not let the limit grow without bound)."""
        stale = [k for k, (w, _, _) in self._counts.items() if w < current - 1]
        for k in stale:
            del self._counts[k]
        if len(self._counts) >= self.max_addresses:
            self._counts.clear()
