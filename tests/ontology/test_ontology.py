"""Tests of the PolicyGraph ontology, its generated namespace module and its SHACL shapes."""

from __future__ import annotations

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SH, SKOS

from ontology import codegen
from ontology.namespace import ELI, PG, PGD

ONTOLOGY_IRI = URIRef("https://w3id.org/policygraph/ontology")
SHAPES_PATH = codegen.HERE / "shapes.ttl"
PG_NS = codegen.PG_NS

CLASS_KINDS = (OWL.Class,)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return codegen.load()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def _pg_terms(graph: Graph, kinds: tuple[URIRef, ...]) -> list[URIRef]:
    return sorted(
        {
            s
            for kind in kinds
            for s in graph.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(PG_NS)
        }
    )


# ---------------------------------------------------------------------------
# The ontology
# ---------------------------------------------------------------------------


def test_ontology_parses(onto: Graph) -> None:
    assert len(onto) > 0


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert onto.value(ONTOLOGY_IRI, DCTERMS.description) is not None


@pytest.mark.parametrize("kinds", [CLASS_KINDS, PROPERTY_KINDS], ids=["classes", "properties"])
def test_terms_have_bilingual_labels_and_one_english_comment(onto: Graph, kinds: tuple[URIRef, ...]) -> None:
    terms = _pg_terms(onto, kinds)
    assert terms
    problems = []
    for term in terms:
        languages = {label.language for label in onto.objects(term, RDFS.label) if isinstance(label, Literal)}
        if not {"vi", "en"} <= languages:
            problems.append(f"{term}: labels in {sorted(map(str, languages))}")
        comments = list(onto.objects(term, RDFS.comment))
        if len(comments) != 1 or not isinstance(comments[0], Literal) or comments[0].language != "en":
            problems.append(f"{term}: comments {comments!r}")
        elif "\n" in comments[0]:
            problems.append(f"{term}: comment is not one line")
    assert not problems, "\n".join(problems)


def test_individuals_are_labelled_and_in_their_scheme(onto: Graph) -> None:
    roles = [PG.HostRole, PG.CoordinatorRole, PG.DeciderRole, PG.DirectorRole, PG.ReportingRole]
    for role in roles:
        assert (role, RDF.type, PG.Role) in onto
        assert (role, SKOS.inScheme, PG.RoleScheme) in onto
        labels = [label for label in onto.objects(role, RDFS.label) if isinstance(label, Literal)]
        assert {label.language for label in labels} >= {"vi", "en"}
    for scheme in (PG.RoleScheme, PG.IndicatorScheme, PG.FunctionScopeScheme):
        assert (scheme, RDF.type, SKOS.ConceptScheme) in onto


