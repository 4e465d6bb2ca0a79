"""Analysts: the named query library, read-only SPARQL (embedded store) and read-only Cypher (Neo4j)."""

from __future__ import annotations

import re
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import ServicesDep
from api.models import QueryInfo, QueryResult
from policygraph.errors import BadRequest, QueryRefused
from queries.registry import get, library

router = APIRouter(tags=["analysts"])
MAX_QUERY = 10_000
MAX_ROWS = 10_000
CYPHER_TIMEOUT_S = 10.0
# Stripped of comments and string literals before checking, so a keyword hidden in a comment or
# spelled in a string neither slips through nor trips the check.
_SPARQL_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_CYPHER_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|//[^\n]*|/\*[\s\S]*?\*/')
_SPARQL_FORBIDDEN = re.compile(r"\b(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD)\b", re.I)
_CYPHER_FORBIDDEN = re.compile(r"\bLOAD\s+CSV\b|\bdbms\.|\bapoc\.|\bdb\.create|\bIN\s+TRANSACTIONS\b"
                               r"|\bgds\.|\bCALL\s+db\.(index\.fulltext\.(create|drop)|clear)", re.I)


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


def _check_sparql(text: str) -> None:
    if len(text) > MAX_QUERY:
        raise BadRequest(f"query longer than {MAX_QUERY} characters")
    bare = _SPARQL_STRINGS.sub(" ", text)
    if _SPARQL_FORBIDDEN.search(bare):
        raise QueryRefused("only read-only SPARQL queries are accepted here: no updates, LOAD or SERVICE")


def _sparql(svc: ServicesDep, text: str) -> Response:
    _check_sparql(text)
    store = svc.store.open_current()
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise BadRequest(f"not a SPARQL 1.1 query: {exc}") from exc
    if isinstance(result, ox.QueryTriples):
        data = result.serialize(format=ox.RdfFormat.N_TRIPLES)
        return Response(data, media_type="application/n-triples")
    data = result.serialize(format=ox.QueryResultsFormat.JSON)
    return Response(data, media_type="application/sparql-results+json")


@router.get("/sparql", summary="SPARQL 1.1 protocol: queries only (updates are refused)",
            responses={200: {"content": {"application/sparql-results+json": {}}}})
def sparql_get(svc: ServicesDep, query: Annotated[str, Query(max_length=MAX_QUERY)]) -> Response:
    return _sparql(svc, query)


@router.post("/sparql", summary="SPARQL 1.1 protocol over POST (form or application/sparql-query)",
             responses={200: {"content": {"application/sparql-results+json": {}}}})
async def sparql_post(svc: ServicesDep, request: Request) -> Response:
    kind = request.headers.get("content-type", "").split(";")[0].strip()
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
    bare = _CYPHER_STRINGS.sub(" ", body.query)
    if _CYPHER_FORBIDDEN.search(bare) or ";" in bare.strip().rstrip(";"):
        raise QueryRefused("only single read-only Cypher statements are accepted: no LOAD CSV, admin, APOC or "
                           "batched procedures")
    rows = svc.neo4j.read(body.query, body.params, timeout=CYPHER_TIMEOUT_S, limit=MAX_ROWS + 1)
    return CypherResult(rows=rows[:MAX_ROWS], truncated=len(rows) > MAX_ROWS)
