"""bench.neo4j_import: how it tells a pushed graph from an imported one."""

from __future__ import annotations

from bench.neo4j_import import compare


def test_compare_names_what_differs() -> None:
    pushed = {"nodes": ["a", "b"], "answers": {"q {}": ["r1"]}, "pointer": {"nodes": 2}}
    same = compare(pushed, dict(pushed))
    assert same == {"nodes": "equal", "answers": "equal", "pointer": "equal"}
    other = compare(pushed, {"nodes": ["a", "c"], "answers": {"q {}": []}, "pointer": {"nodes": 3}})
    assert other["nodes"]["only_pushed"] == other["nodes"]["only_imported"] == 1
    assert other["answers"] == {"differ": ["q {}"]} and other["pointer"] == {"pushed": {"nodes": 2},
                                                                           "imported": {"nodes": 3}}
