"""The assignment view answers an agency's assignments and their counts as the graph does.

Each generation keeps every assignment as a row in agency_assignments' order, so that a page of a
body's tasks is read without joining and sorting the rest. The view is written from the records,
the queries it stands in for are written over the graph: on the corpus they must agree row for row,
for every body, role and window, and for a generation whose view is missing or unreadable the
queries still answer, from the graph.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import assignmentview
from graph.backends import EmbeddedBackend
from graph.ingest import ingest
from graph.store import GraphStore
from queries.registry import library
from tests.conftest import CORPUS, FILES
from tests.graph.test_increment import shortened

VIEWED = ("agency_assignments", "agency_assignment_counts")
WINDOWS: tuple[dict[str, str], ...] = ({}, {"role": "host"}, {"role": "coordinator"}, {"offset": "0", "limit": "1"},
           {"offset": "2", "limit": "3"}, {"role": "host", "offset": "1", "limit": "100"}, {"offset": "5000"})


def on_graph(store: GraphStore) -> EmbeddedBackend:
    """A backend that answers every query from the graph, as one does for a generation with no view."""
    backend = EmbeddedBackend(store)
    backend.assignments = None
    return backend


def bodies(backend: EmbeddedBackend) -> list[str]:
    return [r["id"] for r in backend.run(library()["agencies"], {})]


def test_the_view_holds_the_rows_the_graph_gives(loaded_store):
    generation, store = loaded_store.open_generation()
    view = assignmentview.contents(generation)
    assert view == sorted(assignmentview.graph_rows(store))
    assert len(view) > 300


def test_every_body_s_assignments_and_counts_come_from_the_view_as_from_the_graph(loaded_store):
    viewed, graph = EmbeddedBackend(loaded_store), on_graph(loaded_store)
    assert viewed.assignments is not None
    agencies = bodies(viewed)
    assert len(agencies) > 100
    for agency in [*agencies, "no-such-body", "group-so-ban-nganh"]:
        for window in WINDOWS:
            for name in VIEWED:
                query = library()[name]
                params: dict[str, str | None] = {"id": agency, **{k: v for k, v in window.items()
                                                                  if k in {p.name for p in query.params}}}
                assert viewed.run(query, params) == graph.run(query, params), (name, params)


def test_a_body_s_page_merges_its_own_rows_with_its_groups_in_task_order(loaded_store):
    """Sở Nội vụ tỉnh Hà Nam holds tasks of its own and, as one of the province's departments,
    tasks given to "các sở, ban, ngành": one window of them interleaves the two by task id."""
    rows = EmbeddedBackend(loaded_store).run(library()["agency_assignments"], {"id": "so-noi-vu.ha-nam"})
    assert {r["via_group"] for r in rows} >= {None, "group-so-ban-nganh.ha-nam"}
    keys = [(r["task_id"], r["role"], r["via_group"] or "") for r in rows]
    assert keys == sorted(keys)
    middle = EmbeddedBackend(loaded_store).run(library()["agency_assignments"],
                                               {"id": "so-noi-vu.ha-nam", "offset": "3", "limit": "4"})
    assert middle == rows[3:7]


@pytest.fixture()
def store_copy(tmp_path: Path, loaded_store: GraphStore) -> GraphStore:
    return GraphStore(Path(shutil.copytree(loaded_store.root, tmp_path / "store")))


def test_a_generation_without_a_view_answers_from_the_graph_and_gets_one_at_its_first_change(store_copy):
    generation = store_copy.current_dir()
    assert generation is not None
    (generation / assignmentview.FILE).unlink()
    backend = EmbeddedBackend(store_copy)
    assert backend.assignments is None
    params: dict[str, str | None] = {"id": "so-noi-vu.ha-nam"}
    before = backend.run(library()["agency_assignments"], params)
    assert before

    ingest([CORPUS / FILES["ha_nam"]], store_copy)
    changed, store = store_copy.open_generation()
    assert assignmentview.contents(changed) == sorted(assignmentview.graph_rows(store))
    assert EmbeddedBackend(store_copy).run(library()["agency_assignments"], params) == before


def test_an_unreadable_view_answers_nothing_and_the_graph_answers_instead(store_copy):
    generation = store_copy.current_dir()
    assert generation is not None
    (generation / assignmentview.FILE).write_bytes(b"not a database")
    params: dict[str, str | None] = {"id": "so-lao-dong-tbxh.ha-nam", "role": "host", "offset": "0", "limit": "5"}
    query = library()["agency_assignments"]
    assert EmbeddedBackend(store_copy).run(query, params) == on_graph(store_copy).run(query, params)
    assert EmbeddedBackend(store_copy).run(query, params)


def test_changes_share_the_base_until_their_rows_outgrow_a_tenth_of_it(tmp_path, store_copy):
    """Replacing Hải Phòng's plan writes its rows into the next generation's delta and shares the
    base; replacing Hà Nam's plan too (a third of the corpus's assignments) folds the delta into a
    base of its own. The generation before keeps answering as it did."""
    first = store_copy.current_dir()
    assert first is not None
    ingest([shortened(CORPUS / FILES["hai_phong"], tmp_path / "revised")], store_copy)
    second = store_copy.current_dir()
    assert second is not None
    assert (second / assignmentview.FILE).stat().st_ino == (first / assignmentview.FILE).stat().st_ino
    before = assignmentview.contents(second)
    ingest([shortened(CORPUS / FILES["ha_nam"], tmp_path / "revised")], store_copy)
    third, store = store_copy.open_generation()
    assert (third / assignmentview.FILE).stat().st_ino != (second / assignmentview.FILE).stat().st_ino
    assert assignmentview.contents(third) == sorted(assignmentview.graph_rows(store))
    assert assignmentview.contents(second) == before != assignmentview.contents(third)
