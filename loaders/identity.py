"""Document identity: kind + number + issuer (+ province for provincial issuers) + year.

Numbers collide (``68/NQ-CP`` of 2021 and of 2024; ``113-CTr/TU`` of two provinces), so an id is
never the number alone. Ids are ASCII, URL-safe and stable: the same document read twice, or
cited from another file, gets the same id (``42-NQ-TW-2023``, ``113-CTr-TU-ha-nam-2024``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from loaders import messages
from loaders.registry import fold_chars, slug
from ontology.records import DocumentRecord, Extraction, ReferenceRecord

# Issuer codes whose documents are provincial: the same number recurs in every province.
PROVINCIAL_ISSUERS = frozenset({"TU", "UBND", "HĐND", "BTV", "ĐU", "BCĐ"})

KIND_CLASSES: dict[str, str] = {
    "NQ": "Resolution", "KL": "Conclusion", "QĐ": "Decision", "KH": "Plan", "CTr": "Programme",
    "CT": "Directive", "NĐ": "Decree", "TT": "Circular", "HD": "Guidance",
}
KIND_WORDS: dict[str, str] = {
    "nghi quyet": "NQ", "ket luan": "KL", "quyet dinh": "QĐ", "ke hoach": "KH", "chuong trinh": "CTr",
    "chi thi": "CT", "nghi dinh": "NĐ", "thong tu": "TT", "huong dan": "HD",
}
# Codes as written in the wild (capitals, missing Đ) → canonical spelling.
_CODES = {"CTR": "CTr", "QD": "QĐ", "QĐ": "QĐ", "ND": "NĐ", "NĐ": "NĐ", "TTG": "TTg", "HDND": "HĐND",
          "HĐND": "HĐND", "DU": "ĐU", "ĐU": "ĐU"}


def normal_code(code: str) -> str:
    """Canonical spelling of a kind or issuer code ("CTR" → "CTr", "QD" → "QĐ", "TTG" → "TTg")."""
    code = code.strip().replace("Ð", "Đ")
    return _CODES.get(code.upper(), code.upper())


def kind_class(kind: str) -> str:
    return KIND_CLASSES.get(kind, "OtherDocument")


def is_provincial(issuer_code: str) -> bool:
    return issuer_code in PROVINCIAL_ISSUERS


def _ascii(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", code.replace("Đ", "D").replace("đ", "d")).strip("-")


def document_id(kind: str, number: str | None, issuer_code: str, province_id: str | None,
                year: int | None, *, disambiguator: str | None = None) -> str:
    """The stable id of a document.

    Numbers that carry their year (``20/2021/NĐ-CP``) need no year suffix; an unnumbered draft
    gets a short hash of its title so two drafts of one issuer and year stay apart.
    """
    parts = [_ascii(number) if number else "x", _ascii(kind), _ascii(issuer_code)]
    if is_provincial(issuer_code):
        parts.append(province_id or "unknown-province")
    if not (number and re.search(r"/\d{4}$", number)):
        parts.append(str(year) if year is not None else "undated")
    if disambiguator:
        parts.append(hashlib.sha256(slug(disambiguator).encode()).hexdigest()[:8])
    return "-".join(parts)


def kind_from_words(text: str) -> str | None:
    """The kind code of a kind word at the start of text ("Kế hoạch số …" → "KH")."""
    folded = fold_chars(text).lower()
    for word, code in KIND_WORDS.items():
        if folded.startswith(word):
            return code
    return None


# -- identity across files ------------------------------------------------------------------------

GroupKey = tuple[str, str, str, str | None]  # number without its year, kind, issuer code, province


def _group_key(kind: str, number: str | None, issuer_code: str,
               province: str | None) -> tuple[GroupKey, int | None] | None:
    """The key that the same document shares in every file, and the year its number carries."""
    if not number:
        return None
    base, _, year = number.partition("/")
    return (base, kind, issuer_code, province if is_provincial(issuer_code) else None), (
        int(year) if year.isdigit() else None)


def _id_year(doc_id: str, year: int | None, number_year: int | None) -> int | None:
    return year if year is not None else number_year


class Cited(Protocol):
    """What identity resolution reads of a document: its own identity and its citations (a record,
    or a footprint of one)."""

    @property
    def document(self) -> DocumentRecord: ...

    @property
    def references(self) -> tuple[ReferenceRecord, ...]: ...


@dataclass(frozen=True)
class Resolution:
    """The ids of cited documents across a set of files: which citation ids become which, which
    stay apart because their year is ambiguous, and which dates conflict."""

    mapping: dict[str, str]
    ambiguous: dict[str, list[str]]
    conflicts: dict[str, list[dt.date]]

    def merge(self, other: Resolution) -> None:
        """Take in another group's resolution (groups share no id)."""
        self.mapping.update(other.mapping)
        self.ambiguous.update(other.ambiguous)
        self.conflicts.update(other.conflicts)

    def apply(self, ex: Extraction) -> Extraction:
        return _remap(ex, self.mapping, self.ambiguous, self.conflicts)

    def references(self, refs: tuple[ReferenceRecord, ...]) -> tuple[ReferenceRecord, ...]:
        """Citations with their resolved ids (the part of ``apply`` that the shared graphs read)."""
        get = self.mapping.get
        moved = [r.model_copy(update={"id": get(r.id, r.id), "subject": get(r.subject, r.subject)})
                 if r.id in self.mapping or r.subject in self.mapping else r for r in refs]
        return _unique(moved) if any(a is not b for a, b in zip(moved, refs, strict=True)) else refs

    def bearing(self, item: Cited) -> tuple[object, ...]:
        """All that this resolution decides for one document: two resolutions that agree on it
        resolve its record the same way."""
        return tuple((self.mapping.get(r.id), self.mapping.get(r.subject), tuple(self.ambiguous.get(r.id, ())),
                      tuple(self.conflicts.get(r.id, ())) if r.date is not None else ()) for r in item.references)


