"""The built graph: valid against the shapes, stable under re-ingest and file order, never half-written."""

from __future__ import annotations

import gc
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from rdflib import Literal
from rdflib.compare import isomorphic

from bench.generate import generate
from graph.footprint import Footprint
from graph.ingest import extract_all, ingest, passes, validate_changes
from graph.rdf import build, document_iri, nquads, write_nquads
from graph.store import GraphStore
from graph.validate import union, validate
from ontology.namespace import PG
from ontology.records import Extraction
from policygraph.errors import StoreError, ValidationFailed


def test_the_corpus_graph_satisfies_the_shacl_shapes(extractions):
    report = validate(build(extractions.values()))
    assert report.conforms, report.text[:2000]


def test_building_twice_or_in_another_order_gives_isomorphic_graphs(extractions):
    forward = build(extractions.values())
    backward = build(reversed(list(extractions.values())))
    assert isomorphic(union(forward), union(backward))


def test_adding_a_file_never_renames_existing_nodes(extractions):
    some = [extractions["ha_nam"], extractions["hai_phong"]]
    before = {s for s in union(build(some)).subjects() if "/task/" in str(s)}
    after = {s for s in union(build(extractions.values())).subjects() if "/task/" in str(s)}
    assert before <= after


def test_cited_documents_that_are_not_loaded_are_nodes_marked_not_loaded(extractions):
    g = union(build(extractions.values()))
    assert (document_iri("113-CTr-TU-ha-nam-2024"), PG.loaded, None) in g
    assert g.value(document_iri("113-CTr-TU-ha-nam-2024"), PG.loaded) == Literal(False)
    assert g.value(document_iri("42-NQ-TW-2023"), PG.loaded) == Literal(False)
    assert g.value(document_iri("9491-KH-UBND-dong-nai-2021"), PG.loaded) == Literal(True)


def test_extraction_json_follows_the_published_schema(extractions):
    schema = json.loads((Path(__file__).parents[2] / "ontology" / "extraction.schema.json").read_text())
    for ex in extractions.values():
        jsonschema.validate(json.loads(ex.model_dump_json()), schema)


def test_the_published_schema_is_derived_from_the_records():
    published = json.loads((Path(__file__).parents[2] / "ontology" / "extraction.schema.json").read_text())
    derived = Extraction.model_json_schema(mode="serialization")
    assert {k: v for k, v in published.items() if k not in {"$id", "title"}} == \
        {k: v for k, v in derived.items() if k != "title"}


def test_ingesting_the_corpus_twice_gives_the_same_graph(tmp_path, corpus_dir):
    store = GraphStore(tmp_path / "s")
    ingest([corpus_dir], store, replace=True)
    first = _dump(store)
    ingest(sorted(corpus_dir.glob("*.txt"), reverse=True), store)
    assert _dump(store) == first


def test_a_bad_file_is_skipped_and_the_others_load(tmp_path, corpus_dir):
    (tmp_path / "in").mkdir()
    shutil.copy(corpus_dir / "001_425aa0aa3f386de7.txt", tmp_path / "in")
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = ingest([tmp_path / "in"], GraphStore(tmp_path / "s"))
    errors = sorted(o.error for o in result.failed if o.error)
    assert errors == ["binary.txt:1: binary file (NUL bytes): not a text document", "empty.txt: empty file"]
    assert result.manifest is not None and len(result.manifest.documents) == 1


def test_a_load_that_fails_validation_writes_nothing(tmp_path, corpus_dir, monkeypatch):
    store = GraphStore(tmp_path / "s")
    ingest([corpus_dir / "001_425aa0aa3f386de7.txt"], store)
    before = _dump(store)
    import graph.ingest as ingest_module
    from graph.validate import Report
    monkeypatch.setattr(ingest_module, "validate_own", lambda graph: Report(False, 1, "forced"))
    with pytest.raises(ValidationFailed):
        ingest([corpus_dir], store)
    assert _dump(store) == before


def test_a_full_disk_gives_a_clear_error_and_keeps_the_graph(tmp_path, corpus_dir):
    """A real fault: the ingest process may not write files larger than 64 KiB (as on a full disk)."""
    store_dir = tmp_path / "s"
    ingest([corpus_dir / "001_425aa0aa3f386de7.txt"], GraphStore(store_dir))
    before = _dump(GraphStore(store_dir))

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    run = subprocess.run([sys.executable, "-m", "policygraph", "ingest", "--store", str(store_dir),
                          str(corpus_dir)], capture_output=True, text=True, preexec_fn=limit_file_size,
                         timeout=120)
    assert run.returncode == 2
    assert "cannot write the store" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert _dump(GraphStore(store_dir)) == before
    manifest = GraphStore(store_dir).manifest()
    assert manifest is not None and manifest.documents == ["x-KH-UBND-ha-nam-2024-a382d3c1"]


def test_an_interrupted_load_leaves_the_previous_generation_current(tmp_path, corpus_dir):
    store = GraphStore(tmp_path / "s")
    ingest([corpus_dir / "001_425aa0aa3f386de7.txt"], store)
    before = _dump(store)
    (tmp_path / "s" / ".gen-999.partial").mkdir()
    (tmp_path / "s" / ".gen-999.partial" / "junk").write_text("half-written")
    assert _dump(store) == before
    ingest([corpus_dir], store)
    assert not list((tmp_path / "s").glob(".gen-*.partial"))


