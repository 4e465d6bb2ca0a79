"""Targets (chỉ tiêu): indicator, comparator, value or range, unit, target and base year, per clause.

What is read, and where:
- every provision of an objectives zone (Mục tiêu, Chỉ tiêu), value by value;
- in a tasks zone, only clauses that say they set an aim (``TARGET_CUES``: "phấn đấu", "mỗi năm",
  "giai đoạn 2021 - 2030 là …") and graded levels ("dịch vụ công trực tuyến mức độ 4");
- never a zone of past results (Tình hình, Kết quả đạt được), nor a value the clause dates to a
  year before the plan's end ("năm 2020 đạt 40,89%"): results are not targets.

Each value belongs to the words of its own clause: either the words before it ("Tỷ lệ thất nghiệp
chung dưới 1%") or, when it opens its clause, the words after it ("20% nước thải sinh hoạt được xử
lý", "và 39% lực lượng lao động … tham gia bảo hiểm thất nghiệp"). The forms (units, comparator
phrases, elimination, levels, fractions, per-year amounts, cues) are named tables below, each row
with the reason it means what it does and an example the tests read back. Phrases are matched in
the folded text (``fold_chars`` keeps offsets), so "xoá"/"xóa" and "Tỷ"/"tỷ" are one form; units
and clause separators in the lower-cased text, where diacritics tell "căn" from "cán bộ".

Indicators map onto the curated SKOS scheme ``ontology/reference/indicators.csv``; a clause that
matches none keeps an indicator minted from its own words.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from loaders.layout import Item, Layout, Section
from loaders.numbers import NUMBER, parse_number
from loaders.registry import fold_chars, slug
from loaders.text import SourceText
from ontology.records import Comparator, TargetRecord


@dataclass(frozen=True)
class Form:
    """One row of a rule table: a folded pattern, what it means, why, and an example (tested).

    A pattern that scans whole clauses opens with its literal word, and a word boundary before it
    is written as a look-behind after it (``nam(?<!\\wnam)``): the regex engine skips ahead to a
    leading literal, but tries a leading ``\\b`` or look-behind at every offset."""

    name: str
    pattern: str
    reason: str
    example: str


# Units a value may carry, longest first; ``name`` is the unit written in the record. Matched in the
# lower-cased text with its diacritics: folded, "căn" (dwelling) is "cán bộ" (official) and "ha" is "Hà".
UNITS: tuple[Form, ...] = (
    Form("%/năm", r"%\s*/\s*năm", "a rate of change per year", "giảm tỷ lệ hộ nghèo 1%/năm"),
    Form("%", r"%", "a share", "tỷ lệ thất nghiệp chung dưới 1%"),
    Form("m² sàn/người", r"m[2²]\s*sàn\s*/\s*người", "floor area per person", "khoảng 32m² sàn/người"),
    Form("căn hộ", r"căn\s+hộ", "flats", "ít nhất 12.392 căn hộ nhà ở xã hội"),
    Form("căn", r"căn(?:\s+nhà)?", "dwellings", "nhà ở cho công nhân … là 6.000 căn"),
    Form("giường bệnh", r"giường(?:\s+bệnh)?(?:\s+viện)?", "hospital beds (per 10,000 people when said)",
         "32 giường bệnh, 11 bác sĩ, 02 dược sĩ trên 10.000 dân"),
    Form("bác sĩ", r"bác\s+sĩ", "doctors (per 10,000 people when said)", "11 bác sĩ trên 10.000 dân"),
    Form("dược sĩ", r"dược\s+sĩ", "pharmacists (per 10,000 people when said)", "02 dược sĩ trên 10.000 dân"),
    Form("điều dưỡng viên", r"điều\s+dưỡng\s+viên", "nurses (per 10,000 people when said)",
         "33 điều dưỡng viên trên 10.000 dân"),
    Form("tuổi", r"tuổi", "years of age: a value only for life expectancy (CONTEXT_UNITS)",
         "tuổi thọ trung bình của người dân khoảng 75,1 tuổi"),
    Form("năm", r"năm", "years: a value only for healthy life years (CONTEXT_UNITS)",
         "số năm sống khỏe đạt tối thiểu 68 năm"),
    Form("lượt người", r"lượt\s+người", "person-times (one person may count twice)",
         "bình quân hàng năm giải quyết 80.000 lượt người"),
    Form("người", r"người", "people", "đào tạo nghề cho 5.000 người"),
    Form("lao động", r"lao\s+động", "workers", "giải quyết việc làm cho 400.000 lao động"),
    Form("ha", r"ha", "hectares of land", "quỹ đất … giai đoạn 2021 - 2030 là 639 ha"),
    Form("tỷ đồng", r"t[ỷỉ]\s+đồng", "billions of đồng", "dự kiến nguồn vốn … là 2.539 tỷ đồng"),
    Form("triệu đồng", r"triệu\s+đồng", "millions of đồng", "hỗ trợ 50 triệu đồng"),
    Form("sàn giao dịch việc làm", r"sàn\s+giao\s+dịch(?:\s+việc\s+làm)?", "job fairs",
         "mỗi năm tổ chức 20 - 22 sàn giao dịch việc làm"),
    Form("lớp", r"lớp", "classes or courses", "Mỗi năm tổ chức trên 25 lớp tuyên truyền"),
    Form("hộ", r"hộ", "households", "hỗ trợ 500 hộ nghèo"),
)
_UNIT_RE = "|".join(f"(?P<u{i}>{u.pattern})" for i, u in enumerate(UNITS))
# A value, an optional range, a unit; not inside another number, and a footnote digit glued to the
# unit ("24%1") is left out of the value rather than making it unreadable.
VALUE_RE = re.compile(
    rf"(?<![\d.,/])(?P<lo>{NUMBER})\s*(?:%?\s*(?:đến|-|–)\s*(?P<hi>{NUMBER})\s*)?(?:{_UNIT_RE})(?![^\W\d_])")
# Units that are a value only for one indicator: the folded words that must come before.
CONTEXT_UNITS = {"tuổi": "tuoi tho", "năm": "nam song"}
PER_10K = re.compile(r"(?:tren|/)\s*(?:10\.000|1 van)\s*dan")
PER_10K_UNITS = frozenset({"giường bệnh", "bác sĩ", "dược sĩ", "điều dưỡng viên"})

# Comparator phrases just before the value (folded); the one nearest the value wins.
COMPARATOR_PHRASES: tuple[tuple[Form, Comparator], ...] = (
    (Form("not_below", r"khong thap hon", "not lower than", "tỷ lệ hộ có nhà ở an toàn không thấp hơn 90%"),
     Comparator.GE),
    (Form("at_least", r"toi thieu|it nhat", "at least", "tối thiểu 80% học sinh"), Comparator.GE),
    (Form("not_above", r"khong qua|toi da|khong vuot qua", "at most", "tỷ lệ hộ cận nghèo không quá 5%"),
     Comparator.LE),
    (Form("below", r"duoi", "below", "tỷ lệ thất nghiệp chung dưới 1%"), Comparator.LT),
    (Form("above", r"tren", "above", "trên 95% dân số tham gia bảo hiểm y tế"), Comparator.GT),
)
# Phrases right after the value that bound it.
AFTER_PHRASES: tuple[tuple[Form, Comparator], ...] = (
    (Form("or_more", r"^\s*tro len", "… or more", "tỷ lệ lao động qua đào tạo đạt 70% trở lên"), Comparator.GE),
    (Form("or_less", r"^\s*tro xuong", "… or less", "tỷ lệ thất nghiệp chung 3% trở xuống"), Comparator.LE),
)
# A value said to hold every year.
PER_YEAR = Form("per_year", r"(?:moi|hang)\s+nam|binh quan\s+(?:moi|hang)?\s*nam",
                "an amount to reach every year", "mỗi năm tổ chức 20 - 22 sàn giao dịch việc làm")
# "giảm" governing the value: the indicator is to be lowered by it.
REDUCE = Form("reduce", r"giam\s*$", "lower by the value", "Phấn đấu giảm 80% hộ nghèo A")
FRACTION = Form("fraction", r"giam\s+(?P<num>\d{1,2})\s*/\s*(?P<den>\d{1,2})\s+(?!\d)",
                "lower by a fraction, written as the share it is", "giảm 4/5 số hộ nghèo trong vòng 5 năm")
ELIMINATION: tuple[Form, ...] = (
    Form("eliminate_entirely", r"xoa\s+bo\s+hoan\s+toan\s+(?:tinh\s+trang\s+)?",
         "abolish completely: nothing is to remain", "xoá bỏ hoàn toàn tình trạng nhà tạm, nhà dột nát"),
    Form("none_left", r"khong\s+con\s+(?=(?:ho|nguoi|tre\s+em|tinh\s+trang|nha|xa)\b)",
         "none is to remain", "Đến năm 2025, không còn hộ nghèo theo chuẩn nghèo đa chiều"),
    Form("eliminate_all", r"xoa\s+(?:het|han)\s+", "remove all", "xoá hết nhà tạm"),
    Form("eradicate", r"loai\s+tru\s+(?=(?:benh|dich|sot|lao|tinh\s+trang)\b)", "eradicate a disease or a condition",
         "cơ bản chấm dứt các dịch bệnh AIDS, lao và loại trừ sốt rét"),
)
LEVEL = Form("level", r"muc(?<!\wmuc)\s+do\s+(?P<level>\d{1,2})\b(?!\s*[%/,.]\d)",
             "a graded level to reach or keep: the value is the grade",
             "phổ cập giáo dục tiểu học mức độ 3")
# In a tasks zone, a clause with a value is a target only when it says it sets an aim.
TARGET_CUES: tuple[Form, ...] = (
    Form("strive", r"phan dau", "strive to reach", "Phấn đấu giảm 80% hộ nghèo A"),
    Form("by_year", r"(?:den|toi)\s+(?:cuoi\s+)?nam\s+20\d\d", "by a year", "Đến năm 2025, không còn hộ nghèo"),
    Form("period_is", r"giai\s+doan\s+20\d\d\s*[-–]\s*20\d\d\s+la\b", "a period's amount",
         "quỹ đất … giai đoạn 2021 - 2030 là 639 ha"),
    Form("every_year", r"(?:moi|hang)\s+nam", "every year",
         "Mỗi năm tổ chức trên 25 lớp tuyên truyền pháp luật lao động"),
    Form("planned", r"du kien", "planned", "dự kiến nguồn vốn … là 2.539 tỷ đồng"),
    Form("ensure", r"(?:bao dam|dam bao)\s+(?:\S+\s+){0,3}?\d", "ensure a share",
         "Đảm bảo 100% cán bộ quản lý nhà nước … được tập huấn"),
)
# Words one of which each cue needs (a substring test spares running the cue over most task clauses).
CUE_HINTS: dict[str, tuple[str, ...]] = {
    "strive": ("phan dau",), "by_year": ("den nam", "toi nam", "den cuoi nam", "toi cuoi nam"),
    "period_is": ("giai doan",), "every_year": ("moi nam", "hang nam"), "planned": ("du kien",),
    "ensure": ("bao dam", "dam bao"),
}

# Every cue's words, each tested as a substring: an alternation of words has no literal start for
# the pattern engine to look for, so it would be tried at every offset of the clause.
_ANY_HINT: tuple[str, ...] = tuple(dict.fromkeys(h for hints in CUE_HINTS.values() for h in hints))
# A year a value is for: the last such phrase before it in its clause, else the first after it.
YEAR_PHRASES: tuple[Form, ...] = (
    Form("by_year", r"(?:den|toi|vao|trong)\s+(?:cuoi\s+)?nam\s+(?P<y>20\d\d)", "by a year", "đến năm 2025"),
    Form("period", r"(?:giai\s+doan|thoi\s+ky)\s+20\d\d\s*[-–]\s*(?P<y>20\d\d)", "a period ends in its last year",
         "giai đoạn 2021 - 2025"),
    Form("year", r"nam(?<!\wnam)(?<!so voi nam)(?<!thang \d nam)(?<!thang \d\d nam)\s+(?P<y>20\d\d)",
         "a year named on its own", "năm 2025"),
)
BASE_YEAR = Form("base_year", r"so\s+voi\s+(?:cuoi\s+)?(?:nam\s+)?(?P<y>20\d\d)", "the year a change is measured from",
                 "tăng 10% so với năm 2020")
# A value dated to a year of its own, before the plan's end, with nothing saying "by": a result.
PAST_VALUE = Form("past_value", r"(?:^|[^a-z])(?<!den )(?<!toi )(?<!vao )(?<!cuoi )(?<!trong )"
                                r"nam\s+(?P<y>20\d\d)\s*(?:dat|la|:)?\s*$",
                  "a year's achieved value, not an aim", "năm 2020 đạt 40,89%")
# Words that open a clause without naming what is measured.
_OPENING = (r"bao dam|dam bao|phan dau|duy tri|giu vung|giu|tiep tuc|co|du kien|hoan thanh|thuc hien|"
            r"(?:den|toi|vao|trong)\s+(?:cuoi\s+)?nam\s+20\d\d|(?:trong\s+)?giai\s+doan\s+20\d\d\s*[-–]\s*20\d\d|"
            r"binh quan|moi nam|hang nam|hang quy|va|trong do|dat|la|khoang|ve|o muc|muc|tu|chiem")
_FILLER = re.compile(rf"^(?:(?:{_OPENING})\b|[-–,;:.()]|\s)+")
# Words that say nothing of what is measured, when counting a phrase's words: the openers, "tỷ lệ"
# alone, and verbs before what they make ("giải quyết 80.000 lượt người", "xây dựng được … căn hộ").
_EMPTY = re.compile(rf"^(?:(?:{_OPENING}|ty le|ti le|so|to chuc|giai quyet|xay dung(?: duoc)?|ho tro|tao)\b"
                    rf"|[-–,;:.()]|\s)+")
_TRAILING_WORDS = ("dat", "la", "con", "o muc", "khoang", "duoi", "tren", "toi thieu", "it nhat", "tu", "chiem",
                   "giam", "xuong", "khong thap hon", "khong qua", "toi da", "phan dau", "tro len", "muc")
_TRAILING = re.compile(rf"(?:(?:^|\b)(?:{'|'.join(_TRAILING_WORDS)}|"
                       r"(?:trong\s+)?giai\s+doan\s+20\d\d\s*[-–]\s*20\d\d|(?:den|toi)\s+(?:cuoi\s+)?nam\s+20\d\d)"
                       r"|\s|,|:)+$")
# The words a closing run can end on (its phrases' last words; its periods and years end in digits).
_TRAILING_LAST = frozenset(w.split()[-1] for w in _TRAILING_WORDS)
# What a clause must hold to state a target at all: a figure, or an elimination's words as the text
# cases them (xoá/xóa, còn, loại trừ).
_DIGIT = re.compile(r"\d")
_ELIMINATION_WORDS: tuple[str, ...] = (*(x + o for x in "Xx" for o in "OoÓó"), "còn", "CÒN", "Loại trừ",
                                       "loại trừ", "LOẠI TRỪ")
# Every branch opens with a literal, so the pattern engine skips to the positions holding a first
# letter instead of trying each offset.
_ELIMINATION_WORD = re.compile("|".join(re.escape(w) for w in _ELIMINATION_WORDS))
SUBJECT_WORDS = 16  # syllables; the corpus's longest listed subject before its predicate has 14
# Where a value's own clause begins: punctuation, "trong đó", or "và" right before another value.
# Searched in the lower-cased text, not the folded one: folded, "trong đó" (of which) is "trong độ
# tuổi" (of age).
_SEPARATOR = re.compile(r"[,;:()]|trong đó(?<!\wtrong đó)\b|và(?<!\wvà)\b(?=\s+(?:\S+\s+)?\d)")


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    label_en: str
    patterns: tuple[re.Pattern[str], ...]
    gates: tuple[str, ...] = ()  # each pattern's literal start: a substring test before the pattern runs

    def names(self, folded: str) -> bool:
        """Whether a folded phrase names this indicator (one of its keywords occurs in it)."""
        return any(g in folded and p.search(folded) for g, p in zip(self.gates, self.patterns, strict=True))


def _literal_start(keyword: str) -> str:
    return re.split(r"[.*+?|()\[\]\\]", keyword, maxsplit=1)[0]


@cache
def indicators() -> tuple[Indicator, ...]:
    text = resources.files("ontology").joinpath("reference", "indicators.csv").read_text(encoding="utf-8")
    out = []
    for r in csv.DictReader(text.splitlines()):
        keywords = [fold_chars(k).lower() for k in r["keywords"].split("|")]
        out.append(Indicator(r["id"], r["label_vi"], r["label_en"], tuple(re.compile(k) for k in keywords),
                             tuple(_literal_start(k) for k in keywords)))
    return tuple(out)


@cache
def _gates() -> frozenset[str]:
    """Every keyword's literal start: the phrase is tested for these once, not per indicator."""
    return frozenset(g for ind in indicators() for g in ind.gates)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _may_state(text: str) -> bool:
    return _DIGIT.search(text) is not None or _ELIMINATION_WORD.search(text) is not None


