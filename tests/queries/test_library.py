"""The named query library: every query exists in both languages and answers the same on both
backends; what the queries say about the real corpus."""

from __future__ import annotations

import dataclasses
import re

import pytest

from graph.backends import EmbeddedBackend, Neo4jBackend
from graph.textindex import Candidates
from policygraph.errors import BadRequest
from queries.registry import library

HA_NAM = "x-KH-UBND-ha-nam-2024-a382d3c1"
# Whole words, parts of words, common and rare words, one letter, words in any order, more words
# than are looked for one by one (the rest is a phrase), and text as typed.
SEARCHES = ("so lao dong thuong binh", "lao dong", "ao dong", "ong thuong binh", "cai nghien", "nghien ma tuy",
            "y te", "so", "a", "68 nq cp", "Sở Lao động", "so  lao", 'so "lao', "so \\ lao", "hai phong y te so",
            "ha nam so lao dong", " so lao ", "so lao dong thuong binh va xa hoi tinh ha nam thuc hien ke hoach "
            "trien khai cac chinh sach xa hoi", "a b c d e f g h i j k l m n o p q",
            "tang cuong cong tac thanh tra kiem tra xac nhan va thuc hien giai quyet che do uu dai nguoi co cong")


@pytest.fixture(scope="module")
def embedded(loaded_store):
    return EmbeddedBackend(loaded_store)


def parameter_sets(extractions) -> list[tuple[str, dict[str, str | None]]]:
    docs = [ex.document.id for ex in extractions.values()]
    tasks = [t.id for ex in extractions.values() for t in ex.tasks[::7]]
    agencies = sorted({a.agency.id for ex in extractions.values() for t in ex.tasks for a in t.assignments
                       if a.agency.kind == "agency"})
    indicators = sorted({t.indicator_id for ex in extractions.values() for t in ex.targets})
    sets: list[tuple[str, dict[str, str | None]]] = [(q.name, dict(q.example)) for q in library().values()]
    sets += [("lineage_up", {"id": i}) for i in [*docs, *tasks]]
    sets += [("lineage_down", {"id": i}) for i in [*docs, "42-NQ-TW-2023", "92-KL-TW-2020", "15-NQ-TW-2012"]]
    sets += [("responsible_for", {"id": t}) for t in tasks]
    sets += [("agency_assignments", {"id": a}) for a in agencies]
    sets += [("agency_assignments", {"id": a, "role": "coordinator"}) for a in agencies[:10]]
    sets += [("agency_assignments", {"id": a, "offset": o, "limit": n}) for a in agencies[::5]
             for o, n in (("0", "3"), ("2", "5"), ("0", None), ("4", None), ("1000", "10"))]
    sets += [("agency_assignments", {"id": a, "role": "host", "offset": "1", "limit": "2"}) for a in agencies[:10]]
    sets += [("agency_assignment_counts", {"id": a}) for a in agencies]
    sets += [("agency_assignment_counts", {"id": a, "role": "coordinator"}) for a in agencies[:10]]
    sets += [("targets_by_indicator", {"id": i}) for i in indicators]
    sets += [("coverage", {"resolution": r, "province": p}) for r in ("42-NQ-TW-2023", "92-KL-TW-2020")
             for p in ("ha-nam", "hai-phong", "dong-nai", "hau-giang", "hai-duong")]
    sets += [("unassigned_tasks", {"document": d}) for d in docs] + [("unassigned_tasks", {})]
    dates = ("2024-12-31", "2025-03-01", "2025-06-30", "2025-07-01", "2026-11-23")
    sets += [("responsible_now", {"id": t, "as_of": d}) for t in tasks for d in dates[::2]]
    successors = ("so-noi-vu.hai-phong-2025", "so-noi-vu.hai-duong", "so-y-te.ninh-binh-2025", "bo-noi-vu",
                  "so-nong-nghiep-moi-truong.hai-phong-2025", "cong-an.hai-duong",
                  "so-khoa-hoc-cong-nghe.dong-nai-2025")
    sets += [("inherited_assignments", {"id": a, "as_of": d}) for a in successors for d in dates]
    provinces = ("hai-phong-2025", "hai-phong", "hai-duong", "ninh-binh-2025", "can-tho-2025", "dong-nai-2025")
    sets += [("province_documents", {"id": p, "as_of": d}) for p in provinces for d in dates]
    sets += [("successors", {"id": a, "as_of": d}) for a in (*agencies, *provinces) for d in dates[::2]]
    sets += [("search", {"q": q}) for q in SEARCHES]
    return sets


def test_every_query_is_documented_in_both_languages():
    for q in library().values():
        assert q.description and q.columns, q.name
        assert q.cypher.lstrip().startswith("// name:") and q.sparql.lstrip().startswith("# name:")
        assert {p.name for p in q.params if p.required} <= set(q.example), q.name


