"""RDF → property graph: nodes and relationships for Neo4j, derived from the ontology.

Nothing here names a label or a relationship type: they come from the ontology's ``pg:neo4jLabel``
and ``pg:neo4jType`` annotations, so the property-graph view cannot drift from the model.
Qualified links become relationships with properties: an ``Assignment`` becomes
``(agency)-[:HOST {inherited, quote, …}]->(task)``, a ``Citation`` puts its quote on the
``IMPLEMENTS``/``CITES``/… relationship, and a node's ``pg:source`` span is flattened onto it
(``file``, ``lineStart``, ``lineEnd``, ``quote``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Graph

from ontology.namespace import DCTERMS, PG, PGD, SKOS

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PG = str(PG._NS)
_PGD = str(PGD)
# Relationships that read from the task to the agency; the other roles read agency → task.
TASK_TO_AGENCY = frozenset({"REPORTS_THROUGH"})
# Internal links of qualified nodes: folded into relationships, never relationships themselves.
_INTERNAL = frozenset({"hasAssignment", "agent", "role", "source", "sourceFile", "citing", "cited",
                       "primaryCitation"})


@dataclass(frozen=True)
class Mapping:
    labels: dict[str, str]          # class IRI → node label
    types: dict[str, str]           # object property or role IRI → relationship type

    def node_labels(self, classes: Iterable[str]) -> list[str]:
        return sorted({self.labels[c] for c in classes if c in self.labels})


@cache
def mapping() -> Mapping:
    onto = Graph().parse(data=resources.files("ontology").joinpath("policygraph.ttl").read_text("utf-8"),
                         format="turtle")
    labels = {str(s): str(o) for s, o in onto.subject_objects(PG.neo4jLabel)}
    types = {str(s): str(o) for s, o in onto.subject_objects(PG.neo4jType)}
    return Mapping(labels=labels, types=types)


@dataclass
class Node:
    iri: str
    labels: list[str]
    props: dict[str, Any]


@dataclass
class Relationship:
    type: str
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)


def _value(term: Any) -> Any:
    """A literal as a Neo4j-friendly Python value (decimals as floats, dates as ISO strings)."""
    value = term.value
    dtype = term.datatype.value if term.datatype is not None else ""
    if dtype.endswith("#integer"):
        return int(value)
    if dtype.endswith("#decimal") or dtype.endswith("#double"):
        return float(Decimal(value))
    if dtype.endswith("#boolean"):
        return value == "true"
    if dtype.endswith("#date"):
        return dt.date.fromisoformat(value).isoformat()
    return value


def _prop_name(predicate: str, term: Any) -> str:
    if predicate == str(DCTERMS.identifier):
        return "id"
    if predicate in (str(SKOS.prefLabel), RDFS_LABEL):
        return "nameEn" if getattr(term, "language", None) == "en" else "name"
    return predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def project(store: ox.Store) -> tuple[list[Node], list[Relationship]]:
    """The property graph of everything in the store (all named graphs together)."""
    return _project(store.quads_for_pattern(None, None, None, None))


def project_nodes(store: ox.Store, iris: Iterable[str]) -> tuple[list[Node], list[Relationship]]:
    """The part of the property graph that these nodes own: each node that still exists, with its
    properties, and the relationships it owns (see ``owner``), exactly as ``project`` gives them.
    Read from the nodes' own quads and those of the nodes folded into them (source spans and
    files, assignments and their routes, citations of them), plus the kinds of the nodes they link
    to: a cost that follows the number of nodes, not the size of the store."""
    wanted = set(iris)
    quads = _gather(store, wanted)
    nodes, rels = _project(quads)
    return [n for n in nodes if n.iri in wanted], [r for r in rels if owner(r) in wanted]


def owner(rel: Relationship) -> str:
    """The node whose quads a relationship comes from: its task for an assignment's relationship
    (agency → task, or task → agency for REPORTS_THROUGH), else its start."""
    if rel.type in assignment_types():
        return rel.start if rel.type in TASK_TO_AGENCY else rel.end
    return rel.start


@cache
def assignment_types() -> frozenset[str]:
    """The relationship types of the roles an agency holds in a task."""
    return frozenset(t for iri, t in mapping().types.items() if iri.endswith("Role"))


# Links whose objects fold into the subject (their quads are read with it).
_FOLDED = frozenset(f"{_PG}{name}" for name in ("source", "sourceFile", "hasAssignment", "routedBy"))


def _gather(store: ox.Store, nodes: set[str]) -> list[ox.Quad]:
    """The quads ``project`` needs to describe ``nodes`` and the relationships they own."""
    citing = ox.NamedNode(f"{_PG}citing")
    rdf_type = ox.NamedNode(RDF_TYPE)
    quads: list[ox.Quad] = []
    done: set[str] = set()
    typed: set[str] = set()
    todo = list(nodes)
    todo += [cast(ox.NamedNode, q.subject).value for n in nodes
             for q in store.quads_for_pattern(None, citing, ox.NamedNode(n))]
    while todo:
        node = todo.pop()
        if node in done:
            continue
        done.add(node)
        for quad in store.quads_for_pattern(ox.NamedNode(node), None, None, None):
            quads.append(quad)
            target = quad.object
            if isinstance(target, ox.NamedNode) and quad.predicate.value != RDF_TYPE:
                if quad.predicate.value in _FOLDED:
                    todo.append(target.value)
                elif target.value not in typed:
                    typed.add(target.value)
                    quads.extend(store.quads_for_pattern(target, rdf_type, None, None))
    return quads


def _project(quads: Iterable[ox.Quad]) -> tuple[list[Node], list[Relationship]]:
    m = mapping()
    types: dict[str, set[str]] = defaultdict(set)
    lits: dict[str, dict[str, Any]] = defaultdict(dict)
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for quad in quads:
        # the graph holds no quoted triples (RDF-star): subjects and objects are nodes or literals
        s, p = cast(ox.NamedNode, quad.subject).value, quad.predicate.value
        o = cast(ox.NamedNode | ox.Literal, quad.object)
        if p == RDF_TYPE:
            types[s].add(o.value)
        elif isinstance(o, ox.Literal):
            lits[s].setdefault(_prop_name(p, o), _value(o))
        else:
            links[s].append((p, o.value))
    spans = _spans(types, lits, links)
    nodes: dict[str, Node] = {}
    for s, classes in types.items():
        labels = m.node_labels(classes)
        if not labels:
            continue
        props = dict(lits[s])
        props.setdefault("id", s.removeprefix(_PGD))
        props.update(_source_props(s, links, spans))
        nodes[s] = Node(iri=s, labels=labels, props=props)
    rels = list(_relationships(m, nodes, types, lits, links, spans))
    return list(nodes.values()), rels


def _spans(types: dict[str, set[str]], lits: dict[str, dict[str, Any]],
           links: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, Any]]:
    files = {s: lits[s] for s, c in types.items() if f"{_PG}SourceFile" in c}
    spans = {}
    for s, classes in types.items():
        if f"{_PG}SourceSpan" not in classes:
            continue
        file_iri = next((o for p, o in links[s] if p == f"{_PG}sourceFile"), None)
        spans[s] = {"file": files.get(file_iri or "", {}).get("fileName"), "lineStart": lits[s].get("lineStart"),
                    "lineEnd": lits[s].get("lineEnd"), "quote": lits[s].get("quote")}
    return spans


def _source_props(s: str, links: dict[str, list[tuple[str, str]]],
                  spans: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The provenance of a node or qualified link: the first (stable order) of its source spans."""
    sources = sorted(o for p, o in links[s] if p == f"{_PG}source")
    return dict(spans[sources[0]]) if sources and sources[0] in spans else {}


