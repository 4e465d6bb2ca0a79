"""Documents by their symbol, as people write them: every API row that names a document carries its
symbol (42-NQ/TW, 68/NQ-CP, 45/2025/NĐ-CP, 202/2025/QH15), and a symbol reaches the document wherever
an id would: ``/documents/by-symbol/42-NQ%2FTW``, ``/documents/42-NQ/TW``, its lineage. A symbol two
documents share is answered 409 with both candidates; an unknown one 404 in Vietnamese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.ingest import ingest
from graph.store import GraphStore
from policygraph.settings import Settings

HA_NAM = "x-KH-UBND-ha-nam-2024-a382d3c1"
TASK = f"{HA_NAM}.III.1.1"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(loaded_store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as c:
        yield c


def programme(province_caps: str, province: str) -> str:
    """A provincial Party committee's programme numbered 05-CTr/TU: each province numbers its own."""
    return (f"TỈNH ỦY {province_caps}\nSố 05-CTr/TU\n{province}, ngày 10 tháng 3 năm 2022\n\nCHƯƠNG TRÌNH\n"
            "Thực hiện Nghị quyết số 42-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương\n\nI. NHIỆM VỤ\n"
            "1. Sở Y tế chủ trì, phối hợp với các sở, ngành triển khai chăm sóc sức khỏe người cao tuổi.\n")