def test_every_named_query_answers_the_same_on_both_backends(embedded, pushed, extractions):
    neo = Neo4jBackend(pushed)
    checked = 0
    for name, params in parameter_sets(extractions):
        query = library()[name]
        assert embedded.run(query, params) == neo.run(query, params), (name, params)
        checked += 1
    assert checked > 100


def test_the_plain_sparql_1_1_form_of_every_query_gives_the_same_answers(embedded, extractions):
    """LATERAL only changes how the embedded store evaluates a group, never the answers: the same
    query without it (what a SPARQL 1.1 store such as rdflib runs) agrees on every parameter set."""
    lateral = [q.name for q in library().values() if re.search(r"LATERAL\s*\{", q.sparql)]
    assert lateral and not any(re.search(r"LATERAL\s*\{", q.sparql11) for q in library().values())
    for name, params in parameter_sets(extractions):
        query = library()[name]
        if name in lateral:
            plain = dataclasses.replace(query, sparql=query.sparql11)
            assert embedded.run(plain, params) == embedded.run(query, params), (name, params)


def test_every_relation_between_documents_is_quoted_from_one_primary_citation(loaded_store):
    """Plans restate their parents' relations (every plan under 92-KL-TW says it continues
    15-NQ-TW): the relation is written once, and exactly one of its citations is the one quoted."""
    rows = loaded_store.open_current().query(
        "PREFIX pg: <https://w3id.org/policygraph/ontology#> "
        "SELECT ?d ?p ?o (COUNT(DISTINCT ?c) AS ?primary) WHERE { "
        "  VALUES (?p ?r) { (pg:implements 'implements') (pg:continues 'continues') (pg:basedOn 'based_on') "
        "                   (pg:amends 'amends') (pg:cites 'cites') } ?d ?p ?o . "
        "  OPTIONAL { ?d pg:primaryCitation ?c . ?c pg:cited ?o ; pg:relation ?r } } GROUP BY ?d ?p ?o",
        use_default_graph_as_union=True)
    counts = [int(r["primary"].value) for r in rows]
    assert counts and set(counts) == {1}


def test_a_ha_nam_task_reaches_resolution_42_through_both_parents(embedded):
    edges = {(r["from_id"], r["relation"], r["to_id"]) for r in
             embedded.run(library()["lineage_up"], {"id": f"{HA_NAM}.III.1.1"})}
    assert {(HA_NAM, "implements", "68-NQ-CP-2024"), (HA_NAM, "implements", "113-CTr-TU-ha-nam-2024"),
            ("68-NQ-CP-2024", "implements", "42-NQ-TW-2023"),
            ("113-CTr-TU-ha-nam-2024", "implements", "42-NQ-TW-2023")} <= edges


def test_lineage_steps_quote_their_source(embedded):
    for row in embedded.run(library()["lineage_up"], {"id": HA_NAM}):
        assert row["quote"] and row["file"] == "001_425aa0aa3f386de7.txt" and row["line_start"] >= 1


def test_the_tree_under_resolution_42_holds_both_provinces_plans(embedded):
    rows = embedded.run(library()["lineage_down"], {"id": "42-NQ-TW-2023"})
    children = {r["to_id"] for r in rows if r["to_kind"] == "document"}
    assert {HA_NAM, "x-CTr-TU-hau-giang-2023-a3623827", "68-NQ-CP-2024"} <= children
    assert any(r["to_kind"] == "task" and r["from_id"] == HA_NAM for r in rows)


def test_agency_assignments_include_group_tasks_marked_as_such(embedded):
    rows = embedded.run(library()["agency_assignments"], {"id": "so-noi-vu.ha-nam"})
    direct = [r for r in rows if r["via_group"] is None]
    via = [r for r in rows if r["via_group"] == "group-so-ban-nganh.ha-nam"]
    assert direct and all(r["role"] == "coordinator" for r in direct)
    assert via


def test_a_window_of_agency_assignments_is_that_slice_of_the_whole_answer(embedded, pushed, extractions):
    """What a page of /agencies/{id}/assignments reads: on both backends, ``offset`` and ``limit``
    cut the window from the whole answer in its order, and the counts add up to the whole."""
    query, counts = library()["agency_assignments"], library()["agency_assignment_counts"]
    agencies = sorted({a.agency.id for ex in extractions.values() for t in ex.tasks for a in t.assignments
                       if a.agency.kind == "agency"})
    neo, sizes = Neo4jBackend(pushed), []
    for backend in (embedded, neo):
        for agency in agencies[::3]:
            for role in (None, "coordinator"):
                whole = backend.run(query, {"id": agency, "role": role})
                windows = [backend.run(query, {"id": agency, "role": role, "offset": str(o), "limit": "4"})
                           for o in range(0, len(whole) + 4, 4)]
                assert [r for w in windows for r in w] == whole, (backend.name, agency, role)
                assert backend.run(query, {"id": agency, "role": role, "offset": "3"}) == whole[3:]
                assert sum(r["assignments"] for r in backend.run(counts, {"id": agency, "role": role})) == len(whole)
                sizes.append(len(whole))
    assert max(sizes) > 8


