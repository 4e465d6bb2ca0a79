"""Metamorphic specification: a corpus file disguised the way portal copies arrive (hard-wrapped,
bannered, header flattened into cells, look-alike letters, invisible characters, other line ends,
page breaks) yields the same facts as the original, up to line numbers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from loaders.extract import extract_bytes
from tests.loaders import transforms
from tests.loaders.transforms import TRANSFORMS, Transform, facts, kept

CORPUS = sorted((Path(__file__).resolve().parents[2] / "corpus").glob("*.txt"))
FLOOR = 0.98  # the share of facts a disguise may not lose (issue 18: ">= 0.98 of the clean corpus's facts")


@pytest.fixture(scope="module")
def originals() -> dict[str, Counter[tuple[str, ...]]]:
    return {path.name: facts(extract_bytes(path.read_bytes(), path.name)) for path in CORPUS}


def _disguised(transform: Transform) -> dict[str, Counter[tuple[str, ...]]]:
    return {path.name: facts(extract_bytes(transform(path.read_text(encoding="utf-8")).encode(), path.name))
            for path in CORPUS}


def _share(original: dict[str, Counter[tuple[str, ...]]], other: dict[str, Counter[tuple[str, ...]]]) -> float:
    total = sum(sum(c.values()) for c in original.values())
    return sum(kept(original[name], other[name]) * sum(original[name].values()) for name in original) / total


def test_the_clean_corpus_has_facts_of_every_kind(originals: dict[str, Counter[tuple[str, ...]]]) -> None:
    kinds = {fact[0] for counter in originals.values() for fact in counter}
    assert kinds == {"task", "host", "coordinator", "target", "reference", "header"}


@pytest.mark.parametrize("transform", TRANSFORMS, ids=lambda t: t.__name__)
def test_a_disguised_copy_keeps_the_originals_facts_and_adds_none(
        transform: Transform, originals: dict[str, Counter[tuple[str, ...]]]) -> None:
    disguised = _disguised(transform)
    assert _share(originals, disguised) >= FLOOR
    assert _share(disguised, originals) >= FLOOR


def test_a_wrapped_task_quotes_exactly_the_file_lines_it_spans() -> None:
    path = CORPUS[1]
    wrapped = transforms.hard_wrap(72)(path.read_text(encoding="utf-8"))
    ex = extract_bytes(wrapped.encode(), path.name)
    lines = wrapped.split("\n")
    assert any(t.source.line_end > t.source.line_start for t in ex.tasks)
    for task in ex.tasks:
        quote = "\n".join(lines[task.source.line_start - 1:task.source.line_end]).strip()
        assert task.source.quote == quote[:2000]  # provenance quotes are capped at 2,000 characters
        assert " ".join(task.text.split())[:30] in " ".join(quote.split())
