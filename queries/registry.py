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
from typing import Literal

from policygraph.errors import NotFound

Language = Literal["cypher", "sparql"]
_HEADER = re.compile(r"^(?://|#)\s*(\w+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    required: bool


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    example: dict[str, str]
    cypher: str
    sparql: str

    def text(self, language: Language) -> str:
        return self.cypher if language == "cypher" else self.sparql


def _header(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            out.setdefault(m.group(1).lower(), []).append(m.group(2).strip())
    return out


def _params(values: list[str]) -> tuple[Param, ...]:
    """``param: id (required) a task, section or document id`` lines."""
    params = []
    for value in values:
        m = re.match(r"^(\w+)\s*(\((required|optional)\))?\s*(.*)$", value)
        if m:
            params.append(Param(m.group(1), m.group(4), m.group(3) != "optional"))
    return tuple(params)


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
        for key in ("param", "columns"):
            if hc.get(key) != hs.get(key):
                raise ValueError(f"query {name}: the Cypher and SPARQL headers disagree on {key}")
        out[name] = NamedQuery(
            name=name, description=" ".join(hc.get("description", [])), params=_params(hc.get("param", [])),
            columns=tuple(c.strip() for c in ",".join(hc.get("columns", [])).split(",") if c.strip()),
            example=_example(hc.get("example", [])), cypher=cypher, sparql=sparql)
    return out


def get(name: str) -> NamedQuery:
    try:
        return library()[name]
    except KeyError:
        raise NotFound(f"no named query {name!r}; see the list with `policygraph query --list`") from None


@cache
def sync_statement(name: str) -> str:
    """A statement of the Neo4j sync (``queries/sync/NAME.cypher``)."""
    return resources.files("queries").joinpath("sync", f"{name}.cypher").read_text(encoding="utf-8")


def statements(text: str) -> list[str]:
    """The statements of a multi-statement file (separated by ';'), comments removed."""
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]
