"""Citations of other documents and how each relates: implements, based_on, amends, continues, cites.

A citation can describe a relation between two *other* documents ("Chương trình số 113-CTr/TU của
Tỉnh ủy thực hiện Nghị quyết số 42-NQ/TW"): that is a fact about 113-CTr/TU, recorded with this
file's quote as its source. Resolution of partial citations happens in two steps: within the file
(a later "Nghị quyết số 42-NQ/TW" takes the date of an earlier full citation) and against the
reference documents; what stays unresolved or contradicts a known fact becomes a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from loaders import messages
from loaders.identity import document_id, is_provincial
from loaders.numbers import DATE_DOTTED, DATE_SLASH, DATE_WORDS, make_date
from loaders.registry import Province, Registry, fold_chars
from loaders.symbols import SYMBOL_RE, Symbol, codes, find_symbols, kind_word_pattern, symbol_key
from ontology.records import ReferenceRecord, Relation, Source, WarningRecord

_KIND_BEFORE = re.compile(rf"(?P<kw>{kind_word_pattern()}|Văn bản|Luật)(?:[ \t\n]+số)?[ \t\n]*:?[ \t\n]*$",
                          re.IGNORECASE)
# Symbol-shaped text (the grammar then decides whether it is one); kept for the corpus generator.
NUMBER_RE = SYMBOL_RE
# Worth running the symbol grammar on a unit only when it has a digit next to a code.
_MAYBE_NUMBER = re.compile(r"\d\s*[-–/]\s*[A-Za-zĐđ]|\d[A-ZĐ]{2,5}\s*/")
_TAIL_DATE = re.compile(rf"^\s*,?\s*(?:ban hành\s+)?(?:ngày\s+)?(?:{DATE_SLASH}|{DATE_WORDS}|{DATE_DOTTED})",
                        re.IGNORECASE)
_TAIL_OF = re.compile(r"^\s*,?\s*(?:của\s+)", re.IGNORECASE)
# Name-only citations of Central Committee plenum resolutions ("Nghị quyết Hội nghị Trung ương 5 khóa XI").
_ORDINALS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
             "muoi": 10}
PLENUM_RE = re.compile(
    r"Nghị quyết\s+(?:của\s+)?Hội nghị\s+(?:Trung ương\s+|lần thứ\s+)(?P<n>\d{1,2}|[^\W\d]+)\s+"
    r"(?:(?:của\s+)?Ban Chấp hành Trung ương(?:\s+Đảng)?\s+)?\(?khóa\s+(?P<term>[XVI]+)\)?", re.IGNORECASE)
CONGRESS_RE = re.compile(r"Nghị quyết\s+Đại hội\s+(?:đại biểu\s+)?(?:toàn quốc|Đảng bộ[^,;]*?)\s+lần thứ\s+"
                         r"[XVI]+", re.IGNORECASE)

_NESTED = re.compile(r"\b(?:ve\s+)?(?:viec\s+)?(?:tiep tuc\s+)?(?:to chuc\s+|trien khai\s+)*thuc hien\b")
_CONTINUES = re.compile(r"tiep tuc\s+(?:to chuc\s+|trien khai\s+|day manh\s+)*thuc hien")
_AMENDS = re.compile(r"dieu chinh|sua doi,? bo sung")
_BASED_ON = re.compile(r"[ *_#]*can cu")  # a unit that opens with "Căn cứ" (after markup)
# The legal-basis formula inside a unit (a PDF's text on one line: "…; Căn cứ Nghị định số …"):
# capitalised at the start of a clause, unlike "các sở căn cứ Kế hoạch này xây dựng …".
_BASIS_FORMULA = re.compile(r"(?:^|[;.:\s])Căn cứ\b[^;]*$")
# A document narrated as issued before ("… đã ban hành Kế hoạch số 107/KH-UBND"): history, not lineage.
_NARRATED = re.compile(r"\bda (?:duoc )?ban hanh\s*$")
# "thực hiện" right before a citation makes it nested under the previous one ("Chương trình số
# 113-CTr/TU của Tỉnh ủy thực hiện Nghị quyết số 42-NQ/TW"); earlier in the stretch it is not. Kind
# words the symbol reader left out of the citation may stand between ("thực hiện Chương trình hành
# động số 221-CTr/TU").
_NESTED_AT_END = re.compile(r"(?:thuc hien|trien khai|cu the hoa)\s*(?:\(|,)?\s*(?:[a-z ]{0,40}?\bso\s*)?$")
_ALIAS = re.compile(r"viet tat la\s*$|goi tat la\s*$")
# A citation joined to the one before by "và" or a comma and its kind words ("… thực hiện Nghị
# quyết số 42-NQ/TW và Chương trình hành động số 97-CTr/TU"): coordinated with it, under one verb.
_COORDINATED = re.compile(r"(?:,|\bva)\s+[a-z ]{0,60}?\bso\s*$")
# The rank of an issuer's level (``symbol-codes.csv``): a document implements one of its own level
# or above, never one below (the Government's programme does not implement a province's).
_LEVEL_RANK = {"central": 0, "provincial": 1, "": 1, "local": 2}


@dataclass(frozen=True)
class Unit:
    """A stretch of text read as one unit (title, a paragraph, a table row) with its provenance,
    built only for the units that cite something: most cite nothing."""

    text: str
    locate: Callable[[], Source]
    role: str  # "title", "opening", "closing" or "body"

    @cached_property
    def source(self) -> Source:
        return self.locate()


@dataclass
class Cited:
    kind: str
    number: str | None
    issuer_code: str
    issuer: str | None
    province: Province | None
    date: dt.date | None
    start: int
    end: int
    id: str = ""
    symbol: str | None = None
    plenum: str | None = None
    title_hint: str | None = None


def _tail(text: str, end: int, registry: Registry, province: Province | None) -> tuple[dt.date | None,
                                                                                       str | None,
                                                                                       Province | None, int]:
    """The date and issuer right after a number: ", ngày 24/11/2023 của Ban Chấp hành Trung ương"."""
    rest = text[end:end + 200]
    when, consumed = None, 0
    m = _TAIL_DATE.match(rest)
    if m:
        d1, m1, y1, d2, m2, y2, d3, m3, y3 = m.groups()
        when = make_date(d1, m1, y1) if d1 else make_date(d2, m2, y2) if d2 else make_date(d3, m3, y3)
        consumed = m.end()
    issuer, scope = None, province
    of = _TAIL_OF.match(rest[consumed:])
    if of:
        after = rest[consumed + of.end():]
        mentions = registry.mentions(after[:90], province)
        if mentions and mentions[0].start == 0:
            ref = mentions[0].entry.ref(mentions[0].province)
            issuer, scope = ref.name, mentions[0].province or province
            consumed += of.end() + mentions[0].end
    return when, issuer, scope, end + consumed


def _overlap_test(spans: list[Cited]) -> Callable[[int, int], bool]:
    """Whether [start, end) overlaps one of ``spans`` (in text order), in logarithmic time: a long
    unit can hold thousands of numbered citations and as many plenum names."""
    starts = [c.start for c in spans]
    reach = list(accumulate((c.end for c in spans), max))  # the furthest end up to each span

    def overlaps(start: int, end: int) -> bool:
        i = bisect_right(starts, start)
        return (i > 0 and reach[i - 1] > start) or (i < len(starts) and starts[i] < end)
    return overlaps


def find(unit: Unit, registry: Registry, province: Province | None) -> list[Cited]:
    """Every numbered or name-only citation in a unit, in order of appearance."""
    found: list[Cited] = []
    numbered = find_symbols(unit.text) if _MAYBE_NUMBER.search(unit.text) else ()
    for sym in numbered:
        before = _KIND_BEFORE.search(unit.text, max(0, sym.start - 40), sym.start)
        kind = _cited_kind(sym, before.group("kw") if before else None)
        when, issuer, scope, end = _tail(unit.text, sym.end, registry, province)
        found.append(Cited(kind=kind, number=sym.number_with_year, issuer_code=sym.issuer, issuer=issuer,
                           province=scope if is_provincial(sym.issuer) else None, date=when,
                           start=before.start() if before else sym.start, end=end, symbol=sym.text))
    overlaps = _overlap_test(found)
    for m in PLENUM_RE.finditer(unit.text) if "Hội nghị" in unit.text or "hội nghị" in unit.text else ():
        if overlaps(m.start(), m.end()):
            continue
        n = m.group("n")
        ordinal = int(n) if n.isdigit() else _ORDINALS.get(fold_chars(n).lower())
        found.append(Cited(kind="NQ", number=None, issuer_code="TW", issuer=None, province=None, date=None,
                           start=m.start(), end=m.end(), plenum=f"{m.group('term').upper()}-{ordinal}"))
    return sorted(found, key=lambda c: c.start)


def _cited_kind(sym: Symbol, word: str | None) -> str:
    """The kind of a cited document: its symbol's code; for a symbol without one, the word before
    it ("Công văn số 550/LĐTBXH-BTXH" → CV, "Luật số 57/2024/QH15" → Luật); a State symbol of the
    letter form (số/cơ quan-đơn vị) is an official letter; a National Assembly symbol with no word
    is a document of unknown kind (VB)."""
    if sym.kind:
        return sym.kind
    if word:
        folded = fold_chars(word).lower()
        if folded.startswith("van ban"):
            return "CV"
        found = codes().kind_of_word(word)
        if found:
            return found
    return "VB" if sym.issuer.startswith("QH") else "CV"


@dataclass
class _Context:
    """What the extraction of one document knows while classifying its citations."""

    document_id: str
    province: Province | None
    registry: Registry
    warnings: list[WarningRecord]
    outside_lineage: frozenset[str] = frozenset()
    document_outside: bool = False  # the document itself is a report or a submission


def _relation(folded_unit: str, at: int, window: str, unit: Unit, nested: bool, raw_window: str = "") -> Relation:
    """Classify by the words before the citation: ``window`` since the previous citation, and the
    unit's text before ``at`` (both folded). That text is searched in place, not sliced: a long unit
    holds thousands of citations, and a copy of its text before each one is quadratic."""
    window = window[-80:]
    if _AMENDS.search(window):
        return Relation.AMENDS
    if _CONTINUES.search(window):
        return Relation.CONTINUES
    if nested:
        return Relation.IMPLEMENTS if _NESTED.search(window) else Relation.CITES
    if _BASED_ON.match(folded_unit, 0, at) or _BASIS_FORMULA.search(raw_window):
        return Relation.BASED_ON
    if unit.role in {"title", "opening"} and _NESTED.search(folded_unit, 0, at):
        return Relation.IMPLEMENTS
    return Relation.CITES


def _starts_new_clause(prefix: str, ctx: _Context) -> bool:
    """An agency as grammatical subject ("…; Ủy ban nhân dân tỉnh ban hành …") starts a new clause."""
    stripped = prefix.lstrip(" ,;.*)(")
    mentions = ctx.registry.mentions(stripped[:120], ctx.province)
    return bool(mentions) and mentions[0].start == 0


def classify(unit: Unit, cited: list[Cited], ctx: _Context) -> list[tuple[Cited, str, Relation]]:
    """(citation, subject document id, relation) for every non-alias citation of a unit."""
    out: list[tuple[Cited, str, Relation]] = []
    if not cited:
        return out
    previous: Cited | None = None
    last_top: Relation | None = None
    cursor = 0
    folded_unit = fold_chars(unit.text).lower()
    chain: dict[str, tuple[Cited, str, Relation]] = {}  # a citation's id → (it, its subject, relation)
    for c in cited:
        prefix = unit.text[cursor:c.start]
        folded = folded_unit[cursor:c.start]
        cursor = c.end
        if _ALIAS.search(folded.rstrip(" (*_")):
            previous = None
            continue
        sentence_break = ";" in prefix or bool(re.search(r"\.\s+[A-ZĐÀ-Ỹ]", prefix))
        open_clause = previous is not None and not sentence_break and len(prefix) < 160 \
            and not _starts_new_clause(prefix, ctx)
        nested = open_clause and bool(_NESTED_AT_END.search(folded))
        subject = previous.id if nested and previous is not None else ctx.document_id
        relation = _relation(folded_unit, c.start, folded, unit, nested, prefix)
        coordinate = _coordinate(c, previous, chain, ctx.document_id) \
            if open_clause and not nested and _COORDINATED.search(folded) else None
        if coordinate is not None:
            subject, relation = coordinate
        elif not nested:
            if relation is Relation.CITES and last_top and not sentence_break and len(prefix) < 200:
                relation = last_top  # a list under one verb: "Tiếp tục thực hiện X, Y"
            last_top = relation
        if _outside_lineage(c, subject, folded, ctx):
            relation = Relation.CITES
        out.append((c, subject, relation))
        chain.setdefault(c.id, (c, subject, relation))
        previous = c
    return out


def _coordinate(c: Cited, previous: Cited | None, chain: dict[str, tuple[Cited, str, Relation]],
                document_id: str) -> tuple[str, Relation] | None:
    """The subject and relation of a citation coordinated with a nested one: those of the nearest
    citation up the nesting whose subject may implement it ("Kế hoạch 5262/KH-UBND … thực hiện Nghị
    quyết 68/NQ-CP … thực hiện Nghị quyết 42-NQ/TW và Chương trình 97-CTr/TU": the Government's
    resolution cannot implement the province's programme, the province's plan can). None when the
    nesting ends at the document: a list under the document's own verb."""
    node = chain.get(previous.id) if previous is not None else None
    while node is not None and node[1] != document_id:
        parent = chain.get(node[1])
        if parent is None:
            return None
        if _may_implement(parent[0], c):
            return node[1], node[2]
        node = parent
    return None


