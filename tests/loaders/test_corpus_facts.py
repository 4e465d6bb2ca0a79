"""What the loaders must read from each of the five real documents."""

from __future__ import annotations

import datetime as dt

from ontology.records import Comparator, Extraction, Relation, Role, TaskRecord


def _refs(ex: Extraction, relation: Relation, subject: str | None = None) -> set[str]:
    subject = subject or ex.document.id
    return {r.id for r in ex.references if r.relation is relation and r.subject == subject}


def _task(ex: Extraction, path: str) -> TaskRecord:
    return next(t for t in ex.tasks if t.id == f"{ex.document.id}.{path}")


# --- Hà Nam: plan of the provincial People's Committee, 2024, no number -----------------------

def test_ha_nam_plan_implements_the_government_programme_and_the_provincial_party_programme(extractions):
    ha_nam = extractions["ha_nam"]
    assert _refs(ha_nam, Relation.IMPLEMENTS) == {"68-NQ-CP-2024", "113-CTr-TU-ha-nam-2024"}


def test_ha_nam_plan_says_both_of_its_parents_implement_resolution_42(extractions):
    ha_nam = extractions["ha_nam"]
    assert "42-NQ-TW-2023" in _refs(ha_nam, Relation.IMPLEMENTS, "68-NQ-CP-2024")
    assert "42-NQ-TW-2023" in _refs(ha_nam, Relation.IMPLEMENTS, "113-CTr-TU-ha-nam-2024")


def test_ha_nam_plan_metadata_keeps_the_blank_number_unknown(extractions):
    doc = extractions["ha_nam"].document
    assert (doc.kind, doc.number, doc.date, doc.year) == ("KH", None, None, 2024)
    assert doc.issuer == "Ủy ban nhân dân tỉnh Hà Nam"
    assert doc.province == "tỉnh Hà Nam"
    assert any(w.code == "unnumbered" for w in extractions["ha_nam"].warnings)


def test_ha_nam_task_1_1_is_hosted_by_the_provincial_department_of_information(extractions):
    task = _task(extractions["ha_nam"], "III.1.1")
    assert task.host == ["Sở Thông tin và Truyền thông tỉnh Hà Nam"]
    assert not task.host_inherited
    assert "Ủy ban nhân dân cấp huyện tỉnh Hà Nam" in task.coordinators
    assert "Các sở, ban, ngành có liên quan tỉnh Hà Nam" in task.coordinators
    assert task.source.quote.startswith("1.1. Định hướng các cơ quan báo chí")


def test_ha_nam_sentence_form_chu_tri_phoi_hop_gives_host_and_coordinators(extractions):
    task = _task(extractions["ha_nam"], "III.8")
    assert task.host == ["Sở Kế hoạch và Đầu tư tỉnh Hà Nam"]
    assert "Ủy ban nhân dân cấp huyện tỉnh Hà Nam" in task.coordinators


def test_ha_nam_reporting_channel_is_read_from_qua_so(extractions):
    reporting = [t for t in extractions["ha_nam"].tasks if t.reporting]
    assert any("Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam" in t.reporting for t in reporting)


def test_ha_nam_targets_cover_comparators_ranges_and_per_10000_rates(extractions):
    targets = extractions["ha_nam"].targets
    by = {(t.indicator_id, t.comparator, t.value, t.value_max, t.unit) for t in targets}
    assert ("unemployment-rate", Comparator.LT, 1.0, None, "%") in by
    assert ("urban-unemployment-rate", Comparator.LT, 1.0, None, "%") in by
    assert ("trained-labour-certified", Comparator.RANGE, 60.0, 65.0, "%") in by
    assert ("hospital-beds", Comparator.EQ, 32.0, None, "giường bệnh/10.000 dân") in by
    assert ("doctors", Comparator.EQ, 11.0, None, "bác sĩ/10.000 dân") in by
    assert ("pharmacists", Comparator.EQ, 2.0, None, "dược sĩ/10.000 dân") in by
    housing = next(t for t in targets if t.unit == "căn hộ")
    assert (housing.comparator, housing.value) == (Comparator.GE, 12392.0)
    assert all(t.year == 2030 for t in targets)


# --- Hải Dương: Party programme, number only in the appendix -----------------------------------

def test_hai_duong_number_and_date_come_from_the_appendix_heading(extractions):
    doc = extractions["hai_duong"].document
    assert (doc.kind, doc.number, doc.issuer_code, doc.date) == ("CTr", "20", "TU", dt.date(2021, 8, 19))
    assert doc.id == "20-CTr-TU-hai-duong-2021"
    assert doc.issuer == "Ban Chấp hành Đảng bộ tỉnh Hải Dương"


def test_hai_duong_labour_department_hosts_only_the_provision_the_party_committee_directs(extractions):
    # "4. Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo Sở Lao động, Thương binh và Xã hội chủ trì …":
    # a directed host leads that provision, not the Party programme as a whole (issue 19).
    ex = extractions["hai_duong"]
    assert ex.document.lead_agency is None
    duty = _task(ex, "P3.4")
    assert duty.directors == ["Ban cán sự đảng Ủy ban nhân dân tỉnh Hải Dương"]
    assert duty.host == ["Sở Lao động - Thương binh và Xã hội tỉnh Hải Dương"]


