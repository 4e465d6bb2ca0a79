"""The command line as a user meets it: one line per problem, never a traceback, honest exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policygraph", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_extract_prints_the_interchange_json():
    run = cli("extract", str(CORPUS / "001_425aa0aa3f386de7.txt"))
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) >= {"document", "references", "sections", "tasks", "targets", "warnings"}
    first = data["tasks"][0]
    assert first["host"] == ["Sở Thông tin và Truyền thông tỉnh Hà Nam"]
    assert set(first["source"]) == {"file", "line_start", "line_end", "quote"}


def test_ingest_skips_a_bad_file_loads_the_rest_and_exits_one(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    run = cli("ingest", "--store", str(tmp_path / "s"), str(bad), str(CORPUS / "003_19ea32616128835b.txt"))
    assert run.returncode == 1, run.stderr
    assert "bad.txt:1: binary file" in run.stderr
    assert cli("info", "--store", str(tmp_path / "s")).returncode == 0
    assert "113/KH-UBND" in run.stdout  # the document as people write it, not its id
    assert "Traceback" not in run.stderr


def test_ingest_prints_each_warning_with_its_file_and_line(tmp_path):
    run = cli("ingest", "--store", str(tmp_path / "s"), str(CORPUS / "004_a0faca7928c2b4ec.txt"))
    assert run.returncode == 0, run.stderr
    [mismatch] = [line for line in run.stderr.splitlines() if "implements_mismatch" in line]
    assert mismatch.startswith("warning: 004_a0faca7928c2b4ec.txt:") and "43-NQ" in mismatch


def test_ingest_of_a_missing_path_exits_one_with_a_clear_line(tmp_path):
    run = cli("ingest", "--store", str(tmp_path / "s"), str(tmp_path / "nope.txt"))
    assert run.returncode == 1
    assert "nope.txt: no such file or folder" in run.stderr
    assert "Traceback" not in run.stderr


def test_export_before_any_ingest_explains_what_to_do(tmp_path):
    run = cli("export", "--store", str(tmp_path / "empty"), "--format", "ttl")
    assert run.returncode == 2
    assert "run `policygraph ingest` first" in run.stderr or "no graph loaded" in run.stderr


def test_export_and_validate_after_ingest(tmp_path):
    store = str(tmp_path / "s")
    assert cli("ingest", "--store", store, str(CORPUS)).returncode == 0
    exported = cli("export", "--store", store, "--format", "nt")
    assert exported.returncode == 0 and exported.stdout.count("\n") > 5000
    validated = cli("validate", "--store", store)
    assert validated.returncode == 0 and "conforms" in validated.stdout


def test_a_query_with_an_impossible_date_is_refused_in_one_line(tmp_path):
    run = cli("query", "responsible_now", "--store", str(tmp_path / "s"),
              "-p", "id=x-KH-UBND-ha-nam-2024-a382d3c1.III.3", "-p", "as_of=2025-13-40")
    assert run.returncode == 2
    assert "as_of='2025-13-40' is not a date (YYYY-MM-DD)" in run.stderr
    assert "Traceback" not in run.stderr


def test_run_loads_the_bundled_corpus_into_an_empty_store_and_keeps_a_store_that_holds_documents(tmp_path):
    store = str(tmp_path / "s")
    first = cli("run", "--store", store, "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "ha-nam" in cli("info", "--store", store).stdout
    one = cli("ingest", "--store", store, "--replace", str(CORPUS / "003_19ea32616128835b.txt"))
    assert one.returncode == 0, one.stderr
    again = cli("run", "--store", store, "--no-serve")
    assert again.returncode == 0, again.stderr
    assert "the store holds 1 documents" in again.stdout
    info = cli("info", "--store", store)
    assert info.returncode == 0 and "hai-phong" in info.stdout and "ha-nam" not in info.stdout
