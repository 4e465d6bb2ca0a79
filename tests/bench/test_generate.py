"""The synthetic corpus generator and the accuracy it measures.

Thresholds are the F1 measured on tier M (seed 1) and on the real corpus, less a margin: the loader
may get better, never quietly worse, and a generator change that makes its truth disagree with its
own text fails here too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.accuracy import HAND_FLOOR, SYNTHETIC_FLOOR, read_corpus, score
from bench.annotated import score as score_by_hand
from bench.compose import GROUPS, PROBE_AGENCIES, PROVINCIAL_NAMES, Rand, agency_id, name_of
from bench.generate import generate
from bench.vocab import provinces_34, provinces_63
from loaders.registry import registry


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "tiny"
    generate(out, 20, seed=1)
    return out


def test_the_same_seed_writes_the_same_bytes(tiny: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, 20, seed=1)
    assert _tree(tiny) == _tree(again)


def test_another_seed_writes_another_corpus(tiny: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate(other, 20, seed=2)
    assert _tree(tiny / "corpus") != _tree(other / "corpus")


def test_the_truth_names_every_file_and_every_task_belongs_to_its_document(tiny: Path) -> None:
    docs = [json.loads(line) for line in (tiny / "truth" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert sorted(d["file"] for d in docs) == sorted(p.name for p in (tiny / "corpus").glob("*.txt"))
    ids = {d["file"]: d["id"] for d in docs}
    assert len(set(ids.values())) == len(ids), "document ids are unique"
    for line in (tiny / "truth" / "tasks.jsonl").read_text("utf-8").splitlines():
        task = json.loads(line)
        assert task["id"].startswith(ids[task["file"]] + ".")


def test_every_agency_spelling_the_generator_writes_is_one_the_registry_knows() -> None:
    """The truth assumes each spelling names its agency; probe agencies are the known exceptions."""
    reg, rng = registry(), Rand("spellings")
    for province in (*provinces_63()[:8], *provinces_34()[-4:]):
        scope = reg.provinces[province.id]
        for key in PROVINCIAL_NAMES:
            if key in PROBE_AGENCIES or province.name == "Huế":
                continue
            for _ in range(6):
                text = name_of(key, province, rng)
                found = reg.mentions(text, scope)
                assert [m.entry.ref(m.province).id for m in found] == [agency_id(key, province)], text
    assert GROUPS <= PROVINCIAL_NAMES.keys()


def _floors(result: dict[str, object], part: str, floor: dict[str, float]) -> None:
    scores = result[part] if isinstance(result[part], dict) else result["all"]
    low = {k: scores[k]["f1"] for k in floor if scores[k]["f1"] < floor[k]}  # type: ignore[index]
    assert not low, f"F1 below the measured floor: {low} (floors {floor})"


def test_the_loader_reads_a_generated_corpus_as_well_as_measured(tiny: Path) -> None:
    result = score(read_corpus(tiny), tiny / "truth")
    assert result["documents"] == 20
    _floors(result, "faithful", SYNTHETIC_FLOOR)


def test_the_loader_reads_the_corpus_as_the_hand_annotation_says(extractions) -> None:
    """The independent annotation of every target and assignment of the five files (tests/data/annotation)."""
    result = score_by_hand({ex.file.file: ex for ex in extractions.values()})
    figures = result["figures"]
    assert isinstance(figures, dict) and len(result["files"]) == 5  # type: ignore[arg-type]
    got = {**{k: figures[k] for k in HAND_FLOOR if k in figures}, "coordinators_f1": figures["coordinators"]["f1"]}
    low = {k: v for k, v in got.items() if v < HAND_FLOOR[k]}
    assert not low, f"below the floor: {low} (floors {HAND_FLOOR})"
    assert figures["targets_from_past_results"] == 0
