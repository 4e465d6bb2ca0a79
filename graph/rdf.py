"""Records → RDF: the one place that knows how the domain records become triples.

Every fact lives in the named graph of the document it was read from (``graph/<doc id>``); the
reference data has its own graph, and facts derived across documents (which documents are
loaded, group membership, what is known of documents that are only cited) go into
``graph/derived``, recomputed on every build. IRIs come from stable ids only, never blank nodes,
so building the same records twice gives the same quads.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol
from urllib.parse import quote

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef

from graph.footprint import Footprint
from loaders import messages, quotes, succession
from loaders.functions import classify, evidence_text, function_scopes
from loaders.identity import kind_class
from loaders.registry import ReferenceDocument, Registry, registry
from loaders.symbols import Symbol, codes
from loaders.targets import indicators
from loaders.text import search_key
from ontology.namespace import DCTERMS, PG, PGD, SKOS, TEXT_LANGUAGE, WORDS
from ontology.records import (
    AgencyKind,
    AgencyRef,
    DocumentRecord,
    Extraction,
    ReferenceRecord,
    Role,
    Source,
    SourceFile,
)

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class _Terms:
    """Ontology terms looked up once: ``PG`` checks every name (typos fail), this remembers them."""

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(PG, name)
        setattr(self, name, term)
        return term


P = _Terms()


ROLE_TERMS = {Role.HOST: P.HostRole, Role.COORDINATOR: P.CoordinatorRole, Role.DECIDER: P.DeciderRole,
              Role.DIRECTOR: P.DirectorRole, Role.REPORTING: P.ReportingRole}
RELATION_TERMS = {"implements": P.implements, "based_on": P.basedOn, "amends": P.amends,
                  "continues": P.continues, "cites": P.cites}
GROUP_OF_CATEGORY = {"department": "group-so-ban-nganh", "sector": "group-so-ban-nganh",
                     "district": "group-ubnd-cap-huyen", "mass_organisation": "group-to-chuc-chinh-tri-xa-hoi",
                     "party_body": "group-cap-uy"}
REFERENCE_GRAPH = PGD["graph/reference"]
DERIVED_GRAPH = PGD["graph/derived"]
SUCCESSION_GRAPH = PGD["graph/succession"]
VALIDATION_GRAPH = PGD["graph/validation-context"]


_PGD = str(PGD)
_SAFE_ID = re.compile(r"[A-Za-z0-9._~/-]*")


def iri(kind: str, ident: str) -> URIRef:
    """The data IRI of a node; ids are percent-encoded only where they need it."""
    if not _SAFE_ID.fullmatch(ident):
        ident = quote(ident, safe="-._~/")
    return URIRef(f"{_PGD}{kind}/{ident}")


def document_iri(doc_id: str) -> URIRef:
    return iri("document", doc_id)


def graph_iri(doc_id: str) -> URIRef:
    return iri("graph", doc_id)


class Lang(NamedTuple):
    """A language-tagged string (labels)."""

    text: str
    lang: str


Value = URIRef | str | bool | int | Decimal | dt.date | Lang


class QuadSink(Protocol):
    """Where the writer puts quads: an rdflib Dataset (tests, export, SHACL) or N-Quads text (the
    fast path into the store). Both receive exactly the same calls."""

    def add(self, s: URIRef, p: URIRef, o: Value, g: URIRef) -> None: ...


def to_rdflib(o: Value) -> URIRef | Literal:
    if isinstance(o, URIRef):
        return o
    if isinstance(o, Lang):
        return Literal(o.text, lang=o.lang)
    if isinstance(o, bool):
        return Literal(o)
    if isinstance(o, int):
        return Literal(o, datatype=XSD.integer)
    if isinstance(o, Decimal):
        return Literal(o, datatype=XSD.decimal)
    if isinstance(o, dt.date):
        return Literal(o, datatype=XSD.date)
    return Literal(o)


class DatasetSink:
    def __init__(self, ds: Dataset | None = None) -> None:
        self.ds = ds if ds is not None else Dataset()
        self._graphs: dict[URIRef, Graph] = {}

    def add(self, s: URIRef, p: URIRef, o: Value, g: URIRef) -> None:
        graph = self._graphs.get(g)
        if graph is None:
            graph = self._graphs[g] = self.ds.graph(g)
        graph.add((s, p, to_rdflib(o)))


class GraphSink:
    """All quads as triples of one rdflib Graph: the union of the named graphs, which is what SHACL
    checks (built directly, not copied out of a Dataset afterwards)."""

    def __init__(self) -> None:
        self.graph = Graph()

    def add(self, s: URIRef, p: URIRef, o: Value, g: URIRef) -> None:
        self.graph.add((s, p, to_rdflib(o)))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD = str(XSD)
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


def _escape(text: str) -> str:
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


_FORMAT: dict[type, Callable[[Any], str]] = {
    URIRef: lambda o: f"<{o}>",
    Lang: lambda o: f'"{_escape(o.text)}"@{o.lang}',
    bool: lambda o: f'"{"true" if o else "false"}"^^<{_XSD}boolean>',
    int: lambda o: f'"{o}"^^<{_XSD}integer>',
    Decimal: lambda o: f'"{o}"^^<{_XSD}decimal>',
    dt.date: lambda o: f'"{o.isoformat()}"^^<{_XSD}date>',
    str: lambda o: f'"{_escape(o)}"',
}




class NQuadsSink:
    """Formats quads straight to N-Quads lines; no rdflib term objects on this path."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: URIRef, p: URIRef, o: Value, g: URIRef) -> None:
        self.lines.append(f"<{s}> <{p}> {_FORMAT[type(o)](o)} <{g}> .\n")

    def data(self) -> bytes:
        return "".join(sorted(set(self.lines))).encode("utf-8")


