"""Published as linked data: the IRIs of the data and of the ontology dereference, and /void describes
the dataset.

* ``/id/{kind}/{id}`` answers the node whose IRI is ``https://w3id.org/policygraph/id/{kind}/{id}`` (the
  data namespace ``PGD``: the w3id redirect sends those IRIs here): its own triples and the labels of
  the nodes it links to, as Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept``; a browser (which
  prefers HTML) is sent with 303 to the page of the node where the page has one. ``/id/graph/{…}``
  answers the triples of that named graph. Unknown IRIs are 404.
* ``/ontology`` (and ``/ontology/{version}`` for the current version) answers the ontology.
* ``/void`` answers a VoID and DCAT description of the dataset, its counts read from the store.

Formats are negotiated by the negotiator of /sparql (``graph.sparql_sandbox.negotiate``) and the
answers are written by its workers, so /id speaks the same formats as a CONSTRUCT on /sparql.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import Services, ServicesDep
from api.problems import PROBLEM
from api.routes.analyst import TRUNCATED
from graph.binding import with_values
from graph.export import ExportFormat, compact_jsonld, export, prefixes
from graph.rdf import iri
from graph.sparql_sandbox import (
    GRAPH_FORMATS,
    GRAPH_MEDIA,
    JSON_LD,
    N_TRIPLES,
    TURTLE,
    SparqlRequest,
    negotiate,
    parse_accept,
    workers,
)
from ontology.codegen import ONTOLOGY_IRI, ONTOLOGY_PATH, PG_NS, PGD_NS
from ontology.namespace import VERSION
from policygraph.errors import NotAcceptable, NotFound, StoreError
from queries.registry import store_statement

router = APIRouter(tags=["linked data"])

HTML = "text/html"
# What an IRI can be answered as: RDF, Turtle first (the answer to */* or to no Accept), and the page for
# a client that prefers HTML (a browser: text/html at q=1, application/xml and */* lower).
RDF_MEDIA: tuple[tuple[str, str], ...] = (
    (TURTLE, TURTLE), *((asked, given) for asked, given in GRAPH_MEDIA if given != TURTLE),
    ("application/turtle", TURTLE))
PAGE_MEDIA: tuple[tuple[str, str], ...] = (*RDF_MEDIA, (HTML, HTML), ("application/xhtml+xml", HTML))

# The kinds of data IRI the web page shows, and the route of the page (api/static/app.js, ``href``).
# Other kinds (sections, targets, spans ...) have no page of their own: a browser gets their RDF.
PAGE_OF_KIND = {"document": "document", "task": "task", "agency": "agency"}
GRAPH_KIND = "graph"   # /id/graph/{…}: a named graph, answered with its triples

# The licence of the data and of the ontology (also dcterms:license in ontology/policygraph.ttl): the
# documents are public State and Party texts; what this project reads from them may be reused with
# attribution.
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DATASET_IRI = "https://w3id.org/policygraph/void#dataset"
VOCABULARIES = (PG_NS, "http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#",
                "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/")
DUMP_FORMATS = {"nq": "application/n-quads", "trig": "application/trig", "ttl": TURTLE}


def _chosen(request: Request, offers: Sequence[tuple[str, str]], what: str) -> str:
    media = negotiate(parse_accept(request.headers.get("accept")), offers)
    if media is None:
        canonical = ", ".join(dict.fromkeys(given for _, given in offers))
        raise NotAcceptable(f"{what} is written in {canonical}: none of them is acceptable")
    return media


def _store_dir(svc: Services) -> str:
    current = svc.store.current_dir()
    if current is None:
        raise StoreError(f"no graph loaded yet in {svc.store.root}: run `policygraph ingest` first")
    return str(current / "oxigraph")


def _ask(svc: Services, statement: str, variable: str, node: str) -> bool:
    """A store statement's ASK answer with ``variable`` bound to the IRI ``node``."""
    text = with_values(store_statement(statement), {}, {variable: [node]})
    answer = workers.answer(_store_dir(svc), SparqlRequest(text=text))
    return bool(json.loads(answer.data)["boolean"])


def _select(svc: Services, statement: str) -> list[dict[str, Any]]:
    """A store statement's SELECT rows as {variable: SPARQL JSON term}."""
    answer = workers.answer(_store_dir(svc), SparqlRequest(text=store_statement(statement)))
    rows: list[dict[str, Any]] = json.loads(answer.data)["results"]["bindings"]
    return rows


class NodeView(NamedTuple):
    """How one kind of IRI is looked up and described: the store statements and the variable they bind."""

    known: str
    describe: str
    variable: str


NODE = NodeView("node_known", "describe", "node")
GRAPH = NodeView("graph_known", "graph_contents", "graph")


