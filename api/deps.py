"""What routes depend on, as named ``Annotated`` aliases; opened once in the app's lifespan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from graph.backends import Backend
from graph.neo4j import Neo4jGraph
from graph.store import GraphStore
from policygraph.errors import NotFound
from policygraph.settings import Settings
from queries.registry import get


@dataclass
class Services:
    settings: Settings
    store: GraphStore
    backend: Backend
    neo4j: Neo4jGraph | None
    loaded_at: float
    load_seconds: float

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self.backend.run(get(name), params)

    def find(self, listing: str, key: str, what: str) -> dict[str, Any]:
        """The row of a listing query (``documents``, ``agencies``) with this id; NotFound otherwise."""
        row = next((r for r in self.run(listing) if r["id"] == key), None)
        if row is None:
            raise NotFound(f"no {what} {key!r}")
        return row


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(services)]
