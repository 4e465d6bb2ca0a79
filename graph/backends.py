"""The two query backends behind one interface: the embedded store (SPARQL) and Neo4j (Cypher).

A named query runs on either and returns rows with the same columns and the same values, so
callers (CLI, API, tests) never care which one answers. Parameters always travel as parameters:
SPARQL substitutions on pyoxigraph, driver parameters on Neo4j.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from decimal import Decimal
from typing import Any, Literal, Protocol

import pyoxigraph as ox

from graph.assignmentview import AssignmentView, Source
from graph.binding import sparql_value, with_values
from graph.neo4j import Neo4jGraph
from graph.store import GraphStore
from graph.textindex import TextIndex
from policygraph.errors import BackendUnavailable, BadRequest, QueryTimedOut, StoreError
from queries.registry import WINDOW, NamedQuery, store_statement

BackendName = Literal["embedded", "neo4j"]
Row = dict[str, Any]


class Backend(Protocol):
    name: BackendName
    # The store generation every answer comes from; None where it is not one fixed generation.
    generation: str | None

    def run(self, query: NamedQuery, params: dict[str, str | None]) -> list[Row]: ...


def check_params(query: NamedQuery, params: dict[str, str | None]) -> dict[str, str | None]:
    """Only declared parameters, required ones present; raises BadRequest otherwise."""
    unknown = sorted(set(params) - {p.name for p in query.params})
    if unknown:
        raise BadRequest(f"query {query.name} has no parameter {', '.join(unknown)}")
    out: dict[str, str | None] = {}
    for p in query.params:
        value = params.get(p.name)
        if value in (None, "") and p.required:
            raise BadRequest(f"query {query.name} needs the parameter {p.name} ({p.description})")
        if value and p.type == "date" and not is_date(value):
            raise BadRequest(f"query {query.name}: {p.name}={value!r} is not a date (YYYY-MM-DD)")
        if value and p.type == "integer" and not re.fullmatch(r"\d{1,9}", value):
            raise BadRequest(f"query {query.name}: {p.name}={value!r} is not a whole number (0 or more)")
        out[p.name] = value or None
    return out


def is_date(value: str) -> bool:
    """A real calendar day written YYYY-MM-DD (``2025-13-40`` is not one)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def plain(value: Any) -> Any:
    """Neo4j values made comparable: floats for numbers with a fraction, lists as lists."""
    if isinstance(value, Decimal):
        return float(value)
    return value


