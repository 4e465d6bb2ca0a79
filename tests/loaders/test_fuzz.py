"""The loader fuzz at CI size: documents mutated from the corpus with the mutators of ``bench.fuzz``
(random bytes, truncations, shuffled and duplicated sections, broken tables, wrong encodings, extreme
lengths at a tenth of their size) are read, or refused with an error that names the file, in bounded
time; re-encoded documents read exactly as their originals. ``python -m bench.fuzz`` is the full run."""

from __future__ import annotations

import random
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.alarm import alarm
from bench.fuzz import HEAVY, MUTATORS, Input, Original, budget, is_clear, load_corpus, signature
from loaders.extract import extract_file
from ontology.records import Extraction
from policygraph.errors import PolicyGraphError

CORPUS = load_corpus()
LIGHT = sorted(kind for kind in MUTATORS if kind not in HEAVY)
SAME_TEXT = sorted(kind for kind, (_, _, same) in MUTATORS.items() if same)
TIME_LIMIT = 5.0  # CPU seconds per file, per MB and per 10,000 lines (as in bench.fuzz)
SMALL = {"huge_bytes": 400_000, "long_line_bytes": 100_000, "many_lines": 5_000, "deep": 1_200}


def read(data: bytes, folder: Path, name: str) -> Extraction | PolicyGraphError:
    """Extract one mutant from a file, as ingest does; a refusal must name the file and (unless the
    whole file is at fault) the line, and the reading must stay within its CPU budget (with four times
    that on the wall clock before it counts as hung)."""
    path = folder / name
    path.write_bytes(data)
    limit = budget(data, TIME_LIMIT)
    cpu = time.process_time()
    with alarm(4 * limit):  # a hang fails the test instead of the CI job
        try:
            result: Extraction | PolicyGraphError = extract_file(path)
        except PolicyGraphError as exc:
            assert is_clear(exc, name), f"the error does not name the file and line: {exc}"
            result = exc
    used = time.process_time() - cpu
    assert used < limit, f"{name}: {used:.1f} s of CPU for {len(data)} bytes (limit {limit:.1f} s)"
    return result


@cache
def original(name: str) -> Any:
    doc = next(d for d in CORPUS if d.name == name)
    return signature(extract_file(Path(__file__).resolve().parents[2] / "corpus" / doc.name))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(LIGHT), doc=st.sampled_from(CORPUS), seed=st.integers(0, 2**32 - 1))
def test_a_mutated_document_is_read_or_refused_naming_its_file(folder: Path, kind: str, doc: Original,
                                                                 seed: int) -> None:
    data = MUTATORS[kind][0](Input(random.Random(seed), doc, CORPUS))
    read(data, folder, f"{kind}-{seed}.txt")


@pytest.mark.parametrize("kind", sorted(HEAVY))
@pytest.mark.parametrize("seed", [1, 2])
def test_extreme_documents_are_read_in_time(folder: Path, kind: str, seed: int) -> None:
    rnd = random.Random(seed)
    data = MUTATORS[kind][0](Input(rnd, rnd.choice(CORPUS), CORPUS, **SMALL))
    read(data, folder, f"{kind}-{seed}.txt")


@pytest.mark.parametrize("kind", SAME_TEXT)
@pytest.mark.parametrize("doc", CORPUS, ids=lambda d: d.name[:3])
def test_the_same_text_in_another_encoding_reads_the_same(folder: Path, kind: str, doc: Original) -> None:
    data = MUTATORS[kind][0](Input(random.Random(kind), doc, CORPUS))
    result = read(data, folder, f"{kind}-{doc.name}")
    assert isinstance(result, Extraction), result
    assert signature(result) == original(doc.name)


def test_numbering_nested_deeper_than_the_recursion_limit_is_read(folder: Path) -> None:
    body = [".".join(["1"] * k) + ". Sở Y tế chủ trì" for k in range(2, 1500)]
    result = read("\n".join(["KẾ HOẠCH", "II. NHIỆM VỤ", *body]).encode(), folder, "deep.txt")
    assert isinstance(result, Extraction)
    assert len(result.sections) == 1 + len(body)


def test_a_number_repeated_thousands_of_times_keeps_short_distinct_paths(folder: Path) -> None:
    lines = ["KẾ HOẠCH", "I. NHIỆM VỤ", *["1. Sở Y tế chủ trì thực hiện."] * 5000]
    result = read("\n".join(lines).encode(), folder, "repeated.txt")
    assert isinstance(result, Extraction)
    paths = [s.path for s in result.sections]
    assert paths[1:7] == ["I.1", "I.1'", "I.1''", "I.1'''", "I.1'4", "I.1'5"]
    assert len(set(paths)) == len(paths) and max(map(len, paths)) <= len("I.1'4999")