class NQuadsLines:
    """Collects the quads as a set of N-Quads lines (a change compares two such sets)."""

    def __init__(self, lines: set[str] | None = None) -> None:
        self.lines = lines if lines is not None else set()

    def add(self, s: URIRef, p: URIRef, o: Value, g: URIRef) -> None:
        self.lines.add(f"<{s}> <{p}> {_FORMAT[type(o)](o)} <{g}> .\n")


class NQuadsFile:
    """Writes N-Quads lines straight to a file as they come: a load holds no copy of the dataset
    (at 10,000 documents the lines alone would be several GB). The store drops repeated quads."""

    def __init__(self, out: SupportsWrite[str]) -> None:
        self.out = out

    def add(self, s: URIRef, p: URIRef, o: Value, g: URIRef) -> None:
        self.out.write(f"<{s}> <{p}> {_FORMAT[type(o)](o)} <{g}> .\n")


class _Writer:
    """Adds the triples of one named graph, with the provenance helpers every fact uses."""

    def __init__(self, sink: QuadSink, graph: URIRef, file: SourceFile | None) -> None:
        self.sink = sink
        self.graph = graph
        self.file = file
        self.file_iri = iri("file", file.sha256) if file else None

    def add(self, s: URIRef, p: URIRef, o: Value | None) -> None:
        """Add one triple; nothing for a missing value. A string of a property the ontology ranges
        over rdf:langString (``WORDS``) is the documents' words and gets their language tag."""
        if o is None:
            return
        self.sink.add(s, p, Lang(o, TEXT_LANGUAGE) if type(o) is str and p in WORDS else o, self.graph)

    def source_file(self) -> None:
        assert self.file is not None and self.file_iri is not None
        f = self.file_iri
        self.add(f, RDF.type, P.SourceFile)
        self.add(f, P.fileName, self.file.file)
        self.add(f, P.sha256, self.file.sha256)
        self.add(f, P.encoding, self.file.encoding)

    def span(self, subject: URIRef, source: Source) -> None:
        assert self.file is not None and self.file_iri is not None
        digest = hashlib.sha256(f"{self.file.sha256}|{source.line_start}|{source.line_end}|{source.quote}"
                                .encode()).hexdigest()[:20]
        span = iri("span", digest)
        self.add(span, RDF.type, P.SourceSpan)
        self.add(span, P.sourceFile, self.file_iri)
        self.add(span, P.lineStart, source.line_start)
        self.add(span, P.lineEnd, source.line_end)
        self.add(span, P.quote, quotes.shown(source.quote))
        self.add(subject, P.source, span)

def _province_name(full_name: str) -> str:
    """ "tỉnh Hà Nam" → "Hà Nam", "thành phố Hải Phòng" → "Hải Phòng"."""
    return full_name.split(" ", 1)[1] if full_name.startswith("tỉnh ") else full_name.removeprefix("thành phố ")


def province_iri(full_name: str, reg: Registry) -> URIRef:
    name = _province_name(full_name)
    found = reg.province_named(name)
    return iri("province", found.id if found else name)


def assignment_iri(task_id: str, role: Role, agency_id: str) -> URIRef:
    return iri("assignment", f"{task_id}/{role.value}/{agency_id}")


class IssuerForm(NamedTuple):
    """What may follow the name of the issuing body in an issuer name, the name still naming that body."""

    rest: re.Pattern[str]
    reason: str
    example: str


