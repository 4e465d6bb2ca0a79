"""Search as people type: every word in any order, diacritics optional, kind words and
abbreviations, the document a search names first; the same answers on both backends.

The quality test set (tests/data/search-queries.yaml) is what users type and the result they expect
first; at least 95% of it must come first, on the embedded store and on Neo4j alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from api.models import SearchHit
from graph.backends import EmbeddedBackend
from graph.searchterms import ABBREVIATIONS, ISSUER_CODES, KIND_WORDS, OPTIONAL_WORDS, understand
from graph.textindex import match_expression
from policygraph.settings import Settings
from queries.registry import library

TEST_SET = Path(__file__).resolve().parent.parent / "data" / "search-queries.yaml"
QUALITY = 0.95


def search_cases() -> list[dict[str, Any]]:
    return yaml.safe_load(TEST_SET.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def client(loaded_store):
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as c:
        yield c


def first_results(client: TestClient) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Every query's items, and the queries whose first item is not one of those expected."""
    answers, misses = {}, []
    for case in search_cases():
        r = client.get("/search", params={"q": case["query"]})
        assert r.status_code == 200, (case["query"], r.text)
        items = r.json()["items"]
        answers[case["query"]] = items
        if not items or items[0]["id"] not in case["first"]:
            misses.append(f"{case['query']!r}: {items[0]['id'] if items else None}, expected {case['first']}")
    return answers, misses


def test_the_test_set_is_written_as_users_type():
    cases = search_cases()
    assert len(cases) >= 40
    queries = [c["query"] for c in cases]
    assert len(set(queries)) == len(queries)
    assert any(q != q.encode("ascii", "ignore").decode() for q in queries)  # with diacritics
    assert sum(q.isascii() for q in queries) >= 10  # and without


def test_the_test_set_finds_what_users_expect_first_on_the_embedded_store(client):
    _, misses = first_results(client)
    assert len(misses) <= (1 - QUALITY) * len(search_cases()), misses


# Query understanding: the vocabulary is data, and every entry's example is read as it says.

@pytest.mark.parametrize("entry", KIND_WORDS, ids=lambda k: " ".join(k.words))
def test_every_kind_word_and_abbreviation_names_its_kind(entry):
    terms = understand(entry.example)
    assert terms.symbol is not None and terms.symbol.code == entry.code, entry


@pytest.mark.parametrize("entry", ISSUER_CODES, ids=lambda c: c.word)
def test_every_issuer_code_in_a_symbol_is_read(entry):
    terms = understand(entry.example)
    assert terms.symbol is not None and terms.symbol.issuer == entry.code, entry


@pytest.mark.parametrize("entry", OPTIONAL_WORDS, ids=lambda o: " ".join(o.words))
def test_optional_words_are_left_out_of_the_words_searched(entry):
    words = understand(entry.example).words.split()
    assert not any(words[i:i + len(entry.words)] == list(entry.words) for i in range(len(words))), entry


@pytest.mark.parametrize("entry", ABBREVIATIONS, ids=lambda a: a.word)
def test_abbreviations_of_agency_names_are_searched_as_their_words(entry):
    words = understand(entry.example).words.split()
    assert entry.word not in words and " ".join(entry.words) in " ".join(words), entry


def test_a_symbol_is_read_in_every_way_it_is_written():
    for text in ("42-NQ/TW", "42/NQ-TW", "Nghị quyết số 42-NQ/TW", "NQ 42", "nghi quyet so 42"):
        symbol = understand(text).symbol
        assert symbol is not None and (symbol.number, symbol.code) == ("42", "NQ"), text
    legal = understand("45/2016/QĐ-TTg").symbol
    assert legal is not None and (legal.number, legal.year, legal.code, legal.issuer) == ("45", "2016", "QĐ", "TTg")


def test_a_kind_code_written_against_its_number_is_read_as_two_words():
    terms = understand("NQ42")
    assert terms.words == "nq 42" and terms.symbol is not None and terms.symbol.code == "NQ"
    assert understand("qh15").words == "qh15"  # not a kind code: left as written


def test_a_province_narrows_the_document_named_and_its_unit_word_is_optional():
    terms = understand("chương trình 113 tỉnh Hà Nam")
    assert terms.symbol is not None and terms.symbol.province == "ha-nam"
    assert terms.words == "chuong trinh 113 ha nam"


def test_a_number_among_other_words_names_no_document():
    """"Hội nghị Trung ương 5" is words, not document number 5; a number alone is a document's."""
    assert understand("hoi nghi trung uong 5").symbol is None
    alone = understand("9491")
    assert alone.symbol is not None and alone.symbol.code is None


