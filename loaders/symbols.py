"""The symbol (số, ký hiệu) of a document, as the State's and the Party's rules define it.

The State (Nghị định 30/2020/NĐ-CP, Phụ lục I) writes ``số/năm/LOẠI-CƠ QUAN`` for normative
documents (``07/2021/NĐ-CP``), ``số/LOẠI-CƠ QUAN`` for the others (``2385/QĐ-UBND``) and
``số/CƠ QUAN-ĐƠN VỊ`` for official letters, which have no kind code (``550/LĐTBXH-BTXH``,
``3016/BYT-KH-TC``); the National Assembly puts its term where the kind and issuer stand
(``24/2021/QH15``). The Party (Hướng dẫn 36-HD/VPTW) writes ``số-LOẠI/CƠ QUAN`` (``42-NQ/TW``).

The codes and what they mean are reference data (``ontology/reference/symbol-codes.csv``), so a
code is recognised in any case (``CTR`` → ``CTr``) and a hyphen lost in PDF conversion
(``5556/QĐBYT``, ``20NQ/TW``) is restored only where a known kind code meets a known issuer code.
A footnote digit glued to a symbol (``68/NQ-CP1``) is not part of it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from loaders.registry import fold_chars

CODES_CSV = Path(__file__).resolve().parents[1] / "ontology" / "reference" / "symbol-codes.csv"
# Issuer codes that carry the term of the body after them (QH15, UBTVQH14).
_TERMED = re.compile(r"^(?P<body>QH|UBTVQH)(?P<term>\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True)
class CodeTable:
    """Kind, issuer and unit codes by their comparable key (capitals, Đ as D)."""

    kinds: dict[str, str]
    issuers: dict[str, str]
    party_issuers: frozenset[str]
    meanings: dict[str, str]
    words: dict[str, str]  # a kind's word, folded to lower case without diacritics → its code
    outside_lineage: frozenset[str]  # kinds that neither are parents nor have parents (TTr, BC)
    # issuer code → central | provincial | local | either (the level of the bodies that issue with it);
    # a code the table does not list (a department's: SNV, SYT …) is not central
    issuer_levels: dict[str, str] = field(default_factory=dict)

    def kind_of_word(self, word: str) -> str | None:
        """The kind code of a kind word in any case ("KẾ HOẠCH", "Kế hoạch" → "KH")."""
        return self.words.get(fold_word(word))


def code_key(code: str) -> str:
    """The comparable form of a code: capitals, Đ and Ð as D."""
    return code.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").upper()


@lru_cache(maxsize=1)
def codes() -> CodeTable:
    """The code table of ``ontology/reference/symbol-codes.csv`` (read once)."""
    kinds: dict[str, str] = {}
    issuers: dict[str, str] = {}
    party: set[str] = set()
    meanings: dict[str, str] = {}
    words: dict[str, str] = {}
    outside: set[str] = set()
    levels: dict[str, str] = {}
    with CODES_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code, role = row["code"], row["role"]
            meanings[code] = row["meaning"]
            if role == "kind":
                kinds[code.upper()] = code
                if row["word"]:
                    words[fold_word(row["word"])] = code
                if row["lineage"] == "none":
                    outside.add(code)
            elif role == "issuer":
                issuers[code.upper()] = code
                levels[code] = row["level"]
                if row["scope"] == "party":
                    party.add(code)
    return CodeTable(_with_folded(kinds), _with_folded(issuers), frozenset(party), meanings, words,
                     frozenset(outside), levels)


def _with_folded(exact: dict[str, str]) -> dict[str, str]:
    """Codes by their capitals, and also with Đ typed as D where that names one code only
    ("QD" is QĐ; "HD" stays Hướng dẫn, not Hợp đồng HĐ)."""
    folded: dict[str, list[str]] = {}
    for key, code in exact.items():
        folded.setdefault(code_key(key), []).append(code)
    out = dict(exact)
    for key, found in folded.items():
        if len(found) == 1 and key not in out:
            out[key] = found[0]
    return out


def _upper(code: str) -> str:
    return code.replace("Ð", "Đ").upper()


def _lookup(table: dict[str, str], code: str) -> str | None:
    return table.get(_upper(code)) or table.get(code_key(code))


def fold_word(text: str) -> str:
    """Lower case without diacritics, spaces collapsed: "KẾ  HOẠCH" → "ke hoach"."""
    return " ".join(fold_chars(text).lower().split())


def kind_word_pattern() -> str:
    """A regular expression (case-insensitive use) for every kind word of the table, longest first."""
    words = sorted(_kind_words(), key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) + ")"


@lru_cache(maxsize=1)
def _kind_words() -> tuple[str, ...]:
    with CODES_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(row["word"] for row in csv.DictReader(f) if row["role"] == "kind" and row["word"])


@dataclass(frozen=True)
class Symbol:
    """One symbol read from text: its parts in canonical spelling and where it stood."""

    number: str
    year: int | None
    kind: str | None  # None for official letters and the National Assembly's laws
    issuer: str
    unit: str | None
    party: bool
    start: int = 0
    end: int = 0

    @property
    def text(self) -> str:
        """The symbol as people write it: ``42-NQ/TW``, ``07/2021/NĐ-CP``, ``550/LĐTBXH-BTXH``."""
        tail = f"-{self.unit}" if self.unit else ""
        if self.party:
            return f"{self.number}-{self.kind}/{self.issuer}{tail}"
        year = f"/{self.year}" if self.year else ""
        if self.kind:
            return f"{self.number}{year}/{self.kind}-{self.issuer}{tail}"
        return f"{self.number}{year}/{self.issuer}{tail}"

    @property
    def number_with_year(self) -> str:
        """The number as the records keep it: ``24/2021`` for a numbered-by-year document."""
        return f"{self.number}/{self.year}" if self.year else self.number


_CODE = r"(?:[^\W\d_]|&){1,10}\d{0,2}"  # letters of any script (UBTƯMTTQVN), then a term (QH15)
_GAP = r"[ \t\u00a0]{0,2}"
_DASH = rf"{_GAP}[-–]{_GAP}"
_SLASH = rf"{_GAP}/{_GAP}"
# A number standing on its own: its first digit, then the look-behind (over that digit) that the
# character before is no part of a word or another number. A leading look-behind would be tried at
# every offset of a text; a leading digit lets the pattern engine skip to the digits.
_NUMBER = r"\d(?<![\w/.,-]\d)\d{0,4}[a-zđ]?"
SYMBOL_RE = re.compile(
    rf"(?P<n>{_NUMBER})(?:"
    rf"(?:/(?P<y>(?:19|20)\d\d))?{_SLASH}(?P<codes>{_CODE}(?:{_DASH}{_CODE}){{0,3}})"
    rf"|(?:{_DASH}|(?=[A-ZĐ]))(?P<pk>{_CODE}){_SLASH}(?P<pcodes>{_CODE}(?:{_DASH}{_CODE}){{0,2}}))")
_SPLIT = re.compile(rf"{_DASH}")


def _issuer(code: str, table: CodeTable) -> str | None:
    """The canonical spelling of an issuer code, or the code itself when it is written in capitals
    (codes of departments and units are too many to list: ``SLĐTBXH``, ``BDT``)."""
    termed = _TERMED.match(code)
    if termed:
        return f"{termed.group('body').upper()}{termed.group('term')}"
    known = _lookup(table.issuers, code)
    if known:
        return known
    return code if code.isupper() and len(code) >= 2 and not any(c.isdigit() for c in code) else None


def _kind(code: str, table: CodeTable) -> str | None:
    return _lookup(table.kinds, code)


def _glued(code: str, table: CodeTable) -> tuple[str, str] | None:
    """A kind code and a known issuer code written as one (``QĐBYT``: the hyphen lost in a PDF)."""
    key = _upper(code)
    for size in range(min(4, len(key) - 1), 0, -1):
        kind = _lookup(table.kinds, key[:size])
        issuer = _lookup(table.issuers, key[size:])
        if kind and issuer:
            return kind, issuer
    return None


def _strip_footnote(code: str) -> str:
    """``CP1`` → ``CP``: digits after a code are a footnote mark unless the code takes a term."""
    return code if _TERMED.match(code) else code.rstrip("0123456789")


def _state(number: str, year: int | None, raw: list[str], table: CodeTable) -> Symbol | None:
    first = raw[0]
    kind = _kind(first, table)
    if kind and len(raw) >= 2:
        issuer = _issuer(raw[1], table)
        if issuer is None:
            return None
        return Symbol(number, year, kind, issuer, "-".join(raw[2:]) or None, issuer in table.party_issuers)
    if _TERMED.match(first):
        return Symbol(number, year, None, _issuer(first, table) or first, None, False)
    glued = _glued(first, table)
    if glued:
        return Symbol(number, year, glued[0], glued[1], "-".join(raw[1:]) or None, False)
    issuer = _issuer(first, table)
    if issuer is None or kind:
        return None
    return Symbol(number, year, None, issuer, "-".join(raw[1:]) or None, False)


def _party(number: str, kind_code: str, raw: list[str], glued: bool, table: CodeTable) -> Symbol | None:
    kind = _kind(kind_code, table)
    issuer = _issuer(raw[0], table)
    if kind is None or issuer is None:
        return None
    if glued and issuer not in table.party_issuers:
        return None  # "20NQ/TW" is a Party symbol without its hyphen; "20KH/UBND" is nothing
    return Symbol(number, None, kind, issuer, "-".join(raw[1:]) or None, True)


def _codes(group: str) -> list[str]:
    parts = [p for p in _SPLIT.split(group) if p]
    if parts:
        parts[-1] = _strip_footnote(parts[-1])
    return [p for p in parts if p]


def parse_at(m: re.Match[str], table: CodeTable | None = None) -> Symbol | None:
    """The symbol of one match of ``SYMBOL_RE``, or None when its codes are not a symbol's."""
    table = table or codes()
    number = m.group("n")
    if m.group("codes") is not None:
        raw = _codes(m.group("codes"))
        year = int(m.group("y")) if m.group("y") else None
        found = _state(number, year, raw, table) if raw else None
    else:
        raw = _codes(m.group("pcodes"))
        glued = not re.match(r"\d+[a-zđ]?\s*[-–]", m.group(0))
        found = _party(number, m.group("pk"), raw, glued, table) if raw else None
    if found is None:
        return None
    end = m.end()
    if m.group(0)[-1].isdigit() and not _TERMED.search(m.group(0).rsplit("/", 1)[-1].rsplit("-", 1)[-1]):
        end = m.start() + len(m.group(0).rstrip("0123456789"))
    return Symbol(found.number, found.year, found.kind, found.issuer, found.unit, found.party, m.start(), end)


def symbol_key(symbol: str) -> str:
    """A symbol's comparable form: capitals, no spaces, Đ as D, dashes and slashes alike
    (``11/NQ-TU`` and ``11-NQ/TU`` are one symbol written in two conventions)."""
    return re.sub(r"[-–/]+", "/", code_key(symbol).replace(" ", ""))


def find_symbols(text: str) -> Iterator[Symbol]:
    """Every symbol in text, in order."""
    table = codes()
    for m in SYMBOL_RE.finditer(text):
        found = parse_at(m, table)
        if found is not None:
            yield found


def parse_symbol(text: str) -> Symbol | None:
    """The symbol that makes up the whole of ``text`` (spaces around it allowed), or None."""
    stripped = text.strip()
    m = SYMBOL_RE.match(stripped)
    if not m:
        return None
    found = parse_at(m, codes())
    return found if found is not None and found.end == len(stripped) else None