# An issuer name names a body when it holds exactly one body's name, from its first word, followed by one
# of these (tests/api/test_linked_data.py reads each example back).
ISSUER_FORMS = (
    IssuerForm(re.compile(r""), "the body's name alone (scoped by the province it names or the document's)",
               "Ủy ban nhân dân tỉnh Hà Nam"),
    IssuerForm(re.compile(r"(?:khóa|khoá) [IVXLC]+"), "the term (khóa) of a Party Central Committee or of the "
               "National Assembly: the same body in another term", "Ban Chấp hành Trung ương Đảng khóa XIII"),
)


def issuer_agency(name: str | None, province: Any, reg: Registry) -> AgencyRef | None:
    """The body an issuer name names (``ISSUER_FORMS``), for ``pg:issuer``; None when the name is only a
    code ("TW" may be the Central Committee, the Politburo or the Secretariat) or names no one body."""
    found = reg.mentions(name, province) if name else []
    if len(found) != 1 or found[0].start != 0 or name is None:
        return None
    rest = name[found[0].end:].strip()
    if not any(form.rest.fullmatch(rest) for form in ISSUER_FORMS):
        return None
    entry = found[0].entry
    if entry.kind is AgencyKind.GROUP or (entry.level != "central" and found[0].province is None):
        return None   # a collective issues nothing itself; a provincial body of no known province is no one body
    return entry.ref(found[0].province)


def _identity(w: _Writer, doc_id: str, kind: str, number: str | None, issuer_code: str,
              issuer: str | None, symbol: str | None = None, issuer_body: AgencyRef | None = None) -> URIRef:
    """The identity of a document node, written the same way for loaded, reference and cited ones; the
    issuer as written (``pg:issuerName``) and, where its name names one body, that body (``pg:issuer``)."""
    d = document_iri(doc_id)
    w.add(d, RDF.type, P.Document)
    w.add(d, RDF.type, PG[kind_class(kind)])
    w.add(d, DCTERMS.identifier, doc_id)
    w.add(d, P.kind, kind)
    w.add(d, P.number, number)
    w.add(d, P.symbol, symbol)
    w.add(d, P.issuerCode, issuer_code)
    w.add(d, P.issuerName, issuer)
    if issuer_body is not None:
        w.add(d, P.issuer, iri("agency", issuer_body.id))
    return d


def add_extraction(sink: QuadSink, ex: Extraction, reg: Registry | None = None) -> None:
    """All facts of one extraction, in its own named graph."""
    reg = reg or registry()
    doc = ex.document
    w = _Writer(sink, graph_iri(doc.id), ex.file)
    w.source_file()
    d = _identity(w, doc.id, doc.kind, doc.number, doc.issuer_code, doc.issuer, doc.symbol,
                  issuer_agency(doc.issuer, _province_of(ex, reg), reg))
    if doc.date:
        w.add(d, P.date, doc.date)
    w.add(d, P.year, doc.year)
    w.add(d, P.draft, doc.draft)
    w.add(d, P.title, doc.title or None)
    w.add(d, P.textFolded, search_key(doc.title) if doc.title else None)
    w.add(d, P.periodStart, doc.period_start)
    w.add(d, P.periodEnd, doc.period_end)
    w.add(d, P.sourceFile, w.file_iri)
    if doc.province:
        w.add(d, P.province, province_iri(doc.province, reg))
    if doc.lead_agency:
        w.add(d, P.leadAgency, iri("agency", doc.lead_agency.id))
    _sections(w, ex, d)
    _tasks(w, ex, d, reg)
    _targets(w, ex, d)
    _references(w, ex)
    for n, warning in enumerate(ex.warnings, start=1):
        node = iri("warning", f"{doc.id}/{n}")
        w.add(node, RDF.type, P.ExtractionWarning)
        w.add(node, DCTERMS.identifier, f"{doc.id}/warning/{n}")
        w.add(node, P.warningCode, warning.code)
        w.add(node, P.message, warning.message)
        w.add(node, P.aboutDocument, d)
        if warning.source:
            w.span(node, warning.source)


def section_iri(doc_id: str, path: str) -> URIRef:
    return iri("section", f"{doc_id}.{path}")


def _sections(w: _Writer, ex: Extraction, d: URIRef) -> None:
    paths = {s.path for s in ex.sections}
    for s in ex.sections:
        node = section_iri(ex.document.id, s.path)
        w.add(node, RDF.type, P.Section)
        w.add(node, DCTERMS.identifier, f"{ex.document.id}:{s.path}")
        w.add(node, P.path, s.path)
        w.add(node, P.heading, s.heading)
        parent = s.path.rsplit(".", 1)[0] if "." in s.path else None
        w.add(node, P.partOf, section_iri(ex.document.id, parent) if parent in paths else d)
        w.add(d, P.hasSection, node)
        w.span(node, s.source)


