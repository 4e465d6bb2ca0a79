"""What a search text asks for: the words every match must hold, and the document it names, if any.

People search the way they write and speak of documents: "Nghị quyết 42", "NQ 42", "nghi quyet so
42", "42-NQ/TW", "45/2016/QĐ-TTg", "kế hoạch 9491", "chương trình 113 hà nam", "Sở Y tế thành phố
Hải Phòng". The search text is folded (``loaders.text.search_key``: lower case, no diacritics, words
only) and read against the vocabulary below, which is data: kind words and their abbreviations
(→ the kind codes documents carry in ``pg:kind``), issuer codes, the words that may be left out
("số" before a number, "tỉnh"/"thành phố" before a province's name) and the provinces (from the
ontology's reference table). A document named by kind and number (or by its symbol) is looked up
exactly; everything else is searched as words, all of them, in any order.

Nothing here runs a query: the API asks the named queries ``document_by_symbol`` and ``search``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

from loaders.text import search_key


class KindWord(NamedTuple):
    """Folded words that name a kind of document, and the kind code documents carry."""

    words: tuple[str, ...]
    code: str
    reason: str
    example: str


def _kind(words: str, code: str, reason: str, example: str) -> KindWord:
    return KindWord(tuple(words.split()), code, reason, example)


# The kinds of the GLOSSARY ("Kind codes"), each by its word and by the abbreviation of its symbol.
KIND_WORDS: tuple[KindWord, ...] = (
    _kind("nghi quyet", "NQ", "the kind word of a resolution, as titles and citations write it", "Nghị quyết 42"),
    _kind("nq", "NQ", "the resolution's code in its symbol (42-NQ/TW, 68/NQ-CP)", "NQ 42"),
    _kind("ket luan", "KL", "the kind word of a conclusion", "Kết luận 92"),
    _kind("kl", "KL", "the conclusion's code in its symbol (92-KL/TW)", "KL 92"),
    _kind("quyet dinh", "QĐ", "the kind word of a decision", "quyết định 1983"),
    _kind("qd", "QĐ", "the decision's code in its symbol (1983/QĐ-TTg), folded", "QĐ 1983"),
    _kind("ke hoach", "KH", "the kind word of a plan", "kế hoạch 9491"),
    _kind("kh", "KH", "the plan's code in its symbol (9491/KH-UBND)", "KH 9491"),
    _kind("chuong trinh", "CTr", "the kind word of a programme", "chương trình 113"),
    _kind("ctr", "CTr", "the programme's code in its symbol (113-CTr/TU)", "CTr 113"),
    _kind("chi thi", "CT", "the kind word of a directive", "chỉ thị 24"),
    _kind("ct", "CT", "the directive's code in its symbol (24-CT/TW)", "CT 24"),
    _kind("nghi dinh", "NĐ", "the kind word of a decree", "nghị định 45/2025"),
    _kind("nd", "NĐ", "the decree's code in its symbol (45/2025/NĐ-CP), folded", "NĐ 45/2025"),
    _kind("thong tu", "TT", "the kind word of a circular", "thông tư 12"),
    _kind("tt", "TT", "the circular's code in its symbol", "TT 12"),
)


class IssuerCode(NamedTuple):
    """A folded issuer code as it follows the kind code in a symbol, and the code documents carry."""

    word: str
    code: str
    reason: str
    example: str


ISSUER_CODES: tuple[IssuerCode, ...] = (
    IssuerCode("tw", "TW", "the Party Central Committee and its organs (Trung ương)", "42-NQ/TW"),
    IssuerCode("tu", "TU", "a provincial Party committee (Tỉnh ủy, Thành ủy)", "113-CTr/TU"),
    IssuerCode("ubnd", "UBND", "a provincial People's Committee", "9491/KH-UBND"),
    IssuerCode("hdnd", "HĐND", "a provincial People's Council, folded", "52/2019/NQ-HĐND"),
    IssuerCode("cp", "CP", "the Government (Chính phủ)", "68/NQ-CP"),
    IssuerCode("ttg", "TTg", "the Prime Minister (Thủ tướng)", "1983/QĐ-TTg"),
)


class OptionalWord(NamedTuple):
    """Folded words a user may write or leave out where they stand; they never narrow a search."""

    words: tuple[str, ...]
    before: str
    reason: str
    example: str


OPTIONAL_WORDS: tuple[OptionalWord, ...] = (
    OptionalWord(("so",), "number", "số: 'Nghị quyết số 42' is 'Nghị quyết 42'", "nghi quyet so 42"),
    OptionalWord(("tinh",), "province", "tỉnh: the unit word of a province, written or not",
                 "Sở Lao động tỉnh Hà Nam"),
    OptionalWord(("thanh", "pho"), "province", "thành phố: the unit word of a centrally-run city",
                 "Sở Y tế thành phố Hải Phòng"),
    OptionalWord(("tp",), "province", "TP: the abbreviation of thành phố", "Sở Y tế TP Hải Phòng"),
)


class Abbreviation(NamedTuple):
    """A folded abbreviation of the words in agencies' names, searched as those words."""

    word: str
    words: tuple[str, ...]
    reason: str
    example: str


