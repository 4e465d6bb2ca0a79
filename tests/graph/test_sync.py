"""Neo4j follows the store by change sets: after any sequence of loads, one transaction carrying the
nodes they changed brings Neo4j to the graph a whole push of the same store gives.

A push records which generation of the store Neo4j holds. When the current generation was
changed from it (by loads and removals that each wrote a change), the next push sends the nodes
those changes touched, with the relationships they own, and nothing else; when it was not (a
first push, a store rewritten whole), the whole generation goes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.ingest import ingest, remove
from graph.neo4j import Neo4jGraph, sync
from graph.store import GraphStore
from policygraph.errors import BackendUnavailable
from tests.conftest import CORPUS, FILES
from tests.graph.test_increment import shortened

HAU_GIANG, HA_NAM, HAI_PHONG = (CORPUS / FILES[k] for k in ("hau_giang", "ha_nam", "hai_phong"))
FOUR = [p for p in sorted(CORPUS.glob("*.txt")) if p != HAU_GIANG]


@pytest.fixture(scope="module")
def four(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = GraphStore(tmp_path_factory.mktemp("four") / "store")
    ingest(FOUR, store, replace=True)
    return store.root


@pytest.fixture()
def store(tmp_path: Path, four: Path) -> GraphStore:
    return GraphStore(Path(shutil.copytree(four, tmp_path / "store")))


def whole(graph: Neo4jGraph, store: GraphStore) -> str:
    """The fingerprint of Neo4j after a whole push of the store."""
    result = sync(graph, store, full=True)
    assert not result.incremental
    return graph.fingerprint()


def test_each_change_is_sent_as_a_change_set_that_equals_a_whole_push(neo4j_graph, store, tmp_path):
    first = sync(neo4j_graph, store)
    assert not first.incremental
    revised = shortened(HAI_PHONG, tmp_path / "revised")
    for change in (lambda: ingest([HAU_GIANG], store), lambda: ingest([revised], store),
                   lambda: remove([HA_NAM.name], store), lambda: ingest([HA_NAM], store)):
        change()
        result = sync(neo4j_graph, store)
        assert result.incremental and result.nodes < 1000
        after_change_set = neo4j_graph.fingerprint()
        assert after_change_set == whole(neo4j_graph, store)
        current = store.current_dir()
        assert current is not None and neo4j_graph.current()["store_generation"] == current.name


def test_several_changes_between_pushes_go_as_one_change_set(neo4j_graph, store):
    sync(neo4j_graph, store, full=True)
    ingest([HAU_GIANG], store)
    remove([HAI_PHONG.name], store)
    result = sync(neo4j_graph, store)
    assert result.incremental
    assert neo4j_graph.fingerprint() == whole(neo4j_graph, store)


def test_a_store_rewritten_whole_is_pushed_whole(neo4j_graph, store):
    sync(neo4j_graph, store, full=True)
    ingest([HAU_GIANG, *FOUR], store, replace=True)
    result = sync(neo4j_graph, store)
    assert not result.incremental
    assert sync(neo4j_graph, store).nodes == 0  # nothing changed since: an empty change set


def test_a_change_set_is_all_or_nothing(neo4j_graph, store, monkeypatch):
    """A change set that Neo4j refuses half-way (here its last statement) leaves the graph as it was."""
    sync(neo4j_graph, store, full=True)
    before = neo4j_graph.fingerprint()
    ingest([HAU_GIANG], store)
    import graph.neo4j as neo4j_module
    real = neo4j_module.sync_statement
    monkeypatch.setattr(neo4j_module, "sync_statement",
                        lambda name: "RETURN 1/0" if name == "sync_mark" else real(name))
    with pytest.raises(BackendUnavailable, match="refused the change set"):
        sync(neo4j_graph, store)
    assert neo4j_graph.fingerprint() == before