@pytest.mark.parametrize(
    ("sub", "predicate", "sup"),
    [
        (PG.Document, RDFS.subClassOf, ELI.LegalResource),
        (PG.Section, RDFS.subClassOf, ELI.LegalResourceSubdivision),
        (PG.Plan, RDFS.subClassOf, PG.Document),
        (PG.Indicator, RDFS.subClassOf, SKOS.Concept),
        (PG.Role, RDFS.subClassOf, SKOS.Concept),
        (PG.FunctionScope, RDFS.subClassOf, SKOS.Concept),
        (PG.Agency, RDFS.subClassOf, ORG.Organization),
        (PG.AgencyGroup, RDFS.subClassOf, ORG.Organization),
        (PG.Province, RDFS.subClassOf, ORG.Organization),
        (PG.SuccessionEvent, RDFS.subClassOf, ORG.ChangeEvent),
        (PG.SourceFile, RDFS.subClassOf, PROV.Entity),
        (PG.SourceSpan, RDFS.subClassOf, PROV.Entity),
        # an implementing act legally ensures the implementation of its parent;
        # eli:implements is deprecated and eli:applies is only informative
        (PG.implements, RDFS.subPropertyOf, ELI.ensures_implementation_of),
        (PG.basedOn, RDFS.subPropertyOf, ELI.based_on),
        (PG.amends, RDFS.subPropertyOf, ELI.amends),
        (PG.cites, RDFS.subPropertyOf, ELI.cites),
        (PG.continues, RDFS.subPropertyOf, ELI.cites),
        (PG.partOf, RDFS.subPropertyOf, ELI.is_part_of),
        (PG.predecessor, RDFS.subPropertyOf, ORG.originalOrganization),
        (PG.successor, RDFS.subPropertyOf, ORG.resultingOrganization),
        (PG.source, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (PG.title, RDFS.subPropertyOf, ELI.title),
        (PG.date, RDFS.subPropertyOf, ELI.date_document),
    ],
)
def test_alignment_with_standard_vocabularies(onto: Graph, sub: URIRef, predicate: URIRef, sup: URIRef) -> None:
    assert (sub, predicate, sup) in onto


NEO4J_LABELS = {
    "Document": "Document",
    "Resolution": "Resolution",
    "Conclusion": "Conclusion",
    "Decision": "Decision",
    "Plan": "Plan",
    "Programme": "Programme",
    "Directive": "Directive",
    "Decree": "Decree",
    "Circular": "Circular",
    "Guidance": "Guidance",
    "OtherDocument": "OtherDocument",
    "Section": "Section",
    "Task": "Task",
    "Target": "Target",
    "Indicator": "Indicator",
    "Agency": "Agency",
    "AgencyGroup": "AgencyGroup",
    "Province": "Province",
    "SuccessionEvent": "SuccessionEvent",
    "FunctionScope": "FunctionScope",
    "SuccessionRoute": "SuccessionRoute",
    "ExtractionWarning": "Warning",
}

NEO4J_TYPES = {
    "implements": "IMPLEMENTS",
    "continues": "CONTINUES",
    "basedOn": "BASED_ON",
    "amends": "AMENDS",
    "cites": "CITES",
    "partOf": "PART_OF",
    "hasTask": "HAS_TASK",
    "hasTarget": "HAS_TARGET",
    "measures": "MEASURES",
    "detailedBy": "DETAILED_BY",
    "memberOf": "MEMBER_OF",
    "succeededBy": "SUCCEEDED_BY",
    "issuer": "ISSUED_BY",
    "province": "IN_PROVINCE",
    "leadAgency": "LEAD_AGENCY",
    "section": "IN_SECTION",
    "HostRole": "HOST",
    "CoordinatorRole": "COORDINATES",
    "DeciderRole": "DECIDES",
    "DirectorRole": "DIRECTS",
    "ReportingRole": "REPORTS_THROUGH",
    "aboutDocument": "ABOUT",
    "predecessor": "PREDECESSOR",
    "successor": "SUCCESSOR",
    "legalBasis": "LEGAL_BASIS",
    "functionScope": "FUNCTION_SCOPE",
    "routeFrom": "ROUTE_FROM",
    "routeStep": "ROUTE_STEP",
    "taskScope": "IN_FIELD",
}


def test_neo4j_mapping(onto: Graph) -> None:
    labels = {str(s)[len(PG_NS) :]: str(o) for s, o in onto.subject_objects(PG.neo4jLabel)}
    types = {str(s)[len(PG_NS) :]: str(o) for s, o in onto.subject_objects(PG.neo4jType)}
    assert labels == NEO4J_LABELS
    assert types == NEO4J_TYPES


# ---------------------------------------------------------------------------
# The generated namespace module
# ---------------------------------------------------------------------------


def test_namespace_module_is_up_to_date(onto: Graph) -> None:
    expected = codegen.render(onto)
    actual = codegen.NAMESPACE_PATH.read_text(encoding="utf-8")
    assert actual == expected, "ontology/namespace.py is stale: run python -m ontology.codegen"


def test_namespace_module_header() -> None:
    first_line = codegen.NAMESPACE_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# generated by ontology/codegen.py — do not edit"


def test_every_term_is_a_namespace_attribute(onto: Graph) -> None:
    for term in codegen.terms(onto):
        assert getattr(PG, term.name) == URIRef(PG_NS + term.name)


def test_mistyped_term_raises() -> None:
    with pytest.raises(AttributeError):
        PG.Taks  # noqa: B018


def test_data_namespaces() -> None:
    assert PGD["doc/x"] == URIRef("https://w3id.org/policygraph/id/doc/x")
    assert ELI.LegalResource == URIRef("http://data.europa.eu/eli/ontology#LegalResource")


# ---------------------------------------------------------------------------
# The SHACL shapes
# ---------------------------------------------------------------------------


def test_shapes_parse(shapes: Graph) -> None:
    assert len(shapes) > 0


def test_every_node_shape_targets_an_ontology_class(onto: Graph, shapes: Graph) -> None:
    node_shapes = list(shapes.subjects(RDF.type, SH.NodeShape))
    assert node_shapes
    for shape in node_shapes:
        targets = list(shapes.objects(shape, SH.targetClass))
        assert targets, f"{shape} has no sh:targetClass"
        for target in targets:
            assert str(target).startswith(PG_NS), f"{shape} targets {target} outside pg:"
            assert (target, RDF.type, OWL.Class) in onto, f"{shape} targets undeclared {target}"
        assert shapes.value(shape, RDFS.comment) is not None, f"{shape} has no rdfs:comment"


def test_shapes_use_only_declared_terms(onto: Graph, shapes: Graph) -> None:
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(PG_NS)}
    declared = set(onto.subjects(RDF.type, None))
    assert not sorted(used - declared)


