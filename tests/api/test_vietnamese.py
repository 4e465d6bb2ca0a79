"""Vietnamese throughout: what the API and the page give people to read is Vietnamese words, never
English sentences, codes shown bare, raw reference rows or Markdown markup. Checked over every
document, agency, assignment and task answer of the corpus, and over the tables those texts come
from (warnings, succession notes, provenance, fields of state management)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.exports import KIND_WORDS
from loaders import messages
from loaders.functions import function_scopes
from loaders.quotes import MARKUP_RULES, shown
from policygraph.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
APP_JS = ROOT / "api" / "static" / "app.js"

# Words of the English sentences that used to reach people (succession notes, warnings, field codes,
# reference remarks); none is a Vietnamese syllable ("the", "to", "no" and "say" are: "đóng góp to
# lớn"), so none may stand as a word in a Vietnamese text. File paths are provenance, not words.
ENGLISH = frozenset({
    "and", "of", "is", "from", "with", "which", "as", "after", "its", "their",
    "becomes", "merged", "merge", "provinces", "province", "unknown", "says", "closing", "paragraph",
    "labour", "poverty", "vocational", "social_protection", "drug_rehab", "press", "reference", "facts",
    "warning", "task", "tasks", "document", "cited", "without", "header", "number", "date", "draft", "title",
    "appendix", "row", "lacks", "heading", "columns", "rule", "goes", "takes", "kept", "verified",
})
_WORD = re.compile(r"[^\W\d]+(?:_[^\W\d]+)*")
_PATH = re.compile(r"[\w./-]+\.(?:csv|md|txt)\b")

# The fields of an answer written for people to read (the others are ids, codes, dates and numbers).
HUMAN_FIELDS = frozenset({
    "title", "issuer", "other_title", "quote", "text", "message", "name", "task_text", "origin_name",
    "document_title", "heading", "deadline", "funding", "agency_name", "field_evidence", "named_name",
    "holder_name", "successor_name", "note", "scope_label", "label",
})
MARKUP = re.compile(r"\*\*|(?<![_\w])__(?=[^\s_])|(?<=[^\s_])__(?![_\w])|^\s*#", re.MULTILINE)


def english_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(_PATH.sub(" ", text)) if w.lower() in ENGLISH}


def human_texts(answer: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every human-readable string in an API answer."""
    if isinstance(answer, dict):
        for key, value in answer.items():
            if isinstance(value, str) and key in HUMAN_FIELDS:
                yield f"{path}.{key}", value
            else:
                yield from human_texts(value, f"{path}.{key}")
    elif isinstance(answer, list):
        for item in answer:
            yield from human_texts(item, f"{path}[]")


@pytest.fixture(scope="module")
def answers(loaded_store) -> dict[str, Any]:
    """Every document, agency (with its assignments) and task answer of the corpus, by URL."""
    out: dict[str, Any] = {}
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as client:
        def get(url: str, **params: Any) -> Any:
            response = client.get(url, params=params)
            assert response.status_code == 200, url
            out[url] = body = response.json()
            return body

        def every(url: str) -> list[dict[str, Any]]:
            items: list[dict[str, Any]] = []
            while True:
                page = client.get(url, params={"offset": len(items), "limit": 500}).json()
                batch = page["items"] if isinstance(page, dict) else page
                items += batch
                if not batch or (isinstance(page, dict) and len(items) >= page["total"]):
                    return items

        for d in every("/documents"):
            get(f"/documents/{d['id']}")
        for a in every("/agencies"):
            get(f"/agencies/{a['id']}", as_of="2026-01-01")
            get(f"/agencies/{a['id']}/assignments", as_of="2026-01-01", limit=500)
        for t in every("/tasks"):
            get(f"/tasks/{t['task_id']}", as_of="2026-01-01")
    return out


def test_no_english_word_in_any_human_readable_field_of_the_corpus(answers):
    found = {(url, path, text[:120]) for url, body in answers.items() for path, text in human_texts(body)
             if english_words(text)}
    assert not found, sorted(found)[:10]


def test_quotes_and_texts_show_no_markdown_markup(answers):
    found = {(url, path, text[:80]) for url, body in answers.items() for path, text in human_texts(body)
             if MARKUP.search(text)}
    assert not found, sorted(found)[:10]


def test_a_fact_from_the_reference_data_quotes_a_sentence_of_provenance_not_a_csv_row(answers):
    refs = [r for url, body in answers.items() if url.startswith("/documents/")
            for r in body.get("references_out", []) + body.get("references_in", [])
            if (r["file"] or "").startswith("ontology/reference/")]
    assert refs
    for r in refs:
        assert r["quote"].startswith(f"Theo dữ liệu tham chiếu ({r['file']}, dòng {r['line_start']};"), r["quote"]
        assert ",," not in r["quote"] and "-NQ-TW-" not in r["quote"]
    cited = next(r for r in answers["/documents/42-NQ-TW-2023"]["references_out"] if r["other_id"] == "15-NQ-TW-2012")
    assert "42-NQ/TW ngày 24/11/2023" in cited["quote"] and "dẫn chiếu văn bản 15-NQ/TW" in cited["quote"]


