"""httpx helpers for a proxy: a cookie jar that never stores anything (no shared cookie jar
between callers)."""

from __future__ import annotations

import sys
from http.cookiejar import CookieJar, DefaultCookiePolicy


def no_cookies() -> CookieJar:
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def cache_missing_sniffio() -> None:
    """httpcore runs `import sniffio` on every lock it takes; when sniffio is not installed the
    failed import walks the whole sys.path each time (about a millisecond per proxied request).
    Remember the miss once, so the import fails at once and httpcore falls back to asyncio."""
    try:
        import sniffio  # noqa: F401
    except ImportError:
        sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]
