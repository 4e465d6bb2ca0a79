"""What a quote shows people: the words of the quoted lines without the Markdown markup that a
portal's conversion added around them ("**4.** Ban cán sự …", "## **5. Sở Y tế**").

The markup is not the document's text: a legal officer citing line 120 cites "4. Ban cán sự …".
Extraction records (``policygraph extract``) keep the lines exactly as the file has them; the graph
stores this shown form as ``pg:quote``, beside the file (by its sha256) and the line span, which
lead back to the exact lines. Each rule is a row with its reason and an example that tests run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce


@dataclass(frozen=True)
class MarkupRule:
    name: str
    pattern: re.Pattern[str]
    reason: str
    example: str
    shown: str


def _rule(name: str, pattern: str, reason: str, example: str, shown: str) -> MarkupRule:
    return MarkupRule(name, re.compile(pattern, re.MULTILINE), reason, example, shown)


MARKUP_RULES: tuple[MarkupRule, ...] = (
    _rule("heading_marks", r"^[ \t]*#{1,6}[ \t]+",
          "a Markdown heading's leading '#' marks its level, not a word of the heading",
          "### **7. Sở Nông nghiệp và Phát triển nông thôn**", "7. Sở Nông nghiệp và Phát triển nông thôn"),
    _rule("bold_stars", r"(?<![*\\])\*{2,3}(?!\*)",
          "'**' (and '***') around words is bold type; a bold span may open on one line of a quote and close "
          "on a later one, so each mark goes on its own",
          "**4.** Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo", "4. Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo"),
    _rule("bold_underscores", r"(?<![_\w])__(?=[^\s_])|(?<=[^\s_])__(?![_\w])",
          "'__' right against a word is bold type; a run of underscores standing for a blank in a draft "
          "('Số ____/KH-UBND') is text and stays",
          "__Điều 1.__ Ban hành kèm theo Số ____/KH-UBND", "Điều 1. Ban hành kèm theo Số ____/KH-UBND"),
    _rule("line_break_spaces", r"[ \t]+$",
          "two spaces before a line end are a Markdown line break; they hold no word",
          "TM. ỦY BAN NHÂN DÂN  ", "TM. ỦY BAN NHÂN DÂN"),
)

_MAY_HOLD_MARKUP = re.compile(r"[*_#]|[ \t]$", re.MULTILINE)


def shown(quote: str) -> str:
    """The quote as people read it: every markup rule applied once, in the table's order."""
    if not _MAY_HOLD_MARKUP.search(quote):   # most quotes: skip the four passes
        return quote
    return reduce(lambda text, rule: rule.pattern.sub("", text), MARKUP_RULES, quote)