def _may_implement(parent: Cited, child: Cited) -> bool:
    levels = codes().issuer_levels
    above, below = (_LEVEL_RANK.get(levels.get(x.issuer_code, "")) for x in (parent, child))
    return above is None or below is None or above >= below


def _outside_lineage(c: Cited, subject: str, window: str, ctx: _Context) -> bool:
    """Citations that are never lineage, whatever verb governs them: a submission or a report
    (``symbol-codes.csv``, column ``lineage``), any citation made by a report or a submission, and
    a document the text narrates as issued before ("UBND tỉnh đã ban hành Kế hoạch số 107/KH-UBND")."""
    if c.kind in ctx.outside_lineage or (subject == ctx.document_id and ctx.document_outside):
        return True
    return bool(_NARRATED.search(window[-60:]))


def label(c: Cited) -> str:
    """The citation as written in its own convention: 42-NQ/TW (Party), 68/NQ-CP (State)."""
    if c.symbol:
        return c.symbol
    if c.issuer_code in codes().party_issuers:
        return f"{c.number}-{c.kind}/{c.issuer_code}"
    return f"{c.number}/{c.kind}-{c.issuer_code}"


CitedKey = tuple[str, str | None, str, str | None]  # kind, number, issuer code, province id


def resolve(c: Cited, known: dict[CitedKey, Cited], ctx: _Context, source: Source) -> None:
    """Give a citation its id: from its own date, an earlier full citation in the file, or the
    reference documents; warn when it stays partial or contradicts what is known."""
    reg = ctx.registry
    if c.plenum:
        matches = [d for d in reg.documents.values() if d.plenum == c.plenum]
        if len(matches) == 1:
            ref = matches[0]
            c.number, c.kind, c.issuer_code = ref.number, ref.kind, ref.issuer_code
            c.date = dt.date.fromisoformat(ref.date)
            c.id = ref.id
        else:
            ctx.warnings.append(messages.warning("citation_unresolved", source,
                                                 plenum=messages.plenum_words(c.plenum)))
        return
    key: CitedKey = (c.kind, c.number, c.issuer_code, c.province.id if c.province else None)
    year = c.date.year if c.date else None
    earlier = known.get(key)
    if year is None and earlier is not None and earlier.date is not None:
        year = earlier.date.year
    if year is None:
        candidates = [d for d in reg.documents.values()
                      if (d.kind, d.number, d.issuer_code) == key[:3] and key[3] is None]
        if len(candidates) == 1:
            year = int(candidates[0].date[:4])
        elif len(candidates) > 1:
            ctx.warnings.append(messages.warning("citation_ambiguous", source, symbol=label(c),
                                                 dates=", ".join(messages.day(d.date) for d in candidates)))
    if year is None and c.number and "/" in c.number:
        year = int(c.number.rsplit("/", 1)[1])
    c.id = document_id(c.kind, c.number, c.issuer_code, c.province.id if c.province else None, year)
    ref_doc = reg.documents.get(c.id)
    if ref_doc and c.date and c.date.isoformat() != ref_doc.date:
        ctx.warnings.append(messages.warning("citation_date_mismatch", source, symbol=label(c),
                                             cited=messages.day(c.date), reference=messages.day(ref_doc.date)))
    if year is None:
        ctx.warnings.append(messages.warning("citation_undated", source, symbol=label(c)))
    if c.date and key not in known:
        known[key] = c


