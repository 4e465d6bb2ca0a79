"""The header as portals print it, and what the reader may and may not take from it.

Each fixture is a few made-up lines in one of the forms real pages take (cells split by "|",
one cell per line, place and date broken over lines, banners and metadata blocks first, a
PDF's text on one line, no header at all). A document's own number and date come only from its
own header or from a page block that names it; never from a document it cites."""

from __future__ import annotations

import datetime as dt

from loaders.extract import extract_bytes
from ontology.records import Extraction, Relation

BODY = "\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nTriển khai kịp thời, đồng bộ các nhiệm vụ.\n"


def read(text: str, name: str = "fixture.txt") -> Extraction:
    return extract_bytes(text.encode("utf-8"), name)


def codes(ex: Extraction) -> set[str]:
    return {w.code for w in ex.warnings}


def parents(ex: Extraction) -> set[str]:
    lineage = {Relation.IMPLEMENTS, Relation.BASED_ON, Relation.CONTINUES, Relation.AMENDS}
    return {r.symbol or r.id for r in ex.references if r.subject == ex.document.id and r.relation in lineage}


HEADER_IN_PIPE_CELLS = """ỦY BAN NHÂN DÂN
TỈNH YÊN BÁI
-------
|
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
|
Số: 417/KH-UBND
|
Yên Bái, ngày
12 tháng 10 năm 2023
|
KẾ HOẠCH
THỰC HIỆN CHƯƠNG TRÌNH SỐ 61-CTR/TU NGÀY 02/8/2023 CỦA TỈNH ỦY
Thực hiện Chương trình số 61-CTr/TU ngày 02/8/2023 của Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành Kế hoạch.
""" + BODY


def test_a_header_split_into_cells_one_per_line_gives_number_date_kind_and_province() -> None:
    ex = read(HEADER_IN_PIPE_CELLS)
    doc = ex.document
    assert (doc.kind, doc.symbol, doc.number, doc.date) == ("KH", "417/KH-UBND", "417", dt.date(2023, 10, 12))
    assert doc.province == "tỉnh Yên Bái"
    assert doc.id == "417-KH-UBND-yen-bai-2023"
    assert parents(ex) == {"61-CTr/TU"}


FLAT_ROWS_ISSUER_WITHOUT_PROVINCE = """Để xem toàn văn, vui lòng đăng ký gói dịch vụ của trang.
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 90 /KH- UBND | Cao Bằng, ngày 05 tháng 4 năm 2022 |
Căn cứ Quyết định số 1234/QĐ-TTg ngày 01/01/2022 của Thủ tướng Chính phủ;
""" + BODY


def test_an_issuer_cell_without_province_takes_it_from_the_place_line() -> None:
    doc = read(FLAT_ROWS_ISSUER_WITHOUT_PROVINCE).document
    assert doc.symbol == "90/KH-UBND"  # stray spaces removed
    assert doc.province == "tỉnh Cao Bằng"
    assert doc.date == dt.date(2022, 4, 5)
    assert doc.kind == "KH"  # no heading: the kind comes from the symbol


CENTRAL_BODY_IN_HANOI = """BỘ Y TẾ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 2077/BYT-KH-TC
V/v tổng kết 3 năm thực hiện Nghị quyết số 17-NQ/TW
Hà
Nội, ngày 14 tháng 02 năm 2022
Kính gửi: Các Bộ, ngành.
Bộ Y tế đề nghị các đơn vị báo cáo.
"""


def test_an_official_letter_has_no_kind_code_and_a_central_body_no_province() -> None:
    ex = read(CENTRAL_BODY_IN_HANOI)
    doc = ex.document
    assert (doc.kind, doc.symbol, doc.date) == ("CV", "2077/BYT-KH-TC", dt.date(2022, 2, 14))
    assert doc.province is None  # the place line names the capital, not the issuer's province
    assert doc.title.startswith("V/v tổng kết")
    assert parents(ex) == {"17-NQ/TW"}  # the subject line is the letter's title


DEPARTMENT_PLAN_WITHOUT_MOTTO = """UBND TỈNH LAI CHÂU
SỞ NỘI VỤ
Số: 1425 /KH-SNV
Lai Châu, ngày 05 tháng 7 năm 2022
KẾ HOẠCH
Thực hiện Kế hoạch số 133/KH-UBND ngày 20/4/2022 của Ủy ban nhân dân tỉnh, Sở Nội vụ ban hành Kế hoạch.
""" + BODY


