"""Identity across files: the same cited document read in several files is one node."""

from __future__ import annotations

from loaders.extract import extract_bytes
from loaders.identity import resolve_identities
from ontology.records import Extraction

HEADER = """ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: {number}/KH-UBND | Yên Bái, ngày 05 tháng 4 năm 2022 |
KẾ HOẠCH
Triển khai công tác giảm nghèo
{basis}
I. MỤC TIÊU
1. Giảm tỷ lệ hộ nghèo.
"""


def plan(number: int, basis: str) -> Extraction:
    return extract_bytes(HEADER.format(number=number, basis=basis).encode(), f"plan-{number}.txt")


def cited_ids(ex: Extraction) -> set[str]:
    return {r.id for r in ex.references if r.symbol == "03-CT/TW"}


def test_an_undated_citation_joins_the_dated_one_of_another_file() -> None:
    dated = plan(1, "Căn cứ Chỉ thị số 03-CT/TW ngày 02/3/2022 của Ban Bí thư;")
    undated = plan(2, "Thực hiện Chỉ thị số 03-CT/TW của Ban Bí thư;")
    assert cited_ids(undated) == {"03-CT-TW-undated"}
    resolved = resolve_identities([dated, undated])
    assert cited_ids(resolved[0]) == cited_ids(resolved[1]) == {"03-CT-TW-2022"}
    assert resolve_identities(resolved) == resolved  # idempotent


def test_an_undated_citation_stays_apart_with_a_warning_when_years_conflict() -> None:
    exs = [plan(1, "Căn cứ Chỉ thị số 03-CT/TW ngày 02/3/2022 của Ban Bí thư;"),
           plan(2, "Căn cứ Chỉ thị số 03-CT/TW ngày 10/5/2016 của Bộ Chính trị;"),
           plan(3, "Thực hiện Chỉ thị số 03-CT/TW của Ban Bí thư;")]
    resolved = resolve_identities(exs)
    assert cited_ids(resolved[2]) == {"03-CT-TW-undated"}
    assert any(w.code == "citation_ambiguous" for w in resolved[2].warnings)
    assert cited_ids(resolved[0]) == {"03-CT-TW-2022"} and cited_ids(resolved[1]) == {"03-CT-TW-2016"}


def test_a_year_written_in_the_number_and_a_year_from_the_date_are_one_document() -> None:
    a = plan(1, "Thực hiện Quyết định số 1234/QĐ-TTg ngày 22/01/2021 của Thủ tướng Chính phủ;")
    b = plan(2, "Thực hiện Quyết định số 1234/2021/QĐ-TTg ngày 22 tháng 01 năm 2021 của Thủ tướng Chính phủ;")
    resolved = resolve_identities([a, b])
    ids = [{r.id for r in ex.references if r.number and r.number.startswith("1234")} for ex in resolved]
    assert ids[0] == ids[1] and len(ids[0]) == 1
    assert [r.symbol for r in resolved[1].references if r.number and r.number.startswith("1234")] == \
        ["1234/2021/QĐ-TTg"]  # each citation keeps the symbol as its file prints it


def test_loaded_documents_keep_their_ids() -> None:
    exs = [plan(1, "Căn cứ Chỉ thị số 03-CT/TW ngày 02/3/2022 của Ban Bí thư;"),
           plan(2, "Căn cứ Kế hoạch số 1/KH-UBND của Ủy ban nhân dân tỉnh Yên Bái;")]
    resolved = resolve_identities(exs)
    assert [ex.document.id for ex in resolved] == [ex.document.id for ex in exs]
    assert {r.id for r in resolved[1].references} >= {exs[0].document.id}


def test_two_dates_of_one_year_for_one_document_are_a_warning_not_two_nodes() -> None:
    exs = [plan(1, "Căn cứ Chỉ thị số 03-CT/TW ngày 02/3/2022 của Ban Bí thư;"),
           plan(2, "Căn cứ Chỉ thị số 03-CT/TW ngày 20/3/2022 của Ban Bí thư;")]
    resolved = resolve_identities(exs)
    assert cited_ids(resolved[0]) == cited_ids(resolved[1]) == {"03-CT-TW-2022"}
    assert all(any(w.code == "citation_date_conflict" for w in ex.warnings) for ex in resolved)
    assert resolve_identities(resolved) == resolved


def test_resolving_twice_adds_no_second_warning() -> None:
    exs = [plan(1, "Căn cứ Chỉ thị số 03-CT/TW ngày 02/3/2022 của Ban Bí thư;"),
           plan(2, "Căn cứ Chỉ thị số 03-CT/TW ngày 10/5/2016 của Bộ Chính trị;"),
           plan(3, "Thực hiện Chỉ thị số 03-CT/TW của Ban Bí thư;")]
    once = resolve_identities(exs)
    assert resolve_identities(once) == once
