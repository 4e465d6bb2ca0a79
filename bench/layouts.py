"""Document writers, one per layout of the real corpus, in a registry keyed by layout name.

Each writer copies the structure of one real document (headings, numbering, where the roles are
written) and fills it with harvested sentences, agencies of the document's province, citations of its
parents and target clauses, recording every fact in the page's truth as it writes it:

* ``ubnd-blocks``   Hà Nam plan: decimal tasks each closed by "- Cơ quan chủ trì / phối hợp" lines.
* ``ubnd-free``     Đồng Nai plan: lettered task groups of bullets, duty headings in "Tổ chức thực hiện".
* ``ubnd-duties``   Hải Phòng plan: paragraphs under numbered tasks, one duty section per agency.
* ``party-annex``   Hải Dương programme: three parts, number only in the appendix table of projects.
* ``party-plain``   Hậu Giang programme: tasks without owners, organisation by Party bodies.
* ``dept-plan``     a department's plan implementing its province's plan (no real sample; built from
                    the same pieces).
* ``ministry-plan`` a ministry's plan implementing a Government document, with block owners.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from bench.compose import (
    LETTERS,
    ROMAN,
    SHORT_NAMES,
    Cite,
    Fact,
    Page,
    Rand,
    Ref,
    Roles,
    Style,
    Target,
    agency_id,
    capital,
    date_words,
    name_of,
    style_of,
)
from bench.vocab import Province, Vocabulary, vocabulary
from loaders.identity import document_id
from loaders.registry import registry
from loaders.text import fold

# -- the document to write -------------------------------------------------------------------------


@dataclass
class Spec:
    """What the planner decided about one document; the writer decides the words."""

    index: int
    layout: str
    level: str  # ministry | party | ubnd | dept
    kind: str
    issuer_code: str
    issuer_key: str
    province: Province | None
    date: dt.date
    number: str | None
    parents: list[Ref]
    bases: list[Ref] = field(default_factory=list)
    lead: str | None = None
    period: tuple[int, int] = (2021, 2025)
    target_year: int = 2025
    size: float = 1.0
    post_2025: bool = False
    annual: int | None = None
    probing: bool = True  # may write the features the loader is known to misread (tagged in ``probes``)
    probes: set[str] = field(default_factory=set)

    @property
    def draft(self) -> bool:
        return self.number is None

    def doc_id(self, title: str = "") -> str:
        province = self.province.id if self.province and self.level in {"party", "ubnd"} else None
        return document_id(self.kind, self.number, self.issuer_code, province, self.date.year,
                           disambiguator=title if self.number is None else None)


@dataclass
class Written:
    """A written document: its text and the truth recorded while writing it."""

    spec: Spec
    id: str
    page: Page


# -- the shared writer -----------------------------------------------------------------------------

# Departments a task's words point to, by era: (folded keywords, host before 1/7/2025, host after).
_TOPICS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("bảo hiểm xã hội", "bảo hiểm y tế", "bảo hiểm thất nghiệp", "bhxh"), "bao-hiem-xa-hoi", "bao-hiem-xa-hoi"),
    (("y tế", "sức khỏe", "sức khoẻ", "bệnh", "dinh dưỡng", "dân số"), "so-y-te", "so-y-te"),
    (("nhà ở",), "so-xay-dung", "so-xay-dung"),
    (("nước sạch", "nông thôn"), "so-nong-nghiep-ptnt", "so-nong-nghiep-moi-truong"),
    (("môi trường", "quỹ đất"), "so-tai-nguyen-moi-truong", "so-nong-nghiep-moi-truong"),
    (("vốn vay", "tín dụng"), "ngan-hang-csxh", "ngan-hang-csxh"),
    (("giáo dục nghề nghiệp", "học nghề", "đào tạo nghề"), "so-lao-dong-tbxh", "so-giao-duc-dao-tao"),
    (("giáo dục", "học sinh", "trường", "mầm non", "nhà giáo"), "so-giao-duc-dao-tao", "so-giao-duc-dao-tao"),
    (("văn hóa", "văn hoá", "di sản", "thể thao"), "so-van-hoa-the-thao-du-lich", "so-van-hoa-the-thao-du-lich"),
    (("chuyển đổi số", "công nghệ thông tin", "cơ sở dữ liệu", "viễn thông"), "so-thong-tin-truyen-thong",
     "so-khoa-hoc-cong-nghe"),
    (("tuyên truyền", "báo chí", "thông tin"), "so-thong-tin-truyen-thong", "so-van-hoa-the-thao-du-lich"),
    (("hợp tác quốc tế", "viện trợ", "đầu tư"), "so-ke-hoach-dau-tu", "so-tai-chinh"),
    (("ngân sách", "kinh phí", "tài chính"), "so-tai-chinh", "so-tai-chinh"),
    (("bộ máy", "cán bộ, công chức", "cải cách hành chính"), "so-noi-vu", "so-noi-vu"),
    (("văn bản quy phạm", "pháp luật"), "so-tu-phap", "so-tu-phap"),
    (("liệt sĩ", "liệt sỹ", "hài cốt"), "so-lao-dong-tbxh", "so-noi-vu"),
    (("trẻ em", "bảo trợ", "trợ giúp xã hội", "người cao tuổi", "khuyết tật"), "so-lao-dong-tbxh", "so-y-te"),
    (("giảm nghèo", "hộ nghèo"), "so-lao-dong-tbxh", "so-nong-nghiep-moi-truong"),
)
_DEPARTMENTS_OLD = ("so-lao-dong-tbxh", "so-y-te", "so-giao-duc-dao-tao", "so-xay-dung", "so-thong-tin-truyen-thong",
                    "so-ke-hoach-dau-tu", "so-tai-chinh", "so-noi-vu", "so-van-hoa-the-thao-du-lich",
                    "so-nong-nghiep-ptnt", "so-tai-nguyen-moi-truong", "so-tu-phap", "so-cong-thuong")
_DEPARTMENTS_NEW = ("so-noi-vu", "so-y-te", "so-giao-duc-dao-tao", "so-xay-dung", "so-khoa-hoc-cong-nghe",
                    "so-tai-chinh", "so-van-hoa-the-thao-du-lich", "so-nong-nghiep-moi-truong", "so-tu-phap",
                    "so-cong-thuong", "so-dan-toc-ton-giao")
_SECTORS = ("bao-hiem-xa-hoi", "ngan-hang-csxh", "cong-an", "ban-quan-ly-kcn", "bo-chi-huy-quan-su", "mttq",
            "lien-doan-lao-dong", "tinh-doan", "hoi-lhpn", "hoi-nong-dan")
_OBJECTIVE_HEADS = ("Mục tiêu chính đến năm {y}", "Mục tiêu cụ thể đến năm {y}", "Các chỉ tiêu chủ yếu đến năm {y}")


def topic_of(text: str, post_2025: bool) -> str:
    """The department a task's words point to (before or after the 2025 reorganisation)."""
    folded = text.lower()
    for words, old, new in _TOPICS:
        if any(w in folded for w in words):
            return new if post_2025 else old
    return "so-noi-vu" if post_2025 else "so-lao-dong-tbxh"


@cache
def _runs_on(vocab: Vocabulary, topic: str, post_2025: bool) -> tuple[tuple[str, ...], ...]:
    runs = tuple(r for r in vocab.task_runs if topic_of(r[0], post_2025) == topic)
    return runs if len(runs) >= 5 else vocab.task_runs


