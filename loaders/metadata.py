"""Document metadata from the header, title, opening paragraph and appendix headings.

What the text does not say stays unknown: a document's own number and date come only from its own
header ("Số: …" and the place-date line), from a portal's metadata block or title line that names
it, or from an appendix heading that names it, never from a document it cites. A missing number or
date is ``None`` with a warning (``number_missing``, ``date_missing``); a blank draft date keeps only
its year. The header is read from the text's lines, whatever the layout made of them, because
portals print it flattened: cells split by ``|`` or tabs, one cell per line, place and date broken
over lines, site banners and metadata blocks before it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

from loaders import messages
from loaders.identity import document_id, kind_from_words, normal_code
from loaders.layout import Item, Layout
from loaders.numbers import blank_date_year, parse_date
from loaders.registry import Province, Registry, fold_chars
from loaders.symbols import SYMBOL_RE, Symbol, codes, kind_word_pattern, parse_at
from loaders.text import SourceText
from ontology.records import Source, WarningRecord

# -- what portals put around a document (each pattern: what it is, why it is skipped or read) ------
# A collector's provenance note on the first line ("# source: <address> | …"): says where the page
# was found, and may name the document from the page's address; it is not the document's text.
_COLLECTOR_NOTE = re.compile(r"^\s*#\s*source\s*:", re.IGNORECASE)
# Scrapers leave line breaks as the four characters "\r\n": they are line breaks.
_LITERAL_BREAK = re.compile(r"\\r\\n|\\n|\\r")
# Where the body begins: a legal basis, an implementing sentence, an address or a numbered section.
# The header (and any portal preface) lies before it.
_BODY_START = re.compile(
    r"^[\s*_#>]*(?:Căn cứ|Thực hiện|Trên cơ sở|Theo đề nghị|Xét đề nghị|Kính gửi|Điều\s+\d|"
    r"(?:[IVX]{1,5}|\d{1,2}|[A-E])\s*[.)\-–]\s+\S)")
# A kind heading alone on its line ("KẾ HOẠCH", "## KẾ HOẠCH"): the line after it is the title,
# even when it reads "Thực hiện Nghị quyết …" like an opening sentence.
_BARE_HEADING = re.compile(rf"^[ \t*#_|]*(?i:{kind_word_pattern()})[ \t*#_|]*$")
# The national motto opens the right-hand header cell; the issuer cell stands before it.
_MOTTO = re.compile(r"CỘNG\s*H[ÒO]A(?:\s+X|\s*$)|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM", re.MULTILINE)
# "Số: 2385/QĐ-UBND", "Số: 154 /KH- UBND", a draft's "Số      -CTr/TU" (never "Số hiệu:", "Số trang:").
_OWN_NUMBER = re.compile(r"(?<!\w)Số[ \t]*:[ \t\n|]*|(?:^|(?<=\n)|(?<=\|))[ \t*]*Số[ \t]+(?=\d|[.…_ \t]*[-/])")
_BLANK_SYMBOL = re.compile(r"[ \t.…_]*(?P<sep>[-/])[ \t]*(?P<k>[A-Za-zĐđ]{2,4})[ \t]*[-/][ \t]*(?P<i>[A-Za-zĐđ]{2,6})")
# A heading that names the document's kind: a kind word in capitals opening a line or a cell
# ("KẾ HOẠCH", "NGHỊ\nQUYẾT", "## KẾ HOẠCH"), never followed by "SỐ" (that is a title citing one).
_HEADING = re.compile(rf"(?:^|(?<=\n)|(?<=\|))[ \t*#_]*(?P<w>(?i:{kind_word_pattern()}))(?![\w])(?![ \t\n]+SỐ\b)")
# A place-date: "Khánh Hòa, ngày 29 tháng 6 năm 2025"; the place is read back from the comma.
_COMMA_DATE = re.compile(r"[ \t\n]*,[ \t\n]*ngày\b")
_ADMIN_WORDS = frozenset({"phố", "xã", "thị", "huyện", "trấn", "quận", "tỉnh"})
# A portal's metadata block: "Số hiệu: 625/KH-UBND  Loại văn bản: Kế hoạch … Ngày ban hành: 01/08/2024".
# Some portals print it as a table flattened into "Số hiệu:\n|\n8839/KH-UBND\n|".
_META_NUMBER = re.compile(r"Số hiệu[ \t]*:[\s|]*")
_META_DATE = re.compile(r"Ngày ban hành[ \t]*:[\s|]*(\d{1,2})/(\d{1,2})/(\d{4})")
_META_KIND = re.compile(rf"Loại văn bản[ \t]*:[\s|]*(?P<w>{kind_word_pattern()})", re.IGNORECASE)
_META_PLACE = re.compile(r"Nơi ban hành[ \t]*:[\s|]*(?P<p>[^\n|]{2,60})")
# A page title that names the page's own document at the start of a line:
# "Nghị quyết số 15-NQ/TW, ngày 1/6/2012, …" (a list item "- 1 Nghị quyết …" is a sidebar, not this).
_TITLE_LINE = re.compile(rf"^[ \t*#_]*(?P<w>{kind_word_pattern()})[ \t]+(?:số[ \t]+)?(?=\d)", re.IGNORECASE)
# A site's or a newspaper's introduction: "Ngày 23/8/2017, Tỉnh ủy … đã ban hành Chương trình số
# 27-CTr/TU …", "LTS: Ngày 14-11-2016, Ban Chấp hành Đảng bộ tỉnh … đã ban hành Nghị quyết số …".
_INTRO = re.compile(rf"(?:^|(?<=\n))[ \t]*(?:LTS[ \t]*:[ \t]*)?Ngày[ \t]+(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.]"
                    rf"(?P<y>\d{{4}})[ \t]*,"
                    rf"[^.\n]{{0,120}}?ban hành[ \t]+(?P<w>{kind_word_pattern()})[ \t]+(?:số[ \t]+)?(?=\d)")
_TAIL_DATE = re.compile(r"[ \t]*,?[ \t]*(?:ban hành[ \t]+)?ngày[ \t]+(\d{1,2})/(\d{1,2})/(\d{4})")
_ISSUES_KIND = re.compile(rf"\bban hành[ \t]+(?P<w>{kind_word_pattern()})\b")
# How far the header and a portal's preface may reach when no body line ends them sooner: the
# longest preface of real pages (banners, a metadata block, a sidebar of related documents) is
# about 40 lines.
_HEAD_LINES = 80
# An official letter's subject line ("V/v sơ kết 5 năm thực hiện Nghị quyết …"): its title.
_SUBJECT = re.compile(r"(?:^|(?<=\n)|(?<=\|))[ \t]*V/v\b")
# The formula naming who decides, printed between the title and the legal bases.
_ENACTING = re.compile(r"^[ \t*]*(?:ỦY BAN NHÂN DÂN|CHÍNH PHỦ|BỘ TRƯỞNG|CHỦ TỊCH|HỘI ĐỒNG NHÂN DÂN|THỦ TƯỚNG)\b")
# An issuer cell that names its province or city ("TỈNH VĨNH LONG", "THÀNH PHỐ HUẾ").
_NAMED_UNIT = re.compile(r"\b(?:TỈNH|THÀNH PHỐ)\s+\w")

_PERIOD = re.compile(r"(?:giai đoạn|thời gian)\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_BY_YEAR = re.compile(r"đến năm\s+(\d{4})", re.IGNORECASE)
_ISSUES = re.compile(r"^\s*(ban hành|xây dựng)\b", re.IGNORECASE)
# An appendix heading naming the document it belongs to, on a line of its own ("(Kèm theo Chương
# trình số 20-CTr/TU, ngày …)"); "… ban hành kèm theo Quyết định số 90/QĐ-TTg" inside a sentence
# cites another document and is not this.
_ATTACHED = re.compile(rf"^[\s*_#(\[]*(?:Ban hành\s+)?Kèm theo\s+(?P<kw>{kind_word_pattern()})\s+số\s*:?\s*",
                       re.IGNORECASE)
_DEFAULT_ISSUER = {"UBND": "ubnd", "TU": "tinh-uy", "HĐND": "hdnd", "CP": "chinh-phu", "TTg": "thu-tuong",
                   "TW": "bch-trung-uong"}


@dataclass
class Header:
    """The metadata read from one file, before responsibility and citations are known."""

    id: str
    kind: str
    number: str | None
    symbol: str | None
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


@dataclass
class Zone:
    """The lines before the body (header and any portal preface), joined with line breaks."""

    text: str
    starts: list[int]  # offset of each line in ``text``
    first_line: int  # the file's line number of the zone's first line
    body_line: int = 0  # the file's line number where the body begins (after the last line if never)
    lines: tuple[str, ...] = ()

    def line_of(self, offset: int) -> int:
        return self.first_line + bisect_right(self.starts, offset) - 1


@dataclass
class Own:
    """What the text says of the document itself, and where it said it."""

    symbol: Symbol | None = None
    blank_kind: str | None = None  # a draft's "Số   /KH-UBND": kind and issuer without a number
    blank_issuer: str | None = None
    date: dt.date | None = None
    year: int | None = None
    place: str | None = None
    heading_kind: str | None = None
    heading_line: int | None = None
    subject_line: int | None = None  # an official letter's "V/v …" line, which is its title
    body_line: int = 1
    issuer_cell: str = ""
    evidence: str = "none"  # "header", "metadata block", "page title", "introduction"
    evidence_text: str = ""
    line: int | None = None
    date_line: int | None = None
    other_kind: str | None = None  # the kind a metadata block or a portal title gives


def header_zone(source: SourceText) -> Zone:
    """The file's lines up to the body, with a collector's note blanked and literal "\\r\\n" read as
    line breaks (the line numbers stay those of the file)."""
    lines: list[str] = []
    previous = ""
    for n, raw in enumerate(source.lines[:_HEAD_LINES], start=1):
        line = "" if n == 1 and _COLLECTOR_NOTE.match(raw) else _LITERAL_BREAK.sub(" ", raw)
        if _BODY_START.match(line) and not _MOTTO.search(line) and not _BARE_HEADING.match(previous):
            break
        lines.append(line.replace("\t", " | ").replace("\n", " "))
        previous = line if line.strip() else previous
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return Zone("\n".join(lines), starts, 1, len(lines) + 1, tuple(lines))


def _symbol_after(text: str, at: int) -> Symbol | None:
    m = SYMBOL_RE.match(text, at)
    return parse_at(m) if m else None


# A dash inside a place's name ("Bà Rịa - Vũng Tàu"); one that opens the words is dropped with them.
_PLACE_DASHES = frozenset({"-", "–"})


def _place_before(text: str, comma: int) -> str | None:
    """The place of a place-date: the capitalised words right before the comma ("Hà\\nNội")."""
    words = text[:comma].split()
    place: list[str] = []
    for word in reversed(words[-6:]):
        clean = word.strip("|*_")
        if not clean or clean != word or any(c in clean for c in "/:;,()\"“”") or (
                "." in clean and clean != "TP."):
            break
        if not (clean[0].isupper() or clean in _ADMIN_WORDS or clean in _PLACE_DASHES):
            break
        place.insert(0, clean)
        if len(place) == 5:
            break
    while place and not place[0][0].isupper():
        place.pop(0)
    return " ".join(place) or None


def _heading(zone: Zone, before: int | None = None) -> re.Match[str] | None:
    for m in _HEADING.finditer(zone.text):
        if before is not None and m.start() > before:
            return None
        if m.group("w").isupper():
            return m
    return None


def _issuer_cell(zone: Zone) -> str:
    """The issuer cell: capitals before the national motto ("ỦY BAN NHÂN DÂN\\nTỈNH VĨNH LONG")."""
    motto = _MOTTO.search(zone.text)
    if not motto:
        return ""
    before = zone.text[:motto.start()].split("\n")
    cell = [before[-1]]
    for line in reversed(before[:-1]):
        stripped = line.strip(" |-*_=")
        if not stripped:
            continue
        if not stripped.isupper() or len(cell) >= 4:
            break
        cell.insert(0, stripped)
    return " ".join(" ".join(cell).replace("|", " ").split())


def read_own(source: SourceText) -> Own:
    """Number, date, place, kind heading and issuer cell of the document itself (see module doc)."""
    zone = header_zone(source)
    own = Own(body_line=zone.body_line)
    heading = _heading(zone)
    limit = heading.start() if heading else len(zone.text)
    for m in _OWN_NUMBER.finditer(zone.text, 0, limit):
        found = _symbol_after(zone.text, m.end())
        if found:
            own.symbol, own.evidence, own.line = found, "header", zone.line_of(m.start())
            break
        blank = _BLANK_SYMBOL.match(zone.text, m.end())
        if blank:
            own.blank_kind, own.blank_issuer = normal_code(blank.group("k")), normal_code(blank.group("i"))
            own.evidence, own.line = "header", zone.line_of(m.start())
            break
    after = 0
    for m in _COMMA_DATE.finditer(zone.text, 0, limit):
        place = _place_before(zone.text, m.start())
        if not place:
            continue
        rest = zone.text[m.end() - 4:m.end() + 40].split("|")[0]
        own.place, own.date_line = place, zone.line_of(m.start())
        own.date = parse_date(rest)
        own.year = own.date.year if own.date else blank_date_year(rest)
        after = m.end()
        break
    if heading is None and after:
        heading = _heading(Zone(zone.text[after:], [0], 1))  # a PDF's one-line header: date, then heading
        own.heading_line = own.date_line if heading else None
    elif heading:
        own.heading_line = zone.line_of(heading.start("w"))
    if heading:
        own.heading_kind = codes().kind_of_word(heading.group("w"))
    subject = _SUBJECT.search(zone.text)
    if subject:
        own.subject_line = zone.line_of(subject.start())
    own.issuer_cell = _issuer_cell(zone)
    _preface(zone, own, limit)
    return own


def _preface(zone: Zone, own: Own, limit: int) -> None:
    """A portal's metadata block, page title or introduction, read only for what the header lacks
    and only when it does not contradict the document's heading."""
    table = codes()
    found: list[tuple[str, Symbol, dt.date | None, str | None, int, int]] = []  # …, start, end
    number = _META_NUMBER.search(zone.text)
    if number:
        symbol = _symbol_after(zone.text, number.end())
        meta_date = _META_DATE.search(zone.text)
        meta_kind = _META_KIND.search(zone.text)
        if symbol:
            found.append(("metadata block", symbol, _date(meta_date.groups()) if meta_date else None,
                          table.kind_of_word(meta_kind.group("w")) if meta_kind else None, number.start(),
                          symbol.end))
        place = _META_PLACE.search(zone.text)
        if place:
            own.evidence_text = place.group("p")
    for line_start, line in zip(zone.starts, zone.lines, strict=True):
        title = _TITLE_LINE.match(line)
        if title and line[:1].isupper():
            symbol = _symbol_after(line, title.end())
            if symbol:
                tail = _TAIL_DATE.match(line, symbol.end)
                found.append(("page title", symbol, _date(tail.groups()) if tail else None,
                              table.kind_of_word(title.group("w")), line_start, line_start + symbol.end))
    for intro in _INTRO.finditer(zone.text):
        symbol = _symbol_after(zone.text, intro.end())
        if symbol:
            found.append(("introduction", symbol, _date((intro.group("d"), intro.group("m"), intro.group("y"))),
                          table.kind_of_word(intro.group("w")), intro.start(), symbol.end))
    for origin, symbol, when, kind, at, end in found:
        if at >= limit:
            continue  # after the document's heading: the document's own text, not a page's preface
        if own.heading_kind and kind and kind != own.heading_kind:
            continue
        same = own.symbol is not None and own.symbol.text == symbol.text
        if own.symbol is None and own.blank_kind is None:
            own.symbol, own.evidence, own.line = symbol, origin, zone.line_of(at)
            same = True
            own.evidence_text = own.evidence_text or zone.text[at:end]  # up to the symbol: who issued it
        if same and own.date is None and when is not None:
            own.date, own.year, own.date_line = when, when.year, zone.line_of(at)
        own.other_kind = own.other_kind or kind