ABBREVIATIONS: tuple[Abbreviation, ...] = (
    Abbreviation("ubnd", ("uy", "ban", "nhan", "dan"), "UBND: Ủy ban nhân dân, the People's Committee",
                 "UBND tỉnh Đồng Nai"),
    Abbreviation("hdnd", ("hoi", "dong", "nhan", "dan"), "HĐND: Hội đồng nhân dân, the People's Council",
                 "HĐND tỉnh Hậu Giang"),
    Abbreviation("mttq", ("mat", "tran", "to", "quoc"), "MTTQ: Mặt trận Tổ quốc, the Fatherland Front",
                 "MTTQ Hải Dương"),
    Abbreviation("bhxh", ("bao", "hiem", "xa", "hoi"), "BHXH: Bảo hiểm xã hội, social insurance",
                 "BHXH Đồng Nai"),
    Abbreviation("ldtbxh", ("lao", "dong", "thuong", "binh", "xa", "hoi"),
                 "LĐTBXH: Lao động - Thương binh và Xã hội", "Sở LĐTBXH Hà Nam"),
    Abbreviation("nhcsxh", ("ngan", "hang", "chinh", "sach", "xa", "hoi"),
                 "NHCSXH: Ngân hàng Chính sách xã hội", "NHCSXH Hà Nam"),
)


class YearRange(NamedTuple):
    first: int
    last: int
    reason: str
    example: str


# A four-digit number right after a document's number is its year: part of the number of a legal
# normative document (45/2016/QĐ-TTg) or the year a plan was issued in ("kế hoạch 113 2022").
YEARS = YearRange(1945, 2099, "the years of the state's documents", "45/2016/QĐ-TTg")


@dataclass(frozen=True)
class Symbol:
    """A document named by number, and by whatever else the search says of it (kind, year, issuer,
    province); the parameters of the ``document_by_symbol`` query."""

    number: str
    code: str | None = None
    year: str | None = None
    issuer: str | None = None
    province: str | None = None

    def params(self, with_province: bool = True) -> dict[str, str | None]:
        return {"number": self.number, "code": self.code, "year": self.year, "issuer": self.issuer,
                "province_id": self.province if with_province else None}


@dataclass(frozen=True)
class SearchTerms:
    """``words``: the folded words every match must hold (optional words left out), one space apart;
    ``symbol``: the document the search names, looked up exactly and shown first."""

    words: str
    symbol: Symbol | None


@cache
def provinces() -> dict[tuple[str, ...], str]:
    """The folded name of every province → its id, from the ontology's reference table."""
    text = resources.files("ontology").joinpath("reference", "provinces.csv").read_text(encoding="utf-8")
    return {tuple(search_key(row["name"]).split()): row["id"] for row in csv.DictReader(text.splitlines())}


def _at(tokens: list[str], i: int, words: tuple[str, ...]) -> bool:
    return tuple(tokens[i:i + len(words)]) == words


def _ends_at(tokens: list[str], end: int, words: tuple[str, ...]) -> bool:
    return end - len(words) >= 0 and tuple(tokens[end - len(words):end]) == words


def _kind_ending_at(tokens: list[str], end: int) -> KindWord | None:
    """The longest kind word whose last token is just before ``end``."""
    found = [k for k in KIND_WORDS if _ends_at(tokens, end, k.words)]
    return max(found, key=lambda k: len(k.words)) if found else None


