"""Reference data the loaders resolve against: agencies (with aliases), provinces, central documents.

The data lives in versioned CSV files under ``ontology/reference/``; this module only reads them.
Agency mentions are found by walking a token trie over diacritic-folded text, so "Sở LĐ-TB&XH",
"Sở Lao động, Thương binh và xã hội" and "so lao dong thuong binh va xa hoi" all land on one entry.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate

from loaders.text import fold_chars
from ontology.records import AgencyKind, AgencyRef

STOPWORDS = frozenset({"va"})
# A token: a whole run of letters and digits that is not a stopword (the look-arounds keep runs
# whole, so "java" stays a token while "va" is skipped, with no Python-level filter per token).
# Split by it, a text gives separator, token, separator, … separator (a stopword is in a separator).
_PIECES = re.compile(rf"((?<![a-z0-9])(?!(?:{'|'.join(sorted(STOPWORDS))})(?![a-z0-9]))[a-z0-9]+)")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_chars(text)).strip("-")


# Text copied out of a PDF loses the space where a line wrapped: "cácsở", "cơquan", "phụ nữtham".
# A Vietnamese syllable holds one run of vowels, so a word with two runs and consonants between them
# is glued syllables (or a foreign word). It is read as syllables when it splits into nothing else:
# an initial, a run of vowels and a final each, the next syllable taking every consonant that can
# open it ("nutham" is "nu tham", not "nut ham"). Aliases are split the same way, so a foreign word
# cut into syllables still matches itself.
_GLUED = re.compile(r"[aeiouy][b-df-hj-np-tv-xz]+[aeiouy]")
_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
             "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_FINALS = ("", "ng", "nh", "ch", "c", "m", "n", "p", "t")
_VOWELS = re.compile(r"[aeiouy]{1,3}")
# A line wrap glues two or three syllables (at most 7 letters each); a longer run of letters is
# not glued Vietnamese, and cutting it would only cost time (and recursion).
GLUED_MAX_LETTERS = 24


@lru_cache(maxsize=4096)
def syllables(word: str) -> tuple[str, ...] | None:
    """``word`` cut into syllables (the first cut that works, finals as short as they can be), or
    None. Cached, which also keeps a long word that many cuts almost fit from costing exponential
    time: each of its tails is tried once."""
    if not word:
        return ()
    for initial in _INITIALS:
        vowels = _VOWELS.match(word, len(initial)) if word.startswith(initial) else None
        if vowels is None:
            continue
        for final in _FINALS:
            if word.startswith(final, vowels.end()):
                end = vowels.end() + len(final)
                rest = syllables(word[end:])
                if rest is not None:
                    return (word[:end], *rest)
    return None


def _unglued(pieces: list[str]) -> list[str]:
    """Separator/word pieces with glued words cut into their syllables (empty separators between);
    a syllable that is a stopword joins the separator, as a free-standing one does."""
    out = [pieces[0]]
    for k in range(1, len(pieces), 2):
        word, separator = pieces[k], pieces[k + 1]
        parts = syllables(word) if len(word) <= GLUED_MAX_LETTERS and word.isalpha() and _GLUED.search(word) else None
        for part in parts if parts and len(parts) > 1 else (word,):
            if part in STOPWORDS:
                out[-1] += part
            else:
                out += [part, ""]
        out[-1] += separator
    return out


class Tokens:
    """Word tokens of a folded text ("và" is not a token). The text is split once into separators
    and words, alternately; character offsets are summed from the pieces' lengths only when a match
    needs them, since most words never start a mention."""

    __slots__ = ("_offsets", "_pieces", "words")

    def __init__(self, text: str) -> None:
        folded = fold_chars(text)
        self._pieces = _PIECES.split(folded)
        if _GLUED.search(folded):
            self._pieces = _unglued(self._pieces)
        self.words = self._pieces[1::2]
        self._offsets: list[int] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def span(self, i: int) -> tuple[int, int]:
        if self._offsets is None:
            self._offsets = list(accumulate(map(len, self._pieces)))
        return self._offsets[2 * i], self._offsets[2 * i + 1]


@lru_cache(maxsize=8192)
def tokens(text: str) -> Tokens:
    """Cached: the same sentence is looked at by several readers."""
    return Tokens(text)


def _alias_key(alias: str) -> tuple[str, ...]:
    return tuple(tokens(alias).words)


@dataclass(frozen=True)
class Province:
    id: str
    name: str
    unit_type: str

    @property
    def full_name(self) -> str:
        return f"{self.unit_type} {self.name}"


@dataclass(frozen=True)
class AgencyEntry:
    key: str
    level: str
    kind: AgencyKind
    category: str
    name: str
    aliases: tuple[str, ...]

    def ref(self, province: Province | None) -> AgencyRef:
        """The canonical, province-scoped agency this entry names."""
        return _ref(self, province)


@lru_cache(maxsize=8192)
def _ref(entry: AgencyEntry, province: Province | None) -> AgencyRef:
    """Cached: a document names the same few bodies in every task, and records are immutable."""
    if entry.level == "central":
        return AgencyRef(id=entry.key, name=entry.name, kind=entry.kind, category=entry.category)
    scope = province.id if province else "unknown"
    name = f"{entry.name} {province.full_name}" if province else entry.name
    return AgencyRef(id=f"{entry.key}.{scope}", name=name, kind=entry.kind, category=entry.category,
                     province=province.full_name if province else None)


@dataclass(frozen=True)
class ReferenceDocument:
    id: str
    kind: str
    number: str
    issuer_code: str
    issuer: str
    date: str
    title: str
    plenum: str
    relations: tuple[tuple[str, str], ...]
    source: str


@dataclass(frozen=True)
class Mention:
    """An agency found in text: what it resolves to and where it stands (offsets in the text)."""

    entry: AgencyEntry
    start: int
    end: int
    province: Province | None


@dataclass
class _Trie:
    children: dict[str, _Trie] = field(default_factory=dict)
    value: str | None = None

    def add(self, key: tuple[str, ...], value: str) -> None:
        node = self
        for part in key:
            node = node.children.setdefault(part, _Trie())
        node.value = node.value or value

    def longest(self, toks: Tokens, i: int) -> tuple[str, int] | None:
        """(value, index after the match) of the longest key starting at word i."""
        node, best = self, None
        j = i
        words = toks.words
        while j < len(words) and words[j] in node.children:
            node = node.children[words[j]]
            j += 1
            if node.value is not None:
                best = (node.value, j)
        return best


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("ontology").joinpath("reference", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


class Registry:
    """Agencies, provinces and central documents, with fast mention lookup. Build once per process."""

    def __init__(self) -> None:
        self.agencies: dict[str, AgencyEntry] = {}
        self.provinces: dict[str, Province] = {}
        self.documents: dict[str, ReferenceDocument] = {}
        self._general = _Trie()
        self._short = _Trie()
        self._provinces = _Trie()
        self._load_agencies()
        self._load_provinces()
        self._load_documents()

    def _load_agencies(self) -> None:
        for row in _read_csv("agencies.csv"):
            entry = AgencyEntry(key=row["key"], level=row["level"], kind=AgencyKind(row["kind"]),
                                category=row["category"], name=row["name"],
                                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()))
            self.agencies[entry.key] = entry
            # A department's name without "Sở" ("Tài chính") is read only inside an enumeration
            # ("Các sở: Tài chính, Xây dựng"); departments not named "Sở …" (Thanh tra tỉnh, Văn
            # phòng UBND, Ban Dân tộc tỉnh) are found everywhere by their full names.
            named_so = _alias_key(entry.name)[:1] == ("so",)
            for alias in (entry.name, *entry.aliases):
                key = _alias_key(alias)
                short = (entry.category == "department" and named_so and key[:1] != ("so",)
                         and entry.level == "provincial")
                (self._short if short else self._general).add(key, entry.key)
                if not short and key[:1] == ("so",):
                    self._short.add(key[1:], entry.key)

    def _load_provinces(self) -> None:
        for row in _read_csv("provinces.csv"):
            province = Province(id=row["id"], name=row["name"], unit_type=row["unit_type"])
            self.provinces[province.id] = province
            self._provinces.add(_alias_key(province.name), province.id)

    def _load_documents(self) -> None:
        for row in _read_csv("documents.csv"):
            relations = tuple(tuple(r.split(":", 1)) for r in row["relations"].split("|") if r)
            self.documents[row["id"]] = ReferenceDocument(
                id=row["id"], kind=row["kind"], number=row["number"], issuer_code=row["issuer_code"],
                issuer=row["issuer"], date=row["date"], title=row["title"], plenum=row["plenum"],
                relations=relations, source=row["source"])  # type: ignore[arg-type]

    def province_in(self, text: str) -> Province | None:
        """The first province named in text (with or without its unit word)."""
        toks = tokens(text)
        for i in range(len(toks)):
            hit = self._provinces.longest(toks, i)
            if hit:
                return self.provinces[hit[0]]
        return None

    def province_named(self, name: str) -> Province | None:
        toks = tokens(name)
        hit = self._provinces.longest(toks, 0) if toks else None
        return self.provinces[hit[0]] if hit and hit[1] == len(toks) else None

    def mentions(self, text: str, province: Province | None) -> list[Mention]:
        """Agencies and groups named in text, scoped to ``province`` unless the text names another."""
        toks = tokens(text)
        found: list[Mention] = []
        starts = self._general.children
        after = 0  # the word after the last mention: mentions do not overlap
        # Few words can start a name: find those in one pass, then try each.
        for i in [i for i, word in enumerate(toks.words) if word in starts]:
            hit = self._general.longest(toks, i) if i >= after else None
            if hit is not None:
                mention, after = self._mention(toks, i, hit, province)
                found.append(mention)
        return found

    def _mention(self, toks: Tokens, i: int, hit: tuple[str, int],
                 province: Province | None) -> tuple[Mention, int]:
        """The mention that starts at word i, with its scope; and the word after it."""
        entry = self.agencies[hit[0]]
        j, scope = self._scope(toks, hit[1], entry, province)
        return Mention(entry=entry, start=toks.span(i)[0], end=toks.span(j - 1)[1], province=scope), j

    def _scope(self, toks: Tokens, j: int, entry: AgencyEntry,
               province: Province | None) -> tuple[int, Province | None]:
        """Consume a trailing "tỉnh"/"thành phố" and province name after a provincial mention."""
        if entry.level == "central":
            return j, None
        k = j
        if k < len(toks) and self._general.longest(toks, k):
            return j, province
        if k < len(toks) and toks.words[k] == "tinh":
            k += 1
        elif k + 1 < len(toks) and (toks.words[k], toks.words[k + 1]) == ("thanh", "pho"):
            k += 2
        named = self._provinces.longest(toks, k) if k < len(toks) else None
        if named:
            return named[1], self.provinces[named[0]]
        return k, province

    def enumeration_after(self, text: str, province: Province | None) -> list[Mention]:
        """Agencies listed after a colon ("Các sở, ngành: Tài chính, Xây dựng, …"), stopping at prose."""
        toks = tokens(text)
        found: list[Mention] = []
        i = 0
        while i < len(toks):
            general = self._general.longest(toks, i)
            short = self._short.longest(toks, i)
            hit = max((h for h in (general, short) if h), key=lambda h: h[1], default=None)
            if hit is None:
                break
            mention, i = self._mention(toks, i, hit, province)
            found.append(mention)
        return found


@cache
def registry() -> Registry:
    """The process-wide registry (immutable reference data, read once)."""
    return Registry()