def test_warnings_on_a_document_are_vietnamese_with_symbols(answers):
    warnings = answers["/documents/x-CTr-TU-hau-giang-2023-a3623827"]["warnings"]
    [mismatch] = [w for w in warnings if w["code"] == "implements_mismatch"]
    assert mismatch["message"] == "Đoạn kết nói văn bản thực hiện 43-NQ/TW, còn tiêu đề và phần mở đầu nói 42-NQ/TW"
    assert mismatch["line_start"] and mismatch["quote"]


def test_every_kind_of_warning_has_a_vietnamese_name_the_page_shows(answers):
    assert {m.code for m in messages.WARNINGS.values()} == set(messages.WARNING_KINDS)
    assert all(not english_words(name) for name in messages.WARNING_KINDS.values())
    warnings = answers["/documents/x-CTr-TU-hau-giang-2023-a3623827"]["warnings"]
    assert {w["kind_label"] for w in warnings if w["code"] == "implements_mismatch"} == {
        "Văn bản được thực hiện không thống nhất"}


def test_a_split_departments_field_is_named_in_words_with_the_words_that_showed_it(answers):
    task = answers["/tasks/x-KH-UBND-ha-nam-2024-a382d3c1.III.1.1"]
    assert task["field_evidence"] == "Báo chí, xuất bản: “báo chí”"
    steps = [s for r in task["responsible_now"] for h in r["holders"] for s in h["chain"] if s["scope"]]
    assert steps and all(s["scope_label"] == function_scopes()[s["scope"]].label for s in steps)


def test_succession_notes_are_vietnamese(answers):
    notes = {s["note"] for body in answers.values() if "responsible_now" in body
             for r in body["responsible_now"] for h in r["holders"] for s in h["chain"]}
    assert "Sở Y tế tỉnh Hải Dương trở thành Sở Y tế thành phố Hải Phòng khi sáp nhập tỉnh" in notes
    assert not {n for n in notes if english_words(n)}


@pytest.mark.parametrize("table", [messages.WARNINGS, messages.NOTES, messages.PROVENANCE],
                         ids=["warnings", "notes", "provenance"])
def test_every_message_renders_its_example_in_vietnamese_and_english_with_the_same_values(table):
    for key, message in table.items():
        vi_fields, en_fields = message.fields()
        assert vi_fields == en_fields == set(message.example), key
        text = messages.render(table, key, **message.example)
        assert text and not english_words(text), (key, text)
        assert message.en.format(**message.example)


def test_every_warning_code_a_loader_raises_has_a_message_row():
    raised = {m.group(1) for path in (ROOT / "loaders").glob("*.py")
              for m in re.finditer(r'messages\.warning\(\s*"(\w+)"', path.read_text("utf-8"))}
    raised |= {"unnumbered", "number_missing"}   # chosen by a conditional expression
    assert raised and raised <= set(messages.WARNINGS)
    assert not re.search(r"WarningRecord\(", "".join(p.read_text("utf-8") for p in (ROOT / "loaders").glob("*.py")
                                                     if p.name != "messages.py"))


@pytest.mark.parametrize("rule", MARKUP_RULES, ids=lambda r: r.name)
def test_each_markup_rule_shows_its_example_without_the_markup(rule):
    assert shown(rule.example) == rule.shown


def test_a_quote_without_markup_is_shown_as_it_is():
    text = "- Cơ quan chủ trì: Sở Thông tin và Truyền thông."
    assert shown(text) is text


def _reference_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(resources.files("ontology").joinpath("reference", name)
                               .read_text("utf-8").splitlines()))


def test_reference_data_keeps_a_vietnamese_text_beside_each_english_one():
    for row in _reference_rows("succession.csv"):
        assert row["note_vi"] and row["note_en"] and not english_words(row["note_vi"]), row["id"]
    for row in _reference_rows("function-scopes.csv"):
        assert row["short_vi"] and row["label_vi"] and row["label_en"], row["id"]


def test_field_keywords_are_written_with_their_diacritics():
    """Folded keywords ("giam ngheo") were shown to people; only abbreviations are plain letters."""
    for scope in function_scopes().values():
        plain = [k for k in scope.keywords if k.isascii() and not k.isupper()]
        assert not plain, (scope.id, plain)


def test_the_page_and_the_exports_name_the_kinds_of_assignment_with_the_same_words():
    """Two meanings of "inherited", two names: "Giao chung theo văn bản" (the document's general clause)
    and "Kế thừa (chắc chắn)" (work received through the 2025 succession)."""
    page = APP_JS.read_text("utf-8")
    assert all(f'"{words}"' in page for words in KIND_WORDS.values())
    assert len(set(KIND_WORDS.values())) == len(KIND_WORDS)


def test_ingest_prints_each_warning_in_vietnamese_with_its_file_and_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "policygraph", "ingest", "--store", str(tmp_path / "s"),
                          str(ROOT / "corpus" / "004_a0faca7928c2b4ec.txt")],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("warning: ")]
    assert len(lines) == 4
    for line in lines:
        assert re.match(r"warning: 004_a0faca7928c2b4ec\.txt:\d+: \w+: \S", line), line
        assert not english_words(line.split(": ", 3)[3]), line
