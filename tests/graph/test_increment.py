"""A change to a loaded store is written as a change, and gives the store a full build gives.

Adding, replacing or removing a document writes into a copy of the current generation whose table
files and records are shared with it, and only the quads the change adds or removes. Whatever the
sequence of changes, the store then holds exactly the quads of a full build from the same files,
its word index finds what a full build's finds, and its assignment view holds the same rows.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from bench.generate import generate
from graph import assignmentview, claims, textindex
from graph.claims import FILE as CLAIMS
from graph.footprint import FILE as FOOTPRINTS
from graph.footprint import Footprint
from graph.ingest import ingest, remove
from graph.store import RECORD_INDEX, GraphStore
from graph.textindex import DELTA as TEXT_DELTA
from graph.textindex import FILE as TEXT_INDEX
from graph.textindex import TextIndex
from loaders.identity import resolve_identities
from tests.conftest import CORPUS, FILES

HA_NAM, HAI_PHONG, HAI_DUONG = (CORPUS / FILES[k] for k in ("ha_nam", "hai_phong", "hai_duong"))
# Words of the corpus that the word index is asked for: a body, a task's subject, an indicator, a
# word of only Hà Nam's plan, and a place.
WORDS = ("so lao dong", "nha o xa hoi", "bao hiem y te", "ha nam", "hai phong")


def shortened(path: Path, folder: Path) -> Path:
    """The same file under its own name, its middle tenth of lines dropped (tasks go, the header
    and so the document's id stay)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = len(lines) // 10
    middle = len(lines) // 2
    folder.mkdir(exist_ok=True)
    out = folder / path.name
    out.write_text("".join(lines[:middle] + lines[middle + cut:]), encoding="utf-8")
    return out


def full_build(files: list[Path], root: Path) -> GraphStore:
    store = GraphStore(root)
    ingest(files, store, replace=True)
    return store


def found(store: GraphStore) -> dict[str, set[str]]:
    generation = store.current_dir()
    assert generation is not None
    index = TextIndex.of(generation)
    assert index is not None
    answers = {}
    for words in WORDS:
        candidates = index.nodes(words)
        assert candidates is not None
        answers[words] = set(candidates.nodes)
    return answers


def viewed(store: GraphStore) -> list[assignmentview.Stored]:
    """The rows of the current generation's assignment view."""
    generation = store.current_dir()
    assert generation is not None
    return assignmentview.contents(generation)


def claimed(store: GraphStore) -> tuple[list[claims.Claim], list[tuple[str, int]], list[tuple[str, str]]]:
    """The claims, line counts and loaded documents of the current generation."""
    generation = store.current_dir()
    assert generation is not None
    return claims.contents(generation)


@pytest.fixture()
def corpus_store(tmp_path: Path, loaded_store: GraphStore) -> GraphStore:
    return GraphStore(Path(shutil.copytree(loaded_store.root, tmp_path / "store")))


def test_a_change_shares_the_previous_generation_s_files(corpus_store):
    before = corpus_store.current_dir()
    assert before is not None
    result = ingest([shortened(HAI_PHONG, corpus_store.root.parent / "revised")], corpus_store)
    after = corpus_store.current_dir()
    assert after is not None and after != before and result.manifest is not None
    assert "copy_store" in result.manifest.phases
    old_tables = {p.name: p.stat().st_ino for p in (before / "oxigraph").glob("*.sst")}
    shared = [p for p in (after / "oxigraph").glob("*.sst") if old_tables.get(p.name) == p.stat().st_ino]
    assert shared, "the new generation copied the store's table files instead of linking them"
    old_records = json.loads((before / RECORD_INDEX).read_text(encoding="utf-8"))
    new_records = json.loads((after / RECORD_INDEX).read_text(encoding="utf-8"))
    changed = result.changes[0].document
    old_records.pop(changed)
    assert new_records.pop(changed) not in old_records.values(), "the changed record is a new file"
    assert new_records == old_records, "the unchanged records are the files the previous generation holds"
    assert (after / CLAIMS).is_file()
    for index in (TEXT_INDEX, assignmentview.FILE, CLAIMS):
        assert (after / index).stat().st_ino == (before / index).stat().st_ino, f"{index} was not shared"


def test_a_word_index_without_a_delta_gets_one_and_a_long_delta_a_new_index(tmp_path, corpus_store, monkeypatch):
    """A generation of an older release holds the index alone: its first change shares it and
    starts a delta. Hà Nam's plan holds more than a tenth of the corpus's texts, so removing it
    hides more than a tenth of the base: with no floor (the corpus is far below the one a real
    store has), the change writes a whole new index, which finds what a full build's finds."""
    generation = corpus_store.current_dir()
    assert generation is not None
    (generation / TEXT_DELTA).unlink()
    ingest([shortened(HAI_PHONG, tmp_path / "revised")], corpus_store)
    second = corpus_store.current_dir()
    assert second is not None and (second / TEXT_DELTA).is_file()
    assert (second / TEXT_INDEX).stat().st_ino == (generation / TEXT_INDEX).stat().st_ino
    monkeypatch.setattr(textindex, "REWRITE_FLOOR", 0)
    remove([HA_NAM.name], corpus_store)
    third = corpus_store.current_dir()
    assert third is not None
    assert (third / TEXT_INDEX).stat().st_ino != (second / TEXT_INDEX).stat().st_ino
    others = [p for p in sorted(CORPUS.glob("*.txt")) if p not in (HAI_PHONG, HA_NAM)]
    full = full_build([*others, tmp_path / "revised" / HAI_PHONG.name], tmp_path / "full")
    assert found(corpus_store) == found(full)


def test_claims_past_a_share_of_their_base_are_folded_into_a_new_one(tmp_path, corpus_store, monkeypatch):
    """A change shares the claims' base and writes a delta; removing Hà Nam's plan hides a fifth of
    the corpus's claims, past a tenth of the base: with no floor (the corpus is far below the one
    a real store has), that change writes a base of its own, and the generation before keeps its
    own. Both hold the claims of full builds of their files."""
    ingest([shortened(HAI_PHONG, tmp_path / "revised")], corpus_store)
    second = corpus_store.current_dir()
    assert second is not None and (second / claims.DELTA).is_file()
    monkeypatch.setattr(claims, "COMPACT_FLOOR", 0)
    remove([HA_NAM.name], corpus_store)
    third = corpus_store.current_dir()
    assert third is not None
    assert (third / CLAIMS).stat().st_ino != (second / CLAIMS).stat().st_ino
    others = [p for p in sorted(CORPUS.glob("*.txt")) if p not in (HAI_PHONG, HA_NAM)]
    full = full_build([*others, tmp_path / "revised" / HAI_PHONG.name], tmp_path / "full")
    assert claimed(corpus_store) == claimed(full)
    before = full_build([*others, HA_NAM, tmp_path / "revised" / HAI_PHONG.name], tmp_path / "before")
    assert claims.contents(second) == claimed(before)


def test_replacing_removing_and_adding_again_equal_full_builds(tmp_path, corpus_store, loaded_store):
    revised = shortened(HAI_PHONG, tmp_path / "revised")
    others = [p for p in sorted(CORPUS.glob("*.txt")) if p not in (HAI_PHONG, HA_NAM)]

    ingest([revised], corpus_store)
    with_revised = full_build([*others, HA_NAM, revised], tmp_path / "full-revised")
    assert corpus_store.fingerprint() == with_revised.fingerprint()
    assert found(corpus_store) == found(with_revised)
    assert viewed(corpus_store) == viewed(with_revised)

    remove([str(HA_NAM)], corpus_store)
    without_ha_nam = full_build([*others, revised], tmp_path / "full-without")
    assert corpus_store.fingerprint() == without_ha_nam.fingerprint()
    assert found(corpus_store) == found(without_ha_nam)
    assert viewed(corpus_store) == viewed(without_ha_nam)

    ingest([HA_NAM, HAI_PHONG], corpus_store)
    assert corpus_store.fingerprint() == loaded_store.fingerprint()
    assert found(corpus_store) == found(loaded_store)
    assert viewed(corpus_store) == viewed(loaded_store)


def test_one_change_may_rewrite_other_documents_and_still_equals_a_full_build(tmp_path):
    """Hải Dương's programme cites documents that the others cite too; taking it out and putting
    it back changes what is known of them (their stubs, their dates) in the shared graphs."""
    files = sorted(CORPUS.glob("*.txt"))
    store = full_build(files, tmp_path / "store")
    remove([HAI_DUONG.name], store)
    without = full_build([p for p in files if p != HAI_DUONG], tmp_path / "without")
    assert store.fingerprint() == without.fingerprint() and viewed(store) == viewed(without)
    ingest([HAI_DUONG], store)
    again = full_build(files, tmp_path / "again")
    assert store.fingerprint() == again.fingerprint() and viewed(store) == viewed(again)


def undated_twin(path: Path, folder: Path) -> Path:
    """Hà Nam's plan as another plan of the province would cite the provincial programme: under its
    own number, and naming the programme (113-CTr/TU) without its date."""
    text = path.read_text(encoding="utf-8")
    assert "113-CTr/TU ngày 03/6/2024" in text and "Số: /KH-UBND" in text
    folder.mkdir(exist_ok=True)
    out = folder / "ha-nam-twin.txt"
    out.write_text(text.replace("113-CTr/TU ngày 03/6/2024", "113-CTr/TU").replace("Số: /KH-UBND", "Số: 27/KH-UBND"),
                   encoding="utf-8")
    return out


def test_a_document_that_dates_a_citation_rewrites_the_files_citing_it_undated(tmp_path):
    """While no file states the year of Hà Nam's programme 113-CTr/TU, the twin's citation of it
    stays apart; Hà Nam's plan states it, so loading the plan moves the twin's citation to the dated
    programme (the twin is written again), and removing the plan moves it back."""
    twin = undated_twin(HA_NAM, tmp_path / "twin")
    others = [p for p in sorted(CORPUS.glob("*.txt")) if p != HA_NAM]
    store = full_build([*others, twin], tmp_path / "store")
    ingest([HA_NAM], store)
    assert store.fingerprint() == full_build([*others, twin, HA_NAM], tmp_path / "with").fingerprint()
    remove([HA_NAM.name], store)
    assert store.fingerprint() == full_build([*others, twin], tmp_path / "without").fingerprint()


def test_a_generation_without_claims_is_changed_by_a_full_build(tmp_path, corpus_store, loaded_store):
    """A store written before claims (or footprints) were kept is still changed correctly, as a
    whole new generation, which keeps them from then on."""
    current = corpus_store.current_dir()
    assert current is not None
    (current / CLAIMS).unlink()
    result = remove([HA_NAM.name], corpus_store)
    assert result.manifest is not None and "copy_store" not in result.manifest.phases
    current = corpus_store.current_dir()
    assert current is not None and (current / CLAIMS).is_file()
    result = ingest([HA_NAM], corpus_store)
    assert result.manifest is not None and "copy_store" in result.manifest.phases
    assert corpus_store.fingerprint() == loaded_store.fingerprint()


def test_a_generation_with_footprints_only_gets_its_claims_from_them(tmp_path, corpus_store, loaded_store):
    """A store written by the release before claims were kept (each generation held its documents'
    footprints) is changed as a change, not rewritten whole."""
    current = corpus_store.current_dir()
    assert current is not None
    (current / CLAIMS).unlink()
    records = list(corpus_store.records())
    prints = [Footprint.of(ex, resolved) for ex, resolved in zip(records, resolve_identities(records), strict=True)]
    (current / FOOTPRINTS).write_bytes(TypeAdapter(list[Footprint]).dump_json(prints))
    result = remove([HA_NAM.name], corpus_store)
    assert result.manifest is not None and "copy_store" in result.manifest.phases
    others = [p for p in sorted(CORPUS.glob("*.txt")) if p != HA_NAM]
    assert corpus_store.fingerprint() == full_build(others, tmp_path / "without").fingerprint()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Sixteen generated documents: central resolutions, the Government's programme, provinces'
    Party programmes and plans citing them, of provinces merged on 1/7/2025 and of others (so
    citations resolve across files and assignments follow succession routes)."""
    out = tmp_path_factory.mktemp("generated")
    generate(out, 16, seed=11)
    return sorted((out / "corpus").glob("*.txt"))


def test_any_sequence_of_changes_equals_a_full_build_of_the_same_files(tmp_path, generated):
    """Documents come, change and go in a seeded random order; after every change the store holds
    what a full build from the files it then holds gives."""
    rnd = random.Random(20261203)
    store = GraphStore(tmp_path / "store")
    held: dict[str, Path] = {}
    ingest(generated[:4], store, replace=True)
    held.update({p.name: p for p in generated[:4]})
    for step in range(10):
        absent = [p for p in generated if p.name not in held]
        action = rnd.choice(["add", "add", "replace", "remove"] if absent else ["replace", "remove"])
        if action == "add":
            chosen = rnd.sample(absent, min(len(absent), rnd.randint(1, 3)))
            ingest(chosen, store)
            held.update({p.name: p for p in chosen})
        elif action == "replace":
            name = rnd.choice(sorted(held))
            held[name] = shortened(held[name], tmp_path / f"revised-{step}")
            ingest([held[name]], store)
        else:
            name = rnd.choice(sorted(held))
            remove([name], store)
            del held[name]
        full = full_build(list(held.values()), tmp_path / f"full-{step}")
        assert store.fingerprint() == full.fingerprint(), f"step {step}: {action} differs from a full build"
        assert viewed(store) == viewed(full), f"step {step}: {action} left the assignment view otherwise"
        assert claimed(store) == claimed(full), f"step {step}: {action} left the claims otherwise"
        assert found(store) == found(full), f"step {step}: {action} left the word index otherwise"
        assert _quads(store) == _quads(full), f"step {step}: the count of quads drifted"


def _quads(store: GraphStore) -> int:
    """The count the manifest records (a change adds its net count to the one before)."""
    manifest = store.manifest()
    assert manifest is not None
    return manifest.quads
