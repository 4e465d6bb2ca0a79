"""The graphs every document shares, and the identities of cited documents, kept as claims by key.

Every line of the derived and succession graphs is about one key — a document, a cited document,
a lineage relation, a body, a group, an indicator, a province, a succession event, route or
entity — and follows from the *claims* made on that key alone: by documents (their footprints),
by the reference data, and by what other keys came to (the body a cited document's issuer name
names, the walk of a named body). A family's rule turns a key's claims into lines: the first
claim by rank says it all (``first``), or every distinct claim adds its own (``union``). A line
counts the keys that state it and is in the graph while that count is above zero.

A change replaces the claims of the documents it writes (and of the keys whose outcome those
move) and renders only the keys whose claims it changed, before and after: what it costs is what
it touches, not the corpus. The claims, the line counts and the loaded documents are kept in
SQLite as a base shared by generations and a delta of each generation's own (graph/layers.py): a
change hides the sources it replaces from the base and writes their claims, the line counts it
moves and the documents it adds or removes into the delta. The facts are those of
``graph.rdf.add_derived`` and ``add_succession``, which a full build writes: tests hold the two
equal after any sequence of changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import closing
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias

from rdflib import RDF, URIRef

from graph import layers
from graph.footprint import Footprint
from graph.rdf import (
    DERIVED_GRAPH,
    GROUP_OF_CATEGORY,
    RELATION_TERMS,
    SUCCESSION_GRAPH,
    Lang,
    NQuadsLines,
    P,
    QuadSink,
    _agency_facts,
    _document_statements,
    _entity,
    _event,
    _identity,
    _named_province,
    _province_facts,
    _province_of,
    _reference_source,
    _reference_statements,
    _Writer,
    document_iri,
    iri,
    issuer_agency,
    province_iri,
    route_facts,
)
from loaders import succession
from loaders.identity import Note, Resolution, notes, resolve_group
from loaders.registry import Registry
from loaders.targets import indicators
from loaders.text import search_key
from ontology.namespace import DCTERMS, SKOS
from ontology.records import AgencyKind, AgencyRef, DocumentRecord, SourceFile
from policygraph.errors import StoreError

FILE = "shared.sqlite"
DELTA = "shared-delta.sqlite"
# Past this share of the base's rows the delta is folded into a new base (tier L: the base is
# 190 MB, 264,000 claims and 77,000 lines; a copy of it cost a change 0.15-0.36 s), and not below
# this many rows, which a change copies in a few milliseconds (a small store would fold at every
# change: one document of the corpus holds a fifth of its claims).
COMPACT_SHARE = 0.1
COMPACT_FLOOR = 20_000
_TABLES = """
CREATE TABLE IF NOT EXISTS {db}.claims(family TEXT, key TEXT, rank TEXT, source TEXT, payload TEXT);
CREATE INDEX IF NOT EXISTS {db}.claims_by_key ON claims(family, key, rank);
CREATE INDEX IF NOT EXISTS {db}.claims_by_source ON claims(source);
CREATE TABLE IF NOT EXISTS {db}.lines(line TEXT PRIMARY KEY, subject TEXT, derived INTEGER, count INTEGER)
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS {db}.lines_by_subject ON lines(subject, derived);
CREATE TABLE IF NOT EXISTS {db}.documents(id TEXT PRIMARY KEY, name TEXT, sha256 TEXT, file TEXT, record TEXT)
    WITHOUT ROWID;
"""
# A delta holds the same tables, where a line of count 0 and a document without a record are gone,
# and the sources whose claims in the base it hides.
_DELTA_TABLES = _TABLES + "CREATE TABLE IF NOT EXISTS {db}.gone(source TEXT PRIMARY KEY) WITHOUT ROWID;\n"
# What a reader sees: the base less what the delta hides or holds anew, and the delta.
_MERGED = """
CREATE TEMP VIEW all_claims AS
  SELECT family, key, rank, source, payload FROM main.claims WHERE source NOT IN (SELECT source FROM delta.gone)
  UNION ALL SELECT family, key, rank, source, payload FROM delta.claims;
