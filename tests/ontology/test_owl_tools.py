"""The ontology, the shapes and the exports checked by the standard tools, run from Maven Central jars
through ``scripts/owl-tools``: ROBOT with HermiT (consistency with the imported external axioms, the
OWL 2 DL profile, ROBOT's report), Apache Jena riot (every export format, strict) and Jena SHACL
(agreeing with pySHACL on the corpus graph and on hand-broken graphs), and Jena rsparql, a second
SPARQL 1.1 Protocol client (SPARQLWrapper is the first: tests/api/test_sparql_protocol.py), against a
real server.

A missing tool (no Java, no Maven, nothing fetched) fails these tests; they never skip. Each tool runs
in one JVM for all its cases."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef

from api.app import create_app
from graph.export import ExportFormat, export
from graph.store import GraphStore
from ontology import codegen
from policygraph.settings import Settings
from tests.conftest import serving
from tests.ontology import cases
from tests.ontology.cases import Result
from tests.ontology.test_ontology import results_of

ROOT = Path(__file__).resolve().parents[2]
OWL_TOOLS = ROOT / "scripts" / "owl-tools"
ONTOLOGY = codegen.ONTOLOGY_PATH
EXTERNAL = codegen.HERE / "external.ttl"
SHAPES = codegen.HERE / "shapes.ttl"
REPORT_PROFILE = codegen.HERE / "robot-report-profile.txt"
TIMEOUT = 900  # seconds: a cold JVM on a busy two-core machine

EXTENSIONS = {ExportFormat.TTL: "ttl", ExportFormat.JSONLD: "jsonld", ExportFormat.NT: "nt",
              ExportFormat.NQ: "nq", ExportFormat.TRIG: "trig"}


def owl_tools(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run one tool of scripts/owl-tools in its own JVM and return what it did."""
    return subprocess.run([str(OWL_TOOLS), *map(str, args)], capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)


def _log(run: subprocess.CompletedProcess[str]) -> str:
    return f"exit {run.returncode}\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}"


@pytest.fixture(scope="module")
def fetched() -> None:
    """The tools' jars, fetched from Maven Central once (cached in ~/.m2 and .work/owl-tools)."""
    run = owl_tools("fetch")
    assert run.returncode == 0, f"scripts/owl-tools fetch failed: {_log(run)}"


@pytest.fixture(scope="module")
def corpus_quads(loaded_store: GraphStore) -> list[ox.Quad]:
    return list(loaded_store.open_current().quads_for_pattern(None, None, None, None))


def _ontology_triples() -> Graph:
    """The ontology with its external axioms, as one graph (the import merged in, not followed)."""
    graph = Graph().parse(ONTOLOGY, format="turtle").parse(EXTERNAL, format="turtle")
    graph.remove((None, OWL.imports, None))
    return graph


# ---------------------------------------------------------------------------------------------------
# ROBOT: HermiT, the OWL 2 DL profile, the report
# ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def robot_on_the_ontology(fetched: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[
        subprocess.CompletedProcess[str], Path, Path]:
    """One ROBOT run over policygraph.ttl and its import (resolved by ontology/catalog-v001.xml):
    the report (of the ontology as written, before the reasoner adds inferred axioms), HermiT, the
    OWL 2 DL profile."""
    out = tmp_path_factory.mktemp("robot")
    profile, report = out / "profile.txt", out / "report.tsv"
    run = owl_tools("robot", "report", "--input", ONTOLOGY, "--profile", REPORT_PROFILE, "--fail-on", "ERROR",
                    "--output", report,
                    "reason", "--reasoner", "HermiT",
                    "validate-profile", "--profile", "DL", "--output", profile)
    return run, profile, report