def _date(parts: tuple[str | None, ...]) -> dt.date | None:
    day, month, year = (int(p) if p else 0 for p in parts)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _title_index(preamble: list[Item]) -> int | None:
    for i, item in enumerate(preamble):
        if kind_from_words(item.text) and (item.text[:14].isupper() or item.text.split()[0].isupper()):
            return i
    return None


def _kind(own: Own, title: str, opening: list[Item]) -> str | None:
    """The document's kind: its heading, else its symbol's code (an official letter has none),
    else what a portal says, else the sentence that issues it ("Bộ Chính trị ban hành Kế hoạch")."""
    if own.heading_kind:
        return own.heading_kind
    symbol = own.symbol
    if symbol is not None and symbol.kind:
        return symbol.kind
    if symbol is not None and not symbol.issuer.startswith("QH"):
        return "CV"
    if own.blank_kind:
        return own.blank_kind
    if own.other_kind:
        return own.other_kind
    for item in opening[:3]:
        m = _ISSUES_KIND.search(item.text)
        if m:
            return codes().kind_of_word(m.group("w"))
    return kind_from_words(title) if title else None


def read_header(source: SourceText, layout: Layout, registry: Registry,
                warnings: list[WarningRecord]) -> Header:
    """Kind, number, symbol, date, issuer, province, draft flag, title and period of the document."""
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
    own = read_own(source)
    if ti is not None and pre[ti].end >= own.body_line:
        ti, title_item, title = None, None, ""  # the layout's title runs into the body: read it here
    header_items = pre[:ti] if ti is not None else [i for i in pre if i.start < own.body_line]
    opening = pre[ti + 1:] if ti is not None else _opening(source, pre, own.body_line)
    if ti is None:
        title_item = _own_title(source, own)
        title = title_item.text if title_item else ""
    symbol = own.symbol
    attached = _attached(source) if symbol is None and own.blank_kind is None else None
    if attached:
        symbol, a_date = attached
        if own.date is None and a_date is not None:
            own.date, own.year = a_date, a_date.year
    kind = _kind(own, title, opening if ti is not None else pre[:3])
    issuer_code = (symbol.issuer if symbol else own.blank_issuer) or _issuer_code_from_title(title)
    when, year = own.date, own.year or (symbol.year if symbol else None)
    province = _province(own, issuer_code, title, opening, registry)
    draft = any(fold_chars(i.text).lower().startswith("du thao") for i in header_items) or \
        "du thao" in fold_chars(title).lower()[:40] or "du thao" in fold_chars(own.issuer_cell).lower()
    issuer = _issuer(title, opening, source, registry, province, issuer_code)
    _warn(own, symbol, kind, issuer_code, when, source, warnings)
    kind, issuer_code = kind or "UNKNOWN", issuer_code or "UNKNOWN"
    start, end = _period(title, layout, year)
    id_kind = (symbol.kind or kind) if symbol else (own.blank_kind or kind)
    number = symbol.number_with_year if symbol else None
    doc_id = document_id(id_kind, number, issuer_code, province.id if province else None, year,
                         disambiguator=title if number is None else None)
    span = title_item or (pre[0] if pre else None)
    return Header(id=doc_id, kind=kind, number=number, symbol=symbol.text if symbol else None, date=when,
                  year=year, issuer=issuer, issuer_code=issuer_code, province=province, draft=draft,
                  title=_clean_title(title), period_start=start or year, period_end=end, title_item=title_item,
                  opening=opening, source=source.source(span.start, span.end) if span else None)