CREATE TEMP VIEW all_lines AS
  SELECT line, subject, derived, count FROM delta.lines
  UNION ALL SELECT line, subject, derived, count FROM main.lines WHERE line NOT IN (SELECT line FROM delta.lines);
CREATE TEMP VIEW all_documents AS
  SELECT id, name, sha256, file, record FROM delta.documents WHERE record IS NOT NULL
  UNION ALL SELECT id, name, sha256, file, record FROM main.documents WHERE id NOT IN (SELECT id FROM delta.documents);
CREATE TEMP TABLE replaced(source TEXT PRIMARY KEY);
"""
# A base of the generation's own, from the one shared so far (``main``) and the delta.
_FOLD = """
DELETE FROM main.claims WHERE source IN (SELECT source FROM delta.gone);
INSERT INTO main.claims SELECT * FROM delta.claims;
DELETE FROM main.lines WHERE line IN (SELECT line FROM delta.lines);
INSERT INTO main.lines SELECT * FROM delta.lines WHERE count > 0;
DELETE FROM main.documents WHERE id IN (SELECT id FROM delta.documents);
INSERT INTO main.documents SELECT * FROM delta.documents WHERE record IS NOT NULL;
"""
_ROWS = "SELECT (SELECT count(*) FROM claims) + (SELECT count(*) FROM lines) + (SELECT count(*) FROM documents)"
_SEP = "\t"   # below every character of an id, so ranks sort as their parts do
_REFERENCE = "reference"
_DERIVED_END = f"<{DERIVED_GRAPH}> .\n"


class Claim(NamedTuple):
    family: str
    key: str
    rank: str
    source: str
    payload: str


Key = tuple[str, str]   # family, key
# the loaded documents a pass adds or replaces (None: removes)
Entries: TypeAlias = dict[str, tuple[SourceFile, DocumentRecord] | None]


class _Stub(NamedTuple):
    """What a citation says of the document it cites, as a stub's claim holds it."""

    kind: str
    number: str | None
    issuer_code: str
    issuer: str | None
    symbol: str | None
    province: str | None
    year: int | None
    date: str | None


def _rank(*parts: object) -> str:
    return _SEP.join(f"{p:06d}" if isinstance(p, int) else str(p) for p in parts)


def document_source(doc_id: str) -> str:
    """The source of a document's claims."""
    return f"doc:{doc_id}"


# -- claims of a document, of the reference data, and of the outcome of other keys -----------------

def document_claims(read: Footprint, resolved: Footprint, reg: Registry) -> list[Claim]:
    """What one document claims: the notes of identity resolution from its citations as read, the
    rest from its footprint with citations resolved."""
    src, d = document_source(read.document.id), resolved.document
    out = note_claims(read)
    out += [Claim("loaded", d.id, "0", src, ""), Claim("stub", d.id, "0", src, "")]
    for pos, r in enumerate(resolved.references):
        if r.id not in reg.documents:
            out.append(Claim("loaded", r.id, "1", src, ""))
            stub = _Stub(r.kind, r.number, r.issuer_code, r.issuer, r.symbol, r.province, r.year,
                         r.date.isoformat() if r.date else None)
            out.append(Claim("stub", r.id, _rank("1", "0" if r.date else "1", d.id, pos), src, json.dumps(stub)))
    out += [Claim("lineage", _SEP.join((st.citing, st.relation, st.cited)), str(st.citation), src, "")
            for st, _ in _document_statements(resolved)]
    if d.lead_agency:
        out.append(Claim("agency", d.lead_agency.id, _rank("0", "0", d.id), src, d.lead_agency.model_dump_json()))
    out += [Claim("agency", a.id, _rank("0", "1", d.id, pos), src, a.model_dump_json())
            for pos, a in enumerate(resolved.agencies)]
    province = _province_of(resolved, reg)
    if (issuer := issuer_agency(d.issuer, province, reg)) is not None:
        out.append(Claim("agency", issuer.id, _rank("1", "2", d.id), src, issuer.model_dump_json()))
    known = _reference_indicators()
    out += [Claim("indicator", ident, _rank(d.id, pos), src, label)
            for pos, (ident, label) in enumerate(resolved.indicators) if ident not in known]
    names = {d.province} | {a.province for a in resolved.agencies}
    out += [Claim("province", name, "", src, "") for name in sorted(n for n in names if n)]
    if province is not None:
        origin = _entity_json(succession.province_entity(province))
        out.append(Claim("origin", province.id, _rank("1", d.id), src, origin))
    return out


