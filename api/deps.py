"""What routes depend on, as named ``Annotated`` aliases; opened once in the app's lifespan."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from graph.backends import Backend, EmbeddedBackend
from graph.neo4j import Neo4jGraph
from graph.store import GraphStore
from policygraph.errors import NotFound
from policygraph.settings import Settings
from queries.registry import get

# How often a server looks at the store's CURRENT pointer: a load by another process (the CLI, or
# another worker's ingest) is served within this many seconds, at the cost of one small file read.
REFRESH_EVERY_S = 1.0


@dataclass
class Services:
    settings: Settings
    store: GraphStore
    backend: Backend
    neo4j: Neo4jGraph | None
    loaded_at: float
    load_seconds: float
    generation: str | None = None
    _checked: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self.backend.run(get(name), params)

    def find(self, listing: str, key: str, what: str) -> dict[str, Any]:
        """The row of a listing query (``documents``, ``agencies``) with this id; NotFound otherwise.
        The listing takes the id as a parameter, so one row is looked up, not the whole listing."""
        row = next((r for r in self.run(listing, id=key) if r["id"] == key), None)
        if row is None:
            raise NotFound(f"no {what} {key!r}")
        return row

    def refresh(self, *, force: bool = False) -> None:
        """Serve the store's current generation: an embedded backend holds one generation (its
        answers are cached for it), so a new load means a new backend."""
        now = time.monotonic()
        if not force and now - self._checked < REFRESH_EVERY_S:
            return
        self._checked = now
        manifest = self.store.manifest()
        generation = manifest.generation if manifest else None
        if generation == self.generation or manifest is None:
            return
        with self._lock:
            if generation == self.generation:
                return
            if self.backend.name == "embedded":
                self.backend = EmbeddedBackend(self.store, cache_size=self.settings.query_cache)
            self.generation, self.loaded_at, self.load_seconds = generation, manifest.loaded_at, manifest.load_seconds


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    svc.refresh()
    return svc


ServicesDep = Annotated[Services, Depends(services)]
