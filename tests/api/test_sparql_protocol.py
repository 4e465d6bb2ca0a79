"""/sparql speaks the SPARQL 1.1 Protocol: the answer's format follows Accept (q-values honoured, 406 when
nothing acceptable can be written), a missing or malformed query is a 400, the dataset is the query's
FROM / FROM NAMED or the default-graph-uri / named-graph-uri parameters (which override them), the
union of the named graphs otherwise, and GET without a query describes the service. A standard client,
SPARQLWrapper at its defaults, works against a real server."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from xml.dom.minidom import Document, Element, Text

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from api.app import create_app
from graph.sparql_sandbox import (
    GRAPH_MEDIA,
    MAX_ROWS,
    RESULT_MEDIA,
    SPARQL_RESULTS_NS,
    names_a_dataset,
    negotiate,
    parse_accept,
)
from graph.store import GraphStore
from policygraph.settings import Settings
from tests.conftest import serving

PG = "https://w3id.org/policygraph/ontology#"
PGD = "https://w3id.org/policygraph/id/"
REFERENCE = PGD + "graph/reference"
DERIVED = PGD + "graph/derived"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
LABELS = ("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } "
          "ORDER BY ?s ?label LIMIT 20")
TASKS = f"CONSTRUCT {{ ?t a <{PG}Task> }} WHERE {{ ?t a <{PG}Task> }}"
ASK = f"ASK {{ ?t a <{PG}Task> }}"
COUNT = "SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ ?s ?p ?o }}"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"


@pytest.fixture(scope="module")
def client(loaded_store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as c:
        yield c


@pytest.fixture(scope="module")
def endpoint(loaded_store: GraphStore) -> Iterator[str]:
    """/sparql of a real uvicorn server for the corpus store, on a free localhost port."""
    with serving(create_app(Settings(neo4j_uri=None), loaded_store)) as url:
        yield f"{url}/sparql"


def count(loaded_store: GraphStore, graph: str | None = None) -> int:
    """Triples in one named graph, or distinct triples over all of them, read from the store itself."""
    store = loaded_store.open_current()
    if graph is not None:
        return len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    return len({(q.subject, q.predicate, q.object) for q in store})


def answered(r, media: str) -> None:
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].split(";")[0] == media
    assert "accept" in r.headers["vary"].lower()


# ---------------------------------------------------------------------------------------------------------
# Content negotiation
# ---------------------------------------------------------------------------------------------------------

SELECT_ACCEPT = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
    "application/json": "application/sparql-results+json",
    "*/*": "application/sparql-results+json",
    "text/*": "text/csv",
    "application/sparql-results+json;q=0.5, text/csv;q=0.9": "text/csv",
    "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8": "application/sparql-results+xml",
    "text/tab-separated-values, */*;q=0": "text/tab-separated-values",
}


@pytest.mark.parametrize("accept, media", list(SELECT_ACCEPT.items()), ids=list(SELECT_ACCEPT))
def test_select_answers_in_the_format_accept_asks_for(client, accept, media):
    answered(client.get("/sparql", params={"query": LABELS}, headers={"accept": accept}), media)


GRAPH_ACCEPT = {
    "text/turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
    "*/*": "application/n-triples",
    "application/turtle,text/turtle": "text/turtle",
    "application/n-triples;q=0.1, application/ld+json;q=0.7, text/turtle;q=0.4": "application/ld+json",
}
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                  "application/rdf+xml": "xml"}


@pytest.mark.parametrize("accept, media", list(GRAPH_ACCEPT.items()), ids=list(GRAPH_ACCEPT))
def test_construct_answers_in_the_rdf_format_accept_asks_for_and_the_same_graph(client, accept, media):
    r = client.post("/sparql", content=TASKS, headers={"content-type": "application/sparql-query", "accept": accept})
    answered(r, media)
    graph = Graph().parse(data=r.content, format=RDFLIB_FORMATS[media])
    reference = Graph().parse(data=client.get("/sparql", params={"query": TASKS},
                                              headers={"accept": "application/n-triples"}).content, format="nt")
    assert len(graph) > 100 and set(graph) == set(reference)


def test_turtle_and_jsonld_answers_use_the_projects_prefixes_and_context(client):
    turtle = client.get("/sparql", params={"query": TASKS}, headers={"accept": "text/turtle"}).text
    assert "@prefix pg: <https://w3id.org/policygraph/ontology#>" in turtle and "ns1:" not in turtle
    document = client.get("/sparql", params={"query": TASKS}, headers={"accept": "application/ld+json"}).json()
    assert document["@context"]["pg"] == PG and document["@graph"][0]["@type"] == "Task"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_ask_answers_in_every_results_format(client, accept):
    r = client.get("/sparql", params={"query": ASK}, headers={"accept": accept})
    answered(r, accept)
    assert "true" in r.text


@pytest.mark.parametrize("query, accept", [(LABELS, "text/turtle"), (TASKS, "application/sparql-results+json"),
                                           (ASK, "image/png"), (LABELS, "application/json;q=0")],
                         ids=["select-as-turtle", "construct-as-results", "ask-as-png", "json-refused-by-q0"])
def test_a_format_that_cannot_be_produced_is_a_406_problem(client, query, accept):
    r = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert r.status_code == 406 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 406


def test_xml_results_are_the_w3c_format_with_the_same_bindings_as_json(client):
    as_json = client.get("/sparql", params={"query": LABELS}).json()
    xml = ET.fromstring(client.get("/sparql", params={"query": LABELS},
                                   headers={"accept": "application/sparql-results+xml"}).content)
    ns = {"r": SPARQL_RESULTS_NS}
    assert [v.get("name") for v in xml.findall("r:head/r:variable", ns)] == as_json["head"]["vars"]
    rows = xml.findall("r:results/r:result", ns)
    assert len(rows) == len(as_json["results"]["bindings"]) == 20
    for row, expected in zip(rows, as_json["results"]["bindings"], strict=True):
        label = row.find("r:binding[@name='label']/r:literal", ns)
        assert label is not None and label.text == expected["label"]["value"]
        assert label.get("{http://www.w3.org/XML/1998/namespace}lang") == expected["label"].get("xml:lang")
        uri = row.find("r:binding[@name='s']/r:uri", ns)
        assert uri is not None and uri.text == expected["s"]["value"]


def test_csv_and_tsv_results_follow_the_w3c_formats(client, loaded_store):
    text = ("SELECT ?s ?quote ?start WHERE { ?s <" + PG + "quote> ?quote ; <" + PG + "lineStart> ?start } "
            "ORDER BY ?s LIMIT 50")
    theirs = loaded_store.open_current().query(text, use_default_graph_as_union=True)
    as_csv = client.get("/sparql", params={"query": text}, headers={"accept": "text/csv"}).content
    rows = list(csv.reader(io.StringIO(as_csv.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "quote", "start"] and len(rows) == 51
    assert [r[0] for r in rows[1:]] == [s["s"].value for s in theirs]
    assert as_csv.count(b"\r\n") >= 51
    tsv = client.get("/sparql", params={"query": text}, headers={"accept": "text/tab-separated-values"}).text
    lines = tsv.rstrip("\n").split("\n")
    assert lines[0] == "?s\t?quote\t?start" and len(lines) == 51
    assert all(line.count("\t") == 2 for line in lines)   # tabs and newlines inside a quote are escaped
    assert lines[1].startswith("<" + PGD) and '"^^<http://www.w3.org/2001/XMLSchema#integer>' in lines[1]


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_every_results_format_stops_at_the_row_cap(client, accept):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"accept": accept})
    answered(r, accept)
    assert r.headers["policygraph-truncated"] == "true"
    if "xml" in accept:
        records = r.text.count("<result>")
    elif accept == "text/csv":   # a quoted value may hold line breaks
        records = len(list(csv.reader(io.StringIO(r.text, newline="")))) - 1
    else:
        records = len(r.text.rstrip("\n").split("\n")) - 1
    assert records == MAX_ROWS


# ---------------------------------------------------------------------------------------------------------
# Errors and the service description
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("request_args", [
    {"method": "GET", "url": "/sparql", "params": {"query": "SELEC ?x WHERE { }"}},
    {"method": "GET", "url": "/sparql", "params": {"query": ""}},
    {"method": "GET", "url": "/sparql", "params": {"default-graph-uri": REFERENCE}},
    {"method": "GET", "url": "/sparql", "params": {"query": LABELS, "default-graph-uri": "not an iri"}},
    {"method": "POST", "url": "/sparql", "data": {"nothing": "here"}},
    {"method": "POST", "url": "/sparql", "content": "", "headers": {"content-type": "application/sparql-query"}},
    {"method": "POST", "url": "/sparql", "content": "SELECT", "headers": {"content-type": "application/sparql-query"}},
    {"method": "POST", "url": "/sparql", "content": LABELS, "headers": {"content-type": "text/plain"}},
], ids=["syntax-error", "empty-query", "dataset-without-query", "dataset-not-an-iri", "form-without-query",
        "empty-body", "truncated-query", "unknown-content-type"])
def test_a_missing_or_malformed_query_is_a_400_problem(client, request_args):
    r = client.request(**request_args)
    assert r.status_code == 400, r.text[:300]
    assert r.headers["content-type"] == "application/problem+json" and r.json()["status"] == 400


def test_get_without_a_query_describes_the_service(client, loaded_store):
    r = client.get("/sparql")
    answered(r, "text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    service = URIRef("http://testserver/sparql")
    assert (service, SD.endpoint, service) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    formats = {str(f).rsplit("/", 1)[1] for f in g.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
            "RDF_XML", "JSON-LD", "N-Triples"} == formats
    names = {str(n) for n in g.objects(None, SD.name)}
    assert names == {g.value for g in loaded_store.open_current().named_graphs()}
    assert REFERENCE in names


# ---------------------------------------------------------------------------------------------------------
# The dataset
# ---------------------------------------------------------------------------------------------------------

def first_count(r) -> int:
    assert r.status_code == 200, r.text[:300]
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_the_default_graph_is_the_union_of_the_named_graphs(client, loaded_store):
    assert first_count(client.get("/sparql", params={"query": COUNT.format(dataset="")})) == count(loaded_store)


def test_from_makes_that_graph_the_default_graph(client, loaded_store):
    r = client.get("/sparql", params={"query": COUNT.format(dataset=f"FROM <{REFERENCE}>")})
    assert first_count(r) == count(loaded_store, REFERENCE) < count(loaded_store)
    both = COUNT.format(dataset=f"FROM <{REFERENCE}> FROM <{DERIVED}>")
    assert first_count(client.get("/sparql", params={"query": both})) == \
        count(loaded_store, REFERENCE) + count(loaded_store, DERIVED)


def test_from_named_limits_the_named_graphs(client, loaded_store):
    r = client.get("/sparql", params={"query": COUNT_NAMED.format(dataset=f"FROM NAMED <{DERIVED}>")})
    assert first_count(r) == count(loaded_store, DERIVED)


def test_the_protocols_dataset_parameters_override_the_query(client, loaded_store):
    params = {"query": COUNT.format(dataset=f"FROM <{REFERENCE}>"), "default-graph-uri": DERIVED}
    assert first_count(client.get("/sparql", params=params)) == count(loaded_store, DERIVED)
    form = {"query": COUNT_NAMED.format(dataset=""), "named-graph-uri": [REFERENCE, DERIVED]}
    assert first_count(client.post("/sparql", data=form)) == count(loaded_store, REFERENCE) + count(loaded_store,
                                                                                                     DERIVED)
    only_named = {"query": COUNT.format(dataset=""), "named-graph-uri": REFERENCE}
    assert first_count(client.get("/sparql", params=only_named)) == 0   # the default graph is then empty


DATASET_CLAUSES = {
    "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }": True,
    "select * from named <urn:g> where { graph ?g { ?s ?p ?o } }": True,
    "SELECT ?from WHERE { ?from ?p ?o }": False,
    'SELECT * WHERE { ?s ?p "FROM <urn:g>" } # FROM <urn:g>': False,
    "PREFIX from: <urn:x:> SELECT * WHERE { ?s from:p ex:from }": False,
    "SELECT * WHERE { ?s <urn:FROM> ?o }": False,
}


@pytest.mark.parametrize("text, has_clause", list(DATASET_CLAUSES.items()))
def test_a_dataset_clause_is_told_from_the_word_in_a_variable_string_iri_or_name(text, has_clause):
    assert names_a_dataset(text) is has_clause


NEGOTIATION = {
    "no-header": (None, RESULT_MEDIA, "application/sparql-results+json"),
    "garbage": ("garbage", RESULT_MEDIA, "application/sparql-results+json"),
    "most-specific-range-wins": ("text/*;q=0.1, text/csv;q=0.8, */*;q=0", RESULT_MEDIA, "text/csv"),
    "q-zero-excludes": ("application/n-triples;q=0, */*", GRAPH_MEDIA, "text/turtle"),
    "nothing-acceptable": ("image/png", GRAPH_MEDIA, None),
    "alias-answers-canonical": ("application/xml", GRAPH_MEDIA, "application/rdf+xml"),
    "case-insensitive": ("Text/Turtle", GRAPH_MEDIA, "text/turtle"),
}


@pytest.mark.parametrize("accept, offers, media", list(NEGOTIATION.values()), ids=list(NEGOTIATION))
def test_negotiation_follows_rfc_9110_q_values_and_specificity(accept, offers, media):
    assert negotiate(parse_accept(accept), offers) == media


# ---------------------------------------------------------------------------------------------------------
# SPARQLWrapper at its defaults, over HTTP
# ---------------------------------------------------------------------------------------------------------

def as_dom(converted: object) -> Document:
    assert isinstance(converted, Document), type(converted)
    return converted


def as_json(converted: object) -> dict[str, Any]:
    assert isinstance(converted, dict), type(converted)
    return converted


def text_of(element: Element) -> str:
    return "".join(node.data for node in element.childNodes if isinstance(node, Text))


def first_value(results: dict[str, Any], name: str) -> str:
    value: str = results["results"]["bindings"][0][name]["value"]
    return value


def test_sparqlwrapper_select_as_xml_by_default_and_as_json(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(LABELS)
    rows = as_dom(client.query().convert()).getElementsByTagName("result")   # the default: XML, as a DOM
    assert len(rows) == 20
    client.setReturnFormat(JSON)
    results = as_json(client.query().convert())
    assert len(results["results"]["bindings"]) == 20
    assert first_value(results, "s") == text_of(rows[0].getElementsByTagName("uri")[0])


def test_sparqlwrapper_construct_as_rdf_xml_by_default_and_as_turtle(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(TASKS)
    graph = client.query().convert()              # the default: RDF/XML, read into an rdflib graph
    assert isinstance(graph, Graph) and len(graph) > 100
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    assert isinstance(data, bytes)
    assert set(Graph().parse(data=data, format="turtle")) == set(graph)


def test_sparqlwrapper_reads_a_syntax_error_as_query_bad_formed(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_sparqlwrapper_from_counts_only_that_graph(endpoint, loaded_store):
    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(JSON)
    client.setQuery(COUNT.format(dataset=f"FROM <{REFERENCE}>"))
    n = int(first_value(as_json(client.query().convert()), "n"))
    assert n == count(loaded_store, REFERENCE) < count(loaded_store)
    client.setQuery(COUNT.format(dataset=""))
    client.addDefaultGraph(DERIVED)
    assert int(first_value(as_json(client.query().convert()), "n")) == count(loaded_store, DERIVED)


def test_sparqlwrapper_ask_as_xml_by_default_and_as_json(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(ASK)
    assert text_of(as_dom(client.query().convert()).getElementsByTagName("boolean")[0]) == "true"
    client.setReturnFormat(JSON)
    assert as_json(client.query().convert())["boolean"] is True
