"""The named query library: each query is data (name, description, parameters, columns, example)
and exists twice, ``cypher/NAME.cypher`` and ``sparql/NAME.rq``, with the same parameters and
result columns. Headers are comment lines ``// key: value`` (Cypher) or ``# key: value`` (SPARQL).

Also holds the internal statements of the Neo4j sync (``sync/*.cypher``). No query text lives in
Python code; values always travel as parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, NamedTuple

from policygraph.errors import NotFound

Language = Literal["cypher", "sparql"]
_HEADER = re.compile(r"^(?://|#)\s*(\w+)\s*:\s*(.*)$")


ParamType = Literal["text", "date", "integer"]
# ``view: NAME`` in a SPARQL header: the embedded store may answer the query from one of these
# views of a generation instead of from its graph, with the same rows (graph/backends.py).
VIEWS = frozenset({"assignment window", "assignment counts"})
# A query that takes both of these answers a window of its rows in its own order: ``offset`` rows
# skipped, at most ``limit`` kept (every row without them). The API's pages ask for one window.
WINDOW = ("offset", "limit")


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    required: bool
    type: ParamType = "text"  # a date is YYYY-MM-DD, an integer 0 or more; checked before any backend sees it


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    example: dict[str, str]
    cypher: str
    sparql: str
    narrow: Narrow | None = None
    # a view of the embedded store that answers the query in its place (see ``VIEWS``)
    view: str | None = None
    limit: int | None = None  # the query's own LIMIT: at most this many rows, whatever the graph

    @property
    def windowed(self) -> bool:
        """Whether the query takes ``offset`` and ``limit`` (see ``WINDOW``)."""
        return set(WINDOW) <= {p.name for p in self.params}

    def text(self, language: Language) -> str:
        return self.cypher if language == "cypher" else self.sparql

    @property
    def cypher_answer(self) -> str:
        """The Cypher with its rows gathered into one record, ``answer``: a list of rows in column
        order and in the query's order. The Python driver builds and reads every record on its own;
        at tier L the 1,049 rows of one agency_assignments took 140 ms as rows and 63 ms as one
        record. A named query's answer is bounded by the graph, never by the caller."""
        columns = ", ".join(f"`{c}`" for c in self.columns)
        return f"CALL () {{\n{self.cypher}\n}}\nRETURN collect([{columns}]) AS answer"

    @property
    def sparql11(self) -> str:
        """The SPARQL in plain SPARQL 1.1, for stores without ``LATERAL`` (see ``sparql11``)."""
        return sparql11(self.sparql)


_LATERAL = re.compile(r"\bLATERAL\s*\{")


def _closing(text: str, opening: int) -> int:
    """The index of the brace that closes the one at ``opening`` (strings and IRIs skipped)."""
    depth, i = 0, opening
    while i < len(text):
        c = text[i]
        if c in "\"<":
            end = text.find(">" if c == "<" else c, i + 1)
            i = end if c == '"' or (end != -1 and " " not in text[i:end]) else i
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced braces in a named SPARQL query")


def sparql11(text: str) -> str:
    """``text`` with each ``LATERAL { OPTIONAL { P } }`` written ``OPTIONAL { P }`` and each
    ``LATERAL { P }`` written ``{ P }``: the same answers, evaluated bottom-up.

    The named queries use ``LATERAL`` (SPARQL 1.2 proposal SEP-0006, implemented by Oxigraph) so
    that the embedded store evaluates a group once per row from the bindings so far; a plain
    ``OPTIONAL`` is evaluated over the whole graph and joined after (``task`` at 1,000 documents:
    48 ms → 2 ms). Every use in the library is of a group whose answers do not depend on being
    evaluated per row, so the two forms agree; a test holds them to it on the corpus.
    """
    m = _LATERAL.search(text)
    if not m:
        return text
    opening = m.end() - 1
    closing = _closing(text, opening)
    inner = sparql11(text[opening + 1:closing]).strip()
    optional = re.match(r"OPTIONAL\s*\{", inner)
    if optional and _closing(inner, optional.end() - 1) == len(inner) - 1:
        replacement = inner
    else:
        replacement = "{ " + inner + " }"
    return text[:m.start()] + replacement + sparql11(text[closing + 1:])