KIND = re.compile(r"[a-z][a-z-]*")   # the kinds graph.rdf.iri is called with: document, task, graph ...


def _data_iri(kind: str, ident: str) -> str:
    """The data IRI ``/id/{kind}/{ident}`` stands for; NotFound when no IRI the data mints could be it."""
    if KIND.fullmatch(kind):
        try:
            return ox.NamedNode(str(iri(kind, ident))).value
        except ValueError:  # a character no IRI may hold, even percent-encoded by graph.rdf.iri
            pass
    raise NotFound(f"no node {PGD_NS}{kind}/{ident} in the graph")


def _page(request: Request, kind: str, ident: str) -> str | None:
    page = PAGE_OF_KIND.get(kind)
    return f"{request.base_url}#/{page}/{quote(ident, safe='')}" if page else None


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


RDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "RDF by Accept", "content": {media: {} for media in dict.fromkeys(m for _, m in RDF_MEDIA)}},
    406: _problem("the Accept header allows no format this answer can be written in")}
ID_RESPONSES: dict[int | str, dict[str, Any]] = {
    **RDF_RESPONSES, 303: {"description": "a browser: the page of the node (documents, tasks, agencies)"}}


@router.get("/id/{kind}/{ident:path}",
            summary="Dereference a data IRI: the node's description by Accept, or its page (303)",
            responses=ID_RESPONSES)
def describe(kind: str, ident: str, svc: ServicesDep, request: Request) -> Response:
    """The IRI ``PGD + kind/ident`` as the data mints it (``graph.rdf.iri``: the same percent-encoding)."""
    node = _data_iri(kind, ident)
    view = GRAPH if kind == GRAPH_KIND else NODE
    page = _page(request, kind, ident)
    media = _chosen(request, PAGE_MEDIA if page else RDF_MEDIA, f"the description of {node}")
    if not _ask(svc, view.known, view.variable, node):
        raise NotFound(f"no node {node} in the graph")
    if media == HTML and page:
        return RedirectResponse(page, status_code=303, headers={"Vary": "Accept"})
    text = with_values(store_statement(view.describe), {}, {view.variable: [node]})
    answer = workers.answer(_store_dir(svc), SparqlRequest(text=text, accept=((media, 1.0),)))
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers[TRUNCATED] = "true"
    return Response(answer.data, media_type=answer.media_type, headers=headers)


def _serialise(triples: list[ox.Triple], media: str, names: dict[str, str] | None = None) -> bytes:
    """Triples as the negotiated format: JSON-LD compact under the published context, the others with
    ``names`` as prefixes (default: the project's, as ``policygraph export`` writes them)."""
    if media == JSON_LD:
        return compact_jsonld(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return ox.serialize(triples, format=GRAPH_FORMATS[media],
                        prefixes=None if media == N_TRIPLES else names or prefixes()) or b""


def _ontology_answer(request: Request) -> Response:
    media = _chosen(request, RDF_MEDIA, "the ontology")
    if media == TURTLE:   # the file itself, with its comments
        return Response(ONTOLOGY_PATH.read_bytes(), media_type=TURTLE, headers={"Vary": "Accept"})
    triples = list(ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE))
    return Response(_serialise(triples, media), media_type=media, headers={"Vary": "Accept"})


@router.get("/ontology", responses=RDF_RESPONSES,
            summary="The ontology (Turtle, N-Triples, JSON-LD, RDF/XML)")
def ontology(request: Request) -> Response:
    return _ontology_answer(request)


@router.get("/ontology/{version}", responses=RDF_RESPONSES,
            summary="The ontology at its owl:versionIRI")
def ontology_version(version: str, request: Request) -> Response:
    if version != VERSION:
        raise NotFound(f"this server publishes version {VERSION} of the ontology, not {version!r}")
    return _ontology_answer(request)


# ---------------------------------------------------------------------------------------------------
# VoID and DCAT
# ---------------------------------------------------------------------------------------------------

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VOID_PREFIXES = {"void": VOID, "dcat": DCAT, "dcterms": DCTERMS, "xsd": XSD, "pg": PG_NS, "id": PGD_NS}
TITLES = (("policygraph: lineage and responsibility in Vietnamese social-policy documents", "en"),
          ("policygraph: dòng văn bản và trách nhiệm thực hiện chính sách xã hội", "vi"))
TOTALS = {"triples": "triples", "entities": "entities", "distinctSubjects": "subjects",
          "distinctObjects": "objects", "properties": "properties", "classes": "classes"}


def _part(name: str) -> ox.NamedNode:
    """A node of the description itself (the service, a distribution, a class partition): a fragment of
    the dataset's document, so that the same store is always described by the same triples."""
    return ox.NamedNode(f"{DATASET_IRI.split('#')[0]}#{name}")


