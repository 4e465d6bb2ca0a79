"""Out-of-sample accuracy: real document heads as portals publish them (``../shared/real-dev``),
scored against values others read by hand (``bench/realdev.py``). The floors sit a little under
what the reader reaches, so a change that loses real-world forms fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import realdev

REAL_DEV = Path(__file__).parents[2].parent / "shared" / "real-dev"
# field → (precision, recall) floors
FLOORS = {"kind": (0.95, 0.92), "number": (0.97, 0.95), "date": (0.97, 0.95), "province": (0.95, 0.9),
          "parents": (0.95, 0.93), "hosts": (0.9, 0.9)}


@pytest.fixture(scope="module")
def scored() -> tuple[dict[str, object], list[str]]:
    assert (REAL_DEV / "expected.json").is_file(), f"real-dev is missing at {REAL_DEV}"
    return realdev.run(REAL_DEV)


def test_no_real_document_is_refused_and_nothing_is_invented(scored: tuple[dict[str, object], list[str]]) -> None:
    result, errors = scored
    assert result["refused"] == 0, [e for e in errors if e.startswith("[refused]")]
    assert result["invented"] == 0, [e for e in errors if "invented" in e]
    assert result["not_parents_as_parents"] == 0, [e for e in errors if "not_parent" in e]


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_each_field_holds_its_floor(scored: tuple[dict[str, object], list[str]], field: str) -> None:
    result, errors = scored
    figures = result[field]
    assert isinstance(figures, dict)
    precision, recall = FLOORS[field]
    mine = [e for e in errors if e.startswith(f"[{field}") or (field == "parents" and "parent" in e)]
    assert figures["precision"] >= precision, mine
    assert figures["recall"] >= recall, mine


def test_the_scorer_compares_symbols_in_their_normal_form() -> None:
    assert realdev.symbol_key("43-CTR/TU") == realdev.symbol_key("43-CTr/TU")
    assert realdev.symbol_key("154 /KH- UBND") == realdev.symbol_key("154/KH-UBND")
    assert realdev.symbol_key("11/NQ-TU") == realdev.symbol_key("11-NQ/TU")
    assert realdev.symbol_key("5556/QĐBYT") != realdev.symbol_key("5556/QĐ-BYT")


def test_an_invented_value_is_counted_apart_from_a_missed_one() -> None:
    expected: dict[str, dict[str, object]] = {
        "f.txt": {"kind": "Kế hoạch", "number": None, "date": None, "province": None, "parents": []}}
    got = {"f.txt": realdev.Reading(kind="KH", number=realdev.symbol_key("1/KH-UBND"), date="2024-01-01")}
    result, _ = realdev.score(got, expected)
    assert result["invented"] == 2
    number = result["number"]
    assert isinstance(number, dict) and number["precision"] == 0.0 and number["stated"] == 0
