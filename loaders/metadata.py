"""Document metadata from the header, title, opening paragraph and appendix headings.

What the text does not say stays unknown: a missing number is ``None`` (never guessed), a blank
draft date keeps only its year, and a document without any header is reported with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from loaders.identity import document_id, kind_from_words, normal_code
from loaders.layout import Item, Layout
from loaders.numbers import blank_date_year, parse_date
from loaders.registry import Province, Registry, fold_chars
from loaders.text import SourceText
from ontology.records import Source, WarningRecord

_NUMBER_LINE = re.compile(
    r"^Số\s*:?\s*(?P<n>\d{1,5}(?:/\d{4})?)?\s*(?:(?P<pk>[-–]\s*[A-Za-zĐđ]{2,4})\s*/\s*(?P<pi>[A-Za-zĐđ]{2,5})|"
    r"/\s*(?P<sk>[A-Za-zĐđ]{2,4})\s*[-–]\s*(?P<si>[A-Za-zĐđ]{2,6}))", re.IGNORECASE)
_ATTACHED = re.compile(
    r"Kèm theo\s+(?P<kw>Chương trình|Kế hoạch|Quyết định|Nghị quyết)\s+số\s+(?P<n>\d{1,5})\s*[-–]?\s*"
    r"(?P<k>[A-Za-zĐđ]{2,4})\s*/\s*(?P<i>[A-Za-zĐđ]{2,5})", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^,]{2,40}),\s*ngày\b", re.IGNORECASE)
_PERIOD = re.compile(r"(?:giai đoạn|thời gian)\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_BY_YEAR = re.compile(r"đến năm\s+(\d{4})", re.IGNORECASE)
_ISSUES = re.compile(r"^\s*(ban hành|xây dựng)\b", re.IGNORECASE)
_DEFAULT_ISSUER = {"UBND": "ubnd", "TU": "tinh-uy", "HĐND": "hdnd", "CP": "chinh-phu", "TTg": "thu-tuong",
                   "TW": "bch-trung-uong"}


@dataclass
class Header:
    """The metadata read from one file, before responsibility and citations are known."""

    id: str
    kind: str
    number: str | None
    date: dt.date | None
    year: int | None
    issuer: str
    issuer_code: str
    province: Province | None
    draft: bool
    title: str
    period_start: int | None
    period_end: int | None
    title_item: Item | None
    opening: list[Item]
    source: Source | None


def _title_index(preamble: list[Item]) -> int | None:
    for i, item in enumerate(preamble):
        if kind_from_words(item.text) and (item.text[:14].isupper() or item.text.split()[0].isupper()):
            return i
    return None


def read_header(source: SourceText, layout: Layout, registry: Registry,
                warnings: list[WarningRecord]) -> Header:
    """Kind, number, date, issuer, province, draft flag, title and period of the document."""
    pre = layout.preamble
    ti = _title_index(pre)
    title_item, title = None, ""
    if ti is not None:
        title_item = pre[ti]
        title = pre[ti].text
        if len(title.split()) <= 3 and ti + 1 < len(pre):
            title_item = Item(kind="para", marker="", text=f"{title} {pre[ti + 1].text}", start=pre[ti].start,
                              end=pre[ti + 1].end)
            title = title_item.text
            ti += 1
    header_items = pre[:ti] if ti is not None else pre[:1]
    opening = pre[ti + 1:] if ti is not None else pre[1:]
    kind = number = issuer_code = None
    when: dt.date | None = None
    year: int | None = None
    province: Province | None = None
    for item in header_items:
        m = _NUMBER_LINE.match(item.text)
        if m:
            number = m.group("n")
            kind = normal_code((m.group("pk") or m.group("sk") or "").lstrip("-– "))
            issuer_code = normal_code(m.group("pi") or m.group("si"))
        place = _PLACE_DATE.match(item.text)
        if place:
            province = province or registry.province_named(place.group("place"))
            when = parse_date(item.text)
            year = when.year if when else blank_date_year(item.text)
    attached = _attached(source)
    if attached:
        _, n, k, i, a_date = attached
        number = number or n
        kind = kind or normal_code(k)
        issuer_code = issuer_code or normal_code(i)
        when = when or a_date
        year = year or (a_date.year if a_date else None)
    kind = kind or (kind_from_words(title) if title else None)
    draft = any(fold_chars(i.text).lower().startswith("du thao") for i in header_items) or \
        "du thao" in fold_chars(title).lower()[:40]
    province = province or registry.province_in(title) or _province_in_opening(opening, registry)
    issuer_code = issuer_code or _issuer_code_from_title(title)
    issuer = _issuer(title, opening, source, registry, province, issuer_code)
    if kind is None or issuer_code is None:
        warnings.append(WarningRecord(code="header_missing", message=(
            "no document header: kind or issuer unknown (the text starts without number, date or issuer)"),
            source=source.source(1, min(len(source.lines), 5))))
    kind, issuer_code = kind or "UNKNOWN", issuer_code or "UNKNOWN"
    if number is None:
        warnings.append(WarningRecord(code="unnumbered", message="the document has no number (blank or draft)",
                                      source=source.source(header_items[0].start) if header_items else None))
    start, end = _period(title, layout, year)
    doc_id = document_id(kind, number, issuer_code, province.id if province else None, year,
                         disambiguator=title if number is None else None)
    span = title_item or (pre[0] if pre else None)
    return Header(id=doc_id, kind=kind, number=number, date=when, year=year, issuer=issuer,
                  issuer_code=issuer_code, province=province, draft=draft, title=_clean_title(title),
                  period_start=start or year, period_end=end, title_item=title_item, opening=opening,
                  source=source.source(span.start, span.end) if span else None)


def _attached(source: SourceText) -> tuple[str, str, str, str, dt.date | None] | None:
    """An appendix heading that names the document: "(Kèm theo Chương trình số 20 -CTr/TU, ngày …)"."""
    for line in source.lines:
        m = _ATTACHED.search(line)
        if m:
            return m.group("kw"), m.group("n"), m.group("k"), m.group("i"), parse_date(line[m.end():])
    return None


def _province_in_opening(opening: list[Item], registry: Registry) -> Province | None:
    for item in opening[:2]:
        found = registry.province_in(item.text)
        if found:
            return found
    return None


def _issuer_code_from_title(title: str) -> str | None:
    folded = fold_chars(title).lower()
    if "ban chap hanh dang bo" in folded or "tinh uy" in folded:
        return "TU"
    if "uy ban nhan dan" in folded:
        return "UBND"
    return None


def _issuer(title: str, opening: list[Item], source: SourceText, registry: Registry,
            province: Province | None, issuer_code: str | None) -> str:
    """The issuing body: named in the title ("CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH"), as the subject that
    issues in the opening ("Ủy ban nhân dân tỉnh ban hành Kế hoạch"), or implied by the code."""
    candidates: list[str] = []
    for item in opening:
        for mention in registry.mentions(item.text, province):
            if _ISSUES.match(item.text[mention.end:]) and not re.search(r"\bcủa\s*$", item.text[:mention.start]):
                candidates.append(item.text[mention.start:])
    head = re.match(r"^\S+(?:\s+\S+)?\s+của\s+", title, re.IGNORECASE)
    if head:
        candidates.append(title[head.end():])
    for text in candidates:
        mentions = registry.mentions(text[:80], province)
        if mentions and mentions[0].start == 0:
            return mentions[0].entry.ref(mentions[0].province).name
    key = _DEFAULT_ISSUER.get(issuer_code or "")
    return registry.agencies[key].ref(province).name if key else (issuer_code or "UNKNOWN")


def _period(title: str, layout: Layout, year: int | None) -> tuple[int | None, int | None]:
    """The document's own period: the last one in its title that has not ended before it was issued
    (earlier ones describe the documents it cites), else the one in its purpose or objectives."""
    texts = [title]
    for s in layout.root.walk():
        if s.zone in {"purpose", "objectives"}:
            texts += [s.heading, *(i.text for i in s.items)]
    for text in texts:
        periods = [(int(a), int(b)) for a, b in _PERIOD.findall(text) if year is None or int(b) >= year]
        if periods:
            return periods[-1]
    for text in texts:
        m = _BY_YEAR.search(text)
        if m:
            return None, int(m.group(1))
    return None, None


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title.replace("|", " ")).strip(" -*")