def _count(term: dict[str, Any]) -> ox.Literal:
    return ox.Literal(term["value"], datatype=ox.NamedNode(XSD + "integer"))


class _Description:
    """Triples about the dataset, written with short helpers."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def typed(self, s: ox.NamedNode, *classes: str) -> None:
        for c in classes:
            self.triples.append(ox.Triple(s, RDF_TYPE, ox.NamedNode(c)))


def void_triples(svc: Services, base: str) -> list[ox.Triple]:
    """The VoID + DCAT description of the current generation, ``base`` the server's own URL (for the
    SPARQL endpoint and the dumps). Raises StoreError when nothing is loaded."""
    d, dataset = _Description(), ox.NamedNode(DATASET_IRI)
    d.typed(dataset, VOID + "Dataset", DCAT + "Dataset")
    for title, lang in TITLES:
        d.add(dataset, DCTERMS + "title", ox.Literal(title, language=lang))
    d.add(dataset, DCTERMS + "license", ox.NamedNode(LICENSE))
    d.add(dataset, DCTERMS + "conformsTo", ox.NamedNode(str(ONTOLOGY_IRI)))
    manifest = svc.store.manifest()
    if manifest is not None:
        d.add(dataset, DCAT + "version", ox.Literal(manifest.generation))
        modified = dt.datetime.fromtimestamp(manifest.loaded_at, dt.UTC).replace(microsecond=0)
        d.add(dataset, DCTERMS + "modified", ox.Literal(modified.isoformat(), datatype=ox.NamedNode(XSD + "dateTime")))
    d.add(dataset, VOID + "uriSpace", ox.Literal(PGD_NS))
    for vocabulary in VOCABULARIES:
        d.add(dataset, VOID + "vocabulary", ox.NamedNode(vocabulary))
    endpoint = ox.NamedNode(f"{base}sparql")
    d.add(dataset, VOID + "sparqlEndpoint", endpoint)
    service = _part("sparql")
    d.typed(service, DCAT + "DataService")
    d.add(service, DCAT + "endpointURL", endpoint)
    d.add(service, DCAT + "servesDataset", dataset)
    d.add(dataset, DCAT + "accessService", service)
    for ext, media in DUMP_FORMATS.items():
        dump = ox.NamedNode(f"{base}dump.{ext}")
        d.add(dataset, VOID + "dataDump", dump)
        distribution = _part(f"dump-{ext}")
        d.typed(distribution, DCAT + "Distribution")
        d.add(distribution, DCAT + "downloadURL", dump)
        d.add(distribution, DCAT + "mediaType", ox.NamedNode(f"https://www.iana.org/assignments/media-types/{media}"))
        d.add(distribution, DCTERMS + "license", ox.NamedNode(LICENSE))
        d.add(dataset, DCAT + "distribution", distribution)
    totals = _select(svc, "void_totals")[0]
    for prop, column in TOTALS.items():
        d.add(dataset, VOID + prop, _count(totals[column]))
    for row in _select(svc, "void_classes"):
        partition = _part("class-" + quote(row["class"]["value"].removeprefix(PG_NS), safe=""))
        d.add(dataset, VOID + "classPartition", partition)
        d.add(partition, VOID + "class", ox.NamedNode(row["class"]["value"]))
        d.add(partition, VOID + "entities", _count(row["entities"]))
    for row in _select(svc, "void_graphs"):
        graph = ox.NamedNode(row["graph"]["value"])
        d.add(dataset, VOID + "subset", graph)
        d.typed(graph, VOID + "Dataset")
        d.add(graph, VOID + "triples", _count(row["triples"]))
    return sorted(d.triples, key=lambda t: (t.subject != dataset, str(t.subject)))


@router.get("/void", responses=RDF_RESPONSES,
            summary="VoID and DCAT description of the dataset")
def void(svc: ServicesDep, request: Request) -> Response:
    media = _chosen(request, RDF_MEDIA, "the dataset description")
    data = _serialise(void_triples(svc, str(request.base_url)), media, VOID_PREFIXES)
    return Response(data, media_type=media, headers={"Vary": "Accept"})


@router.get("/dump.{ext}", summary="The whole dataset (N-Quads, TriG or Turtle), as `policygraph export` writes it",
            responses={200: {"description": "the dataset", "content": {m: {} for m in DUMP_FORMATS.values()}}})
def dump(ext: str, svc: ServicesDep) -> Response:
    if ext not in DUMP_FORMATS:
        raise NotFound(f"no dump .{ext}: the dumps are " + ", ".join(f"dump.{e}" for e in DUMP_FORMATS))
    if svc.store.current_dir() is None:
        raise StoreError(f"no graph loaded yet in {svc.store.root}: run `policygraph ingest` first")
    return Response(export(svc.store.open_current(), ExportFormat(ext)), media_type=DUMP_FORMATS[ext])
