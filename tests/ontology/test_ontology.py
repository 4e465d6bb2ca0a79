"""Tests of the PolicyGraph ontology, its generated namespace module and its SHACL shapes."""

from __future__ import annotations

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DC, DCTERMS, ORG, PROV, SH, SKOS

from ontology import codegen
from ontology.namespace import ELI, PG, PGD
from tests.ontology import cases
from tests.ontology.cases import Result

ONTOLOGY_IRI = URIRef("https://w3id.org/policygraph/ontology")
EXTERNAL_IRI = URIRef("https://w3id.org/policygraph/ontology/external")
EXTERNAL_PATH = codegen.HERE / "external.ttl"
REUSED_NAMESPACES = (str(ELI), str(ORG), str(PROV), str(SKOS), str(DCTERMS), str(DC))
SHAPES_PATH = codegen.HERE / "shapes.ttl"
PG_NS = codegen.PG_NS
PGSH = Namespace("https://w3id.org/policygraph/shapes#")

CLASS_KINDS = (OWL.Class,)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return codegen.load()


@pytest.fixture(scope="module")
def external() -> Graph:
    return Graph().parse(EXTERNAL_PATH, format="turtle")


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
    # the title is an annotation (dc:title): dcterms:title is the data property pg:title refines
    assert onto.value(ONTOLOGY_IRI, DC.title) is not None
    assert onto.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert onto.value(ONTOLOGY_IRI, OWL.imports) == EXTERNAL_IRI


def test_the_external_axioms_are_an_ontology_of_their_own(external: Graph) -> None:
    assert (EXTERNAL_IRI, RDF.type, OWL.Ontology) in external
    assert not [s for s in external.subjects() if isinstance(s, URIRef) and str(s).startswith(PG_NS)]


def test_every_reused_term_the_ontology_names_is_declared_in_the_external_axioms(
        onto: Graph, external: Graph) -> None:
    reused = {t for triple in onto for t in triple
              if isinstance(t, URIRef) and any(str(t).startswith(ns) for ns in REUSED_NAMESPACES)}
    declared = set(external.subjects(RDF.type, None))
    assert not sorted(reused - declared)


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
        # a province is a territory: its People's Committee is the organisation
        (PG.Province, RDFS.subClassOf, DCTERMS.Location),
        (PG.SuccessionEvent, RDFS.subClassOf, ORG.ChangeEvent),
        (PG.SourceFile, RDFS.subClassOf, PROV.Entity),
        (PG.SourceSpan, RDFS.subClassOf, PROV.Entity),
        # Party ↔ State links carry no ELI legal meaning: only the informative ELI links
        (PG.implements, RDFS.subPropertyOf, ELI.applies),
        (PG.basedOn, RDFS.subPropertyOf, ELI.cites),
        (PG.amends, RDFS.subPropertyOf, ELI.cites),
        (PG.cites, RDFS.subPropertyOf, ELI.cites),
        (PG.continues, RDFS.subPropertyOf, ELI.cites),
        (PG.partOf, RDFS.subPropertyOf, ELI.is_part_of),
        # predecessors and successors include provinces, which are no org:Organization
        (PG.predecessor, RDFS.subPropertyOf, PROV.used),
        (PG.successor, RDFS.subPropertyOf, PROV.generated),
        # succession events (prov:Activity) have sources too: prov:wasDerivedFrom is for entities
        (PG.source, RDFS.subPropertyOf, DCTERMS.source),
        (PG.title, RDFS.subPropertyOf, DCTERMS.title),
        (PG.leadAgency, RDFS.subPropertyOf, ELI.responsibility_of_agent),
        (PG.issuer, RDFS.subPropertyOf, ELI.passed_by),
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
        if shape == PGSH.DeclaredTypeShape:  # targets the types themselves (sh:targetObjectsOf rdf:type)
            continue
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


def test_each_class_has_one_shape(shapes: Graph) -> None:
    targets = [target for shape in shapes.subjects(RDF.type, SH.NodeShape)
               for target in shapes.objects(shape, SH.targetClass)]
    assert len(targets) == len(set(targets)), sorted(str(t) for t in set(targets) if targets.count(t) > 1)