def resolve_identities(extractions: list[Extraction]) -> list[Extraction]:
    """One id per document across files (a stage between extraction and the graph: records in,
    records out; idempotent). See ``resolution``."""
    found = resolution(extractions)
    return [found.apply(ex) for ex in extractions]


def resolution(items: Sequence[Cited]) -> Resolution:
    """How the citations of these documents resolve.

    Citations of one kind, number and issuer (and province, for provincial issuers) are grouped.
    Those with the same year are one document, and take one id: the loaded document's, else the
    reference data's, else the first in order of document id. A citation without a year joins the
    group's only dated document when nothing contradicts it; when the group holds documents of
    several years, it stays apart and its file gets a ``citation_ambiguous`` warning. Dates that
    differ within one document (a typo in a citing sentence) are a ``citation_date_conflict``
    warning, not two nodes. Loaded documents keep their ids (an id never depends on which other
    files were loaded with it), and a cited document keeps what its citations state (its date from
    the citing sentence). The order the files came in decides nothing. Each group resolves alone
    (``resolve_group``), so a change resolves only the groups its documents note."""
    ordered = sorted(items, key=lambda item: item.document.id)
    loaded = {item.document.id for item in ordered}
    groups: dict[str, list[Note]] = {}
    for item in ordered:
        for group, note in notes(item):
            groups.setdefault(group, []).append(note)
    found = Resolution({}, {}, {})
    for group_notes in groups.values():
        found.merge(resolve_group(group_notes, loaded.__contains__))
    return found


class Note(NamedTuple):
    """What a document says of one document it names, itself included: the year its id is grouped
    by, the id, and the date the citation states."""

    year: int | None
    id: str
    date: dt.date | None


def notes(item: Cited) -> Iterator[tuple[str, Note]]:
    """The notes of one document with the group each belongs to, in order: the document itself,
    then its citations. A citation without a number is a group of its own (only its dates count)."""
    d = item.document
    key_year = _group_key(_id_kind(d.symbol, d.kind), d.number, d.issuer_code, d.province)
    if key_year is not None:
        yield _group_name(key_year[0]), Note(_id_year(d.id, d.year, key_year[1]), d.id, None)
    for r in item.references:
        key_year = _group_key(r.kind, r.number, r.issuer_code, r.province)
        if key_year is not None:
            yield _group_name(key_year[0]), Note(_id_year(r.id, r.year, key_year[1]), r.id, r.date)
        elif r.date is not None:
            yield f"={r.id}", Note(None, r.id, r.date)


