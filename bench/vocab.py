"""The words of the synthetic corpus: sentences harvested from the five real documents, the agencies
and provinces of the reference data, and the central documents a chain of plans starts from.

Harvested sentences are kept only when they name no agency, cite no document and sit outside the
objectives, so every role, citation and target in a generated document is one the generator placed
itself and wrote down in the ground truth. Everything here is deterministic: lists keep the order of
the files and of their lines, never the order of a set.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from loaders.citations import NUMBER_RE, PLENUM_RE
from loaders.layout import Layout, parse
from loaders.registry import registry
from loaders.targets import VALUE_RE
from loaders.text import fold, read_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REFERENCE = ROOT / "ontology" / "reference"

# Names of the five real provinces, replaced by the province of the generated document.
REAL_PROVINCES = ("Hải Dương", "Hà Nam", "Đồng Nai", "Hải Phòng", "Hậu Giang")
# Words that mark a body, a role or a reference: a sentence holding one could carry a fact the
# generator did not place, so it is not reused.
_UNSAFE = re.compile(
    r"\b(?:Sở|Ủy ban|Uỷ ban|UBND|UBMTTQ|MTTQ|Bộ [A-ZĐ]|Ban [A-ZĐ]|Thanh tra [tT]|Văn phòng [A-ZĐU]|Công an|"
    r"Hội [A-ZĐ]|Liên đoàn|Tỉnh đoàn|Thành đoàn|Mặt trận|Ngân hàng|Chính phủ|Thủ tướng|Quốc hội|Tỉnh ủy|"
    r"Tỉnh uỷ|Thành ủy|Hội đồng|Đảng đoàn|chủ trì|phối hợp với|giao cho|đề nghị|Phụ lục|phụ lục)\b|\(qua\b|"
    r"\b(?:Nghị quyết|Kế hoạch|Chương trình|Quyết định|Kết luận|Chỉ thị|Nghị định|Thông tư)\s+(?:số\s+)?\d")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])")


@dataclass(frozen=True)
class Province:
    """A provincial unit: the registry's id (documents and agencies are scoped by it), the name and
    unit word as written, and whether it is one of the 34 units formed on 1/7/2025."""

    id: str
    name: str
    unit: str
    merged_2025: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.unit} {self.name}"

    @property
    def party_committee(self) -> str:
        return "Thành ủy" if self.unit == "thành phố" else "Tỉnh ủy"

    @property
    def successor_id(self) -> str:
        return f"{self.id}-2025" if self.merged_2025 else self.id


@dataclass(frozen=True)
class CentralDocument:
    """A real central document of ``ontology/reference/documents.csv``, as documents cite it."""

    id: str
    word: str
    label: str
    date: tuple[int, int, int]
    issuer: str
    about: str


@dataclass(frozen=True)
class Vocabulary:
    task_runs: tuple[tuple[str, ...], ...]  # consecutive safe sentences of one real paragraph
    task_headings: tuple[str, ...]
    group_headings: tuple[str, ...]
    purposes: tuple[str, ...]
    requirements: tuple[str, ...]
    general_objectives: tuple[str, ...]
    visions: tuple[str, ...]
    viewpoints: tuple[str, ...]
    past: tuple[str, ...]
    past_headings: tuple[str, ...]
    shortfalls: tuple[str, ...]


# The 34 provincial units after 1/7/2025 (Resolution 202/2025/QH15), each named as the registry
# knows the pre-merger unit of the same name; Huế is named as written after 2025.
PROVINCES_2025: tuple[tuple[str, str, str], ...] = (
    ("ha-noi", "Hà Nội", "thành phố"), ("thua-thien-hue", "Huế", "thành phố"), ("lai-chau", "Lai Châu", "tỉnh"),
    ("dien-bien", "Điện Biên", "tỉnh"), ("son-la", "Sơn La", "tỉnh"), ("lang-son", "Lạng Sơn", "tỉnh"),
    ("quang-ninh", "Quảng Ninh", "tỉnh"), ("thanh-hoa", "Thanh Hóa", "tỉnh"), ("nghe-an", "Nghệ An", "tỉnh"),
    ("ha-tinh", "Hà Tĩnh", "tỉnh"), ("cao-bang", "Cao Bằng", "tỉnh"), ("tuyen-quang", "Tuyên Quang", "tỉnh"),
    ("lao-cai", "Lào Cai", "tỉnh"), ("thai-nguyen", "Thái Nguyên", "tỉnh"), ("phu-tho", "Phú Thọ", "tỉnh"),
    ("bac-ninh", "Bắc Ninh", "tỉnh"), ("hung-yen", "Hưng Yên", "tỉnh"), ("hai-phong", "Hải Phòng", "thành phố"),
    ("ninh-binh", "Ninh Bình", "tỉnh"), ("quang-tri", "Quảng Trị", "tỉnh"), ("da-nang", "Đà Nẵng", "thành phố"),
    ("quang-ngai", "Quảng Ngãi", "tỉnh"), ("gia-lai", "Gia Lai", "tỉnh"), ("khanh-hoa", "Khánh Hòa", "tỉnh"),
    ("lam-dong", "Lâm Đồng", "tỉnh"), ("dak-lak", "Đắk Lắk", "tỉnh"), ("ho-chi-minh", "Hồ Chí Minh", "thành phố"),
    ("dong-nai", "Đồng Nai", "tỉnh"), ("tay-ninh", "Tây Ninh", "tỉnh"), ("can-tho", "Cần Thơ", "thành phố"),
    ("vinh-long", "Vĩnh Long", "tỉnh"), ("dong-thap", "Đồng Tháp", "tỉnh"), ("ca-mau", "Cà Mau", "tỉnh"),
    ("an-giang", "An Giang", "tỉnh"),
)
# Provinces that absorbed another on 1/7/2025 become a new unit (``hai-phong-2025``); the others go on.
_ABSORBING = frozenset({
    "tuyen-quang", "lao-cai", "thai-nguyen", "phu-tho", "bac-ninh", "hung-yen", "hai-phong", "ninh-binh",
    "quang-tri", "da-nang", "quang-ngai", "gia-lai", "khanh-hoa", "lam-dong", "dak-lak", "ho-chi-minh",
    "dong-nai", "tay-ninh", "can-tho", "vinh-long", "dong-thap", "ca-mau", "an-giang",
})


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def provinces_63() -> tuple[Province, ...]:
    return tuple(Province(r["id"], r["name"], r["unit_type"]) for r in _rows("provinces.csv"))


@cache
def provinces_34() -> tuple[Province, ...]:
    return tuple(Province(pid, name, unit, merged_2025=pid in _ABSORBING) for pid, name, unit in PROVINCES_2025)


def _date(iso: str) -> tuple[int, int, int]:
    y, m, d = iso.split("-")
    return int(y), int(m), int(d)


@cache
def central_documents() -> dict[str, CentralDocument]:
    """The real central documents plans descend from, with the words documents cite them by."""
    words = {"NQ": "Nghị quyết", "KL": "Kết luận", "QĐ": "Quyết định", "KH": "Kế hoạch"}
    issuers = {"42-NQ-TW-2023": "Ban Chấp hành Trung ương Đảng", "15-NQ-TW-2012": "Ban Chấp hành Trung ương Đảng",
               "92-KL-TW-2020": "Bộ Chính trị", "19-KH-TW-2023": "Bộ Chính trị", "68-NQ-CP-2024": "Chính phủ",
               "1983-QD-TTg-2021": "Thủ tướng Chính phủ"}
    about = {
        "42-NQ-TW-2023": "về tiếp tục đổi mới, nâng cao chất lượng chính sách xã hội, đáp ứng yêu cầu sự nghiệp "
                         "xây dựng và bảo vệ Tổ quốc trong giai đoạn mới",
        "15-NQ-TW-2012": "về một số vấn đề về chính sách xã hội giai đoạn 2012 - 2020",
        "92-KL-TW-2020": "về tiếp tục thực hiện Nghị quyết Hội nghị Trung ương 5 khóa XI một số vấn đề về chính sách "
                         "xã hội giai đoạn 2012 - 2020",
        "19-KH-TW-2023": "thực hiện Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XIII",
        "68-NQ-CP-2024": "ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 42-NQ/TW",
        "1983-QD-TTg-2021": "ban hành Kế hoạch triển khai thực hiện Kết luận số 92-KL/TW",
    }
    out: dict[str, CentralDocument] = {}
    for r in _rows("documents.csv"):
        if r["id"] not in issuers:
            continue
        party = r["issuer_code"] == "TW"
        number, kind, issuer = r["number"], r["kind"], r["issuer_code"]
        label = f"{number}-{kind}/{issuer}" if party else f"{number}/{kind}-{issuer}"
        out[r["id"]] = CentralDocument(r["id"], words[r["kind"]], label, _date(r["date"]), issuers[r["id"]],
                                       about[r["id"]])
    return out


def _localise(text: str) -> str:
    """Real province names become a placeholder the writer fills with the document's province."""
    for name in REAL_PROVINCES:
        text = re.sub(rf"(?:tỉnh|thành phố)\s+{name}", "{PROVINCE}", text)
        text = text.replace(name, "{NAME}")
    return text


