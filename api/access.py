"""Who may change data, and how much a request may carry.

Reading is open (the server listens on loopback by default); changing data (ingest, Neo4j push)
needs the key from ``POLICYGRAPH_API_KEY`` and is off when none is configured, so a server started
without thinking about it can never be written to. Request bodies are capped before they are read.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import Services, services
from policygraph.errors import Unauthorized, WritesDisabled


def _presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("x-api-key")


def require_api_key(request: Request, svc: Annotated[Services, Depends(services)]) -> Services:
    """The services, for a caller holding the server's API key (compared in constant time)."""
    expected = svc.settings.api_key.get_secret_value() if svc.settings.api_key else ""
    if not expected:
        raise WritesDisabled("this server changes no data: start it with POLICYGRAPH_API_KEY set to enable "
                             "ingest and push")
    presented = _presented_key(request)
    if presented is None or not hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8")):
        raise Unauthorized("send the server's API key as 'Authorization: Bearer <key>' or 'X-API-Key'")
    return svc


WriterDep = Annotated[Services, Depends(require_api_key)]


class BodyLimit:
    """ASGI middleware: a declared ``Content-Length`` over the limit is refused before anything is
    read; a chunked body is counted as it arrives and cut off at the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            response = JSONResponse({"type": "about:blank", "title": "request too large", "status": 413,
                                     "detail": f"request bodies are limited to {self.limit} bytes",
                                     "instance": scope["path"]}, status_code=413,
                                    media_type="application/problem+json")
            await response(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"request bodies are limited to {self.limit} bytes")
            return message

        return counted