def _text_node(w: _Writer, kind: str, cls: URIRef, ident: str, text: str) -> URIRef:
    """A node whose text is searched: identity, the text as written, and its folded search key."""
    node = iri(kind, ident)
    w.add(node, RDF.type, cls)
    w.add(node, DCTERMS.identifier, ident)
    w.add(node, P.text, text)
    w.add(node, P.textFolded, search_key(text))
    return node


def _tasks(w: _Writer, ex: Extraction, d: URIRef, reg: Registry) -> None:
    province = _province_of(ex, reg)
    for t in ex.tasks:
        node = _text_node(w, "task", P.Task, t.id, t.text)
        w.add(node, P.section, section_iri(ex.document.id, t.section))
        w.add(node, P.deadline, t.deadline)
        if t.due is not None:
            w.add(node, P.duePeriod, t.due.period)
            w.add(node, P.dueStart, t.due.start)
            w.add(node, P.dueEnd, t.due.end)
            w.add(node, P.recurrence, t.due.recurrence.value if t.due.recurrence else None)
            w.add(node, P.dueDay, t.due.day)
            w.add(node, P.dueQuote, t.due.quote)
        w.add(node, P.funding, t.funding)
        for detail in t.details:  # the other statements of this task (one task, many statements)
            w.add(node, P.detailedBy, iri("task", detail))
        w.add(d, P.hasTask, node)
        w.span(node, t.source)
        fields = classify(t.text, province)
        for m in fields:
            w.add(node, P.taskScope, iri("scope", m.scope))
        if fields:
            w.add(node, P.scopeEvidence, evidence_text(fields))
        for a in t.assignments:
            assignment = assignment_iri(t.id, a.role, a.agency.id)
            w.add(assignment, RDF.type, P.Assignment)
            w.add(node, P.hasAssignment, assignment)
            w.add(assignment, P.role, ROLE_TERMS[a.role])
            w.add(assignment, P.agent, iri("agency", a.agency.id))
            w.add(assignment, P.inherited, a.inherited)
            w.add(assignment, P.requested, a.requested)
            w.span(assignment, a.source)


def _province_of(ex: Extraction | Footprint, reg: Registry) -> Any:
    name = ex.document.province
    return reg.province_named(_province_name(name)) if name else None


def _targets(w: _Writer, ex: Extraction, d: URIRef) -> None:
    for t in ex.targets:
        node = _text_node(w, "target", P.Target, t.id, t.text)
        w.add(node, P.measures, iri("indicator", t.indicator_id))
        w.add(node, P.comparator, t.comparator.value)
        w.add(node, P.value, Decimal(str(t.value)))
        if t.value_max is not None:
            w.add(node, P.valueMax, Decimal(str(t.value_max)))
        w.add(node, P.unit, t.unit or None)  # an elimination has no unit
        w.add(node, P.targetYear, t.year)
        w.add(node, P.baseYear, t.base_year)
        w.add(node, P.section, section_iri(ex.document.id, t.section))
        w.add(d, P.hasTarget, node)
        w.span(node, t.source)


class Statement(NamedTuple):
    """One citation: a document (or the reference file) stating one document-to-document relation."""

    citation: URIRef
    citing: URIRef
    relation: str
    cited: URIRef


def _document_statements(ex: Extraction | Footprint) -> Iterator[tuple[Statement, Source]]:
    for r in ex.references:
        node = iri("citation", f"{ex.document.id}/{r.subject}/{r.relation.value}/{r.id}")
        yield Statement(node, document_iri(r.subject), r.relation.value, document_iri(r.id)), r.source


def _reference_statements(ref: ReferenceDocument) -> Iterator[Statement]:
    for relation, target in ref.relations:
        yield Statement(iri("citation", f"reference/{ref.id}/{relation}/{target}"), document_iri(ref.id),
                        relation, document_iri(target))


def _citation(w: _Writer, st: Statement, source: Source) -> None:
    """The citation only: the relation it states is a derived fact (``_lineage``), written once
    however many documents state it, so that a pattern over the union of graphs meets it once."""
    w.add(st.citation, RDF.type, P.Citation)
    w.add(st.citation, P.citing, st.citing)
    w.add(st.citation, P.cited, st.cited)
    w.add(st.citation, P.relation, st.relation)
    w.span(st.citation, source)


def _references(w: _Writer, ex: Extraction) -> None:
    for st, source in _document_statements(ex):
        _citation(w, st, source)


def _reference_file() -> tuple[SourceFile, list[str]]:
    data = resources.files("ontology").joinpath("reference", "documents.csv").read_bytes()
    meta = SourceFile(file="ontology/reference/documents.csv", sha256=hashlib.sha256(data).hexdigest(),
                      encoding="utf-8", size=len(data))
    return meta, data.decode("utf-8").splitlines()


