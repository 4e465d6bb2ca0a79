"""``policygraph neo4j import``: the neo4j-admin CSV holds what the records hold (read back with
Python's csv module, which follows the same RFC 4180 quoting as the importer), and the corpus
imported by Neo4j's own tool into a scratch server is the graph a push gives."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from graph.backends import Neo4jBackend
from graph.ingest import remove
from graph.neo4j import Neo4jGraph, sync
from graph.neo4jimport import MULTILINE, SCRIPT, export_csv, import_generation
from graph.pgmodel import Node, Relationship, project
from graph.store import GraphStore
from policygraph.errors import BackendUnavailable
from queries.registry import library
from tests.conftest import FILES

TRICKY = 'Giao Sở Lao động - Thương binh và Xã hội "chủ trì", phối hợp;\ntheo dõi, báo cáo'
IRI = "https://w3id.org/policygraph/id/"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_texts_round_trip_and_types_come_from_the_records(tmp_path: Path) -> None:
    nodes = [Node(f"{IRI}task/a", ["Task"], {"id": "a", "text": TRICKY, "lineStart": 3, "quote": ""}),
             Node(f"{IRI}task/b", ["Task"], {"id": "b", "text": "x", "lineStart": 4, "quote": None}),
             Node(f"{IRI}doc/c", ["Document", "Plan"], {"id": "c", "draft": True, "value": 0.1})]
    rels = [Relationship("HOST", f"{IRI}doc/c", f"{IRI}task/a", {"inherited": False, "routes": ["r1", "r2"]})]
    files = export_csv(nodes, rels, tmp_path, generation="gen-1")

    tasks = files["nodes/Task"]
    assert tasks.name.endswith(MULTILINE)  # TRICKY holds a line break
    header = tasks.read_text(encoding="utf-8").splitlines()[0]
    assert header == ("iri:ID,:LABEL,pgLabels:string[],pgGeneration:string,"
                      "id:string,text:string,lineStart:long,quote:string")
    a, _ = _rows(tasks)
    assert a["text:string"] == TRICKY and a["lineStart:long"] == "3" and a["pgGeneration:string"] == "gen-1"
    raw = tasks.read_text(encoding="utf-8")
    assert raw.rstrip("\n").endswith(',"x",4,')  # None: an unquoted empty field (no property)
    assert ',3,""\n' in raw  # an empty string stays a quoted ""

    (doc,) = _rows(files["nodes/Document:Plan"])
    assert doc[":LABEL"] == "Document;Plan;PGNode" and doc["pgLabels:string[]"] == "Document;Plan"
    assert doc["draft:boolean"] == "true" and float(doc["value:double"]) == 0.1
    (host,) = _rows(files["relationships/HOST"])
    assert host["routes:string[]"] == "r1;r2" and host["inherited:boolean"] == "false"
    assert host[":START_ID"] == f"{IRI}doc/c" and host[":TYPE"] == "HOST"


def test_a_property_with_two_types_splits_the_group(tmp_path: Path) -> None:
    nodes = [Node(f"{IRI}t/1", ["Target"], {"value": 1}), Node(f"{IRI}t/2", ["Target"], {"value": 1.5})]
    files = export_csv(nodes, [], tmp_path)
    headers = sorted(p.read_text(encoding="utf-8").splitlines()[0].rsplit(",", 1)[1] for p in files.values())
    assert headers == ["value:double", "value:long"]


def test_an_array_element_holding_the_delimiter_is_refused(tmp_path: Path) -> None:
    rels = [Relationship("HOST", "a", "b", {"routes": ["a;b"]})]
    with pytest.raises(ValueError, match="delimiter"):
        export_csv([], rels, tmp_path)


@pytest.fixture()
def stopped_home(tmp_path: Path) -> Path:
    """A scripts/neo4j-local home of its own, never started, sharing the jars of the test server's
    (scripts/test fetched them into NEO4J_LOCAL_HOME)."""
    jars = Path(os.environ.get("NEO4J_LOCAL_HOME", ".work/neo4j-test")).resolve() / "lib"
    if not jars.is_dir():
        pytest.fail(f"no Neo4j jars in {jars}: run the tests with scripts/test, which fetches them")
    home = tmp_path / "neo4j"
    home.mkdir()
    (home / "lib").symlink_to(jars)
    return home


def neo4j_local(command: str, home: Path, port: int) -> str:
    env = {**os.environ, "NEO4J_LOCAL_HOME": str(home), "NEO4J_BOLT_PORT": str(port), "NEO4J_HEAP": "512m",
           "NEO4J_PAGECACHE": "128m"}
    env.pop("NEO4J_PASSWORD", None)
    return subprocess.run([str(SCRIPT), command], env=env, stdout=subprocess.PIPE, text=True, check=True).stdout.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_corpus_imported_by_neo4j_admin_is_the_pushed_graph_and_takes_changes_after(
        tmp_path, stopped_home, loaded_store, pushed):
    store = GraphStore(Path(shutil.copytree(loaded_store.root, tmp_path / "store")))
    result = import_generation(store, stopped_home)
    assert result.store_generation == store.current_dir().name  # type: ignore[union-attr]
    assert not list(stopped_home.glob("import-*")), "the CSV is removed after the import"
    port = free_port()
    uri = neo4j_local("start", stopped_home, port)
    try:
        with Neo4jGraph(uri, None, None) as imported:
            assert imported.current()["store_generation"] == result.store_generation
            first = sync(imported, store)
            assert first.incremental and first.nodes == 0, "the import holds the store's generation"
            assert imported.fingerprint() == pushed.fingerprint()
            query = library()["agency_assignments"]
            params: dict[str, str | None] = {"id": "so-noi-vu.ha-nam"}
            assert Neo4jBackend(imported).run(query, params) == Neo4jBackend(pushed).run(query, params)

            remove([FILES["ha_nam"]], store)
            assert sync(imported, store).incremental
            nodes, rels = project(store.open_current())
            pushed.push(nodes, rels)
            assert imported.fingerprint() == pushed.fingerprint()
    finally:
        neo4j_local("stop", stopped_home, port)


def test_an_import_into_a_home_without_neo4j_says_how_to_get_one(tmp_path, loaded_store):
    with pytest.raises(BackendUnavailable, match="scripts/neo4j-local"):
        import_generation(loaded_store, tmp_path / "nothing-here")