def _hinted(folded: str) -> bool:
    return any(h in folded for h in _ANY_HINT)


def _may_aim(text: str) -> bool:
    """Whether a tasks-zone provision can state a target at all: a cue's word or a graded level."""
    folded = fold_chars(text).lower()
    return _hinted(folded) or "muc do" in folded


def _cued(folded: str) -> bool:
    """Whether a clause says it sets an aim (``TARGET_CUES``)."""
    if not _hinted(folded):
        return False
    return any(any(h in folded for h in CUE_HINTS[f.name]) and _compiled(f.pattern).search(folded)
               for f in TARGET_CUES)


@lru_cache(maxsize=4096)
def _indicator(phrase: str) -> tuple[str, str]:
    folded = fold_chars(phrase).lower()
    present = set(filter(folded.__contains__, _gates()))
    for ind in indicators():
        if not present.isdisjoint(ind.gates) and ind.names(folded):
            return ind.id, ind.label
    words = phrase.split()[:8]
    return "ind-" + slug(" ".join(words))[:60], " ".join(words)


@dataclass(frozen=True)
class Found:
    """One target read from a clause, before it gets its id and provenance."""

    indicator_id: str
    indicator: str
    comparator: Comparator
    value: float
    value_max: float | None
    unit: str
    year: int | None
    base_year: int | None