def extract(units: list[Unit], document_id: str, province: Province | None, registry: Registry,
            warnings: list[WarningRecord], document_kind: str | None = None,
            document_symbol: str | None = None) -> list[ReferenceRecord]:
    """All reference records of a document, deduplicated by (subject, target, relation).

    ``document_kind`` (the citing document's kind code): a report or a submission has no lineage
    parents (``symbol-codes.csv``, column ``lineage``), whatever its sentences say it "thực hiện".
    ``document_symbol``: the document's own symbol, which its header or a one-line PDF text repeats
    and which is not a citation."""
    outside = codes().outside_lineage
    own = symbol_key(document_symbol) if document_symbol else None
    ctx = _Context(document_id=document_id, province=province, registry=registry, warnings=warnings,
                   outside_lineage=outside, document_outside=document_kind in outside)
    per_unit = [(u, [c for c in find(u, registry, province) if not (own and c.symbol and symbol_key(c.symbol) == own)])
                for u in units]
    known: dict[CitedKey, Cited] = {}
    for _, cited in per_unit:  # dated citations first, so undated ones can borrow their year
        for c in cited:
            if c.date and c.number:
                known.setdefault((c.kind, c.number, c.issuer_code, c.province.id if c.province else None), c)
    records: dict[tuple[str, str, Relation], ReferenceRecord] = {}
    for unit, cited in per_unit:
        for c in cited:
            resolve(c, known, ctx, unit.source)
    for unit, cited in per_unit:
        for c, subject, relation in classify(unit, [c for c in cited if c.id], ctx):
            if c.id == subject:
                continue
            records.setdefault((subject, c.id, relation), ReferenceRecord(
                id=c.id, kind=c.kind, number=c.number, symbol=label(c) if c.number else None,
                issuer=c.issuer or _issuer_name(c, registry),
                issuer_code=c.issuer_code, province=c.province.full_name if c.province else None,
                date=c.date or _reference_date(c.id, registry), year=_year(c.id, c.date, registry),
                relation=relation, subject=subject,
                source=unit.source))
    implemented = {r.id: r.symbol or r.id for r in records.values()
                   if r.subject == document_id and r.relation is Relation.IMPLEMENTS}
    for unit, cited in per_unit:
        if unit.role == "closing":
            top = [c for c, subject, _ in classify(unit, [c for c in cited if c.id], ctx)
                   if subject == document_id]
            _check_closing(unit, top, implemented, ctx)
    return list(records.values())


def _reference_date(doc_id: str, registry: Registry) -> dt.date | None:
    ref = registry.documents.get(doc_id)
    return dt.date.fromisoformat(ref.date) if ref else None


def _year(doc_id: str, when: dt.date | None, registry: Registry) -> int | None:
    if when:
        return when.year
    ref = _reference_date(doc_id, registry)
    return ref.year if ref else None


def _issuer_name(c: Cited, registry: Registry) -> str:
    ref = registry.documents.get(c.id)
    return ref.issuer if ref else c.issuer_code


def _check_closing(unit: Unit, cited: list[Cited], implemented: dict[str, str], ctx: _Context) -> None:
    """"Trên đây là Chương trình … thực hiện Nghị quyết X": X must be what the title implements
    (``implemented``: id → symbol of each document the title and opening implement)."""
    for c in cited:
        if c.id and implemented and c.id not in implemented:
            ctx.warnings.append(messages.warning("implements_mismatch", unit.source, closing=label(c),
                                                 title=", ".join(sorted(implemented.values()))))
