"""Analysts: the named query library, read-only SPARQL (embedded store) and read-only Cypher (Neo4j).

Every analyst query passes the read-only checks of api/readonly.py; SPARQL then runs in the
sandbox of graph/sparql_sandbox.py (time and memory limits, a row cap), Cypher in a READ transaction
with a time limit and a row cap.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response
from neo4j.spatial import Point
from pydantic import BaseModel, Field

from api.deps import ServicesDep
from api.models import QueryInfo, QueryResult
from api.readonly import MAX_QUERY, check_cypher, check_sparql
from graph.sparql_sandbox import MAX_ROWS, N_TRIPLES, SPARQL_JSON, workers
from policygraph.errors import BadRequest, QueryRefused, StoreError
from queries.registry import get, library

router = APIRouter(tags=["analysts"])
CYPHER_TIMEOUT_S = 10.0
TRUNCATED = "Policygraph-Truncated"   # response header of a SPARQL answer cut at MAX_ROWS


@router.get("/queries", response_model=list[QueryInfo], summary="The named query library")
def list_queries() -> list[QueryInfo]:
    return [QueryInfo(name=q.name, description=q.description, columns=list(q.columns), example=q.example,
                      params=[{"name": p.name, "required": p.required, "description": p.description}
                              for p in q.params]) for q in library().values()]


@router.get("/queries/{name}", response_model=QueryResult, summary="Run a named query")
def run_query(name: str, svc: ServicesDep, request: Request) -> QueryResult:
    query = get(name)
    rows = svc.backend.run(query, dict(request.query_params))
    return QueryResult(name=name, backend=svc.backend.name, columns=list(query.columns), rows=rows[:MAX_ROWS])


def _sparql(svc: ServicesDep, text: str) -> Response:
    check_sparql(text)
    current = svc.store.current_dir()
    if current is None:
        raise StoreError(f"no graph loaded yet in {svc.store.root}: run `policygraph ingest` first")
    answer = workers.answer(str(current / "oxigraph"), text)
    headers = {TRUNCATED: "true"} if answer.truncated else {}
    return Response(answer.data, media_type=answer.media_type, headers=headers)


def _refuse_updates(request: Request) -> None:
    if "update" in request.query_params:
        raise QueryRefused("SPARQL updates are refused: this endpoint is read-only")


SPARQL_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "content": {SPARQL_JSON: {}, N_TRIPLES: {}},
    "headers": {TRUNCATED: {"description": f"'true' when the answer stops at {MAX_ROWS} rows (or triples)",
                            "schema": {"type": "string"}}}}}


@router.get("/sparql", summary="SPARQL 1.1 protocol: queries only (updates are refused)",
            responses=SPARQL_RESPONSES)
def sparql_get(svc: ServicesDep, request: Request, query: Annotated[str, Query(max_length=MAX_QUERY)]) -> Response:
    _refuse_updates(request)
    return _sparql(svc, query)


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
        return _sparql(svc, body.decode("utf-8", errors="replace"))
    if kind == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            raise QueryRefused("SPARQL updates are refused: this endpoint is read-only")
        text = form.get("query")
        if isinstance(text, str):
            return _sparql(svc, text)
    raise BadRequest("send a SPARQL query as application/sparql-query or as a form field 'query'")


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