_CLAUSE_END = re.compile(r";|\.\s+(?=[A-ZĐÀ-Ỹ0-9])|\n")


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]


def _unit_group(m: re.Match[str]) -> str:
    """The unit's group: the last group a value match closes."""
    return m.lastgroup or ""


def _unit(m: re.Match[str]) -> str:
    return UNITS[int(_unit_group(m)[1:])].name


_ANY_COMPARATOR = re.compile("|".join(f"(?P<c{i}>{f.pattern})" for i, (f, _) in enumerate(COMPARATOR_PHRASES)))


def _comparator(before: str) -> Comparator:
    """The comparator phrase nearest before the value (within 30 characters), else "="."""
    hits = list(_ANY_COMPARATOR.finditer(before, max(0, len(before) - 30)))
    group = hits[-1].lastgroup if hits else None
    return COMPARATOR_PHRASES[int(group[1:])][1] if group else Comparator.EQ


def _own_start(low: str, start: int, floor: int) -> int:
    """Where the value's own clause begins: after the last separator between ``floor`` and the value."""
    cut = floor
    for s in _SEPARATOR.finditer(low, floor):  # not cut at ``start``: "và" looks ahead at the value
        if s.end() > start:
            break
        cut = s.end()
    return cut


def _words(folded_phrase: str) -> int:
    """How many words say what is measured (openers, comparators and "tỷ lệ" alone say nothing)."""
    piece = folded_phrase.strip()
    return len(_EMPTY.sub("", piece[:_tail_start(piece)]).split())


