"""Document identity: kind + number + issuer (+ province for provincial issuers) + year.

Numbers collide (``68/NQ-CP`` of 2021 and of 2024; ``113-CTr/TU`` of two provinces), so an id is
never the number alone. Ids are ASCII, URL-safe and stable: the same document read twice, or
cited from another file, gets the same id (``42-NQ-TW-2023``, ``113-CTr-TU-ha-nam-2024``).
"""

from __future__ import annotations

import hashlib
import re

from loaders.registry import fold_chars, slug

# Issuer codes whose documents are provincial: the same number recurs in every province.
PROVINCIAL_ISSUERS = frozenset({"TU", "UBND", "HĐND", "BTV", "ĐU", "BCĐ"})

KIND_CLASSES: dict[str, str] = {
    "NQ": "Resolution", "KL": "Conclusion", "QĐ": "Decision", "KH": "Plan", "CTr": "Programme",
    "CT": "Directive", "NĐ": "Decree", "TT": "Circular", "HD": "Guidance",
}
KIND_WORDS: dict[str, str] = {
    "nghi quyet": "NQ", "ket luan": "KL", "quyet dinh": "QĐ", "ke hoach": "KH", "chuong trinh": "CTr",
    "chi thi": "CT", "nghi dinh": "NĐ", "thong tu": "TT", "huong dan": "HD",
}
# Codes as written in the wild (capitals, missing Đ) → canonical spelling.
_CODES = {"CTR": "CTr", "QD": "QĐ", "QĐ": "QĐ", "ND": "NĐ", "NĐ": "NĐ", "TTG": "TTg", "HDND": "HĐND",
          "HĐND": "HĐND", "DU": "ĐU", "ĐU": "ĐU"}


def normal_code(code: str) -> str:
    """Canonical spelling of a kind or issuer code ("CTR" → "CTr", "QD" → "QĐ", "TTG" → "TTg")."""
    code = code.strip().replace("Ð", "Đ")
    return _CODES.get(code.upper(), code.upper())


def kind_class(kind: str) -> str:
    return KIND_CLASSES.get(kind, "OtherDocument")


def is_provincial(issuer_code: str) -> bool:
    return issuer_code in PROVINCIAL_ISSUERS


def _ascii(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", code.replace("Đ", "D").replace("đ", "d")).strip("-")


def document_id(kind: str, number: str | None, issuer_code: str, province_id: str | None,
                year: int | None, *, disambiguator: str | None = None) -> str:
    """The stable id of a document.

    Numbers that carry their year (``20/2021/NĐ-CP``) need no year suffix; an unnumbered draft
    gets a short hash of its title so two drafts of one issuer and year stay apart.
    """
    parts = [_ascii(number) if number else "x", _ascii(kind), _ascii(issuer_code)]
    if is_provincial(issuer_code):
        parts.append(province_id or "unknown-province")
    if not (number and re.search(r"/\d{4}$", number)):
        parts.append(str(year) if year is not None else "undated")
    if disambiguator:
        parts.append(hashlib.sha256(slug(disambiguator).encode()).hexdigest()[:8])
    return "-".join(parts)


def kind_from_words(text: str) -> str | None:
    """The kind code of a kind word at the start of text ("Kế hoạch số …" → "KH")."""
    folded = fold_chars(text).lower()
    for word, code in KIND_WORDS.items():
        if folded.startswith(word):
            return code
    return None
