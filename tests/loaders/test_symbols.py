"""The symbol grammar: the State's forms (NĐ 30/2020), the Party's (HD 36-HD/VPTW) and the ways
portals and PDF conversion damage them. Every string here is made up for the test."""

from __future__ import annotations

import pytest

from loaders.symbols import codes, find_symbols, parse_symbol, symbol_key


@pytest.mark.parametrize(("written", "symbol", "number", "kind", "issuer", "unit"), [
    # State, non-normative: số/LOẠI-CƠ QUAN
    ("731/KH-UBND", "731/KH-UBND", "731", "KH", "UBND", None),
    ("88/QĐ-TTg", "88/QĐ-TTg", "88", "QĐ", "TTg", None),
    ("4021/QĐ-BYT", "4021/QĐ-BYT", "4021", "QĐ", "BYT", None),
    ("19/TTr-SNV", "19/TTr-SNV", "19", "TTr", "SNV", None),
    # State, normative: số/năm/LOẠI-CƠ QUAN
    ("11/2019/NĐ-CP", "11/2019/NĐ-CP", "11/2019", "NĐ", "CP", None),
    ("7/2010/QĐ-BLĐTBXH", "7/2010/QĐ-BLĐTBXH", "7/2010", "QĐ", "BLĐTBXH", None),
    ("3/2022/NQ-HĐND", "3/2022/NQ-HĐND", "3/2022", "NQ", "HĐND", None),
    # National Assembly and its standing committee: the term stands in for kind and issuer
    ("61/2020/QH14", "61/2020/QH14", "61/2020", None, "QH14", None),
    ("5/2023/PL-UBTVQH15", "5/2023/PL-UBTVQH15", "5/2023", "PL", "UBTVQH15", None),
    # State, official letters: số/CƠ QUAN-ĐƠN VỊ, no kind code; a unit code may hold a hyphen
    ("612/LĐTBXH-BTXH", "612/LĐTBXH-BTXH", "612", None, "LĐTBXH", "BTXH"),
    ("2077/BYT-KH-TC", "2077/BYT-KH-TC", "2077", None, "BYT", "KH-TC"),
    ("95/UBDT-DTTS", "95/UBDT-DTTS", "95", None, "UBDT", "DTTS"),
    # Party: số-LOẠI/CƠ QUAN
    ("17-NQ/TW", "17-NQ/TW", "17", "NQ", "TW", None),
    ("206-CTr/TU", "206-CTr/TU", "206", "CTr", "TU", None),
    ("03-CT/TW", "03-CT/TW", "03", "CT", "TW", None),
])
def test_every_form_of_the_rules_is_read_into_its_parts(written: str, symbol: str, number: str,
                                                        kind: str | None, issuer: str, unit: str | None) -> None:
    parsed = parse_symbol(written)
    assert parsed is not None
    assert (parsed.text, parsed.number_with_year, parsed.kind, parsed.issuer, parsed.unit) == \
        (symbol, number, kind, issuer, unit)


@pytest.mark.parametrize(("written", "canonical"), [
    ("206-CTR/TU", "206-CTr/TU"),        # kind code in capitals
    ("88/QĐ-TTG", "88/QĐ-TTg"),
    ("51- CTr/TU", "51-CTr/TU"),         # a stray space after the dash
    ("260 /KH- UBND", "260/KH-UBND"),    # stray spaces around slash and dash
    ("3/2022/NQ- HĐND", "3/2022/NQ-HĐND"),
    ("731/QD-UBND", "731/QĐ-UBND"),      # Đ typed as D
    ("4021/QĐBYT", "4021/QĐ-BYT"),       # the hyphen lost in PDF conversion
    ("11/2019/NĐCP", "11/2019/NĐ-CP"),
    ("17NQ/TW", "17-NQ/TW"),
    ("9/NQ-TU", "9-NQ/TU"),              # a Party symbol printed in the State's order
])
def test_damaged_or_irregular_spellings_give_the_symbol_people_write(written: str, canonical: str) -> None:
    parsed = parse_symbol(written)
    assert parsed is not None and parsed.text == canonical


def test_a_number_with_a_letter_keeps_it() -> None:
    parsed = parse_symbol("41b/2009/NQ-CP")
    assert parsed is not None and parsed.number_with_year == "41b/2009"


@pytest.mark.parametrize("text", ["3 lần/tháng", "12/năm", "đạt 45%2 năm 2024", "giai đoạn 2016-20202.",
                                  "ngày 14/02/2022", "20KH/UBND"])
def test_things_that_only_look_like_symbols_are_not_read(text: str) -> None:
    assert list(find_symbols(text)) == []


def test_a_footnote_digit_glued_to_a_symbol_is_not_part_of_it() -> None:
    found = list(find_symbols("theo Nghị quyết số 52/NQ-CP3 của Chính phủ"))
    assert [s.text for s in found] == ["52/NQ-CP"]
    assert "theo Nghị quyết số 52/NQ-CP3"[found[0].start:found[0].end] == "52/NQ-CP"


def test_the_term_digits_of_the_national_assembly_are_part_of_its_code() -> None:
    assert [s.text for s in find_symbols("Nghị quyết số 61/2020/QH14 của Quốc hội")] == ["61/2020/QH14"]


def test_symbols_are_found_in_running_text_with_their_offsets() -> None:
    text = "Căn cứ Quyết định số 88/QĐ-TTg và Chỉ thị số 03-CT/TW; Công văn số 612/LĐTBXH-BTXH."
    found = list(find_symbols(text))
    assert [s.text for s in found] == ["88/QĐ-TTg", "03-CT/TW", "612/LĐTBXH-BTXH"]
    assert [text[s.start:s.end] for s in found] == ["88/QĐ-TTg", "03-CT/TW", "612/LĐTBXH-BTXH"]


def test_the_two_conventions_of_one_symbol_compare_equal() -> None:
    assert symbol_key("9/NQ-TU") == symbol_key("9-NQ/TU")
    assert symbol_key("206-CTR/TU") == symbol_key("206-CTr/TU")
    assert symbol_key("731/KH-UBND") != symbol_key("731/QĐ-UBND")


def test_every_code_of_the_reference_table_has_a_meaning_a_reason_and_an_example_it_reads() -> None:
    table = codes()
    assert {"NQ", "QĐ", "KH", "CTr", "NĐ", "TTr", "BC"} <= set(table.kinds.values())
    assert {"TW", "TU", "CP", "TTg", "UBND", "HĐND", "BYT", "LĐTBXH"} <= set(table.issuers.values())
    for code, meaning in table.meanings.items():
        assert meaning, code
    import csv

    from loaders.symbols import CODES_CSV
    with CODES_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert row["reason"] and row["example"], row["code"]
            parsed = parse_symbol(row["example"])
            assert parsed is not None, row["example"]
            if row["role"] == "kind" and row["code"] != "Luật":
                assert parsed.kind == row["code"], row["example"]
            if row["role"] == "issuer":
                assert parsed.issuer.startswith(row["code"]), row["example"]


def test_reports_and_submissions_are_outside_lineage_by_the_table() -> None:
    assert {"TTr", "BC"} <= codes().outside_lineage
    assert "KH" not in codes().outside_lineage