def _safe(sentence: str) -> bool:
    """No agency, role word, citation or document number: a sentence the truth can vouch for."""
    if len(sentence) < 40 or not sentence[0].isupper() or _UNSAFE.search(sentence):
        return False
    if NUMBER_RE.search(sentence) or PLENUM_RE.search(sentence) or re.search(r"\d+\s*/\s*\d", sentence):
        return False
    return not registry().mentions(sentence, None)


def _sentences(text: str) -> list[str]:
    out = []
    for part in _SENTENCE_END.split(text.strip()):
        part = re.sub(r"\s+\w/\.?$", "", part.strip()).rstrip(";,").strip()
        if not part:
            continue
        if not part.endswith((".", "!", "?")):
            part += "."
        out.append(part)
    return out


def _zone_items(layout: Layout, zones: set[str]) -> list[str]:
    texts: list[str] = []
    for s in layout.root.walk():
        if s.zone in zones and s.kind not in {"root", "appendix"}:
            texts += [i.text for i in s.items if i.kind != "row"]
    return texts


def _headings(layout: Layout, zone: str, kinds: set[str], limit: int) -> list[str]:
    """Headings of numbered provisions in a zone, used as headings of generated task sections."""
    out = []
    for s in layout.root.walk():
        text = s.heading if s.heading_is_title else next((i.text for i in s.items if i.start == s.start), "")
        text = text.rstrip(".:")
        if s.zone == zone and s.kind in kinds and 12 <= len(text) <= limit and _safe(text + " nói chung.") \
                and not re.search(r"\d", text):
            out.append(text)
    return out


