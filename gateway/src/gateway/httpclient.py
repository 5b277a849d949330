"""httpx helpers for a proxy: a cookie jar that never stores anything (no shared cookie jar
between callers)."""

from __future__ import annotations

from http.cookiejar import CookieJar, DefaultCookiePolicy


def no_cookies() -> CookieJar:
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
