"""Exports of the graph: the formats, the project's prefixes and the JSON-LD ``@context``.

Every format is written from the store's own quads, so each literal keeps the one lexical form the
store holds (``"12392"^^xsd:decimal`` stays so everywhere, rather than ``12392.0`` in one format and
``12392`` in another). Turtle and TriG bind the prefixes the ontology declares (``pg:``, ``dcterms:``,
``skos:``, ``prov:``, ``org:``, ``eli:`` ...) plus ``id:`` for data IRIs. JSON-LD is compact against
the published context ``ontology/context.jsonld``, generated from the ontology (so it cannot drift):
short terms for ``pg:`` properties, IRIs coerced where the ontology says a property links nodes, typed
strings where it gives a datatype range, native JSON numbers and booleans where the lexical form is
the canonical one, language-tagged strings as ``{"@value", "@language"}``.

Usage::

    python -m graph.export            # (re)write ontology/context.jsonld from the ontology
    python -m graph.export --check    # exit 1 if ontology/context.jsonld is out of date
"""

from __future__ import annotations

import argparse
import enum
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef

from ontology.codegen import ONTOLOGY_PATH, PG_NS, PGD_NS, TEXT_LANGUAGE
from policygraph.errors import PolicyGraphError

CONTEXT_PATH = Path(__file__).resolve().parents[1] / "ontology" / "context.jsonld"
DATA_PREFIX = "id"   # data IRIs (documents, tasks, agencies ...)
# A property whose range is rdf:langString gets the documents' language as its default in the
# context, so its Vietnamese values are plain JSON strings.
DATA_LANGUAGE = TEXT_LANGUAGE
XSD_NS = str(XSD)
RDF_TYPE = str(RDF.type)


class ExportFormat(enum.StrEnum):
    TTL = "ttl"
    JSONLD = "jsonld"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"


MEDIA_TYPES = {ExportFormat.TTL: "text/turtle", ExportFormat.JSONLD: "application/ld+json",
               ExportFormat.NT: "application/n-triples", ExportFormat.NQ: "application/n-quads",
               ExportFormat.TRIG: "application/trig"}


# ---------------------------------------------------------------------------------------------------
# The context, generated from the ontology
# ---------------------------------------------------------------------------------------------------

def _ontology() -> Graph:
    return Graph(bind_namespaces="none").parse(ONTOLOGY_PATH, format="turtle")


def render_context(ontology: Graph | None = None) -> dict[str, Any]:
    """The JSON-LD context for ``ontology`` (default: policygraph.ttl): its declared prefixes, ``id``
    for data IRIs, ``@vocab`` pg: (classes and properties by their short names), and one term per pg:
    property that coerces its values: ``@id`` for object properties, the datatype range otherwise
    (plain strings, integers and booleans need none), ``@language`` vi where the range is rdf:langString."""
    graph = ontology if ontology is not None else _ontology()
    context: dict[str, Any] = {"@vocab": PG_NS}
    context.update(sorted((prefix, str(ns)) for prefix, ns in graph.namespaces() if prefix))
    context[DATA_PREFIX] = PGD_NS
    terms: dict[str, dict[str, str]] = {}
    for prop in sorted(set(graph.subjects(RDF.type, OWL.ObjectProperty)) | set(
            graph.subjects(RDF.type, OWL.DatatypeProperty)), key=str):
        if not isinstance(prop, URIRef) or not str(prop).startswith(PG_NS):
            continue
        name = str(prop)[len(PG_NS):]
        if (prop, RDF.type, OWL.ObjectProperty) in graph:
            terms[name] = {"@id": f"pg:{name}", "@type": "@id"}
            continue
        ranges = {str(r) for r in graph.objects(prop, RDFS.range)}
        if ranges == {str(RDF.langString)}:
            terms[name] = {"@id": f"pg:{name}", "@language": DATA_LANGUAGE}
        elif len(ranges) == 1 and (datatype := ranges.pop()).startswith(XSD_NS) and datatype not in _NATIVE:
            terms[name] = {"@id": f"pg:{name}", "@type": f"xsd:{datatype[len(XSD_NS):]}"}
    context.update(terms)
    return {"@context": context}


# Datatypes a JSON-LD processor reads from JSON itself (a string, an integer, true/false): a term needs no
# coercion for them, and a coercion would turn an integer written as a string into a typed string.
_NATIVE = {str(XSD.string), str(XSD.integer), str(XSD.boolean)}


def context_text(ontology: Graph | None = None) -> str:
    return json.dumps(render_context(ontology), ensure_ascii=False, indent=2) + "\n"


@cache
def published_context() -> dict[str, Any]:
    """The context as published in ontology/context.jsonld (its ``@context`` object)."""
    context: dict[str, Any] = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    return context


def prefixes() -> dict[str, str]:
    """Prefix → namespace: the ontology's declared prefixes and ``id`` (read from the context)."""
    return {k: v for k, v in published_context().items() if isinstance(v, str) and not k.startswith("@")}


# ---------------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------------

