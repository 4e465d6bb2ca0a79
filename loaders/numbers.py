"""Vietnamese numbers and dates as written in policy documents.

`.` groups thousands and `,` is the decimal mark ("12.392" = 12392, "75,1" = 75.1); dates come as
"24/11/2023", "09/5/2024", "05 tháng 11 năm 2020", or blank in drafts ("ngày   tháng   năm 2023").
"""

from __future__ import annotations

import re
from datetime import date

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_RE = re.compile(rf"^(?:{NUMBER})$")

DATE_SLASH = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
DATE_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
# "21.12.2021": a date written with dots, as some provinces type it in citations.
DATE_DOTTED = r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?!\d)"
DATE_RE = re.compile(rf"ngày\s+(?:{DATE_SLASH}|{DATE_WORDS})", re.IGNORECASE)
BLANK_DATE_RE = re.compile(r"ngày[\s.…_]*tháng[\s.…_]*năm\s+(\d{4})", re.IGNORECASE)
BARE_DATE_RE = re.compile(rf"\b{DATE_SLASH}\b")


def parse_number(text: str) -> float:
    """Parse one Vietnamese-formatted number; raise ValueError on anything else."""
    text = text.strip()
    if not _NUMBER_RE.match(text):
        raise ValueError(f"not a Vietnamese number: {text!r}")
    return float(text.replace(".", "").replace(",", "."))


def make_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first "ngày …" date in text, or None (also for blank draft dates)."""
    m = DATE_RE.search(text)
    if not m:
        return None
    d1, m1, y1, d2, m2, y2 = m.groups()
    return make_date(d1, m1, y1) if d1 else make_date(d2, m2, y2)


def blank_date_year(text: str) -> int | None:
    """The year of a draft's blank date ("ngày    tháng     năm 2023" → 2023)."""
    m = BLANK_DATE_RE.search(text)
    return int(m.group(1)) if m else None
