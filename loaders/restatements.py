"""One task, many statements: a body provision and the appendix row (or later duty provision) that
restates it with its host, coordinators, deciders, deadline and funding.

Plans list a task in the body ("Xây dựng và triển khai Dự án “Xây dựng công trình Đền Liệt sĩ tỉnh
Hải Dương”") and again in an appendix table or a "Tổ chức thực hiện" provision that says who does it
and by when. The link is decided by the rules of ``LINK_RULES``, each with its reason and an example
pair; tests/loaders/test_responsibility.py runs every example, and a pair of similar but different
tasks that must stay apart. Only statements of one document are compared, and a link always goes
from a body task to a statement elsewhere (never body to body), so two body provisions that happen
to read alike are never merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.registry import Province, Registry
from loaders.text import fold_chars

_QUOTED = re.compile(r"[\u201c\"]([^\u201d\"]+)[\u201d\"]")
_WORD = re.compile(r"[a-z0-9]+")
# Words that say what is done to a task, not which task it is ("xây dựng và triển khai đề án …").
_ACTION_WORDS = frozenset(
    "xay dung va trien khai thuc hien to chuc ban hanh de an du an ke hoach chuong trinh nhiem vu cac "
    "cua cho ve tren dia ban tinh thanh pho nam giai doan theo trong".split())


@dataclass(frozen=True)
class LinkRule:
    """When a detail statement restates a body task; ``example`` is a (body, detail) pair it links."""

    name: str
    meaning: str
    reason: str
    threshold: float
    example: tuple[str, str]
    covers_body: float = 0.0  # the share of the body's task words the detail must cover as well


LINK_RULES: dict[str, LinkRule] = {r.name: r for r in (
    LinkRule("quoted_name",
             "the detail's quoted name of a đề án / dự án / kế hoạch appears, word for word, in the body task",
             "a quoted name is the proper name of one scheme or project: two statements naming it are the "
             "same task. Names of fewer words than the threshold ('“Đèn ơn đáp nghĩa”') are too common.",
             4,
             ("Xây dựng và triển khai Dự án “Xây dựng công trình Đền Liệt sĩ tỉnh Hải Dương”.",
              "Dự án “Xây dựng công trình Đền Liệt sĩ tỉnh Hải Dương”")),
    LinkRule("row_words",
             "an appendix row without a quoted name, nine in ten of whose task words (action words and "
             "agency names left out) appear in the body task, and that cover 60% of the body's",
             "a table row restates a body task in fewer words; requiring coverage both ways keeps two "
             "tasks that share a subject ('hỗ trợ người cao tuổi' / 'hỗ trợ trẻ em') apart",
             0.9,
             ("Rà soát, sửa đổi quy chế quản lý quỹ bảo trợ trẻ em tỉnh.",
              "Rà soát, sửa đổi quy chế quản lý quỹ bảo trợ trẻ em"),
             covers_body=0.6),
)}


@dataclass(frozen=True)
class Statement:
    """A task statement as the linker sees it: its id, text and whether it is a body task, an
    appendix row or a duty provision."""

    id: str
    text: str
    place: str  # "body" | "row" | "duty"


def quoted_names(text: str) -> list[str]:
    """The quoted names of a statement, folded, long enough to identify a task."""
    out = []
    for m in _QUOTED.finditer(text):
        words = _WORD.findall(fold_chars(m.group(1)))
        if len(words) >= LINK_RULES["quoted_name"].threshold:
            out.append(" ".join(words))
    return out


def task_words(text: str, registry: Registry, province: Province | None) -> set[str]:
    """The words that say which task a statement is: folded, agency names and action words left out."""
    for m in reversed(registry.mentions(text, province)):
        text = text[:m.start] + " " + text[m.end:]
    return {w for w in _WORD.findall(fold_chars(text)) if w not in _ACTION_WORDS}


def links(statements: list[Statement], registry: Registry, province: Province | None) -> dict[str, list[str]]:
    """Body task id → ids of the statements that restate it, by ``LINK_RULES``. Pure: the same
    statements always give the same links."""
    bodies = [s for s in statements if s.place == "body"]
    details = [(s, quoted_names(s.text)) for s in statements if s.place != "body"]
    details = [(d, names) for d, names in details if names or d.place == "row"]
    if not details or not bodies:
        return {}
    folded = {b.id: fold_chars(b.text) for b in bodies}
    body_words: dict[str, str] = {}
    words: dict[str, set[str]] = {}

    def names_in(name: str, longest: str, b: Statement) -> bool:
        """Whether the body's words hold the name; its longest word is looked for first, in the
        folded text, since the body's word list costs more and most bodies lack that word."""
        if longest not in folded[b.id]:
            return False
        if b.id not in body_words:
            body_words[b.id] = " ".join(_WORD.findall(folded[b.id]))
        return name in body_words[b.id]

    def words_of(s: Statement) -> set[str]:
        if s.id not in words:
            words[s.id] = task_words(s.text, registry, province)
        return words[s.id]

    out: dict[str, list[str]] = {}
    for d, names in details:
        if names:
            named = [(n, max(n.split(), key=len)) for n in names]
            hits = [b for b in bodies if any(names_in(n, longest, b) for n, longest in named)]
        else:
            hits = [b for b in bodies if _rows_words_match(words_of(d), words_of(b))]
        for b in hits:
            out.setdefault(b.id, []).append(d.id)
    return out


def _rows_words_match(mine: set[str], theirs: set[str]) -> bool:
    """Rule ``row_words`` on the task words of a row (``mine``) and of a body task (``theirs``)."""
    if len(mine) < 3 or not theirs:
        return False
    rule = LINK_RULES["row_words"]
    shared = len(mine & theirs)
    return shared >= rule.threshold * len(mine) and shared >= rule.covers_body * len(theirs)