_TAIL_CHARS = 60  # the longest closing run ("giai đoạn 2021 - 2025 là khoảng" …) is shorter


@lru_cache(maxsize=4096)
def _tail_start(piece: str) -> int:
    """Where the closing comparator words of ``piece`` begin. Only its last characters are tried:
    an end-anchored repeated pattern tried from every offset of a long text costs its square."""
    offset = max(0, len(piece) - _TAIL_CHARS)
    end = len(piece)
    while end and (piece[end - 1] in ",:" or piece[end - 1].isspace()):
        end -= 1
    if not _may_close(piece[:end]):  # the run can only be the separators after the last word
        return max(end, offset) if end < len(piece) else len(piece)
    trail = _TRAILING.search(piece, offset)
    return trail.start() if trail else len(piece)


def _may_close(text: str) -> bool:
    """Whether the last word of ``text`` can end a closing run: the pattern is tried only then."""
    start = len(text)
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):  # what ``\w`` matches
        start -= 1
    word = text[start:]
    return word in _TRAILING_LAST or (len(word) == 4 and word.startswith("20") and word[2:].isdecimal())


def _phrase(clause: str, low: str, folded: str, start: int, unit_start: int, floor: int, ceiling: int) -> str:
    """The words the value at ``start`` measures; of the candidates the first naming a known
    indicator wins, else the first with words. When the value closes a clause with words of its own
    ("Tỷ lệ thất nghiệp chung dưới 1%", "thể gầy còm xuống dưới 5,2%"), those words, or its unit and
    the words after it ("12.392 căn hộ nhà ở xã hội"). When it opens its clause: its unit and the
    words after it ("20% nước thải … được xử lý"), up to the clause's end (a predicate two values
    share), the words since the previous value, the whole clause before it ("có bằng cấp, chứng đạt
    40%" after "lao động qua đào tạo … trong đó"). ``low`` is ``clause.lower()``."""
    own = _own_start(low, start, floor)
    after = _SEPARATOR.search(low, unit_start)
    stop = after.start() if after and after.start() < ceiling else ceiling
    if _words(folded[own:start]) >= 2:  # the value closes a clause of its own: its words, or a subject after
        spans = [(own, start), (unit_start, stop)]
    else:
        spans = [(unit_start, stop), (unit_start, _within(folded, unit_start, ceiling)), (floor, start), (0, start)]
        if clause[unit_start - 1:unit_start] == "%" and ceiling < len(clause):
            # a share before another value: "100% hộ … thành thị và 80% hộ … nông thôn được sử dụng nước sạch"
            shared = _SEPARATOR.search(low, ceiling + 1)
            spans.insert(1, (unit_start, shared.start() if shared else len(clause)))
    first = ""
    for a, b in spans:  # lazily: most values are settled by their first candidate
        if _words(folded[a:b]) < 2:
            continue
        phrase = _clean(clause, folded, a, b)
        if not _indicator(phrase)[0].startswith("ind-"):
            return phrase
        first = first or phrase
    return first


