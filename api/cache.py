"""Whole-response cache for the embedded backend.

A generation of the embedded store never changes once written, so a successful GET answer never
changes while the server serves that generation. Keeping the encoded response skips routing, the
queries, the models and JSON encoding on a repeat. Keys are the generation, the path, the query
string, the ``Accept`` header and the day (answers default ``as_of`` to today); a new load makes
every older key unreachable and the LRU drops them. On Neo4j, which another process may push to
at any time, nothing is cached.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Answers about the server rather than the graph, and the analysts' endpoints, are never cached.
UNCACHED_PREFIXES = ("/health", "/sparql", "/cypher", "/static", "/openapi.json", "/docs", "/admin")
Key = tuple[str, str, bytes, bytes, str]


@dataclass(frozen=True)
class _Answer:
    start: Message
    body: bytes


class ResponseCache:
    """ASGI middleware in front of the routes; on only when the app serves the embedded backend."""

    def __init__(self, app: ASGIApp, size: int = 4096) -> None:
        self.app = app
        self.size = size
        self._answers: OrderedDict[Key, _Answer] = OrderedDict()
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        services = scope["app"].state.services
        services.refresh()
        key = self._key(scope, services.generation or "")
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
        if answer is not None:
            await send(answer.start)
            await send({"type": "http.response.body", "body": answer.body})
            return
        await self.app(scope, receive, self._recorder(key, send))

    def _cacheable(self, scope: Scope) -> bool:
        if self.size <= 0 or scope["type"] != "http" or scope["method"] != "GET" \
                or scope["path"].startswith(UNCACHED_PREFIXES):
            return False
        services = getattr(scope["app"].state, "services", None) if "app" in scope else None
        return services is not None and services.backend.name == "embedded"

    @staticmethod
    def _key(scope: Scope, generation: str) -> Key:
        accept = next((v for k, v in scope["headers"] if k == b"accept"), b"")
        return generation, scope["path"], scope["query_string"], accept, dt.date.today().isoformat()

    def _recorder(self, key: Key, send: Send) -> Send:
        start: Message | None = None
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and start is not None and start["status"] == 200:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(key, _Answer(start, b"".join(chunks)))
            await send(message)

        return record

    def _keep(self, key: Key, answer: _Answer) -> None:
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
