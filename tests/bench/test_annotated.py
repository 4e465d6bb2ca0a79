"""The hand-annotation scorer: how a reading is matched to an annotation and what each figure counts.

The annotation and the readings here are made up and tiny; the real annotation of the corpus is
scored by ``python -m bench.accuracy --hand``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from bench.annotated import load_annotations, name_key, parse_annotation, quote_problems, same_unit, score
from ontology.records import (
    AgencyKind,
    AgencyRef,
    AssignmentRecord,
    Comparator,
    DocumentRecord,
    Extraction,
    Role,
    Source,
    SourceFile,
    TargetRecord,
    TaskRecord,
)

FILE = "plan.txt"
PLAN = "\n".join([
    "KẾ HOẠCH",                                                                  # 1
    "Năm 2020 tỷ lệ hộ nghèo còn 2%.",                                           # 2
    "Đến năm 2025, tỷ lệ thất nghiệp dưới 3%; tuổi thọ trung bình khoảng 75,1 tuổi.",  # 3
    "1. Rà soát chính sách trợ giúp xã hội.",                                    # 4
    "- Cơ quan chủ trì: Sở LĐ-TB&XH.",                                           # 5
    "- Cơ quan phối hợp: Sở Tài chính, Sở Y tế. Thời gian: Quý IV/2025.",        # 6
    "2. Sở Y tế tỉnh Hà Nam nâng cao chất lượng khám chữa bệnh.",                # 7
    "3. Tuyên truyền chính sách xã hội.",                                        # 8
    "Phụ lục: Rà soát chính sách trợ giúp xã hội | Sở LĐ-TB&XH | Năm 2025",       # 9
])
ANNOTATION = {
    "file": FILE,
    "annotator_note": "made up for the scorer's tests",
    "targets": [
        {"lines": [3, 3], "quote": "tỷ lệ thất nghiệp dưới 3%", "indicator": "tỷ lệ thất nghiệp",
         "comparator": "<", "value": 3, "value_max": None, "unit": "%", "year": 2025, "base_year": None},
        {"lines": [3, 3], "quote": "tuổi thọ trung bình khoảng 75,1 tuổi", "indicator": "tuổi thọ trung bình",
         "comparator": "=", "value": 75.1, "value_max": None, "unit": "tuổi", "year": 2025, "base_year": None},
    ],
    "past_results": [{"lines": [2, 2], "quote": "tỷ lệ hộ nghèo còn 2%"}],
    "tasks": [
        {"lines": [4, 6], "quote": "Rà soát chính sách trợ giúp xã hội",
         "host": ["Sở Lao động - Thương binh và Xã hội"], "host_inherited": False,
         "coordinators": ["Sở Tài chính", "Sở Y tế"], "deciders": [], "directors": [], "deadline": "Quý IV/2025",
         "restates": None},
        {"lines": [7, 7], "quote": "nâng cao chất lượng khám chữa bệnh", "host": ["Sở Y tế"],
         "host_inherited": False, "coordinators": [], "deciders": [], "directors": [], "deadline": None,
         "restates": None},
        {"lines": [8, 8], "quote": "Tuyên truyền chính sách xã hội", "host": [], "host_inherited": False,
         "coordinators": [], "deciders": [], "directors": [], "deadline": None, "restates": None},
        {"lines": [9, 9], "quote": "Rà soát chính sách trợ giúp xã hội | Sở LĐ-TB&XH", "host": ["Sở LĐ-TB&XH"],
         "host_inherited": False, "coordinators": [], "deciders": [], "directors": [], "deadline": "Năm 2025",
         "restates": "Rà soát chính sách trợ giúp xã hội"},
    ],
}


def src(first: int, last: int | None = None) -> Source:
    return Source(file=FILE, line_start=first, line_end=last or first, quote="…")


def agency(key: str) -> AgencyRef:
    return AgencyRef(id=f"{key}.ha-nam", name=key, kind=AgencyKind.AGENCY, category="department")


def task(first: int, last: int, hosts: Sequence[str], coordinators: Sequence[str] = (),
         deadline: str | None = None, details: Sequence[str] = ()) -> TaskRecord:
    roles = [(Role.HOST, k) for k in hosts] + [(Role.COORDINATOR, k) for k in coordinators]
    return TaskRecord(id=f"t{first}", section="II", text=PLAN.split("\n")[first - 1], deadline=deadline,
                      details=tuple(details),
                      assignments=tuple(AssignmentRecord(role=r, agency=agency(k), source=src(first))
                                        for r, k in roles),
                      source=src(first, last))


def target(line: int, indicator: str, comparator: Comparator, value: float, year: int | None = 2025,
           unit: str = "%") -> TargetRecord:
    return TargetRecord(id=f"g{line}{indicator}", section="I", text=indicator, indicator=indicator,
                        indicator_id=indicator, comparator=comparator, value=value, unit=unit, year=year,
                        source=src(line))


def reading(tasks: list[TaskRecord], targets: list[TargetRecord]) -> dict[str, Extraction]:
    return {FILE: Extraction(file=SourceFile(file=FILE, sha256="0" * 64, encoding="utf-8", size=len(PLAN)),
                             document=DocumentRecord(id="kh-ubnd", kind="KH", issuer="UBND", issuer_code="UBND"),
                             tasks=tuple(tasks), targets=tuple(targets))}


APPENDIX_ROW = task(9, 9, ["so-lao-dong-tbxh"], deadline="Năm 2025")
RIGHT_TASKS = [task(4, 6, ["so-lao-dong-tbxh"], ["so-tai-chinh", "so-y-te"], "Quý IV/2025", details=["t9"]),
               task(7, 7, ["so-y-te"]), task(8, 8, []), APPENDIX_ROW]
RIGHT_TARGETS = [target(3, "tỷ lệ thất nghiệp", Comparator.LT, 3), target(3, "tuổi thọ trung bình", Comparator.EQ,
                                                                          75.1, unit="tuổi")]


@pytest.fixture
def annotation_dir(tmp_path: Path) -> Path:
    """The annotation, with the plan's text beside it (the scorer reads both)."""
    (tmp_path / "plan.json").write_text(json.dumps(ANNOTATION, ensure_ascii=False), encoding="utf-8")
    (tmp_path / FILE).write_text(PLAN, encoding="utf-8")
    return tmp_path


