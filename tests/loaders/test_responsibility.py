"""Responsibility: who hosts, coordinates, directs and decides, in the forms documents use; Party
bodies and collective hosts as the registry's entities; one task read from many statements."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from loaders.extract import extract_file
from loaders.registry import registry
from loaders.responsibility import SENTENCE_RULES, Reader
from loaders.restatements import LINK_RULES, Statement, links
from ontology.records import Extraction, Role, TaskRecord

FIXTURES = Path(__file__).parent / "fixtures" / "responsibility"
REAL_DEV = Path(__file__).parents[3] / "shared" / "real-dev"


def _reader() -> Reader:
    reg = registry()
    return Reader("doc", None, None, reg, reg.provinces["hai-duong"], [])  # type: ignore[arg-type]


def _extract(name: str) -> Extraction:
    return extract_file(FIXTURES / name)


def _task(extraction: Extraction, line: int) -> TaskRecord:
    return next(t for t in extraction.tasks if t.source.line_start == line)


def _keys(task: TaskRecord, role: Role) -> list[str]:
    return [a.agency.id.split(".")[0] for a in task.assignments if a.role is role]


@pytest.mark.parametrize("rule", SENTENCE_RULES.values(), ids=lambda r: r.name)
def test_every_sentence_rule_reads_its_own_example(rule):
    found = {(f.role, f.mention.entry.key) for f in _reader().roles_in(rule.example)}
    assert set(rule.expect) <= found
    if not rule.expect:  # a rule that withholds roles leaves nothing to read
        assert found == set()


def test_a_rules_words_never_change_what_it_reads(monkeypatch):
    """The words are a shortcut, not a meaning: every corpus and real-dev file gives the same tasks
    and roles when every rule runs its pattern on every sentence."""
    files = [*sorted((Path(__file__).parents[2] / "corpus").glob("*.txt")), *sorted(REAL_DEV.glob("*.txt"))]
    with_words = [extract_file(f).tasks for f in files]
    for name, rule in SENTENCE_RULES.items():
        monkeypatch.setitem(SENTENCE_RULES, name, dataclasses.replace(rule, words=()))
    assert [extract_file(f).tasks for f in files] == with_words


def test_an_advised_committee_does_not_host_what_it_is_advised_to_direct():
    found = _reader().roles_in(SENTENCE_RULES["advised_body"].example)
    assert [(f.role, f.mention.entry.key) for f in found] == [(Role.HOST, "so-noi-vu")]


def test_an_enumeration_of_party_bodies_keeps_every_member():
    task = _task(_extract("party_bodies_and_groups.txt"), 14)
    assert _keys(task, Role.HOST) == ["group-cap-uy", "group-ban-can-su-dang", "group-dang-doan",
                                      "group-to-chuc-chinh-tri-xa-hoi"]


def test_departments_and_district_committees_are_two_groups():
    task = _task(_extract("party_bodies_and_groups.txt"), 16)
    assert _keys(task, Role.HOST) == ["group-so-ban-nganh", "group-ubnd-cap-huyen"]


def test_the_party_committee_of_the_peoples_committee_directs_and_the_department_hosts():
    task = _task(_extract("party_bodies_and_groups.txt"), 18)
    assert _keys(task, Role.DIRECTOR) == ["ban-can-su-dang-ubnd"]
    assert _keys(task, Role.HOST) == ["so-y-te"]
    assert _keys(task, Role.COORDINATOR) == ["group-chinh-quyen-cac-cap"]


def test_the_party_building_boards_are_their_own_group_beside_the_party_office():
    task = _task(_extract("party_bodies_and_groups.txt"), 20)
    assert _keys(task, Role.HOST) == ["group-ban-xay-dung-dang", "van-phong-tinh-uy"]


def test_localities_named_as_responsible_host_their_own_sentence_and_the_rest_inherits_the_lead():
    first, second = [t for t in _extract("party_bodies_and_groups.txt").tasks if t.source.line_start == 10]
    assert first.text.startswith("Xây dựng mạng lưới") and first.host_inherited
    assert _keys(first, Role.HOST) == ["so-lao-dong-tbxh"]
    assert second.text.startswith("Các địa phương chịu trách nhiệm") and not second.host_inherited
    assert _keys(second, Role.HOST) == ["group-dia-phuong"]


def test_a_directed_host_is_not_the_lead_of_the_whole_document():
    # "Ban cán sự đảng … chỉ đạo Sở Y tế chủ trì, … theo dõi, tổng hợp kết quả" comes first, but the
    # Sở Y tế leads that provision only: the standing body (cơ quan thường trực) leads the document.
    ex = _extract("party_bodies_and_groups.txt")
    assert ex.document.lead_agency is not None
    assert ex.document.lead_agency.id.split(".")[0] == "so-lao-dong-tbxh"


def test_a_decision_article_giao_gives_host_and_coordinators_and_the_execution_clause_gives_none():
    ex = _extract("decision_articles.txt")
    assert len(ex.tasks) == 1
    task = ex.tasks[0]
    assert task.source.line_start == 12
    assert _keys(task, Role.HOST) == ["ban-dan-toc"]
    assert _keys(task, Role.COORDINATOR) == ["group-co-quan-lien-quan", "group-ubnd-cap-huyen"]


def test_a_quoted_assignment_of_another_document_is_not_a_task_here():
    assert _extract("letter_quoting_a_resolution.txt").tasks == ()


def test_an_assignment_narrated_in_a_report_is_not_a_task():
    ex = _extract("report_narrating_an_assignment.txt")
    assert not any(a.role is Role.HOST and not a.inherited for t in ex.tasks for a in t.assignments)


def test_a_body_task_is_detailed_by_the_appendix_row_of_its_project_and_not_by_a_similar_one():
    ex = _extract("body_task_and_appendix_rows.txt")
    details = {t.source.line_start: t.details for t in ex.tasks}
    row = {t.source.line_start: t.id for t in ex.tasks}
    assert details[10] == (row[22],)  # the Thanh Hà memorial, not the Tứ Kỳ one (row 23)
    assert details[12] == ()  # its project has no row
    assert details[14] == (row[24],)  # a row without a quoted name, in the body's own words
    assert details[16] == ()  # same occasion, different people: another task
    assert all(details[n] == () for n in (22, 23, 24, 25))  # links go from the body only


@pytest.mark.parametrize("rule", LINK_RULES.values(), ids=lambda r: r.name)
def test_every_link_rule_links_its_own_example(rule):
    body, detail = rule.example
    found = links([Statement("b", body, "body"), Statement("d", detail, "row")], registry(), None)
    assert found == {"b": ["d"]}


def test_two_body_provisions_that_read_alike_are_never_linked():
    text = "Xây dựng và triển khai Dự án “Xây dựng nhà bia ghi danh liệt sĩ huyện Thanh Hà”."
    assert links([Statement("a", text, "body"), Statement("b", text, "body")], registry(), None) == {}


def test_the_hai_duong_memorial_project_is_one_task_with_its_appendix_row(corpus_dir):
    ex = extract_file(next(corpus_dir.glob("000_*.txt")))
    linked = {t.id: t.details for t in ex.tasks if t.details}
    body = next(t for t in ex.tasks if "Đền Liệt sĩ" in t.text and t.section.startswith("P2"))
    row = next(t for t in ex.tasks if "Đền Liệt sĩ" in t.text and t.section.startswith("PL"))
    assert body.details == (row.id,)
    assert row.deadline == "Năm 2022"
    assert sum(len(v) for v in linked.values()) == 5  # the four rows; the Đề án is stated twice in the body


def _real(name: str) -> Extraction:
    path = next(REAL_DEV.glob(f"{name}_*.txt"), None)
    if path is None:
        pytest.skip("../shared/real-dev is not here")
    return extract_file(path)


@pytest.mark.parametrize("name", ["a07", "a11", "b19", "b23"])
def test_real_documents_stated_hosts_are_read(name):
    expected = json.loads((REAL_DEV / "expected.json").read_text(encoding="utf-8"))
    stated = next(v for k, v in expected.items() if k.startswith(name))["tasks"]
    ex = _real(name)
    for want in stated:
        quote = " ".join(want["quote"].split())[:40]
        task = next(t for t in ex.tasks if quote in " ".join(t.text.split()))
        hosts = [a.agency.name for a in task.assignments if a.role is Role.HOST and not a.inherited]
        assert len(hosts) == len(want["host"])
        assert all(h.startswith(w) for h, w in zip(hosts, want["host"], strict=True))


def test_the_committees_for_the_advancement_of_women_of_each_department_are_a_group_that_hosts():
    """A gender-equality plan tasks the committee of every department and district with a plan of its
    own; in a PDF copy the words arrive glued ("cácsở"), as in Ninh Thuận's plan of 2007."""
    found = _reader().roles_in("Ban vì sự tiến bộ của phụ nữ cácsở, ban, ngành xây dựng kế hoạch của ngành.")
    assert [(f.role, f.mention.entry.key) for f in found] == [(Role.HOST, "group-ban-vi-tien-bo-phu-nu")]
    task = next(t for t in _real("b14").tasks if t.source.line_start == 34)
    assert _keys(task, Role.HOST) == ["group-ban-vi-tien-bo-phu-nu"]


