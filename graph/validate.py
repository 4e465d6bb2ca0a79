"""SHACL validation of a built graph against ``ontology/shapes.ttl``.

Invalid data is a *report* (``conforms`` False with results); an exception means validation
itself could not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

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


def union(data: Dataset | Graph) -> Graph:
    """A fresh graph of every triple: of every named graph for a dataset, a copy for a graph."""
    triples = ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None))) if isinstance(data, Dataset) else data
    g = Graph()
    for triple in triples:
        g.add(triple)
    return g


def validate(ds: Dataset | Graph) -> Report:
    return validate_own(union(ds))


def validate_own(data: Graph) -> Report:
    """Validate a graph the caller hands over: the ontology's triples are added to it and SHACL
    runs in place. pySHACL would otherwise copy the whole data graph to mix the ontology in (a
    fifth of the time of a validation pass); the shapes use no SHACL-AF feature. pySHACL is
    imported here, by the commands that validate: it is a third of every command's start."""
    import pyshacl

    shapes, onto = _shapes()
    for triple in onto:
        data.add(triple)
    conforms, results_graph, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", inplace=True)
    count = len(set(results_graph.subjects(predicate=SH.resultSeverity)))
    return Report(conforms=bool(conforms), results=count, text=str(text))
