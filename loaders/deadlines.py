"""Deadlines as data: "Năm 2022", "Quý IV/2021", "trước ngày 05/12 hằng năm", "Thường xuyên" → ``Deadline``.

A task's deadline is printed in an appendix column ("Thời gian hoàn thành") or stated in the task's own
sentence ("báo cáo … trước ngày 05/12 hằng năm"). It says *when* (a period: a day, month, quarter,
year or span of years) and/or *how often* (yearly, quarterly, monthly, ongoing). Both are read with
the named forms below, each with the reason it means what it does and an example that the tests
read back. Nothing is guessed: a string none of the forms reads gives no ``Deadline``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from loaders.numbers import make_date
from loaders.text import fold_chars
from ontology.records import Deadline, Recurrence

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"((?:19|20)\d\d)"


@dataclass(frozen=True)
class Span:
    """A period read from a match: its ISO-like name and its first and last days."""

    period: str
    start: dt.date | None
    end: dt.date | None


def _day(m: re.Match[str]) -> Span | None:
    day = make_date(m.group(1), m.group(2), m.group(3))
    return Span(day.isoformat(), None, day) if day else None


def _month(m: re.Match[str]) -> Span | None:
    month, year = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    return Span(f"{year}-{month:02d}", dt.date(year, month, 1), dt.date(year, month, last))


def _quarter(m: re.Match[str]) -> Span:
    q, year = _ROMAN_QUARTERS[m.group(1).lower()], int(m.group(2))
    first = dt.date(year, 3 * q - 2, 1)
    last_month = 3 * q
    return Span(f"{year}-Q{q}", first, dt.date(year, last_month, calendar.monthrange(year, last_month)[1]))


def _half(m: re.Match[str]) -> Span:
    first_half, year = m.group(1).lower() == "đầu", int(m.group(2))
    if first_half:
        return Span(f"{year}-H1", dt.date(year, 1, 1), dt.date(year, 6, 30))
    return Span(f"{year}-H2", dt.date(year, 7, 1), dt.date(year, 12, 31))


def _years(m: re.Match[str]) -> Span | None:
    first, last = int(m.group(1)), int(m.group(2))
    if last < first:
        return None
    return Span(f"{first}/{last}", dt.date(first, 1, 1), dt.date(last, 12, 31))


def _year(m: re.Match[str]) -> Span:
    year = int(m.group(1))
    return Span(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass(frozen=True)
class PeriodForm:
    """One way a period is written: the pattern, what it becomes, why, and an example (tested)."""

    name: str
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str]], Span | None]
    reason: str
    example: str
    expected: str


# Tried in this order; the first that reads a period wins (a day before the month it contains, a
# quarter or month before the bare year it ends with, a span of years before either of its years).
PERIOD_FORMS: tuple[PeriodForm, ...] = (
    PeriodForm("day", re.compile(rf"(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*/\s*{_YEAR}"), _day,
               "a full date: the task is due by that day", "trước ngày 30/6/2022", "2022-06-30"),
    PeriodForm("day_words", re.compile(rf"ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_YEAR}", re.I), _day,
               "a date in words, as headers print them", "trước ngày 15 tháng 12 năm 2024", "2024-12-15"),
    PeriodForm("quarter", re.compile(rf"quý\s+(IV|III|II|I|[1-4])\s*(?:/|năm|,)\s*{_YEAR}", re.I), _quarter,
               "a quarter of a year, in Roman or Arabic figures", "Quý IV/2021", "2021-Q4"),
    PeriodForm("half", re.compile(rf"6\s+tháng\s+(đầu|cuối)\s+năm\s+{_YEAR}", re.I), _half,
               "the first or last six months of a year", "6 tháng đầu năm 2023", "2023-H1"),
    PeriodForm("month", re.compile(rf"tháng\s+(\d{{1,2}})\s*(?:/|năm)\s*{_YEAR}", re.I), _month,
               "a month of a year", "hoàn thành trong tháng 12/2023", "2023-12"),
    PeriodForm("years", re.compile(rf"{_YEAR}\s*(?:[-–]|đến(?:\s+năm)?)\s*{_YEAR}", re.I), _years,
               "a span of years (a plan's period): due through its last year", "2021-2025", "2021/2025"),
    PeriodForm("year", re.compile(rf"(?<![\d/.–-]){_YEAR}(?![\d/]|\s*[-–]\s*\d)"), _year,
               "a single year: due by its end", "Năm 2022", "2022"),
)


@dataclass(frozen=True)
class RecurrenceForm:
    """One way a recurrence is written: the pattern, the recurrence, why, and an example (tested)."""

    name: str
    pattern: re.Pattern[str]
    recurrence: Recurrence
    reason: str
    example: str


_EVERY = r"(?:hằng|hàng|mỗi)"
# Tried in this order; the first that matches wins. The yearly day form comes first: it also says
# which day of the year ("trước ngày 05/12 hằng năm").
YEARLY_DAY = re.compile(rf"ngày\s+(\d{{1,2}})\s*/\s*(\d{{1,2}})(?!\s*/\s*\d)\s*(?:của\s+)?{_EVERY}\s+năm", re.I)
YEARLY_THEN_DAY = re.compile(rf"{_EVERY}\s+năm\s*\(?\s*(?:trước|chậm\s+nhất)?\s*(?:ngày\s+)?(\d{{1,2}})\s*/"
                             rf"\s*(\d{{1,2}})(?!\s*/\s*\d)", re.I)
RECURRENCE_FORMS: tuple[RecurrenceForm, ...] = (
    RecurrenceForm("yearly_day", YEARLY_DAY, Recurrence.YEARLY,
                   "a day and month with no year, every year", "trước ngày 05/12 hằng năm"),
    RecurrenceForm("yearly_then_day", YEARLY_THEN_DAY, Recurrence.YEARLY,
                   "every year, then the day it is due by", "hàng năm (trước ngày 31/12)"),
    RecurrenceForm("quarterly", re.compile(rf"{_EVERY}\s+quý|định\s+kỳ\s+quý", re.I), Recurrence.QUARTERLY,
                   "every quarter", "báo cáo hằng quý"),
    RecurrenceForm("monthly", re.compile(rf"{_EVERY}\s+tháng|định\s+kỳ\s+tháng", re.I), Recurrence.MONTHLY,
                   "every month", "hằng tháng"),
    RecurrenceForm("yearly", re.compile(rf"{_EVERY}\s+năm|định\s+kỳ\s+năm", re.I), Recurrence.YEARLY,
                   "every year", "Hằng năm"),
    RecurrenceForm("ongoing", re.compile(r"thường\s+xuyên|liên\s+tục", re.I), Recurrence.ONGOING,
                   "continuously: the task is due at every date", "Thường xuyên"),
)

@dataclass(frozen=True)
class InTextForm:
    """One way a task's own sentence states its deadline: the phrase (group ``d``) is then read as
    a deadline string. Only phrases that say by when or how often something is done count, never a
    bare year or a "hằng năm" inside a noun phrase ("nguồn ngân sách hằng năm" is not a deadline)."""

    name: str
    pattern: re.Pattern[str]
    reason: str
    example: str
    expected: str

    @property
    def hints(self) -> tuple[str, ...]:
        """Words one of which a text must hold for the form to match, diacritics folded: a substring
        test first spares running the pattern over the many task texts that state no deadline, and
        on the folded text (one byte a character) the test is cheaper and still sound."""
        return _HINTS[self.name]


_EVERY_PHRASES = tuple(f"{e} {p}" for e in ("hang", "moi") for p in ("nam", "quy", "thang"))
_HINTS: dict[str, tuple[str, ...]] = {
    "time_field": ("thoi gian",), "before_date": ("truoc", "cham nhat"), "periodic": ("dinh ky",),
    "complete_in": ("hoan thanh",), "at_year": ("vao",), "leading_period": (*_EVERY_PHRASES, "thuong"),
    "plan_every": _EVERY_PHRASES, "every_then_duty": _EVERY_PHRASES,
}
_ALL_HINTS = tuple(dict.fromkeys(h for hints in _HINTS.values() for h in hints))
_PAREN = r"(?:\s*\([^)]*\))?"
IN_TEXT_FORMS: tuple[InTextForm, ...] = (
    InTextForm("time_field", re.compile(r"thời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện)\s*:\s*(?P<d>[^;.\n]+)"),
               "a labelled deadline in a task block", "- Thời gian hoàn thành: Năm 2025", "Năm 2025"),
    InTextForm("before_date", re.compile(rf"(?P<d>(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?)\s+ngày\s+\d{{1,2}}\s*/"
                                         rf"\s*\d{{1,2}}(?:\s*/\s*(?:19|20)\d\d|\s+(?:của\s+)?{_EVERY}\s+năm)?)"),
               "a day by which the task is to be done",
               "Định kỳ báo cáo đánh giá tình hình thực hiện trước ngày 05/12 hằng năm", "trước ngày 05/12 hằng năm"),
    InTextForm("periodic", re.compile(rf"(?P<d>định\s+kỳ\s*[^.;:]*?{_EVERY}\s+(?:tháng|quý|năm)\)?"
                                      rf"{_PAREN})"),
               "a periodic duty (định kỳ … hằng tháng/quý/năm), with the day when given",
               "Định kỳ 06 tháng (trước 30/6), hàng năm (trước ngày 31/12) báo cáo kết quả",
               "Định kỳ 06 tháng (trước 30/6), hàng năm (trước ngày 31/12)"),
    InTextForm("complete_in", re.compile(r"(?P<d>hoàn\s+thành\s+(?:trong|trước|vào)\s+(?:quý\s+\S+|"
                                         r"tháng\s+\d{1,2}\s*/\s*\d{4}|năm\s+\d{4}|"
                                         r"6\s+tháng\s+\S+\s+năm\s+\d{4}))"),
               "a period in which the task is to be completed", "Ban hành kế hoạch, hoàn thành trong Quý II/2022",
               "hoàn thành trong Quý II/2022"),
    InTextForm("at_year", re.compile(r"(?P<d>vào\s+(?:cuối\s+)?năm\s+(?:19|20)\d\d)(?!\d)"),
               "an event set in a year (a final review)", "tổ chức tổng kết thực hiện kế hoạch vào năm 2025",
               "vào năm 2025"),
    InTextForm("leading_period", re.compile(rf"^\W*(?P<d>{_EVERY}\s+(?:năm|quý|tháng)|thường\s+xuyên)\b"),
               "a sentence that opens by saying how often its duty recurs",
               "Thường xuyên theo dõi, kiểm tra, đánh giá tình hình thực hiện", "Thường xuyên"),
    InTextForm("plan_every", re.compile(rf"(?P<d>(?:kế\s+hoạch|báo\s+cáo)(?:\s+[^\s,.;]+){{0,2}}\s+{_EVERY}\s+"
                                        rf"(?:năm|quý|tháng))(?!\s+(?:của|thực|học))"),
               "a plan or report to be made every year, quarter or month",
               "xây dựng kế hoạch cụ thể hàng năm, tổ chức triển khai", "kế hoạch cụ thể hàng năm"),
    InTextForm("every_then_duty", re.compile(rf"(?P<d>{_EVERY}\s+(?:năm|quý|tháng))\s+(?:báo\s+cáo|tổ\s+chức|"
                                             rf"đánh\s+giá|rà\s+soát|kiểm\s+tra|sơ\s+kết|tổng\s+kết)"),
               "a duty introduced by how often it recurs",
               "Tăng cường kiểm tra, hàng năm báo cáo tình hình thực hiện Kế hoạch", "hàng năm"),
)


def _period(text: str) -> Span | None:
    for form in PERIOD_FORMS:
        for m in form.pattern.finditer(text):
            span = form.read(m)
            if span is not None:
                return span
    return None


def _recurrence(text: str) -> tuple[Recurrence | None, str | None]:
    for form in RECURRENCE_FORMS:
        m = form.pattern.search(text)
        if m is None:
            continue
        if form.name in ("yearly_day", "yearly_then_day"):
            day = make_date(m.group(1), m.group(2), "2000")  # a leap year: 29/02 is a day of the year
            return form.recurrence, day.strftime("%m-%d") if day else None
        return form.recurrence, None
    return None, None


def parse_deadline(text: str | None) -> Deadline | None:
    """The deadline a string states, or None when no form reads it (never a guess)."""
    if not text or not text.strip():
        return None
    quote = " ".join(text.split())
    span = _period(quote)
    recurrence, day = _recurrence(quote)
    if span is None and recurrence is None:
        return None
    return Deadline(period=span.period if span else None, start=span.start if span else None,
                    end=span.end if span else None, recurrence=recurrence, day=day, quote=quote)


def find_deadline(text: str) -> Deadline | None:
    """The deadline a task's own sentence states ("… trước ngày 05/12 hằng năm"), or None. The forms
    run on the lower-cased text (case-blind Unicode matching costs several times more); the quote
    is the original's words at the same place."""
    folded = fold_chars(text)
    held = set(filter(folded.__contains__, _ALL_HINTS))  # each hint tested once, whatever forms share it
    if not held:
        return None  # most task texts: no form can match
    low = text.lower()
    same = len(low) == len(text)
    for form in IN_TEXT_FORMS:
        if held.isdisjoint(form.hints):
            continue
        for m in form.pattern.finditer(low):
            if _quoted(low, m.start()):
                continue
            found = parse_deadline(text[m.start("d"):m.end("d")] if same else m.group("d"))
            if found is not None:
                return found
    return None


def _quoted(text: str, at: int) -> bool:
    """Inside a quoted name ("Đề án “… vào năm 2030”"): a title's words are not a deadline."""
    before = text[:at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def read_due(deadline: str | None, text: str) -> Deadline | None:
    """A task's due: its deadline string when it has one, else a deadline its own sentence states."""
    if deadline:
        return parse_deadline(deadline)
    return find_deadline(text)
