"""Whole-response cache for the embedded backend, carried across changes of the graph.

A generation of the embedded store never changes once written, so a successful GET answer never
changes while the server serves that generation. Keeping the encoded response skips routing, the
queries, the models and JSON encoding on a repeat. Keys are the path, the query string, the
``Accept`` header and the day (answers default ``as_of`` to today).

A change of one document leaves most answers as they were, so a new generation does not drop the
cache. While a route computes an answer, every named query it runs is recorded with its parameters
and a digest of its rows (``Reads``). When the answer is asked for again under a newer generation,
those queries run again on it: if each gives the same rows, the answer is still true and its bytes
are served (``X-Cache: revalidated``), with the same ETag; otherwise it is dropped and computed
anew. The queries are the whole of what the answer was made from only because routes read the
graph through ``Services``: a route that reaches the store, the backend or the change log any other
way marks its answer ``opaque``, and an opaque answer (or one that read nothing) is kept for its own
generation only. On Neo4j, which another process may push to at any time, nothing is cached.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policygraph.errors import PolicyGraphError

# Answers about the server rather than the graph, the analysts' endpoints and the whole dataset's
# dumps (as large as the store) are never cached.
UNCACHED_PREFIXES = ("/health", "/sparql", "/cypher", "/static", "/openapi.json", "/docs", "/admin", "/dump")
Key = tuple[str, bytes, bytes, str]
Params = tuple[tuple[str, str | None], ...]
Outcome = Literal["hit", "revalidated", "miss"]


@dataclass(frozen=True)
class Read:
    """One named query an answer was made from, and what it gave."""

    name: str
    params: Params
    digest: str


@dataclass
class Reads:
    """What the answer being computed has read so far; ``generation`` is the one it is cached for."""

    generation: str
    done: list[Read] = field(default_factory=list)
    opaque: bool = False

    @property
    def replayable(self) -> bool:
        return bool(self.done) and not self.opaque


RECORDING: contextvars.ContextVar[Reads | None] = contextvars.ContextVar("policygraph_reads", default=None)


def digest(rows: Sequence[dict[str, Any]]) -> str:
    """The same for the same rows in the same order, whatever the dicts' key order."""
    text = json.dumps(list(rows), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def note_read(generation: str | None, name: str, params: dict[str, str | None],
              rows: Sequence[dict[str, Any]]) -> None:
    """Record a named query the current answer read; a read of another generation than the one
    the answer is cached for (a refresh in the middle of a request) makes it opaque."""
    reads = RECORDING.get()
    if reads is None:
        return
    if generation != reads.generation:
        reads.opaque = True
        return
    reads.done.append(Read(name, tuple(sorted(params.items())), digest(rows)))


def note_opaque() -> None:
    """The current answer read something that is not a named query: it cannot be revalidated."""
    reads = RECORDING.get()
    if reads is not None:
        reads.opaque = True


class Replayer(Protocol):
    """What the cache needs of the app's services (api.deps.Services)."""

    generation: str | None
    backend_name: str

    def refresh(self, *, force: bool = False) -> None: ...

    def replay(self, name: str, params: dict[str, str | None]) -> tuple[str | None, list[dict[str, Any]]]: ...


@dataclass(frozen=True)
class _Answer:
    start: Message
    body: bytes
    etag: bytes
    generation: str
    reads: tuple[Read, ...] | None


class ResponseCache:
    """ASGI middleware in front of the routes; on only when the app serves the embedded backend."""

    def __init__(self, app: ASGIApp, size: int = 4096) -> None:
        self.app = app
        self.size = size
        self._answers: OrderedDict[Key, _Answer] = OrderedDict()
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        services = self._services(scope)
        if services is None:
            await self.app(scope, receive, send)
            return
        services.refresh()
        generation = services.generation or ""
        key = self._key(scope)
        answer, outcome = await self._lookup(services, key, generation)
        if answer is not None:
            await self._send(scope, send, answer, outcome)
            return
        token = RECORDING.set(Reads(generation))
        try:
            await self.app(scope, receive, self._recorder(scope, key, send))
        finally:
            RECORDING.reset(token)

    def _services(self, scope: Scope) -> Replayer | None:
        if self.size <= 0 or scope["type"] != "http" or scope["method"] != "GET" \
                or scope["path"].startswith(UNCACHED_PREFIXES) or "app" not in scope:
            return None
        services: Replayer | None = getattr(scope["app"].state, "services", None)
        return services if services is not None and services.backend_name == "embedded" else None

    @staticmethod
    def _key(scope: Scope) -> Key:
        return scope["path"], scope["query_string"], _header(scope, b"accept"), dt.date.today().isoformat()

    async def _lookup(self, services: Replayer, key: Key, generation: str) -> tuple[_Answer | None, Outcome]:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
        if answer is None:
            return None, "miss"
        if answer.generation == generation:
            return answer, "hit"
        if answer.reads is not None and await run_in_threadpool(_still_true, services, answer.reads, generation):
            renewed = replace(answer, generation=generation)
            self._keep(key, renewed)
            return renewed, "revalidated"
        with self._lock:
            self._answers.pop(key, None)
        return None, "miss"

    def _recorder(self, scope: Scope, key: Key, send: Send) -> Send:
        """Pass a response through, except a 200: held until its body is whole, then kept with the
        reads that made it and sent with its ETag."""
        start: Message | None = None
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and message["status"] == 200:
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            reads = RECORDING.get()
            assert reads is not None, "the recorder runs inside the recording it was made for"
            body = b"".join(chunks)
            answer = _Answer(start, body, _etag(body), reads.generation,
                             tuple(reads.done) if reads.replayable else None)
            self._keep(key, answer)
            await self._send(scope, send, answer, "miss")

        return record

    @staticmethod
    async def _send(scope: Scope, send: Send, answer: _Answer, outcome: Outcome) -> None:
        """The answer, or 304 when the client holds its ETag already."""
        unchanged = answer.etag in _header(scope, b"if-none-match").replace(b" ", b"").split(b",")
        headers = [(k, v) for k, v in answer.start.get("headers", [])
                   if not (unchanged and k.lower() in (b"content-length", b"content-type"))]
        headers += [(b"etag", answer.etag), (b"cache-control", b"no-cache"), (b"x-cache", outcome.encode())]
        if unchanged:
            headers.append((b"content-length", b"0"))
        await send({**answer.start, "status": 304 if unchanged else 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if unchanged else answer.body})

    def _keep(self, key: Key, answer: _Answer) -> None:
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)


def _still_true(services: Replayer, reads: tuple[Read, ...], generation: str) -> bool:
    """Whether every query the answer read gives the same rows on ``generation``. A query that now
    fails, or a generation that moved on while they ran, is a change: the answer is computed anew
    and any error then reaches the client the usual way."""
    for read in reads:
        try:
            answered_by, rows = services.replay(read.name, dict(read.params))
        except PolicyGraphError:
            return False
        if answered_by != generation or digest(rows) != read.digest:
            return False
    return True


def _header(scope: Scope, name: bytes) -> bytes:
    return next((v for k, v in scope["headers"] if k == name), b"")


def _etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'