@pytest.mark.parametrize("value", ["-1", "ten", "1.5", "1e3", "9999999999"])
def test_a_window_is_a_whole_number(embedded, value):
    for param in ("offset", "limit"):
        with pytest.raises(BadRequest, match="is not a whole number"):
            embedded.run(library()["agency_assignments"], {"id": "so-noi-vu.ha-nam", param: value})


def test_unassigned_tasks_are_those_of_the_documents_without_a_general_clause(embedded):
    """The Hậu Giang draft and the Hải Dương programme give no body their measures as a whole (Hải
    Dương's Sở LĐTBXH is directed to draft plans only); the plans that do, have no unassigned task."""
    rows = embedded.run(library()["unassigned_tasks"], {})
    assert {r["document_id"] for r in rows} == {"x-CTr-TU-hau-giang-2023-a3623827", "20-CTr-TU-hai-duong-2021"}


def test_targets_by_indicator_compare_provinces(embedded):
    rows = embedded.run(library()["targets_by_indicator"], {"id": "unemployment-rate"})
    by_doc = {(r["document_id"], r["comparator"], r["value"]) for r in rows}
    assert (HA_NAM, "<", 1.0) in by_doc and ("x-CTr-TU-hau-giang-2023-a3623827", "<", 3.0) in by_doc


def test_coverage_lists_every_task_area_with_its_task_count(embedded):
    rows = embedded.run(library()["coverage"], {"resolution": "42-NQ-TW-2023", "province": "ha-nam"})
    assert [r["area_path"] for r in rows] == [f"III.{n}" for n in range(1, 9)]
    assert all(r["tasks"] >= 1 for r in rows)


def test_cached_answers_equal_fresh_ones_and_callers_cannot_spoil_them(loaded_store, embedded, extractions):
    cached = EmbeddedBackend(loaded_store, cache_size=8)
    for name, params in parameter_sets(extractions)[:40]:
        query = library()[name]
        first = cached.run(query, params)
        for row in first:
            row.clear()
        assert cached.run(query, params) == embedded.run(query, params), (name, params)
    assert len(cached._cache) == 8


def test_search_finds_whole_words_in_any_order(embedded):
    search = library()["search"]
    ids = {r["id"] for r in embedded.run(search, {"q": "lao dong"})}
    assert "so-lao-dong-tbxh.ha-nam" in ids
    assert "so-lao-dong-tbxh.ha-nam" in {r["id"] for r in embedded.run(search, {"q": "ha nam dong lao"})}
    assert not embedded.run(search, {"q": "ao dong"})  # "lao động" holds "ao dong", but not as words


def test_the_text_index_narrows_the_search_without_changing_its_answers(embedded, loaded_store):
    """Each generation carries a word index of its folded texts; the search runs through it, and
    answers exactly what the full scan of the graph answers."""
    assert embedded.text_index is not None
    found = embedded.text_index.nodes("so lao dong")
    assert found is not None and len(found.nodes) >= 10 and found.sizes == sorted(found.sizes)
    scan = EmbeddedBackend(loaded_store)
    scan.text_index = None
    search = library()["search"]
    for q in SEARCHES:
        assert embedded.run(search, {"q": q}) == scan.run(search, {"q": q}), q


def test_a_search_with_more_matches_than_it_keeps_reads_the_shortest_first(embedded, loaded_store):
    """The search keeps its best rows, shortest text first; the store tries the shortest
    candidates alone before all of them and answers what the full scan answers, ties included."""
    search = library()["search"]
    keep_three = dataclasses.replace(search, sparql=re.sub(r"LIMIT 501", "LIMIT 3", search.sparql), limit=3)
    scan = EmbeddedBackend(loaded_store)
    scan.text_index = None
    for q in ("lao dong", "so lao dong thuong binh", "tre em"):
        found = embedded.text_index.nodes(q)
        assert found is not None and found.shortest(6) is not None, q
        rows = embedded.run(keep_three, {"q": q})
        assert rows == scan.run(keep_three, {"q": q}) == scan.run(search, {"q": q})[:3], q


def test_the_shortest_candidates_hold_every_tie_with_the_last():
    found = Candidates(["a", "b", "c", "d", "e"], [3, 5, 5, 5, 9], complete=True)
    assert found.shortest(2) == ["a", "b", "c", "d"]
    assert found.shortest(4) == ["a", "b", "c", "d"]
    assert found.shortest(5) is None
    assert Candidates(["a", "b", "c"], [3, 5, 5], complete=False).shortest(2) is None