def score_reading(tasks: list[TaskRecord], targets: list[TargetRecord], annotation_dir: Path) -> dict[str, object]:
    return score(reading(tasks, targets), annotation_dir, corpus=annotation_dir)


def test_a_reading_that_agrees_with_the_annotation_scores_one_everywhere(annotation_dir: Path) -> None:
    result = score_reading(RIGHT_TASKS, RIGHT_TARGETS, annotation_dir)
    figures = result["figures"]
    assert result["files"] == [FILE]
    for name in ("targets_found", "targets_precision", "targets_value_year_right", "targets_comparator_right",
                 "tasks_found", "hosts_right", "deadlines_right", "restatements_linked"):
        assert figures[name] == 1.0, name  # type: ignore[index]
    assert figures["coordinators"]["f1"] == 1.0  # type: ignore[index]
    assert result["errors"] == []


def test_a_target_read_from_a_past_result_is_counted_apart_from_spurious_ones(annotation_dir: Path) -> None:
    extra = [target(2, "tỷ lệ hộ nghèo", Comparator.EQ, 2), target(7, "khám chữa bệnh", Comparator.EQ, 1)]
    counts = score_reading(RIGHT_TASKS, RIGHT_TARGETS + extra, annotation_dir)["counts"]
    assert counts["targets_from_past_results"] == 1  # type: ignore[index]
    assert counts["targets_spurious"] == 1  # type: ignore[index]


def test_a_target_with_the_indicator_but_a_wrong_value_is_found_with_its_value_wrong(annotation_dir: Path) -> None:
    misread = [RIGHT_TARGETS[0], target(3, "tuổi thọ trung bình", Comparator.EQ, 751, unit="tuổi")]
    result = score_reading(RIGHT_TASKS, misread, annotation_dir)
    assert result["figures"]["targets_found"] == 1.0  # type: ignore[index]
    assert result["figures"]["targets_value_year_right"] == 0.5  # type: ignore[index]


def test_a_share_read_as_a_fraction_has_the_same_value_as_a_percentage(annotation_dir: Path) -> None:
    fraction = [target(3, "tỷ lệ thất nghiệp", Comparator.LT, 0.03), RIGHT_TARGETS[1]]
    assert score_reading(RIGHT_TASKS, fraction, annotation_dir)["figures"]["targets_value_year_right"] == 1.0  # type: ignore[index]


