"""Document layout: lines → a tree of numbered provisions holding paragraphs, bullets and table rows.

The corpus mixes markdown (``#``, ``**``), plain numbering (I., 1., 1.1., a)), bullets (-, +) and
tab-separated tables with HTML tags. Recognisers are a registry of (kind, pattern) tried in order,
so a new layout is one more entry, not another branch.

Lines are read as the author wrote them, not as a portal wrapped them: before the tree is built, a
line broken by a hard wrap is joined to the one it continues (``logical_lines``), by the rules of
``loaders.annotate``; an item spanning file lines 12-14 keeps line_start 12 and line_end 14, and its
quote is those lines. Site chrome and page furniture are skipped, and remembered, so that
``extract --explain`` can say why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from loaders import annotate
from loaders.text import SourceText, fold, fold_chars

LineKind = Literal["blank", "part", "article", "roman", "decimal", "arabic", "letter", "bullet", "row", "para"]

ROMAN = "XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I"
_PART_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6}

# (kind, pattern) in priority order; group 1 is the numbering token, group 2 the text after it.
RECOGNISERS: list[tuple[LineKind, re.Pattern[str]]] = [
    ("part", re.compile(r"^phần\s+thứ\s+(nhất|hai|ba|tư|năm|sáu)\b[.:]?\s*(.*)$", re.IGNORECASE)),
    # A decision's articles ("Điều 2. Giao Sở … chủ trì …"); a sentence about an article ("Điều kiện",
    # "Điều 5 của Luật …") has no full stop or colon right after the number.
    ("article", re.compile(r"^điều\s+(\d{1,3})\s*(?:[.:]\s*(.*)|$)", re.IGNORECASE)),
    ("roman", re.compile(rf"^({ROMAN})(?:\s*[.)]|\s*[-–](?=\s))\s*(.*)$")),  # "II." or the Party's "II-"
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+(.*)|$)")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.)](?!\d)\s*(.*)$")),
    ("letter", re.compile(r"^(?:[-–]\s*)?([a-zđ])\)\s*(.*)$")),
    ("bullet", re.compile(r"^([-+•–])\s+(.*)$")),
]
RANKS = {"part": 0, "article": 1, "roman": 1, "arabic": 2, "decimal": 3, "letter": 6, "appendix": 0}

_MARKUP = re.compile(r"</?b>|</?i>|</?strong>|\*{1,3}|^#{1,6}\s*", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[-_=*]{3,}$")
_TERMINAL = tuple(".;:!?)”\"»/")
_SIGNATURE = re.compile(r"^(t/?m\.?|kt\.|tm\.|chủ tịch|phó chủ tịch|bí thư|phó bí thư)\b", re.IGNORECASE)
_NUMBERED = frozenset({"part", "article", "roman", "decimal", "arabic", "letter"})

Zone = annotate.Zone  # where a provision stands; decided by headings and articles
# Folded keyword → zone; the keyword found earliest in a heading wins.
ZONE_KEYWORDS: list[tuple[str, Zone]] = [
    ("to chuc thuc hien", "organisation"),
    ("tinh hinh", "past"), ("thuc trang", "past"), ("ket qua dat duoc", "past"), ("han che", "past"),
    ("nguyen nhan", "past"), ("danh gia", "past"),
    ("tam nhin", "vision"),
    ("muc tieu", "objectives"), ("chi tieu", "objectives"),
    ("nhiem vu", "tasks"), ("giai phap", "tasks"), ("hoat dong", "tasks"), ("quan triet", "tasks"),
    ("kinh phi", "funding"),
    ("muc dich", "purpose"), ("yeu cau", "purpose"), ("quan diem", "purpose"), ("pham vi", "purpose"),
    ("thoi gian", "purpose"),
    ("phu luc", "appendix"),
]


def clean(line: str) -> str:
    """Strip markdown and HTML decoration, keep the words, single-spaced. Most lines carry none of the
    characters decoration starts with, and a case-blind scan of every line costs more than the test;
    most are single-spaced already, and splitting a line of Vietnamese on white space costs more than
    the whole of the rest."""
    stripped = line.strip()
    if "<" in stripped or "*" in stripped or "#" in stripped:
        stripped = _MARKUP.sub("", stripped)
    if "  " in stripped or "\t" in stripped:  # a source line's only white space (``text.read_bytes``)
        stripped = " ".join(stripped.split())
    return stripped.strip(" *_")


def classify(line: str) -> tuple[LineKind, str, str]:
    """(kind, numbering token, text) of one raw line."""
    kind, token, text, _ = _classify(line)
    return kind, token, text


def _classify(line: str) -> tuple[LineKind, str, str, str]:
    """``classify`` plus the whole cleaned line (numbering included), cleaned once."""
    if "\t" in line.strip() and line.count("\t") >= 2:
        if all(re.fullmatch(r"[-:=\s]*", cell) for cell in line.split("\t")):
            return "blank", "", "", ""
        return "row", "", line, line
    text = clean(line)
    if not text or _SEPARATOR.match(text):
        return "blank", "", "", ""
    for kind, pattern in RECOGNISERS:
        m = pattern.match(text)
        if m:
            return kind, m.group(1), (m.group(2) or "").strip(), text
    return "para", "", text, text


@dataclass
class Item:
    """A paragraph, bullet or table row inside a section, with its line span."""

    kind: Literal["para", "bullet", "row"]
    marker: str
    text: str
    start: int
    end: int
    cells: tuple[str, ...] = ()
    numbered: bool = False  # the text of a numbered line ("4. Ban cán sự đảng … chỉ đạo …")
    more: list[str] = field(default_factory=list, repr=False, compare=False)  # lines not yet joined
    more_chars: int = field(default=0, repr=False, compare=False)

    def append(self, text: str, line: int) -> None:
        """Continue the item with a later line. Lines are joined once, by ``close``: joining at every
        line copies the whole paragraph each time, quadratic in a file of thousands of lines without
        a full stop."""
        self.more.append(text)
        self.more_chars += len(text) + 1
        self.end = line

    @property
    def tail(self) -> str:
        """The last line of the item, which decides whether the next line continues it."""
        return self.more[-1] if self.more else self.text

    @property
    def length(self) -> int:
        return len(self.text) + self.more_chars

    def close(self) -> None:
        """Join the continued lines into ``text`` (once, when parsing is done)."""
        if self.more:
            self.text = " ".join([self.text, *self.more])
            self.more, self.more_chars = [], 0


@dataclass
class Section:
    kind: str
    token: str
    heading: str
    start: int
    end: int
    parent: Section | None = None
    path: str = ""
    zone: Zone = "none"
    items: list[Item] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    # How many children took each path so far: a repeated number gets its suffix in constant time,
    # however often it repeats.
    path_uses: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    heading_end: int = 0  # the last line of the numbered line, when a wrap spread it over several
    rule: str = ""  # the annotation rule that read the numbered line as a title or as text

    @property
    def rank(self) -> int:
        if self.kind == "decimal":
            return RANKS["decimal"] + self.token.count(".") - 1
        return RANKS[self.kind]

    @property
    def heading_is_title(self) -> bool:
        """Whether the heading alone reads as a name (so readers take a provision's text from its
        items, not from it). Whether the numbered line itself was text is decided once, by
        ``annotate.title_rule`` when the line is read; a line read as text is then the section's
        first item, and its heading only the first sentence."""
        h = self.heading
        return not h or h.endswith(":") or (len(h) <= annotate.TITLE_MAX.value and not h.endswith(";"))

    def walk(self) -> Iterator[Section]:
        """This section and all below it, depth first in document order; with a stack, not recursion,
        since a mis-numbered file (1.1, 1.1.1, 1.1.1.1 …) nests deeper than Python's recursion limit."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def ancestors(self) -> Iterator[Section]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def context(self) -> str:
        """Headings from the root down to this section, for year and topic context."""
        return " / ".join(s.heading for s in [*reversed(list(self.ancestors())), self] if s.heading)