def test_words_glued_where_a_pdf_line_wrapped_are_read_as_their_syllables():
    from loaders.registry import syllables, tokens

    text = "Sở Kế hoạch và Đầu tư - cơquan thường trực giúp Ban phụ nữtham mưu; vàXã hội; email"
    toks = tokens(text)
    assert toks.words[5:7] == ["co", "quan"]
    assert "nu" in toks.words and "tham" in toks.words and "va" not in toks.words
    assert [text[slice(*toks.span(i))].lower() for i in range(len(toks))][5:7] == ["cơ", "quan"]
    assert syllables("tinhthanh") == ("tinh", "thanh") and syllables("cacnganh") == ("cac", "nganh")
    assert syllables("email") is None and toks.words[-1] == "email"
    assert syllables("ab" * 200 + "x") is None  # a long word almost cut many ways: each tail once
    assert tokens("ba" * 3000).words == ["ba" * 3000]  # longer than GLUED_MAX_LETTERS: never cut


@pytest.mark.parametrize("name", ["b05", "b06", "b24"])
def test_real_documents_stating_no_assignment_yield_no_stated_host(name):
    ex = _real(name)
    assert not any(a.role is Role.HOST and not a.inherited for t in ex.tasks for a in t.assignments)


def test_tasks_that_name_no_host_anywhere_are_one_warning_not_a_guess(corpus_dir):
    ex = extract_file(next(corpus_dir.glob("000_*.txt")))
    [warning] = [w for w in ex.warnings if w.code == "tasks_without_host"]
    hostless = [t for t in ex.tasks if not t.host]
    assert warning.message.startswith(f"{len(hostless) - 5} nhiệm vụ")  # five are detailed by a hosted row
    assert warning.source == hostless[0].source