def reference_symbol(ref: ReferenceDocument) -> str:
    """The symbol of a central document of the reference data as its issuer writes it, by the
    symbol grammar (``loaders.symbols.Symbol``): 42-NQ/TW, 68/NQ-CP, 45/2025/NĐ-CP, and 202/2025/QH15
    (a body whose code carries its term writes no kind code)."""
    number, _, year = ref.number.partition("/")
    termed = any(c.isdigit() for c in ref.issuer_code)
    return Symbol(number, int(year) if year else None, None if termed else ref.kind, ref.issuer_code, None,
                  ref.issuer_code in codes().party_issuers).text


def _reference_quote(ref: ReferenceDocument, relation: str, target: str, file: str, row_no: int,
                     reg: Registry) -> str:
    """The provenance of a relation the reference data states, as a sentence people read (never the
    raw CSV row; the file and line lead to it)."""
    other = reg.documents.get(target)
    statement = messages.render(
        messages.PROVENANCE, "reference_relation", symbol=reference_symbol(ref), date=messages.day(ref.date),
        issuer=ref.issuer, relation=messages.RELATION_WORDS.get(relation, relation),
        target=f"{reference_symbol(other)} ngày {messages.day(other.date)}" if other else target)
    return messages.render(messages.PROVENANCE, "reference_row", file=file, line=row_no, source=ref.source,
                           statement=statement)


def add_reference(sink: QuadSink, reg: Registry | None = None) -> None:
    """Central documents (reference facts, with the reference file's rows as provenance) and the
    indicator and role schemes."""
    reg = reg or registry()
    meta, lines = _reference_file()
    w = _Writer(sink, REFERENCE_GRAPH, meta)
    w.source_file()
    for row_no, row in enumerate(csv.DictReader(lines), start=2):
        ref = reg.documents[row["id"]]
        d = _identity(w, ref.id, ref.kind, ref.number, ref.issuer_code, ref.issuer, reference_symbol(ref),
                      issuer_agency(ref.issuer, None, reg))
        w.add(d, P.date, dt.date.fromisoformat(ref.date))
        w.add(d, P.year, int(ref.date[:4]))
        w.add(d, P.title, ref.title)
        w.add(d, P.textFolded, search_key(f"{ref.number}-{ref.kind}/{ref.issuer_code} {ref.title}"))
        for st, (relation, target) in zip(_reference_statements(ref), ref.relations, strict=True):
            _citation(w, st, Source(file=meta.file, line_start=row_no, line_end=row_no,
                                    quote=_reference_quote(ref, relation, target, meta.file, row_no, reg)))
    for role, term in ROLE_TERMS.items():
        w.add(term, SKOS.notation, role.value)
    for scope in function_scopes().values():
        node = iri("scope", scope.id)
        w.add(node, RDF.type, P.FunctionScope)
        w.add(node, DCTERMS.identifier, scope.id)
        w.add(node, SKOS.notation, scope.id)
        w.add(node, SKOS.prefLabel, Lang(scope.label, "vi"))
        w.add(node, SKOS.prefLabel, Lang(scope.label_en, "en"))
        w.add(node, SKOS.inScheme, P.FunctionScopeScheme)
    for ind in indicators():
        node = iri("indicator", ind.id)
        w.add(node, RDF.type, P.Indicator)
        w.add(node, SKOS.prefLabel, Lang(ind.label, "vi"))
        w.add(node, SKOS.prefLabel, Lang(ind.label_en, "en"))
        w.add(node, SKOS.inScheme, P.IndicatorScheme)
        w.add(node, DCTERMS.identifier, ind.id)


def add_derived(sink: QuadSink, footprints: Iterable[Footprint], reg: Registry | None = None) -> None:
    """Facts that need every document at once: loaded flags, stubs for cited-only documents, and
    group membership of the agencies that appear."""
    reg = reg or registry()
    exs = list(footprints)
    w = _Writer(sink, DERIVED_GRAPH, None)
    loaded = {ex.document.id for ex in exs}
    described = set(loaded) | set(reg.documents)
    stubs: dict[str, ReferenceRecord] = {}
    for ex in exs:
        for r in ex.references:
            if r.id not in described and (r.id not in stubs or (r.date and not stubs[r.id].date)):
                stubs[r.id] = r  # a dated citation first: the cited document shows what it states
    for doc_id in sorted(stubs):
        r = stubs[doc_id]
        d = _identity(w, doc_id, r.kind, r.number, r.issuer_code, r.issuer, r.symbol,
                      issuer_agency(r.issuer, _named_province(r.province, reg), reg))
        w.add(d, P.textFolded, search_key(f"{r.number or ''} {r.kind} {r.issuer_code} {r.issuer}"))
        w.add(d, P.year, r.year)
        if r.date:
            w.add(d, P.date, r.date)
        if r.province:
            w.add(d, P.province, province_iri(r.province, reg))
    for doc_id in sorted(described | set(stubs)):
        w.add(document_iri(doc_id), P.loaded, doc_id in loaded)
    _lineage(w, exs, reg)
    _describe_agencies(w, exs, reg)
    _describe_issuers(w, exs, list(stubs.values()), reg)
    _describe_indicators(w, exs)
    _membership(w, exs, reg)
    _provinces(w, exs, reg)