def _is_year(token: str) -> bool:
    return len(token) == 4 and token.isdigit() and YEARS.first <= int(token) <= YEARS.last


def _province_spans(tokens: list[str]) -> list[tuple[int, int, str]]:
    """Each province named in the tokens: start, end and id (longest names first)."""
    names = sorted(provinces().items(), key=lambda item: -len(item[0]))
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        hit = next(((words, pid) for words, pid in names if _at(tokens, i, words)), None)
        if hit:
            spans.append((i, i + len(hit[0]), hit[1]))
            i += len(hit[0])
        else:
            i += 1
    return spans


def _optional_before(tokens: list[str], end: int, before: str) -> int:
    """How many tokens just before ``end`` are an optional word of the ``before`` kind."""
    for option in OPTIONAL_WORDS:
        if option.before == before and _ends_at(tokens, end, option.words):
            return len(option.words)
    return 0


def _symbol_at(tokens: list[str], i: int) -> tuple[Symbol, set[int], int] | None:
    """A document named around the number at ``i``: a kind word before it ("nghi quyet [so] 42",
    "nq 42") or a kind code after it, as a symbol is written ("42 nq tw", "45 2016 qd ttg"); the
    symbol, the positions of the optional words it leaves out and the end of the symbol."""
    number, after = tokens[i], i + 1
    year = None
    if after < len(tokens) and _is_year(tokens[after]):
        year, after = tokens[after], after + 1
    dropped: set[int] = set()
    skip = _optional_before(tokens, i, "number")
    kind = _kind_ending_at(tokens, i - skip) if skip else None
    if kind:
        dropped = set(range(i - skip, i))
    else:
        kind = _kind_ending_at(tokens, i)
    if kind:
        return Symbol(number, kind.code, year), dropped, after
    code = next((k for k in KIND_WORDS if len(k.words) == 1 and _at(tokens, after, k.words)), None)
    if code is None:
        return None
    issuer = next((c.code for c in ISSUER_CODES if after + 1 < len(tokens) and tokens[after + 1] == c.word), None)
    return Symbol(number, code.code, year, issuer), dropped, after + 1 + (issuer is not None)


_GLUED = re.compile(r"([a-z]+)(\d+)")


def _unglued(tokens: list[str]) -> list[str]:
    """A kind code written against its number ("NQ42", "KH9491") as the two words it stands for."""
    codes = {k.words[0] for k in KIND_WORDS if len(k.words) == 1}
    out: list[str] = []
    for token in tokens:
        m = _GLUED.fullmatch(token)
        out.extend(m.groups() if m and m.group(1) in codes else (token,))
    return out


def understand(text: str) -> SearchTerms:
    """The words to search for and the document named in ``text`` (as typed, any case, with or
    without diacritics). A number alone (with a year or a province at most) names a document of any
    kind; a number among other words names one only with a kind word or code beside it."""
    tokens = _unglued(search_key(text).split())
    spans = _province_spans(tokens)
    dropped: set[int] = set()
    for start, _, _ in spans:
        dropped |= set(range(start - _optional_before(tokens, start, "province"), start))
    symbol, in_symbol = None, range(0)
    for i, token in enumerate(tokens):
        if token.isdigit() and (found := _symbol_at(tokens, i)):
            symbol, skipped, end = found
            dropped |= skipped
            in_symbol = range(i, end)
            break
    in_province = {k for start, end, _ in spans for k in range(start, end)}
    rest = [t for k, t in enumerate(tokens) if k not in dropped and k not in in_province]
    if symbol is None and rest and rest[0].isdigit() and (
            rest[1:] == [] or (len(rest) == 2 and _is_year(rest[1]))):
        symbol = Symbol(rest[0], year=rest[1] if len(rest) == 2 else None)
    if symbol is not None and spans:
        symbol = Symbol(symbol.number, symbol.code, symbol.year, symbol.issuer, spans[0][2])
    expanded = {a.word: a.words for a in ABBREVIATIONS}
    words = [w for k, t in enumerate(tokens) if k not in dropped
             for w in (expanded.get(t, (t,)) if k not in in_symbol else (t,))]
    return SearchTerms(" ".join(dict.fromkeys(words)), symbol)  # a word said twice narrows nothing more
