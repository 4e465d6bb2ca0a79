"""The data and the ontology are published as linked data: every IRI the data mints dereferences at
/id/… to the node's description in the format Accept asks for (a browser is sent to the node's page
with 303), unknown IRIs are 404, /ontology answers the ontology with its version and licence, and /void
describes the dataset with counts that equal counts over the store."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import OWL, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS

from api.app import create_app
from api.routes.linked import DATASET_IRI
from graph.export import compact_jsonld, render_context
from graph.rdf import ISSUER_FORMS, IssuerForm, issuer_agency
from graph.store import GraphStore
from loaders.registry import registry
from ontology.codegen import ONTOLOGY_IRI, ONTOLOGY_PATH
from ontology.namespace import VERSION
from policygraph.settings import Settings

PGD = "https://w3id.org/policygraph/id/"
PG = Namespace("https://w3id.org/policygraph/ontology#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}
PLAN = "9491-KH-UBND-dong-nai-2021"


@pytest.fixture(scope="module")
def client(loaded_store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as c:
        yield c


@pytest.fixture(scope="module")
def store(loaded_store: GraphStore) -> ox.Store:
    return loaded_store.open_current()


def path_of(node: str) -> str:
    return "/id/" + node.removeprefix(PGD)


def parsed(r, media: str) -> Graph:
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].split(";")[0] == media
    assert "accept" in r.headers["vary"].lower()
    return Graph().parse(data=r.content, format=RDF_FORMATS[media])


def own_triples(store: ox.Store, node: str) -> set[tuple[str, str, str]]:
    """The node's triples as the store holds them (over all named graphs), as N-Triples terms."""
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in store.quads_for_pattern(ox.NamedNode(node), None, None, None)}


def as_terms(graph: Graph, node: str) -> set[tuple[str, str, str]]:
    return {(s.n3(), p.n3(), o.n3()) for s, p, o in graph.triples((URIRef(node), None, None))}


# ---------------------------------------------------------------------------------------------------------
# /id/…: the node's description
# ---------------------------------------------------------------------------------------------------------

def test_a_node_is_described_by_its_own_triples_and_the_labels_of_what_it_links_to(client, store) -> None:
    node = PGD + f"document/{PLAN}"
    graph = parsed(client.get(path_of(node)), "text/turtle")
    assert as_terms(graph, node) == own_triples(store, node)
    province = next(graph.objects(URIRef(node), PG.province))
    assert any(graph.objects(province, None)), "the province the plan belongs to is named"


def test_every_kind_of_iri_the_data_mints_dereferences_to_its_description(client, store) -> None:
    """One node of every kind (documents, tasks, spans, routes with a percent-encoded id ...)."""
    first: dict[str, str] = {}
    for q in store:
        value = q.subject.value
        if isinstance(q.subject, ox.NamedNode) and value.startswith(PGD):
            first.setdefault(value.removeprefix(PGD).split("/")[0], value)
    first["route-encoded"] = next(q.subject.value for q in store if "%2B" in q.subject.value)
    assert {"document", "task", "agency", "section", "target", "span", "province", "succession"} <= set(first)
    for node in first.values():
        graph = parsed(client.get(path_of(node), headers={"Accept": "application/n-triples"}), "application/n-triples")
        assert as_terms(graph, node) == own_triples(store, node), node


@pytest.mark.parametrize("media", sorted(RDF_FORMATS))
def test_the_formats_asked_for_carry_the_same_graph(client, media: str) -> None:
    node = PGD + f"document/{PLAN}"
    turtle = parsed(client.get(path_of(node), headers={"Accept": "text/turtle"}), "text/turtle")
    assert isomorphic(parsed(client.get(path_of(node), headers={"Accept": media}), media), turtle)


def test_no_accept_header_gets_turtle(client) -> None:
    r = client.get(f"/id/document/{PLAN}", headers={"Accept": "*/*"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_a_browser_is_sent_to_the_page_of_the_node(client) -> None:
    r = client.get(f"/id/document/{PLAN}", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].endswith(f"/#/document/{PLAN}")
    r = client.get("/id/agency/so-y-te.ha-nam", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/#/agency/so-y-te.ha-nam")


def test_a_browser_gets_the_rdf_of_a_node_the_page_does_not_show(client) -> None:
    section = f"/id/section/{PLAN}.I"
    r = client.get(section, headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/rdf+xml")


def test_an_unknown_iri_is_not_found_for_every_client(client) -> None:
    for accept in ("text/turtle", BROWSER, "application/ld+json"):
        r = client.get("/id/document/0-NQ-TW-1900", headers={"Accept": accept}, follow_redirects=False)
        assert r.status_code == 404, accept
        assert r.headers["content-type"] == "application/problem+json"


def test_a_format_that_cannot_be_written_is_not_acceptable(client) -> None:
    assert client.get(f"/id/document/{PLAN}", headers={"Accept": "image/png"}).status_code == 406


def test_a_named_graph_iri_answers_the_triples_of_that_graph(client, store) -> None:
    graph_iri = PGD + "graph/reference"
    r = client.get(path_of(graph_iri), headers={"Accept": "application/n-triples"})
    graph = parsed(r, "application/n-triples")
    assert len(graph) == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))))
    assert client.get("/id/graph/no-such-document").status_code == 404


def test_a_document_points_to_its_issuing_body_and_keeps_the_issuer_as_written(client) -> None:
    node = URIRef(PGD + f"document/{PLAN}")
    graph = parsed(client.get(path_of(node)), "text/turtle")
    body = next(graph.objects(node, PG.issuer))
    assert body == URIRef(PGD + "agency/ubnd.dong-nai")
    assert str(next(graph.objects(node, PG.issuerName))) == "Ủy ban nhân dân tỉnh Đồng Nai"
    assert any(graph.objects(body, SKOS.prefLabel)), "the body's name comes with the document"
    described = parsed(client.get(path_of(str(body))), "text/turtle")
    assert (body, RDF.type, PG.Agency) in described