def test_property_shapes_are_named(shapes: Graph) -> None:
    for shape in shapes.objects(None, SH.property):
        assert shapes.value(shape, SH.name) is not None, f"property shape on {shapes.value(shape, SH.path)}"


# A tiny valid graph: one document (typed only as a subclass), one section, one task with a
# host assignment, each fact with a provenance span.
PREFIXES = """
@prefix pg:      <https://w3id.org/policygraph/ontology#> .
@prefix pgd:     <https://w3id.org/policygraph/id/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

VALID = (
    PREFIXES
    + """
pgd:doc a pg:Plan ;
    dcterms:identifier "KH/UBND/ha-nam/2024/9491" ;
    pg:kind "KH" ; pg:number "9491" ; pg:issuerCode "UBND" ;
    pg:title "Kế hoạch thực hiện Nghị quyết số 68/NQ-CP" ;
    pg:date "2024-06-20"^^xsd:date ; pg:draft false ; pg:loaded true ;
    pg:sourceFile pgd:file ; pg:hasSection pgd:sec ; pg:hasTask pgd:task .

pgd:file a pg:SourceFile ;
    pg:fileName "ha-nam-9491-kh-ubnd.md" ;
    pg:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .

pgd:sec a pg:Section ;
    pg:path "III.1" ; pg:heading "Nhiệm vụ, giải pháp" ;
    pg:partOf pgd:doc ; pg:source pgd:span1 .

pgd:task a pg:Task ;
    pg:section pgd:sec ;
    pg:text "Rà soát, hoàn thiện chính sách trợ giúp xã hội." ;
    pg:source pgd:span2 ;
    pg:hasAssignment pgd:asg .

pgd:asg a pg:Assignment ;
    pg:role pg:HostRole ; pg:agent pgd:so-ld ; pg:inherited false ; pg:source pgd:span2 .

pgd:so-ld a pg:Agency ;
    skos:prefLabel "Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam"@vi ;
    pg:category "department" .

pgd:span1 a pg:SourceSpan ;
    pg:sourceFile pgd:file ; pg:lineStart 40 ; pg:lineEnd 40 ; pg:quote "III. NHIỆM VỤ, GIẢI PHÁP" .

pgd:span2 a pg:SourceSpan ;
    pg:sourceFile pgd:file ; pg:lineStart 42 ; pg:lineEnd 43 ;
    pg:quote "Rà soát, hoàn thiện chính sách trợ giúp xã hội. Cơ quan chủ trì: Sở Lao động - Thương binh và Xã hội." .
