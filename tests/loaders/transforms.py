"""Disguises a clean document the way portal copies arrive, and the facts that must survive them.

Each transform is a small named function ``str -> str`` that keeps the document's meaning: a reader
that is robust to how documents travel yields the same facts (tasks, hosts, coordinators, targets,
references, header) from the original and from its disguise, up to line numbers. The banner and
page-marker wordings are our own, written in the style of Vietnamese legal portals.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable

from ontology.records import Extraction, Role

Transform = Callable[[str], str]

BANNER = (
    "Trang chủ | Văn bản pháp luật | Tin tức | Liên hệ",
    "Đăng nhập | Đăng ký tài khoản",
    "Bạn cần đăng nhập để xem toàn văn và tải văn bản gốc.",
    "Tìm kiếm văn bản",
    "Văn bản liên quan",
    "Lượt xem: 1.024",
)


def _is_row(line: str) -> bool:
    return line.count("\t") >= 2


def _wrap_line(line: str, width: int) -> list[str]:
    """Greedy wrap at spaces, as a portal's fixed-width view does; table rows stay whole."""
    if len(line) <= width or _is_row(line):
        return [line]
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    return out


def hard_wrap(width: int) -> Transform:
    """Lines longer than ``width`` broken at spaces, every piece on its own line."""
    def wrap(text: str) -> str:
        return "\n".join(piece for line in text.split("\n") for piece in _wrap_line(line, width))
    wrap.__name__ = f"hard_wrap_{width}"
    return wrap


def banner(text: str) -> str:
    """Site menu, log-in prompt and sidebar lines before the document."""
    return "\n".join(BANNER) + "\n" + text


def _header_end(lines: list[str]) -> int:
    """Index of the title line (KẾ HOẠCH, CHƯƠNG TRÌNH …): the header is what stands above it."""
    for i, line in enumerate(lines[:40]):
        words = line.strip(" *#").upper()
        if words.startswith(("KẾ HOẠCH", "CHƯƠNG TRÌNH", "QUYẾT ĐỊNH", "NGHỊ QUYẾT")) and line.strip(" *#").isupper():
            return i
    return 0


def header_cells(text: str) -> str:
    """The header's lines flattened into one row of ``|`` cells, as portals print the two columns."""
    lines = text.split("\n")
    end = _header_end(lines)
    cells = [line.strip() for line in lines[:end] if line.strip() and line.strip(" -*_") != ""]
    if not cells:
        return text
    return "\n".join([" | ".join(cells) + " |", *lines[end:]])


def eth_for_d(text: str) -> str:
    """Ð (U+00D0, Latin capital eth) typed for Đ."""
    return text.replace("Đ", "\u00d0")


def nbsp(text: str) -> str:
    """Every space a non-breaking space."""
    return text.replace(" ", "\u00a0")


def nfd(text: str) -> str:
    """Decomposed diacritics."""
    return unicodedata.normalize("NFD", text)


def crlf(text: str) -> str:
    """Windows line ends."""
    return text.replace("\n", "\r\n")


def zero_width(text: str) -> str:
    """A zero-width space after every fifth space and a BOM-like mark at the start."""
    out: list[str] = ["\ufeff"]
    spaces = 0
    for ch in text:
        out.append(ch)
        if ch == " ":
            spaces += 1
            if spaces % 5 == 0:
                out.append("\u200b")
    return "".join(out)


def page_breaks(text: str) -> str:
    """A form feed and a "Trang k/N" line every 40 lines, wherever they fall (mid-paragraph too)."""
    lines = text.split("\n")
    pages = len(lines) // 40 + 1
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and i % 40 == 0:
            out.extend(["\f", f"Trang {i // 40 + 1}/{pages}"])
        out.append(line)
    return "\n".join(out)


def portal_copy(text: str) -> str:
    """All at once, in the order a copy travels: wrapped, paged, bannered, then re-encoded."""
    for step in (hard_wrap(85), page_breaks, banner, eth_for_d, nbsp, nfd, crlf):
        text = step(text)
    return text


TRANSFORMS: tuple[Transform, ...] = (
    hard_wrap(60), hard_wrap(72), hard_wrap(85), hard_wrap(100), banner, header_cells, eth_for_d, nbsp,
    nfd, crlf, zero_width, page_breaks, portal_copy,
)


def _words(text: str) -> str:
    return " ".join(text.split())


def facts(ex: Extraction) -> Counter[tuple[str, ...]]:
    """What a user relies on, without line numbers or ids built from them."""
    out: Counter[tuple[str, ...]] = Counter()
    for task in ex.tasks:
        text = _words(task.text)
        out[("task", text)] += 1
        for a in task.assignments:
            if a.role in (Role.HOST, Role.COORDINATOR):
                out[(a.role.value, text, a.agency.id)] += 1
    for t in ex.targets:
        out[("target", t.indicator_id, t.comparator.value, str(t.value), str(t.value_max), t.unit,
             str(t.year))] += 1
    for r in ex.references:
        out[("reference", r.id, r.relation.value, r.subject)] += 1
    doc = ex.document
    out[("header", doc.kind, str(doc.number), str(doc.date), str(doc.province), doc.issuer_code)] += 1
    return out


def kept(original: Counter[tuple[str, ...]], disguised: Counter[tuple[str, ...]]) -> float:
    """The share of the original's facts the disguised copy still yields."""
    total = sum(original.values())
    return sum((original & disguised).values()) / total if total else 1.0