def _sorted(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads in one order (graph, subject, predicate, object): the same store gives the same bytes, and
    the Turtle writers group a subject's triples."""
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The named graphs merged: each triple once."""
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads},
                  key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _turtle(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(_triples(quads), format=ox.RdfFormat.TURTLE, prefixes=prefixes()) or b""


def _trig(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(_sorted(quads), format=ox.RdfFormat.TRIG, prefixes=prefixes()) or b""


def _ntriples(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(_triples(quads), format=ox.RdfFormat.N_TRIPLES) or b""


def _nquads(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(_sorted(quads), format=ox.RdfFormat.N_QUADS) or b""


class _Compactor:
    """Terms in their compact JSON-LD form under the published context."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.vocab: str = context["@vocab"]
        self.prefixes = sorted(((k, v) for k, v in context.items() if isinstance(v, str) and not k.startswith("@")),
                               key=lambda kv: -len(kv[1]))
        self.prefix_names = {k for k, _ in self.prefixes}
        self.terms = {k: v for k, v in context.items() if isinstance(v, dict)}

    def iri(self, value: str) -> str:
        """A compact IRI (``id:task/x``) where a declared prefix fits, else the IRI itself."""
        for prefix, ns in self.prefixes:
            if value.startswith(ns) and value != ns and _COMPACTABLE.fullmatch(value[len(ns):]):
                return f"{prefix}:{value[len(ns):]}"
        return value

    def node(self, term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
        """A subject's ``@id``; RDF 1.2 triple terms have no JSON-LD 1.1 form (the graph has none)."""
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        raise PolicyGraphError(f"a triple term as a subject cannot be written in JSON-LD 1.1: {term}")

    def vocab_iri(self, value: str) -> str:
        """A class or property: its short name in the pg: vocabulary, else a compact IRI."""
        name = value[len(self.vocab):]
        if value.startswith(self.vocab) and _TERM_NAME.fullmatch(name) and name not in self.prefix_names:
            return name
        return self.iri(value)

    def key(self, predicate: str) -> str:
        return "@type" if predicate == RDF_TYPE else self.vocab_iri(predicate)

    def value(self, key: str, term: Any) -> Any:
        """An object as the shortest form that reads back as the same term under ``key``'s definition."""
        coerced = self.terms.get(key, {}).get("@type")
        language = self.terms.get(key, {}).get("@language")
        if key == "@type":
            return self.vocab_iri(term.value)
        if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Triple):
            node = self.node(term)
            return node if coerced == "@id" else {"@id": node}
        if term.language and term.language == language:
            return term.value
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if coerced is not None and coerced != "@id" and self.iri(datatype) == coerced:
            return term.value
        native = _NATIVE_VALUE.get(datatype)
        if coerced is None and native is not None and (found := native(term.value)) is not None:
            return found
        if datatype == str(XSD.string):
            return {"@value": term.value} if coerced is not None or language is not None else term.value
        return {"@value": term.value, "@type": self.iri(datatype)}


# A local name that a compact IRI may carry as it is (JSON-LD reads anything after the prefix, but a
# suffix starting with // would be taken for an absolute IRI).
_COMPACTABLE = re.compile(r"(?!//)[^\s\"<>{}|\\^`]+")
_TERM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _integer(lexical: str) -> int | None:
    """An xsd:integer whose lexical form is the canonical one (so writing the number keeps it)."""
    return int(lexical) if re.fullmatch(r"-?(0|[1-9][0-9]*)", lexical) else None


def _boolean(lexical: str) -> bool | None:
    return {"true": True, "false": False}.get(lexical)


_NATIVE_VALUE: dict[str, Callable[[str], Any]] = {str(XSD.integer): _integer, str(XSD.boolean): _boolean}


def _nodes(quads: Iterable[ox.Quad], compact: _Compactor) -> list[dict[str, Any]]:
    """One node object per subject, its properties' values in a list when there are several."""
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        key = compact.key(q.predicate.value)
        nodes[compact.node(q.subject)][key].append(compact.value(key, q.object))
    return [{"@id": subject, **{k: v[0] if len(v) == 1 else v for k, v in props.items()}}
            for subject, props in nodes.items()]


def compact_jsonld(quads: Iterable[ox.Quad], context: dict[str, Any] | None = None) -> bytes:
    """Compact JSON-LD with the context inline (default: the published file's): the default graph's
    nodes at the top, each named graph as ``{"@id": graph, "@graph": [...]}``."""
    context = context if context is not None else published_context()
    compact = _Compactor(context)
    by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in _sorted(quads):
        by_graph["" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value].append(q)
    top: list[dict[str, Any]] = _nodes(by_graph.pop("", []), compact)
    top.extend({"@id": compact.iri(graph), "@graph": _nodes(members, compact)} for graph, members in by_graph.items())
    document = {"@context": context, "@graph": top}
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


WRITERS: dict[ExportFormat, Callable[[list[ox.Quad]], bytes]] = {
    ExportFormat.TTL: _turtle, ExportFormat.TRIG: _trig, ExportFormat.NT: _ntriples, ExportFormat.NQ: _nquads,
    ExportFormat.JSONLD: compact_jsonld}


def export(quads: Iterable[ox.Quad], format: ExportFormat) -> bytes:
    """The quads in ``format``: ttl and nt merge the named graphs, nq, trig and jsonld keep them."""
    return WRITERS[format](list(quads))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write ontology/context.jsonld from the ontology")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = context_text()
    if args.check:
        current = CONTEXT_PATH.read_text(encoding="utf-8") if CONTEXT_PATH.exists() else ""
        if current != text:
            print(f"{CONTEXT_PATH} is out of date: run python -m graph.export", file=sys.stderr)
            return 1
        return 0
    CONTEXT_PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