def _lineage(w: _Writer, exs: list[Footprint], reg: Registry) -> None:
    """Each relation stated by any citation, once, and the citation that stands as its source (the
    first by IRI): both backends quote that one. It hangs off the citing document so that a query
    reaches it through the document's few relations, not through the hundreds of citations with
    which plans restate a popular relation (``92-KL-TW continues 15-NQ-TW``)."""
    stated: dict[tuple[URIRef, str, URIRef], list[URIRef]] = defaultdict(list)
    statements = [st for ex in exs for st, _ in _document_statements(ex)]
    statements += [st for ref in reg.documents.values() for st in _reference_statements(ref)]
    for st in statements:
        stated[(st.citing, st.relation, st.cited)].append(st.citation)
    for (citing, relation, cited), citations in sorted(stated.items()):
        w.add(citing, RELATION_TERMS[relation], cited)
        w.add(citing, P.primaryCitation, min(citations, key=str))


def _agencies(exs: list[Footprint]) -> list[AgencyRef]:
    """Every body the documents name, as host, coordinator … or lead agency."""
    refs = {a.id: a for ex in exs for a in ex.agencies}
    refs.update({ex.document.lead_agency.id: ex.document.lead_agency for ex in exs if ex.document.lead_agency})
    return sorted(refs.values(), key=lambda r: r.id)


def _describe_agencies(w: _Writer, exs: list[Footprint], reg: Registry) -> None:
    """Each named body once, however many documents name it: a description repeated in every
    document's graph would be repeated in the union of the graphs too, and every query joining on
    it would do that work once per document."""
    for ref in _agencies(exs):
        _agency_facts(w, ref.id, ref.name, ref.kind is AgencyKind.GROUP, ref.category,
                      province_iri(ref.province, reg) if ref.province else None)


def _named_province(full_name: str | None, reg: Registry) -> Any:
    return reg.province_named(_province_name(full_name)) if full_name else None


def _describe_issuers(w: _Writer, exs: list[Footprint], stubs: list[ReferenceRecord], reg: Registry) -> None:
    """The issuing bodies ``pg:issuer`` points to that no task names (those are described already), once."""
    bodies = [issuer_agency(ex.document.issuer, _province_of(ex, reg), reg) for ex in exs]
    bodies += [issuer_agency(r.issuer, _named_province(r.province, reg), reg) for r in stubs]
    bodies += [issuer_agency(ref.issuer, None, reg) for ref in reg.documents.values()]
    described = {ref.id for ref in _agencies(exs)}
    for body in sorted({b.id: b for b in bodies if b is not None and b.id not in described}.values(),
                       key=lambda b: b.id):
        _agency_facts(w, body.id, body.name, body.kind is AgencyKind.GROUP, body.category,
                      province_iri(body.province, reg) if body.province else None)


def _agency_facts(w: _Writer, ident: str, name: str, group: bool, category: str,
                  province: URIRef | None) -> URIRef:
    node = iri("agency", ident)
    w.add(node, RDF.type, P.AgencyGroup if group else P.Agency)
    w.add(node, SKOS.prefLabel, Lang(name, "vi"))
    w.add(node, DCTERMS.identifier, ident)
    w.add(node, P.category, category)
    w.add(node, P.textFolded, search_key(name))
    w.add(node, P.province, province)
    return node


def _province_facts(w: _Writer, ident: str, full_name: str) -> URIRef:
    node = iri("province", ident)
    w.add(node, RDF.type, P.Province)
    w.add(node, DCTERMS.identifier, ident)
    w.add(node, SKOS.prefLabel, Lang(full_name, "vi"))
    w.add(node, P.unitType, "thành phố" if full_name.startswith("thành phố") else "tỉnh")
    return node


def _describe_indicators(w: _Writer, exs: list[Footprint]) -> None:
    """Indicators the targets measure that the reference scheme does not list (once each)."""
    known = {ind.id for ind in indicators()}
    found = {ident: label for ex in exs for ident, label in ex.indicators if ident not in known}
    for ident in sorted(found):
        node = iri("indicator", ident)
        w.add(node, RDF.type, P.Indicator)
        w.add(node, SKOS.prefLabel, Lang(found[ident], "vi"))
        w.add(node, SKOS.inScheme, P.IndicatorScheme)
        w.add(node, DCTERMS.identifier, ident)


