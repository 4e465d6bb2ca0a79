"""What policygraph tells people in words: the warnings a reader raises about a document, the notes
of the 2025 succession and the provenance of reference facts, each as a Vietnamese template.

One table per kind of text. A row keeps the Vietnamese template people read (the page, ``GET
/documents/{id}``, ``policygraph ingest``), the same text in English for developers reading the
code and the logs, and example values that fill both (tests render every row, and check that the
two templates take the same values). Loaders name a row and give the values; they never write the
sentence themselves, so a warning reads the same wherever it is raised.

Values are what a person can look up: document symbols (42-NQ/TW) and dates as dd/mm/yyyy, never
internal ids.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass

from ontology.records import Source, WarningRecord


@dataclass(frozen=True)
class Message:
    """One text: ``code`` is the warning code it is filed under (several rows may share one)."""

    code: str
    vi: str
    en: str
    example: Mapping[str, str]

    def fields(self) -> tuple[set[str], set[str]]:
        """The values each template takes (the Vietnamese and the English must take the same)."""
        def names(template: str) -> set[str]:
            return {f for _, f, _, _ in string.Formatter().parse(template) if f}
        return names(self.vi), names(self.en)


def _m(code: str, vi: str, en: str, **example: str) -> Message:
    return Message(code, vi, en, example)


# The name of each kind of warning, as the page heads a row with it (the code stays for machines).
WARNING_KINDS: dict[str, str] = {
    "provision_without_text": "Mục chỉ có tiêu đề",
    "hard_wrapped": "Ngắt dòng cứng",
    "no_structure": "Không có mục đánh số",
    "citation_unresolved": "Không xác định được văn bản được dẫn",
    "citation_ambiguous": "Dẫn chiếu khớp nhiều văn bản",
    "citation_date_mismatch": "Ngày dẫn chiếu khác dữ liệu tham chiếu",
    "citation_date_conflict": "Các văn bản ghi ngày khác nhau",
    "citation_undated": "Dẫn chiếu không ghi ngày",
    "implements_mismatch": "Văn bản được thực hiện không thống nhất",
    "header_missing": "Thiếu phần đầu văn bản",
    "unnumbered": "Văn bản không số",
    "number_missing": "Không đọc được số hiệu",
    "number_from_preface": "Số hiệu lấy ngoài phần đầu",
    "date_missing": "Không đọc được ngày ban hành",
    "tasks_without_host": "Nhiệm vụ chưa rõ cơ quan chủ trì",
    "table_row_incomplete": "Dòng phụ lục thiếu nội dung",
}

# What a reader could not settle in a document, keyed by the message's name.
WARNINGS: dict[str, Message] = {
    "provision_without_text": _m(
        "provision_without_text",
        "Mục {path} chỉ có tiêu đề, bên dưới không có nội dung: không lấy nhiệm vụ nào từ mục này",
        "numbered provision {path} reads as a heading and has nothing under it: no task is taken from it",
        path="III.2"),
    "hard_wrapped": _m(
        "hard_wrapped",
        "Văn bản bị ngắt dòng cứng ở khoảng {width} ký tự: {count} chỗ xuống dòng trước chữ hoa hoặc sau dấu "
        "chấm được nối lại chỉ dựa vào độ dài dòng (lệnh policygraph extract --explain chỉ ra từng chỗ)",
        "the text is hard-wrapped at about {width} columns: {count} line breaks before a capital or after a "
        "full stop were read as wraps by their length alone (policygraph extract --explain shows each)",
        width="72", count="3"),
    "no_structure": _m(
        "no_structure",
        "Văn bản không có mục đánh số: chỉ đọc được phần đầu và đoạn mở đầu",
        "no numbered provisions: the document is read as a header and opening text only"),
    "citation_unresolved": _m(
        "citation_unresolved",
        "Văn bản dẫn chiếu nghị quyết Hội nghị Trung ương {plenum} chỉ bằng tên, không khớp văn bản nào đã biết",
        "name-only citation of the plenum {plenum} resolution matches no known document",
        plenum="lần thứ 5 khóa XI"),
    "citation_ambiguous": _m(
        "citation_ambiguous",
        "{symbol} được dẫn chiếu không kèm ngày ban hành và khớp nhiều văn bản đã biết (ban hành ngày {dates})",
        "{symbol} without a date matches several known documents (issued on {dates})",
        symbol="5-NQ/TW", dates="01/06/2012, 24/11/2023"),
    "citation_ambiguous_across_files": _m(
        "citation_ambiguous",
        "{symbol} được dẫn chiếu không kèm ngày ban hành; các tệp khác dẫn chiếu văn bản cùng số hiệu của "
        "nhiều năm ({years}), nên văn bản này được giữ riêng",
        "{symbol} is cited without a date; other files cite documents of that symbol from several years "
        "({years}), so it stays apart",
        symbol="20-CTr/TU", years="2016, 2021"),
    "citation_date_mismatch": _m(
        "citation_date_mismatch",
        "{symbol} được dẫn chiếu với ngày {cited}, dữ liệu tham chiếu ghi ngày {reference}",
        "{symbol} is cited with date {cited}, the reference gives {reference}",
        symbol="42-NQ/TW", cited="25/11/2023", reference="24/11/2023"),
    "citation_date_conflict": _m(
        "citation_date_conflict",
        "{symbol} được các tệp dẫn chiếu với các ngày khác nhau ({dates}); vẫn coi là một văn bản",
        "{symbol} is cited with the dates {dates} across files; it stays one document",
        symbol="113-CTr/TU", dates="03/06/2024, 30/06/2024"),
    "citation_undated": _m(
        "citation_undated",
        "{symbol} được dẫn chiếu không kèm ngày ban hành và không có trong các văn bản đã biết",
        "{symbol} is cited without a date and is not a known document",
        symbol="05-CT/TW"),
    "implements_mismatch": _m(
        "implements_mismatch",
        "Đoạn kết nói văn bản thực hiện {closing}, còn tiêu đề và phần mở đầu nói {title}",
        "the closing paragraph says the document implements {closing}, its title and opening say {title}",
        closing="43-NQ/TW", title="42-NQ/TW"),
    "header_missing": _m(
        "header_missing",
        "Không có phần đầu văn bản: chưa rõ loại văn bản hoặc cơ quan ban hành (văn bản bắt đầu mà không có "
        "số, ngày hay cơ quan ban hành)",
        "no document header: kind or issuer unknown (the text starts without number, date or issuer)"),
    "unnumbered": _m(
        "unnumbered",
        "Văn bản chưa có số (để trống hoặc là dự thảo)",
        "the document has no number (blank or draft)"),
    "number_missing": _m(
        "number_missing",
        "Nội dung văn bản không có số của chính văn bản; số được để trống",
        "the document's own number is not in its text; it is left unknown"),
    "number_from_preface": _m(
        "number_from_preface",
        "Số {symbol} được đọc từ {where} của trang, không phải từ phần đầu văn bản",
        "the number {symbol} is read from the page's {where}, not from a header",
        symbol="9491/KH-UBND", where="khối thông tin văn bản"),
    "date_missing": _m(
        "date_missing",
        "Nội dung văn bản không có ngày ban hành của chính văn bản (hoặc để trống); ngày được để trống",
        "the document's own date is not in its text (or is left blank); it is left unknown"),
    "tasks_without_host": _m(
        "tasks_without_host",
        "{count} nhiệm vụ không nêu cơ quan chủ trì và không có cơ quan chủ trì chung của văn bản (dòng {lines})",
        "{count} task(s) name no host and inherit none (lines {lines})",
        count="2", lines="48, 50"),
    "table_row_incomplete": _m(
        "table_row_incomplete",
        "Dòng của bảng phụ lục thiếu {missing}",
        "appendix row lacks {missing}",
        missing="cơ quan chủ trì"),
}

# Where a document's own number was found, in words (``metadata.OwnNumber.evidence``).
WHERE_WORDS: dict[str, str] = {
    "metadata block": "khối thông tin văn bản",
    "page title": "tiêu đề",
    "introduction": "phần giới thiệu",
}

# The columns of an appendix table a row can lack (``responsibility``), in words.
COLUMN_WORDS: dict[str, str] = {"host": "cơ quan chủ trì", "text": "nội dung nhiệm vụ"}

# Notes of the succession events the reference rows do not spell out themselves.
NOTES: dict[str, Message] = {
    "province_part_of": _m(
        "province-2025",
        "{name} trở thành một phần của {successor} từ ngày 01/07/2025",
        "{name} is part of {successor} from 1/7/2025",
        name="tỉnh Hà Nam", successor="tỉnh Ninh Bình"),
    "province_unchanged": _m(
        "province-2025",
        "{name} giữ nguyên khi sắp xếp đơn vị hành chính cấp tỉnh năm 2025",
        "{name} is left unchanged by the 2025 reorganisation of provinces",
        name="tỉnh Nghệ An"),
    "province_not_covered": _m(
        "province-2025",
        "Từ ngày 01/07/2025, 63 đơn vị hành chính cấp tỉnh còn 34; dữ liệu tham chiếu không nêu đơn vị kế thừa "
        "của {name}",
        "63 provincial units became 34 on 1/7/2025; the successor of {name} is not in the reference facts",
        name="tỉnh Bình Định"),
    "body_follows_province": _m(
        "province-2025",
        "{name} trở thành {successor} khi sáp nhập tỉnh",
        "{name} becomes {successor} as the provinces merge",
        name="Sở Y tế tỉnh Hải Dương", successor="Sở Y tế thành phố Hải Phòng"),
    "district_abolished": _m(
        "province-2025",
        "Cấp huyện kết thúc hoạt động từ ngày 01/07/2025 (chính quyền địa phương hai cấp); nhiệm vụ chuyển về "
        "các xã, phường mà dữ liệu tham chiếu không nêu tên",
        "the district level was abolished on 1/7/2025 (two-level local government); its work went to communes "
        "that the reference facts do not name"),
    "body_not_covered": _m(
        "province-2025",
        "Dữ liệu tham chiếu không nêu cơ quan nào đảm nhận công việc của {name} sau khi tỉnh trở thành một phần "
        "của {successor}",
        "the reference facts do not say which body carries the work of {name} after the province became part "
        "of {successor}",
        name="Các tổ chức phi chính phủ tỉnh Bình Phước", successor="tỉnh Đồng Nai"),
}

# The provenance of a fact taken from a reference file: what a source quote says instead of a raw row.
PROVENANCE: dict[str, Message] = {
    "reference_row": _m(
        "reference",
        "Theo dữ liệu tham chiếu ({file}, dòng {line}; nguồn: {source}): {statement}",
        "According to the reference data ({file}, line {line}; source: {source}): {statement}",
        file="ontology/reference/documents.csv", line="5", source="shared/reference/central-documents.md",
        statement="Văn bản 42-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương Đảng khóa XIII dẫn chiếu "
                  "văn bản 15-NQ/TW ngày 01/06/2012"),
    "reference_relation": _m(
        "reference",
        "Văn bản {symbol} ngày {date} của {issuer} {relation} văn bản {target}",
        "Document {symbol} of {date} by {issuer} {relation} document {target}",
        symbol="42-NQ/TW", date="24/11/2023", issuer="Ban Chấp hành Trung ương Đảng khóa XIII",
        relation="dẫn chiếu", target="15-NQ/TW ngày 01/06/2012"),
    "reference_missing": _m(
        "reference",
        "Dữ liệu tham chiếu ({file}) không có dòng nào về {name}",
        "The reference data ({file}) has no row for {name}",
        file="ontology/reference/provinces-2025.csv", name="tỉnh Bình Định"),
}

# How a reference row states one document's relation to another, in words (``ontology.records.Relation``).
RELATION_WORDS: dict[str, str] = {
    "implements": "thực hiện",
    "based_on": "được ban hành căn cứ",
    "amends": "sửa đổi, bổ sung",
    "continues": "tiếp tục thực hiện",
    "cites": "dẫn chiếu",
}


def render(table: Mapping[str, Message], key: str, **values: object) -> str:
    """The Vietnamese text of row ``key`` with ``values``; a missing value is a KeyError (a bug)."""
    return table[key].vi.format(**values)


def warning(key: str, source: Source | None, **values: object) -> WarningRecord:
    """The warning of row ``key`` of ``WARNINGS``, in Vietnamese, at ``source``."""
    return WarningRecord(code=WARNINGS[key].code, message=render(WARNINGS, key, **values), source=source)


def day(value: dt.date | str) -> str:
    """A date as people write it: 24/11/2023 (from a date or an ISO string)."""
    when = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return when.strftime("%d/%m/%Y")


def plenum_words(plenum: str) -> str:
    """ "XI-5" (term and plenum of the reference data) → "lần thứ 5 khóa XI"."""
    term, _, number = plenum.partition("-")
    return f"lần thứ {number} khóa {term}" if number else plenum