def test_hai_duong_drug_rehabilitation_task_names_no_host_and_inherits_none(extractions):
    ex = extractions["hai_duong"]
    task = next(t for t in ex.tasks if "cai nghiện ma túy" in t.text and t.section.startswith("P2.III"))
    assert task.host == []
    assert not task.host_inherited


def test_hai_duong_appendix_rows_carry_deciders_deadline_funding_and_enumerated_coordinators(extractions):
    row = _task(extractions["hai_duong"], "PL.II.1")
    assert row.text.startswith("Dự án “Xây dựng công trình Đền Liệt sĩ")
    assert row.deadline == "Năm 2022"
    assert row.funding == "Trung ương, địa phương và xã hội hoá"
    assert set(row.deciders) == {"Ủy ban nhân dân tỉnh Hải Dương", "Bộ Lao động - Thương binh và Xã hội"}
    assert {"Sở Tài chính tỉnh Hải Dương", "Sở Xây dựng tỉnh Hải Dương",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hải Dương"} <= set(row.coordinators)


def test_hai_duong_past_results_are_not_targets(extractions):
    assert not [t for t in extractions["hai_duong"].targets if t.section.startswith("P1")]


def test_hai_duong_distribution_list_is_not_an_assignment(extractions):
    ex = extractions["hai_duong"]
    assert not [t for t in ex.tasks if "Lưu Văn phòng" in t.text or "Ban Bí thư TW Đảng" in t.text]


# --- Hậu Giang: draft Party programme ------------------------------------------------------------

def test_hau_giang_is_a_draft_with_unknown_number_and_date(extractions):
    doc = extractions["hau_giang"].document
    assert doc.draft and doc.number is None and doc.date is None and doc.year == 2023


def test_hau_giang_reports_the_resolution_42_and_43_mismatch(extractions):
    ex = extractions["hau_giang"]
    assert _refs(ex, Relation.IMPLEMENTS) == {"42-NQ-TW-2023"}
    mismatch = [w for w in ex.warnings if w.code == "implements_mismatch"]
    assert len(mismatch) == 1 and "43-NQ/TW" in mismatch[0].message
    assert mismatch[0].source is not None and "43-NQ/TW" in mismatch[0].source.quote


# --- Hải Phòng: 12 agency duty sections ----------------------------------------------------------

def test_hai_phong_each_of_the_twelve_duty_sections_becomes_assignments(extractions):
    ex = extractions["hai_phong"]
    for n in range(1, 13):
        duties = [t for t in ex.tasks if t.section == f"IV.{n}"]
        assert duties and all(t.host for t in duties), f"IV.{n}"


def test_hai_phong_requested_bodies_are_marked_as_requested(extractions):
    ex = extractions["hai_phong"]
    first = next(t for t in ex.tasks if t.section == "IV.12")
    hosts = [a for a in first.assignments if a.role is Role.HOST]
    assert {a.agency.name for a in hosts} >= {"Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hải Phòng",
                                              "Liên đoàn Lao động thành phố Hải Phòng"}
    assert all(a.requested for a in hosts)


def test_hai_phong_lineage_runs_through_decision_1983_to_conclusion_92(extractions):
    ex = extractions["hai_phong"]
    assert "1983-QD-TTg-2021" in _refs(ex, Relation.IMPLEMENTS)
    assert "92-KL-TW-2020" in _refs(ex, Relation.IMPLEMENTS, "1983-QD-TTg-2021")
    assert "15-NQ-TW-2012" in _refs(ex, Relation.CONTINUES, "92-KL-TW-2020")


# --- Đồng Nai ------------------------------------------------------------------------------------

def test_dong_nai_header_and_parent(extractions):
    ex = extractions["dong_nai"]
    doc = ex.document
    assert (doc.number, doc.date, doc.province) == ("9491", dt.date(2021, 8, 10), "tỉnh Đồng Nai")
    assert (doc.period_start, doc.period_end) == (2021, 2025)
    assert _refs(ex, Relation.IMPLEMENTS) == {"54-KH-TU-dong-nai-2021"}


def test_dong_nai_standing_body_is_the_lead(extractions):
    lead = extractions["dong_nai"].document.lead_agency
    assert lead is not None and lead.id == "so-lao-dong-tbxh.dong-nai"


def test_dong_nai_enumerated_departments_become_individual_hosts(extractions):
    task = _task(extractions["dong_nai"], "V.3")
    assert len(task.host) == 7
    assert "Bảo hiểm xã hội tỉnh Đồng Nai" in task.host
    assert task.reporting == ["Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai"]


def test_every_fact_quotes_its_source_lines(extractions):
    for ex in extractions.values():
        lines = (ex.file.file, ex.file.sha256)
        assert lines[1]
        for fact in [*ex.tasks, *ex.targets, *ex.references, *ex.sections]:
            assert fact.source.quote and fact.source.line_start <= fact.source.line_end
