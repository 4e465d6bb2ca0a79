"""The pieces a synthetic document is written from: agencies as documents name them, citations of
parent documents, target clauses, headings, and the page that numbers lines and records the truth.

Every fact goes into the truth at the moment its words are written, so the truth and the text cannot
drift apart: a role is written with ``Page.roles``, a citation with ``Cite``, a target with ``Target``.
Ids follow the documented schemes (``loaders.identity.document_id`` for documents, ``<entry>.<province>``
for provincial agencies, the section path plus ``~k`` for tasks), computed from what the generator
wrote, never by reading the text back.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from bench.vocab import Province

T = TypeVar("T")

# -- randomness ------------------------------------------------------------------------------------


class Rand(random.Random):
    """A seeded generator with the few draws the writers need."""

    def pick(self, items: Sequence[T]) -> T:
        return items[self.randrange(len(items))]

    def weighted(self, options: Sequence[tuple[T, float]]) -> T:
        return self.choices([o for o, _ in options], weights=[w for _, w in options])[0]

    def chance(self, p: float) -> bool:
        return self.random() < p

    def some(self, items: Sequence[T], lo: int, hi: int) -> list[T]:
        k = min(len(items), self.randint(lo, max(lo, hi)))
        return self.sample(list(items), k)


# -- agencies --------------------------------------------------------------------------------------

# How documents write each body: (spelling, weight). ``{u}`` is the unit word (tỉnh / thành phố),
# ``{n}`` the province name, ``{pc}`` the Party committee (Tỉnh ủy / Thành ủy).
PROVINCIAL_NAMES: dict[str, tuple[tuple[str, float], ...]] = {
    "so-lao-dong-tbxh": (("Sở Lao động - Thương binh và Xã hội", 6), ("Sở Lao động, Thương binh và Xã hội", 2),
                         ("Sở LĐTBXH", 1), ("Sở LĐ-TB&XH", 1)),
    "so-y-te": (("Sở Y tế", 1),),
    "so-giao-duc-dao-tao": (("Sở Giáo dục và Đào tạo", 5), ("Sở GD&ĐT", 1)),
    "so-xay-dung": (("Sở Xây dựng", 1),),
    "so-thong-tin-truyen-thong": (("Sở Thông tin và Truyền thông", 5), ("Sở TT&TT", 1)),
    "so-ke-hoach-dau-tu": (("Sở Kế hoạch và Đầu tư", 5), ("Sở KH&ĐT", 1)),
    "so-tai-chinh": (("Sở Tài chính", 1),),
    "so-noi-vu": (("Sở Nội vụ", 1),),
    "so-van-hoa-the-thao-du-lich": (("Sở Văn hóa, Thể thao và Du lịch", 4), ("Sở VHTTDL", 1)),
    "so-nong-nghiep-ptnt": (("Sở Nông nghiệp và Phát triển nông thôn", 4), ("Sở NN&PTNT", 1)),
    "so-tai-nguyen-moi-truong": (("Sở Tài nguyên và Môi trường", 4), ("Sở TN&MT", 1)),
    "so-tu-phap": (("Sở Tư pháp", 1),),
    "so-cong-thuong": (("Sở Công Thương", 1),),
    "so-khoa-hoc-cong-nghe": (("Sở Khoa học và Công nghệ", 1),),
    "so-nong-nghiep-moi-truong": (("Sở Nông nghiệp và Môi trường", 1),),
    "so-dan-toc-ton-giao": (("Sở Dân tộc và Tôn giáo", 1),),
    "so-giao-thong-van-tai": (("Sở Giao thông vận tải", 1),),
    "bao-hiem-xa-hoi": (("Bảo hiểm xã hội {u}", 5), ("BHXH {u}", 1)),
    "ngan-hang-csxh": (("Ngân hàng Chính sách xã hội chi nhánh {u}", 3),
                       ("Ngân hàng chính sách xã hội chi nhánh {u} {n}", 1), ("Ngân hàng CSXH chi nhánh {u}", 1)),
    "ban-quan-ly-kcn": (("Ban Quản lý các khu công nghiệp {u}", 1),),
    "cong-an": (("Công an {u}", 1),),
    "bo-chi-huy-quan-su": (("Bộ Chỉ huy Quân sự {u}", 1),),
    "mttq": (("Ủy ban Mặt trận Tổ quốc Việt Nam {u}", 3), ("Ủy ban MTTQ Việt Nam {u}", 1), ("Ủy ban MTTQ {u}", 1),
             ("UBMTTQVN {u}", 1)),
    "lien-doan-lao-dong": (("Liên đoàn Lao động {u}", 1),),
    "tinh-doan": (("{youth}", 1),),
    "hoi-lhpn": (("Hội Liên hiệp Phụ nữ {u}", 1),),
    "hoi-nong-dan": (("Hội Nông dân {u}", 1),),
    "hoi-ccb": (("Hội Cựu chiến binh {u}", 1),),
    "ubnd": (("Ủy ban nhân dân {u}", 4), ("UBND {u}", 1)),
    "hdnd": (("Hội đồng nhân dân {u}", 1),),
    "tinh-uy": (("{pc}", 1),),
    "ban-thuong-vu-tinh-uy": (("Ban Thường vụ {pc}", 1),),
    "ban-chap-hanh-dang-bo": (("Ban Chấp hành Đảng bộ {u}", 1),),
    "ban-tuyen-giao-tinh-uy": (("Ban Tuyên giáo {pc}", 1),),
    "van-phong-tinh-uy": (("Văn phòng {pc}", 1),),
    "ban-can-su-dang-ubnd": (("Ban cán sự đảng Ủy ban nhân dân {u}", 1),),
    "dang-doan-hdnd": (("Đảng đoàn Hội đồng nhân dân {u}", 1),),
    "ban-chi-dao-chuong-trinh": (("Ban Chỉ đạo Chương trình", 1),),
    "thanh-tra": (("Thanh tra {u}", 1),),
    "van-phong-ubnd": (("Văn phòng Ủy ban nhân dân {u}", 1),),
    "group-so-ban-nganh": (("các sở, ban, ngành có liên quan", 4), ("các sở, ban, ngành liên quan", 1),
                           ("các sở, ngành có liên quan", 2), ("các sở, ngành liên quan", 1),
                           ("các sở, ban, ngành", 2)),
    "group-ubnd-cap-huyen": (("{districts}", 1),),
    "group-to-chuc-chinh-tri-xa-hoi": (("các tổ chức chính trị - xã hội", 3),
                                       ("các đoàn thể chính trị - xã hội", 1)),
    "group-cap-uy": (("các cấp ủy, tổ chức đảng", 2), ("các cấp ủy đảng", 1)),
    "group-ban-xay-dung-dang": (("các ban xây dựng Đảng {pc}", 1),),
    "group-ban-can-su-dang": (("các ban cán sự đảng", 1),),
    "group-dang-doan": (("đảng đoàn", 1),),
    "group-co-quan-lien-quan": (("các cơ quan, đơn vị liên quan", 1),),
}
# A department named inside "Các sở, ngành: …", without its "Sở".
SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "so-lao-dong-tbxh": ("Lao động - Thương binh và Xã hội", "Lao động, Thương binh và Xã hội"),
    "so-y-te": ("Y tế",), "so-giao-duc-dao-tao": ("Giáo dục và Đào tạo", "Giáo dục Đào tạo"),
    "so-xay-dung": ("Xây dựng",), "so-thong-tin-truyen-thong": ("Thông tin và Truyền thông",),
    "so-ke-hoach-dau-tu": ("Kế hoạch và Đầu tư", "Kế hoạch - Đầu tư"), "so-tai-chinh": ("Tài chính",),
    "so-noi-vu": ("Nội vụ",), "so-van-hoa-the-thao-du-lich": ("Văn hóa, Thể thao và Du lịch",),
    "so-nong-nghiep-ptnt": ("Nông nghiệp và Phát triển nông thôn",),
    "so-tai-nguyen-moi-truong": ("Tài nguyên và Môi trường",), "so-tu-phap": ("Tư pháp",),
    "so-cong-thuong": ("Công Thương",), "so-khoa-hoc-cong-nghe": ("Khoa học và Công nghệ",),
    "so-nong-nghiep-moi-truong": ("Nông nghiệp và Môi trường",), "so-dan-toc-ton-giao": ("Dân tộc và Tôn giáo",),
}
CENTRAL_NAMES: dict[str, tuple[str, ...]] = {
    "bo-ldtbxh": ("Bộ Lao động - Thương binh và Xã hội", "Bộ LĐTBXH"), "bo-y-te": ("Bộ Y tế",),
    "bo-gddt": ("Bộ Giáo dục và Đào tạo",), "bo-tai-chinh": ("Bộ Tài chính",), "bo-khdt": ("Bộ Kế hoạch và Đầu tư",),
    "bo-xay-dung": ("Bộ Xây dựng",), "bo-noi-vu": ("Bộ Nội vụ",), "bo-tttt": ("Bộ Thông tin và Truyền thông",),
    "bo-vhttdl": ("Bộ Văn hóa, Thể thao và Du lịch",), "bo-cong-an": ("Bộ Công an",),
    "bhxh-viet-nam": ("Bảo hiểm xã hội Việt Nam",), "uy-ban-dan-toc": ("Ủy ban Dân tộc",),
    "bo-nn-ptnt": ("Bộ Nông nghiệp và Phát triển nông thôn",), "bo-tn-mt": ("Bộ Tài nguyên và Môi trường",),
    "bo-khcn": ("Bộ Khoa học và Công nghệ",), "chinh-phu": ("Chính phủ",), "thu-tuong": ("Thủ tướng Chính phủ",),
    "bo-chinh-tri": ("Bộ Chính trị",), "bch-trung-uong": ("Ban Chấp hành Trung ương Đảng",),
}
GROUPS = frozenset(k for k in PROVINCIAL_NAMES if k.startswith("group-"))
# Bodies a document names which the registry has an entry for but does not find in prose (see
# the report): kept rare, and tagged as probes so the accuracy can be read with and without them.
PROBE_AGENCIES = frozenset({"thanh-tra", "van-phong-ubnd"})


def agency_id(key: str, province: Province | None) -> str:
    """The registry id: provincial bodies are scoped by the document's province."""
    if key in PROVINCIAL_NAMES and province is not None:
        return f"{key}.{province.id}"
    return key


