"""SHACL validation of a built graph against ``ontology/shapes.ttl``.

Invalid data is a *report* (``conforms`` False with results); an exception means validation
itself could not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pyshacl
from rdflib import Dataset, Graph
from rdflib.namespace import SH


@dataclass(frozen=True)
class Report:
    conforms: bool
    results: int
    text: str


@cache
def _shapes() -> tuple[Graph, Graph]:
    base = resources.files("ontology")
    shapes = Graph().parse(data=base.joinpath("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    onto = Graph().parse(data=base.joinpath("policygraph.ttl").read_text(encoding="utf-8"), format="turtle")
    return shapes, onto


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def validate(ds: Dataset | Graph) -> Report:
    return validate_own(union(ds) if isinstance(ds, Dataset) else _copy(ds))


def validate_own(data: Graph) -> Report:
    """Validate a graph the caller hands over: the ontology's triples are added to it and SHACL
    runs in place. pySHACL would otherwise copy the whole data graph to mix the ontology in (a
    fifth of the time of a validation pass); the shapes use no SHACL-AF feature."""
    shapes, onto = _shapes()
    for triple in onto:
        data.add(triple)
    conforms, results_graph, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", inplace=True)
    count = len(set(results_graph.subjects(predicate=SH.resultSeverity)))
    return Report(conforms=bool(conforms), results=count, text=str(text))


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out
