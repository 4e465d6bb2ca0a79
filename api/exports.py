"""An agency's assignments as files an office can file: CSV and Excel with Vietnamese headers.

The rows are the API's ``Assignment`` records; this module only decides how a person reads them:
which kind of assignment a row is (named in the document, given by its general clause, carried over
through the 2025 reorganisation with certainty, or possibly carried over because the task's field is
unknown), the document's symbol and title beside its id, the role in Vietnamese (the labels of the
ontology's role individuals), real booleans and dates in Excel, and cells a spreadsheet will not run
as formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from rdflib import RDFS, Graph, Literal

from api.models import Assignment, AssignmentKind
from graph.rdf import ROLE_TERMS
from ontology.records import Role

# the words the page and the exports use for each kind of row (api/static/app.js says the same)
KIND_WORDS = {
    AssignmentKind.NAMED: "Được giao trực tiếp",
    AssignmentKind.GENERAL_CLAUSE: "Giao chung theo văn bản",
    AssignmentKind.SUCCEEDED: "Kế thừa (chắc chắn)",
    AssignmentKind.POSSIBLE: "Có thể kế thừa (chưa rõ lĩnh vực)",
}


@cache
def role_labels() -> dict[str, str]:
    """role value → its Vietnamese label in the ontology ("cơ quan chủ trì" → "Chủ trì")."""
    onto = Graph().parse(data=resources.files("ontology").joinpath("policygraph.ttl").read_text("utf-8"),
                         format="turtle")
    out: dict[str, str] = {}
    for role in Role:
        for label in onto.objects(ROLE_TERMS[role], RDFS.label):
            if isinstance(label, Literal) and label.language == "vi":
                words = str(label).removeprefix("cơ quan ").strip()
                out[role.value] = words[:1].upper() + words[1:]
    return out


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable[[Assignment, Mapping[str, Any]], Any]


def _document(row: Assignment, docs: Mapping[str, Any]) -> Mapping[str, Any]:
    return docs.get(row.document_id) or {}


def _symbol(row: Assignment, docs: Mapping[str, Any]) -> str:
    doc = _document(row, docs)
    if doc.get("symbol"):
        return str(doc["symbol"])
    number = doc.get("number")
    return f"{number}/{doc.get('kind', '')}" if number else f"{doc.get('kind', '')} (không số)"


ORDINALS = ("", "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")


def section_words(task_id: str, document_id: str) -> str:
    """A task's section as officials write it, from its id (<document>.<path>[~n]): "P2.III.2.k" →
    "Phần thứ hai, mục III.2, điểm k" (the page writes it the same way: api/static/app.js)."""
    path = task_id.removeprefix(f"{document_id}.").split("~", 1)[0]
    parts = path.split(".")
    words = []
    if re.fullmatch(r"P\d+", parts[0]):
        n = int(parts.pop(0)[1:])
        words.append(f"Phần thứ {ORDINALS[n] if n < len(ORDINALS) else n}")
    letter = parts.pop() if len(parts) > 1 and re.fullmatch(r"[a-zđ]", parts[-1]) else None
    if parts:
        words.append(f"mục {'.'.join(parts)}")
    if letter:
        words.append(f"điểm {letter}")
    label = ", ".join(words)
    return label[:1].upper() + label[1:]


def _lines(row: Assignment, _: Mapping[str, Any]) -> str:
    if row.line_start is None:
        return ""
    return str(row.line_start) if row.line_end in (None, row.line_start) else f"{row.line_start}–{row.line_end}"


def _effective(row: Assignment, _: Mapping[str, Any]) -> dt.date | None:
    return dt.date.fromisoformat(row.effective[:10]) if row.effective else None


COLUMNS: tuple[Column, ...] = (
    Column("Loại giao việc", 30, lambda r, _: KIND_WORDS[r.kind]),
    Column("Vai trò", 16, lambda r, _: role_labels().get(r.role, r.role)),
    Column("Số hiệu văn bản", 18, _symbol),
    Column("Tên văn bản", 48, lambda r, d: _document(r, d).get("title") or ""),
    Column("Năm", 7, lambda r, d: _document(r, d).get("year")),
    Column("Mục", 22, lambda r, _: section_words(r.task_id, r.document_id)),
    Column("Nhiệm vụ", 70, lambda r, _: r.task_text),
    Column("Thời hạn", 18, lambda r, _: r.deadline or ""),
    Column("Đoạn trích nguồn", 60, lambda r, _: r.quote or ""),
    Column("Tệp nguồn", 28, lambda r, _: r.file or ""),
    Column("Dòng", 9, _lines),
    Column("Được giao qua nhóm", 28, lambda r, _: r.via_group_name or r.via_group or ""),
    Column("Đề nghị (ngoài quyền chỉ đạo)", 14, lambda r, _: r.requested),
    Column("Cơ quan văn bản nêu tên", 36, lambda r, _: r.origin_name or ""),
    Column("Ngày chuyển giao", 14, _effective),
    Column("Căn cứ chuyển giao", 36, lambda r, _: r.legal_basis or ""),
    Column("Mã nhiệm vụ", 30, lambda r, _: r.task_id),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: Any) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would be run as a formula (OWASP CSV injection)."""
    text = "" if value is None else "có" if value is True else "không" if value is False else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(rows: Iterable[Assignment], docs: Mapping[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([c.header for c in COLUMNS])
    for row in rows:
        writer.writerow([_safe_text(c.value(row, docs)) for c in COLUMNS])
    return "\ufeff" + buf.getvalue()


def xlsx_bytes(rows: Iterable[Assignment], docs: Mapping[str, Any], agency_name: str, day: dt.date) -> bytes:
    """A workbook with a title row (agency, date), a frozen header with filters, widths and real values."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nhiệm vụ"
    sheet.append([f"Nhiệm vụ của {agency_name} — tính đến ngày {day.strftime('%d/%m/%Y')}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_cell(c.value(row, docs)) for c in COLUMNS])
    for i, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = column.width
        for cell in sheet[letter][2:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _cell(value: Any) -> Any:
    """Booleans, numbers and dates stay typed; text is protected from being run as a formula."""
    if isinstance(value, bool | int | float | dt.date) or value is None:
        return value
    return _safe_text(value)