def _dump(store: GraphStore) -> set[str]:
    ox = store.open_current()
    return {str(q) for q in ox}


def test_the_parts_loaded_side_by_side_make_the_whole_graph(tmp_path, extractions):
    """Both ways into a generation load their N-Quads in parts at once: cut into byte ranges, or
    dealt out line by line as they are written. Either way the store holds every quad, once."""
    records = list(extractions.values())
    data = nquads(records)
    from_bytes, from_lines = GraphStore(tmp_path / "bytes"), GraphStore(tmp_path / "lines")
    from_bytes.write_generation(data, records, 0.0)
    from_lines.write_generation(lambda out: write_nquads(records, out), records, 0.0)
    assert _dump(from_bytes) == _dump(from_lines)
    assert len(from_bytes.open_current()) == data.count(b"\n")


def test_store_and_rdflib_views_hold_the_same_quads(loaded_store, extractions):
    ds = build(extractions.values())
    assert len(loaded_store.open_current()) == len(list(ds.quads((None, None, None, None))))


@pytest.fixture(scope="module")
def generated_plans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Twelve generated documents, parents before the plans that implement them."""
    out = tmp_path_factory.mktemp("gen")
    generate(out, 12, seed=3)
    return sorted((out / "corpus").glob("*.txt"))


def test_a_plan_citing_an_already_loaded_document_is_accepted(tmp_path, generated_plans):
    """Each load validates only the new document, against what the store already holds: a citation
    of a loaded document finds it a document. One by one gives the graph of one load."""
    one_by_one = GraphStore(tmp_path / "one-by-one")
    for path in generated_plans:
        ingest([path], one_by_one)
    records = {ex.document.id: ex for ex in one_by_one.records()}
    assert any(r.id in records and r.id != ex.document.id for ex in records.values() for r in ex.references)
    at_once = GraphStore(tmp_path / "at-once")
    ingest(generated_plans, at_once)
    assert one_by_one.fingerprint() == at_once.fingerprint()


def test_extraction_side_by_side_gives_what_one_process_gives(tmp_path, generated_plans):
    """This process and two children share the files: the same records and outcomes, in the order
    of the files, with a file that cannot be read in its place; each file is reported once, and
    the collector is left as it was."""
    unreadable = tmp_path / "unreadable.txt"
    unreadable.write_bytes(b"\x00\x01 no text here")
    files = [*generated_plans[:6], unreadable, *generated_plans[6:]]
    alone = extract_all(files, workers=1)
    seen: list[Path] = []
    together = extract_all(files, seen.append, workers=3)
    assert together == alone
    assert [o.file for o in together[1]] == [str(f) for f in files] and together[1][6].error
    assert sorted(seen) == sorted(files)
    assert gc.get_freeze_count() == 0


def test_an_extraction_worker_that_dies_is_a_clear_error(generated_plans, monkeypatch):
    import graph.ingest as ingest_module
    monkeypatch.setattr(ingest_module, "_extract_chunk", _die)
    with pytest.raises(StoreError, match="worker process died during extraction"):
        extract_all(generated_plans, workers=2)
    assert gc.get_freeze_count() == 0


def test_validation_in_small_passes_covers_every_document(extractions):
    changed = sorted(extractions.values(), key=lambda e: e.document.id)
    groups = list(passes(changed, items=50))
    assert len(groups) > 1 and [ex for g in groups for ex in g] == changed
    report = validate_changes(changed, [Footprint.of(ex) for ex in changed], items=50)
    assert report.conforms and report.results == 0



def test_validation_passes_in_worker_processes_find_what_one_process_finds(extractions):
    """Two broken documents in different passes (a task in a section the document does not
    have): the passes validated side by side report both, as the passes validated in turn do."""
    changed = sorted(extractions.values(), key=lambda e: e.document.id)
    broken = [ex.model_copy(update={"tasks": (ex.tasks[0].model_copy(update={"section": "no-such-section"}),
                                              *ex.tasks[1:])}) if i in (0, len(changed) - 1) else ex
              for i, ex in enumerate(changed)]
    footprints = [Footprint.of(ex) for ex in broken]
    one = validate_changes(broken, footprints, items=50)
    two = validate_changes(broken, footprints, items=50, workers=2)
    assert not one.conforms and one.results >= 2
    assert (two.conforms, two.results) == (one.conforms, one.results)


def test_a_validation_worker_that_dies_is_a_clear_error(extractions, monkeypatch):
    """A worker killed mid-pass (as by the kernel when memory runs out) fails the load with a
    short message; it never hangs and never reaches the user as a traceback."""
    import graph.ingest as ingest_module
    monkeypatch.setattr(ingest_module, "_validate_pass", _die)
    changed = sorted(extractions.values(), key=lambda e: e.document.id)
    with pytest.raises(StoreError, match="worker process died during validation"):
        validate_changes(changed, [Footprint.of(ex) for ex in changed], items=50, workers=2)


def _die(group: object) -> None:
    os._exit(1)
