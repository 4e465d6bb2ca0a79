"""Tasks and who answers for them, in every form the corpus uses.

Forms: per-task blocks ("- Cơ quan chủ trì: …"), appendix tables, "Tổ chức thực hiện" duty
sections headed by an agency, sentences ("Sở X chủ trì, phối hợp với Sở Y …", "Giao …",
"Đề nghị …", "A chỉ đạo B chủ trì …", "(qua Sở X tổng hợp)"), each a named rule of
``SENTENCE_RULES`` with its example; decisions' "Điều N. Giao …" articles. The distribution list,
quoted passages of other documents, narrated assignments and a decision's execution clause never
yield assignments. Tasks that name no host get the document's lead agency (never a host another body
directs) as an *inherited* host; with no lead they stay without one, and a warning says so. A body
task and the appendix row that restates it are linked (``loaders/restatements.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from loaders import messages, restatements
from loaders.deadlines import read_due
from loaders.layout import Item, Layout, Section
from loaders.registry import Mention, Province, Registry, fold_chars
from loaders.text import SourceText
from ontology.records import AgencyRef, AssignmentRecord, Role, Source, TaskRecord, WarningRecord

_BLOCK = re.compile(r"^\s*co quan (chu tri|phoi hop(?: thuc hien)?|quyet dinh)\s*:?", re.IGNORECASE)
_BLOCK_ROLES = {"chu tri": Role.HOST, "phoi hop": Role.COORDINATOR, "phoi hop thuc hien": Role.COORDINATOR,
                "quyet dinh": Role.DECIDER}
_GAP = re.compile(r"^[\s,;:.()]*(?:va|cung|voi|cac)?[\s,;:]*$")
# The shape every gap has before folding (folding turns a letter into a letter): most text between
# two mentions is prose, refused by this test without folding it.
_GAP_SHAPE = re.compile(r"^[\s,;:.()]*\w{0,4}[\s,;:]*$")
# "Cơ quan phối hợp thực hiện:" and the spaces before it fit in this many characters.
_BLOCK_SPAN = 40
_LEAD = re.compile(r"co quan thuong truc|chu tri.{0,200}(theo doi|don doc|tong hop|so ket|tong ket|"
                   r"noi dung ke hoach|trien khai thuc hien ke hoach|trien khai thuc hien chuong trinh)")
_SUBHEADING_MAX = 70
# The words that let a sentence assign a role anywhere in it (else only a subject at its start can):
# phrases, found by substring tests, and words that must stand whole, searched only where the
# substring is (most sentences hold none of them, and one pattern tried at every offset costs more).
_TRIGGER_PHRASES = ("chu tri", "phoi hop", "co quan", "chi dao", "de nghi", "tong hop", "trach nhiem")
_TRIGGER_WORDS = re.compile(r"\bgiao\b|\(qua\b")
_SUBJECT_SPAN = 160


@dataclass(frozen=True)
class SentenceRule:
    """One form of words that assigns (or withholds) a role, on diacritic-folded lower-case text.

    ``example`` is a sentence the rule reads and ``expect`` what it must give there, as
    (role, registry key) pairs; tests/loaders/test_responsibility.py runs every example, so a rule
    cannot change meaning without a test noticing.

    ``words``: the rule can give nothing to a sentence holding none of them. Most sentences hold
    none, and a substring test costs a fraction of a scan by a pattern that opens with ``\b``
    (the engine cannot skip ahead to a literal then); a test reads the corpus and real-dev with and
    without the words and requires the same roles.
    """

    name: str
    pattern: re.Pattern[str]
    words: tuple[str, ...]
    meaning: str
    reason: str
    example: str
    expect: tuple[tuple[Role, str], ...]

    def may_apply(self, folded: str) -> bool:
        return not self.words or any(w in folded for w in self.words)

    def may_apply_to(self, held: frozenset[str]) -> bool:
        """``may_apply``, given the rule words a sentence holds (``held_words``; a superset will do)."""
        return not self.words or not held.isdisjoint(self.words)

    def finditer(self, folded: str, held: frozenset[str]) -> Iterator[re.Match[str]]:
        """Matches in ``folded``, whose rule words are ``held`` (``held_words``; a superset will do)."""
        return self.pattern.finditer(folded) if self.may_apply_to(held) else iter(())


def _rule(name: str, pattern: str, words: tuple[str, ...], meaning: str, reason: str, example: str,
          *expect: tuple[Role, str]) -> SentenceRule:
    return SentenceRule(name, re.compile(pattern), words, meaning, reason, example, expect)


# The sentence forms of the glossary ("Responsibility"), each with the sentence that shows it.
SENTENCE_RULES: dict[str, SentenceRule] = {r.name: r for r in (
    _rule("lead_in_assign", r"^\s*(giao|de nghi)\s+", (),
          "the bodies right after a leading 'Giao'/'Đề nghị' host the task ('Đề nghị': requested)",
          "a provision that opens with the verb of assignment names its host next",
          "Giao Sở Y tế tổ chức tiêm chủng.", (Role.HOST, "so-y-te")),
    _rule("mid_assign", r"[;,.:]\s*(giao|de nghi)\s+", ("giao", "de nghi"),
          "'…; giao Sở X thực hiện': the bodies right after a 'giao' that opens a clause host it",
          "the assignment often closes a sentence that first says what is to be done",
          "Rà soát các cơ sở trợ giúp xã hội; giao Sở LĐ-TB&XH thực hiện.", (Role.HOST, "so-lao-dong-tbxh")),
    _rule("director", r"\bchi dao\b", ("chi dao",),
          "'A chỉ đạo B …': A directs, B hosts; 'A chỉ đạo …' alone: A hosts",
          "a Party body directs the state body that carries the work (glossary: director and host differ)",
          "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo Sở Y tế xây dựng đề án.",
          (Role.DIRECTOR, "ban-can-su-dang-ubnd"), (Role.HOST, "so-y-te")),
    _rule("host_before_chu_tri", r"\bchu tri\b", ("chu tri",),
          "the bodies right before 'chủ trì' host the task",
          "'Sở X chủ trì' is the plainest form of the lead agency",
          "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát.", (Role.HOST, "so-tai-chinh")),
    _rule("coordinator_after_phoi_hop", r"\bphoi hop(?: chat che)?(?: voi| cung)?\b", ("phoi hop",),
          "the bodies right after 'phối hợp (với)' coordinate",
          "coordinating bodies follow the verb",
          "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát.", (Role.COORDINATOR, "so-noi-vu")),
    _rule("decider_after_submission", r"\b(?:trinh|tham muu)\s+", ("trinh", "tham muu"),
          "'trình/tham mưu X ban hành/phê duyệt/điều chỉnh …': X decides; with no decision verb X only receives",
          "a proposal goes up to the body that decides it (glossary: cơ quan quyết định)",
          "Sở Y tế đề xuất chính sách trình Hội đồng nhân dân tỉnh xem xét ban hành Nghị quyết.",
          (Role.HOST, "so-y-te"), (Role.DECIDER, "hdnd")),
    _rule("reporting_channel", r"\(?\b(?:qua|ve)\s+", ("tong hop", ")"),
          "'(qua Sở X tổng hợp)', 'về Sở X để tổng hợp': the body reports go through, not a host",
          "reports are sent to a body that compiles them; it does not lead the task",
          "Báo cáo kết quả hằng năm (qua Sở Nội vụ tổng hợp).", (Role.REPORTING, "so-noi-vu")),
    _rule("subject_responsible", r"^\s*(?:chiu trach nhiem|co trach nhiem)\b", ("trach nhiem",),
          "a clause that opens with bodies followed by 'chịu/có trách nhiệm' makes them host",
          "the subject of a sentence of responsibility is accountable even mid-paragraph",
          "Đầu tư các công trình. Các địa phương chịu trách nhiệm quản lý nguồn lực.",
          (Role.HOST, "group-dia-phuong")),
    _rule("standing_body", r"^\s*(?:[-\u2013,(]|\bla\b)?\s*co\s*quan thuong truc\b", ("thuong truc",),
          "bodies opening a clause and called 'cơ quan thường trực' (standing body) host it",
          "the standing body leads the plan's implementation; portal copies may glue 'cơquan'",
          "Sở Kế hoạch và Đầu tư - cơ quan thường trực Ban vì sự tiến bộ phụ nữ tỉnh tham mưu triển khai.",
          (Role.HOST, "so-ke-hoach-dau-tu")),
    _rule("subject_after_condition", r"^\s*(?:trong qua trinh[^,.;]{0,60},\s*)?(?P<c>neu|khi|truong hop)\b",
          ("neu", "khi", "truong hop"),
          "the bodies right after an opening condition ('…, nếu có khó khăn, vướng mắc, …') are its subject",
          "a plan's closing instruction names who reports difficulties; the section it stands in does not",
          "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các sở, ngành phản ánh về Sở Nội vụ để tổng hợp.",
          (Role.HOST, "group-so-ban-nganh"), (Role.REPORTING, "so-noi-vu")),
    _rule("advised_body", r"(?:tham muu|giup|trinh|de xuat|bao cao)\s*(?:cho\s*)?$", (),
          "the bodies after 'tham mưu'/'giúp'/'trình'/'báo cáo' are advised: their 'chỉ đạo' is not this task's role",
          "'Sở X tham mưu UBND tỉnh chỉ đạo …' is the Sở's task of advising the committee",
          "Sở Nội vụ tham mưu Ủy ban nhân dân tỉnh chỉ đạo triển khai.", (Role.HOST, "so-noi-vu")),
    _rule("quoted_passage", r"[\u201c\"][^\u201d\"]*(?:chu tri|phoi hop|\bgiao\b)[^\u201d\"]*[\u201d\"]",
          ("\u201c", '"'),
          "a quoted passage that itself assigns roles is another document's text: it assigns nothing here",
          "a letter quoting a resolution's 'Ban cán sự đảng Chính phủ chủ trì …' does not give that task",
          "Nghị quyết quy định “Ban cán sự đảng Chính phủ chủ trì, phối hợp với các ban đảng theo dõi.”"),
    _rule("narrated", r"\bda\s+(?:giao|chi dao|phan cong|chu tri)\b|\bco y kien chi dao\b",
          ("giao", "chi dao", "phan cong", "chu tri"),
          "a sentence telling an assignment already made assigns nothing here",
          "reports narrate earlier assignments ('Thủ tướng có ý kiến chỉ đạo … và giao Bộ X …')",
          "Thủ tướng Chính phủ có ý kiến chỉ đạo đồng ý; giao Bộ Y tế phối hợp với Bộ Tài chính trình."),
    _rule("execution_clause", r"\bchiu trach nhiem thi hanh\b", ("thi hanh",),
          "a decision's closing article ('… chịu trách nhiệm thi hành Quyết định này') assigns no task",
          "it lists who must execute the decision, not who hosts or coordinates its plan",
          "Sở Y tế, Sở Tài chính chịu trách nhiệm thi hành Quyết định này."),
)}
_RULE_WORDS = tuple(dict.fromkeys(w for r in SENTENCE_RULES.values() for w in r.words))


def held_words(folded: str) -> frozenset[str]:
    """The rule words a sentence holds, each looked for once for all the rules that share it."""
    return frozenset(filter(folded.__contains__, _RULE_WORDS))


_SENTENCE_START = re.compile(r"(?:^|[.;!?]\s+)(?=\S)")
# The verbs of a decision, after the body a proposal is submitted to (rule decider_after_submission).
_DECISION = re.compile(r"^\s*(?:xem xet,?\s*)?(?:ban hanh|phe duyet|quyet dinh|dieu chinh|sua doi)\b")
_ARTICLE = re.compile(r"\bdieu\s+\d+\s*[.:]")
_FULL_STOP = re.compile(r"[.!?](?:\s+|$)")
_COMMA = re.compile(r",\s*")
# The words of a condition as written: folded, "nếu" (if) is also "nêu" (to state, to raise).
_CONDITIONS = frozenset({"nếu", "khi", "trường hợp"})


@dataclass
class Found:
    role: Role
    mention: Mention
    requested: bool = False
    rule: str = ""  # the SENTENCE_RULES entry that found it ("subject": the fallback)


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
            if not _is_gap(text[cursor:m.start]):
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
            if not _is_gap(text[m.end:cursor]):
                break
            run.append(m)
            cursor = m.start
        run.reverse()
        return run

    def _run_after_condition(self, text: str, folded: str, mentions: list[Mention], start: int) -> list[Mention]:
        """The first run of bodies that follows a comma of the condition's sentence (its own words
        may hold commas: "nếu phát sinh khó khăn, vướng mắc, các cơ quan …")."""
        stop = _FULL_STOP.search(folded, start)
        for comma in _COMMA.finditer(folded, start, stop.start() if stop else len(folded)):
            run = self._run_from(text, mentions, comma.end())
            if run:
                return run
        return []

    def roles_in(self, text: str) -> list[Found]:
        """Every role a sentence assigns, by the rules of ``SENTENCE_RULES``."""
        folded = fold_chars(text)
        held = held_words(folded)  # stays a superset of what the silenced text holds
        silenced = _silence(text, folded, held)
        if silenced != text:
            text, folded = silenced, fold_chars(silenced)
        if not _triggered(folded):  # no role words: only a subject at the start can name a body
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

        def add(role: Role, run: list[Mention], requested: bool = False, rule: str = "") -> None:
            for m in run:
                key = (role, m.entry.key)
                if key not in seen:
                    seen.add(key)
                    found.append(Found(role, m, requested, rule))

        rules = SENTENCE_RULES
        lead_in = rules["lead_in_assign"].pattern.match(folded)
        if lead_in:
            add(Role.HOST, self._run_from(text, mentions, lead_in.end()), lead_in.group(1) == "de nghi",
                "lead_in_assign")
        for m in rules["mid_assign"].finditer(folded, held):
            add(Role.HOST, self._run_from(text, mentions, m.end()), m.group(1) == "de nghi", "mid_assign")
        for m in rules["director"].finditer(folded, held):
            before = self._run_before(text, mentions, m.start())
            if before and rules["advised_body"].pattern.search(folded[:before[0].start]):
                continue
            after = self._run_from(text, mentions, m.end())
            if before and after:
                add(Role.DIRECTOR, before, rule="director")
                add(Role.HOST, after, rule="director")
            elif before:
                add(Role.HOST, before, rule="director")
        for m in rules["host_before_chu_tri"].finditer(folded, held):
            add(Role.HOST, self._run_before(text, mentions, m.start()), rule="host_before_chu_tri")
        for m in rules["coordinator_after_phoi_hop"].finditer(folded, held):
            add(Role.COORDINATOR, self._run_from(text, mentions, m.end()), rule="coordinator_after_phoi_hop")
        for m in rules["decider_after_submission"].finditer(folded, held):
            run = self._run_from(text, mentions, m.end())
            if run and _DECISION.match(folded[run[-1].end:]):
                add(Role.DECIDER, run, rule="decider_after_submission")
        for m in rules["reporting_channel"].finditer(folded, held):
            run = self._run_from(text, mentions, m.end())
            if run and re.match(r"^[\s)]*(?:de\s+)?tong hop|^\s*\)", folded[run[-1].end:]):
                add(Role.REPORTING, run, rule="reporting_channel")
        condition = rules["subject_after_condition"]
        opening = condition.pattern.match(folded) if condition.may_apply_to(held) else None
        if opening and text[opening.start("c"):opening.end("c")].lower() in _CONDITIONS:
            add(Role.HOST, self._run_after_condition(text, folded, mentions, opening.end()), rule=condition.name)
        subject_rules = [r for r in (rules["subject_responsible"], rules["standing_body"])
                         if r.may_apply_to(held)]
        for start in _SENTENCE_START.finditer(folded) if subject_rules else ():
            run = self._run_from(text, mentions, start.end())
            for rule in subject_rules:
                if run and rule.pattern.match(folded[run[-1].end:]):
                    add(Role.HOST, run, rule=rule.name)
        if not any(f.role is Role.HOST for f in found):
            add(Role.HOST, self._run_from(text, mentions, 0) if not lead_in else [], rule="subject")
        return found

    # -- tasks ---------------------------------------------------------------------------------
    def read(self) -> tuple[list[TaskRecord], AgencyRef | None, Source | None]:
        drafts = [*self._task_zone(), *self._organisation_zone(), *self._appendix(), *self._elsewhere()]
        lead, lead_source = self._lead(drafts)
        finished = [(d, self._finish(d, lead, lead_source)) for d in drafts]
        pairs = [(d, t) for d, t in finished if t is not None]
        statements = [restatements.Statement(t.id, t.text, _place(d.section)) for d, t in pairs]
        details = restatements.links(statements, self.registry, self.province)
        tasks = [t.model_copy(update={"details": tuple(details[t.id])}) if t.id in details else t
                 for _, t in pairs]
        self._warn_hostless(tasks, details)
        return tasks, lead, lead_source

    def _warn_hostless(self, tasks: list[TaskRecord], details: dict[str, list[str]]) -> None:
        """One warning for the tasks that name no host in any of their statements and inherit none:
        the host is unknown, not guessed (a Party programme that tasks only its Party bodies, say)."""
        hosted = {t.id for t in tasks if any(a.role is Role.HOST for a in t.assignments)}
        hostless = [t for t in tasks if t.id not in hosted and not hosted & set(details.get(t.id, ()))]
        if hostless:
            lines = ", ".join(str(t.source.line_start) for t in hostless[:12])
            more = " …" if len(hostless) > 12 else ""
            self.warnings.append(messages.warning("tasks_without_host", hostless[0].source, count=len(hostless),
                                                  lines=lines + more))

    def _elsewhere(self) -> list[Draft]:
        """Provisions outside the task, duty and appendix zones that still assign work in so many words
        ("Điều 2. Giao Sở X chủ trì …" in a decision, "2. Ban Tuyên giáo Trung ương chủ trì …" under a
        heading the layout did not place): a task only where a rule other than the bare subject names
        the host, so context and legal bases never become tasks."""
        root = self.layout.root
        places = [(s, [i for i in s.items if i.kind != "row"]) for s in root.walk()
                  if s.zone == "none" and s.kind not in ("root", "appendix")]
        places.append((root, [a for i in self.layout.preamble for a in self._articles(i)]))
        drafts: list[Draft] = []
        for section, items in places:
            explicit = []
            for item in items:
                found = self.roles_in(item.text)
                if any(f.role is Role.HOST and f.rule not in ("subject", "reporting_channel") for f in found):
                    explicit.append((item, found))
            for k, (item, found) in enumerate(explicit, start=1):
                suffix = f"~{k}" if len(explicit) > 1 or section is root else ""
                draft = Draft(section, [item], suffix=("art" if section is root else "") + suffix)
                draft.roles.extend((f, self._src(item)) for f in found)
                drafts.append(draft)
        return drafts

    def _articles(self, item: Item) -> list[Item]:
        """A preamble block cut at its "Điều N." articles, each on the line where it starts (a decision's
        articles can arrive joined to the header in one block)."""
        folded = fold_chars(item.text)
        cuts = [m.start() for m in _ARTICLE.finditer(folded)]
        if not cuts:
            return []
        lines = range(item.start, item.end + 1)
        out = []
        for a, b in zip(cuts, [*cuts[1:], len(folded)], strict=True):
            head = " ".join(folded[a:b].split()[:2])
            line = next((n for n in lines if head in " ".join(fold_chars(self.source.line(n)).split())), item.start)
            out.append(Item("para", "", item.text[a:b].strip(), line, line))
        return out

    def _src(self, item: Item) -> Source:
        """The original lines, as a legal officer would cite them."""
        return self.source.source(item.start, item.end)

    def _scan(self, draft: Draft, item: Item) -> None:
        found = self.roles_in(item.text)
        if found:
            src = self._src(item)
            draft.roles.extend((f, src) for f in found)

    def _task_zone(self) -> list[Draft]:
        sections = [s for s in self.layout.root.walk() if s.zone == "tasks"]
        block_mode = any(_opens_block(i.text) for s in sections for i in s.items)
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
            if _opens_block(item.text):
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
        tasks = [part for item in tasks for part in self._by_subject(item)]
        drafts = []
        for k, item in enumerate(tasks, start=1):
            draft = Draft(section, [item], suffix=f"~{k}" if len(tasks) > 1 else "")
            self._scan(draft, item)
            drafts.append(draft)
        return drafts

    def _by_subject(self, item: Item) -> list[Item]:
        """A paragraph cut where a later sentence names its own accountable subject ("… chính sách xã
        hội. Các địa phương chịu trách nhiệm quản lý nguồn lực …", rule ``subject_responsible``): that
        sentence is another body's task, and the sentences before it keep their own (or no) host."""
        folded = fold_chars(item.text)
        if not SENTENCE_RULES["subject_responsible"].may_apply(folded):  # nothing to cut (the common case)
            return [item]
        mentions = self._mentions(item.text)
        cuts = [0]
        for stop in _FULL_STOP.finditer(folded):
            run = self._run_from(item.text, mentions, stop.end()) if stop.end() < len(folded) else []
            if run and SENTENCE_RULES["subject_responsible"].pattern.match(folded[run[-1].end:]):
                cuts.append(stop.end())
        if len(cuts) == 1:
            return [item]
        return [Item(item.kind, item.marker, item.text[a:b].strip(), item.start, item.end)
                for a, b in zip(cuts, [*cuts[1:], len(item.text)], strict=True)]

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
            subject = [f for f in own if f.role is Role.HOST
                       and (f.mention.start == 0 or f.rule == "subject_after_condition")]
            if not subject:
                draft.roles.extend((f, heading_src) for f in heading_roles)
            kept = [f for f in own if not (f.role is Role.HOST and not subject and f.mention.start > 0
                                           and not _explicit_host(item.text))]
            if kept:
                src = self._src(item)
                draft.roles.extend((f, src) for f in kept)
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
            self.warnings.append(messages.warning("table_row_incomplete", src,
                                                  missing=", ".join(messages.COLUMN_WORDS[n] for n in missing)))
        for name, role in (("host", Role.HOST), ("coordinators", Role.COORDINATOR),
                           ("deciders", Role.DECIDER)):
            draft.roles.extend((Found(role, m), src) for m in self._mentions(cell(name)))
        return draft

    # -- lead and finishing ----------------------------------------------------------------------
    def _lead(self, drafts: list[Draft]) -> tuple[AgencyRef | None, Source | None]:
        """The body that hosts the document as a whole (cơ quan thường trực, or "chủ trì … Kế hoạch").
        A host another body directs ("Ban cán sự đảng … chỉ đạo Sở X chủ trì …", rule ``director``)
        leads that provision only: a Party programme that tasks its Party bodies names no lead for
        the whole, and its other tasks then have no host rather than an inherited one."""
        for d in drafts:
            if d.section.zone != "organisation":
                continue
            text = fold_chars(" ".join(i.text for i in d.items)).lower()
            directed = any(f.role is Role.DIRECTOR for f, _ in d.roles)
            hosts = [(f, s) for f, s in d.roles if f.role is Role.HOST and f.mention.entry.kind == "agency"
                     and not directed]
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
        hosts = {f.mention.entry.ref(f.mention.province).id for f, _ in d.roles if f.role is Role.HOST}
        for f, src in d.roles:
            ref = f.mention.entry.ref(f.mention.province)
            if (f.role, ref.id) in seen or (f.role is Role.COORDINATOR and ref.id in hosts):
                continue  # a body does not coordinate with itself: "the others of the group" is the group
            seen.add((f.role, ref.id))
            assignments.append(AssignmentRecord(role=f.role, agency=ref, requested=f.requested, source=src))
        if lead and lead_source and not any(a.role is Role.HOST for a in assignments) \
                and d.section.zone == "tasks":
            assignments.insert(0, AssignmentRecord(role=Role.HOST, agency=lead, inherited=True,
                                                   source=lead_source))
        start = min(i.start for i in d.items)
        end = max(i.end for i in d.items)
        path = d.section.path + d.suffix
        due = read_due(d.deadline, text)  # the column's deadline, else one the sentence states
        return TaskRecord(id=f"{self.doc_id}.{path}", section=d.section.path, text=text,
                          assignments=tuple(assignments), deadline=d.deadline or (due.quote if due else None),
                          funding=d.funding, due=due,
                          source=self.source.source(start, end))


def _place(section: Section) -> str:
    """Where a statement stands, for the restatement links: a body task, an appendix row, a duty."""
    if section.kind == "appendix" or section.zone == "appendix":
        return "row"
    return "body" if section.zone == "tasks" else "duty"


def _start(m: Mention) -> int:
    return m.start


def _is_gap(text: str) -> bool:
    """Whether only commas, brackets and a joining word ("và", "cùng", "với", "các") stand between
    two mentions, so that they belong to one run."""
    return _GAP_SHAPE.match(text) is not None and _GAP.match(fold_chars(text).lower()) is not None


def _opens_block(text: str) -> bool:
    """Whether a line opens a "Cơ quan chủ trì/phối hợp/quyết định:" block. Only its first characters
    are folded: a block layout is decided on every item of a tasks zone."""
    return _BLOCK.match(fold_chars(text.lstrip()[:_BLOCK_SPAN])) is not None


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


def _triggered(folded: str) -> bool:
    return any(p in folded for p in _TRIGGER_PHRASES) or (
        ("giao" in folded or "(qua" in folded) and _TRIGGER_WORDS.search(folded) is not None)


def _silence(text: str, folded: str, held: frozenset[str]) -> str:
    """The text with what assigns nothing in this document blanked out, offsets kept: quoted passages
    of other documents that name roles (rule ``quoted_passage``), sentences narrating an assignment
    already made (``narrated``) and a decision's execution clause (``execution_clause``). ``folded``
    is ``fold_chars(text)`` and ``held`` its rule words, which the caller has already."""
    spans = [m.span() for m in SENTENCE_RULES["quoted_passage"].finditer(folded, held)]
    narrated = SENTENCE_RULES["narrated"].finditer(folded, held)
    for m in [*narrated, *SENTENCE_RULES["execution_clause"].finditer(folded, held)]:
        starts = [s.end() for s in _FULL_STOP.finditer(folded[:m.start()])]
        stop = _FULL_STOP.search(folded, m.end())
        spans.append((starts[-1] if starts else 0, stop.end() if stop else len(text)))
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text
