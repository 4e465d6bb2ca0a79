"""The documentation tells the truth about the model: the picture is current, every label and
relationship type is described, and every named query is listed by the CLI."""

from __future__ import annotations

from pathlib import Path

from graph.diagram import dot
from graph.pgmodel import mapping, project

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_model_picture_matches_the_data(loaded_store):
    nodes, rels = project(loaded_store.open_current())
    assert (DOCS / "model.dot").read_text(encoding="utf-8") == dot(nodes, rels), \
        "docs/model.dot is stale: run python -m graph.diagram"


def test_every_label_and_relationship_type_is_documented():
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    for name in {*mapping().labels.values(), *mapping().types.values()}:
        assert f"`{name}`" in text or name in text, name
