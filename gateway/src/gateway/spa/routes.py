"""The built SPA at `/`: files from frontend/dist, index.html for client-side routes.

Hashed files under /assets/ are immutable and cached for a year; index.html is never cached so
a new build is picked up at once. /api/* never falls back to the SPA.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
NOT_BUILT = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Khuyến công</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>Giao diện web chưa được build</h1>
<p>Không tìm thấy thư mục <code>frontend/dist</code>. Hãy chạy <code>make run</code> hoặc
<code>cd frontend &amp;&amp; npm run build</code>, rồi tải lại trang.</p>
<p>API vẫn hoạt động: <a href="/docs">/docs</a>.</p>
</body></html>
"""
RESERVED = ("/api/", "/.well-known/")
# The public pages (no login) are a separate, light entry of the build (public.html): they must
# not load the staff app's code.
PUBLIC_PAGES = "/cong-khai"
RESERVED_EXACT = frozenset({"/api", "/openapi.json", "/docs", "/healthz", "/readyz", "/metrics"})


class SpaRoute(BaseRoute):
    def __init__(self, dist: Path) -> None:
        self.dist = dist

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        path: str = scope["path"]
        if path in RESERVED_EXACT or path.startswith(RESERVED):
            return Match.NONE, {}
        if scope["method"] not in ("GET", "HEAD"):
            return Match.PARTIAL, {}  # 405
        return Match.FULL, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in ("GET", "HEAD"):
            response: Response = Response(status_code=405, headers={"Allow": "GET, HEAD"})
        else:
            response = self._response(scope["path"])
        await response(scope, receive, send)

    def _response(self, path: str) -> Response:
        index = self.dist / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, headers={"Cache-Control": NO_CACHE})
        relative = path.lstrip("/")
        if relative:
            candidate = (self.dist / relative).resolve()
            root = self.dist.resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                if relative.startswith("assets/"):
                    cache = IMMUTABLE
                elif candidate.name == "index.html":
                    cache = NO_CACHE
                else:
                    cache = "public, max-age=3600"
                return FileResponse(candidate, headers={"Cache-Control": cache})
            if relative.startswith("assets/"):
                return Response("Not found", status_code=404, media_type="text/plain")
        if path == PUBLIC_PAGES or path.startswith(PUBLIC_PAGES + "/"):
            public = self.dist / "public.html"
            if public.is_file():
                index = public
        return FileResponse(index, headers={"Cache-Control": NO_CACHE}, media_type="text/html")

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        from starlette.routing import NoMatchFound

        raise NoMatchFound(name, path_params)