@pytest.mark.parametrize("form", ISSUER_FORMS, ids=lambda f: f.example)
def test_each_issuer_form_names_its_body(form: IssuerForm) -> None:
    assert issuer_agency(form.example, None, registry()) is not None


@pytest.mark.parametrize("name", ["TW", "CP", "Văn phòng Chính phủ và Bộ Tài chính", "Kế hoạch của Sở Y tế",
                                  "Ủy ban nhân dân", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"])
def test_an_issuer_that_is_only_a_code_or_not_one_known_body_names_none(name: str) -> None:
    """A code, two bodies, words before the body, a provincial body of no province, a collective."""
    assert issuer_agency(name, None, registry()) is None


# ---------------------------------------------------------------------------------------------------------
# /ontology
# ---------------------------------------------------------------------------------------------------------

def test_the_ontology_is_served_as_its_file_and_in_the_other_formats(client) -> None:
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.content == ONTOLOGY_PATH.read_bytes()
    source = Graph().parse(ONTOLOGY_PATH, format="turtle")
    for media in ("application/rdf+xml", "application/ld+json", "application/n-triples"):
        assert isomorphic(parsed(client.get("/ontology", headers={"Accept": media}), media), source), media


def test_the_ontology_states_its_version_and_licence(client) -> None:
    graph = parsed(client.get("/ontology", headers={"Accept": "text/turtle"}), "text/turtle")
    version_iri = URIRef(f"{ONTOLOGY_IRI}/{VERSION}")
    assert (ONTOLOGY_IRI, OWL.versionIRI, version_iri) in graph
    assert (ONTOLOGY_IRI, OWL.versionInfo, Literal(VERSION)) in graph
    assert any(graph.objects(ONTOLOGY_IRI, DCTERMS.license))
    assert client.get(version_iri.removeprefix("https://w3id.org/policygraph")).status_code == 200
    assert client.get("/ontology/0.0.1").status_code == 404


# ---------------------------------------------------------------------------------------------------------
# /void
# ---------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def void(client) -> Graph:
    return parsed(client.get("/void", headers={"Accept": "text/turtle"}), "text/turtle")


def count(store: ox.Store, query: str) -> int:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))[0].value)


def value(graph: Graph, s: URIRef, p: URIRef) -> int:
    return int(str(next(graph.objects(s, p))))


def test_void_counts_equal_counts_over_the_store(void, store) -> None:
    dataset = URIRef(DATASET_IRI)
    triples = {(q.subject, q.predicate, q.object) for q in store}
    assert value(void, dataset, VOID.triples) == len(triples)
    assert value(void, dataset, VOID.entities) == count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c }")
    assert value(void, dataset, VOID.classes) == count(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }")
    tasks = next(p for p in void.objects(dataset, VOID.classPartition) if (p, VOID["class"], PG.Task) in void)
    tasks_in_store = count(store, f"SELECT (COUNT(DISTINCT ?t) AS ?n) {{ ?t a <{PG.Task}> }}")
    assert value(void, tasks, VOID.entities) == tasks_in_store


def test_void_lists_every_named_graph_with_its_size(void, store) -> None:
    subsets = set(void.objects(URIRef(DATASET_IRI), VOID.subset))
    graphs = {g.value for g in store.named_graphs()}
    assert {str(s) for s in subsets} == graphs
    reference = URIRef(PGD + "graph/reference")
    assert value(void, reference, VOID.triples) == len(
        list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(reference)))))


def test_void_names_the_licence_the_endpoint_and_dumps_that_answer(client, void) -> None:
    dataset = URIRef(DATASET_IRI)
    assert (dataset, RDF.type, DCAT.Dataset) in void and any(void.objects(dataset, DCTERMS.license))
    assert any(void.objects(dataset, DCAT.version))
    endpoint = next(void.objects(dataset, VOID.sparqlEndpoint))
    assert str(endpoint).endswith("/sparql")
    dumps = list(void.objects(dataset, VOID.dataDump))
    assert dumps
    for dump in dumps:
        assert client.get(str(dump)).status_code == 200, dump


# ---------------------------------------------------------------------------------------------------------
# JSON-LD of Vietnamese literals
# ---------------------------------------------------------------------------------------------------------

QUOTE_IN_VIETNAMESE = """
@prefix pg: <https://w3id.org/policygraph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
pg:quote a owl:DatatypeProperty ; rdfs:range rdf:langString .
"""


def test_a_language_tagged_property_writes_its_vietnamese_values_as_plain_json_strings() -> None:
    """A property whose range is rdf:langString gets ``@language: vi`` in the context: a Vietnamese value
    is a plain string, any other language or a plain literal keeps its own form, and all read back."""
    context = render_context(Graph().parse(data=QUOTE_IN_VIETNAMESE, format="turtle"))["@context"]
    assert context["quote"] == {"@id": "pg:quote", "@language": "vi"}
    span, quote = ox.NamedNode(PGD + "span/s1"), ox.NamedNode(str(PG.quote))
    quads = [ox.Quad(span, quote, ox.Literal("Sở Y tế chủ trì", language="vi")),
             ox.Quad(span, quote, ox.Literal("the Health Department leads", language="en")),
             ox.Quad(span, quote, ox.Literal("UBND"))]
    data = compact_jsonld(quads, context)
    assert json.loads(data)["@graph"][0]["quote"][0] == "Sở Y tế chủ trì"
    assert set(ox.parse(data, format=ox.RdfFormat.JSON_LD)) == set(quads)