class EmbeddedBackend:
    """SPARQL over one generation of the store. A generation never changes once written, so
    answers are cached (LRU, ``cache_size`` entries; 0 turns it off) for as long as this backend
    holds it; a new load is seen by opening a new backend."""

    name: BackendName = "embedded"

    def __init__(self, store: GraphStore, cache_size: int = 0) -> None:
        self.graph_store = store
        generation, self.store = store.open_generation()
        self.generation: str | None = generation.name
        self.text_index = TextIndex.of(generation)
        self.assignments = AssignmentView.of(generation)
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, tuple[tuple[str, str | None], ...]], list[Row]] = OrderedDict()
        self._lock = threading.Lock()

    def run(self, query: NamedQuery, params: dict[str, str | None]) -> list[Row]:
        """The query's rows; for a windowed query (``offset``, ``limit``), the window of the whole
        answer, which is what is evaluated and cached: SPARQL takes no parameter in LIMIT, and the
        pages of one answer then share its cache entry."""
        bound = check_params(query, params)
        viewed = self._from_view(query, bound)
        if viewed is not None:
            return viewed
        if not query.windowed:
            return self._answer(query, bound)
        offset, limit = (bound.pop(p) for p in WINDOW)
        rows = self._answer(query, bound)
        start = int(offset or 0)
        return rows[start:] if limit is None else rows[start:start + int(limit)]

    def _from_view(self, query: NamedQuery, bound: dict[str, str | None]) -> list[Row] | None:
        """The query's rows from the generation's assignment view (graph/assignmentview.py), which
        reads a page of a body's rows without joining or sorting the others; None when the query
        has no view, or the generation none that can be read."""
        if query.view is None or self.assignments is None:
            return None
        sources = self._assignment_sources(bound["id"] or "")
        role = bound.get("role")
        if query.view == "assignment counts":
            rows = self.assignments.counts(sources, role)
        else:
            limit = bound.get("limit")
            rows = self.assignments.window(sources, role, int(bound.get("offset") or 0),
                                           None if limit is None else int(limit))
        return None if rows is None else [{c: r[c] for c in query.columns} for r in rows]

    def _assignment_sources(self, agency_id: str) -> list[Source]:
        """Whose rows of the view an agency's answer holds: read from the graph, since membership
        and group names are shared facts that move without any document being rewritten."""
        text = with_values(store_statement("assignment_sources"), {"id": agency_id})
        try:
            solutions = self.store.query(text, use_default_graph_as_union=True)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"the assignment view's sources could not be read: {exc}") from exc
        assert isinstance(solutions, ox.QuerySolutions), "assignment_sources is a SELECT query"
        found = {(sparql_value(s["via_group"]) or "", sparql_value(s["via_group_name"]) or "") for s in solutions}
        return [Source(group or agency_id, group or None, name or None) for group, name in sorted(found)]

    def _answer(self, query: NamedQuery, bound: dict[str, str | None]) -> list[Row]:
        if not self.cache_size:
            return self._evaluate(query, bound)
        key = (query.name, tuple(sorted(bound.items())))
        with self._lock:
            rows = self._cache.get(key)
            if rows is not None:
                self._cache.move_to_end(key)
        if rows is None:
            rows = self._evaluate(query, bound)
            with self._lock:
                self._cache[key] = rows
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return [dict(r) for r in rows]

    def _narrowings(self, query: NamedQuery, bound: dict[str, str | None]) -> list[dict[str, list[str]]]:
        """The node sets to bind the query's narrowed variable to, tried in turn until one gives
        the whole answer; ``{}`` binds nothing (the query scans). Shortest first: a query that
        keeps its first ``limit`` rows by length of text needs only the shortest candidates if
        ``limit`` of them pass its own check. The index's phrase match and the query's check
        differ only in rare tokenisation, so a quarter more than ``limit`` nearly always does: at
        tier L a phrase found in 29,000 texts is checked in 626 of them."""
        if query.narrow is None or self.text_index is None:
            return [{}]
        found = self.text_index.nodes(bound.get(query.narrow.param) or "")
        if found is None:
            return [{}]
        var = query.narrow.variable
        tries: list[dict[str, list[str]]] = []
        if query.narrow.shortest_first and query.limit and (first := found.shortest(query.limit + query.limit // 4)):
            tries.append({var: first})
        tries.append({var: found.nodes} if found.complete else {})
        return tries

    def _evaluate(self, query: NamedQuery, bound: dict[str, str | None]) -> list[Row]:
        *first, last = self._narrowings(query, bound)
        for values in first:
            rows = self._solve(query, bound, values)
            if query.limit is not None and len(rows) >= query.limit:
                return rows
        return self._solve(query, bound, last)

    def _solve(self, query: NamedQuery, bound: dict[str, str | None], values: dict[str, list[str]]) -> list[Row]:
        text = with_values(query.sparql, bound, values)
        try:
            solutions = self.store.query(text, use_default_graph_as_union=True,
                                         substitutions={ox.Variable(k): ox.Literal(v)
                                                        for k, v in bound.items() if v is not None})
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"query {query.name} failed on the embedded store: {exc}") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError(f"query {query.name} is not a SELECT query")
        return [{c: sparql_value(s[c]) for c in query.columns} for s in solutions]


class Neo4jBackend:
    name: BackendName = "neo4j"
    generation: str | None = None

    def __init__(self, graph: Neo4jGraph) -> None:
        self.graph = graph

    def run(self, query: NamedQuery, params: dict[str, str | None]) -> list[Row]:
        try:
            records = self.graph.read(query.cypher_answer, check_params(query, params))
        except QueryTimedOut as exc:  # a named query is ours: slow means the server is overloaded
            raise BackendUnavailable(f"Neo4j did not answer {query.name} in time; retry in a moment") from exc
        answer = records[0]["answer"] if records else []
        return [{c: plain(v) for c, v in zip(query.columns, row, strict=True)} for row in answer]
