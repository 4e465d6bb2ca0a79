"""What is due or past due at a date, per agency and per document, answered identically by the
embedded store and Neo4j (issue "Targets, groups and deadlines", item 4). "Past due" only means the
deadline passed: no completion data exists."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.models import DueTask
from graph.backends import EmbeddedBackend, Neo4jBackend
from policygraph.settings import Settings
from queries.registry import library

HAI_DUONG = "20-CTr-TU-hai-duong-2021"
HAI_DUONG_LABOUR = "so-lao-dong-tbxh.hai-duong"
HA_NAM_LABOUR = "so-lao-dong-tbxh.ha-nam"
DATES = ("2021-06-30", "2022-06-01", "2023-01-01", "2026-01-01", "2026-12-06")


@pytest.fixture(params=["embedded", "neo4j"])
def backend(request, loaded_store):
    if request.param == "embedded":
        return EmbeddedBackend(loaded_store)
    return Neo4jBackend(request.getfixturevalue("pushed"))


def due(backend, agency: str, as_of: str, document: str | None = None) -> dict[str, str]:
    rows = backend.run(library()["due_tasks"], {"id": agency, "as_of": as_of, "document": document})
    return {r["task_id"].rsplit(".", 2)[-2] + "." + r["task_id"].rsplit(".", 1)[-1]: r["status"]
            for r in rows if r["role"] == "host"}


def test_the_response_model_is_the_columns_of_the_query():
    assert tuple(DueTask.model_fields) == library()["due_tasks"].columns


def test_a_year_deadline_is_due_during_the_year_and_past_due_after_it(backend):
    assert due(backend, HAI_DUONG_LABOUR, "2022-06-01") == {"I.1": "past_due", "II.1": "due", "II.2": "due",
                                                            "II.3": "due"}
    assert set(due(backend, HAI_DUONG_LABOUR, "2023-01-01").values()) == {"past_due"}


def test_a_task_whose_year_has_not_begun_is_not_listed(backend):
    assert due(backend, HAI_DUONG_LABOUR, "2021-06-30") == {"I.1": "due"}


def test_a_yearly_report_is_recurring_with_its_next_due_day(backend):
    rows = [r for r in backend.run(library()["due_tasks"], {"id": HA_NAM_LABOUR, "as_of": "2026-12-06",
                                                             "document": None})
            if r["deadline"] == "trước ngày 05/12 hằng năm"]
    assert rows and {(r["status"], r["recurrence"], r["next_due"]) for r in rows} == \
        {("recurring", "yearly", "2027-12-05")}


def test_one_document_only(backend):
    assert due(backend, HAI_DUONG_LABOUR, "2026-01-01", document="9491-KH-UBND-dong-nai-2021") == {}
    assert len(due(backend, HAI_DUONG_LABOUR, "2026-01-01", document=HAI_DUONG)) == 4


def test_both_backends_answer_the_same_for_every_agency_and_date(loaded_store, pushed, extractions):
    embedded, neo = EmbeddedBackend(loaded_store), Neo4jBackend(pushed)
    agencies = sorted({a.agency.id for ex in extractions.values() for t in ex.tasks for a in t.assignments
                       if a.agency.kind == "agency" and t.due is not None})
    assert len(agencies) > 5
    query = library()["due_tasks"]
    for agency in agencies:
        for as_of in DATES:
            for document in (None, HAI_DUONG):
                params = {"id": agency, "as_of": as_of, "document": document}
                assert embedded.run(query, params) == neo.run(query, params), params


def test_the_endpoint_answers_the_same_on_both_backends(loaded_store, pushed):
    path = f"/agencies/{HAI_DUONG_LABOUR}/deadlines?as_of=2022-06-01"
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as embedded, \
            TestClient(create_app(Settings(), loaded_store)) as neo4j:
        body = embedded.get(path).json()
        assert body == neo4j.get(path).json()
        assert {r["status"] for r in body["items"]} == {"past_due", "due"}
        assert all(r["deadline"] and r["due_end"] for r in body["items"])
        assert embedded.get("/agencies/nope/deadlines").status_code == 404