def _relationships(m: Mapping, nodes: dict[str, Node], types: dict[str, set[str]],
                   lits: dict[str, dict[str, Any]], links: dict[str, list[tuple[str, str]]],
                   spans: dict[str, dict[str, Any]]) -> Iterator[Relationship]:
    citations: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for s, classes in types.items():
        if f"{_PG}Citation" in classes:
            out = dict(links[s])
            citations[(out.get(f"{_PG}citing", ""), lits[s].get("relation", ""), out.get(f"{_PG}cited", ""))].append(s)
    primaries = {o for outgoing in links.values() for p, o in outgoing if p == f"{_PG}primaryCitation"}
    seen: set[tuple[str, str, str]] = set()
    for s, outgoing in links.items():
        if s not in nodes:
            continue
        for p, o in outgoing:
            rtype = m.types.get(p)
            local = p.rsplit("#", 1)[-1]
            if rtype is None or local in _INTERNAL or o not in nodes or (s, rtype, o) in seen:
                continue
            seen.add((s, rtype, o))
            props: dict[str, Any] = {}
            relation = _relation_name(local)
            if relation:
                cites = citations.get((s, relation, o), [])
                primary = [c for c in cites if c in primaries]
                if primary:
                    props = _source_props(primary[0], links, spans)
                if cites:
                    props["sources"] = len(cites)
            yield Relationship(rtype, s, o, props)
    owner = {o: s for s, outs in links.items() for p, o in outs if p == f"{_PG}hasAssignment"}
    for s, classes in types.items():
        if f"{_PG}Assignment" in classes and s in owner:
            yield from _assignment(m, s, owner[s], dict(links[s]), lits, links, spans, nodes)


def _relation_name(local: str) -> str | None:
    """The citation relation ("based_on") of a document property's local name ("basedOn")."""
    from graph.rdf import RELATION_TERMS
    return {str(term).rsplit("#", 1)[-1]: name for name, term in RELATION_TERMS.items()}.get(local)


def _assignment(m: Mapping, s: str, task: str, out: dict[str, str], lits: dict[str, dict[str, Any]],
                links: dict[str, list[tuple[str, str]]], spans: dict[str, dict[str, Any]],
                nodes: dict[str, Node]) -> Iterator[Relationship]:
    """``(agency)-[:HOST|COORDINATES|DECIDES|DIRECTS]->(task)`` or ``(task)-[:REPORTS_THROUGH]->(agency)``."""
    rtype = m.types.get(out.get(f"{_PG}role", ""))
    agent = out.get(f"{_PG}agent", "")
    if rtype is None or agent not in nodes or task not in nodes:
        return
    props = {"inherited": lits[s].get("inherited", False), "requested": lits[s].get("requested", False),
             **_source_props(s, links, spans)}
    routes = sorted(lits[o].get("id", o) for p, o in links[s] if p == f"{_PG}routedBy")
    if routes:  # the succession routes the assignment follows (its node is folded into this relationship)
        props["routes"] = routes
        props["routeReason"] = lits[s].get("routeReason")
    start, end = (task, agent) if rtype in TASK_TO_AGENCY else (agent, task)
    yield Relationship(rtype, start, end, props)