def name_of(key: str, province: Province | None, rng: Rand, *, plain: bool = False) -> str:
    """One spelling of a body as a document of ``province`` writes it (``plain``: the canonical one)."""
    if key in CENTRAL_NAMES:
        names = CENTRAL_NAMES[key]
        return names[0] if plain else rng.pick(names)
    options = PROVINCIAL_NAMES[key]
    text = options[0][0] if plain else rng.weighted(options)
    assert province is not None
    city = province.unit == "thành phố"
    districts = rng.weighted((("Ủy ban nhân dân các quận, huyện", 3), ("UBND các quận, huyện", 1))) if city else \
        rng.weighted((("Ủy ban nhân dân các huyện, thị xã, thành phố", 4),
                      ("UBND các huyện, thị xã, thành phố", 1), ("Ủy ban nhân dân các huyện, thành phố", 1)))
    return text.format(u=province.unit, n=province.name, pc=province.party_committee,
                       youth="Thành đoàn" if city else "Tỉnh đoàn", districts=districts)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- truth -----------------------------------------------------------------------------------------


@dataclass
class TaskTruth:
    id: str
    line: int
    section: str
    host: list[str]
    coordinators: list[str]
    host_inherited: bool = False


@dataclass
class TargetTruth:
    line: int
    section: str
    indicator_id: str
    comparator: str
    value: float
    value_max: float | None
    unit: str
    year: int


