"""Targets (chỉ tiêu): indicator, comparator, value or range, unit and year, several per sentence.

Only provisions in an objectives zone are read, so the results of past periods ("năm 2020 tăng
152% so với năm 2015") are never mistaken for targets. Indicators are mapped onto a small curated
SKOS scheme (``ontology/reference/indicators.csv``); a clause that matches none keeps an indicator
minted from its own words.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from loaders.layout import Item, Layout, Section
from loaders.numbers import NUMBER, parse_number
from loaders.registry import fold_chars, slug
from loaders.text import SourceText
from ontology.records import Comparator, TargetRecord

_PER_10K = r"(?:trên|/)\s*(?:10\.000|1 vạn)\s*dân"
_UNITS = r"%/năm|%|căn hộ|căn|giường bệnh|bác sĩ|dược sĩ|điều dưỡng viên|tuổi|năm|m2 sàn/người|m² sàn/người|" \
         r"lao động|ha"
VALUE_RE = re.compile(
    rf"(?P<lo>{NUMBER})\s*(?:(?P<lounit>%)\s*)?(?:(?:đến|-|–)\s*(?P<hi>{NUMBER})\s*)?"
    rf"(?P<unit>{_UNITS})(?![\wà-ỹ])", re.IGNORECASE)
_COMPARATORS: list[tuple[str, Comparator]] = [
    ("khong thap hon", Comparator.GE), ("toi thieu", Comparator.GE), ("it nhat", Comparator.GE),
    ("khong qua", Comparator.LE), ("toi da", Comparator.LE), ("duoi", Comparator.LT), ("tren", Comparator.GT),
]
_CONTEXT_UNITS = {"tuổi": "tuoi tho", "năm": "so nam song"}
_YEAR = re.compile(r"(?:đến năm|năm)\s+(20\d\d)|giai đoạn\s+20\d\d\s*[-–]\s*(20\d\d)", re.IGNORECASE)
_FILLER = re.compile(r"^(bảo đảm|đảm bảo|phấn đấu|duy trì|giữ vững|tiếp tục|có|đến năm \d{4}:?|và|trong đó:?|"
                     r"[-–,;:]|\s)+", re.IGNORECASE)


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    label_en: str
    patterns: tuple[re.Pattern[str], ...]


@cache
def indicators() -> tuple[Indicator, ...]:
    text = resources.files("ontology").joinpath("reference", "indicators.csv").read_text(encoding="utf-8")
    return tuple(Indicator(r["id"], r["label_vi"], r["label_en"],
                           tuple(re.compile(fold_chars(k).lower()) for k in r["keywords"].split("|")))
                 for r in csv.DictReader(text.splitlines()))


def _indicator(phrase: str) -> tuple[str, str]:
    folded = fold_chars(phrase).lower()
    for ind in indicators():
        if any(p.search(folded) for p in ind.patterns):
            return ind.id, ind.label
    words = phrase.split()[:8]
    return "ind-" + slug(" ".join(words))[:60], " ".join(words)


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r";|\.\s+(?=[A-ZĐÀ-Ỹ])|\n", text) if c.strip()]


def _comparator(before: str) -> Comparator:
    folded = fold_chars(before[-30:]).lower()
    hits = [(folded.rfind(k), c) for k, c in _COMPARATORS if k in folded]
    return max(hits)[1] if hits else Comparator.EQ


def _year(clause: str, section: Section, period_end: int | None) -> int | None:
    for text in (clause, section.context()):
        years = [int(a or b) for a, b in _YEAR.findall(text)]
        if years:
            return max(years)
    return period_end


def read_targets(doc_id: str, source: SourceText, layout: Layout,
                 period_end: int | None) -> list[TargetRecord]:
    """Targets of every provision in an objectives zone, with the quoted clause as provenance."""
    out: list[TargetRecord] = []
    for section in layout.root.walk():
        if section.zone != "objectives":
            continue
        units = list(section.items)
        if not section.heading_is_title or not section.items:
            units.insert(0, Item("para", "", section.heading, section.start, section.start))
        seen: set[str] = set()
        k = 0
        for item in units:
            for clause in _clauses(item.text):
                for target in _clause_targets(clause, section, period_end):
                    key = f"{target[0]}|{target[2]}|{target[4]}"
                    if key in seen:
                        continue
                    seen.add(key)
                    k += 1
                    indicator_id, indicator, comparator, value, unit, value_max = target
                    out.append(TargetRecord(
                        id=f"{doc_id}.{section.path}~t{k}", section=section.path, text=clause,
                        indicator=indicator, indicator_id=indicator_id, comparator=comparator, value=value,
                        value_max=value_max, unit=unit, year=_year(clause, section, period_end),
                        source=source.source(item.start, item.end, clause)))
    return out


def _clause_targets(clause: str, section: Section,
                    period_end: int | None) -> list[tuple[str, str, Comparator, float, str, float | None]]:
    found = []
    matches = list(VALUE_RE.finditer(clause))
    per_10k = re.search(_PER_10K, clause, re.IGNORECASE)
    for i, m in enumerate(matches):
        unit = m.group("unit")
        before = clause[:m.start()]
        folded_before = fold_chars(before).lower()
        if unit.lower() in _CONTEXT_UNITS and _CONTEXT_UNITS[unit.lower()] not in folded_before[-40:]:
            continue
        if re.search(r"(năm|giai đoạn)\s*$", before, re.IGNORECASE):
            continue
        try:
            value = parse_number(m.group("lo"))
            value_max = parse_number(m.group("hi")) if m.group("hi") else None
        except ValueError:
            continue
        comparator = Comparator.RANGE if value_max is not None else _comparator(before)
        if unit == "%/năm" or (re.search(r"giảm\s+[^\d;]{0,60}$", before, re.IGNORECASE) and unit == "%"
                               and "ty le" not in fold_chars(clause[m.end():m.end() + 20]).lower()
                               and re.search(r"/\s*năm|mỗi năm|hằng năm|hàng năm", clause[m.end():m.end() + 15])):
            comparator, unit = Comparator.REDUCE_BY, "%/năm"
        if unit in {"giường bệnh", "bác sĩ", "dược sĩ", "điều dưỡng viên"} and per_10k:
            phrase, unit = unit, f"{unit}/10.000 dân"
        else:
            phrase = _phrase(clause, m, matches[i - 1].end() if i else 0)
        indicator_id, indicator = _indicator(phrase)
        found.append((indicator_id, indicator, comparator, value, unit, value_max))
    return found


def _phrase(clause: str, m: re.Match[str], previous_end: int) -> str:
    """The words the value measures: before the value when there are some, else after it."""
    before = _FILLER.sub("", clause[previous_end:m.start()]).strip(" ,:")
    before = re.sub(r"\s*(đạt|là|còn|ở mức|khoảng|dưới|trên|tối thiểu|ít nhất|từ|chiếm|giảm)\s*$", "",
                    before, flags=re.IGNORECASE)
    if len(before.split()) >= 2:
        return before
    return clause[m.end():m.end() + 120]