def _within(folded: str, start: int, end: int) -> int:
    """Where a subject that runs past a comma ("100% hộ gia đình, trường học, trạm y tế có công trình
    phụ hợp vệ sinh") stops: at ``end``, but after ``SUBJECT_WORDS`` words at most, so a long
    clause's later words do not name its indicator."""
    first = _compiled(rf"\s*(?:\S+\s+){{{SUBJECT_WORDS - 1}}}\S+").match(folded, start, end)
    return first.end() if first and first.end() < end else end


def _clean(clause: str, folded: str, start: int, end: int) -> str:
    """The original words of [start, end) without opening filler and closing comparator words."""
    piece = folded[start:end]
    filler = _FILLER.match(piece)
    lead = len(filler.group(0)) if filler else 0
    stop = max(lead, _tail_start(piece))
    text = clause[start + lead:start + stop]
    return text.strip(" ,;:.()")


def _year_phrases(folded: str) -> list[tuple[int, int, int, str]]:
    """Every year phrase of a clause: (start, end, year, form name), found once per clause."""
    if "20" not in folded:
        return []
    return [(m.start(), m.end(), int(m.group("y")), form.name)
            for form in YEAR_PHRASES for m in _compiled(form.pattern).finditer(folded)]


def _year_of(years: list[tuple[int, int, int, str]], start: int, end: int) -> int | None:
    """The year the value at [start, end) is for: the nearest year phrase before it, else the first after."""
    before: list[tuple[int, int]] = []
    after: list[tuple[int, int]] = []
    for p_start, p_end, year, name in years:
        if p_end <= start:
            before.append((p_end, year))
        elif p_start >= end and name != "year":  # after the value only "đến năm …", "giai đoạn …"
            after.append((p_start, year))
    if before:
        return max(before)[1]
    if after:
        return min(after)[1]
    return None


