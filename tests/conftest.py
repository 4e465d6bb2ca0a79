"""Shared fixtures: the bundled corpus, its extractions, and a store loaded from it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from graph.ingest import ingest
from graph.store import GraphStore
from loaders.extract import extract_file
from ontology.records import Extraction

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = {
    "hai_duong": "000_6fbe0fb64d00c278.txt",
    "ha_nam": "001_425aa0aa3f386de7.txt",
    "dong_nai": "002_9a9075a511bddb73.txt",
    "hai_phong": "003_19ea32616128835b.txt",
    "hau_giang": "004_a0faca7928c2b4ec.txt",
}


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def extractions() -> dict[str, Extraction]:
    return {key: extract_file(CORPUS / name) for key, name in FILES.items()}


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    store = GraphStore(tmp_path_factory.mktemp("store"))
    ingest([CORPUS], store, replace=True)
    return store


@pytest.fixture(scope="session")
def neo4j_graph():
    """The real Neo4j that scripts/test starts; a missing server fails the run, it never skips."""
    from graph.neo4j import Neo4jGraph
    from policygraph.errors import BackendUnavailable
    from policygraph.settings import Settings

    settings = Settings()
    if not settings.neo4j_uri:
        pytest.fail("NEO4J_URI is not set: run the tests with scripts/test, which starts a real Neo4j")
    graph = Neo4jGraph.from_settings(settings)
    try:
        graph.check()
    except BackendUnavailable as exc:
        pytest.fail(f"Neo4j is not usable: {exc}")
    yield graph
    graph.close()


@pytest.fixture()
def pushed(neo4j_graph, loaded_store):
    """Neo4j holding exactly the corpus graph (pushed afresh for each test that needs it)."""
    from graph.pgmodel import project

    nodes, rels = project(loaded_store.open_current())
    neo4j_graph.push(nodes, rels)
    return neo4j_graph


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """A real uvicorn server for ``app`` on a free localhost port, in a background thread; its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the uvicorn server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