def note_claims(read: Footprint) -> list[Claim]:
    """The notes of identity resolution a document makes, from its citations as read."""
    doc_id = read.document.id
    return [Claim("ident", group, _rank(doc_id, pos), document_source(doc_id),
                  json.dumps([n.year, n.id, n.date and n.date.isoformat()]))
            for pos, (group, n) in enumerate(notes(read))]


def reference_claims(reg: Registry) -> list[Claim]:
    """What the reference data claims: its documents are described (never stubs), their relations
    stated, their issuers named; and the succession graph's source files."""
    out = [Claim("constant", "succession", "", _REFERENCE, "")]
    for ref in reg.documents.values():
        out += [Claim("loaded", ref.id, "1", _REFERENCE, ""), Claim("stub", ref.id, "0", _REFERENCE, "")]
        out += [Claim("lineage", _SEP.join((st.citing, st.relation, st.cited)), str(st.citation), _REFERENCE, "")
                for st in _reference_statements(ref)]
        if (issuer := issuer_agency(ref.issuer, None, reg)) is not None:
            out.append(Claim("agency", issuer.id, _rank("1", "0", ref.id), _REFERENCE, issuer.model_dump_json()))
    return out


def _stub_claims(stub_id: str, winner: Claim | None, reg: Registry) -> list[Claim]:
    """A cited document described by its citation names its issuer."""
    if winner is None or winner.rank == "0":
        return []
    stub = _Stub(*json.loads(winner.payload))
    body = issuer_agency(stub.issuer, _named_province(stub.province, reg), reg)
    if body is None:
        return []
    return [Claim("agency", body.id, _rank("1", "1", stub_id), f"stub:{stub_id}", body.model_dump_json())]


def _agency_claims(agency_id: str, winner: Claim | None, reg: Registry) -> list[Claim]:
    """A body a document names is a succession origin and belongs to its category's group."""
    if winner is None or not winner.rank.startswith("0"):
        return []
    ref = _agency(winner.payload)
    src = f"agency:{agency_id}"
    out = [Claim("origin", agency_id, "0", src, _entity_json(succession.agency_entity(ref)))]
    group_key = GROUP_OF_CATEGORY.get(ref.category)
    if ref.kind is not AgencyKind.GROUP and group_key is not None and "." in ref.id:
        group = reg.agencies[group_key]
        label = f"{group.name} {ref.province}" if ref.province else group.name
        group_id = f"{group_key}.{ref.id.split('.', 1)[1]}"
        out.append(Claim("membership", group_id, "", src, json.dumps([label, group.category, ref.id])))
    return out


def _origin_claims(origin_id: str, winner: Claim | None) -> list[Claim]:
    """An origin's walk: the events and routes it meets, and the bodies it reaches."""
    if winner is None:
        return []
    origin = _entity_of(winner.payload)
    walked = succession._walked(origin)
    src = f"origin:{origin_id}"
    out = [Claim("entity", origin_id, "0", src, "")]
    out += [Claim("entity", e.id, _rank("1", origin_id), src, winner.payload)
            for e in walked.entities.values() if e.id != origin_id]
    out += [Claim("event", event_id, _rank(origin_id), src, winner.payload) for event_id in walked.events]
    if walked.routes[origin_id]:
        out.append(Claim("route", origin_id, "", src, winner.payload))
    return out