def test_a_departments_plan_sits_in_the_province_of_its_place_line_and_cites_its_provinces_plan() -> None:
    """A department's code (SNV) is not a central body's: its place line gives the province, which
    the province's own plan it cites needs for its id."""
    ex = read(DEPARTMENT_PLAN_WITHOUT_MOTTO)
    assert (ex.document.id, ex.document.province) == ("1425-KH-SNV-2022", "tỉnh Lai Châu")
    assert [r.id for r in ex.references] == ["133-KH-UBND-lai-chau-2022"]


PARTY_PROGRAMME_IN_A_DASHED_PROVINCE = """TỈNH ỦY
*
Số 200-CTr/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Bà Rịa - Vũng Tàu, ngày 10 tháng 10 năm 2012
CHƯƠNG TRÌNH
thực hiện Nghị quyết số 15-NQ/TW ngày 01/6/2012 của Ban Chấp hành Trung ương Đảng khóa XI
""" + BODY


def test_a_place_whose_name_holds_a_dash_names_the_province() -> None:
    doc = read(PARTY_PROGRAMME_IN_A_DASHED_PROVINCE).document
    assert (doc.id, doc.province) == ("200-CTr-TU-ba-ria-vung-tau-2012", "tỉnh Bà Rịa - Vũng Tàu")


NO_HEADER_CITING_A_DATED_RESOLUTION = """NGHỊ QUYẾT
BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG THỰC HIỆN NGHỊ QUYẾT SỐ 17-NQ/TW NGÀY 03 THÁNG 7 NĂM 2022
CHÍNH PHỦ
Căn cứ Nghị quyết số 17-NQ/TW ngày 03 tháng 7 năm 2022 của Ban Chấp hành Trung ương;
""" + BODY


def test_a_document_without_a_header_gets_no_number_and_no_date_of_a_document_it_cites() -> None:
    ex = read(NO_HEADER_CITING_A_DATED_RESOLUTION)
    doc = ex.document
    assert doc.kind == "NQ"
    assert (doc.number, doc.symbol, doc.date) == (None, None, None)
    assert {"number_missing", "date_missing"} <= codes(ex)
    assert parents(ex) == {"17-NQ/TW"}


def test_an_unnumbered_document_keeps_a_stable_id_from_its_title() -> None:
    first = read(NO_HEADER_CITING_A_DATED_RESOLUTION).document.id
    assert first == read(NO_HEADER_CITING_A_DATED_RESOLUTION, "again.txt").document.id
    assert first.startswith("x-NQ-UNKNOWN-undated-")


METADATA_BLOCK_BEFORE_THE_HEADER = """Từ khoá: Số Hiệu, Tiêu đề hoặc Nội dung văn bản...
Đăng nhập
Số hiệu: 318/KH-UBND Loại văn bản: Kế hoạch
Nơi ban hành: Tỉnh Điện Biên Người ký: Nguyễn Văn A
Ngày ban hành: 07/09/2023 Ngày hiệu lực: Đã biết
ỦY BAN NHÂN DÂN
TỈNH ĐIỆN BIÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 318/KH-UBND
Điện Biên, ngày 07 tháng 9 năm 2023
KẾ HOẠCH
Triển khai công tác xã hội năm 2024
Thực hiện Quyết định số 1234/QĐ-TTg ngày 01/01/2022 của Thủ tướng Chính phủ.
""" + BODY


def test_a_metadata_block_agreeing_with_the_header_changes_nothing() -> None:
    ex = read(METADATA_BLOCK_BEFORE_THE_HEADER)
    assert (ex.document.symbol, ex.document.date) == ("318/KH-UBND", dt.date(2023, 9, 7))
    assert "number_from_preface" not in codes(ex)


PORTAL_TITLE_ONLY = """Tìm kiếm tin tức
Nghị quyết số 17-NQ/TW, ngày 3/7/2022, Hội nghị lần thứ năm Ban Chấp hành Trung ương về một vấn đề
Ngày cập nhật 09/9/2022
A - TÌNH HÌNH
1 - Những năm qua công tác này đạt nhiều kết quả.
"""


def test_a_portal_title_naming_the_page_document_gives_its_number_and_date_with_a_warning() -> None:
    ex = read(PORTAL_TITLE_ONLY)
    doc = ex.document
    assert (doc.kind, doc.symbol, doc.date) == ("NQ", "17-NQ/TW", dt.date(2022, 7, 3))
    assert "number_from_preface" in codes(ex)