def _membership(w: _Writer, exs: list[Footprint], reg: Registry) -> None:
    for ref in _agencies(exs):
        group_key = GROUP_OF_CATEGORY.get(ref.category)
        if ref.kind is AgencyKind.GROUP or group_key is None or "." not in ref.id:
            continue
        scope = ref.id.split(".", 1)[1]
        group = reg.agencies[group_key]
        group_id = f"{group_key}.{scope}"
        node = iri("agency", group_id)
        label = f"{group.name} {ref.province}" if ref.province else group.name
        w.add(node, RDF.type, P.AgencyGroup)
        w.add(node, SKOS.prefLabel, Lang(label, "vi"))
        w.add(node, DCTERMS.identifier, group_id)
        w.add(node, P.category, group.category)
        w.add(node, P.textFolded, search_key(label))
        w.add(iri("agency", ref.id), P.memberOf, node)


def _provinces(w: _Writer, exs: list[Footprint], reg: Registry) -> None:
    names = {ex.document.province for ex in exs if ex.document.province}
    for ex in exs:
        names.update(a.province for a in ex.agencies if a.province)
    for full in sorted(n for n in names if n):
        _province_facts(w, province_iri(full, reg).rsplit("/", 1)[-1], full)


def write_all(sink: QuadSink, extractions: Iterable[Extraction], reg: Registry | None = None) -> None:
    """The whole dataset for a set of extractions: reference, succession, one graph per document
    (then the routes its assignments follow), derived."""
    reg = reg or registry()
    exs = sorted(extractions, key=lambda e: e.document.id)
    footprints = [Footprint.of(ex) for ex in exs]
    add_reference(sink, reg)
    route = add_succession(sink, footprints, reg)
    for ex in exs:
        add_extraction(sink, ex, reg)
        route(ex)
    add_derived(sink, footprints, reg)