class Line(NamedTuple):
    """A line as the author wrote it: one file line, or several joined where a wrap broke them.

    ``rule`` is the annotation rule that classified it when layout decided (a preamble line's
    header rule, or the rule that skipped it); empty when the annotation layer decides later.
    (A named tuple: one is made for every line of every file, and tuples are made fastest.)"""

    start: int
    end: int
    raw: str
    kind: LineKind
    token: str
    text: str
    tail: str
    rule: str = ""


@dataclass
class Layout:
    """The parsed document: preamble blocks (header, title, opening), the section tree, and where the
    distribution list (Nơi nhận) starts. ``preamble_lines`` are the preamble's lines one by one,
    ``skipped`` the lines no provision holds (site chrome, page markers, signature, distribution
    list) with the rule that skipped them, ``joins`` the file lines joined to the line before them
    with the rule that joined them, ``wrap_width`` the width the file was hard-wrapped at (or None)."""

    preamble: list[Item]
    root: Section
    distribution_line: int | None
    preamble_lines: list[Line] = field(default_factory=list)
    skipped: list[Line] = field(default_factory=list)
    joins: dict[int, str] = field(default_factory=dict)
    wrap_width: int | None = None


def _path_token(section: Section) -> str:
    if section.kind == "part":
        return f"P{section.token}"
    if section.kind == "appendix":
        return "PL"
    if section.kind == "article":
        return f"D{section.token}"
    return section.token