# -- rendering a key's lines -------------------------------------------------------------------------

class _Renderer:
    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.families: dict[str, Callable[[str, Any], set[str]]] = {
            "loaded": self.loaded, "stub": self.stub, "lineage": self.lineage, "agency": self.agency,
            "indicator": self.indicator, "province": self.province, "membership": self.membership,
            "entity": self.entity, "event": self.event, "route": self.route, "constant": self.constant}

    def __call__(self, family: str, key: str, state: Any) -> set[str]:
        return self.families[family](key, state) if state else set()

    @staticmethod
    def _derived() -> tuple[NQuadsLines, _Writer]:
        sink = NQuadsLines()
        return sink, _Writer(sink, DERIVED_GRAPH, None)

    def loaded(self, key: str, winner: Claim) -> set[str]:
        sink, w = self._derived()
        w.add(document_iri(key), P.loaded, winner.rank == "0")
        return sink.lines

    def stub(self, key: str, winner: Claim) -> set[str]:
        if winner.rank == "0":
            return set()
        sink, w = self._derived()
        s = _Stub(*json.loads(winner.payload))
        d = _identity(w, key, s.kind, s.number, s.issuer_code, s.issuer, s.symbol,
                      issuer_agency(s.issuer, _named_province(s.province, self.reg), self.reg))
        w.add(d, P.textFolded, search_key(f"{s.number or ''} {s.kind} {s.issuer_code} {s.issuer}"))
        w.add(d, P.year, s.year)
        if s.date:
            w.add(d, P.date, dt.date.fromisoformat(s.date))
        if s.province:
            w.add(d, P.province, province_iri(s.province, self.reg))
        return sink.lines

    def lineage(self, key: str, winner: Claim) -> set[str]:
        sink, w = self._derived()
        citing, relation, cited = key.split(_SEP)
        w.add(URIRef(citing), RELATION_TERMS[relation], URIRef(cited))
        w.add(URIRef(citing), P.primaryCitation, URIRef(winner.rank))
        return sink.lines

    def agency(self, key: str, winner: Claim) -> set[str]:
        sink, w = self._derived()
        ref = _agency(winner.payload)
        _agency_facts(w, ref.id, ref.name, ref.kind is AgencyKind.GROUP, ref.category,
                      province_iri(ref.province, self.reg) if ref.province else None)
        return sink.lines

    def indicator(self, key: str, winner: Claim) -> set[str]:
        sink, w = self._derived()
        node = iri("indicator", key)
        w.add(node, RDF.type, P.Indicator)
        w.add(node, SKOS.prefLabel, _lang(winner.payload))
        w.add(node, SKOS.inScheme, P.IndicatorScheme)
        w.add(node, DCTERMS.identifier, key)
        return sink.lines

    def province(self, key: str, payloads: frozenset[str]) -> set[str]:
        sink, w = self._derived()
        _province_facts(w, province_iri(key, self.reg).rsplit("/", 1)[-1], key)
        return sink.lines

    def membership(self, key: str, payloads: frozenset[str]) -> set[str]:
        sink, w = self._derived()
        node = iri("agency", key)
        for payload in sorted(payloads):
            label, category, member = json.loads(payload)
            w.add(node, RDF.type, P.AgencyGroup)
            w.add(node, SKOS.prefLabel, _lang(label))
            w.add(node, DCTERMS.identifier, key)
            w.add(node, P.category, category)
            w.add(node, P.textFolded, search_key(label))
            w.add(iri("agency", member), P.memberOf, node)
        return sink.lines

    def entity(self, key: str, winner: Claim) -> set[str]:
        if winner.rank == "0":
            return set()
        sink = NQuadsLines()
        _entity(succession_writer(sink, succession.SUCCESSION_FILE),
                succession._walked(_entity_of(winner.payload)).entities[key])
        return sink.lines

    def event(self, key: str, winner: Claim) -> set[str]:
        sink = NQuadsLines()
        event = succession._walked(_entity_of(winner.payload)).events[key]
        _event(succession_writer(sink, event.source.file), event)
        return sink.lines

    def route(self, key: str, payloads: frozenset[str]) -> set[str]:
        sink = NQuadsLines()
        w = succession_writer(sink, succession.SUCCESSION_FILE)
        for payload in sorted(payloads):
            for known in succession._walked(_entity_of(payload)).routes[key]:
                route_facts(w, known)
        return sink.lines

    def constant(self, key: str, payloads: frozenset[str]) -> set[str]:
        sink = NQuadsLines()
        for path in (succession.SUCCESSION_FILE, succession.PROVINCES_FILE):
            succession_writer(sink, path).source_file()
        return sink.lines