def test_hosts_are_compared_as_sets_and_coordinators_by_precision_and_recall(annotation_dir: Path) -> None:
    wrong = [task(4, 6, ["so-lao-dong-tbxh", "so-tai-chinh"], ["so-y-te"]), *RIGHT_TASKS[1:]]
    figures = score_reading(wrong, RIGHT_TARGETS, annotation_dir)["figures"]
    assert figures["hosts_right"] == 0.75  # type: ignore[index]
    assert figures["coordinators"] == {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 4), "tp": 1,  # type: ignore[index]
                                       "predicted": 1, "expected": 2}
    assert figures["deadlines_right"] == 0.5  # type: ignore[index]


def test_a_task_read_as_two_is_one_found_and_one_split_not_spurious(annotation_dir: Path) -> None:
    split = [task(4, 4, ["so-lao-dong-tbxh"]), task(5, 6, ["so-lao-dong-tbxh"]), *RIGHT_TASKS[1:]]
    counts = score_reading(split, RIGHT_TARGETS, annotation_dir)["counts"]
    assert counts["tasks_found"] == 4  # type: ignore[index]
    assert counts["tasks_split"] == 1  # type: ignore[index]
    assert "tasks_spurious" not in counts  # type: ignore[operator]


def test_two_tasks_read_as_one_are_one_found_and_one_merged(annotation_dir: Path) -> None:
    merged = [RIGHT_TASKS[0], task(7, 8, ["so-y-te"]), APPENDIX_ROW]
    counts = score_reading(merged, RIGHT_TARGETS, annotation_dir)["counts"]
    assert (counts["tasks_found"], counts["tasks_merged"]) == (3, 1)  # type: ignore[index]


def test_a_restatement_counts_as_linked_only_when_the_reading_makes_it_one_task(annotation_dir: Path) -> None:
    assert score_reading(RIGHT_TASKS, RIGHT_TARGETS, annotation_dir)["figures"]["restatements_linked"] == 1.0  # type: ignore[index]
    apart = [task(4, 6, ["so-lao-dong-tbxh"], ["so-tai-chinh", "so-y-te"], "Quý IV/2025"), *RIGHT_TASKS[1:]]
    assert score_reading(apart, RIGHT_TARGETS, annotation_dir)["figures"]["restatements_linked"] == 0.0  # type: ignore[index]


def test_names_as_printed_and_the_registry_id_meet_on_one_key() -> None:
    assert name_key("Sở LĐ-TB&XH") == name_key("Sở Lao động, Thương binh và xã hội tỉnh Hà Nam") == "so-lao-dong-tbxh"
    assert name_key("Sở Y tế thành phố Hải Phòng") == "so-y-te"
    assert name_key("Tổ công tác liên ngành về nhà ở tỉnh") == "text:to cong tac lien nganh ve nha o"


def test_an_annotation_quote_that_is_not_in_its_lines_is_reported(annotation_dir: Path) -> None:
    annotation = load_annotations(annotation_dir)[FILE]
    assert quote_problems(annotation, PLAN) == []
    moved = parse_annotation({**ANNOTATION, "past_results": [{"lines": [3, 3], "quote": "tỷ lệ hộ nghèo còn 2%"}]})
    assert len(quote_problems(moved, PLAN)) == 1


def test_a_target_with_the_value_under_another_indicators_name_is_found_with_its_indicator_wrong(
        annotation_dir: Path) -> None:
    renamed = [RIGHT_TARGETS[0], target(3, "Tỷ lệ đi học đúng độ tuổi", Comparator.EQ, 75.1, unit="tuổi")]
    figures = score_reading(RIGHT_TASKS, renamed, annotation_dir)["figures"]
    assert (figures["targets_found"], figures["targets_indicator_right"]) == (1.0, 0.5)  # type: ignore[index]


def test_units_agree_on_their_first_word_and_base_not_on_the_counter_printed() -> None:
    assert same_unit("giường/10.000 dân", "giường bệnh/10.000 dân")
    assert same_unit("căn", "căn hộ") and same_unit("m2 sàn/người", "m² sàn/người")
    assert not same_unit("%", "%/năm")
    assert not same_unit("giường/10.000 dân", "giường/1.000 dân")