def _own_title(source: SourceText, own: Own) -> Item | None:
    """The title read from the lines: from the kind heading (or a letter's "V/v" line, or the line
    after the place-date) to the body, stopping at the enacting formula ("ỦY BAN NHÂN DÂN TỈNH")."""
    first = own.subject_line or own.heading_line or (own.date_line + 1 if own.date_line else None)
    if first is None:
        return None
    lines: list[str] = []
    end = first
    for n in range(first, own.body_line):
        line = _LITERAL_BREAK.sub(" ", source.line(n)).strip(" |*#_")
        if n > first and (_ENACTING.match(line) or (own.subject_line and _COMMA_DATE.search(line))):
            break
        if line.strip("-–=* "):
            lines.append(line)
            end = n
    text = " ".join(" ".join(lines).split())
    return Item(kind="para", marker="", text=text, start=first, end=end) if text else None


def _opening(source: SourceText, pre: list[Item], body_line: int) -> list[Item]:
    """The preamble items from the body on; an item that straddles the body's first line is cut there."""
    out: list[Item] = []
    for item in pre:
        if item.end < body_line:
            continue
        if item.start >= body_line:
            out.append(item)
            continue
        lines = (_LITERAL_BREAK.sub(" ", source.line(n)) for n in range(body_line, item.end + 1))
        text = " ".join(" ".join(lines).split())
        if text:
            out.append(Item(kind="para", marker="", text=text, start=body_line, end=item.end))
    return out