def _header(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            out.setdefault(m.group(1).lower(), []).append(m.group(2).strip())
    return out


def _params(values: list[str]) -> tuple[Param, ...]:
    """``param: id (required) a task, section or document id``, ``param: as_of (required, date)
    the day to answer for`` and ``param: limit (optional, integer) …`` lines."""
    params = []
    for value in values:
        m = re.match(r"^(\w+)\s*(?:\((required|optional)(?:,\s*(text|date|integer))?\))?\s*(.*)$", value)
        if m:
            kind: ParamType = "date" if m.group(3) == "date" else "integer" if m.group(3) == "integer" else "text"
            params.append(Param(m.group(1), m.group(4), m.group(2) != "optional", kind))
    return tuple(params)


class Narrow(NamedTuple):
    variable: str
    param: str
    shortest_first: bool


_NARROW = re.compile(r"^\?(\w+) by the text index on \?(\w+)(, shortest first)?$")


def _narrow(values: list[str]) -> Narrow | None:
    """``narrow: ?n by the text index on ?q``: the embedded store may bind ``?n`` to the nodes its
    word index finds for the words of ``?q`` (graph/textindex.py); the query must keep checking
    each ``?n`` itself, since the index only narrows. ``, shortest first``: the query orders its
    rows by the length of the folded text first and has a LIMIT, so the store may try the
    shortest candidates alone before all of them."""
    if not values:
        return None
    m = _NARROW.match(values[0])
    if not m:
        raise ValueError(f"cannot read the narrow header {values[0]!r} "
                         "(expected '?n by the text index on ?q[, shortest first]')")
    return Narrow(m.group(1), m.group(2), bool(m.group(3)))


def _view(name: str, values: list[str]) -> str | None:
    if values and values[0] not in VIEWS:
        raise ValueError(f"query {name}: no view {values[0]!r} (known: {', '.join(sorted(VIEWS))})")
    return values[0] if values else None


_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$")


def _limit(name: str, cypher: str, sparql: str) -> int | None:
    """The LIMIT that ends both forms of a query, which must agree."""
    limits = {language: int(m.group(1)) if (m := _LIMIT.search(text.strip())) else None
              for language, text in (("cypher", cypher), ("sparql", sparql))}
    if limits["cypher"] != limits["sparql"]:
        raise ValueError(f"query {name}: the Cypher and SPARQL forms end with different LIMITs {limits}")
    return limits["sparql"]


def _example(values: list[str]) -> dict[str, str]:
    pairs = [p.split("=", 1) for v in values for p in v.split("&") if "=" in p]
    return {k.strip(): v.strip() for k, v in pairs}


@cache
def library() -> dict[str, NamedQuery]:
    """Every named query, checked: both languages present, same parameters and columns."""
    base = resources.files("queries")
    out: dict[str, NamedQuery] = {}
    for entry in sorted(base.joinpath("cypher").iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".cypher"):
            continue
        name = entry.name.removesuffix(".cypher")
        cypher = entry.read_text(encoding="utf-8")
        sparql = base.joinpath("sparql", f"{name}.rq").read_text(encoding="utf-8")
        hc, hs = _header(cypher), _header(sparql)
        narrow, limit = _narrow(hs.get("narrow", [])), _limit(name, cypher, sparql)
        if narrow and narrow.shortest_first and limit is None:
            raise ValueError(f"query {name}: narrowing 'shortest first' needs the query to end with a LIMIT")
        for key in ("param", "columns"):
            if hc.get(key) != hs.get(key):
                raise ValueError(f"query {name}: the Cypher and SPARQL headers disagree on {key}")
        out[name] = NamedQuery(
            name=name, description=" ".join(hc.get("description", [])), params=_params(hc.get("param", [])),
            columns=tuple(c.strip() for c in ",".join(hc.get("columns", [])).split(",") if c.strip()),
            example=_example(hc.get("example", [])), cypher=cypher, sparql=sparql,
            narrow=narrow, view=_view(name, hs.get("view", [])), limit=limit)
    return out


def get(name: str) -> NamedQuery:
    try:
        return library()[name]
    except KeyError:
        raise NotFound(f"no named query {name!r}; see the list with `policygraph query --list`") from None


@cache
def store_statement(name: str) -> str:
    """A SPARQL statement the embedded store runs for itself (``queries/store/NAME.rq``)."""
    return resources.files("queries").joinpath("store", f"{name}.rq").read_text(encoding="utf-8")


@cache
def sync_statement(name: str) -> str:
    """A statement of the Neo4j sync (``queries/sync/NAME.cypher``)."""
    return resources.files("queries").joinpath("sync", f"{name}.cypher").read_text(encoding="utf-8")


def statements(text: str) -> list[str]:
    """The statements of a multi-statement file (separated by ';'), comments removed."""
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]
