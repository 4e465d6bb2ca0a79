"""Which field of state management a task belongs to (labour, vocational education, social
protection, poverty reduction, drug rehabilitation, press): the key for routing the task of an agency
that was split in 2025 to the successor that took that field.

Rules over the Vietnamese vocabulary, kept in ``ontology/reference/function-scopes.csv``. Agency
names are blanked out before matching ("Sở Lao động - Thương binh và Xã hội" says nothing about the
task's field). A task can match several fields or none; the caller decides what that means and
says so, it never picks silently.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from loaders.registry import Province, registry
from loaders.text import search_key


@dataclass(frozen=True)
class FunctionScope:
    """A field: its names (``short`` where a sentence names it, ``label`` in full), the words that
    show it as written in Vietnamese (``keywords``) and the same folded for matching (``keys``)."""

    id: str
    short: str
    label: str
    label_en: str
    keywords: tuple[str, ...]
    keys: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ScopeMatch:
    """A field a task belongs to, with the words that showed it (as the reference data writes them)."""

    scope: str
    evidence: tuple[str, ...]
    first: int = 0


@cache
def function_scopes() -> dict[str, FunctionScope]:
    text = resources.files("ontology").joinpath("reference", "function-scopes.csv").read_text("utf-8")
    scopes = {}
    for row in csv.DictReader(text.splitlines()):
        words = tuple(k for k in row["keywords"].split("|") if k)
        scopes[row["id"]] = FunctionScope(id=row["id"], short=row["short_vi"], label=row["label_vi"],
                                          label_en=row["label_en"], keywords=words,
                                          keys=tuple(search_key(k) for k in words), source=row["source"])
    return scopes


def evidence_text(matches: tuple[ScopeMatch, ...] | list[ScopeMatch]) -> str:
    """The fields and the words that showed them, for people: 'Giảm nghèo: “hộ nghèo”, “giảm nghèo”'."""
    scopes = function_scopes()
    return "; ".join(f"{scopes[m.scope].short}: " + ", ".join(f"“{w}”" for w in m.evidence) for m in matches)


_FIRST_CLAUSE = re.compile(r"[;.:]\s")
# Agencies whose names are made of a field's words ("Sở Lao động - Thương binh và Xã hội"); others,
# such as "Bảo hiểm xã hội tỉnh", are left in: there the name is also the subject.
_NAMED_BY_FIELD = frozenset({"department", "central_ministry"})


def _without_agency_names(text: str, province: Province | None) -> str:
    """The text with each field-named agency replaced by " | ". Built in one pass over the mentions
    (in text order, never overlapping): a long task names thousands of bodies, and cutting the
    whole text again for each one is quadratic."""
    pieces, cursor = [], 0
    for m in registry().mentions(text, province):
        if m.entry.category in _NAMED_BY_FIELD:
            pieces += [text[cursor:m.start], " | "]
            cursor = m.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def vocabulary(text: str, province: Province | None = None) -> list[ScopeMatch]:
    """Every field whose vocabulary the text uses, the earliest-named first."""
    key = f" {search_key(_without_agency_names(text, province))} "
    matches = []
    for scope in function_scopes().values():
        found = {word: key.find(f" {k} ") for word, k in zip(scope.keywords, scope.keys, strict=True)}
        words = tuple(w for w, at in found.items() if at >= 0)
        if words:
            matches.append(ScopeMatch(scope.id, words, min(found[w] for w in words)))
    return sorted(matches, key=lambda m: m.first)


@lru_cache(maxsize=65536)
def classify(text: str, province: Province | None = None) -> tuple[ScopeMatch, ...]:
    """The fields a task belongs to: those its first clause names (the task's subject: "Phát
    triển hệ thống trợ giúp xã hội …; … hộ nghèo" is social protection), or, when the first clause
    names none, those the whole text names. Several fields in the subject are all returned."""
    subject = _FIRST_CLAUSE.split(text, maxsplit=1)[0]
    return tuple(vocabulary(subject, province) or vocabulary(text, province))
