"""The HTTP API on the corpus: what legal staff, agencies and analysts get back, and how errors look."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pydantic import BaseModel

from api.app import create_app
from api.exports import section_words
from api.models import (
    AgencyOut,
    Assignment,
    DocumentSummary,
    DocumentWarning,
    ProvinceDocument,
    Reference,
    Responsible,
    TargetOut,
)
from policygraph.settings import Settings
from queries.registry import library

HA_NAM = "x-KH-UBND-ha-nam-2024-a382d3c1"
TASK = f"{HA_NAM}.III.1.1"


@pytest.fixture(scope="module")
def client(loaded_store):
    settings = Settings(neo4j_uri=None)
    with TestClient(create_app(settings, loaded_store)) as c:
        yield c


def test_response_models_are_the_columns_of_their_queries():
    pairs: list[tuple[type[BaseModel], str]] = [(DocumentSummary, "documents"), (Reference, "document_references"),
             (Responsible, "responsible_for"), (TargetOut, "targets_by_indicator"),
             (ProvinceDocument, "province_documents"), (AgencyOut, "agencies"),
             (DocumentWarning, "document_warnings")]
    for model, query in pairs:
        assert tuple(model.model_fields) == library()[query].columns, model.__name__
    own, inherited = library()["agency_assignments"].columns, library()["inherited_assignments"].columns
    assert tuple(Assignment.model_fields)[:len(own)] == own
    assert set(Assignment.model_fields) == set(own) | set(inherited)


def test_a_task_shows_its_responsible_agencies_and_source(client):
    body = client.get(f"/tasks/{TASK}").json()
    assert body["section"] == "III.1.1" and body["file"] == "001_425aa0aa3f386de7.txt"
    hosts = [r for r in body["responsible"] if r["role"] == "host"]
    assert [h["agency_name"] for h in hosts] == ["Sở Thông tin và Truyền thông tỉnh Hà Nam"]
    assert hosts[0]["quote"] == "- Cơ quan chủ trì: Sở Thông tin và Truyền thông."


def test_task_lineage_gives_every_chain_to_the_resolution(client):
    body = client.get(f"/tasks/{TASK}/lineage").json()
    assert [HA_NAM, "68-NQ-CP-2024", "42-NQ-TW-2023"] in body["chains"]
    assert [HA_NAM, "113-CTr-TU-ha-nam-2024", "42-NQ-TW-2023"] in body["chains"]
    assert all(e["quote"] for e in body["edges"])


def test_documents_filter_and_paginate(client):
    page = client.get("/documents", params={"province": "ha-nam", "kind": "KH"}).json()
    assert page["total"] == 1 and page["items"][0]["id"] == HA_NAM
    page = client.get("/documents", params={"limit": 2, "offset": 1}).json()
    assert page["total"] > 10 and len(page["items"]) == 2


def test_document_detail_lists_references_both_ways(client):
    body = client.get("/documents/92-KL-TW-2020").json()
    assert {"1983-QD-TTg-2021", "54-KH-TU-dong-nai-2021"} <= {r["other_id"] for r in body["references_in"]}
    down = client.get("/documents/42-NQ-TW-2023/lineage", params={"direction": "down", "depth": 1}).json()
    assert HA_NAM not in {n["id"] for n in down["nodes"]}
    down = client.get("/documents/42-NQ-TW-2023/lineage", params={"direction": "down"}).json()
    assert HA_NAM in {n["id"] for n in down["nodes"]}


def test_search_without_diacritics(client):
    body = client.get("/search", params={"q": "so lao dong thuong binh"}).json()
    assert any(i["kind"] == "agency" and i["label"].startswith("Sở Lao động - Thương binh và Xã hội")
               for i in body["items"])


def test_search_lists_the_closest_matches_first_and_says_when_there_are_more(client):
    """Agencies come before the tasks that mention them, and within each kind the shortest texts
    (where the words are most of what is said) first; a short list says that more texts match."""
    everything = client.get("/search", params={"q": "lao dong", "limit": 500}).json()
    kinds = [i["kind"] for i in everything["items"]]
    assert not everything["more"] and kinds.index("task") > kinds.index("agency")
    lengths = [len(i["label"] or "") for i in everything["items"][:5]]
    assert max(lengths) < 80
    first = client.get("/search", params={"q": "lao dong", "limit": 3}).json()
    assert first["more"] and first["items"] == everything["items"][:3]


def test_agency_assignments_as_json_csv_and_excel(client):
    agency = "so-lao-dong-tbxh.ha-nam"
    rows = client.get(f"/agencies/{agency}/assignments", params={"role": "host", "limit": 500}).json()["items"]
    assert rows and all(r["role"] == "host" for r in rows)
    csv_resp = client.get(f"/agencies/{agency}/assignments", params={"role": "host", "format": "csv"})
    assert csv_resp.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(csv_resp.text.lstrip("\ufeff"))))
    assert table[0][:4] == ["Loại giao việc", "Vai trò", "Số hiệu văn bản", "Tên văn bản"]
    assert len(table) == len(rows) + 1 and {r[1] for r in table[1:]} == {"Chủ trì"}
    # a quote such as "- Cơ quan chủ trì: …" must not be run as a formula by a spreadsheet
    assert not [cell for r in table[1:] for cell in r if cell.startswith(("=", "+", "-", "@"))]
    assert any(cell.startswith("'-") for r in table[1:] for cell in r)


def test_the_excel_export_is_ready_for_an_office(client):
    agency = "so-lao-dong-tbxh.ha-nam"
    rows = client.get(f"/agencies/{agency}/assignments", params={"as_of": "2024-12-31", "limit": 500}).json()["items"]
    xlsx = client.get(f"/agencies/{agency}/assignments", params={"as_of": "2024-12-31"}, headers={
        "accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == ("Nhiệm vụ của Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam"
                                      " — tính đến ngày 31/12/2024")
    headers = [c.value for c in sheet[2]]
    assert headers[:7] == ["Loại giao việc", "Vai trò", "Số hiệu văn bản", "Tên văn bản", "Năm", "Mục", "Nhiệm vụ"]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    assert sheet.max_row == len(rows) + 2
    assert sheet.column_dimensions["G"].width >= 60
    by_task = {sheet.cell(r, headers.index("Mã nhiệm vụ") + 1).value: r for r in range(3, sheet.max_row + 1)}
    first = rows[0]
    line = by_task[first["task_id"]]
    assert sheet.cell(line, headers.index("Nhiệm vụ") + 1).value == first["task_text"]
    assert sheet.cell(line, headers.index("Đề nghị (ngoài quyền chỉ đạo)") + 1).value is first["requested"]
    assert isinstance(sheet.cell(line, headers.index("Năm") + 1).value, int)
    column = {name: headers.index(name) + 1 for name in ("Mục", "Thời hạn", "Tệp nguồn", "Dòng", "Đoạn trích nguồn")}
    every = range(3, sheet.max_row + 1)
    assert all(str(sheet.cell(r, column["Mục"]).value).startswith(("Mục ", "Phần thứ ")) for r in every)
    assert all(sheet.cell(r, column["Tệp nguồn"]).value and sheet.cell(r, column["Dòng"]).value
               and sheet.cell(r, column["Đoạn trích nguồn"]).value for r in every)
    assert any(sheet.cell(r, column["Thời hạn"]).value for r in every)
    by_group = [r for r in rows if r["via_group"]]
    assert by_group and all(r["via_group_name"] for r in by_group)
    group_column = headers.index("Được giao qua nhóm") + 1
    shown = {sheet.cell(line, group_column).value for line in range(3, sheet.max_row + 1)} - {None, ""}
    assert shown == {r["via_group_name"] for r in by_group}
    kinds = {sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)}
    assert kinds <= {"Được giao trực tiếp", "Giao chung theo văn bản", "Kế thừa (chắc chắn)",
                     "Có thể kế thừa (chưa rõ lĩnh vực)"} and "Được giao trực tiếp" in kinds


def test_a_row_carried_over_through_the_reorganisation_quotes_the_lines_that_named_its_first_holder(client):
    rows = client.get("/agencies/so-noi-vu.hai-phong-2025/assignments",
                      params={"as_of": "2026-01-01", "limit": 500}).json()["items"]
    carried = [r for r in rows if r["origin_id"]]
    assert carried and all(r["quote"] and r["file"] and r["line_start"] for r in carried)
    assert any(r["origin_name"].split(" tỉnh ")[0].split(" thành phố ")[0] in r["quote"] for r in carried)


@pytest.mark.parametrize(("task", "document", "words"), [
    ("113-KH-UBND-hai-phong-2022.II.2~3", "113-KH-UBND-hai-phong-2022", "Mục II.2"),
    ("20-CTr-TU-hai-duong-2021.P2.III.2.k", "20-CTr-TU-hai-duong-2021", "Phần thứ hai, mục III.2, điểm k"),
    ("x.P1", "x", "Phần thứ nhất")])
def test_an_export_names_a_section_as_officials_write_it(task, document, words):
    assert section_words(task, document) == words


def test_targets_and_indicators(client):
    rows = client.get("/targets", params={"indicator": "unemployment-rate", "province": "tỉnh Hà Nam"}).json()["items"]
    assert [(r["comparator"], r["value"]) for r in rows] == [("<", 1.0)]
    assert any(i["id"] == "hospital-beds" and i["targets"] >= 2 for i in client.get("/indicators").json()["items"])


def test_named_queries_are_listed_and_run(client):
    names = {q["name"] for q in client.get("/queries").json()["items"]}
    assert set(library()) == names
    body = client.get("/queries/responsible_for", params={"id": TASK}).json()
    assert body["backend"] == "embedded" and body["items"]


def test_sparql_answers_queries_and_refuses_updates(client):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/policygraph/ontology#Task> }"
    ok = client.get("/sparql", params={"query": count})
    assert ok.status_code == 200 and ok.headers["content-type"].startswith("application/sparql-results+json")
    service = "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"
    for update in ["INSERT DATA { <a:b> <a:c> <a:d> }", "DROP ALL", service]:
        refused = client.post("/sparql", content=update, headers={"content-type": "application/sparql-query"})
        assert refused.status_code == 403, update
        assert refused.headers["content-type"] == "application/problem+json"


def test_cypher_on_the_embedded_backend_explains_it_needs_neo4j(client):
    r = client.post("/cypher", json={"query": "MATCH (n) RETURN count(n)"})
    assert r.status_code == 422 and "needs Neo4j" in r.json()["detail"]


@pytest.mark.parametrize("path, status", [("/tasks/nope", 404), ("/documents/nope", 404), ("/agencies/nope", 404),
                                          ("/documents?year=abc", 422), ("/queries/nope", 404),
                                          ("/search?q=%21%21", 422)])
def test_errors_are_problem_json_without_traces(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["title"] and "Traceback" not in r.text


@pytest.mark.parametrize("as_of", ["2025-13-40", "garbage", "2025-2-1"])
def test_a_date_parameter_is_checked_the_same_way_on_every_endpoint(client, as_of):
    task = "x-KH-UBND-ha-nam-2024-a382d3c1.III.3"
    named = client.get("/queries/responsible_now", params={"id": task, "as_of": as_of})
    assert named.status_code == 422 and "not a date" in named.json()["detail"]
    assert client.get(f"/tasks/{task}", params={"as_of": as_of}).status_code == 422


def test_a_document_shows_what_its_reader_could_not_settle_with_the_line(client):
    """The Hậu Giang draft's closing paragraph names another resolution than its title: legal staff
    see it on the document itself, with the line and the quote."""
    [hau_giang] = [d for d in client.get("/documents", params={"province": "hau-giang"}).json()["items"]
                   if d["loaded"]]
    body = client.get(f"/documents/{hau_giang['id']}").json()
    assert body["counts"]["warnings"] == len(body["warnings"]) >= 1
    [mismatch] = [w for w in body["warnings"] if w["code"] == "implements_mismatch"]
    assert "43-NQ" in mismatch["message"] and "42-NQ" in mismatch["message"]
    assert mismatch["file"] == "004_a0faca7928c2b4ec.txt" and mismatch["line_start"] >= 100
    assert "43-NQ/TW" in mismatch["quote"]


def test_health_reports_backend_and_size(client):
    body = client.get("/health").json()
    assert body["backend"] == "embedded" and body["documents"] == 5 and body["quads"] > 10_000


def test_both_backends_give_the_same_answers(loaded_store, pushed):
    settings = Settings()
    paths = [f"/tasks/{TASK}", f"/tasks/{TASK}/lineage", "/documents?province=ha-nam", "/documents/92-KL-TW-2020",
             "/agencies/so-lao-dong-tbxh.ha-nam/assignments", "/search?q=cai nghien", "/indicators",
             "/targets?indicator=hospital-beds", "/documents/42-NQ-TW-2023/lineage?direction=down",
             "/tasks/20-CTr-TU-hai-duong-2021.PL.II.1?as_of=2026-01-01",
             "/tasks/113-KH-UBND-hai-phong-2022.II.1~2?as_of=2025-04-01",
             "/agencies/so-noi-vu.hai-phong-2025/assignments?as_of=2026-01-01",
             "/agencies/so-lao-dong-tbxh.hai-duong?as_of=2026-01-01",
             "/provinces/hai-phong-2025/documents?as_of=2026-01-01"]
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as embedded, \
            TestClient(create_app(settings, loaded_store)) as neo4j:
        assert neo4j.get("/health").json()["backend"] == "neo4j"
        for path in paths:
            assert embedded.get(path).json() == neo4j.get(path).json(), path


# Hải Phòng's plan gives its measures to Sở LĐTBXH by its general clause; this one is on poverty
HAI_PHONG_POVERTY = "113-KH-UBND-hai-phong-2022.II.2~3"


def test_a_task_of_a_split_department_is_carried_now_by_the_successor_of_its_field(client):
    body = client.get(f"/tasks/{HAI_PHONG_POVERTY}", params={"as_of": "2026-01-01"}).json()
    host = next(r for r in body["responsible_now"] if r["role"] == "host")
    assert host["named_name"] == "Sở Lao động - Thương binh và Xã hội thành phố Hải Phòng"
    assert host["route_reason"] == "matched" and not host["ambiguous"]
    [holder] = host["holders"]
    assert holder["holder_name"] == "Sở Nông nghiệp và Môi trường thành phố Hải Phòng"
    assert [(s["effective"], s["legal_basis"], s["scope"]) for s in holder["chain"]] == [
        ("2025-03-01", "45-2025-ND-CP", "poverty"), ("2025-07-01", "202-2025-NQ-QH15", None)]
    assert body["field_evidence"].startswith("Giảm nghèo:")


def test_before_the_reorganisation_the_named_body_still_carries_the_task(client):
    body = client.get(f"/tasks/{HAI_PHONG_POVERTY}", params={"as_of": "2025-02-28"}).json()
    host = next(r for r in body["responsible_now"] if r["role"] == "host")
    assert [h["holder_id"] for h in host["holders"]] == ["so-lao-dong-tbxh.hai-phong"]
    assert host["holders"][0]["chain"] == []


def test_a_task_whose_field_is_unknown_lists_every_candidate_successor_and_says_why(client):
    task = "113-KH-UBND-hai-phong-2022.II.1~2"   # praising good models of social policy: no field
    body = client.get(f"/tasks/{task}", params={"as_of": "2026-01-01"}).json()
    host = next(r for r in body["responsible_now"] if r["role"] == "host")
    assert host["ambiguous"] and host["route_reason"] == "unclassified"
    holders = {h["holder_id"] for h in host["holders"]}
    assert holders == {"so-noi-vu.hai-phong-2025", "so-y-te.hai-phong-2025", "so-giao-duc-dao-tao.hai-phong-2025",
                       "so-nong-nghiep-moi-truong.hai-phong-2025", "cong-an.hai-phong-2025"}


def test_a_body_the_reference_facts_are_silent_about_has_an_unknown_successor_with_the_reason(client):
    detail = client.get("/agencies/mttq.hai-duong", params={"as_of": "2026-01-01"}).json()
    assert detail["succeeded_by"] == ["unknown"] and detail["agency"]["valid_to"] is None
    rows = client.get("/queries/successors", params={"id": "mttq.hai-duong", "as_of": "2026-01-01"}).json()
    [event] = rows["items"]
    assert event["successor_id"] is None and event["status"] == "not_covered"
    assert "không nêu cơ quan nào" in event["note"]


def test_the_successor_department_lists_what_it_inherited_with_its_origin(client):
    rows = client.get("/agencies/so-noi-vu.hai-phong-2025/assignments",
                      params={"as_of": "2026-01-01", "limit": 500}).json()["items"]
    origins = {r["origin_id"] for r in rows}
    assert {"so-lao-dong-tbxh.hai-duong", "so-lao-dong-tbxh.hai-phong"} <= origins
    # the Hải Dương memorial to fallen soldiers (appendix project hosted by Sở LĐTBXH): people with merit
    people_with_merit = next(r for r in rows if r["task_id"] == "20-CTr-TU-hai-duong-2021.PL.II.1")
    assert people_with_merit["route_reason"] == "matched" and people_with_merit["legal_basis"] == "202-2025-NQ-QH15"
    own_only = client.get("/agencies/so-noi-vu.hai-phong-2025/assignments",
                          params={"include_predecessors": "false"}).json()
    assert own_only["items"] == [] and own_only["total"] == 0
    detail = client.get("/agencies/so-lao-dong-tbxh.hai-duong", params={"as_of": "2026-01-01"}).json()
    assert "so-noi-vu.hai-duong" in detail["succeeded_by"] and detail["agency"]["valid_to"] == "2025-02-28"


def test_a_merged_province_holds_the_documents_of_the_provinces_it_absorbed(client):
    rows = client.get("/provinces/hai-phong-2025/documents", params={"as_of": "2026-01-01"}).json()["items"]
    named = {r["document_id"]: r["named_province"] for r in rows}
    assert named["20-CTr-TU-hai-duong-2021"] == "hai-duong" and named["113-KH-UBND-hai-phong-2022"] == "hai-phong"
    assert client.get("/provinces/hai-phong-2025/documents", params={"as_of": "2025-06-30"}).json()["items"] == []
    assert client.get("/provinces/nowhere/documents").status_code == 404