SITE_INTRODUCTION = """Trang chủ
Chương trình thực hiện Chỉ thị 03-CT/TW của Ban Bí thư
Ngày cập nhật 30/10/2022
Ngày 12/9/2022, Tỉnh ủy Lào Cai đã ban hành Chương trình số 88-CTr/TU về thực hiện Chỉ thị 03-CT/TW.
CHƯƠNG TRÌNH
Thực hiện Chỉ thị 03-CT/TW, ngày 02/3/2022 của Ban Bí thư.
""" + BODY


def test_a_site_introduction_that_names_the_document_of_the_heading_gives_its_number() -> None:
    ex = read(SITE_INTRODUCTION)
    doc = ex.document
    assert (doc.kind, doc.symbol, doc.date) == ("CTr", "88-CTr/TU", dt.date(2022, 9, 12))
    assert doc.province == "tỉnh Lào Cai"
    assert parents(ex) == {"03-CT/TW"}


SIDEBAR_BEFORE_THE_HEADER = """- 1 Quyết định 555/QĐ-UBND năm 2019 về kế hoạch của tỉnh Hà Giang
- 2 Kế hoạch 42/KH-UBND năm 2020 của tỉnh Bắc Kạn
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 71/KH-UBND | Sơn La, ngày 29 tháng 4 năm 2021 |
Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ;
""" + BODY


def test_a_site_sidebar_is_neither_the_header_nor_a_parent() -> None:
    ex = read(SIDEBAR_BEFORE_THE_HEADER)
    assert (ex.document.symbol, ex.document.province) == ("71/KH-UBND", "tỉnh Sơn La")
    assert parents(ex) == {"28/NQ-CP"}


PDF_ON_ONE_LINE = ("Nội dung Text: Quyết định số 4021/2021/QĐ-BYT\n"
                   "  1. BỘ Y TẾ CỘNG HÒA XàHỘI CHỦ NGHĨA VIỆT NAM  Độc lập  Tự do  Hạnh phúc   Số: 4021/QĐBYT "
                   "Hà Nội, ngày 06 tháng 12 năm 2021    QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH BỘ TRƯỞNG BỘ Y TẾ "
                   "Căn cứ Nghị định số 11/2019/NĐCP ngày 20 tháng 6 năm 2019 của Chính phủ; Căn cứ Nghị quyết số "
                   "17NQ/TW ngày 03/7/2022 của Ban Chấp hành Trung ương;\n")


def test_a_pdf_text_on_one_line_restores_lost_hyphens_and_prefers_the_header_to_the_site_title() -> None:
    ex = read(PDF_ON_ONE_LINE)
    doc = ex.document
    assert (doc.kind, doc.symbol, doc.date, doc.province) == ("QĐ", "4021/QĐ-BYT", dt.date(2021, 12, 6), None)
    assert parents(ex) == {"11/2019/NĐ-CP", "17-NQ/TW"}


LITERAL_LINE_BREAKS = ("\\r\\n ỦY BAN NHÂN DÂN | \\r\\n CỘNG\\r\\n HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | \\r\\n\n"
                       "\\r\\n Số: 33/KH-UBND \\r\\n | \\r\\n Hà Giang, ngày 11 tháng 3 năm 2020 \\r\\n |\n"
                       "Thực hiện Quyết định số 1234/QĐ-TTg\\r\\nngày 25/12/2019 của Thủ tướng Chính phủ.\n" + BODY)


def test_literal_line_break_escapes_do_not_hide_the_header() -> None:
    doc = read(LITERAL_LINE_BREAKS).document
    assert (doc.symbol, doc.date, doc.province) == ("33/KH-UBND", dt.date(2020, 3, 11), "tỉnh Hà Giang")


def test_a_collectors_source_note_on_the_first_line_is_not_read_as_the_document() -> None:
    note = "# source: https://example.org/ke-hoach-19-KH-TW | document: Kế hoạch số 19-KH/TW ngày 27/11/2023\n"
    ex = read(note + "Thực hiện Nghị quyết số 17-NQ/TW, Bộ Chính trị ban hành Kế hoạch thực hiện như sau:\n" + BODY)
    assert (ex.document.symbol, ex.document.date) == (None, None)
    assert ex.document.kind == "KH"  # from "… ban hành Kế hoạch"