def _clean_list(texts: list[str], *, dated: bool = True) -> tuple[str, ...]:
    """Safe sentences; ``dated=False`` also drops any with a year or a value (they would set the
    document's period or read as a target in an objectives section)."""
    kept: dict[str, None] = {}
    for text in texts:
        for sentence in _sentences(text):
            if _safe(sentence) and (dated or not (VALUE_RE.search(sentence) or re.search(r"\b(?:19|20)\d\d\b",
                                                                                         sentence))):
                kept[_localise(sentence)] = None
    return tuple(kept)


def _runs(texts: list[str]) -> tuple[tuple[str, ...], ...]:
    """Runs of consecutive safe sentences, so a task of several sentences keeps one topic."""
    runs: dict[tuple[str, ...], None] = {}
    for text in texts:
        run: list[str] = []
        for sentence in [*_sentences(text), ""]:
            if sentence and _safe(sentence):
                run.append(_localise(sentence))
            elif run:
                runs[tuple(run)] = None
                run = []
    return tuple(runs)


def _real_layouts() -> list[Layout]:
    return [parse(read_file(f)) for f in sorted(CORPUS.glob("*.txt"))]


@cache
def vocabulary() -> Vocabulary:
    """Harvested once per process from the real corpus."""
    layouts = _real_layouts()
    tasks: list[str] = []
    headings: list[str] = []
    groups: list[str] = []
    purposes: list[str] = []
    requirements: list[str] = []
    objectives: list[str] = []
    visions: list[str] = []
    viewpoints: list[str] = []
    past: list[str] = []
    past_headings: list[str] = []
    shortfalls: list[str] = []
    for lay in layouts:
        tasks += _zone_items(lay, {"tasks"})
        headings += _headings(lay, "tasks", {"decimal", "letter", "arabic"}, 100)
        groups += _headings(lay, "tasks", {"arabic"}, 170)
        visions += _zone_items(lay, {"vision"})
        past_headings += [h for h in _headings(lay, "past", {"arabic", "decimal"}, 100)
                          if "han che" not in fold(h) and "nguyen nhan" not in fold(h)]
        for s in lay.root.walk():
            folded = fold(s.heading)
            items = [i.text for i in s.items if i.kind != "row"]
            if s.zone == "purpose" and "muc dich" in folded:
                purposes += items
            elif s.zone == "purpose" and "yeu cau" in folded:
                requirements += items + [c.heading for c in s.children] + [i.text for c in s.children for i in c.items]
            elif s.zone == "purpose" and s.kind == "arabic" and not s.heading_is_title:
                viewpoints += items
            elif s.zone == "objectives" and ("chung" in folded or "tong quat" in folded):
                objectives += items
            elif s.zone == "past" and ("han che" in folded or "nguyen nhan" in folded):
                shortfalls += items
            elif s.zone == "past":
                past += items
    return Vocabulary(
        task_runs=_runs(tasks), task_headings=tuple(dict.fromkeys(_localise(h) for h in headings)),
        group_headings=tuple(dict.fromkeys(_localise(h) for h in groups)),
        purposes=_clean_list(purposes, dated=False), requirements=_clean_list(requirements, dated=False),
        general_objectives=_clean_list(objectives, dated=False), visions=_clean_list(visions, dated=False),
        viewpoints=_clean_list(viewpoints, dated=False), past=_clean_list(past),
        past_headings=tuple(dict.fromkeys(past_headings)), shortfalls=_clean_list(shortfalls))
