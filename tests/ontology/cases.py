"""Small graphs for the SHACL shapes: one valid plan, and hand-broken copies of it that each break
exactly one rule (the shapes must report exactly that result, in pySHACL and in Jena alike)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ontology.codegen import PG_NS
from ontology.namespace import PG, PGD

PREFIXES = """
@prefix pg:      <https://w3id.org/policygraph/ontology#> .
@prefix pgd:     <https://w3id.org/policygraph/id/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

# A tiny valid graph: one document (typed only as a subclass), one section, one task with a host
# assignment and one target, each fact with a provenance span.
VALID = (
    PREFIXES
    + """
pgd:doc a pg:Plan ;
    dcterms:identifier "9491-KH-UBND-ha-nam-2024" ;
    pg:kind "KH" ; pg:number "9491" ; pg:issuerCode "UBND" ;
    pg:title "Kế hoạch thực hiện Nghị quyết số 68/NQ-CP"@vi ;
    pg:date "2024-06-20"^^xsd:date ; pg:year 2024 ; pg:draft false ; pg:loaded true ;
    pg:sourceFile pgd:file ; pg:hasSection pgd:sec ; pg:hasTask pgd:task ; pg:hasTarget pgd:tgt .

pgd:file a pg:SourceFile ;
    pg:fileName "ha-nam-9491-kh-ubnd.md" ;
    pg:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .

pgd:sec a pg:Section ;
    dcterms:identifier "9491-KH-UBND-ha-nam-2024.III.1" ;
    pg:path "III.1" ; pg:heading "Nhiệm vụ, giải pháp"@vi ;
    pg:partOf pgd:doc ; pg:source pgd:span1 .

pgd:task a pg:Task ;
    dcterms:identifier "9491-KH-UBND-ha-nam-2024.III.1" ;
    pg:section pgd:sec ;
    pg:text "Rà soát, hoàn thiện chính sách trợ giúp xã hội."@vi ;
    pg:source pgd:span2 ;
    pg:hasAssignment pgd:asg .

pgd:asg a pg:Assignment ;
    pg:role pg:HostRole ; pg:agent pgd:so-ld ; pg:inherited false ; pg:source pgd:span2 .

pgd:so-ld a pg:Agency ;
    dcterms:identifier "so-lao-dong-tbxh.ha-nam" ;
    skos:prefLabel "Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam"@vi ;
    pg:category "department" .

pgd:ind a pg:Indicator ;
    dcterms:identifier "poverty-rate" ;
    skos:prefLabel "Tỷ lệ hộ nghèo"@vi ; skos:inScheme pg:IndicatorScheme .

pgd:tgt a pg:Target ;
    dcterms:identifier "9491-KH-UBND-ha-nam-2024.III.1~t1" ;
    pg:measures pgd:ind ; pg:comparator "reduce_by" ;
    pg:value "1"^^xsd:decimal ; pg:unit "%" ; pg:targetYear 2025 ;
    pg:section pgd:sec ; pg:source pgd:span2 .

pgd:span1 a pg:SourceSpan ;
    pg:sourceFile pgd:file ; pg:lineStart 40 ; pg:lineEnd 40 ; pg:quote "III. NHIỆM VỤ, GIẢI PHÁP"@vi .

pgd:span2 a pg:SourceSpan ;
    pg:sourceFile pgd:file ; pg:lineStart 42 ; pg:lineEnd 43 ;
    pg:quote "Rà soát, hoàn thiện chính sách trợ giúp xã hội. Cơ quan chủ trì: Sở Lao động - Thương binh và Xã hội."@vi
    .
"""
)

Result = tuple[Node | None, Node | None, Node | None]
"""(focus node, result path, constraint component) of one SHACL validation result."""


@dataclass(frozen=True)
class Broken:
    """A copy of the valid graph with one rule broken, and the one result the shapes must give."""

    name: str
    remove: tuple[tuple[URIRef, URIRef], ...]
    add: str
    expected: Result


BROKEN = (
    Broken("target value as a double (wrong datatype)", ((PGD["tgt"], PG.value),),
           'pgd:tgt pg:value "1.0"^^xsd:double .', (PGD["tgt"], PG.value, SH.DatatypeConstraintComponent)),
    Broken("target year as a string where a year belongs", ((PGD["tgt"], PG.targetYear),),
           'pgd:tgt pg:targetYear "2025" .', (PGD["tgt"], PG.targetYear, SH.DatatypeConstraintComponent)),
    Broken("a task's text without its language tag", ((PGD["task"], PG.text),),
           'pgd:task pg:text "Rà soát, hoàn thiện chính sách trợ giúp xã hội." .',
           (PGD["task"], PG.text, SH.DatatypeConstraintComponent)),
    Broken("a literal where the task's section node belongs", ((PGD["task"], PG.section),),
           'pgd:task pg:section "III.1" .', (PGD["task"], PG.section, SH.ClassConstraintComponent)),
    Broken("a property the ontology does not declare", (),
           'pgd:task <https://w3id.org/policygraph/ontology#priority> "cao" .',
           (PGD["task"], URIRef(PG_NS + "priority"), SH.ClosedConstraintComponent)),
    Broken("a class the ontology does not declare", (),
           "pgd:note a <https://w3id.org/policygraph/ontology#Note> .",
           (URIRef(PG_NS + "Note"), None, SH.OrConstraintComponent)),
)


def graph(remove: tuple[tuple[URIRef, URIRef], ...] = (), add: str = "") -> Graph:
    """The valid graph, minus every (subject, predicate, *) in ``remove``, plus the Turtle ``add``."""
    g = Graph().parse(data=VALID, format="turtle")
    for subject, predicate in remove:
        g.remove((subject, predicate, None))
    if add:
        g.parse(data=PREFIXES + add, format="turtle")
    return g


def renamed(term: URIRef, prefix: str) -> URIRef:
    """A data IRI moved under ``prefix`` (so several cases can share one graph); other IRIs unchanged."""
    if str(term).startswith(str(PGD)):
        return URIRef(f"{PGD}{prefix}{str(term)[len(str(PGD)):]}")
    return term


def broken_graph(case: Broken, prefix: str = "") -> tuple[Graph, Result]:
    """The case's graph and its expected result, with its data IRIs under ``prefix``."""
    g = Graph()
    for s, p, o in graph(case.remove, case.add):
        g.add((renamed(s, prefix) if isinstance(s, URIRef) else s, p,
               renamed(o, prefix) if isinstance(o, URIRef) else o))
    focus, path, component = case.expected
    return g, (renamed(focus, prefix) if isinstance(focus, URIRef) else focus, path, component)