@dataclass(frozen=True)
class Edge:
    subject: str
    relation: str
    object: str


@dataclass
class Roles:
    """Roles a piece of text assigns, as agency ids in the order written."""

    host: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)

    def add_host(self, ids: list[str]) -> None:
        self.host += [i for i in ids if i not in self.host]

    def add_coordinators(self, ids: list[str]) -> None:
        self.coordinators += [i for i in ids if i not in self.coordinators]

    def merge(self, other: Roles) -> None:
        self.add_host(other.host)
        self.add_coordinators(other.coordinators)


class Page:
    """The lines of one document and the facts written on them."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.lines: list[str] = []
        self.tasks: list[TaskTruth] = []
        self.targets: list[TargetTruth] = []
        self.edges: list[Edge] = []

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def blank(self, n: int = 1) -> None:
        self.lines.extend([""] * n)

    def line(self, text: str) -> int:
        """Write one line; its 1-based number."""
        self.lines.append(text)
        return len(self.lines)

    def para(self, text: str, blank: int = 1) -> int:
        """A paragraph after ``blank`` empty lines; the number of its first line."""
        self.blank(blank)
        return self.line(text)

    def wrapped(self, text: str, rng: Rand, p: float = 0.04, blank: int = 1) -> int:
        """A paragraph that is sometimes cut by a page break before a lower-case word, as in the
        real files ("…cho người học tại các cơ sở giáo dục" / blank / "nghề nghiệp …")."""
        head, tail = self._cut(text, rng) if rng.chance(p) else (text, "")
        first = self.para(head, blank)
        if tail:
            self.para(tail)
        return first

    @staticmethod
    def _cut(text: str, rng: Rand) -> tuple[str, str]:
        spots = [m.start() for m in re.finditer(r" (?=[a-zđà-ỹ]{2,}\s)", text) if 60 < m.start() < len(text) - 30
                 and text[m.start() - 1] not in ",;:."]
        if not spots:
            return text, ""
        cut = rng.pick(spots)
        return text[:cut], text[cut + 1:]

    def task(self, tid: str, line: int, section: str, roles: Roles, lead: str | None = None) -> None:
        """A task the loader should find; ``lead`` is the host it inherits when it names none."""
        host, inherited = list(roles.host), False
        if not host and lead:
            host, inherited = [lead], True
        self.tasks.append(TaskTruth(tid, line, section, host, list(roles.coordinators), inherited))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# -- dates and citations ---------------------------------------------------------------------------


def date_slash(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month}/{d.year}"


def date_words(d: dt.date) -> str:
    return f"{d.day:02d} tháng {d.month} năm {d.year}"


@dataclass(frozen=True)
class Ref:
    """A document as others cite it: "<word> số <label> ngày <date> của <issuer> <about>".

    ``parent`` is the document it implements, cited after ``verb`` when a citation goes one level
    deeper ("Chương trình số 113-CTr/TU … thực hiện Nghị quyết số 42-NQ/TW …").
    """

    id: str
    word: str
    label: str
    date: dt.date
    issuer: str
    about: str
    parent: Ref | None = None
    verb: str = "thực hiện"
    about_edges: tuple[Edge, ...] = ()
    also: tuple[Ref, ...] = ()  # further parents cited after the first ("… thực hiện A và B")
    plenum: str | None = None  # cited by name only ("Nghị quyết Hội nghị Trung ương 5 khóa XI")


def relation_of(verb: str) -> str:
    return "continues" if "tiếp tục" in verb else "implements"


class Cite:
    """Writes citations and records the lineage they state."""

    def __init__(self, page: Page, rng: Rand) -> None:
        self.page = page
        self.rng = rng

    def one(self, ref: Ref, *, dated: bool = True, issuer: bool = True) -> str:
        if ref.plenum:
            return ref.plenum
        text = f"{ref.word} số {ref.label}"
        if dated:
            when = date_slash(ref.date) if self.rng.chance(0.6) else date_words(ref.date)
            text += f"{self.rng.weighted(((' ngày ', 5), (', ngày ', 1)))}{when}"
        if issuer:
            text += f" của {ref.issuer}"
        return text

    def chain(self, ref: Ref, depth: int, *, dated: bool = True) -> str:
        """The citation and, ``depth`` levels down, what it implements; records the nested edges."""
        text = self.one(ref, dated=dated)
        if ref.parent is not None and depth > 0:
            parents = [ref.parent, *ref.also]
            self.page.edges.extend(Edge(ref.id, relation_of(ref.verb), p.id) for p in parents)
            return f"{text} {ref.verb} " + " và ".join(self.chain(p, depth - 1) for p in parents)
        self.page.edges.extend(ref.about_edges)
        return f"{text} {ref.about}".rstrip()

    def implements(self, subject: str, refs: list[Ref]) -> None:
        self.page.edges.extend(Edge(subject, "implements", r.id) for r in refs)

    def based_on(self, subject: str, refs: list[Ref]) -> None:
        self.page.edges.extend(Edge(subject, "based_on", r.id) for r in refs)


# -- targets ---------------------------------------------------------------------------------------


def vn_number(value: float, decimals: int = 0) -> str:
    """12392 → "12.392", 75.1 → "75,1"."""
    whole = int(value)
    text = f"{whole:,}".replace(",", ".")
    if decimals:
        frac = round(value - whole, decimals)
        text += "," + f"{frac:.{decimals}f}"[2:]
    return text


@dataclass(frozen=True)
class TargetTemplate:
    """One target clause as the real documents phrase it; ``{a}``/``{b}`` are values."""

    text: str
    indicator: str
    comparator: str
    unit: str
    lo: float
    hi: float
    decimals: int = 0
    span: float = 0.0  # a range: b = a + span


TARGETS: tuple[TargetTemplate, ...] = (
    TargetTemplate("Bảo đảm {a}% người có công và gia đình người có công với cách mạng được chăm lo toàn diện cả "
                   "vật chất và tinh thần", "meritorious-people-care", "=", "%", 95, 100),
    TargetTemplate("Tỷ lệ thất nghiệp chung dưới {a}%", "unemployment-rate", "<", "%", 1, 4),
    TargetTemplate("tỷ lệ thất nghiệp khu vực thành thị dưới {a}%", "urban-unemployment-rate", "<", "%", 1, 4),
    TargetTemplate("Tỷ lệ lao động qua đào tạo đạt {a}%", "trained-labour", "=", "%", 60, 85),
    TargetTemplate("Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt từ {a}% đến {b}%",
                   "trained-labour-certified", "range", "%", 30, 60, span=5),
    TargetTemplate("tỷ lệ lao động qua đào tạo được cấp chứng chỉ đạt {a}%", "trained-labour-certified", "=", "%",
                   25, 45),
    TargetTemplate("Lực lượng lao động trong độ tuổi lao động tham gia bảo hiểm xã hội đạt {a}%",
                   "social-insurance-coverage", "=", "%", 35, 65),
    TargetTemplate("{a}% lực lượng lao động trong độ tuổi lao động tham gia bảo hiểm thất nghiệp",
                   "unemployment-insurance-coverage", "=", "%", 30, 55),
    TargetTemplate("{a}% số người sau độ tuổi nghỉ hưu được hưởng lương hưu, bảo hiểm xã hội hằng tháng và trợ cấp "
                   "hưu trí xã hội", "pension-coverage", "=", "%", 45, 65),
    TargetTemplate("trên {a}% dân số tham gia bảo hiểm y tế", "health-insurance-coverage", ">", "%", 92, 96),
    TargetTemplate("tỷ lệ bao phủ bảo hiểm y tế so với dân số đạt {a}%", "health-insurance-coverage", "=", "%", 92,
                   98),
    TargetTemplate("trên {a}% người dân sử dụng dịch vụ chăm sóc ban đầu tại y tế cơ sở được bảo hiểm y tế chi trả",
                   "primary-care-insured", ">", "%", 90, 96),
    TargetTemplate("trên {a}% dân số được quản lý sức khỏe", "health-management", ">", "%", 90, 96),
    TargetTemplate("tỉ lệ tiêm chủng mở rộng đạt trên {a}%", "immunisation", ">", "%", 95, 99),
    TargetTemplate("tuổi thọ trung bình của người dân khoảng {a} tuổi", "life-expectancy", "=", "tuổi", 73, 76.5, 1),
    TargetTemplate("số năm sống khỏe đạt tối thiểu {a} năm", "healthy-years", ">=", "năm", 66, 69),
    TargetTemplate("tỉ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi dưới {a}%", "stunting-under-5", "<", "%",
                   12, 19),
    TargetTemplate("giảm tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi dưới {a}%, cơ bản chấm dứt các dịch "
                   "bệnh AIDS, lao và loại trừ sốt rét", "stunting-under-5", "<", "%", 12, 19),
    TargetTemplate("Xây dựng được ít nhất {a} căn hộ nhà ở xã hội cho người thu nhập thấp, công nhân khu công nghiệp",
                   "social-housing-units", ">=", "căn hộ", 1500, 15000),
    TargetTemplate("phấn đấu đáp ứng nhu cầu về nhà ở cho công nhân lao động có nhu cầu về nhà ở là {a} căn",
                   "social-housing-units", "=", "căn", 800, 5000),
    TargetTemplate("diện tích nhà ở bình quân đầu người đạt khoảng {a} m2 sàn/người", "housing-floor-area", "=",
                   "m2 sàn/người", 26, 34),
    TargetTemplate("{a}% hộ gia đình được sử dụng nước sạch theo quy chuẩn", "clean-water", "=", "%", 90, 100),
    TargetTemplate("{a}% hộ gia đình, trường học, trạm y tế có công trình phụ hợp vệ sinh bảo đảm tiêu chuẩn, "
                   "quy chuẩn", "sanitation", "=", "%", 95, 100),
    TargetTemplate("{a}% điểm dân cư nông thôn tập trung có hệ thống thu gom nước thải sinh hoạt",
                   "wastewater-collection", "=", "%", 20, 40),
    TargetTemplate("giảm tỷ lệ hộ nghèo {a}%/năm", "poverty-reduction", "reduce_by", "%/năm", 1, 2),
    TargetTemplate("{a}% đối tượng bảo trợ xã hội đủ điều kiện trợ cấp, có nhu cầu đều được trợ cấp xã hội hàng "
                   "tháng", "social-assistance", "=", "%", 100, 100),
    TargetTemplate("{a}% hộ gia đình chăm sóc trẻ em dưới 36 tháng tuổi, phụ nữ mang thai, người cao tuổi thuộc hộ "
                   "nghèo, cận nghèo được hưởng trợ cấp xã hội theo quy định", "social-assistance", "=", "%", 100, 100),
    TargetTemplate("tỉ lệ đi học đúng độ tuổi cấp tiểu học đạt {a}%", "school-enrolment", "=", "%", 98, 99.9, 1),
    TargetTemplate("tối thiểu {a}% học sinh tốt nghiệp trung học cơ sở tiếp tục học cấp trung học phổ thông",
                   "school-enrolment", ">=", "%", 75, 90),
    TargetTemplate("giải quyết việc làm cho {a} lao động", "job-creation", "=", "lao động", 20000, 400000),
    TargetTemplate("Có ít nhất {a}% các xã vùng đồng bào dân tộc thiểu số được hưởng thụ và tham gia các hoạt động "
                   "văn hoá", "culture-access", ">=", "%", 70, 90),
    TargetTemplate("{a}% xã, phường, thị trấn làm tốt công tác đền ơn đáp nghĩa", "commune-standard", "=", "%", 100,
                   100),
)
# Clauses with several values, phrased as the real documents phrase them: (text, [(indicator,
# comparator, unit, lo, hi)]). The first is read correctly; the last two are read as the real Hà Nam
# and Hậu Giang plans are (the second value takes the words of the first), which the truth does not follow.
GROUPED: tuple[tuple[str, tuple[tuple[str, str, str, float, float], ...]], ...] = (
    ("{a} giường bệnh, {b} bác sĩ, {c} dược sĩ trên 10.000 dân",
     (("hospital-beds", "=", "giường bệnh/10.000 dân", 25, 36), ("doctors", "=", "bác sĩ/10.000 dân", 9, 20),
      ("pharmacists", "=", "dược sĩ/10.000 dân", 2, 4))),
    ("{a}% điểm dân cư nông thôn tập trung có hệ thống thu gom nước thải sinh hoạt, {b}% nước thải sinh hoạt "
     "được xử lý", (("wastewater-collection", "=", "%", 20, 40), ("wastewater-treatment", "=", "%", 15, 30))),
    ("{a}% hộ gia đình ở thành thị và {b}% hộ gia đình ở nông thôn được sử dụng nước sạch theo quy chuẩn",
     (("clean-water-urban", "=", "%", 100, 100), ("clean-water", "=", "%", 70, 95))),
)


Fact = tuple[str, str, float, float | None, str]  # indicator, comparator, value, value_max, unit


class Target:
    """Writes target clauses and records them."""

    def __init__(self, page: Page, rng: Rand, year: int) -> None:
        self.page = page
        self.rng = rng
        self.year = year

    def _value(self, lo: float, hi: float, decimals: int) -> float:
        if lo == hi:
            return lo
        if decimals:
            return round(self.rng.uniform(lo, hi), decimals)
        return float(self.rng.randint(int(lo), int(hi)))

    def clauses(self, k: int) -> list[tuple[str, list[Fact]]]:
        """k clauses, each with the facts (indicator, comparator, value, value_max, unit) it states."""
        out: list[tuple[str, list[Fact]]] = []
        used: set[str] = set()
        for _ in range(k):
            if self.rng.chance(0.12):
                text, parts = self.rng.pick(GROUPED)
                values = [self._value(lo, hi, 0) for _, _, _, lo, hi in parts]
                names = dict(zip("abc", values, strict=False))
                facts: list[Fact] = [(ind, cmp, v, None, unit)
                                     for (ind, cmp, unit, _, _), v in zip(parts, values, strict=True)]
                key = text
                rendered = text.format(**{n: vn_number(v) for n, v in names.items()})
            else:
                t = self.rng.pick(TARGETS)
                a = self._value(t.lo, t.hi, t.decimals)
                b = a + t.span if t.span else None
                key = t.indicator + t.comparator + t.unit
                rendered = t.text.format(a=vn_number(a, t.decimals if a != int(a) else 0),
                                         b=vn_number(b) if b is not None else "")
                facts = [(t.indicator, t.comparator, a, b, t.unit)]
            if key in used:
                continue
            used.add(key)
            out.append((rendered, facts))
        return out

    def record(self, line: int, section: str, facts: list[Fact]) -> None:
        for indicator, comparator, value, value_max, unit in facts:
            self.page.targets.append(TargetTruth(line, section, indicator, comparator, value, value_max, unit,
                                                 self.year))


# -- headings --------------------------------------------------------------------------------------

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n")


@dataclass(frozen=True)
class Style:
    """How one document decorates its headings (the real files mix markdown, bold and plain)."""

    markdown: bool
    bold: bool

    def heading(self, token: str, text: str, level: int) -> str:
        body = f"{token} {text}".strip()
        if self.bold:
            body = f"**{body}**"
        if self.markdown:
            body = f"{'#' * min(6, level + 1)} {body}"
        return body


def style_of(rng: Rand) -> Style:
    return rng.weighted(((Style(False, False), 4), (Style(True, False), 2), (Style(True, True), 2),
                         (Style(False, True), 1)))