def _zone_of(heading: str) -> Zone | None:
    folded = fold(heading)
    hits = [(folded.find(k), z) for k, z in ZONE_KEYWORDS if k in folded]
    return min(hits)[1] if hits else None


def _attach(parent: Section, child: Section) -> None:
    child.parent = parent
    parent.children.append(child)
    if child.kind == "decimal" and parent.kind in {"roman", "part", "root"}:
        base = parent.path
    elif child.kind == "decimal":
        base = ".".join(p for p in [_decimal_base(parent)] if p)
    else:
        base = parent.path
    token = _path_token(child)
    if child.kind == "decimal":
        token = child.token
    path = f"{base}.{token}" if base else token
    earlier = parent.path_uses.get(path, 0)
    parent.path_uses[path] = earlier + 1
    child.path = path + _repeat_suffix(earlier)
    own = _zone_of(child.heading) if child.heading_is_title else None
    if child.kind == "article":
        zone, rule = annotate.article_zone(child.heading)
        own, child.rule = zone or own, rule or child.rule
    child.zone = own or parent.zone


def _repeat_suffix(earlier: int) -> str:
    """What sets apart a number repeated among siblings: one to three primes (IV.1.d'), then a count
    (IV.1.d'4), so a path, and every id built on it, stays short when a number repeats thousands of times."""
    return "'" * earlier if earlier <= 3 else f"'{earlier}"


def _decimal_base(parent: Section) -> str:
    """The path prefix for a decimal number: drop the Arabic ancestor it restates (2 → 2.1)."""
    node: Section | None = parent
    while node is not None and node.kind in {"arabic", "decimal", "letter"}:
        node = node.parent
    return node.path if node is not None else ""


def _starts_lower(text: str) -> bool:
    return bool(text) and (text[0].islower() or text[0] in ",;")


def _ends_open(text: str) -> bool:
    return bool(text) and not text.rstrip().endswith(_TERMINAL)


def _text_lengths(entries: list[tuple[int, str, LineKind, str, str, str]]) -> list[int]:
    return [len(whole) for _, _, kind, _, _, whole in entries if kind in {"para", "bullet"}]


