"""The FastAPI application: routes by resource, one error shape, resources opened in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import docs, problems
from api.access import BodyLimit
from api.cache import ResponseCache
from api.deps import Services
from api.models import PROBLEM_RESPONSES
from api.routes import (
    admin,
    agencies,
    analyst,
    changes,
    documents,
    health,
    linked,
    page,
    provinces,
    search,
    targets,
    tasks,
)
from graph.backends import Backend, EmbeddedBackend, Neo4jBackend
from graph.neo4j import Neo4jGraph
from graph.store import GraphStore
from policygraph.settings import Settings

DESCRIPTION = """Vietnamese social-policy documents as a knowledge graph of **lineage** (which resolution a
task implements, through which documents, quoting which lines) and **responsibility** (host,
coordinators, deciders, directors and reporting channels of every task). Answers are the same from
the embedded store and from Neo4j. Errors are `application/problem+json`."""


def open_services(settings: Settings, store: GraphStore | None = None) -> Services:
    store = store or GraphStore(settings.store_dir)
    manifest = store.manifest()
    neo4j = Neo4jGraph.from_settings(settings) if settings.neo4j_uri else None
    backend: Backend
    if neo4j is not None:
        neo4j.check()
        backend = Neo4jBackend(neo4j)
    else:
        backend = EmbeddedBackend(store, cache_size=settings.query_cache)
    return Services(settings=settings, graph_store=store, query_backend=backend, neo4j=neo4j,
                    loaded_at=manifest.loaded_at if manifest else 0.0,
                    load_seconds=manifest.load_seconds if manifest else 0.0)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app for these settings; ``store`` overrides the store directory (tests)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = open_services(settings, store)
        try:
            yield
        finally:
            if app.state.services.neo4j is not None:
                app.state.services.neo4j.close()

    app = FastAPI(title="policygraph", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  responses=PROBLEM_RESPONSES, docs_url=None, redoc_url=None)
    docs.install(app)
    problems.install(app)
    app.add_middleware(ResponseCache, size=settings.query_cache)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                       allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    for module in (documents, tasks, agencies, provinces, targets, search, analyst, linked, changes, health, admin):
        app.include_router(module.router)
    page.install(app)
    return app