def test_a_mention_spans_exactly_the_words_that_name_it(corpus_dir):
    """Token offsets come from the lengths of the split pieces, "và" included: every mention of
    the corpus starts and ends on a word of the text, and its words fold to a name of its entry."""
    from loaders.registry import tokens
    from loaders.text import fold_chars

    reg = registry()
    text = "Sở Lao động - Thương binh và Xã hội, Sở Y tế và UBND các huyện, thị xã, thành phố phối hợp"
    spans = [(m.start, m.end) for m in reg.mentions(text, reg.provinces["ha-nam"])]
    assert [text[a:b] for a, b in spans] == ["Sở Lao động - Thương binh và Xã hội", "Sở Y tế",
                                             "UBND các huyện, thị xã, thành phố"]
    for path in sorted(corpus_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            toks = tokens(line)
            folded = fold_chars(line)
            assert [folded[slice(*toks.span(i))] for i in range(len(toks))] == toks.words


def test_the_trigger_shortcut_answers_as_the_trigger_pattern_on_every_corpus_line(corpus_dir):
    """Substring tests first, whole words only where their letters are: the same answer as one
    pattern of all trigger words, on every line of the corpus and on the edge cases of a word."""
    import re

    from loaders.responsibility import _TRIGGER_PHRASES, _triggered
    from loaders.text import fold_chars

    pattern = re.compile("|".join([*map(re.escape, _TRIGGER_PHRASES), r"\bgiao\b", r"\(qua\b"]))
    lines = [fold_chars(line) for path in sorted(corpus_dir.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    edges = ["giao duc", "giao so y te", "ban giao", "(quan ly)", "(qua so noi vu)", "giaoduc"]
    assert [_triggered(t) for t in [*lines, *edges]] == [bool(pattern.search(t)) for t in [*lines, *edges]]
    assert [_triggered(t) for t in edges] == [True, True, True, False, True, False]


def test_a_sentence_opening_with_neu_stating_not_if_names_no_subject_after_its_commas():
    """Folded, "nếu" (if) and "nêu" (to raise) are one word; only the condition opens a subject."""
    found = _reader().roles_in("Nêu cao vai trò, trách nhiệm, các sở, ngành tích cực tuyên truyền.")
    assert not any(f.rule == "subject_after_condition" for f in found)
    found = _reader().roles_in("Nếu có vướng mắc, các sở, ngành báo cáo Sở Nội vụ.")
    assert [(f.role, f.mention.entry.key) for f in found if f.rule == "subject_after_condition"] == [
        (Role.HOST, "group-so-ban-nganh")]

