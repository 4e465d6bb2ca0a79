"""Analysts: the named query library, read-only SPARQL (embedded store) and read-only Cypher (Neo4j).

Every analyst query passes the read-only checks of api/readonly.py; SPARQL then runs in the
sandbox of graph/sparql_sandbox.py (time and memory limits, a row cap), Cypher in a READ transaction
with a time limit and a row cap.

/sparql follows the SPARQL 1.1 Protocol: the format of the answer follows Accept (406 when none can be
written), a missing or malformed query is a 400, the dataset parameters override the query's FROM
clauses, and GET without a query answers the SPARQL 1.1 Service Description.
"""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response
from neo4j.spatial import Point
from pydantic import BaseModel, Field
from rdflib import RDF
from starlette.datastructures import FormData, QueryParams

from api.deps import PAGING_PARAMS, PagingDep, ServicesDep
from api.models import Page, QueryInfo, QueryResult
from api.problems import PROBLEM
from api.readonly import MAX_QUERY, check_cypher, check_sparql
from graph.sparql_sandbox import (
    CSV,
    GRAPH_FORMATS,
    GRAPH_MEDIA,
    JSON_LD,
    MAX_ROWS,
    N_TRIPLES,
    RDF_XML,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
    QueryDataset,
    SparqlRequest,
    negotiate,
    parse_accept,
    workers,
)
from policygraph.errors import BadRequest, MalformedQuery, NotAcceptable, QueryRefused, StoreError
from queries.registry import get, library

router = APIRouter(tags=["analysts"])
CYPHER_TIMEOUT_S = 10.0
TRUNCATED = "Policygraph-Truncated"   # response header of a SPARQL answer cut at MAX_ROWS


@router.get("/queries", response_model=Page[QueryInfo], summary="The named query library")
def list_queries(at: PagingDep) -> Page[QueryInfo]:
    """The library in name order: small and bounded (the files in queries/), counted whole."""
    infos = [QueryInfo(name=q.name, description=q.description, columns=list(q.columns), example=q.example,
                       params=[{"name": p.name, "required": p.required, "type": p.type, "description": p.description}
                               for p in q.params]) for q in library().values()]
    return Page[QueryInfo](total=len(infos), offset=at.offset, limit=at.limit,
                           items=infos[at.offset:at.offset + at.limit])


@router.get("/queries/{name}", response_model=QueryResult, summary="Run a named query",
            description="The query's own parameters go in the query string beside offset and limit; a date "
                        "parameter is YYYY-MM-DD (422 otherwise). The total counts the rows the query answers "
                        f"(at most {MAX_ROWS}).")
def run_query(name: str, svc: ServicesDep, request: Request, at: PagingDep) -> QueryResult:
    query = get(name)
    params: dict[str, str | None] = {k: v for k, v in request.query_params.items() if k not in PAGING_PARAMS}
    rows = svc.answer(query, params)[:MAX_ROWS]
    return QueryResult(name=name, backend=svc.backend_name, columns=list(query.columns), total=len(rows),
                       offset=at.offset, limit=at.limit, items=rows[at.offset:at.offset + at.limit])


def _dataset(params: QueryParams | FormData) -> QueryDataset:
    """The protocol's dataset parameters (repeatable) of a query string or a form."""
    return QueryDataset.of([str(v) for v in params.getlist("default-graph-uri")],
                           [str(v) for v in params.getlist("named-graph-uri")])


def _sparql(svc: ServicesDep, request: Request, text: str, dataset: QueryDataset) -> Response:
    """Answer a query in the format the client accepts (decided by the worker once it knows the query
    form); the answer varies with Accept, so caches are told."""
    if not text.strip():
        raise MalformedQuery("no query: send one as the parameter 'query' (GET or form) or as an "
                             "application/sparql-query body")
    check_sparql(text)
    current = svc.store.current_dir()
    if current is None:
        raise StoreError(f"no graph loaded yet in {svc.store.root}: run `policygraph ingest` first")
    asked = SparqlRequest(text=text, accept=parse_accept(request.headers.get("accept")), dataset=dataset)
    answer = workers.answer(str(current / "oxigraph"), asked)
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers[TRUNCATED] = "true"
    return Response(answer.data, media_type=answer.media_type, headers=headers)


def _refuse_updates(request: Request) -> None:
    if "update" in request.query_params:
        raise QueryRefused("SPARQL updates are refused: this endpoint is read-only")


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
# The W3C format IRIs (https://www.w3.org/ns/formats/) the service description names per media type.
FORMAT_IRIS = {SPARQL_JSON: "SPARQL_Results_JSON", SPARQL_XML: "SPARQL_Results_XML", CSV: "SPARQL_Results_CSV",
               TSV: "SPARQL_Results_TSV", TURTLE: "Turtle", N_TRIPLES: "N-Triples", JSON_LD: "JSON-LD",
               RDF_XML: "RDF_XML"}
# The description is Turtle unless the client asks for another RDF format.
DESCRIPTION_MEDIA = ((TURTLE, TURTLE), *((asked, given) for asked, given in GRAPH_MEDIA if given != TURTLE))
NAMED_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"


def _named_graphs(svc: ServicesDep) -> list[str]:
    """The store's named graphs, asked of a sandbox worker like any query (the server never opens the
    store itself)."""
    current = svc.store.current_dir()
    if current is None:
        return []
    answer = workers.answer(str(current / "oxigraph"), SparqlRequest(text=NAMED_GRAPHS))
    return [row["g"]["value"] for row in json.loads(answer.data)["results"]["bindings"]]