class Writer:
    """The pieces every layout shares, bound to one document."""

    def __init__(self, spec: Spec, rng: Rand, vocab: Vocabulary | None = None) -> None:
        self.spec = spec
        self.rng = rng
        self.vocab = vocab or vocabulary()
        self.province = spec.province
        self.style: Style = style_of(rng)
        self.page = Page("")
        self.cite = Cite(self.page, rng)
        # A Party programme names its department only as the body the Party committee of the People's
        # Committee directs ("Ban cán sự đảng … chỉ đạo Sở X chủ trì …" drafting plans): no general
        # clause gives it the measures, so they name no host (the corpus's Hải Dương programme).
        self.lead_id = agency_id(spec.lead, self.province) if spec.lead and spec.level != "party" else None

    # ids and names
    def start(self, title: str) -> None:
        self.page.doc_id = self.spec.doc_id(title)

    def tid(self, path: str) -> str:
        return f"{self.page.doc_id}.{path}"

    def name(self, key: str, *, plain: bool = False) -> str:
        return name_of(key, self.province, self.rng, plain=plain)

    def aid(self, key: str) -> str:
        return agency_id(key, self.province)

    @property
    def unit(self) -> str:
        return self.province.unit if self.province else "tỉnh"

    def fill(self, text: str) -> str:
        """Harvested text names the document's province."""
        if self.province is None:
            return text.replace("{PROVINCE}", "cả nước").replace("{NAME}", "cả nước")
        return text.replace("{PROVINCE}", self.province.full_name).replace("{NAME}", self.province.name)

    # words
    def sentence(self, k: int | None = None, topic: str | None = None) -> str:
        """A task's text: consecutive sentences of one real paragraph (``k`` of them, or as many as make
        a paragraph as long as the real ones, 100 to 700 characters), topped up from another; on
        ``topic`` (a department's key) when the corpus has enough sentences about it."""
        runs = _runs_on(self.vocab, topic, self.spec.post_2025) if topic else self.vocab.task_runs
        run = self.rng.pick(runs)
        start = self.rng.randrange(len(run))
        length = self.rng.weighted(((100, 3), (250, 4), (450, 3), (700, 1))) if k is None else 80
        parts = list(run[start:start + (k or len(run))])
        while sum(len(p) for p in parts) < length:
            run = self.rng.pick(runs)
            parts.append(run[self.rng.randrange(len(run))])
        return self.fill(" ".join(parts))

    def lower(self, text: str) -> str:
        return text[:1].lower() + text[1:]

    def topic_host(self, text: str) -> str:
        return topic_of(text, self.spec.post_2025)

    def departments(self) -> tuple[str, ...]:
        return _DEPARTMENTS_NEW if self.spec.post_2025 else _DEPARTMENTS_OLD

    def districts(self) -> bool:
        """District People's Committees were abolished on 1/7/2025."""
        return not self.spec.post_2025

    def coordinator_keys(self, host: str, lo: int = 0, hi: int = 3) -> list[str]:
        pool = [k for k in (*self.departments(), *_SECTORS) if k != host]
        keys = self.rng.some(pool, lo, hi)
        if self.rng.chance(0.8):
            keys.append("group-so-ban-nganh")
        if self.districts() and self.rng.chance(0.7):
            keys.append("group-ubnd-cap-huyen")
        return keys

    def listing(self, keys: list[str], *, first_capital: bool = False) -> tuple[str, list[str]]:
        """Bodies joined as the documents join them ("A, B và các sở, ban, ngành có liên quan")."""
        pairs = [(self.name(k), k) for k in keys]
        if not self.spec.probing:  # "… tỉnh, Ủy ban …" reads as "Tỉnh ủy": never write that pair
            pairs.sort(key=lambda p: (p[0].endswith(" tỉnh"), not p[0].startswith(("Ủy", "Uỷ", "UBND"))))
        names, keys = [n for n, _ in pairs], [k for _, k in pairs]
        if first_capital and names:
            names[0] = capital(names[0])
        if len(names) > 1 and self.rng.chance(0.35):
            text = ", ".join(names[:-1]) + " và " + names[-1]
        elif len(names) > 2 and self.rng.chance(0.3):
            text = ", ".join(names[:-1]) + "; " + names[-1]
        else:
            text = ", ".join(names)
        return text, [self.aid(k) for k in keys]

    def enumeration(self, keys: list[str]) -> tuple[str, list[str]]:
        """"Các sở, ngành: Tài chính, Xây dựng, Ủy ban MTTQ tỉnh": departments without their "Sở"."""
        parts = [self.rng.pick(SHORT_NAMES[k]) if k in SHORT_NAMES else self.name(k) for k in keys]
        return "Các sở, ngành: " + ", ".join(parts), [self.aid(k) for k in keys]

    def heading(self, token: str, text: str, level: int) -> int:
        return self.page.para(self.style.heading(token, text, level))

    # roles in prose
    def host_sentence(self, text: str, host: str, coords: list[str]) -> tuple[str, Roles]:
        """A task written as a sentence that names its owner, in one of the corpus's forms."""
        roles = Roles()
        host_name = capital(self.name(host))
        roles.add_host([self.aid(host)])
        form = self.rng.weighted((("chu_tri", 5), ("giao", 2), ("giao_plain", 1)))
        if coords and form != "giao_plain":
            listed, ids = self.listing(coords)
            roles.add_coordinators(ids)
            verb = self.rng.pick(("phối hợp với", "phối hợp", "phối hợp với"))
            body = f"chủ trì, {verb} {listed} {self.lower(text)}"
        else:
            body = self.lower(text)
        if form == "chu_tri":
            return f"{host_name} {body}", roles
        if form == "giao":
            return f"Giao {self.name(host)} {body}", roles
        return f"Giao {self.name(host)} {self.lower(text)}", roles

    def block(self, host_keys: list[str], coords: list[str]) -> Roles:
        """The two lines that close a task in the Hà Nam layout."""
        roles = Roles()
        text, ids = self.listing(host_keys, first_capital=True)
        roles.add_host(ids)
        self.page.para(f"- Cơ quan chủ trì: {text}.", blank=self.rng.pick((1, 1, 0)))
        if coords:
            text, ids = self.listing(coords, first_capital=True)
            roles.add_coordinators(ids)
            label = self.rng.weighted((("Cơ quan phối hợp thực hiện", 4), ("Cơ quan phối hợp", 1)))
            self.page.para(f"- {label}: {text}.", blank=self.rng.pick((1, 1, 0)))
        return roles

    # shared sections
    def header_state(self, code: str, agency_lines: tuple[str, ...] = ()) -> None:
        self.page.blank(2)
        for line in agency_lines:
            self.page.line(line)
            self.page.blank()
        if self.spec.number:
            sep = self.rng.weighted(((" ", 1), ("", 3)))
            self.page.line(f"Số: {self.spec.number}{sep}/{self.spec.kind}-{code}")
        else:
            self.page.line(f"Số: /{self.spec.kind}-{code}")
        self.page.para(self.dateline())

    def place(self) -> str:
        if self.province is None:
            return "Hà Nội"
        if self.province.id == "ho-chi-minh" and self.spec.probing and self.rng.chance(0.7):
            self.spec.probes.add("hcmc-dateline")
            return "Thành phố Hồ Chí Minh"
        if self.province.name == "Huế":
            self.spec.probes.add("hue-2025")
        return self.province.name

    def dateline(self) -> str:
        if self.spec.number is None:
            return f"{self.place()}, ngày    tháng     năm {self.spec.date.year}"
        return f"{self.place()}, ngày {date_words(self.spec.date)}"

    def purpose_bullets(self, k: int) -> list[str]:
        return [self.fill(s) for s in self.rng.some(self.vocab.purposes, max(1, k - 1), k)]

    def targets(self, k: int, year: int) -> tuple[Target, list[tuple[str, list[Fact]]]]:
        target = Target(self.page, self.rng, year)
        return target, target.clauses(k)

    def distribution(self, lines: list[str]) -> None:
        self.page.para(self.rng.pick(("Nơi nhận:", "*Nơi nhận:*", "Nơi nhận")), blank=2)
        self.page.blank()
        for line in lines:
            self.page.line(line)

    def signature(self, lines: tuple[str, ...], signer: str) -> None:
        self.page.blank()
        self.page.line(f"**{lines[0]}")
        for line in lines[1:-1]:
            self.page.line(line)
        self.page.line(f"{lines[-1]}**")
        self.page.para(signer, blank=3)

    def signer(self) -> str:
        return self.rng.pick(("Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Xuân", "Võ Văn", "Hoàng Minh")) + " " + \
            self.rng.pick(("An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Phi", "Thăng", "Tùng"))

    def size(self, lo: int, hi: int) -> int:
        return max(1, round(self.rng.randint(lo, hi) * self.spec.size))


    def done(self) -> Written:
        """The written document, tagged with the probes its text turned out to contain."""
        for line in self.page.lines:
            if _PHANTOM.search(line) and any(m.entry.key == "tinh-uy" and fold(line[m.start:m.end]) != "tinh uy"
                                             for m in registry().mentions(line, None)):
                self.spec.probes.add("tinh-comma-uy")
                break
        return Written(self.spec, self.page.doc_id, self.page)


# A body written with its unit word, then a comma or "và" and "Ủy ban …": the unit word and "Ủy" read
# together as "Tỉnh ủy" ("Hội Nông dân tỉnh, Ủy ban MTTQ …").
_PHANTOM = re.compile(r"\btỉnh(?:[,;]| và)\s+(?:Ủy|Uỷ)\b")

# -- titles and openings -----------------------------------------------------------------------------


def parents_phrase(w: Writer, depth: int) -> str:
    """"Thực hiện A và B thực hiện C": every parent implemented, each cited with its own parent."""
    parts = [w.cite.chain(ref, depth if ref.parent is not None else 0) for ref in w.spec.parents]
    return " và ".join(parts)


def opening_implements(w: Writer, subject: str, verb: str) -> None:
    """"Thực hiện <parents>, <issuer> ban hành …, cụ thể như sau:" — parents implemented again."""
    cites = "; ".join(w.cite.chain(ref, 1 if ref.parent else 0) for ref in w.spec.parents)
    w.cite.implements(w.page.doc_id, w.spec.parents)
    w.page.para(f"Thực hiện {cites}; {subject} {verb}, cụ thể như sau:")


def bases(w: Writer) -> None:
    """"Căn cứ …" lines: the documents the plan is based on."""
    for ref in w.spec.bases:
        w.page.para(f"Căn cứ {w.cite.chain(ref, 1 if ref.parent else 0)};")
    w.cite.based_on(w.page.doc_id, w.spec.bases)


# -- ubnd-blocks (Hà Nam) ----------------------------------------------------------------------------