def _reference_source(path: str) -> SourceFile:
    data = resources.files("ontology").joinpath("reference", path.rsplit("/", 1)[-1]).read_bytes()
    return SourceFile(file=path, sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8", size=len(data))


def _document_provinces(exs: list[Footprint], reg: Registry) -> list[Any]:
    found = {p.id: p for p in (_province_of(ex, reg) for ex in exs) if p is not None}
    return sorted(found.values(), key=lambda p: p.id)


def add_succession(sink: QuadSink, footprints: Iterable[Footprint], reg: Registry | None = None
                   ) -> Router:
    """Who holds the work of every body named in the documents, over time: succession events (from
    the reference files, each with its row as provenance), the bodies and provinces they create and
    routes; returns what writes the routes one document's assignments follow given their tasks'
    fields. That is called right after the document's own graph (``write_all``), whose task fields
    are then still in ``classify``'s cache: routing every document at the end classified each task
    again once a build held more tasks than the cache (tier 100k: 0.8 s of routing at M, 18 s)."""
    reg = reg or registry()
    exs = list(footprints)
    facts = succession.build(_agencies(exs), _document_provinces(exs, reg))
    writers = {path: _Writer(sink, SUCCESSION_GRAPH, _reference_source(path))
               for path in (succession.SUCCESSION_FILE, succession.PROVINCES_FILE)}
    for w in writers.values():
        w.source_file()
    w = writers[succession.SUCCESSION_FILE]
    for entity in sorted(facts.entities.values(), key=lambda e: e.id):
        if entity.id not in facts.routes:   # named ones are described with the documents' facts
            _entity(w, entity)
    for event in sorted(facts.events.values(), key=lambda e: e.id):
        _event(writers[event.source.file], event)
    for routes in facts.routes.values():
        for known in routes:
            route_facts(w, known)
    return Router(w, facts.routes, reg)


def route_facts(w: _Writer, known: succession.Route) -> None:
    """A succession route: where it starts and the events it takes."""
    node = iri("route", known.id)
    w.add(node, RDF.type, P.SuccessionRoute)
    w.add(node, DCTERMS.identifier, known.id)
    w.add(node, P.routeFrom, _entity_iri(known.origin))
    for step in known.steps:
        w.add(node, P.routeStep, iri("succession", step.id))


class Router:
    """Writes the succession routes one document's assignments follow, given their tasks' fields."""

    def __init__(self, w: _Writer, routes: dict[str, list[succession.Route]], reg: Registry) -> None:
        self.w = w
        self.routes = routes
        self.reg = reg

    def __call__(self, ex: Extraction, into: QuadSink | None = None) -> None:
        """Into the graph the router was built for, or into another sink (a change that compares a
        document's routes before and after)."""
        out = self.w if into is None else _Writer(into, SUCCESSION_GRAPH, self.w.file)
        province = _province_of(ex, self.reg)
        for t in ex.tasks:
            fields = {m.scope for m in classify(t.text, province)}
            for a in t.assignments:
                _route_assignment(out, t.id, a, self.routes.get(a.agency.id, []), fields)


def _entity_iri(entity: succession.Entity) -> URIRef:
    return iri("province" if entity.kind == "province" else "agency", entity.id)


def _entity(w: _Writer, entity: succession.Entity) -> None:
    """A body or province as far as succession knows it (named ones keep what their documents say)."""
    if entity.kind == "province":
        node = _province_facts(w, entity.id, entity.name)
    else:
        node = _agency_facts(w, entity.id, entity.name, entity.kind == "group", entity.category,
                             iri("province", entity.province) if entity.province else None)
    w.add(node, P.validFrom, entity.valid_from)


def _event(w: _Writer, event: succession.Event) -> None:
    node = iri("succession", event.id)
    w.add(node, RDF.type, P.SuccessionEvent)
    w.add(node, DCTERMS.identifier, event.id)
    w.add(node, P.effectiveDate, event.effective)
    w.add(node, P.predecessor, _entity_iri(event.predecessor))
    w.add(node, P.successionStatus, event.status)
    w.add(node, P.successionNote, event.note)
    w.add(node, P.residual, event.residual)
    if event.legal_basis:
        w.add(node, P.legalBasis, document_iri(event.legal_basis))
    if event.scope:
        w.add(node, P.functionScope, iri("scope", event.scope))
    if event.successor:
        w.add(node, P.successor, _entity_iri(event.successor))
        w.add(_entity_iri(event.predecessor), P.succeededBy, _entity_iri(event.successor))
    if event.status != "not_covered":
        w.add(_entity_iri(event.predecessor), P.validTo, event.effective - dt.timedelta(days=1))
    w.span(node, event.source)


_REASON_ORDER = ("unclassified", "unmatched", "matched", "residual", "whole")


def _route_assignment(w: _Writer, task_id: str, a: Any, routes: list[succession.Route], fields: set[str]) -> None:
    choices = succession.routes_for_task(routes, fields)
    if not choices:
        return
    node = assignment_iri(task_id, a.role, a.agency.id)
    for choice in choices:
        w.add(node, P.routedBy, iri("route", choice.route.id))
    w.add(node, P.routeReason, min((c.reason for c in choices), key=_REASON_ORDER.index))


def build(extractions: Iterable[Extraction], reg: Registry | None = None) -> Dataset:
    """The dataset as rdflib objects (tests, export, SHACL)."""
    sink = DatasetSink()
    write_all(sink, extractions, reg)
    return sink.ds


def build_for_validation(changed: Iterable[Extraction], everything: Iterable[Footprint],
                         reg: Registry | None = None, *, context: Iterable[str] | None = None) -> Graph:
    """The union of the graphs a change needs checked: the changed documents' own graphs plus the
    shared reference and derived graphs. Unchanged documents were validated when they were loaded.
    ``context``, N-Quads lines, stands for the derived graph and the identities of loaded
    documents: a change that knows which of them its documents reach (graph/increment.py) checks
    them against those alone."""
    reg = reg or registry()
    sink = GraphSink()
    add_reference(sink, reg)
    checked = sorted(changed, key=lambda e: e.document.id)
    for ex in checked:
        add_extraction(sink, ex, reg)
    if context is None:
        known = list(everything)
        add_derived(sink, known, reg)
        known_documents(sink, checked, (fp.document for fp in known))
    else:
        triples = "".join(line.rsplit(" ", 2)[0] + " .\n" for line in context)
        sink.graph.parse(data=triples, format="nt")
    return sink.graph


def known_documents(sink: QuadSink, changed: list[Extraction], documents: Iterable[DocumentRecord]) -> None:
    """The identity of each loaded document left out of this validation, as its own graph states
    it, so that a changed document's citation of one (``sh:class pg:Document`` on ``pg:cited``) is
    checked against what the store holds. In a graph of its own, which the store never receives."""
    checked = {ex.document.id for ex in changed}
    w = _Writer(sink, VALIDATION_GRAPH, None)
    for doc in documents:
        if doc.id not in checked:
            _identity(w, doc.id, doc.kind, doc.number, doc.issuer_code, doc.issuer)


def nquads(extractions: Iterable[Extraction], reg: Registry | None = None) -> bytes:
    """The same dataset as N-Quads bytes, without building rdflib objects (the store's fast path)."""
    sink = NQuadsSink()
    write_all(sink, extractions, reg)
    return sink.data()


def write_nquads(extractions: Iterable[Extraction], out: SupportsWrite[str], reg: Registry | None = None) -> None:
    """The same dataset written to ``out`` as it is built (the store's bounded-memory path)."""
    write_all(NQuadsFile(out), extractions, reg)