@pytest.fixture(scope="module")
def two_provinces_one_symbol(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Programmes 05-CTr/TU of Hà Nam and of Hải Dương: one symbol, two documents."""
    folder = tmp_path_factory.mktemp("twins")
    (folder / "ha_nam.txt").write_text(programme("HÀ NAM", "Hà Nam"), encoding="utf-8")
    (folder / "hai_duong.txt").write_text(programme("HẢI DƯƠNG", "Hải Dương"), encoding="utf-8")
    store = GraphStore(tmp_path_factory.mktemp("twins-store"))
    ingest([folder], store, replace=True)
    with TestClient(create_app(Settings(neo4j_uri=None), store)) as c:
        yield c


def test_every_numbered_document_carries_its_symbol_as_its_issuer_writes_it(client):
    docs = {d["id"]: d for d in client.get("/documents", params={"limit": 500}).json()["items"]}
    assert {i: docs[i]["symbol"] for i in ("42-NQ-TW-2023", "68-NQ-CP-2024", "113-CTr-TU-ha-nam-2024",
                                          "45-2025-ND-CP", "202-2025-NQ-QH15", "9491-KH-UBND-dong-nai-2021")} == {
        "42-NQ-TW-2023": "42-NQ/TW", "68-NQ-CP-2024": "68/NQ-CP", "113-CTr-TU-ha-nam-2024": "113-CTr/TU",
        "45-2025-ND-CP": "45/2025/NĐ-CP", "202-2025-NQ-QH15": "202/2025/QH15",
        "9491-KH-UBND-dong-nai-2021": "9491/KH-UBND"}
    assert [d["id"] for d in docs.values() if d["number"] and not d["symbol"]] == []
    assert docs[HA_NAM]["symbol"] is None and docs[HA_NAM]["province_name"] == "tỉnh Hà Nam"


def test_every_row_that_names_a_document_names_its_symbol(client):
    detail = client.get(f"/documents/{HA_NAM}").json()
    assert {r["other_symbol"] for r in detail["references_out"]} >= {"68/NQ-CP", "113-CTr/TU", "42-NQ/TW"}
    up = client.get(f"/documents/{HA_NAM}/lineage").json()
    assert {n["id"]: n["symbol"] for n in up["nodes"]}["42-NQ-TW-2023"] == "42-NQ/TW"
    down = client.get("/documents/42-NQ-TW-2023/lineage", params={"direction": "down"}).json()
    assert {n["symbol"] for n in down["nodes"] if n["kind"] == "document"} >= {"68/NQ-CP", "113-CTr/TU"}
    assert client.get("/tasks/113-KH-UBND-hai-phong-2022.II.2~3").json()["document_symbol"] == "113/KH-UBND"
    task_up = client.get(f"/tasks/{TASK}/lineage").json()
    assert {n["symbol"] for n in task_up["nodes"]} >= {"68/NQ-CP", "113-CTr/TU", "42-NQ/TW"}


@pytest.mark.parametrize("path", ["/agencies/so-lao-dong-tbxh.hai-duong/assignments", "/targets",
                                  "/provinces/hai-phong-2025/documents?as_of=2025-08-01",
                                  "/agencies/so-lao-dong-tbxh.hai-duong/deadlines?as_of=2030-01-01",
                                  "/agencies/so-noi-vu.hai-phong-2025/assignments?as_of=2025-08-01"])
def test_a_listed_row_names_its_documents_symbol_beside_its_id(client, path):
    symbols = {d["id"]: d["symbol"] for d in client.get("/documents", params={"limit": 500}).json()["items"]}
    rows = client.get(path, params={"limit": 500}).json()["items"]
    assert rows, path
    assert all(r["document_symbol"] == symbols[r["document_id"]] for r in rows), path
    assert any(r["document_symbol"] for r in rows), path


def test_a_search_hit_names_the_symbol_of_its_document(client):
    named = client.get("/search", params={"q": "Nghị quyết 42"}).json()["items"]
    assert (named[0]["id"], named[0]["symbol"]) == ("42-NQ-TW-2023", "42-NQ/TW")
    hits = client.get("/search", params={"q": "cai nghiện ma túy"}).json()["items"]
    tasks = [h for h in hits if h["kind"] == "task"]
    assert tasks and all(h["symbol"] == client.get(f"/tasks/{h['id']}").json()["document_symbol"] for h in tasks)
    assert all(h["symbol"] is None for h in hits if h["kind"] == "agency")


@pytest.mark.parametrize("written", ["42-NQ%2FTW", "42-NQ/TW", "42-nq/tw", "42 - NQ / TW", "42-NQ%2Ftw"])
def test_a_symbol_as_typed_reaches_its_document(client, written):
    answer = client.get(f"/documents/by-symbol/{written}")
    assert answer.status_code == 200, answer.text
    assert answer.json()["id"] == "42-NQ-TW-2023" and answer.json()["symbol"] == "42-NQ/TW"


@pytest.mark.parametrize(("written", "doc_id"), [("45/2025/ND-CP", "45-2025-ND-CP"), ("45/2025/NĐ-CP", "45-2025-ND-CP"),
                                                 ("202/2025/QH15", "202-2025-NQ-QH15"),
                                                 ("1983/QD-TTg", "1983-QD-TTg-2021"),
                                                 ("113/KH-UBND", "113-KH-UBND-hai-phong-2022")])
def test_state_symbols_with_a_year_or_d_for_đ_are_forgiven(client, written, doc_id):
    assert client.get(f"/documents/by-symbol/{written}").json()["id"] == doc_id


def test_every_document_route_takes_a_symbol_where_it_takes_an_id(client):
    by_symbol = client.get("/documents/68/NQ-CP").json()
    assert by_symbol == client.get("/documents/68-NQ-CP-2024").json()
    assert client.get("/documents/68%2FNQ-CP/lineage").json() == client.get("/documents/68-NQ-CP-2024/lineage").json()
    down = client.get("/documents/42-NQ/TW/lineage", params={"direction": "down", "depth": 1}).json()
    assert down["start"] == "42-NQ-TW-2023" and down["edges"]


def test_an_unknown_symbol_is_a_404_in_vietnamese(client):
    for url in ("/documents/by-symbol/999-NQ/TW", "/documents/999-NQ/TW"):
        answer = client.get(url)
        assert answer.status_code == 404 and answer.headers["content-type"].startswith(PROBLEM)
        assert answer.json()["detail"] == "Không có văn bản số, ký hiệu “999-NQ/TW” trong dữ liệu."
    assert client.get("/documents/no-such-document").status_code == 404


def test_a_symbol_two_documents_share_lists_both_to_choose_from(two_provinces_one_symbol):
    for url in ("/documents/by-symbol/05-CTr%2FTU", "/documents/05-CTr/TU", "/documents/05-CTr/TU/lineage"):
        answer = two_provinces_one_symbol.get(url)
        assert answer.status_code == 409 and answer.headers["content-type"].startswith(PROBLEM), url
        detail = answer.json()["detail"]
        assert "/documents/05-CTr-TU-ha-nam-2022" in detail and "/documents/05-CTr-TU-hai-duong-2022" in detail
        assert "tỉnh Hà Nam" in detail and "tỉnh Hải Dương" in detail
    own = two_provinces_one_symbol.get("/documents/05-CTr-TU-hai-duong-2022").json()["document"]
    assert own["symbol"] == "05-CTr/TU" and own["province_name"] == "tỉnh Hải Dương"


def test_central_documents_of_the_reference_data_are_named_by_the_symbol_grammar(client):
    """Their symbols are written from kind, number and issuer (graph/rdf.reference_symbol): a Party
    body's 19-KH/TW, the National Assembly's 176/2025/QH15 without a kind code."""
    assert client.get("/documents/by-symbol/19-KH%2FTW").json()["symbol"] == "19-KH/TW"
    assert client.get("/documents/176-2025-NQ-QH15").json()["document"]["symbol"] == "176/2025/QH15"


def test_symbols_and_their_routes_answer_the_same_on_neo4j(loaded_store, pushed):
    paths = ["/documents/by-symbol/42-NQ%2FTW", "/documents/68/NQ-CP", "/documents/45/2025/ND-CP",
             "/search?q=Nghị quyết 42", "/search?q=cai nghien ma tuy&limit=500",
             "/documents/113-CTr/TU/lineage", "/documents/42-NQ/TW/lineage?direction=down&depth=1",
             f"/documents/{HA_NAM}", "/documents/by-symbol/999-NQ/TW", f"/tasks/{TASK}"]
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as embedded, \
            TestClient(create_app(Settings(), loaded_store)) as neo4j:
        assert neo4j.get("/health").json()["backend"] == "neo4j"
        for path in paths:
            mine, theirs = embedded.get(path), neo4j.get(path)
            assert (mine.status_code, mine.json()) == (theirs.status_code, theirs.json()), path