def ubnd_blocks(spec: Spec, rng: Rand) -> Written:
    w = Writer(spec, rng)
    u = w.unit
    header = ("ỦY BAN NHÂN DÂN", f"{u.upper()} {w.province.name.upper()}") if w.province and rng.chance(0.3) else ()
    title_words = ("Thực hiện " if rng.chance(0.8) else "Triển khai thực hiện ") + parents_phrase(w, 1)
    if spec.annual:
        title_words += f" năm {spec.annual}"
    w.start(f"KẾ HOẠCH {title_words}")
    w.header_state("UBND", header)
    w.page.para(w.style.heading("", "KẾ HOẠCH", 1) if rng.chance(0.4) else "KẾ HOẠCH", blank=1)
    w.page.para(title_words)
    w.cite.implements(w.page.doc_id, spec.parents)
    bases(w)
    opening_implements(w, f"Ủy ban nhân dân {u}", "ban hành Kế hoạch tổ chức thực hiện")
    _purpose_section(w, "I")
    _objectives_decimal(w, "II")
    _block_tasks(w, "III")
    _organisation_general(w, "IV")
    _close_ubnd(w)
    return w.done()


def _purpose_section(w: Writer, roman: str) -> None:
    w.heading(f"{roman}.", "MỤC ĐÍCH, YÊU CẦU", 1)
    w.heading("1.", "Mục đích", 2)
    for text in w.purpose_bullets(3):
        w.page.para(f"- {text}")
    w.heading("2.", "Yêu cầu", 2)
    for text in w.rng.some(w.vocab.requirements, 1, 3):
        w.page.para(f"- {w.fill(text)}")


def _objectives_decimal(w: Writer, roman: str) -> None:
    spec = w.spec
    w.heading(f"{roman}.", "MỤC TIÊU", 1)
    w.heading("1.", "Mục tiêu chung", 2)
    for text in w.rng.some(w.vocab.general_objectives, 1, 2):
        w.page.para(w.fill(text))
    w.heading("2.", "Mục tiêu cụ thể", 2)
    head = w.rng.pick(_OBJECTIVE_HEADS).format(y=spec.target_year)
    w.heading("2.1.", head, 3)
    target, clauses = w.targets(w.size(4, 14), spec.target_year)
    section = f"{roman}.2.1"
    while clauses:
        k = min(len(clauses), w.rng.weighted(((1, 4), (2, 2), (3, 1))))
        group, clauses = clauses[:k], clauses[k:]
        text = "; ".join(c for c, _ in group)
        line = w.page.para(f"- {capital(text)}{w.rng.pick(('.', ';', '.'))}")
        for _, facts in group:
            target.record(line, section, facts)
    if spec.target_year >= 2030:
        w.heading("2.2.", "Tầm nhìn đến năm 2045", 3)
        w.page.para(w.fill(w.rng.pick(w.vocab.visions)))


def _block_tasks(w: Writer, roman: str) -> None:
    """Groups of decimal tasks, each closed by its owners, as in the Hà Nam plan."""
    w.heading(f"{roman}.", "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", 1)
    headings = w.rng.some(w.vocab.group_headings, 5, 9)
    for g, head in enumerate(headings, start=1):
        form = w.rng.weighted((("decimal", 6), ("single", 2), ("sentence", 1)))
        if form != "decimal" and len(head) > 100:
            head = w.rng.pick([h for h in w.vocab.group_headings if len(h) <= 100])
        w.heading(f"{g}.", head, 2)
        if form == "decimal":
            for j in range(1, w.size(1, 5) + 1):
                _decimal_block_task(w, f"{roman}.{g}", f"{g}.{j}")
        elif form == "single":
            first = 0
            for _ in range(w.rng.randint(1, 3)):
                line = w.page.wrapped(f"- {w.sentence()}", w.rng)
                first = first or line
            host = w.topic_host(w.page.lines[first - 1])
            roles = w.block([host], w.coordinator_keys(host))
            w.page.task(w.tid(f"{roman}.{g}"), first, f"{roman}.{g}", roles, w.lead_id)
        else:
            text = w.sentence()
            host = w.topic_host(text)
            sentence, roles = w.host_sentence(text, host, w.coordinator_keys(host))
            line = w.page.wrapped(sentence, w.rng)
            w.page.task(w.tid(f"{roman}.{g}"), line, f"{roman}.{g}", roles, w.lead_id)


def _decimal_block_task(w: Writer, parent: str, number: str) -> None:
    path = f"{parent.split('.')[0]}.{number}"
    shape = w.rng.weighted((("long", 6), ("titled", 2), ("letters", 1)))
    if shape == "long":
        text = w.sentence(w.rng.weighted(((2, 3), (3, 2), (1, 1))))
        if len(text) <= 100:
            text = w.sentence(3)
        line = w.page.wrapped(w.style.heading(f"{number}.", text, 3) if w.rng.chance(0.1) else f"{number}. {text}",
                              w.rng, p=0.0)
        _close_block(w, path, line, text)
    elif shape == "titled":
        w.heading(f"{number}.", w.rng.pick(w.vocab.task_headings), 3)
        first = 0
        for _ in range(w.rng.randint(1, 4)):
            line = w.page.wrapped(w.rng.pick(("- ", "")) + w.sentence(), w.rng)
            first = first or line
        _close_block(w, path, first, w.page.lines[first - 1])
    else:
        w.heading(f"{number}.", w.rng.pick(w.vocab.task_headings), 3)
        for letter in LETTERS[:w.rng.randint(2, 3)]:
            text = w.sentence(2)
            line = w.page.para(f"{letter}) {text}")
            _close_block(w, f"{path}.{letter}", line, text)


def _close_block(w: Writer, path: str, line: int, text: str) -> None:
    host = w.topic_host(text)
    hosts = [host] if w.rng.chance(0.85) else [host, "group-ubnd-cap-huyen" if w.districts() else "bao-hiem-xa-hoi"]
    if w.rng.chance(0.06):
        hosts = ["group-so-ban-nganh", "group-ubnd-cap-huyen"] if w.districts() else ["group-so-ban-nganh"]
    if w.spec.probing and w.rng.chance(0.01):
        hosts = ["thanh-tra"]
        w.spec.probes.add("thanh-tra")
    coords = w.coordinator_keys(host) if w.rng.chance(0.9) else []
    roles = w.block(hosts, coords)
    w.page.task(w.tid(path), line, path, roles, w.lead_id)


def _organisation_general(w: Writer, roman: str) -> None:
    """The Hà Nam organisation: all bodies under one heading, then the lead that follows it up."""
    spec, u = w.spec, w.unit
    w.heading(f"{roman}.", "TỔ CHỨC THỰC HIỆN", 1)
    bodies = ["group-so-ban-nganh", "group-ubnd-cap-huyen"] if w.districts() else ["group-so-ban-nganh"]
    text, ids = w.listing(bodies, first_capital=True)
    if len(bodies) > 1 or spec.probing:
        text += ", các cơ quan, đơn vị liên quan"
        ids = [*ids, w.aid("group-co-quan-lien-quan")]
    if len(bodies) == 1 and spec.probing:
        spec.probes.add("repeated-group-heading")
    w.page.para(f"1. {text}:")
    roles = Roles(host=list(dict.fromkeys(ids)))
    refs = ", ".join(w.cite.one(r, dated=False, issuer=False) for r in spec.parents)
    first = w.page.para(f"- Theo chức năng, nhiệm vụ xây dựng Kế hoạch triển khai thực hiện của cơ quan, đơn vị, "
                        f"địa phương mình; chủ động phối hợp với các cơ quan liên quan triển khai thực hiện các "
                        f"nhiệm vụ đề ra tại {refs} và Kế hoạch này.")
    w.page.task(w.tid(f"{roman}.1~1"), first, f"{roman}.1", roles)
    lead = w.name(spec.lead) if spec.lead else "Văn phòng Ủy ban nhân dân"
    second = w.page.para(f"- Định kỳ báo cáo đánh giá tình hình thực hiện trước ngày 05/12 hằng năm (qua {lead}) để "
                         f"tổng hợp báo cáo Ủy ban nhân dân {u} theo quy định.")
    w.page.task(w.tid(f"{roman}.1~2"), second, f"{roman}.1", Roles(host=list(roles.host)))
    if spec.lead:
        line = w.page.para(f"2. {capital(w.name(spec.lead))} chủ trì hướng dẫn, theo dõi, đôn đốc, kiểm tra, giám sát "
                           f"việc thực hiện {refs} và Kế hoạch này; tổng hợp báo cáo kết quả thực hiện Kế hoạch gửi "
                           f"Ủy ban nhân dân {u} theo quy định.")
        w.page.para(f"Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc các cơ quan, đơn vị, địa phương "
                    f"kịp thời phản ánh về {lead} để tổng hợp, báo cáo Ủy ban nhân dân {u} xem xét, quyết định./.")
        w.page.task(w.tid(f"{roman}.2"), line, f"{roman}.2", Roles(host=[w.aid(spec.lead)]))


