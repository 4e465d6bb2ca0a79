"""What routes depend on, as named ``Annotated`` aliases; opened once in the app's lifespan."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, BeforeValidator

from api.cache import note_opaque, note_read
from api.models import Page
from graph.backends import Backend, EmbeddedBackend, is_date
from graph.neo4j import Neo4jGraph
from graph.store import GraphStore
from policygraph.errors import NotFound
from policygraph.settings import Settings
from queries.registry import NamedQuery, get

# How often a server looks at the store's CURRENT pointer: a load by another process (the CLI, or
# another worker's ingest) is served within this many seconds, at the cost of one small file read.
REFRESH_EVERY_S = 1.0


@dataclass
class Services:
    """What a route reads the graph through. Named queries (``run``, ``answer``) are recorded for
    the response cache (api/cache.py), which revalidates an answer on a newer generation by running
    them again; reaching the store or the backend directly (``store``, ``backend``) marks the answer
    being computed as one that cannot be revalidated."""

    settings: Settings
    graph_store: GraphStore
    query_backend: Backend
    neo4j: Neo4jGraph | None
    loaded_at: float
    load_seconds: float
    _checked: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def store(self) -> GraphStore:
        note_opaque()
        return self.graph_store

    @property
    def backend(self) -> Backend:
        note_opaque()
        return self.query_backend

    @property
    def backend_name(self) -> str:
        return self.query_backend.name

    @property
    def generation(self) -> str | None:
        """The generation the backend answers from (None on Neo4j, which is pushed to from outside)."""
        return self.query_backend.generation

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self.answer(get(name), params)

    def answer(self, query: NamedQuery, params: dict[str, str | None]) -> list[dict[str, Any]]:
        backend = self.query_backend
        rows = backend.run(query, params)
        note_read(backend.generation, query.name, params, rows)
        return rows

    def replay(self, name: str, params: dict[str, str | None]) -> tuple[str | None, list[dict[str, Any]]]:
        """A recorded read run again, and the generation that answered it."""
        backend = self.query_backend
        return backend.generation, backend.run(get(name), params)

    def find(self, listing: str, key: str, what: str) -> dict[str, Any]:
        """The row of a listing query (``documents``, ``agencies``) with this id; NotFound otherwise,
        naming ``what`` (in Vietnamese: "cơ quan") and the id. The listing takes the id as a
        parameter, so one row is looked up, not the whole listing."""
        row = next((r for r in self.run(listing, id=key) if r["id"] == key), None)
        if row is None:
            raise NotFound(f"Không tìm thấy {what} “{key}”")
        return row

    def refresh(self, *, force: bool = False) -> None:
        """Serve the store's current generation: an embedded backend holds one generation (its
        answers are cached for it), so a new load means a new backend."""
        now = time.monotonic()
        if not force and now - self._checked < REFRESH_EVERY_S:
            return
        self._checked = now
        manifest = self.graph_store.manifest()
        if manifest is None:
            return
        if self.query_backend.name == "embedded" and manifest.generation != self.generation:
            with self._lock:
                if manifest.generation != self.generation:
                    self.query_backend = EmbeddedBackend(self.graph_store, cache_size=self.settings.query_cache)
        self.loaded_at, self.load_seconds = manifest.loaded_at, manifest.load_seconds


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    svc.refresh()
    return svc


ServicesDep = Annotated[Services, Depends(services)]


# Every list the API answers is a page of at most MAX_LIMIT rows (see api.models.Page).
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
PAGING_PARAMS = frozenset({"offset", "limit"})


@dataclass(frozen=True)
class Paging:
    offset: int
    limit: int


def paging(offset: Annotated[int, Query(ge=0, description="rows to skip before the first item")] = 0,
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"at most this many items (1 to {MAX_LIMIT})")]
           = DEFAULT_LIMIT) -> Paging:
    """``offset`` and ``limit``, checked the same way on every list endpoint (422 when out of range)."""
    return Paging(offset, limit)


PagingDep = Annotated[Paging, Depends(paging)]
Model = TypeVar("Model", bound=BaseModel)


def page_of(model: type[Model], rows: Sequence[dict[str, Any]], at: Paging) -> Page[Model]:
    """One page of ``rows`` (every row the store answered for the filters, in the query's order),
    only the page's rows made into ``model``; the total is the number of those rows."""
    items = [model(**r) for r in rows[at.offset:at.offset + at.limit]]
    return Page[model](total=len(rows), offset=at.offset, limit=at.limit, items=items)  # type: ignore[valid-type]


def _day(value: object) -> object:
    """A date parameter is a real calendar day written YYYY-MM-DD, the rule of the named queries'
    date parameters (graph.backends.is_date), so the API and the CLI accept the same days: not
    "2025-13-40", not "2025-2-1", not a timestamp."""
    if isinstance(value, str) and not is_date(value):
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    return value


AsOf = Annotated[dt.date | None, BeforeValidator(_day),
                 Query(description="the date to answer for, YYYY-MM-DD (default: today)", examples=["2026-01-01"])]
