"""docs/analysts.md is true: every question it asks has a SPARQL and a Cypher form, and both give the
same answer, row for row, on the bundled corpus (the embedded store and a real Neo4j)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph.binding import sparql_value

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "analysts.md"
_QUESTION = re.compile(r"^### (\d+)\. (.+?)\n(.*?)(?=^### |\Z)", re.MULTILINE | re.DOTALL)
_BLOCK = re.compile(r"```(sparql|cypher)\n(.*?)```", re.DOTALL)


def questions() -> list[tuple[str, str, str]]:
    """(title, SPARQL, Cypher) for each numbered question of the guide."""
    found = []
    for number, title, body in _QUESTION.findall(GUIDE.read_text(encoding="utf-8")):
        blocks = dict(_BLOCK.findall(body))
        assert set(blocks) == {"sparql", "cypher"}, f"question {number} needs one SPARQL and one Cypher block"
        found.append((f"{number}. {title}", blocks["sparql"], blocks["cypher"]))
    return found


def test_the_guide_asks_at_least_fifteen_questions():
    assert len(questions()) >= 15


def sparql_rows(store: ox.Store, text: str) -> list[tuple[Any, ...]]:
    result = store.query(text, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(sparql_value(row[n]) for n in names) for row in result]


@pytest.mark.parametrize(("title", "sparql", "cypher"), questions(), ids=lambda v: v.split(".")[0][:3])
def test_each_question_answers_the_same_in_sparql_and_cypher(loaded_store, pushed, title, sparql, cypher):
    expected = sparql_rows(loaded_store.open_current(), sparql)
    got = [tuple(row.values()) for row in pushed.read(cypher, {})]
    assert expected, f"{title}: no answer on the corpus (a question should show something)"
    assert got == expected, title


def test_everything_named_is_named_by_one_property(loaded_store):
    """Agencies, groups, provinces and indicators all carry their names as skos:prefLabel, so one
    pattern finds a name whatever the thing is; rdfs:label is left to the ontology's own terms."""
    store = loaded_store.open_current()
    prefix = ("PREFIX pg: <https://w3id.org/policygraph/ontology#> "
              "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
              "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
    unnamed = sparql_rows(store, prefix + "SELECT ?x WHERE { VALUES ?c { pg:Agency pg:AgencyGroup pg:Province "
                          "pg:Indicator } ?x a ?c FILTER NOT EXISTS { ?x skos:prefLabel ?n } }")
    assert unnamed == []
    assert sparql_rows(store, prefix + "SELECT ?x WHERE { ?x rdfs:label ?n }") == []
    provinces = "SELECT (COUNT(*) AS ?n) WHERE { ?p a pg:Province ; skos:prefLabel ?l }"
    assert sparql_rows(store, prefix + provinces)[0][0] > 5