def test_the_heading_decides_the_kind_when_the_symbol_says_another() -> None:
    text = HEADER_IN_PIPE_CELLS.replace("Số: 417/KH-UBND", "Số: 417/QĐ-UBND")
    doc = read(text).document
    assert (doc.kind, doc.symbol) == ("KH", "417/QĐ-UBND")
    assert doc.id == "417-QD-UBND-yen-bai-2023"  # the id follows the symbol that others cite


def test_a_report_has_no_parents_and_a_submission_is_never_one() -> None:
    report = HEADER_IN_PIPE_CELLS.replace("Số: 417/KH-UBND", "Số: 417/BC-UBND").replace("KẾ HOẠCH\n", "BÁO CÁO\n")
    assert parents(read(report)) == set()
    proposal = FLAT_ROWS_ISSUER_WITHOUT_PROVINCE.replace(
        "Căn cứ Quyết định số 1234/QĐ-TTg ngày 01/01/2022 của Thủ tướng Chính phủ;",
        "Căn cứ Quyết định số 1234/QĐ-TTg ngày 01/01/2022 của Thủ tướng Chính phủ;\n"
        "Theo đề nghị của Sở Nội vụ tại Tờ trình số 19/TTr-SNV ngày 01/3/2022;")
    assert parents(read(proposal)) == {"1234/QĐ-TTg"}


def test_a_predecessor_narrated_as_issued_before_is_not_a_parent() -> None:
    text = FLAT_ROWS_ISSUER_WITHOUT_PROVINCE.replace(
        "Căn cứ Quyết định số 1234/QĐ-TTg ngày 01/01/2022 của Thủ tướng Chính phủ;",
        "Thực hiện Quyết định số 1234/QĐ-TTg ngày 01/01/2022 của Thủ tướng Chính phủ, UBND tỉnh đã ban hành "
        "Kế hoạch số 12/KH-UBND ngày 20/12/2016 về việc thực hiện Đề án giai đoạn 2016-2020.")
    assert parents(read(text)) == {"1234/QĐ-TTg"}


def test_a_dotted_date_in_a_citation_is_read() -> None:
    text = FLAT_ROWS_ISSUER_WITHOUT_PROVINCE.replace("ngày 01/01/2022 của Thủ tướng", "ngày 21.12.2021 của Thủ tướng")
    refs = [r for r in read(text).references if r.symbol == "1234/QĐ-TTg"]
    assert refs and refs[0].date == dt.date(2021, 12, 21)


def test_a_draft_with_a_blank_number_and_date_keeps_kind_issuer_and_year_only() -> None:
    text = HEADER_IN_PIPE_CELLS.replace("Số: 417/KH-UBND", "Số:      /KH-UBND").replace(
        "Yên Bái, ngày\n12 tháng 10 năm 2023", "Yên Bái, ngày     tháng     năm 2023")
    ex = read(text)
    doc = ex.document
    assert (doc.number, doc.symbol, doc.date, doc.year) == (None, None, None, 2023)
    assert (doc.kind, doc.issuer_code) == ("KH", "UBND")
    assert {"unnumbered", "date_missing"} <= codes(ex)


PLAN_WITHOUT_HEADER_UNDER_ITS_APPENDIX_HEADING = """KẾ HOẠCH
Phát triển công tác xã hội năm 2024
(Kèm theo Kế hoạch số 15/KH-UBND ngày 03/02/2024 của Ủy ban nhân dân tỉnh Yên Bái)
Thực hiện Chương trình phát triển công tác xã hội ban hành kèm theo Quyết định số 1234/QĐ-TTg ngày 22/01/2021.
""" + BODY


def test_an_appendix_heading_names_the_document_but_a_sentence_citing_an_annex_does_not() -> None:
    ex = read(PLAN_WITHOUT_HEADER_UNDER_ITS_APPENDIX_HEADING)
    assert (ex.document.symbol, ex.document.date) == ("15/KH-UBND", dt.date(2024, 2, 3))
    cited = NO_HEADER_CITING_A_DATED_RESOLUTION.replace(
        "Căn cứ Nghị quyết số 17-NQ/TW", "Căn cứ Chương trình ban hành kèm theo Quyết định số 1234/QĐ-TTg ngày "
        "22/01/2021; Nghị quyết số 17-NQ/TW")
    assert (read(cited).document.symbol, read(cited).document.date) == (None, None)


