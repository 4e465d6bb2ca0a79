"""Property-based specifications of number, date and citation parsing, and a fuzz of the loader."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.citations import Unit, find
from loaders.extract import extract_bytes
from loaders.numbers import parse_date, parse_number
from loaders.registry import registry
from ontology.records import Source
from policygraph.errors import InputError

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def vietnamese(n: int) -> str:
    """12392 → "12.392" (dots group thousands)."""
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=0, max_value=10**9))
def test_grouped_integers_parse_back(n):
    assert parse_number(vietnamese(n)) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_decimal_comma_parses_back(whole, frac):
    text = f"{vietnamese(whole)},{frac:02d}"
    assert parse_number(text) == float(f"{whole}.{frac:02d}")


@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31)), st.booleans(),
       st.booleans())
def test_dates_in_every_written_form_parse_back(day, words, pad):
    d = f"{day.day:02d}" if pad else str(day.day)
    m = f"{day.month:02d}" if pad else str(day.month)
    text = f"ngày {d} tháng {m} năm {day.year}" if words else f"ngày {d}/{m}/{day.year}"
    assert parse_date(f"Hà Nội, {text}") == day


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["NQ", "KL", "KH", "CTr", "CTR", "CT"]),
       st.sampled_from(["TW", "TU"]), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)),
       st.sampled_from(["", " ", "  "]))
def test_party_document_numbers_are_found_with_their_date(number, kind, issuer, day, space):
    text = f"Thực hiện Nghị quyết số {number}{space}-{space}{kind}/{issuer} ngày {day.day}/{day.month}/{day.year}"
    unit = Unit(text, lambda: Source(file="t", line_start=1, line_end=1, quote=text), "opening")
    found = find(unit, registry(), registry().provinces["ha-nam"])
    assert len(found) == 1
    assert (found[0].number, found[0].kind, found[0].date) == (str(number), "CTr" if kind == "CTR" else kind, day)


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["NQ-CP", "QĐ-TTg", "KH-UBND", "NĐ-CP"]),
       st.one_of(st.none(), st.integers(min_value=1990, max_value=2030)))
def test_state_document_numbers_keep_their_year_part(number, code, year):
    written = f"{number}/{year}/{code}" if year else f"{number}/{code}"
    text = f"Căn cứ Quyết định số {written} của Thủ tướng Chính phủ"
    unit = Unit(text, lambda: Source(file="t", line_start=1, line_end=1, quote=text), "body")
    found = find(unit, registry(), None)
    assert len(found) == 1
    assert found[0].number == (f"{number}/{year}" if year else str(number))


def _mutations(seed: int) -> bytes:
    rnd = random.Random(seed)
    files = sorted(CORPUS.glob("*.txt"))
    text = rnd.choice(files).read_text(encoding="utf-8")
    lines = text.splitlines()
    op = rnd.randrange(7)
    if op == 0:
        lines = lines[: rnd.randrange(len(lines) + 1)]
    elif op == 1:
        rnd.shuffle(lines)
    elif op == 2:
        k = rnd.randrange(len(lines))
        lines = lines[:k] + lines[k:k + 20] * 3 + lines[k:]
    elif op == 3:
        lines = [line.replace("\t", "", rnd.randrange(3)) for line in lines]
    elif op == 4:
        return text.encode("utf-8")[: rnd.randrange(len(text.encode()))]
    elif op == 5:
        data = bytearray(text.encode("utf-8"))
        for _ in range(rnd.randrange(1, 50)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        return bytes(data)
    else:
        lines = [("x" * rnd.randrange(10_000)) if rnd.random() < 0.05 else line for line in lines]
    return "\n".join(lines).encode("utf-8")


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32))
def test_the_loader_never_crashes_on_mutated_documents(seed):
    data = _mutations(seed)
    try:
        extract_bytes(data, "mutant.txt")
    except InputError as exc:
        assert str(exc).startswith("mutant.txt")


@settings(max_examples=150, deadline=5000)
@given(st.binary(max_size=4000))
def test_the_loader_never_crashes_on_random_bytes(data):
    try:
        extract_bytes(data, "random.bin")
    except InputError as exc:
        assert str(exc).startswith("random.bin")
