"""The change feed records every change to the store, and removing a document undoes it.

One store lives through a short history on the real corpus: two plans arrive, then a third, then
Hải Phòng's plan comes again without the duties of its military command, then Hà Nam's plan is
removed. The log says exactly that, in that order, with each file's sha256 and what each change
gained and lost; a load that fails records nothing; the store after a removal is the store a full
build from the other files gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph import changes
from graph import store as store_module
from graph.changes import Action, Change
from graph.ingest import ingest, remove
from graph.store import GraphStore
from policygraph.errors import BadRequest, NotFound, StoreError
from tests.conftest import CORPUS, FILES

HAI_DUONG, HA_NAM, HAI_PHONG = (CORPUS / FILES[k] for k in ("hai_duong", "ha_nam", "hai_phong"))
MILITARY_DUTIES = "### **9. Bộ Chỉ huy Quân sự thành phố**"
NEXT_DUTIES = "### **10. "


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def without_military_duties(folder: Path) -> Path:
    """Hải Phòng's plan under its own file name, re-issued without section IV.9 (the city military
    command hosts one task there, with the labour department, the city's departments and its
    localities as coordinators)."""
    text = HAI_PHONG.read_text(encoding="utf-8")
    start, end = text.index(MILITARY_DUTIES), text.index(NEXT_DUTIES)
    folder.mkdir()
    changed = folder / HAI_PHONG.name
    changed.write_text(text[:start] + text[end:], encoding="utf-8")
    return changed


@dataclass
class History:
    store: GraphStore
    revised: Path
    generations: list[str]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = tmp_path_factory.mktemp("history")
    store = GraphStore(root / "store")
    revised = without_military_duties(root / "revised")
    steps = [lambda: ingest([HAI_DUONG, HA_NAM], store), lambda: ingest([HAI_PHONG], store),
             lambda: ingest([revised], store), lambda: remove([str(HA_NAM)], store)]
    generations = []
    for step in steps:
        result = step()
        assert result.manifest is not None
        generations.append(result.manifest.generation)
    return History(store, revised, generations)


def log(store: GraphStore) -> list[Change]:
    return changes.read(store.current_dir())


def test_the_log_says_what_each_load_did_in_order(history):
    entries = log(history.store)
    assert [(c.seq, c.action, c.document) for c in entries] == [
        (1, Action.ADDED, "20-CTr-TU-hai-duong-2021"),
        (2, Action.ADDED, "x-KH-UBND-ha-nam-2024-a382d3c1"),
        (3, Action.ADDED, "113-KH-UBND-hai-phong-2022"),
        (4, Action.REPLACED, "113-KH-UBND-hai-phong-2022"),
        (5, Action.REMOVED, "x-KH-UBND-ha-nam-2024-a382d3c1"),
    ]
    first, second, third, fourth = history.generations
    assert [c.generation for c in entries] == [first, first, second, third, fourth]
    assert entries[0].at == entries[1].at <= entries[2].at <= entries[3].at <= entries[4].at


def test_each_entry_names_its_file_by_name_and_sha256(history):
    entries = log(history.store)
    assert [(c.file, c.sha256) for c in entries] == [
        (HAI_DUONG.name, sha256(HAI_DUONG)), (HA_NAM.name, sha256(HA_NAM)), (HAI_PHONG.name, sha256(HAI_PHONG)),
        (HAI_PHONG.name, sha256(history.revised)), (HA_NAM.name, sha256(HA_NAM))]
    assert entries[3].previous_sha256 == sha256(HAI_PHONG)
    assert all(c.previous_sha256 is None for c in entries if c.action is not Action.REPLACED)


def test_an_added_document_gains_all_its_tasks_and_a_removed_one_loses_them(history, extractions):
    added_ha_nam, removed_ha_nam = log(history.store)[1], log(history.store)[4]
    ha_nam = extractions["ha_nam"]
    assignments = {(t.id, a.agency.id, a.role) for t in ha_nam.tasks for a in t.assignments}
    assert (added_ha_nam.tasks_gained, added_ha_nam.tasks_lost) == (len(ha_nam.tasks), 0)
    assert (added_ha_nam.assignments_gained, added_ha_nam.assignments_lost) == (len(assignments), 0)
    assert (removed_ha_nam.tasks_gained, removed_ha_nam.tasks_lost) == (0, len(ha_nam.tasks))
    assert (removed_ha_nam.assignments_gained, removed_ha_nam.assignments_lost) == (0, len(assignments))
    assert removed_ha_nam.province == added_ha_nam.province == "ha-nam"


def test_a_replaced_document_counts_only_what_its_new_text_dropped(history):
    replaced = log(history.store)[3]
    assert (replaced.tasks_gained, replaced.tasks_lost, replaced.tasks_changed) == (0, 1, 0)
    assert (replaced.assignments_gained, replaced.assignments_lost) == (0, 4)
    assert replaced.agencies == ("bo-chi-huy-quan-su.hai-phong", "group-dia-phuong.hai-phong",
                                 "group-so-ban-nganh.hai-phong", "so-lao-dong-tbxh.hai-phong")
    assert replaced.province == "hai-phong"


def test_loading_a_file_again_unchanged_records_nothing(tmp_path, history):
    store = GraphStore(Path(shutil.copytree(history.store.root, tmp_path / "store")))
    result = ingest([HAI_DUONG], store)
    assert result.changes == []
    assert log(store) == log(history.store)


@pytest.mark.parametrize(("step", "replace"), [("_fill", True), ("_link_tree", False)],
                         ids=["a whole generation", "a change to the current one"])
def test_a_load_that_fails_records_nothing(tmp_path, history, monkeypatch, step, replace):
    store = GraphStore(Path(shutil.copytree(history.store.root, tmp_path / "store")))

    def disk_full(*args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, step, disk_full)
    with pytest.raises(StoreError):
        ingest([HA_NAM], store, replace=replace)
    assert log(store) == log(history.store)
    assert store.fingerprint() == history.store.fingerprint()


def test_since_and_filters_pick_the_changes_asked_for(history):
    entries = log(history.store)
    assert changes.since(entries, after=3) == entries[3:]
    assert changes.since(entries, entries[2].at) == [c for c in entries if c.at >= entries[2].at]
    assert changes.since(entries, dt.datetime(2999, 1, 1)) == []
    assert [c.seq for c in changes.concerning(entries, provinces={"ha-nam"})] == [2, 5]
    assert [c.seq for c in changes.concerning(entries, agency="bo-chi-huy-quan-su.hai-phong")] == [3, 4]
    assert changes.concerning(entries, provinces={"ha-nam"}, agency="bo-chi-huy-quan-su.hai-phong") == []


def test_removing_a_document_gives_the_store_a_full_build_of_the_others_gives(tmp_path, history):
    full = GraphStore(tmp_path / "full")
    ingest([HAI_DUONG, history.revised], full, replace=True)
    assert history.store.fingerprint() == full.fingerprint()
    assert sorted(e.document.id for e in history.store.records()) == sorted(e.document.id for e in full.records())


def test_removing_from_the_whole_corpus_equals_building_without_it(tmp_path, loaded_store):
    store = GraphStore(Path(shutil.copytree(loaded_store.root, tmp_path / "store")))
    result = remove(["9491-KH-UBND-dong-nai-2021"], store)
    assert [(c.action, c.document) for c in result.changes] == [(Action.REMOVED, "9491-KH-UBND-dong-nai-2021")]
    full = GraphStore(tmp_path / "full")
    ingest([CORPUS / name for key, name in FILES.items() if key != "dong_nai"], full, replace=True)
    assert store.fingerprint() == full.fingerprint()


def test_a_document_is_named_by_id_file_content_or_file_name(tmp_path, history):
    store = GraphStore(Path(shutil.copytree(history.store.root, tmp_path / "store")))
    assert remove([HAI_DUONG.name], store).changes[0].document == "20-CTr-TU-hai-duong-2021"
    assert remove([str(history.revised)], store).changes[0].document == "113-KH-UBND-hai-phong-2022"
    emptied = store.manifest()
    assert emptied is not None and emptied.documents == []


def test_removing_what_is_not_loaded_removes_nothing(tmp_path, history):
    store = GraphStore(Path(shutil.copytree(history.store.root, tmp_path / "store")))
    before = store.fingerprint()
    with pytest.raises(NotFound):
        remove(["20-CTr-TU-hai-duong-2021", "no-such-document"], store)
    assert store.fingerprint() == before
    assert log(store) == log(history.store)


def test_a_file_name_loaded_twice_must_be_named_by_id(tmp_path, history):
    store = GraphStore(Path(shutil.copytree(history.store.root, tmp_path / "store")))
    twin = tmp_path / "twin"
    twin.mkdir()
    shutil.copy(HA_NAM, twin / HAI_DUONG.name)
    ingest([twin / HAI_DUONG.name], store)
    with pytest.raises(BadRequest):
        remove([HAI_DUONG.name], store)


def test_the_command_line_removes_and_lists_changes(tmp_path, history):
    from typer.testing import CliRunner

    from policygraph.cli import app

    root = shutil.copytree(history.store.root, tmp_path / "store")
    runner = CliRunner()
    removed = runner.invoke(app, ["remove", HAI_DUONG.name, "--store", str(root)])
    assert removed.exit_code == 0, removed.output
    listed = runner.invoke(app, ["changes", "--format", "json", "--province", "hai-duong", "--store", str(root)])
    assert [(c["seq"], c["action"]) for c in json.loads(listed.stdout)] == [(1, "added"), (6, "removed")]
    missing = runner.invoke(app, ["remove", "no-such-document", "--store", str(root)])
    assert missing.exit_code == 2 and "no loaded document" in missing.output
    assert runner.invoke(app, ["changes", "--since", "yesterday", "--store", str(root)]).exit_code == 2