def test_a_line_after_the_heading_that_opens_with_another_documents_symbol_is_not_a_page_title() -> None:
    text = ("KẾ HOẠCH\nPhát triển công tác xã hội năm 2024\n"
            "Kế hoạch số 107/KH-UBND ngày 20/12/2016 của Ủy ban nhân dân tỉnh đã đạt nhiều kết quả.\n" + BODY)
    ex = read(text)
    assert (ex.document.symbol, ex.document.date) == (None, None)
    assert "number_missing" in codes(ex)


METADATA_TABLE_FLATTENED_ALONE = """Đang tải văn bản...
Số hiệu:
|
604/KH-UBND
|
Loại văn bản:
|
Kế hoạch
|
Nơi ban hành:
|
Tỉnh Hà Giang
|
Ngày ban hành:
|
15/06/2023
|
KẾ HOẠCH
Triển khai công tác xã hội năm 2023
Thực hiện Quyết định số 1234/QĐ-TTg ngày 22/01/2021 của Thủ tướng Chính phủ.
""" + BODY


def test_a_flattened_metadata_table_is_evidence_when_the_header_is_missing() -> None:
    ex = read(METADATA_TABLE_FLATTENED_ALONE)
    doc = ex.document
    assert (doc.symbol, doc.date, doc.province) == ("604/KH-UBND", dt.date(2023, 6, 15), "tỉnh Hà Giang")
    assert "number_from_preface" in codes(ex)


def _edges(ex: Extraction) -> set[tuple[str, str]]:
    """(implementer, implemented) by id without the year."""
    return {(r.subject.split("-20")[0], r.id.split("-20")[0])
            for r in ex.references if r.relation is Relation.IMPLEMENTS}


DEPARTMENT_PLAN_OF_A_CHAIN = """UBND TỈNH SƠN LA
SỞ KẾ HOẠCH VÀ ĐẦU TƯ
Số: 934/KH-SKHĐT
Sơn La, ngày 02 tháng 8 năm 2024
KẾ HOẠCH
Thực hiện Kế hoạch số 5262/KH-UBND ngày 20/7/2024 của Ủy ban nhân dân tỉnh triển khai thực hiện Nghị \
quyết số 68/NQ-CP ngày 09/5/2024 của Chính phủ ban hành Chương trình hành động thực hiện Nghị quyết số \
42-NQ/TW và Chương trình hành động số 97-CTr/TU ngày 31/5/2024 của Tỉnh ủy; Sở Kế hoạch và Đầu tư ban \
hành Kế hoạch.
""" + BODY


def test_a_citation_coordinated_with_a_nested_one_belongs_to_the_nearest_document_that_may_implement_it() -> None:
    """"… thực hiện A và B": B is coordinated with A under the same verb. The Government's resolution
    cannot implement the province's Party programme; the province's plan, which the first
    "thực hiện" nests both under, can."""
    edges = _edges(read(DEPARTMENT_PLAN_OF_A_CHAIN))
    assert edges == {("934-KH-SKHDT", "5262-KH-UBND-son-la"), ("5262-KH-UBND-son-la", "68-NQ-CP"),
                     ("68-NQ-CP", "42-NQ-TW"), ("5262-KH-UBND-son-la", "97-CTr-TU-son-la")}


DEPARTMENT_PLAN_OF_A_PROGRAMME = """UBND TỈNH HẢI DƯƠNG
SỞ GIÁO DỤC VÀ ĐÀO TẠO
Số: 1083/KH-SGDĐT
Hải Dương, ngày 06 tháng 3 năm 2013
KẾ HOẠCH
Thực hiện Kế hoạch số 1588/KH-UBND ngày 24/02/2013 của Ủy ban nhân dân tỉnh thực hiện Chương trình hành \
động số 221-CTr/TU ngày 18/9/2012 của Ban Chấp hành Đảng bộ tỉnh; Sở Giáo dục và Đào tạo ban hành Kế hoạch.
""" + BODY


def test_kind_words_between_thuc_hien_and_a_number_keep_the_citation_nested() -> None:
    edges = _edges(read(DEPARTMENT_PLAN_OF_A_PROGRAMME))
    assert edges == {("1083-KH-SGDDT", "1588-KH-UBND-hai-duong"), ("1588-KH-UBND-hai-duong", "221-CTr-TU-hai-duong")}