def _base_year(folded: str) -> int | None:
    m = _compiled(BASE_YEAR.pattern).search(folded)
    return int(m.group("y")) if m else None


def _is_past(folded: str, start: int, end: int, period_end: int | None) -> bool:
    """A value dated to a year of its own before the plan's end ("năm 2020 đạt 40,89%", "74,8% (năm 2020)")."""
    m = _compiled(PAST_VALUE.pattern).search(folded[max(0, start - 25):start])
    after = _compiled(r"\s*\(nam\s+(20\d\d)\)").match(folded, end)
    year = int(m.group("y")) if m else int(after.group(1)) if after else None
    return year is not None and period_end is not None and year < period_end


def _numbers(low: str, folded: str) -> Iterator[tuple[re.Match[str], str]]:
    """The values of a clause (lower-cased) with their units, without those a unit's context rules out."""
    for m in _values(low):
        unit = _unit(m)
        context = CONTEXT_UNITS.get(unit)
        if context is not None and context not in folded[max(0, m.start() - 60):m.start()]:
            continue
        if _compiled(r"(?:nam|giai doan|so)\s*$").search(folded, max(0, m.start() - 12), m.start()):
            continue  # a year ("năm 2025") or a document number, not a quantity
        yield m, unit


_DIGITS = re.compile(r"\d+")