def test_the_shapes_of_the_data_nodes_are_closed(shapes: Graph) -> None:
    # a closed shape reports a property it does not list, such as an undeclared pg: term; the
    # roles are the exception: the ontology declares them, with their labels and comments
    open_shapes = {shape for shape in shapes.subjects(SH.targetClass, None)
                   if shapes.value(shape, SH.closed) != Literal(True)}
    assert open_shapes == {PGSH.RoleShape}


def test_the_datatype_a_shape_requires_is_the_range_the_ontology_declares(onto: Graph, shapes: Graph) -> None:
    # one model, many views: a property whose range changes in policygraph.ttl changes in its shapes too
    drift = []
    for shape in shapes.objects(None, SH.property):
        path, datatype = shapes.value(shape, SH.path), shapes.value(shape, SH.datatype)
        if datatype is None or not str(path).startswith(PG_NS):
            continue
        ranges = set(onto.objects(path, RDFS.range))
        if ranges != {datatype}:
            drift.append(f"{path}: the shape requires {datatype}, the ontology's range is {sorted(map(str, ranges))}")
    assert not drift, "\n".join(drift)


def test_property_shapes_are_named(shapes: Graph) -> None:
    for shape in shapes.objects(None, SH.property):
        assert shapes.value(shape, SH.name) is not None, f"property shape on {shapes.value(shape, SH.path)}"


PGD_DOC, PGD_TASK, PGD_ASG, PGD_SPAN = PGD["doc"], PGD["task"], PGD["asg"], PGD["span2"]


def _validate(data: Graph, onto: Graph, shapes: Graph) -> tuple[bool, set[Result]]:
    """(conforms, {(focus node, result path, constraint component)})."""
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=onto, inference="none")
    return conforms, results_of(report)


def results_of(report: Graph) -> set[Result]:
    """The (focus node, result path, constraint component) of each result in a SHACL report."""
    return {
        (
            report.value(result, SH.focusNode),
            report.value(result, SH.resultPath),
            report.value(result, SH.sourceConstraintComponent),
        )
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }


def test_valid_graph_conforms(onto: Graph, shapes: Graph) -> None:
    conforms, results = _validate(cases.graph(), onto, shapes)
    assert conforms, results


def test_task_without_section_does_not_conform(onto: Graph, shapes: Graph) -> None:
    conforms, results = _validate(cases.graph(remove=((PGD_TASK, PG.section),)), onto, shapes)
    assert conforms is False
    assert results == {(PGD_TASK, PG.section, SH.MinCountConstraintComponent)}


def test_assignment_with_two_roles_does_not_conform(onto: Graph, shapes: Graph) -> None:
    conforms, results = _validate(cases.graph(add="pgd:asg pg:role pg:CoordinatorRole ."), onto, shapes)
    assert conforms is False
    assert results == {(PGD_ASG, PG.role, SH.MaxCountConstraintComponent)}


def test_assignment_whose_agent_is_a_document_does_not_conform(onto: Graph, shapes: Graph) -> None:
    data = cases.graph(remove=((PGD_ASG, PG.agent),), add="pgd:asg pg:agent pgd:doc .")
    conforms, results = _validate(data, onto, shapes)
    assert conforms is False
    assert results == {(PGD_ASG, PG.agent, SH.OrConstraintComponent)}


def test_document_without_kind_does_not_conform(onto: Graph, shapes: Graph) -> None:
    # pgd:doc is typed pg:Plan only: DocumentShape reaches it through rdfs:subClassOf
    conforms, results = _validate(cases.graph(remove=((PGD_DOC, PG.kind),)), onto, shapes)
    assert conforms is False
    assert results == {(PGD_DOC, PG.kind, SH.MinCountConstraintComponent)}


def test_source_span_with_line_start_after_line_end_does_not_conform(onto: Graph, shapes: Graph) -> None:
    data = cases.graph(remove=((PGD_SPAN, PG.lineStart),), add="pgd:span2 pg:lineStart 44 .")
    conforms, results = _validate(data, onto, shapes)
    assert conforms is False
    assert results == {(PGD_SPAN, PG.lineStart, SH.LessThanOrEqualsConstraintComponent)}


@pytest.mark.parametrize("case", cases.BROKEN, ids=[case.name for case in cases.BROKEN])
def test_a_hand_broken_graph_gives_exactly_its_result(onto: Graph, shapes: Graph, case: cases.Broken) -> None:
    data, expected = cases.broken_graph(case)
    conforms, results = _validate(data, onto, shapes)
    assert conforms is False
    assert results == {expected}