def _group_name(key: GroupKey) -> str:
    return json.dumps(key, ensure_ascii=False)


def resolve_group(group_notes: Iterable[Note], loaded: Callable[[str], bool]) -> Resolution:
    """How the citations of one group resolve, from its notes in order of the noting documents'
    ids (``loaded`` tells a loaded document's id)."""
    from loaders.registry import registry

    known = registry().documents
    by_year: dict[int | None, list[str]] = {}
    dated: list[tuple[str, dt.date]] = []
    for note in group_notes:
        ids = by_year.setdefault(note.year, [])
        if note.id not in ids:
            ids.append(note.id)
        if note.date is not None:
            dated.append((note.id, note.date))
    mapping: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    canonical = {year: _canonical(ids, loaded, known) for year, ids in by_year.items() if year is not None}
    for year, ids in by_year.items():
        if year is not None:
            mapping.update({i: canonical[year] for i in ids if i != canonical[year] and not loaded(i)})
        elif len(canonical) == 1:
            target = next(iter(canonical.values()))
            mapping.update({i: target for i in ids if not loaded(i)})
        elif len(canonical) > 1:
            for i in ids:
                ambiguous[i] = [str(y) for y in sorted(canonical)]  # the years, for the warning
    dates: dict[str, set[dt.date]] = {}
    for doc_id, date in dated:
        dates.setdefault(mapping.get(doc_id, doc_id), set()).add(date)
    conflicts = {i: sorted(found) for i, found in dates.items() if len(found) > 1}
    return Resolution(mapping, ambiguous, conflicts)


def _id_kind(symbol: str | None, kind: str) -> str:
    """The kind code the document's id was built from: its symbol's (a plan printed under its
    decision's symbol is ``2450/QĐ-UBND`` for a KẾ HOẠCH), else its kind."""
    from loaders.symbols import parse_symbol

    parsed = parse_symbol(symbol) if symbol else None
    return parsed.kind if parsed is not None and parsed.kind else kind


def _canonical(ids: list[str], loaded: Callable[[str], bool], known: Container[str]) -> str:
    for pool in (loaded, known.__contains__):
        chosen = [i for i in ids if pool(i)]
        if chosen:
            return chosen[0]
    return ids[0]


def _remap(ex: Extraction, mapping: dict[str, str], ambiguous: dict[str, list[str]],
           conflicts: dict[str, list[dt.date]]) -> Extraction:
    refs = []
    changed = False
    warnings = list(ex.warnings)
    for r in ex.references:
        new_id, subject = mapping.get(r.id, r.id), mapping.get(r.subject, r.subject)
        if (new_id, subject) != (r.id, r.subject):
            r = r.model_copy(update={"id": new_id, "subject": subject})
            changed = True
        name = r.symbol or r.id
        if r.id in ambiguous and not any(w.code == "citation_ambiguous" and name in w.message for w in warnings):
            warnings.append(messages.warning("citation_ambiguous_across_files", r.source, symbol=name,
                                             years=", ".join(ambiguous[r.id])))
            changed = True
        if r.id in conflicts and r.date is not None and not any(
                w.code == "citation_date_conflict" and name in w.message for w in warnings):
            warnings.append(messages.warning("citation_date_conflict", r.source, symbol=name,
                                             dates=", ".join(messages.day(d) for d in conflicts[r.id])))
            changed = True
        refs.append(r)
    if not changed:
        return ex
    return ex.model_copy(update={"references": _unique(refs), "warnings": tuple(warnings)})


def _unique(refs: Iterable[ReferenceRecord]) -> tuple[ReferenceRecord, ...]:
    """One citation per subject, cited document and relation (two that resolve to one are one)."""
    unique: dict[tuple[str, str, str], ReferenceRecord] = {}
    for r in refs:
        unique.setdefault((r.subject, r.id, r.relation.value), r)
    return tuple(unique.values())
