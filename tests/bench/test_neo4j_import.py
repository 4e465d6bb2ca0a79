"""The neo4j-admin CSV of bench.neo4j_import: what the records hold comes back out of the files
(read with Python's csv module, which follows the same RFC 4180 quoting as the importer)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.neo4j_import import MULTILINE, compare, export_csv
from graph.pgmodel import Node, Relationship

TRICKY = 'Giao Sở Lao động - Thương binh và Xã hội "chủ trì", phối hợp;\ntheo dõi, báo cáo'
IRI = "https://w3id.org/policygraph/id/"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_texts_round_trip_and_types_come_from_the_records(tmp_path: Path) -> None:
    nodes = [Node(f"{IRI}task/a", ["Task"], {"id": "a", "text": TRICKY, "lineStart": 3, "quote": ""}),
             Node(f"{IRI}task/b", ["Task"], {"id": "b", "text": "x", "lineStart": 4, "quote": None}),
             Node(f"{IRI}doc/c", ["Document", "Plan"], {"id": "c", "draft": True, "value": 0.1})]
    rels = [Relationship("HOST", f"{IRI}doc/c", f"{IRI}task/a", {"inherited": False, "routes": ["r1", "r2"]})]
    files = export_csv(nodes, rels, tmp_path, generation="gen-1")

    tasks = files["nodes/Task"]
    assert tasks.name.endswith(MULTILINE)  # TRICKY holds a line break
    header = tasks.read_text(encoding="utf-8").splitlines()[0]
    assert header == ("iri:ID,:LABEL,pgLabels:string[],pgGeneration:string,"
                      "id:string,text:string,lineStart:long,quote:string")
    a, _ = _rows(tasks)
    assert a["text:string"] == TRICKY and a["lineStart:long"] == "3" and a["pgGeneration:string"] == "gen-1"
    raw = tasks.read_text(encoding="utf-8")
    assert raw.rstrip("\n").endswith(',"x",4,')  # None: an unquoted empty field (no property)
    assert ',3,""\n' in raw  # an empty string stays a quoted ""

    (doc,) = _rows(files["nodes/Document:Plan"])
    assert doc[":LABEL"] == doc["pgLabels:string[]"] == "Document;Plan"
    assert doc["draft:boolean"] == "true" and float(doc["value:double"]) == 0.1
    (host,) = _rows(files["relationships/HOST"])
    assert host["routes:string[]"] == "r1;r2" and host["inherited:boolean"] == "false"
    assert host[":START_ID"] == f"{IRI}doc/c" and host[":TYPE"] == "HOST"


def test_a_property_with_two_types_splits_the_group(tmp_path: Path) -> None:
    nodes = [Node(f"{IRI}t/1", ["Target"], {"value": 1}), Node(f"{IRI}t/2", ["Target"], {"value": 1.5})]
    files = export_csv(nodes, [], tmp_path)
    headers = sorted(p.read_text(encoding="utf-8").splitlines()[0].rsplit(",", 1)[1] for p in files.values())
    assert headers == ["value:double", "value:long"]


def test_an_array_element_holding_the_delimiter_is_refused(tmp_path: Path) -> None:
    rels = [Relationship("HOST", "a", "b", {"routes": ["a;b"]})]
    with pytest.raises(ValueError, match="delimiter"):
        export_csv([], rels, tmp_path)


def test_compare_names_what_differs() -> None:
    pushed = {"nodes": ["a", "b"], "answers": {"q {}": ["r1"]}, "pointer": {"nodes": 2}}
    same = compare(pushed, dict(pushed))
    assert same == {"nodes": "equal", "answers": "equal", "pointer": "equal"}
    other = compare(pushed, {"nodes": ["a", "c"], "answers": {"q {}": []}, "pointer": {"nodes": 3}})
    assert other["nodes"]["only_pushed"] == other["nodes"]["only_imported"] == 1
    assert other["answers"] == {"differ": ["q {}"]} and other["pointer"] == {"pushed": {"nodes": 2},
                                                                           "imported": {"nodes": 3}}
