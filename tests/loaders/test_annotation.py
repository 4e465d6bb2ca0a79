"""The annotation layer: every rule of the table fires on its own example, every provision and
skipped line is labelled by a named rule, wrapped lines are rejoined with exact provenance, and a
file that decodes to text always yields a document."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from loaders import annotate, layout
from loaders.extract import explain_file, extract_bytes, extract_file
from loaders.text import read_bytes
from ontology.records import Role
from policygraph.cli import app
from tests.loaders.transforms import hard_wrap

FIXTURES = Path(__file__).parent / "fixtures" / "annotation"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
REAL_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "real-dev"


def _fired(text: str) -> set[str]:
    src = read_bytes(text.encode(), "example.txt")
    lay = layout.parse(src)
    return {a.rule for a in annotate.annotate(src, lay).annotations} | set(lay.joins.values())


@pytest.mark.parametrize("rule", annotate.RULES, ids=lambda r: r.name)
def test_every_rule_fires_on_its_own_example(rule: annotate.Rule) -> None:
    assert rule.name in _fired(rule.example)


@pytest.mark.parametrize("rule", annotate.RULES, ids=lambda r: r.name)
def test_every_rule_says_what_it_means_and_why(rule: annotate.Rule) -> None:
    assert rule.meaning and rule.reason and rule.example


def test_every_limit_has_a_reason() -> None:
    assert annotate.LIMITS
    assert all(limit.reason and limit.value > 0 for limit in annotate.LIMITS.values())


def test_a_short_numbered_sentence_is_a_task_not_a_heading() -> None:
    """The reported bug: "1. Sở Nội vụ chủ trì tổng kết." was read as a heading and yielded nothing."""
    ex = extract_file(FIXTURES / "short_numbered_task.txt")
    texts = {t.text: t for t in ex.tasks}
    task = texts["Sở Nội vụ chủ trì tổng kết."]
    assert next(a.agency.name for a in task.assignments if a.role is Role.HOST).startswith("Sở Nội vụ")
    assert "Sở Y tế tổng kết" not in texts  # no sentence end, no assignment verb: read as a heading …
    warned = [w for w in ex.warnings if w.code == "provision_without_text"]
    assert [w.source.line_start for w in warned if w.source] == [7, 9]  # … and said so, with its line


def test_a_wrapped_provision_is_one_task_spanning_its_lines_with_the_original_quote() -> None:
    path = FIXTURES / "wrapped_task_with_host.txt"
    ex = extract_file(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    second = next(t for t in ex.tasks if "rà soát đối tượng" in t.text)
    assert (second.source.line_start, second.source.line_end) == (11, 13)
    assert second.source.quote == "\n".join(lines[10:13])
    assert second.text.endswith("chi trả đầy đủ, kịp thời theo quy định.")
    assert "Sở Lao động - Thương binh và Xã hội" in second.host[0]
    first = next(t for t in ex.tasks if "tuyên truyền" in t.text)
    assert (first.source.line_start, first.source.line_end) == (9, 10)


def test_site_chrome_and_page_markers_are_skipped_and_do_not_break_a_sentence() -> None:
    path = FIXTURES / "site_chrome_before_header.txt"
    src = read_bytes(path.read_bytes(), path.name)
    by_line = {a.start: a for a in annotate.annotate(src, layout.parse(src)).annotations}
    assert (by_line[1].label, by_line[1].rule) == ("boilerplate", "site_chrome")
    assert (by_line[3].label, by_line[3].rule) == ("boilerplate", "sidebar_link")
    assert (by_line[10].label, by_line[10].rule) == ("page_marker", "page_marker")
    task = extract_file(path).tasks[0]
    assert task.text.endswith("chăm sóc sức khỏe người cao tuổi.")
    assert (task.source.line_start, task.source.line_end) == (9, 11)
    assert not any("Quyết định 77" in t.text for t in extract_file(path).tasks)


def test_literal_crlf_escapes_are_line_breaks_reported_on_the_file_line() -> None:
    ex = extract_bytes("KẾ HOẠCH\\r\\nI. NHIỆM VỤ\\r\\n1. Sở Y tế chủ trì tổng kết.\nTrên đây là Kế hoạch.".encode(),
                       "escaped.txt")
    task = ex.tasks[0]
    assert task.text == "Sở Y tế chủ trì tổng kết."
    assert (task.source.line_start, task.source.line_end) == (1, 1)


@pytest.mark.parametrize("text", ["chỉ một dòng", "Đăng nhập | Đăng ký", "- 1 Quyết định 5/QĐ-UBND năm 2020"])
def test_a_file_that_decodes_to_text_always_yields_a_document(text: str) -> None:
    ex = extract_bytes(text.encode(), "little.txt")
    assert ex.document.id
    assert "no_structure" in {w.code for w in ex.warnings}


def _corpus_and_real_dev() -> list[Path]:
    assert REAL_DEV.is_dir(), f"the real-dev set is missing at {REAL_DEV}"
    return [*sorted(CORPUS.glob("*.txt")), *sorted(REAL_DEV.glob("*.txt"))]


def test_no_real_document_is_refused() -> None:
    for path in _corpus_and_real_dev():
        assert extract_file(path).document.id, path.name


def test_explain_labels_every_line_of_every_corpus_and_real_dev_file() -> None:
    for path in _corpus_and_real_dev():
        src = read_bytes(path.read_bytes(), path.name)
        lay = layout.parse(src)
        annotated = annotate.annotate(src, lay).annotations
        assert all(a.rule in annotate.RULE for a in annotated), path.name
        covered: set[int] = set()
        for a in annotated:
            covered.update(range(a.start, a.end + 1))
        text_lines = {n for n, line in enumerate(src.lines, start=1) if layout.classify(line)[0] != "blank"}
        assert text_lines <= covered, (path.name, sorted(text_lines - covered)[:5])
        assert explain_file(path), path.name


def test_extract_explain_prints_lines_labels_and_rules() -> None:
    result = CliRunner().invoke(app, ["extract", "--explain", str(FIXTURES / "short_numbered_task.txt")])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "Sở Nội vụ" in line)
    assert row.split()[:3] == ["5", "task", "provision_sentence"]


def test_a_decisions_assigning_article_is_a_task_and_its_execution_clause_is_not() -> None:
    """Decisions wrap a plan: Điều 1 issues it, Điều 2 assigns it, Điều 3 names who executes the
    decision as a whole (not coordinators)."""
    ex = extract_file(FIXTURES / "decision_with_articles.txt")
    assert [t.id.rsplit(".", 1)[1] for t in ex.tasks] == ["D2"]
    task = ex.tasks[0]
    assert task.host == ["Sở Y tế"] and "Sở Tài chính" in task.coordinators
    assert (task.source.line_start, task.source.line_end) == (14, 15)
    rules = {a.start: a.rule for a in _annotated(FIXTURES / "decision_with_articles.txt")}
    assert (rules[12], rules[14], rules[16]) == ("article_promulgates", "article_assigns", "article_executes")


def test_the_partys_hyphen_numbering_makes_sections() -> None:
    ex = extract_file(FIXTURES / "party_plan_hyphen_numbering.txt")
    assert [s.path for s in ex.sections] == ["I", "I.1", "II", "II.1"]
    assert ex.tasks[0].host == ["Ban Tuyên giáo Tỉnh ủy"]


def _annotated(path: Path) -> tuple[annotate.Annotation, ...]:
    src = read_bytes(path.read_bytes(), path.name)
    return annotate.annotate(src, layout.parse(src)).annotations


def test_line_breaks_read_as_wraps_by_length_alone_are_reported_once() -> None:
    path = CORPUS / "001_425aa0aa3f386de7.txt"
    clean = extract_file(path)
    wrapped = extract_bytes(hard_wrap(72)(path.read_text(encoding="utf-8")).encode(), path.name)
    assert not [w for w in clean.warnings if w.code == "hard_wrapped"]
    [warning] = [w for w in wrapped.warnings if w.code == "hard_wrapped"]
    assert "72 ký tự" in warning.message and warning.source is not None


def test_a_full_line_ending_a_clause_does_not_swallow_the_next_legal_basis() -> None:
    text = "\n".join([
        "KẾ HOẠCH",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 đã sửa đổi;",
        "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định",
        "chính sách trợ giúp xã hội;",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện chính sách trợ giúp xã hội năm",
        "2024 trên địa bàn tỉnh với các nội dung được nêu cụ thể tại các mục sau đây nay.",
    ])
    src = read_bytes(text.encode(), "bases.txt")
    bases = [a for a in annotate.annotate(src, layout.parse(src)).annotations if a.rule == "legal_basis"]
    assert [(a.start, a.end) for a in bases] == [(2, 2), (3, 4)]