"""
)

PGD_DOC, PGD_TASK, PGD_ASG, PGD_SPAN = PGD["doc"], PGD["task"], PGD["asg"], PGD["span2"]


def _graph(remove: tuple[tuple[URIRef, URIRef], ...] = (), add: str = "") -> Graph:
    """The valid graph, minus every (subject, predicate, *) in ``remove``, plus the Turtle ``add``."""
    graph = Graph().parse(data=VALID, format="turtle")
    for subject, predicate in remove:
        graph.remove((subject, predicate, None))
    if add:
        graph.parse(data=PREFIXES + add, format="turtle")
    return graph


def _validate(data: Graph, onto: Graph, shapes: Graph) -> tuple[bool, set[tuple[URIRef, URIRef, URIRef]]]:
    """(conforms, {(focus node, result path, constraint component)})."""
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=onto, inference="none")
    results = {
        (
            report.value(result, SH.focusNode),
            report.value(result, SH.resultPath),
            report.value(result, SH.sourceConstraintComponent),
        )
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }
    return conforms, results


def test_valid_graph_conforms(onto: Graph, shapes: Graph) -> None:
    conforms, results = _validate(_graph(), onto, shapes)
    assert conforms, results


def test_task_without_section_does_not_conform(onto: Graph, shapes: Graph) -> None:
    conforms, results = _validate(_graph(remove=((PGD_TASK, PG.section),)), onto, shapes)
    assert conforms is False
    assert results == {(PGD_TASK, PG.section, SH.MinCountConstraintComponent)}


def test_assignment_with_two_roles_does_not_conform(onto: Graph, shapes: Graph) -> None:
    conforms, results = _validate(_graph(add="pgd:asg pg:role pg:CoordinatorRole ."), onto, shapes)
    assert conforms is False
    assert results == {(PGD_ASG, PG.role, SH.MaxCountConstraintComponent)}


def test_assignment_whose_agent_is_a_document_does_not_conform(onto: Graph, shapes: Graph) -> None:
    data = _graph(remove=((PGD_ASG, PG.agent),), add="pgd:asg pg:agent pgd:doc .")
    conforms, results = _validate(data, onto, shapes)
    assert conforms is False
    assert results == {(PGD_ASG, PG.agent, SH.OrConstraintComponent)}


def test_document_without_kind_does_not_conform(onto: Graph, shapes: Graph) -> None:
    # pgd:doc is typed pg:Plan only: DocumentShape reaches it through rdfs:subClassOf
    conforms, results = _validate(_graph(remove=((PGD_DOC, PG.kind),)), onto, shapes)
    assert conforms is False
    assert results == {(PGD_DOC, PG.kind, SH.MinCountConstraintComponent)}


def test_source_span_with_line_start_after_line_end_does_not_conform(onto: Graph, shapes: Graph) -> None:
    data = _graph(remove=((PGD_SPAN, PG.lineStart),), add="pgd:span2 pg:lineStart 44 .")
    conforms, results = _validate(data, onto, shapes)
    assert conforms is False
    assert results == {(PGD_SPAN, PG.lineStart, SH.LessThanOrEqualsConstraintComponent)}


# Guard against the DocumentShape silently accepting what the builder must never emit.
def test_target_value_as_double_does_not_conform(onto: Graph, shapes: Graph) -> None:
    data = _graph(
        add="""
pgd:doc pg:hasTarget pgd:tgt .
pgd:ind a pg:Indicator ; skos:prefLabel "Tỷ lệ hộ nghèo"@vi ; skos:inScheme pg:IndicatorScheme .
pgd:tgt a pg:Target ; pg:measures pgd:ind ; pg:comparator "reduce_by" ;
    pg:value "1.0"^^xsd:double ; pg:unit "%" ; pg:targetYear 2025 ;
    pg:section pgd:sec ; pg:source pgd:span2 .
"""
    )
    conforms, results = _validate(data, onto, shapes)
    assert conforms is False
    assert results == {(PGD["tgt"], PG.value, SH.DatatypeConstraintComponent)}
