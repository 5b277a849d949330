"""API docs pages (Swagger UI, ReDoc) served with their assets from this process.

FastAPI's own pages load Swagger UI from a CDN and start it with an inline script; both are
refused by the Content-Security-Policy (kc_common.edge). The assets come from the pinned
`fastapi-offline` package, the start-up script is a file of ours (static/swagger-init.js)
reading its settings from data- attributes.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

ASSETS = "/docs/assets"


def swagger_ui_html(*, openapi_url: str, title: str, oauth_client_id: str | None = None) -> str:
    oauth = f' data-oauth-client-id="{escape(oauth_client_id)}"' if oauth_client_id else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" href="{ASSETS}/favicon.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"{oauth}></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{ASSETS}/swagger-init.js"></script>
</body>
</html>
"""


def install_docs(
    app: FastAPI,
    *,
    openapi_url: str,
    title: str,
    oauth_client_id: str | None = None,
    redoc: bool = True,
) -> None:
    """`/docs` (and `/redoc`) for `openapi_url`, the assets under /docs/assets."""
    page = swagger_ui_html(openapi_url=openapi_url, title=title, oauth_client_id=oauth_client_id)

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return HTMLResponse(page)

    if redoc:

        @app.get("/redoc", include_in_schema=False)
        async def redoc_ui() -> HTMLResponse:
            return get_redoc_html(
                openapi_url=openapi_url,
                title=title,
                redoc_js_url=f"{ASSETS}/redoc.standalone.js",
                redoc_favicon_url=f"{ASSETS}/favicon.png",
                with_google_fonts=False,
            )

    app.mount(
        ASSETS,
        StaticFiles(packages=[("fastapi_offline", "static"), ("kc_common", "static")]),
        name="docs-assets",
    )
