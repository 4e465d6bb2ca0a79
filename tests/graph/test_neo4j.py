"""The Neo4j view: pushed from the RDF store, generation by generation, never half-visible."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.neo4j import Neo4jGraph
from graph.pgmodel import Relationship, mapping, project
from policygraph.errors import BackendUnavailable, QueryRefused
from policygraph.settings import Settings

SNAPSHOT = """
MATCH (n) WHERE NOT n:PGStaging AND NOT n:PGMeta
OPTIONAL MATCH (n)-[r]->(m)
RETURN n.id AS id, labels(n) AS labels, type(r) AS type, m.id AS target, r.quote AS quote
ORDER BY id, type, target
"""


def snapshot(graph: Neo4jGraph) -> list[dict]:
    return [{**row, "labels": sorted(row["labels"])} for row in graph.read(SNAPSHOT, {}, timeout=60)]


def test_every_mapped_label_has_a_uniqueness_constraint_in_the_schema():
    schema = (Path(__file__).parents[2] / "queries" / "sync" / "schema.cypher").read_text()
    constrained = set(re.findall(r"FOR \(n:(\w+)\) REQUIRE n\.id IS UNIQUE", schema))
    kinds = {"Resolution", "Conclusion", "Decision", "Plan", "Programme", "Directive", "Decree", "Circular",
             "Guidance", "OtherDocument"}  # kind labels ride on :Document, whose constraint covers them
    assert set(mapping().labels.values()) - kinds <= constrained


def test_the_push_carries_every_task_with_its_labels_and_provenance(pushed, extractions):
    tasks = sum(len(ex.tasks) for ex in extractions.values())
    assert pushed.read("MATCH (t:Task) RETURN count(t) AS n", {})[0]["n"] == tasks
    row = pushed.read("MATCH (d:Document:Plan {id: $id}) RETURN d.title AS title, d.file AS file",
                      {"id": "x-KH-UBND-ha-nam-2024-a382d3c1"})[0]
    assert row["title"].startswith("KẾ HOẠCH Thực hiện Nghị quyết số 68/NQ-CP")
    host = pushed.read("MATCH (a:Agency)-[r:HOST]->(:Task {id: $id}) RETURN a.name AS name, r.quote AS quote, "
                       "r.lineStart AS line", {"id": "x-KH-UBND-ha-nam-2024-a382d3c1.III.1.1"})
    assert host == [{"name": "Sở Thông tin và Truyền thông tỉnh Hà Nam",
                     "quote": "- Cơ quan chủ trì: Sở Thông tin và Truyền thông.", "line": 75}]


def test_pushing_twice_changes_nothing(pushed, loaded_store):
    before = snapshot(pushed)
    nodes, rels = project(loaded_store.open_current())
    pushed.push(nodes, rels)
    assert snapshot(pushed) == before


def test_a_push_removes_what_the_new_load_no_longer_contains(pushed, loaded_store):
    nodes, rels = project(loaded_store.open_current())
    keep = {n.iri for n in nodes if "hai-phong" not in n.iri}
    pushed.push([n for n in nodes if n.iri in keep], [r for r in rels if r.start in keep and r.end in keep])
    assert pushed.read("MATCH (t:Task) WHERE t.id STARTS WITH '113-KH-UBND-hai-phong' RETURN count(t) AS n",
                       {})[0]["n"] == 0


def test_a_push_that_fails_half_way_leaves_the_previous_generation_visible(pushed, loaded_store):
    before = snapshot(pushed)
    generation = pushed.current()["generation"]
    nodes, rels = project(loaded_store.open_current())
    poisoned = Relationship("CITES", rels[0].start, rels[0].end, {"nested": {"maps": "are not property values"}})
    with pytest.raises(BackendUnavailable, match="previous generation is still current"):
        pushed.push(nodes, [*rels[:3000], poisoned, *rels[3000:]], batch=500)
    assert pushed.current()["generation"] == generation
    assert snapshot(pushed) == before
    pushed.push(nodes, rels)
    assert pushed.read("MATCH (n:PGStaging) RETURN count(n) AS n", {})[0]["n"] == 0
    assert snapshot(pushed) == before


def test_a_batch_committed_twice_never_becomes_current(pushed, loaded_store, monkeypatch):
    """A driver retry after a commit whose acknowledgement was lost stages a batch twice: the push
    counts the staging area before the switch and refuses it."""
    before = snapshot(pushed)
    nodes, rels = project(loaded_store.open_current())
    write = pushed._write

    def committed_twice(text: str, **params):
        rows = write(text, **params)
        return write(text, **params) if "CREATE (a)-" in text else rows

    monkeypatch.setattr(pushed, "_write", committed_twice)
    with pytest.raises(BackendUnavailable, match=r"not the .* sent .*previous generation is still current"):
        pushed.push(nodes, rels)
    monkeypatch.undo()
    assert snapshot(pushed) == before
    pushed.push(nodes, rels)
    assert snapshot(pushed) == before


def test_search_without_diacritics_finds_the_department(pushed):
    rows = pushed.read("CALL db.index.fulltext.queryNodes('policygraph_text', $q) YIELD node "
                       "WHERE node:Agency RETURN node.name AS name LIMIT 5", {"q": "so lao dong thuong binh"})
    assert any(r["name"].startswith("Sở Lao động - Thương binh và Xã hội") for r in rows)


def test_reads_refuse_writes(pushed):
    with pytest.raises(QueryRefused):
        pushed.read("CREATE (n:Intruder) RETURN n", {})
    assert pushed.read("MATCH (n:Intruder) RETURN count(n) AS n", {})[0]["n"] == 0


def test_a_wrong_password_is_a_clear_error():
    settings = Settings()
    if not settings.neo4j_password:
        pytest.fail("the tests expect Neo4j with authentication on (scripts/test sets NEO4J_PASSWORD)")
    with Neo4jGraph(settings.neo4j_uri or "", "neo4j", "not-the-password") as graph:
        with pytest.raises(BackendUnavailable, match="refused the credentials"):
            graph.check()


def test_an_unreachable_server_is_a_clear_error():
    with Neo4jGraph("bolt://127.0.0.1:1", None, None, connection_timeout=1) as graph:
        with pytest.raises(BackendUnavailable, match="not reachable"):
            graph.check()