UNION = frozenset({"province", "membership", "route", "constant"})


def _lang(text: str) -> Lang:
    return Lang(text, "vi")


@cache
def _reference_file(path: str) -> SourceFile:
    return _reference_source(path)


def succession_writer(sink: QuadSink, path: str) -> _Writer:
    """A writer of the succession graph whose provenance is one of its reference files."""
    return _Writer(sink, SUCCESSION_GRAPH, _reference_file(path))


@cache
def _reference_indicators() -> frozenset[str]:
    return frozenset(ind.id for ind in indicators())


@lru_cache(maxsize=65_536)
def _agency(payload: str) -> AgencyRef:
    return AgencyRef.model_validate_json(payload)


def _entity_json(entity: succession.Entity) -> str:
    fields = dataclasses.asdict(entity)
    fields["valid_from"] = entity.valid_from and entity.valid_from.isoformat()
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


@lru_cache(maxsize=65_536)
def _entity_of(payload: str) -> succession.Entity:
    fields = json.loads(payload)
    fields["valid_from"] = fields["valid_from"] and dt.date.fromisoformat(fields["valid_from"])
    return succession.Entity(**fields)


# -- one generation's claims -----------------------------------------------------------------------

class Shared:
    """One generation's claims, line counts and loaded documents, read while a change is planned
    and written into the next generation's copy (``Plan.write``)."""

    def __init__(self, folder: Path | None) -> None:
        """The claims of the generation in ``folder``, opened to read (None: no claims yet, a first
        build). A generation without a delta (written whole) reads as one with an empty delta."""
        base, delta = (folder / FILE, folder / DELTA) if folder is not None else (None, None)
        try:
            self.db = sqlite3.connect(layers.read_only(base) if base else ":memory:", uri=True)
            if base is None:
                self.db.executescript(_TABLES.format(db="main"))
            if delta is not None and delta.is_file():
                self.db.execute("ATTACH DATABASE ? AS delta", (layers.read_only(delta),))
            else:
                self.db.execute("ATTACH DATABASE ':memory:' AS delta")
                self.db.executescript(_DELTA_TABLES.format(db="delta"))
            self.db.executescript(_MERGED)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the claims in {folder}: {exc}") from exc
        self.empty = folder is None

    def close(self) -> None:
        self.db.close()

    def first(self, family: str, key: str, *, exclude: bool) -> Claim | None:
        row = self.db.execute(f"SELECT rank, source, payload FROM all_claims {_of_key(exclude)} ORDER BY rank LIMIT 1",
                              (family, key)).fetchone()
        return Claim(family, key, *row) if row else None

    def payloads(self, family: str, key: str, *, exclude: bool) -> set[str]:
        return {p for (p,) in self.db.execute(f"SELECT DISTINCT payload FROM all_claims {_of_key(exclude)}",
                                              (family, key))}

    def claims(self, family: str, key: str, *, exclude: bool) -> list[Claim]:
        return [Claim(family, key, *row) for row in self.db.execute(
            f"SELECT rank, source, payload FROM all_claims {_of_key(exclude)} ORDER BY rank", (family, key))]

    def keys_of(self, source: str) -> set[Key]:
        return set(self.db.execute("SELECT DISTINCT family, key FROM all_claims WHERE source = ?", (source,)))

    def exclude(self, source: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO temp.replaced VALUES (?)", (source,))

    def loaded(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM all_documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def document(self, doc_id: str) -> DocumentRecord | None:
        row = self.db.execute("SELECT record FROM all_documents WHERE id = ?", (doc_id,)).fetchone()
        return DocumentRecord.model_validate_json(row[0]) if row else None

    def files(self) -> dict[str, tuple[str, str]]:
        """Each loaded document's file name and sha256, by document id."""
        rows = self.db.execute("SELECT id, name, sha256 FROM all_documents")
        return {doc_id: (name, sha) for doc_id, name, sha in rows}

    def documents(self) -> list[str]:
        return [doc_id for (doc_id,) in self.db.execute("SELECT id FROM all_documents ORDER BY id")]

    def counts(self, lines: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        batch = list(lines)
        for start in range(0, len(batch), 500):
            part = batch[start:start + 500]
            found.update(self.db.execute(
                f"SELECT line, count FROM all_lines WHERE line IN ({','.join('?' * len(part))})", part))
        return found

    def about(self, subject: str) -> list[str]:
        """The derived lines about one node."""
        return [line for (line,) in self.db.execute(
            "SELECT line FROM all_lines WHERE subject = ? AND derived = 1 AND count > 0", (subject,))]


def _of_key(exclude: bool) -> str:
    """The claims on one key (family, key), without those of the sources a pass replaces when
    ``exclude`` (what the key says after the change, less the replaced sources' new claims)."""
    replaced = " AND source NOT IN (SELECT source FROM temp.replaced)" if exclude else ""
    return f"WHERE family = ? AND key = ?{replaced}"


class Counted(NamedTuple):
    """What a change does to the shared graphs: lines that leave, lines that come, and the new
    count of every line it moved."""

    removed: set[str]
    added: set[str]
    counts: dict[str, int]


@dataclasses.dataclass
class Pass:
    """One change computed against a generation's claims: the sources whose claims it replaces
    (documents, and the keys whose outcome moved), and for every key it touched, what that key
    says before and after."""

    shared: Shared
    reg: Registry
    new: dict[str, list[Claim]] = dataclasses.field(default_factory=dict)
    by_key: dict[Key, list[Claim]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    touched: set[Key] = dataclasses.field(default_factory=set)
    _before: dict[Key, Any] = dataclasses.field(default_factory=dict)

    def replace(self, source: str, claims: list[Claim]) -> None:
        """The claims of ``source`` after the change (those it made before are gone); a source
        replaced twice keeps the second list."""
        for c in self.new.get(source, ()):
            self.by_key[(c.family, c.key)].remove(c)
        self.new[source] = claims
        if not self.shared.empty:
            self.touched |= self.shared.keys_of(source)
            self.shared.exclude(source)
        for c in claims:
            self.by_key[(c.family, c.key)].append(c)
            self.touched.add((c.family, c.key))

    def before(self, family: str, key: str) -> Any:
        if (family, key) not in self._before:
            self._before[(family, key)] = self._state(family, key, old=True)
        return self._before[(family, key)]

    def after(self, family: str, key: str) -> Any:
        return self._state(family, key, old=False)

    def _state(self, family: str, key: str, *, old: bool) -> Any:
        new = [] if old else self.by_key.get((family, key), [])
        if family in UNION:
            found = set() if self.shared.empty else self.shared.payloads(family, key, exclude=not old)
            return frozenset(found | {c.payload for c in new})
        stored = None if self.shared.empty else self.shared.first(family, key, exclude=not old)
        return min([c for c in (stored, *new) if c is not None], key=lambda c: c.rank, default=None)

    def group(self, key: str, *, old: bool) -> list[Note]:
        """The notes of one identity group, in order."""
        stored = [] if self.shared.empty else self.shared.claims("ident", key, exclude=not old)
        claims = stored if old else sorted([*stored, *self.by_key.get(("ident", key), [])], key=lambda c: c.rank)
        return [_note(c.payload) for c in claims]

    def group_sources(self, key: str, ids: set[str]) -> set[str]:
        """The documents that note one of ``ids`` in a group, after the change."""
        stored = [] if self.shared.empty else self.shared.claims("ident", key, exclude=True)
        return {c.source for c in (*stored, *self.by_key.get(("ident", key), [])) if _note(c.payload).id in ids}

    def propagate(self) -> None:
        """Replace the claims that follow from the keys whose outcome moved: a cited document's
        issuer, a named body's origin and group, an origin's walk."""
        for family, follow in (("stub", _stub_claims), ("agency", _agency_claims)):
            for (fam, key) in sorted(k for k in self.touched if k[0] == family):
                before, after = self._outcome(fam, key, old=True), self._outcome(fam, key, old=False)
                if before != after:
                    self.replace(f"{family}:{key}", follow(key, self.after(fam, key), self.reg))
        for (fam, key) in sorted(k for k in self.touched if k[0] == "origin"):
            before, after = self.before(fam, key), self.after(fam, key)
            if (before and before.payload) != (after and after.payload):
                self.replace(f"origin:{key}", _origin_claims(key, after))

    def _outcome(self, family: str, key: str, *, old: bool) -> str | None:
        """What a stub's or a body's first claim passes on: a citation's or a named body's payload."""
        claim = self.before(family, key) if old else self.after(family, key)
        if claim is None or claim.rank == "0" or (family == "agency" and not claim.rank.startswith("0")):
            return None
        return str(claim.payload)

    def named(self, agency_id: str, *, old: bool) -> AgencyRef | None:
        """The body a document names under this id, before or after the change."""
        claim = self.before("agency", agency_id) if old else self.after("agency", agency_id)
        return _agency(claim.payload) if claim is not None and claim.rank.startswith("0") else None

    def render(self) -> dict[str, int]:
        """How much the count of each line moves: the keys the change touched, before and after."""
        renderer = _Renderer(self.reg)
        moved: dict[str, int] = defaultdict(int)
        for family, key in sorted(self.touched):
            if family in ("ident", "origin"):
                continue
            old, new = renderer(family, key, self.before(family, key)), renderer(family, key, self.after(family, key))
            for line in old - new:
                moved[line] -= 1
            for line in new - old:
                moved[line] += 1
        return dict(moved)

    def counted(self) -> Counted:
        moved = self.render()
        stored = {} if self.shared.empty else self.shared.counts(moved)
        counts = {line: stored.get(line, 0) + delta for line, delta in moved.items()}
        removed = {line for line, n in counts.items() if n <= 0 and stored.get(line, 0) > 0}
        added = {line for line, n in counts.items() if n > 0 and stored.get(line, 0) <= 0}
        return Counted(removed, added, counts)


def _note(payload: str) -> Note:
    year, doc_id, date = json.loads(payload)
    return Note(year, doc_id, date and dt.date.fromisoformat(date))


def resolutions(p: Pass, groups: Iterable[str], loaded: Callable[[str], bool], *, old: bool) -> dict[str, Resolution]:
    return {g: resolve_group(p.group(g, old=old), loaded) for g in groups}


def update(current: Path, folder: Path, p: Pass, counted: Counted, documents: Entries) -> None:
    """The claims of a changed generation in ``folder``, from the current one's: its base linked,
    its delta copied, and in the delta the pass's replaced sources hidden and their claims, the
    moved line counts and the loaded documents written; a new base when the delta outgrows it."""
    try:
        layers.carry(current, folder, FILE, DELTA, _empty_delta)
        with closing(sqlite3.connect(folder / DELTA)) as db:
            db.execute("PRAGMA synchronous = OFF")
            with db:
                _write_delta(db, p, counted, documents)
            held = int(db.execute(_ROWS).fetchone()[0])
        if layers.outgrown(held, layers.base_rows(folder, FILE, DELTA, _ROWS), COMPACT_SHARE, COMPACT_FLOOR):
            _fold(folder)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot write the claims in {folder}: {exc}") from exc


def _write_delta(db: sqlite3.Connection, p: Pass, counted: Counted, documents: Entries) -> None:
    sources = list(p.new)
    for start in range(0, len(sources), 500):
        part = sources[start:start + 500]
        db.execute(f"DELETE FROM claims WHERE source IN ({','.join('?' * len(part))})", part)
    db.executemany("INSERT OR IGNORE INTO gone VALUES (?)", ((source,) for source in sources))
    db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?)", (c for claims in p.new.values() for c in claims))
    db.executemany("INSERT OR REPLACE INTO lines VALUES (?, ?, ?, ?)",
                   ((line, line[1:line.index(">")], line.endswith(_DERIVED_END), max(n, 0))
                    for line, n in counted.counts.items()))
    db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                   ((doc_id, None, None, None, None) if entry is None else
                    (doc_id, entry[0].file, entry[0].sha256, entry[0].model_dump_json(), entry[1].model_dump_json())
                    for doc_id, entry in documents.items()))


def contents(folder: Path) -> tuple[list[Claim], list[tuple[str, int]], list[tuple[str, str]]]:
    """Every claim, line count and loaded document (id and sha256) of the generation in
    ``folder``, sorted: what two generations' claims compare by."""
    shared = Shared(folder)
    try:
        return (sorted(Claim(*row) for row in shared.db.execute("SELECT * FROM all_claims")),
                sorted(shared.db.execute("SELECT line, count FROM all_lines WHERE count > 0")),
                sorted(shared.db.execute("SELECT id, sha256 FROM all_documents")))
    finally:
        shared.close()


def _empty_delta(path: Path) -> None:
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("ATTACH DATABASE ? AS delta", (str(path),))
        db.executescript(_DELTA_TABLES.format(db="delta"))


def _fold(folder: Path) -> None:
    """Fold the delta into a base of this generation's own and start an empty delta."""
    shared = layers.set_aside(folder, FILE)
    shutil.copyfile(shared, folder / FILE)
    shared.unlink()
    with closing(sqlite3.connect(folder / FILE)) as db:
        db.execute("ATTACH DATABASE ? AS delta", (str(folder / DELTA),))
        db.executescript(f"BEGIN; {_FOLD} COMMIT;")
    (folder / DELTA).unlink()
    _empty_delta(folder / DELTA)


def _write_base(path: Path, p: Pass, counted: Counted, documents: Entries) -> None:
    """A new base at ``path`` holding a whole generation's pass (the first, from no claims)."""
    db = sqlite3.connect(str(path))
    try:
        db.executescript(_TABLES.format(db="main"))
        db.execute("PRAGMA synchronous = OFF")
        with db:
            db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?)",
                           (c for claims in p.new.values() for c in claims))
            db.executemany("INSERT INTO lines VALUES (?, ?, ?, ?)",
                           ((line, line[1:line.index(">")], line.endswith(_DERIVED_END), n)
                            for line, n in counted.counts.items() if n > 0))
            db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
                           ((doc_id, entry[0].file, entry[0].sha256, entry[0].model_dump_json(),
                             entry[1].model_dump_json()) for doc_id, entry in documents.items() if entry is not None))
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write {path}: {exc}") from exc
    finally:
        db.close()


def build(path: Path, footprints: Iterable[Footprint], reg: Registry) -> None:
    """The claims file of a whole generation, from its documents' footprints (as read, with their
    resolved citations)."""
    p = Pass(Shared(None), reg)
    p.replace(_REFERENCE, reference_claims(reg))
    documents: Entries = {}
    for fp in footprints:
        p.replace(document_source(fp.document.id), document_claims(fp, fp.shared(), reg))
        documents[fp.document.id] = (fp.file, fp.document)
    p.propagate()
    _write_base(path, p, p.counted(), documents)


