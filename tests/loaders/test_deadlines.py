"""Deadlines as data: the forms a deadline is written in become a due period, a recurrence and the
quote; a task's own sentence may state one; nothing else is guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.deadlines import IN_TEXT_FORMS, PERIOD_FORMS, RECURRENCE_FORMS, find_deadline, parse_deadline, read_due
from ontology.records import Recurrence


@pytest.mark.parametrize("form", PERIOD_FORMS, ids=lambda f: f.name)
def test_every_period_example_gives_its_period(form):
    due = parse_deadline(form.example)
    assert due is not None and due.period == form.expected


@pytest.mark.parametrize("form", RECURRENCE_FORMS, ids=lambda f: f.name)
def test_every_recurrence_example_gives_its_recurrence(form):
    due = parse_deadline(form.example)
    assert due is not None and due.recurrence is form.recurrence


@pytest.mark.parametrize("form", IN_TEXT_FORMS, ids=lambda f: f.name)
def test_every_in_text_example_states_its_deadline(form):
    due = find_deadline(form.example)
    assert due is not None and due.quote == form.expected


@pytest.mark.parametrize(("written", "period", "start", "end", "recurrence", "day"), [
    ("Năm 2022", "2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31), None, None),
    ("Quý IV/2021", "2021-Q4", dt.date(2021, 10, 1), dt.date(2021, 12, 31), None, None),
    ("trước ngày 05/12 hằng năm", None, None, None, Recurrence.YEARLY, "12-05"),
    ("Thường xuyên", None, None, None, Recurrence.ONGOING, None),
    ("2021-2025", "2021/2025", dt.date(2021, 1, 1), dt.date(2025, 12, 31), None, None),
    ("tháng 12/2023", "2023-12", dt.date(2023, 12, 1), dt.date(2023, 12, 31), None, None),
    ("hoàn thành trong tháng 12/2023 và chỉ đạo thực hiện thường xuyên", "2023-12", dt.date(2023, 12, 1),
     dt.date(2023, 12, 31), Recurrence.ONGOING, None),
    ("trước ngày 30/6/2022", "2022-06-30", None, dt.date(2022, 6, 30), None, None),
    ("Quý I năm 2024", "2024-Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), None, None),
    ("Định kỳ 06 tháng (trước 30/6), hàng năm (trước ngày 31/12)", None, None, None, Recurrence.YEARLY, "12-31"),
])
def test_the_deadlines_the_documents_print(written, period, start, end, recurrence, day):
    due = parse_deadline(written)
    assert due is not None
    assert (due.period, due.start, due.end, due.recurrence, due.day, due.quote) == \
        (period, start, end, recurrence, day, written)


@pytest.mark.parametrize("written", ["", "   ", "Theo tiến độ dự án", "2025-2021", "tháng 13/2023", "ngày 31/02/2023"])
def test_what_no_form_reads_is_no_deadline(written):
    assert parse_deadline(written) is None


def test_a_year_inside_a_quoted_title_is_not_a_deadline():
    assert find_deadline("Xây dựng Đề án “Phát triển nguồn nhân lực vào năm 2030”") is None


def test_a_yearly_word_inside_a_noun_phrase_is_not_a_deadline():
    assert find_deadline("căn cứ tình hình ngân sách hàng năm, hỗ trợ tham gia bảo hiểm y tế") is None


def test_the_column_wins_over_the_sentence():
    due = read_due("Năm 2023", "Báo cáo trước ngày 05/12 hằng năm")
    assert due is not None and due.period == "2023" and due.recurrence is None


def test_ha_nam_reports_are_due_every_year_by_the_fifth_of_december(extractions):
    task = next(t for t in extractions["ha_nam"].tasks if "trước ngày 05/12 hằng năm" in t.text)
    assert task.due is not None and (task.due.recurrence, task.due.day) == (Recurrence.YEARLY, "12-05")
    assert task.deadline == "trước ngày 05/12 hằng năm"


def test_hai_duong_appendix_rows_are_due_in_their_year(extractions):
    dues = {(t.deadline, t.due.period) for t in extractions["hai_duong"].tasks if t.due and t.deadline}
    assert ("Năm 2022", "2022") in dues
