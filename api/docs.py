"""The API documentation, interactive (/docs, Swagger UI) and for reading (/redoc, ReDoc), served with
their scripts and styles from the installed ``fastapi-offline`` package: government intranets are
often offline, and FastAPI's own pages load both from a CDN. Each page's Content-Security-Policy
lets it reach this server only. ReDoc's script is served with the address of the logo its footer
would fetch from its maker's CDN left empty (the footer hides an image that does not load), so the
page neither reaches out nor trips its own policy."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/static/docs"
# The page may use its own server only, whatever a later Swagger UI release would like to fetch.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:")
# the one address ReDoc's script would fetch from outside (its footer's logo)
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


def _assets() -> Path:
    return Path(str(files("fastapi_offline") / "static"))


@cache
def _redoc_script() -> bytes:
    return (_assets() / "redoc.standalone.js").read_bytes().replace(REDOC_LOGO, b"")


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

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _own_only(get_redoc_html(openapi_url=openapi_url, title=f"{app.title} — API",
                                        redoc_js_url="/redoc.js", redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
                                        with_google_fonts=False))

    @app.get("/redoc.js", include_in_schema=False)
    def redoc_script() -> Response:
        return Response(_redoc_script(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})


def _own_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CSP
    return page