def test_abbreviations_inside_a_symbol_stay_as_written():
    assert understand("9491/KH-UBND").words == "9491 kh ubnd"


def test_the_words_index_query_is_every_word_quoted_never_fts5_syntax():
    assert match_expression("so y te") == '"so" "y" "te"'
    assert match_expression('so "lao OR NEAR') == '"so" """lao" "OR" "NEAR"'
    assert match_expression("   ") is None


# The named query: all the words, any order, whole words.

def test_search_finds_every_word_in_any_order_as_whole_words(loaded_store):
    search, embedded = library()["search"], EmbeddedBackend(loaded_store)
    in_order = embedded.run(search, {"q": "so y te thanh pho hai phong"})
    any_order = embedded.run(search, {"q": "hai phong y te so"})
    assert {r["id"] for r in in_order} <= {r["id"] for r in any_order}
    assert "so-y-te.hai-phong" in {r["id"] for r in embedded.run(search, {"q": "so y te hai phong"})}
    assert not embedded.run(search, {"q": "ao dong"})  # "lao động" holds "ao dong", but not as words


def test_search_ranks_agencies_then_documents_then_tasks(loaded_store):
    rows = EmbeddedBackend(loaded_store).run(library()["search"], {"q": "lao dong"})
    order = {"agency": 0, "document": 1, "task": 2, "target": 3}
    ranks = [order[r["kind"]] for r in rows]
    assert ranks == sorted(ranks) and {"agency", "task"} <= {r["kind"] for r in rows}


def test_the_named_document_comes_first_and_once(client):
    items = client.get("/search", params={"q": "NQ 42"}).json()["items"]
    ids = [i["id"] for i in items]
    assert ids[0] == "42-NQ-TW-2023" and ids.count("42-NQ-TW-2023") == 1
    assert len(ids) > 1  # and the texts that cite it follow


def test_a_province_the_named_document_does_not_belong_to_does_not_hide_it(client):
    items = client.get("/search", params={"q": "Nghị quyết 42 Hà Nam"}).json()["items"]
    assert items and items[0]["id"] == "42-NQ-TW-2023"


def test_hits_are_the_columns_of_both_queries():
    assert tuple(SearchHit.model_fields) == library()["search"].columns == library()["document_by_symbol"].columns


def test_the_matches_are_counted_by_kind_and_province(client):
    body = client.get("/search", params={"q": "y te", "limit": 500}).json()
    assert not body["more"]
    kinds = {f["value"]: f["count"] for f in body["facets"]["kind"]}
    places = {f["value"]: f["count"] for f in body["facets"]["province"]}
    assert sum(kinds.values()) == sum(places.values()) == len(body["items"])
    assert body["facets"]["kind"][0]["value"] == "agency"
    assert places["thành phố Hải Phòng"] == sum(i["province"] == "thành phố Hải Phòng" for i in body["items"]) >= 2
    assert places.get(None) == sum(i["province"] is None for i in body["items"]) >= 1  # Bộ Y tế: central


# The same answers on Neo4j.

@pytest.fixture(scope="module")
def neo4j_client(neo4j_graph, loaded_store):
    from graph.pgmodel import project

    nodes, rels = project(loaded_store.open_current())
    neo4j_graph.push(nodes, rels)
    with TestClient(create_app(Settings(), loaded_store)) as c:
        yield c


def test_the_test_set_answers_the_same_on_neo4j(client, neo4j_client):
    assert neo4j_client.get("/health").json()["backend"] == "neo4j"
    embedded, _ = first_results(client)
    neo4j, misses = first_results(neo4j_client)
    assert len(misses) <= (1 - QUALITY) * len(search_cases()), misses
    for query, items in embedded.items():
        assert neo4j[query] == items, query


def test_document_by_symbol_answers_the_same_on_neo4j(loaded_store, neo4j_client):
    from graph.backends import Neo4jBackend
    from graph.neo4j import Neo4jGraph

    query, embedded = library()["document_by_symbol"], EmbeddedBackend(loaded_store)
    graph = Neo4jGraph.from_settings(Settings())
    try:
        neo = Neo4jBackend(graph)
        for case in search_cases():
            symbol = understand(case["query"]).symbol
            if symbol is not None:
                for with_province in (True, False):
                    params = symbol.params(with_province)
                    assert embedded.run(query, params) == neo.run(query, params), case["query"]
    finally:
        graph.close()
