"""Records → RDF: the one place that knows how the domain records become triples.

Every fact lives in the named graph of the document it was read from (``graph/<doc id>``); the
reference data has its own graph, and facts derived across documents (which documents are
loaded, group membership, what is known of documents that are only cited) go into
``graph/derived``, recomputed on every build. IRIs come from stable ids only, never blank nodes,
so building the same records twice gives the same quads.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from importlib import resources
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef

from loaders.identity import kind_class
from loaders.registry import Registry, registry
from loaders.targets import indicators
from loaders.text import fold
from ontology.namespace import DCTERMS, PG, PGD, SKOS
from ontology.records import AgencyKind, AgencyRef, Extraction, Role, Source, SourceFile

ROLE_TERMS = {Role.HOST: PG.HostRole, Role.COORDINATOR: PG.CoordinatorRole, Role.DECIDER: PG.DeciderRole,
              Role.DIRECTOR: PG.DirectorRole, Role.REPORTING: PG.ReportingRole}
RELATION_TERMS = {"implements": PG.implements, "based_on": PG.basedOn, "amends": PG.amends,
                  "continues": PG.continues, "cites": PG.cites}
GROUP_OF_CATEGORY = {"department": "group-so-ban-nganh", "sector": "group-so-ban-nganh",
                     "district": "group-ubnd-cap-huyen", "mass_organisation": "group-to-chuc-chinh-tri-xa-hoi",
                     "party_body": "group-cap-uy"}
REFERENCE_GRAPH = PGD["graph/reference"]
DERIVED_GRAPH = PGD["graph/derived"]


def iri(kind: str, ident: str) -> URIRef:
    return PGD[f"{kind}/{quote(ident, safe='-._~/')}"]


def document_iri(doc_id: str) -> URIRef:
    return iri("document", doc_id)


def graph_iri(doc_id: str) -> URIRef:
    return iri("graph", doc_id)


def _str(value: str) -> Literal:
    return Literal(value)


class _Writer:
    """Adds the triples of one named graph, with the provenance helpers every fact uses."""

    def __init__(self, graph: Graph, file: SourceFile) -> None:
        self.g = graph
        self.file = file
        self.file_iri = iri("file", file.sha256)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | str | int | bool | None) -> None:
        if o is None:
            return
        if isinstance(o, URIRef | Literal):
            pass
        elif isinstance(o, str):
            o = _str(o)
        elif isinstance(o, bool):
            o = Literal(o)
        elif isinstance(o, int):
            o = Literal(o, datatype=XSD.integer)
        self.g.add((s, p, o))

    def source_file(self) -> None:
        f = self.file_iri
        self.add(f, RDF.type, PG.SourceFile)
        self.add(f, PG.fileName, self.file.file)
        self.add(f, PG.sha256, self.file.sha256)
        self.add(f, PG.encoding, self.file.encoding)

    def span(self, subject: URIRef, source: Source) -> None:
        digest = hashlib.sha256(f"{self.file.sha256}|{source.line_start}|{source.line_end}|{source.quote}"
                                .encode()).hexdigest()[:20]
        span = iri("span", digest)
        self.add(span, RDF.type, PG.SourceSpan)
        self.add(span, PG.sourceFile, self.file_iri)
        self.add(span, PG.lineStart, source.line_start)
        self.add(span, PG.lineEnd, source.line_end)
        self.add(span, PG.quote, source.quote)
        self.add(subject, PG.source, span)

    def agency(self, ref: AgencyRef, reg: Registry) -> URIRef:
        node = iri("agency", ref.id)
        self.add(node, RDF.type, PG.AgencyGroup if ref.kind is AgencyKind.GROUP else PG.Agency)
        self.g.add((node, SKOS.prefLabel, Literal(ref.name, lang="vi")))
        self.add(node, DCTERMS.identifier, ref.id)
        self.add(node, PG.category, ref.category)
        self.add(node, PG.textFolded, fold(ref.name))
        if ref.province:
            self.add(node, PG.province, province_iri(ref.province, reg))
        return node


def province_iri(full_name: str, reg: Registry) -> URIRef:
    name = full_name.split(" ", 1)[1] if full_name.startswith("tỉnh ") else full_name.removeprefix("thành phố ")
    found = reg.province_named(name)
    return iri("province", found.id if found else name)


def add_extraction(ds: Dataset, ex: Extraction, reg: Registry | None = None) -> None:
    """All facts of one extraction, in its own named graph."""
    reg = reg or registry()
    doc = ex.document
    w = _Writer(ds.graph(graph_iri(doc.id)), ex.file)
    w.source_file()
    d = document_iri(doc.id)
    w.add(d, RDF.type, PG.Document)
    w.add(d, RDF.type, PG[kind_class(doc.kind)])
    w.add(d, DCTERMS.identifier, doc.id)
    w.add(d, PG.kind, doc.kind)
    w.add(d, PG.number, doc.number)
    if doc.date:
        w.add(d, PG.date, Literal(doc.date, datatype=XSD.date))
    w.add(d, PG.year, doc.year)
    w.add(d, PG.issuerCode, doc.issuer_code)
    w.add(d, PG.issuerName, doc.issuer)
    w.add(d, PG.draft, doc.draft)
    w.add(d, PG.title, doc.title or None)
    w.add(d, PG.textFolded, fold(doc.title) if doc.title else None)
    w.add(d, PG.periodStart, doc.period_start)
    w.add(d, PG.periodEnd, doc.period_end)
    w.add(d, PG.sourceFile, w.file_iri)
    if doc.province:
        w.add(d, PG.province, province_iri(doc.province, reg))
    if doc.lead_agency:
        w.add(d, PG.leadAgency, w.agency(doc.lead_agency, reg))
    _sections(w, ex, d)
    _tasks(w, ex, d, reg)
    _targets(w, ex, d)
    _references(w, ex)
    for n, warning in enumerate(ex.warnings, start=1):
        node = iri("warning", f"{doc.id}/{n}")
        w.add(node, RDF.type, PG.ExtractionWarning)
        w.add(node, PG.warningCode, warning.code)
        w.add(node, PG.message, warning.message)
        w.add(node, PG.aboutDocument, d)
        if warning.source:
            w.span(node, warning.source)


def section_iri(doc_id: str, path: str) -> URIRef:
    return iri("section", f"{doc_id}.{path}")


def _sections(w: _Writer, ex: Extraction, d: URIRef) -> None:
    paths = {s.path for s in ex.sections}
    for s in ex.sections:
        node = section_iri(ex.document.id, s.path)
        w.add(node, RDF.type, PG.Section)
        w.add(node, PG.path, s.path)
        w.add(node, PG.heading, s.heading)
        parent = s.path.rsplit(".", 1)[0] if "." in s.path else None
        w.add(node, PG.partOf, section_iri(ex.document.id, parent) if parent in paths else d)
        w.add(d, PG.hasSection, node)
        w.span(node, s.source)


def _tasks(w: _Writer, ex: Extraction, d: URIRef, reg: Registry) -> None:
    for t in ex.tasks:
        node = iri("task", t.id)
        w.add(node, RDF.type, PG.Task)
        w.add(node, DCTERMS.identifier, t.id)
        w.add(node, PG.text, t.text)
        w.add(node, PG.textFolded, fold(t.text))
        w.add(node, PG.section, section_iri(ex.document.id, t.section))
        w.add(node, PG.deadline, t.deadline)
        w.add(node, PG.funding, t.funding)
        w.add(d, PG.hasTask, node)
        w.span(node, t.source)
        for a in t.assignments:
            assignment = iri("assignment", f"{t.id}/{a.role.value}/{a.agency.id}")
            w.add(assignment, RDF.type, PG.Assignment)
            w.add(node, PG.hasAssignment, assignment)
            w.add(assignment, PG.role, ROLE_TERMS[a.role])
            w.add(assignment, PG.agent, w.agency(a.agency, reg))
            w.add(assignment, PG.inherited, a.inherited)
            w.add(assignment, PG.requested, a.requested)
            w.span(assignment, a.source)


def _targets(w: _Writer, ex: Extraction, d: URIRef) -> None:
    for t in ex.targets:
        node = iri("target", t.id)
        w.add(node, RDF.type, PG.Target)
        w.add(node, DCTERMS.identifier, t.id)
        w.add(node, PG.text, t.text)
        w.add(node, PG.textFolded, fold(t.text))
        indicator = iri("indicator", t.indicator_id)
        w.add(indicator, RDF.type, PG.Indicator)
        w.g.add((indicator, SKOS.prefLabel, Literal(t.indicator, lang="vi")))
        w.add(indicator, SKOS.inScheme, PG.IndicatorScheme)
        w.add(indicator, DCTERMS.identifier, t.indicator_id)
        w.add(node, PG.measures, indicator)
        w.add(node, PG.comparator, t.comparator.value)
        w.add(node, PG.value, Literal(Decimal(str(t.value)), datatype=XSD.decimal))
        if t.value_max is not None:
            w.add(node, PG.valueMax, Literal(Decimal(str(t.value_max)), datatype=XSD.decimal))
        w.add(node, PG.unit, t.unit)
        w.add(node, PG.targetYear, t.year)
        w.add(node, PG.section, section_iri(ex.document.id, t.section))
        w.add(d, PG.hasTarget, node)
        w.span(node, t.source)


def _references(w: _Writer, ex: Extraction) -> None:
    for r in ex.references:
        subject, target = document_iri(r.subject), document_iri(r.id)
        w.add(subject, RELATION_TERMS[r.relation.value], target)
        citation = iri("citation", f"{ex.document.id}/{r.subject}/{r.relation.value}/{r.id}")
        w.add(citation, RDF.type, PG.Citation)
        w.add(citation, PG.citing, subject)
        w.add(citation, PG.cited, target)
        w.add(citation, PG.relation, r.relation.value)
        w.span(citation, r.source)


def _reference_file() -> tuple[SourceFile, list[str]]:
    data = resources.files("ontology").joinpath("reference", "documents.csv").read_bytes()
    meta = SourceFile(file="ontology/reference/documents.csv", sha256=hashlib.sha256(data).hexdigest(),
                      encoding="utf-8", size=len(data))
    return meta, data.decode("utf-8").splitlines()


def add_reference(ds: Dataset, reg: Registry | None = None) -> None:
    """Central documents (reference facts, with the reference file's rows as provenance) and the
    indicator and role schemes."""
    reg = reg or registry()
    meta, lines = _reference_file()
    w = _Writer(ds.graph(REFERENCE_GRAPH), meta)
    w.source_file()
    for row_no, row in enumerate(csv.DictReader(lines), start=2):
        ref = reg.documents[row["id"]]
        d = document_iri(ref.id)
        w.add(d, RDF.type, PG.Document)
        w.add(d, RDF.type, PG[kind_class(ref.kind)])
        w.add(d, DCTERMS.identifier, ref.id)
        w.add(d, PG.kind, ref.kind)
        w.add(d, PG.number, ref.number)
        w.add(d, PG.date, Literal(ref.date, datatype=XSD.date))
        w.add(d, PG.year, int(ref.date[:4]))
        w.add(d, PG.issuerCode, ref.issuer_code)
        w.add(d, PG.issuerName, ref.issuer)
        w.add(d, PG.title, ref.title)
        w.add(d, PG.textFolded, fold(f"{ref.number}-{ref.kind}/{ref.issuer_code} {ref.title}"))
        source = Source(file=meta.file, line_start=row_no, line_end=row_no, quote=lines[row_no - 1])
        for relation, target in ref.relations:
            w.add(d, RELATION_TERMS[relation], document_iri(target))
            citation = iri("citation", f"reference/{ref.id}/{relation}/{target}")
            w.add(citation, RDF.type, PG.Citation)
            w.add(citation, PG.citing, d)
            w.add(citation, PG.cited, document_iri(target))
            w.add(citation, PG.relation, relation)
            w.span(citation, source)
    for ind in indicators():
        node = iri("indicator", ind.id)
        w.add(node, RDF.type, PG.Indicator)
        w.g.add((node, SKOS.prefLabel, Literal(ind.label, lang="vi")))
        w.g.add((node, SKOS.prefLabel, Literal(ind.label_en, lang="en")))
        w.add(node, SKOS.inScheme, PG.IndicatorScheme)
        w.add(node, DCTERMS.identifier, ind.id)


def add_derived(ds: Dataset, extractions: Iterable[Extraction], reg: Registry | None = None) -> None:
    """Facts that need every document at once: loaded flags, stubs for cited-only documents, and
    group membership of the agencies that appear."""
    reg = reg or registry()
    exs = list(extractions)
    g = ds.graph(DERIVED_GRAPH)
    loaded = {ex.document.id for ex in exs}
    described = set(loaded) | set(reg.documents)
    stubs: dict[str, tuple[str, str | None, str, str, int | None, str | None]] = {}
    for ex in exs:
        for r in ex.references:
            for doc_id in (r.id, r.subject):
                if doc_id not in described and doc_id == r.id:
                    stubs.setdefault(doc_id, (r.kind, r.number, r.issuer_code, r.issuer, r.year, r.province))
    for doc_id in sorted(stubs):
        kind, number, issuer_code, issuer, year, province = stubs[doc_id]
        d = document_iri(doc_id)
        g.add((d, RDF.type, PG.Document))
        g.add((d, RDF.type, PG[kind_class(kind)]))
        g.add((d, DCTERMS.identifier, _str(doc_id)))
        g.add((d, PG.kind, _str(kind)))
        if number:
            g.add((d, PG.number, _str(number)))
        g.add((d, PG.issuerCode, _str(issuer_code)))
        g.add((d, PG.issuerName, _str(issuer)))
        g.add((d, PG.textFolded, _str(fold(f"{number or ''} {kind} {issuer_code} {issuer}"))))
        if year is not None:
            g.add((d, PG.year, Literal(year, datatype=XSD.integer)))
        if province:
            g.add((d, PG.province, province_iri(province, reg)))
    for doc_id in sorted(described | set(stubs)):
        g.add((document_iri(doc_id), PG.loaded, Literal(doc_id in loaded)))
    _membership(g, exs, reg)
    _provinces(g, exs, reg)


def _membership(g: Graph, exs: list[Extraction], reg: Registry) -> None:
    agencies: dict[str, AgencyRef] = {}
    for ex in exs:
        for t in ex.tasks:
            for a in t.assignments:
                agencies[a.agency.id] = a.agency
    for ref in sorted(agencies.values(), key=lambda r: r.id):
        group_key = GROUP_OF_CATEGORY.get(ref.category)
        if ref.kind is AgencyKind.GROUP or group_key is None or "." not in ref.id:
            continue
        scope = ref.id.split(".", 1)[1]
        group = reg.agencies[group_key]
        group_id = f"{group_key}.{scope}"
        node = iri("agency", group_id)
        g.add((node, RDF.type, PG.AgencyGroup))
        label = f"{group.name} {ref.province}" if ref.province else group.name
        g.add((node, SKOS.prefLabel, Literal(label, lang="vi")))
        g.add((node, DCTERMS.identifier, _str(group_id)))
        g.add((node, PG.category, _str(group.category)))
        g.add((node, PG.textFolded, _str(fold(label))))
        g.add((iri("agency", ref.id), PG.memberOf, node))


def _provinces(g: Graph, exs: list[Extraction], reg: Registry) -> None:
    names = {ex.document.province for ex in exs if ex.document.province}
    for ex in exs:
        for t in ex.tasks:
            names.update(a.agency.province for a in t.assignments if a.agency.province)
    for full in sorted(n for n in names if n):
        node = province_iri(full, reg)
        g.add((node, RDF.type, PG.Province))
        g.add((node, RDFS.label, Literal(full, lang="vi")))
        g.add((node, PG.unitType, _str(full.rsplit(" ", 1)[0] if full.startswith("thành phố") is False
                                        else "thành phố")))


def build(extractions: Iterable[Extraction], reg: Registry | None = None) -> Dataset:
    """The whole dataset for a set of extractions: reference, one graph per document, derived."""
    reg = reg or registry()
    exs = sorted(extractions, key=lambda e: e.document.id)
    ds = Dataset()
    add_reference(ds, reg)
    for ex in exs:
        add_extraction(ds, ex, reg)
    add_derived(ds, exs, reg)
    return ds
