"""Who carries a task now, on both backends: the 2025 reorganisation applied to the corpus's tasks
(issue "Who is responsible now"), answered identically by the embedded store and Neo4j."""

from __future__ import annotations

import pytest

from api.routes.tasks import responsible_now
from graph.backends import EmbeddedBackend, Neo4jBackend
from queries.registry import library

HA_NAM = "x-KH-UBND-ha-nam-2024-a382d3c1"
HAI_DUONG = "20-CTr-TU-hai-duong-2021"
HAI_PHONG = "113-KH-UBND-hai-phong-2022"
TODAY = "2026-11-23"


@pytest.fixture(params=["embedded", "neo4j"])
def backend(request, loaded_store):
    if request.param == "embedded":
        return EmbeddedBackend(loaded_store)
    return Neo4jBackend(request.getfixturevalue("pushed"))


def holders(backend, task: str, as_of: str, role: str = "host") -> dict[str, list[str]]:
    rows = backend.run(library()["responsible_now"], {"id": task, "as_of": as_of})
    return {r.named_id: [h.holder_name or "unknown" for h in r.holders]
            for r in responsible_now(rows) if r.role == role}


def test_a_people_with_merit_task_of_the_ha_nam_labour_department_is_carried_by_ninh_binh_home_affairs(backend):
    task = f"{HA_NAM}.III.3"   # "Thực hiện tốt chính sách ưu đãi người có công với cách mạng …"
    assert holders(backend, task, TODAY) == {"so-lao-dong-tbxh.ha-nam": ["Sở Nội vụ tỉnh Ninh Bình"]}
    assert holders(backend, task, "2024-12-31") == {
        "so-lao-dong-tbxh.ha-nam": ["Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam"]}
    assert holders(backend, task, "2025-03-01") == {"so-lao-dong-tbxh.ha-nam": ["Sở Nội vụ tỉnh Hà Nam"]}


def test_a_social_protection_task_of_the_same_department_goes_to_ninh_binh_health(backend):
    task = f"{HA_NAM}.III.5.2"   # "Phát triển hệ thống trợ giúp xã hội …"
    assert holders(backend, task, TODAY) == {"so-lao-dong-tbxh.ha-nam": ["Sở Y tế tỉnh Ninh Bình"]}


def test_a_planning_and_investment_task_goes_to_ninh_binh_finance(backend):
    task = f"{HA_NAM}.III.8"
    assert holders(backend, task, TODAY) == {"so-ke-hoach-dau-tu.ha-nam": ["Sở Tài chính tỉnh Ninh Bình"]}


def test_a_hai_duong_project_is_carried_by_the_hai_phong_body_of_its_field(backend):
    task = f"{HAI_DUONG}.PL.II.1"   # the memorial to fallen soldiers: people with merit
    assert holders(backend, task, TODAY) == {"so-lao-dong-tbxh.hai-duong": ["Sở Nội vụ thành phố Hải Phòng"]}


def test_hai_phong_tasks_are_carried_by_the_new_citys_bodies(backend):
    task = f"{HAI_PHONG}.II.2~3"   # poverty reduction
    assert holders(backend, task, TODAY) == {
        "so-lao-dong-tbxh.hai-phong": ["Sở Nông nghiệp và Môi trường thành phố Hải Phòng"]}
    vocational = holders(backend, f"{HAI_PHONG}.IV.1~3", TODAY)   # "… chất lượng nguồn nhân lực …"
    assert vocational == {"so-lao-dong-tbxh.hai-phong": ["Sở Giáo dục và Đào tạo thành phố Hải Phòng"]}


def test_a_task_given_by_the_general_clause_follows_its_field_and_stays_marked_inherited(backend):
    task = f"{HAI_PHONG}.II.2~5"   # "Tổ chức triển khai … các chính sách trợ giúp xã hội …"
    rows = responsible_now(backend.run(library()["responsible_now"], {"id": task, "as_of": TODAY}))
    [host] = [r for r in rows if r.role == "host"]
    assert host.named_id == "so-lao-dong-tbxh.hai-phong" and host.inherited
    assert [h.holder_name for h in host.holders] == ["Sở Y tế thành phố Hải Phòng"]
    assert [s.legal_basis for s in host.holders[0].chain] == ["45-2025-ND-CP", "202-2025-NQ-QH15"]


def test_a_task_whose_text_names_no_host_has_nobody_to_carry_it(backend):
    """Hải Dương's programme has no general clause: "Đổi mới công tác cai nghiện ma túy …" names nobody."""
    assert holders(backend, f"{HAI_DUONG}.P2.III.2.6~4", TODAY) == {}


def test_a_central_ministry_task_with_an_unverified_successor_says_so(backend):
    rows = backend.run(library()["successors"], {"id": "bo-ldtbxh", "as_of": TODAY})
    unknown = [r for r in rows if r["successor_id"] is None]
    assert [r["scope"] for r in unknown] == ["drug_rehab"] and unknown[0]["status"] == "not_verified"
    assert "CHƯA ĐƯỢC XÁC MINH" in unknown[0]["note"]
