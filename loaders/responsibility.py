"""Tasks and who answers for them, in every form the corpus uses.

Forms: per-task blocks ("- Cơ quan chủ trì: …"), appendix tables, "Tổ chức thực hiện" duty
sections headed by an agency, sentences ("Sở X chủ trì, phối hợp với Sở Y …", "Giao …",
"Đề nghị …", "A chỉ đạo B chủ trì …", "(qua Sở X tổng hợp)"). The distribution list never yields
assignments. Tasks that name no host get the document's lead agency as an *inherited* host.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from loaders.layout import Item, Layout, Section
from loaders.registry import Mention, Province, Registry, fold_chars
from loaders.text import SourceText
from ontology.records import AgencyRef, AssignmentRecord, Role, Source, TaskRecord, WarningRecord

_BLOCK = re.compile(r"^\s*co quan (chu tri|phoi hop(?: thuc hien)?|quyet dinh)\s*:?", re.IGNORECASE)
_BLOCK_ROLES = {"chu tri": Role.HOST, "phoi hop": Role.COORDINATOR, "phoi hop thuc hien": Role.COORDINATOR,
                "quyet dinh": Role.DECIDER}
_GAP = re.compile(r"^[\s,;:.()]*(?:va|cung|voi|cac)?[\s,;:]*$")
_LEAD = re.compile(r"co quan thuong truc|chu tri.{0,200}(theo doi|don doc|tong hop|so ket|tong ket|"
                   r"noi dung ke hoach|trien khai thuc hien ke hoach|trien khai thuc hien chuong trinh)")
_SUBHEADING_MAX = 70
_TRIGGERS = re.compile(r"chu tri|phoi hop|co quan|chi dao|\bgiao\b|de nghi|\(qua\b|tong hop")
_SUBJECT_SPAN = 160


@dataclass
class Found:
    role: Role
    mention: Mention
    requested: bool = False


@dataclass
class Draft:
    """A task being assembled: its text items, provenance and the roles found in it."""

    section: Section
    items: list[Item]
    suffix: str = ""
    roles: list[tuple[Found, Source]] = field(default_factory=list)
    deadline: str | None = None
    funding: str | None = None


class Reader:
    """Reads responsibility out of one document's layout."""

    def __init__(self, doc_id: str, source: SourceText, layout: Layout, registry: Registry,
                 province: Province | None, warnings: list[WarningRecord]) -> None:
        self.doc_id = doc_id
        self.source = source
        self.layout = layout
        self.registry = registry
        self.province = province
        self.warnings = warnings

    # -- agency runs -------------------------------------------------------------------------
    def _mentions(self, text: str) -> list[Mention]:
        """Mentions with enumerations expanded ("Các sở, ngành: Tài chính, Xây dựng" → two Sở), in text
        order and never overlapping (a mention inside an expanded list is part of it), which is what
        lets the runs below find their first mention by bisection."""
        out: list[Mention] = []
        for m in self.registry.mentions(text, self.province):
            if out and m.start < out[-1].end:
                continue
            if m.entry.kind == "group" and text[m.end:m.end + 2].lstrip().startswith(":"):
                colon = text.index(":", m.end)
                listed = self.registry.enumeration_after(text[colon + 1:], self.province)
                if listed:  # the list stands where its "Các sở, ngành:" stands
                    out.extend(Mention(e.entry, m.start if k == 0 else e.start + colon + 1,
                                       e.end + colon + 1, e.province) for k, e in enumerate(listed))
                    continue
            out.append(m)
        return out

    def _run_from(self, text: str, mentions: list[Mention], pos: int) -> list[Mention]:
        """The run of mentions starting at ``pos`` (separated only by commas and "và"). The first
        candidate is found by bisection: a long paragraph names thousands of bodies and asks for a
        run at every role word, and a scan from the start each time is quadratic."""
        run: list[Mention] = []
        cursor = pos
        for k in range(bisect_left(mentions, pos, key=_start), len(mentions)):
            m = mentions[k]
            if not _GAP.match(fold_chars(text[cursor:m.start]).lower()):
                break
            run.append(m)
            cursor = m.end
        return run

    def _run_before(self, text: str, mentions: list[Mention], pos: int) -> list[Mention]:
        """The run of mentions ending at ``pos``, read backwards from the last one before it."""
        run: list[Mention] = []
        cursor = pos
        for k in range(bisect_right(mentions, pos, key=_end) - 1, -1, -1):
            m = mentions[k]
            if not _GAP.match(fold_chars(text[m.end:cursor]).lower()):
                break
            run.append(m)
            cursor = m.start
        run.reverse()
        return run

    def roles_in(self, text: str) -> list[Found]:
        """Every role a sentence assigns, by the Vietnamese patterns of the glossary."""
        folded = fold_chars(text)
        if not _TRIGGERS.search(folded):  # no role words: only a subject at the start can name a body
            text, folded = text[:_SUBJECT_SPAN], folded[:_SUBJECT_SPAN]
        mentions = self._mentions(text)
        if not mentions:
            return []
        block = _BLOCK.match(folded)
        if block:
            role = _BLOCK_ROLES[re.sub(r"\s+", " ", block.group(1))]
            return [Found(role, m) for m in mentions if m.start >= block.end()]
        found: list[Found] = []
        seen: set[tuple[Role, str]] = set()

        def add(role: Role, run: list[Mention], requested: bool = False) -> None:
            for m in run:
                key = (role, m.entry.key)
                if key not in seen:
                    seen.add(key)
                    found.append(Found(role, m, requested))

        lead_in = re.match(r"^\s*(giao|de nghi)\s+", folded)
        if lead_in:
            add(Role.HOST, self._run_from(text, mentions, lead_in.end()), lead_in.group(1) == "de nghi")
        for m in re.finditer(r"\bchi dao\b", folded):
            before = self._run_before(text, mentions, m.start())
            after = self._run_from(text, mentions, m.end())
            if before and after:
                add(Role.DIRECTOR, before)
                add(Role.HOST, after)
            elif before:
                add(Role.HOST, before)
        for m in re.finditer(r"\bchu tri\b", folded):
            add(Role.HOST, self._run_before(text, mentions, m.start()))
        for m in re.finditer(r"\bphoi hop(?: voi| cung)?\b", folded):
            add(Role.COORDINATOR, self._run_from(text, mentions, m.end()))
        for m in re.finditer(r"\(?\b(?:qua|ve)\s+", folded):
            run = self._run_from(text, mentions, m.end())
            if run and re.match(r"^[\s)]*(?:de\s+)?tong hop|^\s*\)", folded[run[-1].end:]):
                add(Role.REPORTING, run)
        if not any(f.role is Role.HOST for f in found):
            add(Role.HOST, self._run_from(text, mentions, 0) if not lead_in else [])
        return found

    # -- tasks ---------------------------------------------------------------------------------
    def read(self) -> tuple[list[TaskRecord], AgencyRef | None, Source | None]:
        drafts = [*self._task_zone(), *self._organisation_zone(), *self._appendix()]
        lead, lead_source = self._lead(drafts)
        tasks = [self._finish(d, lead, lead_source) for d in drafts]
        return [t for t in tasks if t is not None], lead, lead_source

    def _src(self, item: Item) -> Source:
        """The original lines, as a legal officer would cite them."""
        return self.source.source(item.start, item.end)

    def _scan(self, draft: Draft, item: Item) -> None:
        for f in self.roles_in(item.text):
            draft.roles.append((f, self._src(item)))

    def _task_zone(self) -> list[Draft]:
        sections = [s for s in self.layout.root.walk() if s.zone == "tasks"]
        block_mode = any(_BLOCK.match(fold_chars(i.text).lower()) for s in sections for i in s.items)
        drafts: list[Draft] = []
        for s in sections:
            drafts.extend(self._blocks(s) if block_mode else self._items_as_tasks(s))
        return drafts

    def _blocks(self, section: Section) -> list[Draft]:
        """Block layout: text items then "- Cơ quan chủ trì/phối hợp" lines close one task."""
        drafts: list[Draft] = []
        text: list[Item] = []
        current: Draft | None = None
        for item in section.items:
            if _BLOCK.match(fold_chars(item.text).lower()):
                if current is None:
                    current = Draft(section, text or [self._heading_item(section)],
                                    suffix="" if not drafts else f"~{len(drafts) + 1}")
                    drafts.append(current)
                    text = []
                self._scan(current, item)
                continue
            if current is not None:
                current = None
            text.append(item)
        if text and not drafts and (not section.children or any(i.kind != "row" for i in text)):
            draft = Draft(section, text)
            for item in text:
                self._scan(draft, item)
            if draft.roles or not section.children:
                drafts.append(draft)
        elif not section.items and not section.children and not section.heading_is_title:
            drafts.append(Draft(section, [self._heading_item(section)]))
        return drafts

    def _heading_item(self, section: Section) -> Item:
        return Item(kind="para", marker="", text=section.heading, start=section.start, end=section.start)

    def _items_as_tasks(self, section: Section) -> list[Draft]:
        """Free layout: every bullet or paragraph of a provision is a task; short lines are sub-headings."""
        items = [i for i in section.items if i.kind != "row"]
        tasks = [i for i in items if not _is_subheading(i)]
        if not tasks and not section.children and section.heading and not section.heading_is_title:
            tasks = [self._heading_item(section)]
        drafts = []
        for k, item in enumerate(tasks, start=1):
            draft = Draft(section, [item], suffix=f"~{k}" if len(tasks) > 1 else "")
            self._scan(draft, item)
            drafts.append(draft)
        return drafts

    def _organisation_zone(self) -> list[Draft]:
        drafts: list[Draft] = []
        for s in self.layout.root.walk():
            if s.zone != "organisation" or s.parent is None or s.kind == "root":
                continue
            if s.parent.zone == "organisation" and self._duty_heading(s.parent):
                continue
            heading_roles = self._duty_heading(s)
            if heading_roles:
                drafts.extend(self._duties(s, heading_roles))
            elif s.items or not s.heading_is_title:
                drafts.extend(self._sentence_duties(s))
        return drafts

    def _duty_heading(self, section: Section) -> list[Found]:
        """Roles named by a heading that is (nearly) only agencies: "4. Giao Sở Lao động - …"."""
        line = next((i.text for i in section.items if i.start == section.start), section.heading)
        if not line or line.rstrip().endswith((".", ";")) or (line.endswith(":") and line != section.heading):
            return []
        found = self.roles_in(line)
        covered = sum(f.mention.end - f.mention.start for f in found)
        letters = len(re.sub(r"^(giao|de nghi)\s+|[\W_]+", "", fold_chars(line).lower()))
        return found if found and covered >= 0.6 * letters else []

    def _duties(self, section: Section, heading_roles: list[Found]) -> list[Draft]:
        heading_src = self.source.source(section.start, section.start)
        units = [i for i in section.items if not _is_subheading(i) and i.start != section.start]
        units += [self._heading_item(c) if not c.items else
                  Item("para", "", " ".join([c.heading, *(i.text for i in c.items)]) if not c.heading_is_title
                       else " ".join(i.text for i in c.items), c.start, c.end) for c in section.children]
        drafts = []
        for k, item in enumerate(units, start=1):
            draft = Draft(section, [item], suffix=f"~{k}" if len(units) > 1 else "")
            own = self.roles_in(item.text)
            subject = [f for f in own if f.role is Role.HOST and f.mention.start == 0]
            if not subject:
                draft.roles.extend((f, heading_src) for f in heading_roles)
            draft.roles.extend((f, self._src(item)) for f in own
                               if not (f.role is Role.HOST and not subject and f.mention.start > 0
                                       and not _explicit_host(item.text)))
            drafts.append(draft)
        return drafts

    def _sentence_duties(self, section: Section) -> list[Draft]:
        items = section.items or [self._heading_item(section)]
        draft = Draft(section, items)
        for item in items:
            self._scan(draft, item)
        return [draft]

    def _appendix(self) -> list[Draft]:
        drafts: list[Draft] = []
        for s in self.layout.root.walk():
            if s.kind != "appendix":
                continue
            columns: dict[str, int] = {}
            group = ""
            for row in (i for i in s.items if i.kind == "row"):
                folded = [fold_chars(c).lower() for c in row.cells]
                if any("co quan chu tri" in c for c in folded):
                    columns = _columns(folded)
                    continue
                if not columns:
                    continue
                if len([c for c in row.cells if c]) <= 2:
                    group = row.cells[0].strip() or group
                    continue
                drafts.append(self._row(s, row, columns, group))
        return drafts

    def _row(self, section: Section, row: Item, columns: dict[str, int], group: str) -> Draft:
        def cell(name: str) -> str:
            i = columns.get(name)
            return row.cells[i].strip() if i is not None and i < len(row.cells) else ""

        text = cell("text")
        item = Item("row", "", text or row.text, row.start, row.end)
        number = cell("index") or str(row.start)
        draft = Draft(section, [item], suffix=f".{group}.{number}" if group else f".{number}",
                      deadline=cell("deadline") or None, funding=cell("funding") or None)
        src = self.source.source(row.start, row.end)
        missing = [n for n in ("host", "text") if not cell(n)]
        if missing:
            self.warnings.append(WarningRecord(code="table_row_incomplete", source=src, message=(
                f"appendix row lacks {', '.join(missing)}")))
        for name, role in (("host", Role.HOST), ("coordinators", Role.COORDINATOR),
                           ("deciders", Role.DECIDER)):
            draft.roles.extend((Found(role, m), src) for m in self._mentions(cell(name)))
        return draft

    # -- lead and finishing ----------------------------------------------------------------------
    def _lead(self, drafts: list[Draft]) -> tuple[AgencyRef | None, Source | None]:
        """The body that hosts the document as a whole (cơ quan thường trực, or "chủ trì … Kế hoạch")."""
        for d in drafts:
            if d.section.zone != "organisation":
                continue
            text = fold_chars(" ".join(i.text for i in d.items)).lower()
            hosts = [(f, s) for f, s in d.roles if f.role is Role.HOST and f.mention.entry.kind == "agency"]
            if hosts and _LEAD.search(text):
                f, src = hosts[0]
                return f.mention.entry.ref(f.mention.province), src
        return None, None

    def _finish(self, d: Draft, lead: AgencyRef | None, lead_source: Source | None) -> TaskRecord | None:
        text = " ".join(i.text for i in d.items).strip()
        if not text:
            return None
        assignments: list[AssignmentRecord] = []
        seen: set[tuple[Role, str]] = set()
        for f, src in d.roles:
            ref = f.mention.entry.ref(f.mention.province)
            if (f.role, ref.id) in seen:
                continue
            seen.add((f.role, ref.id))
            assignments.append(AssignmentRecord(role=f.role, agency=ref, requested=f.requested, source=src))
        if lead and lead_source and not any(a.role is Role.HOST for a in assignments) \
                and d.section.zone == "tasks":
            assignments.insert(0, AssignmentRecord(role=Role.HOST, agency=lead, inherited=True,
                                                   source=lead_source))
        start = min(i.start for i in d.items)
        end = max(i.end for i in d.items)
        path = d.section.path + d.suffix
        return TaskRecord(id=f"{self.doc_id}.{path}", section=d.section.path, text=text,
                          assignments=tuple(assignments), deadline=d.deadline, funding=d.funding,
                          source=self.source.source(start, end))


def _start(m: Mention) -> int:
    return m.start


def _end(m: Mention) -> int:
    return m.end


def _is_subheading(item: Item) -> bool:
    text = item.text.strip()
    return len(text) <= _SUBHEADING_MAX and not text.endswith((".", ";")) and item.kind != "row" and \
        (text.endswith(":") or len(text.split()) <= 8)


def _explicit_host(text: str) -> bool:
    return bool(re.search(r"\bchu tri\b|^\s*(giao|de nghi)\b", fold_chars(text).lower()))


def _columns(header: list[str]) -> dict[str, int]:
    names = {"text": ("noi dung",), "host": ("chu tri",), "coordinators": ("phoi hop",),
             "deciders": ("quyet dinh",), "deadline": ("thoi gian",), "funding": ("kinh phi",),
             "index": ("stt",)}
    out: dict[str, int] = {}
    for i, cell in enumerate(header):
        for name, keys in names.items():
            if name not in out and any(k in cell for k in keys):
                out[name] = i
    return out