def _warn(own: Own, symbol: Symbol | None, kind: str | None, issuer_code: str | None, when: dt.date | None,
          source: SourceText, warnings: list[WarningRecord]) -> None:
    """Say what the document's own text leaves unknown (those values stay null, never guessed)."""
    head = source.source(1, min(len(source.lines), 5))
    if kind is None or issuer_code is None:
        warnings.append(messages.warning("header_missing", head))
    if symbol is None:
        blank = own.blank_kind is not None
        warnings.append(messages.warning("unnumbered" if blank else "number_missing",
                                         source.source(own.line) if own.line else head))
    elif own.evidence not in {"header", "none"}:
        warnings.append(messages.warning("number_from_preface", source.source(own.line) if own.line else head,
                                         symbol=symbol.text,
                                         where=messages.WHERE_WORDS.get(own.evidence, own.evidence)))
    if when is None:
        warnings.append(messages.warning("date_missing",
                                         source.source(own.date_line) if own.date_line else head))


def _province(own: Own, issuer_code: str | None, title: str, opening: list[Item],
              registry: Registry) -> Province | None:
    """The issuing province: named in the issuer cell, else (for a provincial or local issuer whose
    cell says only "ỦY BAN NHÂN DÂN", or a department's, which sits in its province) the place of
    the place-date line, a portal's "Nơi ban hành", the title or the opening. A central body has no
    province, whatever its place line says; a code both levels use (``BHXH``) takes the province
    only from its cell (table ``symbol-codes.csv``, column ``level``)."""
    in_cell = registry.province_in(own.issuer_cell) if own.issuer_cell else None
    if in_cell or issuer_code is None:
        return in_cell
    if _NAMED_UNIT.search(own.issuer_cell):
        return None  # the cell names a unit the reference data does not know: unknown, not a guess
    if codes().issuer_levels.get(issuer_code) in ("central", "either"):
        return None
    for text in (own.place, own.evidence_text):
        if text:
            found = registry.province_named(text) or registry.province_in(text)
            if found:
                return found
    return registry.province_in(title) or _province_in_opening(opening, registry)


def _attached(source: SourceText) -> tuple[Symbol, dt.date | None] | None:
    """An appendix heading that names the document: "(Kèm theo Chương trình số 20 -CTr/TU, ngày …)"."""
    for line in source.lines:
        m = _ATTACHED.match(line)
        found = _symbol_after(line, m.end()) if m else None
        if found:
            return found, parse_date(line[found.end:])
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
