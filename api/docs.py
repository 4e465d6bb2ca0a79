"""The interactive API documentation (/docs), served with its script and style from the installed
``fastapi-offline`` package: government intranets are often offline, and FastAPI's own page loads
Swagger UI from a CDN. ReDoc is not offered: its footer always fetches its maker's logo from a CDN."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/static/docs"
# The page may use its own server only, whatever a later Swagger UI release would like to fetch.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'")


def _assets() -> Path:
    return Path(str(files("fastapi_offline") / "static"))


def install(app: FastAPI) -> None:
    """Mount the assets and the page; ``app`` must be created with ``docs_url=None, redoc_url=None``."""
    app.mount(ASSETS_URL, StaticFiles(directory=_assets()), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return _own_only(get_swagger_ui_html(openapi_url=openapi_url, title=f"{app.title} — API",
                                             swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
                                             swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
                                             swagger_favicon_url=f"{ASSETS_URL}/favicon.png"))


def _own_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CSP
    return page