def _service_description(svc: ServicesDep, request: Request) -> Response:
    """SPARQL 1.1 Service Description of this endpoint: SPARQL 1.1 Query, the result formats, and the
    default dataset (its default graph the union of the named graphs, each named graph listed)."""
    media = negotiate(parse_accept(request.headers.get("accept")), DESCRIPTION_MEDIA)
    if media is None:
        raise NotAcceptable("the service description is written in " + ", ".join(GRAPH_FORMATS))
    service, dataset, default = ox.NamedNode(str(request.url.replace(query=""))), ox.BlankNode(), ox.BlankNode()
    a, sd = ox.NamedNode(str(RDF.type)), lambda name: ox.NamedNode(SD + name)
    triples = [ox.Triple(service, a, sd("Service")), ox.Triple(service, sd("endpoint"), service),
               ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
               *(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + name)) for name in FORMAT_IRIS.values()),
               ox.Triple(service, sd("defaultDataset"), dataset), ox.Triple(dataset, a, sd("Dataset")),
               ox.Triple(dataset, sd("defaultGraph"), default), ox.Triple(default, a, sd("Graph"))]
    for graph in _named_graphs(svc):
        named = ox.BlankNode()
        triples += [ox.Triple(dataset, sd("namedGraph"), named), ox.Triple(named, a, sd("NamedGraph")),
                    ox.Triple(named, sd("name"), ox.NamedNode(graph))]
    data = ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes={"sd": SD, "formats": FORMATS}) or b""
    return Response(data, media_type=media, headers={"Vary": "Accept"})


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


SPARQL_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "SELECT and ASK: SPARQL results (JSON, XML, CSV, TSV); CONSTRUCT and DESCRIBE, and the "
                         "service description: RDF (N-Triples, Turtle, JSON-LD, RDF/XML); by Accept",
          "content": {media: {} for media in FORMAT_IRIS},
          "headers": {TRUNCATED: {"description": f"'true' when the answer stops at {MAX_ROWS} rows (or triples)",
                                  "schema": {"type": "string"}}}},
    400: _problem_response("no query, a query that is not SPARQL 1.1, or a dataset parameter that is not an IRI"),
    406: _problem_response("the Accept header allows no format this answer can be written in"),
}
DefaultGraphUri = Annotated[list[str] | None, Query(
    alias="default-graph-uri", description="a graph IRI (repeatable); overrides the query's FROM")]
NamedGraphUri = Annotated[list[str] | None, Query(
    alias="named-graph-uri", description="a graph IRI (repeatable); overrides the query's FROM NAMED")]


@router.get("/sparql", summary="SPARQL 1.1 protocol: queries only (updates are refused); without a query, the "
            "service description", responses=SPARQL_RESPONSES)
def sparql_get(svc: ServicesDep, request: Request,
               query: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
               default_graph_uri: DefaultGraphUri = None, named_graph_uri: NamedGraphUri = None) -> Response:
    _refuse_updates(request)
    if query is None and not (default_graph_uri or named_graph_uri):
        return _service_description(svc, request)
    return _sparql(svc, request, query or "", _dataset(request.query_params))


@router.post("/sparql", summary="SPARQL 1.1 protocol over POST (form or application/sparql-query)",
             responses=SPARQL_RESPONSES)
async def sparql_post(svc: ServicesDep, request: Request) -> Response:
    _refuse_updates(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/sparql-update":
        raise QueryRefused("SPARQL updates are refused: this endpoint is read-only")
    body = await request.body()
    if len(body) > 4 * MAX_QUERY:
        raise BadRequest("request body too large")
    if kind == "application/sparql-query":
        return _sparql(svc, request, body.decode("utf-8", errors="replace"), _dataset(request.query_params))
    if kind == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            raise QueryRefused("SPARQL updates are refused: this endpoint is read-only")
        text = form.get("query")
        if isinstance(text, str):
            return _sparql(svc, request, text, _dataset(form))
    raise MalformedQuery("send a SPARQL query as application/sparql-query or as a form field 'query'")


def _plain(value: Any) -> Any:
    """A Neo4j value as JSON: dates, times and durations as ISO 8601 text, points as their SRID and
    coordinates, byte arrays as base64; a row holding any of them would otherwise fail to serialise."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if hasattr(value, "iso_format"):  # before tuples: a Duration is one
        return value.iso_format()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    return value


class CypherRequest(BaseModel):
    query: str = Field(max_length=MAX_QUERY, examples=["MATCH (t:Task)<-[:HOST]-(a:Agency) RETURN a.name, count(t) "
                                                       "AS tasks ORDER BY tasks DESC LIMIT 10"])
    params: dict[str, Any] = Field(default_factory=dict)


class CypherResult(BaseModel):
    rows: list[dict[str, Any]]
    truncated: bool


@router.post("/cypher", response_model=CypherResult, summary="Read-only Cypher on Neo4j")
def cypher(svc: ServicesDep, body: Annotated[CypherRequest, Body()]) -> CypherResult:
    if svc.neo4j is None:
        raise BadRequest("Cypher needs Neo4j: this server answers from the embedded store (set NEO4J_URI)")
    check_cypher(body.query)
    rows = svc.neo4j.read(body.query, body.params, timeout=CYPHER_TIMEOUT_S, limit=MAX_ROWS + 1)
    return CypherResult(rows=[_plain(row) for row in rows[:MAX_ROWS]], truncated=len(rows) > MAX_ROWS)
