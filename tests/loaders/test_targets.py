"""Targets in every form the documents use: each rule table's examples read back, one value per
indicator of its own clause, years and base years, and no target from a past result."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import layout
from loaders.targets import (
    AFTER_PHRASES,
    BASE_YEAR,
    COMPARATOR_PHRASES,
    ELIMINATION,
    FRACTION,
    LEVEL,
    PAST_VALUE,
    PER_YEAR,
    TARGET_CUES,
    UNITS,
    YEAR_PHRASES,
    Found,
    clause_targets,
    indicators,
    read_targets,
)
from loaders.text import read_file
from ontology.records import Comparator

FIXTURES = Path(__file__).parent / "fixtures" / "targets"


def read(clause: str, year: int | None = 2030, tasks_zone: bool = False) -> list[Found]:
    return clause_targets(clause, year, year, cued_only=tasks_zone)


def only(clause: str, **kw: object) -> Found:
    [found] = read(clause, **kw)  # type: ignore[arg-type]
    return found


# -- the rule tables: every example reads as its row says ----------------------------------------

@pytest.mark.parametrize("form", UNITS, ids=lambda f: f.name)
def test_every_unit_example_is_a_value_with_that_unit(form):
    units = [t.unit for t in read(form.example)]
    assert any(u == form.name or u.startswith(form.name + "/") for u in units), units


@pytest.mark.parametrize(("form", "comparator"), COMPARATOR_PHRASES + AFTER_PHRASES,
                         ids=lambda x: getattr(x, "name", ""))
def test_every_comparator_phrase_example_gives_its_comparator(form, comparator):
    assert only(form.example).comparator is comparator


@pytest.mark.parametrize("form", ELIMINATION, ids=lambda f: f.name)
def test_every_elimination_example_is_a_target_of_zero(form):
    found = [t for t in read(form.example) if t.comparator is Comparator.ELIMINATE]
    assert found and all(t.value == 0 and t.unit == "" for t in found)


def test_the_level_example_reads_the_grade():
    target = only(LEVEL.example)
    assert (target.indicator_id, target.comparator, target.value) == \
        ("universal-primary-education", Comparator.LEVEL, 3)


def test_a_fraction_to_reduce_by_is_the_share_it_is():
    target = only(FRACTION.example)
    assert (target.indicator_id, target.comparator, target.value, target.unit) == \
        ("poverty-reduction", Comparator.REDUCE_BY, 80.0, "%")


def test_an_amount_every_year_is_per_year_and_keeps_its_range():
    target = only(PER_YEAR.example)
    assert (target.comparator, target.value, target.value_max, target.unit) == \
        (Comparator.PER_YEAR, 20, 22, "sàn giao dịch việc làm")


@pytest.mark.parametrize("form", TARGET_CUES, ids=lambda f: f.name)
def test_in_a_tasks_zone_every_cue_example_states_a_target(form):
    assert read(form.example, tasks_zone=True)


def test_in_a_tasks_zone_a_quantity_without_a_cue_is_not_a_target():
    assert read("Hỗ trợ sửa chữa nhà ở cho 300 hộ nghèo.", tasks_zone=True) == []
    assert read("Hỗ trợ sửa chữa nhà ở cho 300 hộ nghèo.")  # the same words as an objective are one


@pytest.mark.parametrize("form", YEAR_PHRASES, ids=lambda f: f.name)
def test_every_year_phrase_example_gives_the_year_of_a_value_after_it(form):
    assert only(f"{form.example} tỷ lệ thất nghiệp chung dưới 2%", year=None).year == 2025


def test_the_base_year_is_the_year_a_change_is_measured_from():
    target = only(BASE_YEAR.example)
    assert (target.value, target.base_year) == (10, 2020)


def test_a_value_dated_to_an_earlier_year_is_a_result_not_a_target():
    assert read(f"Tỷ lệ tham gia bảo hiểm xã hội {PAST_VALUE.example}") == []
    assert read("tỷ lệ xã đạt chuẩn phù hợp với trẻ em đạt 74,8% (năm 2020)") == []
    assert only("Phấn đấu đến năm 2025 đạt 50% lao động tham gia bảo hiểm xã hội", year=None).year == 2025


# -- whose value is it: each value belongs to the indicator of its own clause ----------------------

def test_two_indicators_of_one_sentence_keep_their_own_values():
    life, healthy = read("tuổi thọ trung bình của người dân khoảng 75,1 tuổi, số năm sống khỏe đạt tối thiểu 68 năm")
    assert (life.indicator_id, life.value, life.comparator) == ("life-expectancy", 75.1, Comparator.EQ)
    assert (healthy.indicator_id, healthy.value, healthy.comparator) == ("healthy-years", 68, Comparator.GE)


def test_a_value_that_opens_its_clause_measures_the_words_after_it():
    collected, treated = read("30% điểm dân cư nông thôn tập trung có hệ thống thu gom nước thải sinh hoạt, "
                              "20% nước thải sinh hoạt được xử lý")
    assert (collected.indicator_id, collected.value) == ("wastewater-collection", 30)
    assert (treated.indicator_id, treated.value) == ("wastewater-treatment", 20)


def test_and_before_a_value_starts_a_clause_of_its_own():
    social, unemployment = read("49% lực lượng lao động trong độ tuổi lao động tham gia bảo hiểm xã hội và 39% "
                                "lực lượng lao động trong độ tuổi lao động tham gia bảo hiểm thất nghiệp")
    assert (social.indicator_id, social.value) == ("social-insurance-coverage", 49)
    assert (unemployment.indicator_id, unemployment.value) == ("unemployment-insurance-coverage", 39)


def test_two_subjects_share_the_predicate_after_them():
    urban, rural = read("100% hộ gia đình ở thành thị và 80% hộ gia đình ở nông thôn được sử dụng nước sạch")
    assert (urban.indicator_id, rural.indicator_id) == ("clean-water-urban", "clean-water-rural")


def test_of_which_needs_no_words_of_its_own():
    whole, part = read("quỹ đất giai đoạn 2026 - 2030 là 500 ha; trong đó giai đoạn 2026 - 2027 là 200 ha")[:1] + \
        clause_targets("trong đó giai đoạn 2026 - 2027 là 200 ha", 2030, 2030, previous=("social-housing-land", "x"))
    assert (whole.value, whole.year) == (500, 2030)
    assert (part.indicator_id, part.value, part.year) == ("social-housing-land", 200, 2027)


def test_numbers_group_thousands_with_dots_and_decimals_with_commas():
    assert only("Xây dựng được ít nhất 12.392 căn hộ nhà ở xã hội").value == 12392
    assert only("tỷ lệ suy dinh dưỡng thể nhẹ cân dưới 13,5%").value == 13.5


def test_a_footnote_digit_glued_to_a_value_is_not_part_of_it():
    assert only("tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi dưới 24%1").value == 24


def test_a_unit_is_read_with_its_diacritics():
    """Folded, "cán bộ" (officials) would read as "căn" (dwellings)."""
    assert read("có ít nhất từ 01-02 cán bộ làm công tác xã hội") == []


def test_a_value_that_measures_nothing_is_left_out():
    assert read("Đến năm 2025: 90%") == []


def test_indicator_keywords_are_unique_ids():
    ids = [i.id for i in indicators()]
    assert len(ids) == len(set(ids))


# -- a small document: zones, running years, provenance ---------------------------------------------

def test_a_plan_gives_the_targets_of_its_objectives_and_the_cued_ones_of_its_tasks():
    src = read_file(FIXTURES / "plan_with_results_objectives_and_tasks.txt")
    got = {(t.source.line_start, t.indicator_id, t.comparator.value, t.value, t.value_max, t.year)
           for t in read_targets("doc", src, layout.parse(src), 2030)}
    assert got == {
        (12, "unemployment-rate", "<", 2, None, 2030), (12, "trained-labour", "range", 70, 75, 2030),
        (14, "clean-water", "=", 90, None, 2030), (14, "unemployment-insurance-coverage", "=", 60, None, 2030),
        (16, "immunisation", ">", 97, None, 2028), (16, "hospital-beds", "=", 40, None, 2028),
        (18, "temporary-housing", "eliminate", 0, None, 2030),
        (18, "universal-primary-education", "level", 3, None, 2030),
        (24, "job-fairs", "per_year", 10, 12, 2030),
        (26, "worker-housing", "=", 3000, None, 2030), (26, "worker-housing", "=", 1000, None, 2027),
    }  # nothing from the results of line 6, nor the uncued 300 households of line 22


def test_each_target_quotes_its_clause():
    src = read_file(FIXTURES / "plan_with_results_objectives_and_tasks.txt")
    target = next(t for t in read_targets("doc", src, layout.parse(src), 2030) if t.indicator_id == "hospital-beds")
    assert target.text == target.source.quote == "40 giường bệnh trên 10.000 dân."
    assert target.id.startswith("doc.II.1~t")


# -- the corpus -------------------------------------------------------------------------------------

def test_ha_nam_life_expectancy_and_wastewater_keep_their_own_values(extractions):
    by = {(t.indicator_id, t.value) for t in extractions["ha_nam"].targets}
    assert {("life-expectancy", 75.1), ("healthy-years", 68), ("wastewater-treatment", 20),
            ("wastewater-collection", 30), ("temporary-housing", 0)} <= by


def test_dong_nai_tasks_state_amounts_of_land_money_and_job_fairs(extractions):
    by = {(t.comparator, t.value, t.unit, t.year) for t in extractions["dong_nai"].targets}
    assert {(Comparator.EQ, 639, "ha", 2030), (Comparator.EQ, 291, "ha", 2025),
            (Comparator.EQ, 2539, "tỷ đồng", 2025), (Comparator.PER_YEAR, 80000, "lượt người", 2025),
            (Comparator.LEVEL, 4, "mức độ", 2025)} <= by


def test_hai_phong_eliminates_poverty_by_2025(extractions):
    [target] = extractions["hai_phong"].targets
    assert (target.comparator, target.value, target.year) == (Comparator.ELIMINATE, 0, 2025)


def test_no_target_comes_from_a_past_zone(extractions):
    hai_duong = extractions["hai_duong"]
    past = {s.path for s in hai_duong.sections if s.path.startswith("P1")}
    assert hai_duong.targets and not any(t.section in past for t in hai_duong.targets)


# -- shortcuts agree with the rules they spare ------------------------------------------------------

def test_the_closing_run_shortcut_finds_what_the_pattern_finds():
    """``_tail_start`` tries its pattern only when the last word can end a closing run; on every
    clause end of the corpus (and the forms the shortcut reasons about) both give the same start."""
    from loaders import targets
    from loaders.text import fold_chars

    def by_pattern(piece: str) -> int:
        trail = targets._TRAILING.search(piece, max(0, len(piece) - targets._TAIL_CHARS))
        return trail.start() if trail else len(piece)

    pieces = ["", " ", ", :", "25%", "la%", "ty le ho ngheo dat", "toi thieu ", "phan dau, ", "nam 20٢٥",
              "giai doan 2021 - 2025:", "den cuoi nam 2030", "x2025", "so__la", "tro len  ,"]
    for path in sorted((Path(__file__).parents[2] / "corpus").glob("*.txt")):
        folded = fold_chars(path.read_text(encoding="utf-8")).lower()
        pieces += [folded[max(0, end - 90):end] for end in range(0, len(folded), 7)]
    for piece in pieces:
        assert targets._tail_start.__wrapped__(piece) == by_pattern(piece), piece[-80:]