def _close_ubnd(w: Writer) -> None:
    u = w.unit
    w.distribution([f"- {w.rng.pick(('Bộ LĐ-TB&XH', 'Bộ LĐTBXH', 'Bộ Nội vụ'))} (để b/c);",
                    "- TT Tỉnh uỷ (để b/c);" if u == "tỉnh" else "- TT Thành ủy (để b/c);",
                    f"- Chủ tịch, các PCT UBND {u};", "- Các sở, ban, ngành trong KH;",
                    "- UBND các huyện, thị xã, thành phố;" if w.districts() else "- UBND các xã, phường;",
                    "- Lưu: VT, VXNV."])
    w.signature(("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), w.signer())


# -- ubnd-free (Đồng Nai) ----------------------------------------------------------------------------


def ubnd_free(spec: Spec, rng: Rand) -> Written:
    w = Writer(spec, rng)
    u, p = w.unit, w.province
    assert p is not None
    start, end = spec.period
    title_words = "Thực hiện " + parents_phrase(w, 2) + f" trên địa bàn {u} {p.name} (giai đoạn {start} - {end})"
    w.start(f"KẾ HOẠCH {title_words}")
    w.header_state("UBND")
    w.page.para("## KẾ HOẠCH" if rng.chance(0.6) else "KẾ HOẠCH")
    w.page.para(f"**{title_words}**" if rng.chance(0.7) else title_words)
    w.cite.implements(w.page.doc_id, spec.parents)
    bases(w)
    opening_implements(w, f"Ủy ban nhân dân {u}", "ban hành Kế hoạch triển khai thực hiện")
    w.heading("I.", "MỤC ĐÍCH, YÊU CẦU", 2)
    w.heading("1.", "Mục đích", 3)
    w.page.para(w.fill(rng.pick(w.vocab.purposes)))
    w.heading("2.", "Yêu cầu", 3)
    for letter, text in zip(LETTERS, rng.some(w.vocab.requirements, 2, 3), strict=False):
        w.page.para(f"{letter}) {w.fill(text)}")
    w.heading("II.", "THỜI GIAN, PHẠM VI THỰC HIỆN", 2)
    w.page.para(f"**1. Thời gian thực hiện:** Giai đoạn {start} - {end}.")
    w.page.para(f"**2. Phạm vi thực hiện:** Trên địa bàn {u} {p.name}.")
    w.heading("III.", "MỤC TIÊU", 2)
    w.heading("1.", "Mục tiêu chung", 3)
    w.page.para(w.fill(rng.pick(w.vocab.general_objectives)))
    w.heading("2.", f"Mục tiêu cụ thể đến năm {spec.target_year}", 3)
    target, clauses = w.targets(w.size(4, 12), spec.target_year)
    for letter, (text, facts) in zip(LETTERS, clauses, strict=False):
        line = w.page.para(f"{letter}) {capital(text)}.")
        target.record(line, f"III.2.{letter}", facts)
    w.heading("IV.", "NHIỆM VỤ VÀ GIẢI PHÁP", 2)
    _free_letter_groups(w, "IV.1", "1.", "Các nhiệm vụ chủ yếu")
    _free_letter_groups(w, "IV.2", "2.", "Giải pháp thực hiện")
    _leadership_letters(w, "IV.3", "3.")
    _organisation_duties_dong_nai(w, "V")
    closing = "Trên đây là Kế hoạch thực hiện " + w.cite.chain(spec.parents[0], 1) + "."
    w.page.para(closing)
    w.distribution(["- Thường trực Tỉnh ủy;" if u == "tỉnh" else "- Thường trực Thành ủy;",
                    f"- Thường trực HĐND {u};", f"- Chủ tịch, các PCT. UBND {u};", "- Các đơn vị tại Mục V;",
                    "- Lưu: VT, THNC, KGVX."])
    w.signature(("TM. ỦY BAN NHÂN DÂN  ", "KT. CHỦ TỊCH  ", "PHÓ CHỦ TỊCH"), w.signer())
    return w.done()


def _free_letter_groups(w: Writer, path: str, token: str, title: str) -> None:
    w.heading(token, title, 3)
    for letter in LETTERS[:w.size(2, 6)]:
        section = f"{path}.{letter}"
        if w.rng.chance(0.2):
            text = f"Về {w.rng.pick(('y tế', 'nhà ở', 'bảo đảm nước sạch', 'thông tin'))}: {w.sentence(2)}"
            line = w.page.para(f"{letter}) {text}")
            w.page.task(w.tid(section), line, section, Roles(), w.lead_id)
            continue
        w.heading(f"{letter})", w.rng.pick(w.vocab.task_headings), 4)
        blocks: list[tuple[str, list[str]]] = []
        for _ in range(w.size(1, 6)):
            if w.rng.chance(0.12):
                sub = w.rng.pick(("Về giáo dục - đào tạo", "Về chăm sóc sức khỏe", "Về nhà ở"))
                blocks.append((f"- {sub}:", [w.sentence() for _ in range(w.rng.randint(1, 3))]))
            else:
                blocks.append(("", [w.sentence()]))
        count = sum(len(t) for _, t in blocks)
        k = 0
        for sub, texts in blocks:
            if sub:
                w.page.para(sub)
            for text in texts:
                k += 1
                sentence, roles = _named(w, text)
                line = w.page.wrapped(("+ " if sub else "- ") + sentence, w.rng)
                w.page.task(w.tid(section + (f"~{k}" if count > 1 else "")), line, section, roles, w.lead_id)


def _named(w: Writer, text: str, p: float = 0.1) -> tuple[str, Roles]:
    """Now and then a bullet names its owner ("Sở Y tế chủ trì, phối hợp với …"); else it has none."""
    if w.rng.chance(p):
        host = w.topic_host(text)
        return w.host_sentence(text, host, w.coordinator_keys(host, 0, 2))
    return text, Roles()


def _free_tasks(w: Writer, section: str, texts: list[str], prefix: str = "- ") -> None:
    """Bullets or paragraphs each a task (``~k`` when several), owned by the lead unless named."""
    for k, text in enumerate(texts, start=1):
        sentence, roles = _named(w, text)
        line = w.page.wrapped(prefix + sentence, w.rng)
        w.page.task(w.tid(section + (f"~{k}" if len(texts) > 1 else "")), line, section, roles, w.lead_id)


def _leadership_letters(w: Writer, path: str, token: str) -> None:
    w.heading(token, "Tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy đảng trong việc thực hiện chính sách xã hội", 3)
    parents = ", ".join(w.cite.one(r, dated=False) for r in w.spec.parents)
    line = w.page.para(f"a) Các cấp ủy đảng, các ban cán sự đảng, đảng đoàn, các đoàn thể chính trị - xã hội tổ chức "
                       f"quán triệt, triển khai nghiêm túc các nội dung {parents} và Kế hoạch này.")
    w.page.task(w.tid(f"{path}.a"), line, f"{path}.a",
                Roles(host=[w.aid("group-cap-uy"), w.aid("group-ban-can-su-dang"), w.aid("group-dang-doan"),
                            w.aid("group-to-chuc-chinh-tri-xa-hoi")]))
    bodies = ["group-so-ban-nganh", "group-ubnd-cap-huyen"] if w.districts() else ["group-so-ban-nganh"]
    listed, ids = w.listing(bodies, first_capital=True)
    line = w.page.para(f"b) {listed} xây dựng kế hoạch thực hiện chính sách xã hội phù hợp với tình hình của đơn vị, "
                       f"có trọng tâm, trọng điểm, xác định việc thực hiện chính sách xã hội là nhiệm vụ thường xuyên "
                       f"và lâu dài của từng cấp ủy đảng, chính quyền, địa phương.")
    w.page.task(w.tid(f"{path}.b"), line, f"{path}.b", Roles(host=ids))
    text = w.sentence(1)
    line = w.page.para(f"c) {text}")
    w.page.task(w.tid(f"{path}.c"), line, f"{path}.c", Roles(), w.lead_id)


def _organisation_duties_dong_nai(w: Writer, roman: str) -> None:
    spec, u, rng = w.spec, w.unit, w.rng
    w.heading(f"{roman}.", "TỔ CHỨC THỰC HIỆN", 2)
    bodies = ["group-so-ban-nganh", "group-ubnd-cap-huyen"] if w.districts() else ["group-so-ban-nganh"]
    listed, ids = w.listing(bodies, first_capital=True)
    refs = " và ".join(w.cite.one(r) for r in spec.parents)
    line = w.page.para(f"1. {listed} tổ chức quán triệt và tổ chức triển khai thực hiện {refs} trong toàn thể cán bộ, "
                       f"công chức, viên chức và nhân dân.")
    w.page.task(w.tid(f"{roman}.1"), line, f"{roman}.1", Roles(host=ids))
    budget = ["so-tai-chinh"] if spec.post_2025 else ["so-ke-hoach-dau-tu", "so-tai-chinh"]
    listed, ids = w.listing(budget)
    line = w.page.para(f"2. Giao {listed} căn cứ tình hình ngân sách của {u} cân đối đảm bảo kinh phí thực hiện "
                       f"Kế hoạch.")
    w.page.task(w.tid(f"{roman}.2"), line, f"{roman}.2", Roles(host=ids))
    listed_keys = [*rng.some([k for k in w.departments() if k in SHORT_NAMES], 3, 6), "bao-hiem-xa-hoi"]
    enum, ids = w.enumeration(listed_keys)
    while not spec.probing and len(enum) + 3 > 160:
        listed_keys = listed_keys[1:]
        enum, ids = w.enumeration(listed_keys)
    if len(enum) + 3 > 160:
        spec.probes.add("long-subject-list")
    line = w.page.para(f"3. {enum} căn cứ chức năng nhiệm vụ của ngành, xây dựng Kế hoạch triển khai thực hiện. "
                       f"Định kỳ 06 tháng (trước ngày 30/6), hàng năm (trước ngày 31/12) gửi báo cáo kết quả thực hiện "
                       f"về Ủy ban nhân dân {u}.")
    w.page.task(w.tid(f"{roman}.3"), line, f"{roman}.3", Roles(host=ids))
    n = 4
    if spec.lead:
        lead = w.aid(spec.lead)
        w.page.para(f"#### {n}. Giao {w.name(spec.lead)}" if rng.chance(0.5) else f"{n}. Giao {w.name(spec.lead)}")
        a = w.page.para(f"a) Là cơ quan thường trực triển khai thực hiện Kế hoạch; phối hợp các sở, ban, ngành, địa "
                        f"phương, UBMTTQVN {u} và các đoàn thể triển khai thực hiện hiệu quả chính sách xã hội trên "
                        f"địa bàn {u}.")
        w.page.task(w.tid(f"{roman}.{n}~1"), a, f"{roman}.{n}", Roles(
            host=[lead], coordinators=[w.aid("group-so-ban-nganh"), w.aid("mttq"),
                                       w.aid("group-to-chuc-chinh-tri-xa-hoi")]))
        b = w.page.para(f"b) Thường xuyên theo dõi, kiểm tra, đánh giá tình hình thực hiện và kịp thời tham mưu Ủy ban "
                        f"nhân dân {u} điều chỉnh các chương trình, kế hoạch, giải pháp cụ thể phù hợp với yêu cầu "
                        f"thực tế để thực hiện hiệu quả Kế hoạch đã đề ra.")
        w.page.task(w.tid(f"{roman}.{n}~2"), b, f"{roman}.{n}", Roles(host=[lead]))
        c = w.page.para(f"c) Tham mưu Ủy ban nhân dân {u} tổ chức tổng kết thực hiện kế hoạch vào năm "
                        f"{spec.period[1]}.")
        w.page.task(w.tid(f"{roman}.{n}~3"), c, f"{roman}.{n}", Roles(host=[lead]))
        n += 1
    w.page.para(f"#### {n}. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam {u} và các đoàn thể các cấp")
    hosts = [w.aid("mttq"), w.aid("group-to-chuc-chinh-tri-xa-hoi")]
    duties = [
        ("Trong phạm vi chức năng, nhiệm vụ tham gia tổ chức triển khai thực hiện Kế hoạch, lồng ghép các nội dung của "
         "Kế hoạch với các chương trình, đề án liên quan;", []),
        (f"Phối hợp các ngành chức năng đẩy mạnh công tác tuyên truyền trong đoàn viên, hội viên về chính sách xã hội "
         f"của Nhà nước, của {u} và các nội dung của Kế hoạch.", [w.aid("group-so-ban-nganh")]),
        ("Tăng cường công tác tuyên truyền, vận động các tầng lớp nhân dân tích cực tham gia thực hiện chính sách xã "
         "hội, huy động nguồn lực trong từng đoàn viên, hội viên và cộng đồng xã hội chăm lo cho đời sống của người có "
         "công, hộ nghèo, đồng bào dân tộc thiểu số, người cao tuổi, người khuyết tật.", []),
    ]
    for k, (letter, (text, coords)) in enumerate(zip(LETTERS, duties, strict=False), start=1):
        line = w.page.para(f"{letter}) {text}")
        w.page.task(w.tid(f"{roman}.{n}~{k}"), line, f"{roman}.{n}", Roles(host=hosts, coordinators=coords))
    n += 1
    if w.districts():
        heading = w.name("group-ubnd-cap-huyen")
        w.page.para(f"#### {n}. {capital(heading)}")
        hosts = [w.aid("group-ubnd-cap-huyen")]
        a = w.page.para(f"a) Xây dựng Kế hoạch triển khai thực hiện {w.cite.one(spec.parents[0])} và Kế hoạch này.")
        w.page.task(w.tid(f"{roman}.{n}~1"), a, f"{roman}.{n}", Roles(host=hosts))
        channel = f" (qua {w.name(spec.lead)} tổng hợp)" if spec.lead else ""
        b = w.page.para(f"b) Định kỳ 06 tháng (trước 30/6), hàng năm (trước ngày 31/12) báo cáo kết quả việc triển "
                        f"khai thực hiện Kế hoạch gửi Ủy ban nhân dân {u}{channel}.")
        w.page.task(w.tid(f"{roman}.{n}~2"), b, f"{roman}.{n}", Roles(host=hosts))


# -- ubnd-duties (Hải Phòng) ---------------------------------------------------------------------------


def ubnd_duties(spec: Spec, rng: Rand) -> Written:
    w = Writer(spec, rng)
    u = w.unit
    title = "Thực hiện " + parents_phrase(w, 2)
    if spec.annual:
        title += f" năm {spec.annual}"
    lines = _hard_wrap(title, rng) if rng.chance(0.6) else [title]
    w.start("KẾ HOẠCH " + " ".join(lines))
    w.header_state("UBND")
    w.page.para(rng.pick(("### KẾ HOẠCH", "KẾ HOẠCH", "## KẾ HOẠCH")))
    bold = rng.chance(0.7)
    w.page.blank()
    for i, line in enumerate(lines):
        text = line + ("  " if bold and i < len(lines) - 1 else "")
        if bold and i == 0:
            text = "**" + text
        if bold and i == len(lines) - 1:
            text += "**"
        w.page.line(text)
    w.cite.implements(w.page.doc_id, spec.parents)
    bases(w)
    opening_implements(w, f"Ủy ban nhân dân {u}", "ban hành Kế hoạch thực hiện")
    w.heading("I.", "MỤC ĐÍCH, YÊU CẦU", 3)
    w.heading("1.", "Mục đích", 4)
    for text in w.purpose_bullets(2):
        w.page.para(text)
    w.heading("2.", "Yêu cầu", 2)
    for text in rng.some(w.vocab.requirements, 2, 3):
        w.page.para(w.fill(text))
    w.heading("II.", "NHIỆM VỤ, GIẢI PHÁP", 2)
    for g, head in enumerate(rng.some(w.vocab.group_headings, 4, 8), start=1):
        w.heading(f"{g}.", head, 3)
        _free_tasks(w, f"II.{g}", [w.sentence() for _ in range(w.size(1, 6))], prefix="")
    w.heading("III.", "KINH PHÍ THỰC HIỆN", 2)
    w.page.para("1. Kinh phí thực hiện Kế hoạch được bố trí trong dự toán chi thường xuyên ngân sách nhà nước hằng năm "
                "của các cơ quan, đơn vị theo phân cấp ngân sách hiện hành.")
    w.page.para("2. Việc lập dự toán, quản lý, sử dụng và quyết toán kinh phí triển khai Kế hoạch thực hiện theo quy "
                "định của Luật Ngân sách nhà nước và các văn bản hướng dẫn.")
    _organisation_by_agency(w, "IV")
    w.distribution(["- TTTU, TTHĐND TP;" if u == "thành phố" else "- TTTU, TTHĐND tỉnh;",
                    f"- CT, các PCT UBND {'TP' if u == 'thành phố' else 'tỉnh'};", "- Các Sở, ban, ngành;",
                    "- CPVP;", "- Lưu: VT."])
    w.signature(("TM. ỦY BAN NHÂN DÂN  ", "CHỦ TỊCH"), w.signer())
    return w.done()


def _hard_wrap(text: str, rng: Rand, width: int = 70) -> list[str]:
    """A title broken over lines as the real plans print it (never before a citation's number)."""
    words, lines, current = text.split(" "), [], ""
    for word in words:
        if len(current) + len(word) > width + rng.randint(-10, 10) and current and not re.match(r"\d", word) \
                and current.split(" ")[-1] not in {"số", "ngày"}:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return lines


_DUTY_KEYS_OLD = ("so-ke-hoach-dau-tu", "so-tai-chinh", "so-giao-duc-dao-tao", "so-y-te", "so-xay-dung",
                  "so-nong-nghiep-ptnt", "so-thong-tin-truyen-thong", "bo-chi-huy-quan-su", "bao-hiem-xa-hoi",
                  "so-van-hoa-the-thao-du-lich", "so-noi-vu", "cong-an", "ngan-hang-csxh")
_DUTY_KEYS_NEW = ("so-tai-chinh", "so-giao-duc-dao-tao", "so-y-te", "so-xay-dung", "so-nong-nghiep-moi-truong",
                  "so-khoa-hoc-cong-nghe", "bo-chi-huy-quan-su", "bao-hiem-xa-hoi", "so-van-hoa-the-thao-du-lich",
                  "cong-an", "ngan-hang-csxh", "so-dan-toc-ton-giao")


def _organisation_by_agency(w: Writer, roman: str) -> None:
    """One heading per body and its duties below, as in the Hải Phòng plan."""
    spec, u, rng = w.spec, w.unit, w.rng
    w.heading(f"{roman}.", "TỔ CHỨC THỰC HIỆN", 2)
    n = 0
    if spec.lead:
        n += 1
        lead = w.aid(spec.lead)
        w.heading(f"{n}.", w.name(spec.lead), 3)
        duties = [(f"Chủ trì, phối hợp với các sở, ngành, đoàn thể có liên quan"
                   f"{', ' + w.name('group-ubnd-cap-huyen') if w.districts() else ''} triển khai thực hiện nội dung "
                   f"Kế hoạch.", [w.aid("group-so-ban-nganh")] + ([w.aid("group-ubnd-cap-huyen")]
                                                                   if w.districts() else []))]
        for _ in range(w.size(1, 4)):
            duties.append((w.sentence(), []))
        for k, (text, coords) in enumerate(duties, start=1):
            line = w.page.wrapped(text, rng)
            w.page.task(w.tid(f"{roman}.{n}~{k}"), line, f"{roman}.{n}", Roles(host=[lead], coordinators=coords))
    keys = [k for k in (_DUTY_KEYS_NEW if spec.post_2025 else _DUTY_KEYS_OLD) if k != spec.lead]
    for key in rng.some(keys, 3, min(len(keys), w.size(4, 10))):
        n += 1
        w.heading(f"{n}.", capital(w.name(key)), 3)
        k = rng.weighted(((1, 3), (2, 3), (3, 1)))
        for j in range(1, k + 1):
            text, roles = w.sentence(), Roles(host=[w.aid(key)])
            form = rng.weighted((("plain", 5), ("chu_tri", 2), ("phoi_hop", 1)))
            if form != "plain":
                others = [o for o in (*w.departments(), "group-so-ban-nganh") if o != key]
                listed, ids = w.listing(rng.some(others, 1, 2))
                roles.add_coordinators(ids)
                lead_in = "Chủ trì, phối hợp với" if form == "chu_tri" else "Phối hợp với"
                text = f"{lead_in} {listed} {w.lower(text)}"
            line = w.page.wrapped(text, rng)
            w.page.task(w.tid(f"{roman}.{n}" + (f"~{j}" if k > 1 else "")), line, f"{roman}.{n}", roles)
    if w.districts():
        n += 1
        key = "group-ubnd-cap-huyen"
        w.heading(f"{n}.", capital(w.name(key)), 3)
        for j in (1, 2):
            line = w.page.para(w.sentence())
            w.page.task(w.tid(f"{roman}.{n}~{j}"), line, f"{roman}.{n}", Roles(host=[w.aid(key)]))
    n += 1
    w.heading(f"{n}.", f"Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam {u}, Liên đoàn Lao động {u} và các tổ chức chính trị "
                       f"- xã hội {u}", 2)
    hosts = [w.aid("mttq"), w.aid("lien-doan-lao-dong"), w.aid("group-to-chuc-chinh-tri-xa-hoi")]
    units = [("Trong phạm vi chức năng, nhiệm vụ phối hợp với các cơ quan có liên quan tổ chức triển khai thực hiện "
              "Kế hoạch.", Roles(host=hosts, coordinators=[w.aid("group-so-ban-nganh")])),
             ("Tăng cường công tác tuyên truyền, vận động các tổ chức, doanh nghiệp và các tầng lớp nhân dân tích cực "
              "tham gia thực hiện chính sách xã hội, huy động nguồn lực tri ân người có công với cách mạng, chăm lo "
              "đời sống cho hộ nghèo, người có hoàn cảnh khó khăn.", Roles(host=hosts))]
    bodies = ["group-so-ban-nganh", "group-ubnd-cap-huyen"] if w.districts() else ["group-so-ban-nganh"]
    listed, ids = w.listing(bodies, first_capital=True)
    units.append((f"{listed} trong phạm vi, chức năng, nhiệm vụ của mình xây dựng kế hoạch cụ thể hàng năm, tổ chức, "
                  f"triển khai Kế hoạch.", Roles(host=ids)))
    if spec.lead:
        units.append((f"Trong quá trình thực hiện Kế hoạch, nếu phát sinh khó khăn, vướng mắc, các cơ quan, đơn vị, "
                      f"địa phương phản ánh kịp thời về {w.name(spec.lead)} để tổng hợp, đề xuất, báo cáo Ủy ban nhân "
                      f"dân {u} chỉ đạo, giải quyết./.", Roles()))
    for k, (text, roles) in enumerate(units, start=1):
        line = w.page.para(text)
        w.page.task(w.tid(f"{roman}.{n}~{k}"), line, f"{roman}.{n}", roles)


# -- party-annex (Hải Dương) ---------------------------------------------------------------------------

_PROJECTS = (
    ("ĐỀ ÁN", "Đề án “Phát triển nguồn nhân lực đáp ứng yêu cầu xây dựng {name} trở thành {unit} công nghiệp hiện "
              "đại vào năm {end}”"),
    ("ĐỀ ÁN", "Đề án “Nâng cao chất lượng giáo dục nghề nghiệp {unit} {name} giai đoạn {start} - {end}”"),
    ("ĐỀ ÁN", "Đề án “Hỗ trợ người lao động tìm kiếm việc làm bền vững giai đoạn {start} - {end}”"),
    ("ĐỀ ÁN", "Đề án “Phát triển hệ thống trợ giúp xã hội {unit} {name}”"),
    ("ĐỀ ÁN", "Đề án “Chăm sóc sức khỏe người cao tuổi dựa vào cộng đồng giai đoạn {start} - {end}”"),
    ("DỰ ÁN", "Dự án “Xây dựng công trình Đền Liệt sĩ {unit} {name}”"),
    ("DỰ ÁN", "Dự án “Xây dựng, phát triển Trung tâm Bảo trợ xã hội {unit} {name} thành Cơ sở trợ giúp xã hội tổng "
              "hợp”"),
    ("DỰ ÁN", "Dự án “Xây dựng, nâng cấp, sửa chữa cơ sở nuôi dưỡng, điều dưỡng người có công với cách mạng”"),
    ("DỰ ÁN", "Dự án “Đầu tư xây dựng nhà ở xã hội cho công nhân các khu công nghiệp”"),
    ("DỰ ÁN", "Dự án “Nâng cấp Trung tâm Dịch vụ việc làm {unit} {name}”"),
    ("DỰ ÁN", "Dự án “Cải tạo, nâng cấp các công trình cấp nước sạch nông thôn”"),
    ("CƠ CHẾ, CHÍNH SÁCH", "Nghị quyết của Hội đồng nhân dân {unit} về chính sách hỗ trợ người có công với cách mạng "
                           "khó khăn về nhà ở"),
    ("CƠ CHẾ, CHÍNH SÁCH", "Nghị quyết của Hội đồng nhân dân {unit} quy định mức chuẩn trợ giúp xã hội"),
    ("CƠ CHẾ, CHÍNH SÁCH", "Chính sách hỗ trợ đóng bảo hiểm y tế cho người thuộc hộ gia đình cận nghèo"),
)


def party_annex(spec: Spec, rng: Rand) -> Written:
    w = Writer(spec, rng)
    u, p = w.unit, w.province
    assert p is not None and spec.number is not None
    start, end = spec.period
    topic = f"đảm bảo an sinh xã hội {u} {p.name} giai đoạn {start} - {end}"
    w.start(f"CHƯƠNG TRÌNH {topic}")
    w.page.blank(2)
    w.page.line("**CHƯƠNG TRÌNH**")
    w.page.para(f"**{topic}**")
    w.page.para("-----")
    refs = ", ".join(w.cite.chain(r, 1 if r.parent else 0) for r in spec.parents)
    w.cite.implements(w.page.doc_id, spec.parents)
    w.page.para(f"Thực hiện {refs}; Ban Chấp hành Đảng bộ {u} xây dựng Chương trình đảm bảo an sinh xã hội {u} giai "
                f"đoạn {start}-{end}, cụ thể như sau:")
    w.page.para("**Phần thứ nhất**")
    w.page.para(f"**TÌNH HÌNH THỰC HIỆN AN SINH XÃ HỘI GIAI ĐOẠN {start - 5}-{start - 1}**")
    w.page.para(f"**I. THỰC TRẠNG ĐẢM BẢO AN SINH XÃ HỘI GIAI ĐOẠN {start - 5}-{start - 1}**")
    for k, text in enumerate(rng.some(w.vocab.past, 2, 5), start=1):
        w.page.para(f"**{k}. {rng.pick(w.vocab.past_headings)}**")
        w.page.para(w.fill(text))
    w.page.para("## II. HẠN CHẾ VÀ NGUYÊN NHÂN")
    for k, title in ((1, "Hạn chế"), (2, "Nguyên nhân")):
        w.page.para(f"### {k}. {title}")
        for text in rng.some(w.vocab.shortfalls, 2, 4):
            w.page.para(f"- {w.fill(text)}")
    w.page.para("## **Phần thứ hai**")
    w.page.para(f"# **MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN AN SINH XÃ HỘI GIAI ĐOẠN {start}-{end}**")
    w.page.para("## **I. MỤC TIÊU CHUNG**")
    w.page.para(w.fill(rng.pick(w.vocab.general_objectives)))
    w.page.para(f"## **II. MỤC TIÊU VÀ CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM {spec.target_year}**")
    target, clauses = w.targets(w.size(3, 9), spec.target_year)
    k = 0
    while clauses:
        n = min(len(clauses), rng.weighted(((1, 3), (2, 2), (3, 1))))
        group, clauses = clauses[:n], clauses[n:]
        k += 1
        line = w.page.para(f"**{k}.** {capital('; '.join(c for c, _ in group))}.")
        for _, facts in group:
            target.record(line, f"P2.II.{k}", facts)
    w.page.para("### III. CÁC HOẠT ĐỘNG VÀ NHIỆM VỤ CỤ THỂ")
    for g in range(1, w.size(2, 4) + 1):
        if rng.chance(0.4):
            w.page.para(f"#### {g}. {rng.pick(w.vocab.task_headings)}")
            for d in range(1, w.size(1, 4) + 1):
                w.page.para(f"##### {g}.{d}. {rng.pick(w.vocab.task_headings)}")
                _bullets(w, f"P2.III.{g}.{d}", w.size(2, 6))
        else:
            w.page.para(f"#### {g}. {rng.pick(w.vocab.task_headings)}")
            _bullets(w, f"P2.III.{g}", w.size(2, 6))
    w.page.para("## **IV. CÁC GIẢI PHÁP THỰC HIỆN**")
    for g, head in enumerate(("Giải pháp về nâng cao hiệu quả, năng lực quản lý",
                              "Giải pháp về tuyên truyền, ứng dụng công nghệ thông tin",
                              "Giải pháp về cơ chế, chính sách", "Giải pháp về kinh phí")[:rng.randint(2, 4)], start=1):
        w.page.para(f"### **{g}. {head}**")
        _bullets(w, f"P2.IV.{g}", w.size(2, 6))
    w.page.para("### **Phần thứ ba**")
    w.page.para("## **TỔ CHỨC THỰC HIỆN**")
    _party_organisation(w, "P3", numbered_bold=True)
    w.distribution(["- Ban Bí thư TW Đảng,", "- Văn phòng TW Đảng,", "- Các ban xây dựng Đảng, VPTU,",
                    "- Các sở, ban, ngành, đoàn thể tỉnh,", "- Lưu Văn phòng Tỉnh ủy."])
    w.page.para("**T/M BAN CHẤP HÀNH  ")
    w.page.line("BÍ THƯ**")
    w.page.para(f"**{w.signer()}**")
    _annex(w, f"Chương trình số {spec.number} -CTr/TU, ngày {spec.date.day:02d}/{spec.date.month}/{spec.date.year} "
              f"của Ban Chấp hành Đảng bộ {u}", topic)
    return w.done()


def _bullets(w: Writer, section: str, k: int) -> None:
    _free_tasks(w, section, [w.sentence() for _ in range(k)])


def _party_organisation(w: Writer, path: str, *, numbered_bold: bool) -> None:
    """Duties of the Party bodies, one numbered sentence each (Hải Dương, Hậu Giang)."""
    spec, u = w.spec, w.unit
    pc = w.province.party_committee if w.province else "Tỉnh ủy"
    items: list[tuple[str, Roles]] = [
        ("Các cấp ủy, tổ chức đảng tổ chức quán triệt và thực hiện nghiêm túc Chương trình; xây dựng kế hoạch thực "
         "hiện phù hợp với chức năng, nhiệm vụ, đặc điểm tình hình của địa phương, đơn vị.",
         Roles(host=[w.aid("group-cap-uy")])),
    ]
    if w.rng.chance(0.5):
        items.append(("Ban Chỉ đạo Chương trình có trách nhiệm xây dựng và ban hành quy chế hoạt động, phân công nhiệm "
                      "vụ cho các thành viên; tham mưu chỉ đạo thực hiện nội dung Chương trình.",
                      Roles(host=[w.aid("ban-chi-dao-chuong-trinh")])))
    items.append((f"Đảng đoàn Hội đồng nhân dân {u} chỉ đạo cụ thể hóa chủ trương của {u} thành các cơ chế, chính sách "
                  f"cụ thể nhằm đảm bảo mục tiêu phát triển kinh tế và an sinh xã hội bền vững.",
                  Roles(host=[w.aid("dang-doan-hdnd")])))
    if spec.lead:
        listed, ids = w.listing(["group-so-ban-nganh"])
        items.append((f"Ban cán sự đảng Ủy ban nhân dân {u} chỉ đạo {w.name(spec.lead)} chủ trì, phối hợp {listed} "
                      f"tham mưu xây dựng kế hoạch, các đề án triển khai thực hiện Chương trình; định kỳ báo cáo Ban "
                      f"Thường vụ {pc} kết quả thực hiện.", Roles(host=[w.aid(spec.lead)], coordinators=ids)))
    else:
        items.append((f"Ban cán sự đảng Ủy ban nhân dân {u} chỉ đạo Ủy ban nhân dân {u} ban hành kế hoạch thực hiện "
                      f"Chương trình hành động của {pc}, sớm đưa nội dung Chương trình đi vào cuộc sống.",
                      Roles(host=[w.aid("ubnd")])))
    items.append((f"Ủy ban Mặt trận Tổ quốc {u} và các tổ chức chính trị - xã hội xây dựng kế hoạch triển khai, hướng "
                  f"dẫn, giám sát, tuyên truyền, vận động đoàn viên, hội viên và các tầng lớp nhân dân thực hiện "
                  f"Chương trình.", Roles(host=[w.aid("mttq"), w.aid("group-to-chuc-chinh-tri-xa-hoi")])))
    items.append((f"Ban Tuyên giáo {pc} chỉ đạo, hướng dẫn tuyên truyền các nội dung Chương trình trong toàn Đảng bộ "
                  f"và các tầng lớp nhân dân trên địa bàn {u}.", Roles(host=[w.aid("ban-tuyen-giao-tinh-uy")])))
    if pc == "Tỉnh ủy" or spec.probing:
        items.append((f"Các ban xây dựng Đảng {pc}, Văn phòng {pc} theo dõi, đôn đốc việc thực hiện chương trình, "
                      f"định kỳ báo cáo Ban Thường vụ {pc}.",
                      Roles(host=[w.aid("group-ban-xay-dung-dang"), w.aid("van-phong-tinh-uy")])))
        if pc == "Thành ủy":
            spec.probes.add("city-party-bodies")
    for k, (text, roles) in enumerate(items, start=1):
        token = f"**{k}.**" if numbered_bold and w.rng.chance(0.6) else f"{k}."
        line = w.page.para(f"{token} {text}")
        w.page.task(w.tid(f"{path}.{k}"), line, f"{path}.{k}", roles)


def _annex(w: Writer, attached: str, topic: str) -> None:
    """The appendix table of schemes and projects with their owners (tab-separated rows)."""
    rng, u = w.rng, w.unit
    p = w.province
    assert p is not None
    start, end = w.spec.period
    w.page.para("**Phụ lục**  ")
    w.page.line("**DANH MỤC CÁC NHIỆM VỤ, ĐỀ ÁN, DỰ ÁN CHỦ YẾU**  ")
    w.page.line(f"**Thực hiện Chương trình {topic}**  ")
    w.page.line(f"*(Kèm theo {attached})*")
    w.page.para("-----")
    w.page.para("\t".join(("STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Cơ quan quyết định",
                           "Thời gian ban hành", "Dự kiến nguồn kinh phí")))
    groups = [g for g in ("ĐỀ ÁN", "DỰ ÁN", "CƠ CHẾ, CHÍNH SÁCH") if rng.chance(0.85)] or ["ĐỀ ÁN"]
    for gi, group in enumerate(groups):
        roman = ROMAN[gi]
        w.page.line(f"<b>{roman}</b>\t<b>DANH MỤC {group}</b>\t\t\t\t\t")
        names = [t for g, t in _PROJECTS if g == group]
        rows = w.size(1, 6) if w.spec.size < 2 else w.size(4, 12)
        for idx in range(1, rows + 1):
            name = rng.pick(names).format(unit=u, name=p.name, start=start, end=end)
            if rows > len(names):
                name = name.replace("”", f" (giai đoạn {idx})”") if "”" in name else f"{name} (đợt {idx})"
            host = w.spec.lead or "so-lao-dong-tbxh"
            hosts = [host] if rng.chance(0.8) else [rng.pick(w.departments())]
            host_text, host_ids = w.listing(hosts)
            coords = rng.some([k for k in w.departments() if k in SHORT_NAMES and k not in hosts], 2, 5)
            enum, coord_ids = w.enumeration(coords)
            if w.districts() and rng.chance(0.6):
                enum += "; " + w.name("group-ubnd-cap-huyen")
                coord_ids.append(w.aid("group-ubnd-cap-huyen"))
            decider = rng.pick((f"- UBND {u} - Bộ LĐTBXH", f"UBND {u}", f"HĐND {u}"))
            index = f"<b>{idx}</b>" if rng.chance(0.8) else str(idx)
            line = w.page.line("\t".join((index, name, host_text, enum, decider, f"Năm {rng.randint(start, end)}",
                                          "Trung ương, địa phương và xã hội hóa")))
            path = f"PL.{roman}.{idx}"
            w.page.task(w.tid(path), line, "PL", Roles(host=host_ids, coordinators=coord_ids))
    w.page.line("\t".join(("---", "---", "-" * 30, "--", "-" * 20, "-" * 10, "-" * 20)))


# -- party-plain (Hậu Giang) ---------------------------------------------------------------------------


def party_plain(spec: Spec, rng: Rand) -> Written:
    w = Writer(spec, rng)
    u, p = w.unit, w.province
    assert p is not None
    pc = p.party_committee
    kind_word = "CHƯƠNG TRÌNH" if spec.kind == "CTr" else "KẾ HOẠCH"
    issuer_line = f"CỦA BAN CHẤP HÀNH ĐẢNG BỘ {u.upper()}" if spec.issuer_key == "ban-chap-hanh-dang-bo" else \
        f"CỦA BAN THƯỜNG VỤ {pc.upper()}"
    verb = "thực hiện" if spec.kind == "CTr" else "triển khai thực hiện"
    body = f"{verb} {parents_phrase(w, 1)}"
    if spec.annual:
        body += f" giai đoạn {spec.period[0]} - {spec.period[1]}"
    title_lines = _hard_wrap(body, rng, 60)
    w.start(" ".join([kind_word, issuer_line, *title_lines]))
    w.page.line(" *")
    if spec.number:
        w.page.line(f"Số {spec.number}-{spec.kind}/TU")
    else:
        w.page.line(f"Số      -{spec.kind}/TU")
        w.page.para("Dự thảo ")
    w.page.para("ĐẢNG CỘNG SẢN VIỆT NAM")
    w.page.para(w.dateline())
    w.page.blank()
    w.page.para(kind_word + " ")
    w.page.line(issuer_line)
    for text in title_lines:
        w.page.line(text)
    w.cite.implements(w.page.doc_id, spec.parents)
    w.page.line("-----")
    subject = f"Ban Chấp hành Đảng bộ {u}" if spec.issuer_key == "ban-chap-hanh-dang-bo" else f"Ban Thường vụ {pc}"
    first = spec.parents[0]
    w.page.line(f"Thực hiện {w.cite.chain(first, 0)} (viết tắt là {w.cite.one(first, dated=False, issuer=False)}), "
                f"{subject} ban hành {'Chương trình hành động' if spec.kind == 'CTr' else 'Kế hoạch'} thực hiện như "
                f"sau:")
    w.cite.implements(w.page.doc_id, [first])
    w.page.para("I. QUAN ĐIỂM")
    for k, text in enumerate(rng.some(w.vocab.viewpoints + w.vocab.purposes, 2, 4), start=1):
        w.page.para(f"{k}. {w.fill(text)}", blank=rng.pick((1, 1, 0)))
    w.page.line("II. MỤC TIÊU, CHỈ TIÊU")
    w.page.para(f"1. Mục tiêu tổng quát đến năm {spec.target_year} ")
    w.page.para(w.fill(rng.pick(w.vocab.general_objectives)))
    w.page.para(f"2. Các chỉ tiêu chủ yếu đến năm {spec.target_year}")
    target, clauses = w.targets(w.size(6, 20), spec.target_year)
    while clauses:
        n = min(len(clauses), rng.randint(2, 6))
        group, clauses = clauses[:n], clauses[n:]
        line = w.page.para(capital("; ".join(c for c, _ in group)) + ". ", blank=rng.pick((0, 1)))
        for _, facts in group:
            target.record(line, "II.2", facts)
    if spec.target_year >= 2030:
        w.page.para("3. Tầm nhìn đến năm 2045 ")
        w.page.line(w.fill(rng.pick(w.vocab.visions)))
    w.page.para("III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU ")
    for g, head in enumerate(rng.some(w.vocab.group_headings, 4, 9), start=1):
        w.page.para(f"{g}. {head} ")
        k = w.size(1, 6)
        for j in range(1, k + 1):
            line = w.page.para(w.sentence(), blank=rng.pick((1, 1, 0)) if j > 1 else 1)
            w.page.task(w.tid(f"III.{g}" + (f"~{j}" if k > 1 else "")), line, f"III.{g}", Roles(), w.lead_id)
    w.page.para("IV. TỔ CHỨC THỰC HIỆN")
    _party_organisation(w, "IV", numbered_bold=False)
    w.page.para(f"Trên đây là {'Chương trình' if spec.kind == 'CTr' else 'Kế hoạch'} của {subject} "
                f"{verb} {w.cite.one(first)}.")
    w.distribution(["- Ban Bí thư Trung ương,", "- Các đ/c Ủy viên BCH Đảng bộ tỉnh,",
                    "- Các ban cán sự đảng, đảng đoàn, ", "- Các sở, ban, ngành tỉnh,"])
    return w.done()


# -- dept-plan ----------------------------------------------------------------------------------------


def dept_plan(spec: Spec, rng: Rand) -> Written:
    w = Writer(spec, rng)
    u, p = w.unit, w.province
    assert p is not None
    title = "Triển khai thực hiện " + parents_phrase(w, 1)
    if spec.annual:
        title += f" năm {spec.annual}"
    w.start(f"KẾ HOẠCH {title}")
    header = (f"UBND {u.upper()} {p.name.upper()}", w.name(spec.issuer_key, plain=True).upper())
    w.header_state(spec.issuer_code, header)
    w.page.para("KẾ HOẠCH")
    w.page.para(title)
    w.cite.implements(w.page.doc_id, spec.parents)
    bases(w)
    opening_implements(w, w.name(spec.issuer_key, plain=True), "ban hành Kế hoạch triển khai thực hiện")
    _purpose_section(w, "I")
    w.heading("II.", "NHIỆM VỤ VÀ GIẢI PHÁP", 1)
    for g in range(1, w.size(3, 6) + 1):
        w.heading(f"{g}.", rng.pick(w.vocab.task_headings), 2)
        k = w.size(2, 6)
        for j in range(1, k + 1):
            text = w.sentence(topic=spec.issuer_key if rng.chance(0.7) else None)
            roles = Roles()
            if rng.chance(0.15):
                coords = w.coordinator_keys(spec.issuer_key, 1, 2)
                listed, ids = w.listing(coords)
                roles.add_coordinators(ids)
                text = f"Phối hợp với {listed} {w.lower(text)}"
            line = w.page.wrapped(f"- {text}", rng)
            w.page.task(w.tid(f"II.{g}" + (f"~{j}" if k > 1 else "")), line, f"II.{g}", roles)
    w.heading("III.", "TỔ CHỨC THỰC HIỆN", 1)
    line = w.page.para("1. Các phòng chức năng, đơn vị trực thuộc Sở theo chức năng, nhiệm vụ được giao xây dựng kế "
                       "hoạch chi tiết, tổ chức triển khai thực hiện có hiệu quả các nội dung của Kế hoạch này.")
    w.page.task(w.tid("III.1"), line, "III.1", Roles())
    bodies = [k for k in ("bao-hiem-xa-hoi", "group-ubnd-cap-huyen") if k != "group-ubnd-cap-huyen" or w.districts()]
    listed, ids = w.listing(bodies)
    line = w.page.para(f"2. Đề nghị {listed} phối hợp triển khai thực hiện Kế hoạch; định kỳ gửi báo cáo kết quả thực "
                       f"hiện về {w.name(spec.issuer_key, plain=True)}.")
    w.page.task(w.tid("III.2"), line, "III.2", Roles(host=ids))
    w.distribution([f"- UBND {u} (để b/c);", "- Các phòng, đơn vị thuộc Sở;", "- Lưu: VT."])
    w.signature(("GIÁM ĐỐC",), w.signer())
    return w.done()


# -- ministry-plan -----------------------------------------------------------------------------------

_MINISTRIES = ("bo-ldtbxh", "bo-y-te", "bo-gddt", "bo-xay-dung", "bo-noi-vu", "bo-tai-chinh", "bo-khdt", "bo-tttt",
               "bo-vhttdl", "bhxh-viet-nam", "uy-ban-dan-toc")


def ministry_plan(spec: Spec, rng: Rand) -> Written:
    w = Writer(spec, rng)
    title = "Triển khai thực hiện " + parents_phrase(w, 1)
    w.start(f"KẾ HOẠCH {title}")
    issuer = w.name(spec.issuer_key, plain=True)
    w.header_state(spec.issuer_code, (issuer.upper(),))
    w.page.para("KẾ HOẠCH")
    w.page.para(title)
    w.cite.implements(w.page.doc_id, spec.parents)
    opening_implements(w, issuer, "ban hành Kế hoạch triển khai thực hiện")
    w.heading("I.", "MỤC ĐÍCH, YÊU CẦU", 1)
    for text in w.purpose_bullets(2):
        w.page.para(f"- {text}")
    w.heading("II.", "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", 1)
    for g, head in enumerate(rng.some(w.vocab.group_headings, 4, 8), start=1):
        w.heading(f"{g}.", head, 2)
        for j in range(1, w.size(1, 6) + 1):
            text = w.sentence(2)
            if len(text) <= 100:
                text = w.sentence(3)
            line = w.page.para(f"{g}.{j}. {text}")
            hosts = [spec.issuer_key] if rng.chance(0.6) else [rng.pick(_MINISTRIES)]
            coords = rng.some([m for m in _MINISTRIES if m not in hosts], 1, 3)
            roles = w.block(hosts, coords)
            if spec.probing and rng.chance(0.05):
                w.page.lines[-1] = w.page.lines[-1].rstrip(".") + ", Ủy ban nhân dân các tỉnh, thành phố trực thuộc " \
                                                                   "Trung ương."
                spec.probes.add("central-ubnd-cac-tinh")
            w.page.task(w.tid(f"II.{g}.{j}"), line, f"II.{g}.{j}", roles)
    w.heading("III.", "TỔ CHỨC THỰC HIỆN", 1)
    line = w.page.para(f"1. Các cơ quan, đơn vị thuộc {issuer} theo chức năng, nhiệm vụ được giao xây dựng kế hoạch "
                       f"chi tiết và tổ chức thực hiện các nhiệm vụ nêu tại Kế hoạch này.")
    w.page.task(w.tid("III.1"), line, "III.1", Roles())
    w.distribution(["- Văn phòng Chính phủ;", "- Các Bộ, ngành;", "- Lưu: VT."])
    w.signature(("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"), w.signer())
    return w.done()


LAYOUTS: dict[str, Callable[[Spec, Rand], Written]] = {
    "ubnd-blocks": ubnd_blocks, "ubnd-free": ubnd_free, "ubnd-duties": ubnd_duties, "party-annex": party_annex,
    "party-plain": party_plain, "dept-plan": dept_plan, "ministry-plan": ministry_plan,
}