def logical_lines(source: SourceText, skipped: list[Line], joins: dict[int, str]) -> tuple[list[Line], int | None]:
    """The file's lines with wrapped ones joined, blank runs kept (one blank line each) and site chrome
    and page markers left out (recorded in ``skipped``; a page marker and the blanks around it do not
    break the sentence it interrupts). Linear in the file's length. Returns the lines and the width the
    file was hard-wrapped at (None when it was not)."""
    entries: list[tuple[int, str, LineKind, str, str, str]] = []
    for n, raw in enumerate(source.lines, start=1):
        kind, token, text, whole = _classify(raw)
        if kind != "blank":
            chrome = annotate.chrome_rule(whole)
            if chrome:
                skipped.append(Line(n, n, raw, "blank", "", whole, whole, chrome))
                kind, token = "blank", "page" if chrome == "page_marker" else "chrome"
        entries.append((n, raw, kind, token, text, whole))
    width = annotate.wrap_width(_text_lengths(entries))
    out: list[Line] = []
    current: Line | None = None  # the line last read, emitted when the next one starts anew
    joined: _Open | None = None  # the same line while wraps are being joined to it
    blank_at: int | None = None  # the first line of the blank run before this line
    paged = False  # the run holds a page marker
    for n, raw, kind, token, text, whole in entries:
        if kind == "blank":
            blank_at = n if blank_at is None else blank_at
            paged = paged or token == "page"
            continue
        adjacent = current is not None and (blank_at is None or paged)
        gap = blank_at if not adjacent else None
        blank_at, paged = None, False
        if adjacent and current is not None and current.kind != "row" and kind != "row":
            tail = joined.tail if joined else current.tail
            bare = joined is None and current.kind in _NUMBERED and not current.text
            open_paren = kind in _NUMBERED and (joined.parens if joined else _parens(current.tail)) > 0
            rule = annotate.continuation_rule(tail, whole, kind, width, open_paren, bare)
            if rule:
                joins[n] = rule
                joined = joined or _Open(current)
                joined.add(n, raw, whole)
                continue
        if current is not None:
            out.append(joined.line() if joined else current)
        if gap is not None:
            out.append(Line(gap, gap, "", "blank", "", "", ""))
        current, joined = Line(n, n, raw, kind, token, text, whole), None
    if current is not None:
        out.append(joined.line() if joined else current)
    return out, width


def _parens(text: str) -> int:
    return text.count("(") - text.count(")")


class _Open:
    """A line being joined: its pieces are kept in lists and joined once, so a paragraph wrapped over
    thousands of lines costs linear time, and its parenthesis balance is kept as it grows."""

    def __init__(self, first: Line) -> None:
        self.first, self.end, self.tail = first, first.end, first.tail
        self.raws, self.texts = [first.raw], [first.text]
        self.parens = _parens(first.tail)

    def add(self, n: int, raw: str, whole: str) -> None:
        self.end, self.tail = n, whole
        self.raws.append(raw.strip())
        self.texts.append(whole)
        self.parens += _parens(whole)

    def line(self) -> Line:
        raw = " ".join([self.raws[0].rstrip(), *self.raws[1:]])
        first = self.first
        return Line(first.start, self.end, raw, first.kind, first.token, " ".join(self.texts).strip(), self.tail)