def _values(low: str) -> Iterator[re.Match[str]]:
    """``VALUE_RE.finditer(low)``, tried only where a run of digits starts: a value opens with one,
    and the pattern's leading look-behind would otherwise be tried at every offset."""
    end = 0
    for run in _DIGITS.finditer(low):
        if run.start() < end:
            continue
        m = VALUE_RE.match(low, run.start())
        if m:
            end = m.end()
            yield m


def clause_targets(clause: str, context_year: int | None, period_end: int | None,
                   cued_only: bool = False, previous: tuple[str, str] | None = None) -> list[Found]:
    """Every target one clause states, in the order of its values. With ``cued_only`` (a tasks zone)
    numeric values count only when the clause says it sets an aim (``TARGET_CUES``). A value whose
    clause names nothing ("trong đó giai đoạn 2021 - 2025 là 2.500 căn") measures ``previous``, the
    indicator of the clause before it."""
    if not _may_state(clause):
        return []  # most task clauses: no figure, no elimination
    folded = fold_chars(clause)
    low = clause.lower()
    cued = not cued_only or _cued(folded)
    if not cued and "muc do" not in folded:
        return []
    base = _base_year(folded)
    years = _year_phrases(folded)
    found: list[tuple[int, Found]] = []

    def add(start: int, end: int, phrase: str, comparator: Comparator, value: float,
            value_max: float | None, unit: str, indicator: tuple[str, str] | None = None) -> None:
        ind_id, label = indicator or _indicator(phrase)
        year = _year_of(years, start, end) or context_year or period_end
        found.append((start, Found(ind_id, label, comparator, value, value_max, unit, year, base)))

    values = list(_numbers(low, folded)) if cued else []
    fraction = _compiled(FRACTION.pattern).search(folded) if cued else None
    spans = [(m.start(), m.end()) for m, _ in values]
    if fraction:
        spans.append((fraction.start("num"), fraction.end("den")))
    spans.sort()
    for m, unit in values:
        if _is_past(folded, m.start(), m.end(), period_end):
            continue
        floor = max([e for s, e in spans if e <= m.start()], default=0)
        ceiling = min([s for s, e in spans if s >= m.end()], default=len(clause))
        before = folded[floor:m.start()]
        lo, hi = parse_number(m.group("lo")), (parse_number(m.group("hi")) if m.group("hi") else None)
        per_year = _compiled(PER_YEAR.pattern).search(folded[max(floor, m.start() - 40):m.start()])
        after = folded[m.end():m.end() + 20]
        comparator = next((c for f, c in AFTER_PHRASES if _compiled(f.pattern).match(after)), None) or \
            _comparator(before)
        if unit == "%/năm" or _compiled(REDUCE.pattern).search(before):
            comparator = Comparator.REDUCE_BY
        elif per_year:
            comparator = Comparator.PER_YEAR
        elif hi is not None:
            comparator = Comparator.RANGE
        if unit in PER_10K_UNITS and PER_10K.search(folded):
            add(m.start(), m.end(), unit, comparator, lo, hi, f"{unit}/10.000 dân")
            continue
        unit_start = m.end() if unit.startswith("%") else m.start(_unit_group(m))
        of_which = previous is not None and _words(folded[floor:m.start()]) == 0 and \
            low.startswith("trong đó")
        phrase = "" if of_which else _phrase(clause, low, folded, m.start(), unit_start, floor, ceiling)
        if phrase or of_which:  # a bare value ("Đến năm 2025: 90%", the text cut off) measures nothing known
            add(m.start(), m.end(), phrase, comparator, lo, hi, unit, previous if of_which else None)
    if fraction:
        share = 100 * int(fraction.group("num")) / int(fraction.group("den"))
        stop = _SEPARATOR.search(low, fraction.end())
        phrase = _clean(clause, folded, fraction.end(), stop.start() if stop else len(clause))
        add(fraction.start(), fraction.end(), phrase, Comparator.REDUCE_BY, round(share, 4), None, "%")
    if cued:
        for form in ELIMINATION:
            for e in _compiled(form.pattern).finditer(folded):
                stop = _SEPARATOR.search(low, e.end())
                phrase = _clean(clause, folded, e.end(), stop.start() if stop else len(clause))
                if phrase:
                    add(e.start(), e.end(), phrase, Comparator.ELIMINATE, 0.0, None, "")
    for lv in _compiled(LEVEL.pattern).finditer(folded):
        own = _own_start(low, lv.start(), 0)
        phrase = _clean(clause, folded, own, lv.start())
        if _words(fold_chars(phrase).lower()) >= 1:
            add(lv.start(), lv.end(), phrase, Comparator.LEVEL, float(lv.group("level")), None, "mức độ")
    return [f for _, f in sorted(found, key=lambda x: x[0])]