def test_the_ontology_with_its_imports_is_consistent_in_owl2_dl_and_reports_clean(
        robot_on_the_ontology: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    run, profile, report = robot_on_the_ontology
    assert run.returncode == 0, _log(run)
    assert "Ontology and imports closure in profile" in profile.read_text(encoding="utf-8")
    levels = [line.split("\t")[0] for line in report.read_text(encoding="utf-8").splitlines()[1:]]
    assert set(levels) <= {"INFO"}, report.read_text(encoding="utf-8")


def test_the_corpus_graph_is_consistent_with_the_ontology_and_its_imports(
        fetched: None, corpus_quads: list[ox.Quad], tmp_path: Path) -> None:
    # HermiT over the data: pg:source on succession events (org:ChangeEvent ⊑ prov:Activity) made the
    # graph inconsistent while pg:source refined prov:wasDerivedFrom (domain prov:Entity)
    data = tmp_path / "ontology-and-corpus.nt"
    data.write_bytes(_ontology_triples().serialize(format="nt", encoding="utf-8")
                     + export(corpus_quads, ExportFormat.NT))
    run = owl_tools("robot", "reason", "--input", data, "--reasoner", "HermiT")
    assert run.returncode == 0, _log(run)


# ---------------------------------------------------------------------------------------------------
# Jena riot: every export format parses strictly
# ---------------------------------------------------------------------------------------------------

def test_every_export_format_parses_strictly_in_jena_riot(
        fetched: None, corpus_quads: list[ox.Quad], tmp_path: Path) -> None:
    files = []
    for format, extension in EXTENSIONS.items():
        path = tmp_path / f"corpus.{extension}"
        path.write_bytes(export(corpus_quads, format))
        files.append(path)
    run = owl_tools("riot", "--strict", "--validate", *files)
    problems = [line for line in run.stderr.splitlines() if " WARN " in line or " ERROR " in line]
    assert run.returncode == 0 and not problems, _log(run)
    assert set(EXTENSIONS) == set(ExportFormat)


def test_jena_riot_reports_a_broken_file(fetched: None, tmp_path: Path) -> None:
    # the check above means something: riot --strict flags a year that is not an integer
    path = tmp_path / "broken.ttl"
    path.write_text('<https://example.org/a> <https://example.org/year> '
                    '"2025a"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', encoding="utf-8")
    run = owl_tools("riot", "--strict", "--validate", path)
    assert run.returncode != 0 and "2025a" in run.stderr, _log(run)


# ---------------------------------------------------------------------------------------------------
# SHACL: Jena and pySHACL agree, on the corpus and on hand-broken graphs
# ---------------------------------------------------------------------------------------------------

def _corpus_and_broken_cases(corpus_quads: list[ox.Quad]) -> tuple[Graph, set[Result]]:
    """The corpus graph (every named graph's triples), the ontology's triples (so rdfs:subClassOf is
    visible), and each hand-broken case under its own IRIs; and the results the shapes must give:
    those of the broken cases, and nothing from the corpus."""
    data = Graph().parse(data=export(corpus_quads, ExportFormat.NT).decode("utf-8"), format="nt")
    data += Graph().parse(ONTOLOGY, format="turtle")
    expected = set()
    for n, case in enumerate(cases.BROKEN):
        graph, result = cases.broken_graph(case, prefix=f"case-{n}/")
        data += graph
        expected.add(result)
    return data, expected


def test_jena_shacl_and_pyshacl_agree_on_the_corpus_and_the_broken_graphs(
        fetched: None, corpus_quads: list[ox.Quad], tmp_path: Path) -> None:
    data, expected = _corpus_and_broken_cases(corpus_quads)
    path = tmp_path / "data.nt"
    data.serialize(path, format="nt", encoding="utf-8")

    run = owl_tools("shacl", "validate", "--shapes", SHAPES, "--data", path)
    assert run.returncode == 0, _log(run)
    jena = results_of(Graph().parse(data=run.stdout, format="turtle"))

    _, report, _ = pyshacl.validate(data, shacl_graph=Graph().parse(SHAPES, format="turtle"),
                                    inference="none", inplace=True)
    assert isinstance(report, Graph)
    python = results_of(report)

    assert jena == python == expected


def test_the_data_uses_only_pg_terms_the_ontology_declares(corpus_quads: list[ox.Quad]) -> None:
    declared = {str(s) for s in Graph().parse(ONTOLOGY, format="turtle").subjects(RDF.type, None)
                if isinstance(s, URIRef)}
    used = {term.value for quad in corpus_quads for term in (quad.subject, quad.predicate, quad.object)
            if isinstance(term, ox.NamedNode) and term.value.startswith(codegen.PG_NS)}
    assert not sorted(used - declared)


# ---------------------------------------------------------------------------------------------------
# Jena rsparql: the SPARQL 1.1 Protocol as another implementation's client speaks it
# ---------------------------------------------------------------------------------------------------

TASK_IDS = ("PREFIX pg: <https://w3id.org/policygraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
            "SELECT ?id WHERE { ?t a pg:Task ; dcterms:identifier ?id } ORDER BY ?id")
DOCUMENT_TITLES = ("PREFIX pg: <https://w3id.org/policygraph/ontology#> "
               "CONSTRUCT { ?d pg:title ?title } WHERE { ?d pg:loaded true ; pg:title ?title }")


@pytest.fixture(scope="module")
def sparql_endpoint(loaded_store: GraphStore) -> Iterator[str]:
    """/sparql of a real server for the corpus store."""
    with serving(create_app(Settings(neo4j_uri=None), loaded_store)) as url:
        yield f"{url}/sparql"


def rsparql(endpoint: str, query: str, tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "query.rq"
    path.write_text(query, encoding="utf-8")
    return owl_tools("rsparql", "--service", endpoint, "--query", path, *options)


def test_jena_rsparql_reads_select_results_as_the_store_answers(
        fetched: None, sparql_endpoint: str, loaded_store: GraphStore, tmp_path: Path) -> None:
    run = rsparql(sparql_endpoint, TASK_IDS, tmp_path, "--results", "CSV")
    assert run.returncode == 0, _log(run)
    [header, *rows] = list(csv.reader(io.StringIO(run.stdout)))
    solutions = loaded_store.open_current().query(TASK_IDS, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    assert header == ["id"] and [row[0] for row in rows] == [s["id"].value for s in solutions]


def test_jena_rsparql_reads_a_constructed_graph_with_its_vietnamese_tags(
        fetched: None, sparql_endpoint: str, tmp_path: Path) -> None:
    run = rsparql(sparql_endpoint, DOCUMENT_TITLES, tmp_path, "--results", "NT")
    assert run.returncode == 0, _log(run)
    titles = list(Graph().parse(data=run.stdout, format="nt").objects())
    assert titles and all(isinstance(t, Literal) and t.language == "vi" for t in titles)