def parse(source: SourceText) -> Layout:
    """Build the section tree; never raises on odd layouts (unknown lines become paragraphs)."""
    root = Section(kind="root", token="", heading="", start=1, end=1)
    stack: list[Section] = [root]
    preamble: list[Item] = []
    skipped: list[Line] = []
    joins: dict[int, str] = {}
    preamble_lines: list[Line] = []
    distribution: int | None = None
    in_distribution = False
    last: Item | None = None
    blank_run = 0

    def current_items() -> list[Item]:
        return preamble if len(stack) == 1 and not root.children else stack[-1].items

    lines, width = logical_lines(source, skipped, joins)
    for line in lines:
        n, end, raw, kind, token, text = line.start, line.end, line.raw, line.kind, line.token, line.text
        if kind == "blank":
            blank_run += 1
            continue
        blank_before = blank_run
        folded = fold_chars(text[:24])  # a logical line is normalised text, single-spaced
        if folded.startswith("noi nhan"):
            in_distribution, distribution = True, distribution or n
            skipped.append(Line(n, end, raw, kind, token, text, line.tail, "distribution_list"))
            last = None
            continue
        if folded.startswith("phu luc") or (in_distribution and folded.startswith("danh muc")):
            appendix = Section(kind="appendix", token="PL", heading=text, start=n, end=end, heading_end=end,
                               rule="appendix_heading")
            _attach(root, appendix)
            appendix.zone = "appendix"
            stack = [root, appendix]
            in_distribution, last = False, None
            continue
        if in_distribution:
            skipped.append(Line(n, end, raw, kind, token, text, line.tail, "distribution_list"))
            continue
        if _SIGNATURE.match(text) and kind == "para":
            skipped.append(Line(n, end, raw, kind, token, text, line.tail, "signature"))
            last = None
            continue
        if kind not in _NUMBERED and current_items() is preamble:
            preamble_lines.append(Line(n, end, raw, kind, token, text, line.tail, annotate.header_rule(text) or ""))
        if kind in {"para", "bullet"} and last is not None and (
            (blank_run == 0 and _ends_open(last.tail) and (_starts_lower(text) or text[:1].isdigit()))
            or (blank_run > 0 and _ends_open(last.tail)
                and (_starts_lower(text) or _continues_after_break(last, preamble)))
        ) and kind == "para":
            last.append(text, end)
            blank_run = 0
            continue
        blank_run = 0
        if kind in _NUMBERED:
            is_title, rule = annotate.title_rule(text)
            section = Section(kind=kind, token=_normal_token(kind, token), heading=text, start=n, end=end,
                              heading_end=end, rule=rule)
            while len(stack) > 1 and stack[-1].rank >= section.rank and stack[-1].kind != "appendix":
                stack.pop()
            if stack[-1].kind == "appendix" and kind in {"part", "roman"}:
                stack = [root]
            _attach(stack[-1], section)
            stack.append(section)
            last = Item(kind="para", marker="", text=text, start=n, end=end, numbered=True) \
                if not is_title else None
            if last is not None:
                section.items.append(last)
                section.heading = _first_sentence(text)
            continue
        if kind == "row":
            cells = tuple(clean(c) for c in raw.split("\t"))
            last = Item(kind="row", marker="", text=" | ".join(c for c in cells if c), start=n, end=end,
                        cells=cells)
            current_items().append(last)
            continue
        item = Item(kind="bullet" if kind == "bullet" else "para", marker=token, text=text, start=n, end=end)
        target = current_items()
        if target is preamble and preamble and blank_before == 0:
            preamble[-1].append(clean(raw), end)
            continue
        if _is_unnumbered_heading(raw, text, stack[-1]):
            part = stack[-1]
            part.heading = f"{part.heading} {text}".strip()
            part.heading_end = end
            part.rule = "part_name"
            part.zone = _zone_of(part.heading) or part.zone
            last = None
            continue
        target.append(item)
        last = item
    for item in preamble:
        item.close()
    for section in root.walk():
        for item in section.items:
            item.close()
        section.end = max([section.start, section.heading_end, *(i.end for i in section.items),
                           *(c.end for c in section.children)])
    return Layout(preamble=preamble, root=root, distribution_line=distribution, preamble_lines=preamble_lines,
                  skipped=skipped, joins=joins, wrap_width=width)


def _continues_after_break(last: Item, preamble: list[Item]) -> bool:
    """A long paragraph cut by a page break goes on after it; a numbered line only when it
    visibly breaks off mid-list (ends with a comma)."""
    if preamble and last is preamble[-1]:  # only the last preamble item can still be continued
        return False
    if last.numbered:
        return last.tail.rstrip().endswith((",", "-", "–"))
    return last.length > annotate.BREAK_PARAGRAPH_MIN.value


def _is_unnumbered_heading(raw: str, text: str, section: Section) -> bool:
    """A markdown/bold or all-capitals line right under a part heading names the part, while the
    name is name-sized: past that the lines are the part's text (the name's zone is re-read at every
    line, so an unbounded name costs time quadratic in its length)."""
    return section.kind == "part" and not section.items and len(section.heading) <= annotate.PART_NAME_MAX.value \
        and (raw.lstrip().startswith(("#", "**")) or text.isupper())


def _first_sentence(text: str) -> str:
    """The heading of a numbered line read as text: its first sentence, cut to a label's length."""
    m = re.match(r"(.+?[.;:])(\s|$)", text)
    head = m.group(1) if m else text
    limit = int(annotate.HEADING_SUMMARY_MAX.value)
    return head if len(head) <= limit else head[:limit].rsplit(" ", 1)[0] + " …"


def _normal_token(kind: str, token: str) -> str:
    if kind == "part":
        return str(_PART_ORDINALS.get(token.lower(), token))
    if kind == "roman":
        return token.upper()
    return token.lower()
