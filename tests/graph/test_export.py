"""Exports: every format read back is the store's graph (named graphs kept where the format can hold
them), each literal keeps the store's lexical form in every format, Turtle and TriG bind the ontology's
prefixes, and JSON-LD is compact under the context generated from the ontology."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from graph.export import CONTEXT_PATH, ExportFormat, compact_jsonld, context_text, export, prefixes
from graph.store import GraphStore
from ontology.codegen import PG_NS

XSD = "http://www.w3.org/2001/XMLSchema#"
PGD = "https://w3id.org/policygraph/id/"
KEEPS_GRAPHS = {ExportFormat.NQ, ExportFormat.TRIG, ExportFormat.JSONLD}
RDFLIB_FORMATS = {ExportFormat.TTL: "turtle", ExportFormat.NT: "nt", ExportFormat.NQ: "nquads",
                  ExportFormat.TRIG: "trig", ExportFormat.JSONLD: "json-ld"}
OX_FORMATS = {ExportFormat.TTL: ox.RdfFormat.TURTLE, ExportFormat.NT: ox.RdfFormat.N_TRIPLES,
              ExportFormat.NQ: ox.RdfFormat.N_QUADS, ExportFormat.TRIG: ox.RdfFormat.TRIG,
              ExportFormat.JSONLD: ox.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def quads(loaded_store: GraphStore) -> list[ox.Quad]:
    return list(loaded_store.open_current())


@pytest.fixture(scope="module")
def exports(quads: list[ox.Quad]) -> dict[ExportFormat, bytes]:
    return {f: export(quads, f) for f in ExportFormat}


def test_the_published_context_is_generated_from_the_ontology():
    assert CONTEXT_PATH.read_text(encoding="utf-8") == context_text(), "run: python -m graph.export"


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_each_export_read_back_is_the_stores_graph(quads, exports, fmt):
    """rdflib reads every export back isomorphic to the store: per named graph where the format keeps
    them, as the merged graph where it does not."""
    store = Dataset()
    store.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    if fmt in KEEPS_GRAPHS:
        back = Dataset()
        back.parse(data=exports[fmt], format=RDFLIB_FORMATS[fmt])
        names = {g.identifier for g in store.graphs() if len(g)}
        assert {g.identifier for g in back.graphs() if len(g)} == names
        for name in names:
            assert isomorphic(back.graph(name), store.graph(name)), name
    else:
        merged = Graph()
        for s, p, o, _ in store.quads((None, None, None, None)):
            merged.add((s, p, o))
        assert isomorphic(Graph().parse(data=exports[fmt], format=RDFLIB_FORMATS[fmt]), merged)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_each_literal_keeps_the_stores_lexical_form_in_every_format(quads, exports, fmt):
    """Read back without normalising (pyoxigraph): the same quads, term for term, so a decimal stored as
    "12392" is "12392" in every format, never 12392.0 in one and 12392 in another."""
    back = set(ox.parse(exports[fmt], format=OX_FORMATS[fmt]))
    if fmt in KEEPS_GRAPHS:
        assert back == set(quads)
    else:
        assert back == {ox.Quad(q.subject, q.predicate, q.object) for q in quads}
    decimals = {q.object.value for q in quads if isinstance(q.object, ox.Literal)
                and q.object.datatype.value == XSD + "decimal"}
    assert decimals and any("." not in d for d in decimals)


@pytest.mark.parametrize("fmt", [ExportFormat.TTL, ExportFormat.TRIG])
def test_turtle_and_trig_bind_the_ontologys_prefixes(exports, fmt):
    text = exports[fmt].decode("utf-8")
    head = {line.split()[1] for line in text.splitlines() if line.startswith("@prefix")}
    assert {"pg:", "dcterms:", "skos:", "prov:", "org:", "eli:", "xsd:", "id:"} <= head
    assert "ns1:" not in text and f"<{PG_NS}" not in text.split("\n", len(head))[-1]
    assert {f"{p}:" for p in prefixes()} == head


def test_jsonld_is_compact_with_the_published_context_and_keeps_the_named_graphs(loaded_store, exports):
    document = json.loads(exports[ExportFormat.JSONLD])
    assert document["@context"] == json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    body = json.dumps(document["@graph"], ensure_ascii=False)
    assert PG_NS not in body and PGD not in body       # short terms and compact IRIs only
    graphs = {g["@id"] for g in document["@graph"]}
    assert "id:graph/reference" in graphs and "id:graph/derived" in graphs
    nodes = [n for g in document["@graph"] for n in g["@graph"]]
    spans = [n for n in nodes if n.get("@type") == "SourceSpan"]
    assert spans and all(isinstance(n["lineStart"], int) for n in spans)   # numbers as numbers
    labels = [v for n in nodes for v in _values(n.get("skos:prefLabel"))]
    assert {"@value", "@language"} <= set(labels[0]) and any(v["@language"] == "vi" for v in labels)


def test_jsonld_is_at_most_a_fifth_larger_than_turtle(exports):
    ratio = len(exports[ExportFormat.JSONLD]) / len(exports[ExportFormat.TTL])
    print(f"\nJSON-LD {len(exports[ExportFormat.JSONLD])} bytes, Turtle {len(exports[ExportFormat.TTL])} bytes: "
          f"{ratio:.3f}x")
    assert ratio <= 1.2


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _literal(lexical: str, datatype: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))


NODE = ox.NamedNode(PGD + "target/t1")
UNUSUAL_LITERALS = {
    "integer-with-leading-zero": (PG_NS + "targetYear", _literal("02030", "integer"),
                                  {"@value": "02030", "@type": "xsd:integer"}),
    "decimal-without-point": (PG_NS + "value", _literal("100", "decimal"), "100"),
    "decimal-with-point": (PG_NS + "value", _literal("100.0", "decimal"), "100.0"),
    "string-under-a-date-term": (PG_NS + "validFrom", ox.Literal("sometime"), {"@value": "sometime"}),
    "iri-under-a-literal-term": (PG_NS + "quote", ox.NamedNode(PGD + "x"), {"@id": "id:x"}),
    "integer-under-a-decimal-term": (PG_NS + "value", _literal("7", "integer"),
                                     {"@value": "7", "@type": "xsd:integer"}),
    "boolean": (PG_NS + "draft", _literal("true", "boolean"), True),
    "boolean-as-one": (PG_NS + "draft", _literal("1", "boolean"), {"@value": "1", "@type": "xsd:boolean"}),
    "vietnamese": (PG_NS + "title", ox.Literal("Kế hoạch", language="vi"), "Kế hoạch"),
    "english-under-a-vietnamese-term": (PG_NS + "title", ox.Literal("Plan", language="en"),
                                        {"@value": "Plan", "@language": "en"}),
    "untagged-under-a-vietnamese-term": (PG_NS + "title", ox.Literal("Plan"), {"@value": "Plan"}),
    "foreign-iri": (PG_NS + "agent", ox.NamedNode("urn:x:y"), "urn:x:y"),
}


@pytest.mark.parametrize("predicate, term, written", list(UNUSUAL_LITERALS.values()), ids=list(UNUSUAL_LITERALS))
def test_a_value_is_written_in_the_shortest_form_that_reads_back_as_the_same_term(predicate, term, written):
    quad = ox.Quad(NODE, ox.NamedNode(predicate), term)
    document = json.loads(compact_jsonld([quad]))
    [node] = document["@graph"]
    assert node[predicate[len(PG_NS):]] == written
    assert set(ox.parse(json.dumps(document).encode(), format=ox.RdfFormat.JSON_LD)) == {quad}
    back = Dataset().parse(data=json.dumps(document), format="json-ld")
    assert (URIRef(NODE.value), URIRef(predicate), None) in back.default_graph
