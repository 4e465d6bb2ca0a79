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
    data = union(ds) if isinstance(ds, Dataset) else ds
    shapes, onto = _shapes()
    conforms, results_graph, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=onto,
                                                     inference="none", advanced=True)
    count = len(set(results_graph.subjects(predicate=SH.resultSeverity)))
    return Report(conforms=bool(conforms), results=count, text=str(text))