def _stated_year(clause: str) -> int | None:
    """The last year a clause says its aims are for ("Đến năm 2030:", "giai đoạn 2021 - 2025")."""
    if "20" not in clause:
        return None
    folded = fold_chars(clause).lower()
    found = [(m.end(), int(m.group("y"))) for f in YEAR_PHRASES[:2] for m in _compiled(f.pattern).finditer(folded)]
    return max(found)[1] if found else None


def _context_year(section: Section) -> int | None:
    """The year the headings above a provision name ("Mục tiêu chính đến năm 2030")."""
    folded = fold_chars(section.context()).lower()
    years = [int(m.group("y")) for f in YEAR_PHRASES[:2] for m in _compiled(f.pattern).finditer(folded)]
    return max(years) if years else None


def read_targets(doc_id: str, source: SourceText, layout: Layout,
                 period_end: int | None) -> list[TargetRecord]:
    """Targets of the objectives zones, and the cued ones of the tasks zones, each with its clause
    quoted as provenance. Pure: the same layout gives the same records."""
    out: list[TargetRecord] = []
    for section in layout.root.walk():
        if section.zone not in ("objectives", "tasks"):
            continue
        units = list(section.items)
        if not any(i.start == section.start for i in units):  # a long heading is already its first item
            units.insert(0, Item("para", "", section.heading, section.start, section.start))
        section_year: int | None = None
        looked = False  # the headings' year is read once, and only for a section with a candidate
        seen: set[tuple[object, ...]] = set()
        running: int | None = None  # "Đến năm 2025: A 33%; B 3%": the year goes on to the next clauses
        for item in units:
            previous: tuple[str, str] | None = None
            if section.zone == "tasks" and not (_may_state(item.text) and _may_aim(item.text)):
                running = None
                continue
            if not looked:
                section_year, looked = _context_year(section), True
            for clause in _clauses(item.text):
                found = clause_targets(clause, running or section_year, period_end, section.zone == "tasks",
                                       previous)
                previous = (found[-1].indicator_id, found[-1].indicator) if found else previous
                running = _stated_year(clause) or running
                for t in found:
                    key = (clause, t.indicator_id, t.comparator, t.value, t.value_max, t.unit, t.year)
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(TargetRecord(
                        id=f"{doc_id}.{section.path}~t{len(seen)}", section=section.path, text=clause,
                        indicator=t.indicator, indicator_id=t.indicator_id, comparator=t.comparator,
                        value=t.value, value_max=t.value_max, unit=t.unit, year=t.year, base_year=t.base_year,
                        source=source.source(item.start, item.end, clause)))
            if not item.text.rstrip().endswith(":"):  # an item ending in ":" introduces the next ones
                running = None
    return out
