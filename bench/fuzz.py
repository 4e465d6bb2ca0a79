"""Fuzzing the loaders with documents generated and mutated from the real corpus.

    python -m bench.fuzz --count 10000 --seed 1 [--time-limit 5] [--workers 2] [--rdf]

Every mutant is written to a file and read by ``loaders.extract.extract_file`` (what the ingest
pipeline calls per file) in a worker process, so a hang can be stopped and a crash cannot take the
run down. Each outcome is one of:

* ``ok``      — an extraction came back;
* ``error``   — a ``PolicyGraphError`` that starts with the file's name and, unless the whole file is at
  fault (empty, too large, unreadable), the line (the clear refusal we promise);
* ``unclear`` — a ``PolicyGraphError`` without the file or the line;
* ``crash``   — any other exception, or the worker died;
* ``hang``    — no answer within the time limit (``--time-limit`` seconds per MB or per 10,000 lines,
  whichever is more, and at least ``--time-limit``).

Mutations that only change how the same text is stored (cp1258, NFD, UTF-16 with or without BOM,
UTF-8 BOM, CRLF or CR line ends) must give the same extraction as the original file; a difference
is reported as a ``mismatch``. Case ``i`` of seed ``s`` is generated from ``Random(f"{s}:{i}")``, so
``--case i`` regenerates it alone and keeps its file. Writes test-output/fuzz.json; exits non-zero
on any crash, hang, unclear error or mismatch.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
OUT = ROOT / "test-output"
MB = 1024 * 1024
WORKER_MEMORY = 3 * 1024 * MB  # a runaway allocation becomes a MemoryError (a crash), not a swapped machine

# A numbered heading in any of the corpus's layouts: "I.", "1.", "1.2.", "a)", "Phần thứ nhất", "**II. …".
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|\*{1,3})?(?:[IVX]{1,5}\s*[.)]|\d{1,2}(?:\.\d{1,2})*\.?\s|[a-zđ]\)|"
                      r"Phần thứ)", re.IGNORECASE)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


# -- the originals ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Original:
    """One real corpus file, as bytes, text and lines (the material every mutant is made of)."""

    name: str
    data: bytes
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def load_corpus(folder: Path = CORPUS) -> tuple[Original, ...]:
    files = sorted(folder.glob("*.txt"))
    return tuple(Original(p.name, data, data.decode("utf-8")) for p, data in ((p, p.read_bytes()) for p in files))


@dataclass(frozen=True)
class Input:
    """What a mutator works from: its random source, the original it mutates, the whole corpus (for
    splicing) and the sizes of the extreme documents (smaller in the CI test)."""

    rnd: random.Random
    doc: Original
    corpus: tuple[Original, ...]
    huge_bytes: int = 5 * MB
    long_line_bytes: int = 1 * MB
    many_lines: int = 100_000
    deep: int = 3000


Mutator = Callable[[Input], bytes]


def _utf8(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def _sections(lines: list[str]) -> list[list[str]]:
    """Lines cut before every numbered heading; the first block is the header and title."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if _HEADING.match(line) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def cp1258_bytes(text: str) -> bytes:
    """The legacy code page as Vietnamese Windows writes it: precomposed vowels (ơ, ê, â …) plus
    combining tone marks, since cp1258 has no code for most toned vowels."""
    out = []
    for ch in text:
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONES))
        out.append(base + "".join(c for c in marks if c in _TONES))
    return "".join(out).encode("cp1258", errors="replace")


# -- byte-level mutators -----------------------------------------------------------------------------

def random_bytes(m: Input) -> bytes:
    """Noise of any length, sometimes only high bytes (which the cp1258 fallback decodes)."""
    n = m.rnd.choice([1, 2, 3, 16, 512, 4096, 65536])
    low = m.rnd.choice([0, 0x80])
    return bytes(m.rnd.randrange(low, 256) for _ in range(m.rnd.randrange(n + 1)))


def byte_flips(m: Input) -> bytes:
    data = bytearray(m.doc.data)
    for _ in range(m.rnd.randrange(1, 200)):
        data[m.rnd.randrange(len(data))] = m.rnd.randrange(256)
    return bytes(data)


def truncate(m: Input) -> bytes:
    """Cut at a random byte, half of the time inside a multibyte UTF-8 character."""
    data = m.doc.data
    cut = m.rnd.randrange(len(data) + 1)
    if m.rnd.random() < 0.5:
        inside = [i for i in range(cut, min(len(data), cut + 64)) if 0x80 <= data[i] < 0xC0]
        cut = inside[0] if inside else cut
    return data[:cut]


def nul_bytes(m: Input) -> bytes:
    """NUL bytes early (a binary file) or late (past the sniffed head, inside the text)."""
    data = bytearray(m.doc.data)
    lo = 0 if m.rnd.random() < 0.5 else min(8192, len(data))
    for _ in range(m.rnd.randrange(1, 20)):
        data.insert(m.rnd.randrange(lo, len(data) + 1), 0)
    return bytes(data)


def binary_splice(m: Input) -> bytes:
    data = m.doc.data
    at = m.rnd.randrange(len(data) + 1)
    chunk = bytes(m.rnd.randrange(256) for _ in range(m.rnd.randrange(1, 2048)))
    return data[:at] + chunk + data[at:]


# -- encodings ----------------------------------------------------------------------------------------

def cp1258(m: Input) -> bytes:
    return cp1258_bytes(m.doc.text)


def nfd(m: Input) -> bytes:
    return unicodedata.normalize("NFD", m.doc.text).encode("utf-8")


def utf16_bom(m: Input) -> bytes:
    return _utf16(m.doc.text, m.rnd.choice(["le", "be"]), bom=True)


def utf16_no_bom(m: Input) -> bytes:
    return _utf16(m.doc.text, m.rnd.choice(["le", "be"]), bom=False)


def _utf16(text: str, order: str, *, bom: bool) -> bytes:
    body = text.encode(f"utf-16-{order}")
    return ((b"\xff\xfe" if order == "le" else b"\xfe\xff") if bom else b"") + body


def utf16_broken(m: Input) -> bytes:
    """UTF-16 cut at an odd byte, or with a lone surrogate in the middle."""
    data = _utf16(m.doc.text, m.rnd.choice(["le", "be"]), bom=m.rnd.random() < 0.7)
    if m.rnd.random() < 0.5:
        return data[:m.rnd.randrange(len(data) // 2) * 2 + 1]
    at = m.rnd.randrange(1, len(data) // 2) * 2
    surrogate = b"\x00\xd8" if data[:2] == b"\xff\xfe" or data[1:2] == b"\x00" else b"\xd8\x00"
    return data[:at] + surrogate + data[at:]


def utf8_bom(m: Input) -> bytes:
    return b"\xef\xbb\xbf" + m.doc.data


def bom_then_garbage(m: Input) -> bytes:
    """A UTF-8 BOM promises UTF-8; the body then breaks the promise (cp1258 bytes or a cut char)."""
    body = cp1258_bytes(m.doc.text) if m.rnd.random() < 0.5 else truncate(m)
    return b"\xef\xbb\xbf" + body


def wrong_encoding(m: Input) -> bytes:
    """Mojibake: UTF-8 read as cp1252 and saved again, or text saved as Latin-1 with replacements."""
    if m.rnd.random() < 0.5:
        return m.doc.data.decode("cp1252", errors="replace").encode("utf-8")
    return m.doc.text.encode("latin-1", errors="replace")


def line_endings(m: Input) -> bytes:
    """CRLF, CR or a mix of all three: the same lines, so the same extraction. In a mix, a CR never
    stands right before an LF that ends the next (empty) line, since together they are one CRLF."""
    ends = m.rnd.choice([["\r\n"], ["\r"], ["\n", "\r\n", "\r"]])
    out: list[str] = []
    for line in m.doc.lines[:-1]:
        end = m.rnd.choice(ends)
        if end == "\n" and not line and out and out[-1].endswith("\r"):
            end = "\r\n"
        out.append(line + end)
    return ("".join(out) + m.doc.lines[-1]).encode("utf-8")


def lone_cr(m: Input) -> bytes:
    """Carriage returns inside lines (old Mac files, pasted text): they split lines."""
    text = m.doc.text
    for _ in range(m.rnd.randrange(1, 40)):
        at = m.rnd.randrange(len(text) + 1)
        text = text[:at] + "\r" + text[at:]
    return text.encode("utf-8")


def unicode_noise(m: Input) -> bytes:
    """Stray combining marks, zero-width and directional marks, line separators, private use, emoji."""
    pool = ["\u0301", "\u0323", "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ue000", "\U0001f600",
            "\u00ad", "\u00a0", "\x0c", "\x1b", "\ufffd", "\u0110", "\u00d0"]
    text = m.doc.text
    for _ in range(m.rnd.randrange(1, 300)):
        at = m.rnd.randrange(len(text) + 1)
        text = text[:at] + m.rnd.choice(pool) + text[at:]
    return text.encode("utf-8", errors="surrogatepass")


# -- structure -----------------------------------------------------------------------------------------

def duplicate_sections(m: Input) -> bytes:
    blocks = _sections(m.doc.lines)
    for _ in range(m.rnd.randrange(1, 6)):
        k = m.rnd.randrange(len(blocks))
        blocks[k:k] = [blocks[k]] * m.rnd.randrange(1, 4)
    return _utf8([line for block in blocks for line in block])


def shuffle_sections(m: Input) -> bytes:
    blocks = _sections(m.doc.lines)
    head = blocks[:1] if m.rnd.random() < 0.5 else []
    rest = blocks[len(head):]
    m.rnd.shuffle(rest)
    return _utf8([line for block in head + rest for line in block])


def shuffle_lines(m: Input) -> bytes:
    lines = m.doc.lines
    if m.rnd.random() < 0.5:
        m.rnd.shuffle(lines)
    else:  # a local shuffle: a few neighbouring lines swapped, the rest in order
        for _ in range(m.rnd.randrange(1, 50)):
            i = m.rnd.randrange(len(lines))
            j = min(len(lines) - 1, i + m.rnd.randrange(1, 4))
            lines[i], lines[j] = lines[j], lines[i]
    return _utf8(lines)


def delete_lines(m: Input) -> bytes:
    rate = m.rnd.choice([0.01, 0.1, 0.5, 0.9])
    return _utf8([line for line in m.doc.lines if m.rnd.random() >= rate])


def delete_headers(m: Input) -> bytes:
    """Without the header block, without numbered headings, or without both."""
    blocks = _sections(m.doc.lines)
    choice = m.rnd.randrange(3)
    if choice in (0, 2):
        blocks = blocks[1:] or [[]]
    if choice in (1, 2):
        blocks = [[line for line in b if not _HEADING.match(line)] for b in blocks]
    return _utf8([line for block in blocks for line in block])


def unbalanced_numbering(m: Input) -> bytes:
    """Headings renumbered at random: skipped, repeated, too deep, out of order, Roman under Arabic."""
    tokens = ["I.", "IV.", "XII.", "IIII.", "1.", "99.", "0.", "1.1.", "9.9.9.", "1.2.3.4.5.6.", "a)", "đ)",
              "z)", "- a)", "Phần thứ bảy", "Phần thứ hai:", "1)", "V)"]
    out = []
    for line in m.doc.lines:
        if _HEADING.match(line) and m.rnd.random() < 0.5:
            line = m.rnd.choice(tokens) + " " + _HEADING.sub("", line, count=1).lstrip()
        elif m.rnd.random() < 0.02:
            out.append(m.rnd.choice(tokens))
        out.append(line)
    return _utf8(out)


def deep_numbering(m: Input) -> bytes:
    """Decimal headings one level deeper each line (1.1, 1.1.1, …): a tree thousands of levels deep."""
    depth = m.rnd.choice([50, m.deep // 6, m.deep // 2, m.deep])
    head = m.doc.lines[:m.rnd.randrange(40)]
    body = [".".join(["1"] * k) + ". Sở Y tế chủ trì thực hiện nhiệm vụ" for k in range(2, depth + 2)]
    return _utf8([*head, "II. NHIỆM VỤ, GIẢI PHÁP", *body])


_TABLE_HEADER = "STT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tCơ quan quyết định\tThời gian\tKinh phí"


def _table_rows(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.count("\t") >= 2]


def table_cells(m: Input) -> bytes:
    """Appendix tables with cells missing, extra, empty or all-tab; tab rows turned into '|' rows.
    Documents without a table get one appended."""
    lines = m.doc.lines
    if not _table_rows(lines):
        lines += ["", "PHỤ LỤC", "", _TABLE_HEADER,
                  *(f"{k}\tNhiệm vụ {k}\tSở Y tế\tSở Tài chính\tUBND tỉnh\t2025\tNgân sách" for k in range(1, 8))]
    for i in _table_rows(lines):
        cells = lines[i].split("\t")
        op = m.rnd.randrange(6)
        if op == 0:
            del cells[m.rnd.randrange(len(cells)):]
        elif op == 1:
            cells += [m.rnd.choice(["", "Sở Y tế", "x" * 300])] * m.rnd.randrange(1, 30)
        elif op == 2:
            cells = ["" for _ in cells]
        elif op == 3:
            del cells[m.rnd.randrange(len(cells))]
        elif op == 4:
            lines[i] = "| " + " | ".join(cells) + " |"
            continue
        lines[i] = "\t".join(cells)
    if m.rnd.random() < 0.3:
        lines += ["\t" * m.rnd.randrange(2, 50)] * m.rnd.randrange(1, 20)
    return _utf8(lines)


def splice_documents(m: Input) -> bytes:
    """The head of one document and the tail of another."""
    other = m.rnd.choice(m.corpus).lines
    a, b = m.doc.lines, other
    return _utf8(a[:m.rnd.randrange(len(a) + 1)] + b[m.rnd.randrange(len(b) + 1):])


# -- extreme lengths ----------------------------------------------------------------------------------

def huge_document(m: Input) -> bytes:
    """A ~5 MB document: the header once, then its sections repeated."""
    blocks = _sections(m.doc.lines)
    out, size = list(blocks[0]), 0
    body = [b for b in blocks[1:] if b] or blocks
    while size < m.huge_bytes:
        block = m.rnd.choice(body)
        out += block
        size += sum(len(line.encode()) + 1 for line in block)
    return _utf8(out)


def long_line(m: Input) -> bytes:
    """One ~1 MB line: of words, of role sentences (agencies and "chủ trì" many times over), of
    digits and units (the target reader), or of one letter; alone or inside the document."""
    unit = m.rnd.choice([
        "Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với Sở Tài chính, Sở Y tế và UBND các huyện ",
        "tăng 12.392,5% đến 75,1% ",
        "Nghị quyết số 42-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương thực hiện ",
        "a",
        "đ",
        "1.",
        " ".join(m.doc.text.split()[:200]) + " ",
    ])
    line = (unit * (m.long_line_bytes // max(1, len(unit.encode())) + 1))[:m.long_line_bytes]
    if m.rnd.random() < 0.5:
        return line.encode("utf-8")
    lines = m.doc.lines
    at = m.rnd.randrange(len(lines) + 1)
    return _utf8([*lines[:at], line, *lines[at:]])


def many_lines(m: Input) -> bytes:
    """A hundred thousand short lines (a real document has a few hundred): bullets, one number over and
    over, one letter, lower-case text that continues the paragraph above it, or capitals under a part
    heading (which name the part)."""
    head, unit = m.rnd.choice([("", "- a"), ("", "1."), ("", "a"), ("", "và"), ("", "tiếp tục thực hiện"),
                               ("", "Sở Y tế"), ("", "\t\t"), ("Phần thứ nhất", "TÌNH HÌNH KINH TẾ"),
                               ("Phần thứ hai", "**Sở Y tế**"), ("I. NHIỆM VỤ", "a) Sở Y tế chủ trì")])
    return _utf8([*m.doc.lines[:20], head, *[unit] * m.many_lines])


def empty(m: Input) -> bytes:
    return m.rnd.choice([b"", b" ", b"\n", b"\r\n\r\n", b"\t \n \t", "\u00a0\u2007\u202f\n".encode(),
                         "\u200b".encode(), b" " * m.rnd.randrange(1, 100_000)])


def bom_only(m: Input) -> bytes:
    return m.rnd.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\n \n", b"\xff\xfe\n\x00",
                         b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe\xff\xfe"])


# -- composition ---------------------------------------------------------------------------------------

_TEXT_MUTATORS: tuple[Mutator, ...] = (duplicate_sections, shuffle_sections, shuffle_lines, delete_lines,
                                       delete_headers, unbalanced_numbering, table_cells, splice_documents)
_ENCODERS: tuple[Mutator, ...] = (cp1258, nfd, utf16_bom, utf16_no_bom, line_endings, lone_cr, nul_bytes,
                                  byte_flips, truncate)


def stacked(m: Input) -> bytes:
    """Two to four structural mutations, then maybe an encoding or byte damage on top."""
    doc = m.doc
    for _ in range(m.rnd.randrange(2, 5)):
        text = m.rnd.choice(_TEXT_MUTATORS)(Input(m.rnd, doc, m.corpus)).decode("utf-8")
        doc = Original(doc.name, text.encode("utf-8"), text)
    if m.rnd.random() < 0.5 and doc.data:
        return m.rnd.choice(_ENCODERS)(Input(m.rnd, doc, m.corpus))
    return doc.data


# kind → (mutator, weight in the schedule, the same extraction as the original is expected)
MUTATORS: dict[str, tuple[Mutator, int, bool]] = {
    "random_bytes": (random_bytes, 3, False),
    "byte_flips": (byte_flips, 4, False),
    "truncate": (truncate, 4, False),
    "nul_bytes": (nul_bytes, 3, False),
    "binary_splice": (binary_splice, 3, False),
    "cp1258": (cp1258, 3, True),
    "nfd": (nfd, 3, True),
    "utf16_bom": (utf16_bom, 3, True),
    "utf16_no_bom": (utf16_no_bom, 3, True),
    "utf16_broken": (utf16_broken, 3, False),
    "utf8_bom": (utf8_bom, 2, True),
    "bom_then_garbage": (bom_then_garbage, 2, False),
    "wrong_encoding": (wrong_encoding, 3, False),
    "line_endings": (line_endings, 3, True),
    "lone_cr": (lone_cr, 3, False),
    "unicode_noise": (unicode_noise, 3, False),
    "duplicate_sections": (duplicate_sections, 4, False),
    "shuffle_sections": (shuffle_sections, 4, False),
    "shuffle_lines": (shuffle_lines, 4, False),
    "delete_lines": (delete_lines, 3, False),
    "delete_headers": (delete_headers, 4, False),
    "unbalanced_numbering": (unbalanced_numbering, 4, False),
    "deep_numbering": (deep_numbering, 1, False),
    "table_cells": (table_cells, 4, False),
    "splice_documents": (splice_documents, 3, False),
    "huge_document": (huge_document, 1, False),
    "long_line": (long_line, 1, False),
    "many_lines": (many_lines, 1, False),
    "empty": (empty, 1, False),
    "bom_only": (bom_only, 1, False),
    "stacked": (stacked, 8, False),
}
HEAVY = frozenset({"huge_document", "long_line", "many_lines", "deep_numbering"})


def schedule() -> list[str]:
    """Kinds in a fixed round, each as often as its weight, so counts per kind are stable."""
    return [kind for kind, (_, weight, _) in MUTATORS.items() for _ in range(weight)]


@dataclass(frozen=True)
class Case:
    index: int
    kind: str
    original: str
    data: bytes


def make_case(index: int, seed: int, corpus: tuple[Original, ...], kinds: list[str]) -> Case:
    rnd = random.Random(f"{seed}:{index}")
    kind = kinds[index % len(kinds)]
    doc = rnd.choice(corpus)
    return Case(index, kind, doc.name, MUTATORS[kind][0](Input(rnd, doc, corpus)))


# -- running one file -----------------------------------------------------------------------------------

def signature(ex: Any) -> Any:
    """The extraction without the file's identity (name, hash, encoding, size), for comparing a
    re-encoded document with its original."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "file"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(ex.model_dump(mode="json"))


# Refusals of a whole file, where no line is to blame.
WHOLE_FILE = ("empty file", "file larger than", "cannot read")


def is_clear(exc: Any, name: str) -> bool:
    """The error starts with the file's name, and then its line unless the whole file is at fault."""
    return str(exc).startswith(f"{name}:") and (exc.line is not None or exc.message.startswith(WHOLE_FILE))


def run_one(path: Path, *, rdf: bool = False, want_signature: bool = False) -> dict[str, Any]:
    """Extract one file and describe what happened (never raises)."""
    from loaders.extract import extract_file
    from policygraph.errors import PolicyGraphError

    started, cpu = time.perf_counter(), time.process_time()
    out: dict[str, Any] = {}
    try:
        ex = extract_file(path)
        if rdf:
            from graph.rdf import nquads
            nquads([ex])
    except PolicyGraphError as exc:
        out = {"outcome": "error" if is_clear(exc, path.name) else "unclear", "type": type(exc).__name__,
               "message": str(exc), "line": exc.line}
    except BaseException as exc:  # a crash is what we are looking for
        out = {"outcome": "crash", "type": type(exc).__name__, "message": str(exc)[:500],
               "traceback": traceback.format_exc(limit=-8)[-4000:]}
    else:
        out = {"outcome": "ok", "tasks": len(ex.tasks), "warnings": len(ex.warnings)}
        if want_signature:
            out["signature"] = signature(ex)
    out["seconds"] = time.perf_counter() - started
    out["cpu_s"] = time.process_time() - cpu
    return out


def _serve(conn: Connection, rdf: bool) -> None:
    """Worker loop: read a path, answer with its outcome, until told to stop."""
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    while True:
        job = conn.recv()
        if job is None:
            return
        path, want = job
        conn.send(run_one(Path(path), rdf=rdf, want_signature=want))


@dataclass
class Worker:
    """One worker process and the case it is working on."""

    proc: Any
    conn: Connection
    case: Case | None = None
    path: Path | None = None
    limit: float = 0.0
    started: float = 0.0
    cpu_at_start: float = 0.0


def _spawn(ctx: Any, rdf: bool) -> Worker:
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(child, rdf), daemon=True)
    proc.start()
    child.close()
    return Worker(proc, parent)


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (user + system, from /proc). The limit is on CPU time, not
    wall time, since the machine is shared and a busy neighbour must not make a file "hang"."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


LINES_PER_LIMIT = 10_000
WALL_FACTOR = 4  # a worker that uses no CPU (blocked) still answers within this many times its limit
POLL_S = 0.25


def budget(data: bytes, time_limit: float) -> float:
    """The CPU-time limit of one file: ``time_limit`` per MB or per 10,000 lines, whichever is more
    (and at least ``time_limit``). Reading is linear, at about 1 MB/s for corpus text and 7,000 lines/s
    for the worst short lines, so only super-linear work in some reader runs out of time."""
    lines = data.count(b"\n") + data.count(b"\r")
    return time_limit * max(1.0, len(data) / MB, lines / LINES_PER_LIMIT)


# -- the run --------------------------------------------------------------------------------------------

@dataclass
class Tally:
    """Outcomes and times per mutation kind."""

    outcomes: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    mismatches: int = 0


@dataclass
class Run:
    args: argparse.Namespace
    corpus: tuple[Original, ...]
    expected: dict[str, Any]
    tallies: dict[str, Tally] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    messages: Counter[str] = field(default_factory=Counter)
    with_line: int = 0
    slowest: list[dict[str, Any]] = field(default_factory=list)

    def record(self, case: Case, result: dict[str, Any], path: Path) -> None:
        tally = self.tallies.setdefault(case.kind, Tally())
        tally.outcomes[result["outcome"]] += 1
        tally.seconds.append(result["seconds"])
        if result.get("cpu_s") is not None:
            tally.cpu.append(result["cpu_s"])
        self.slowest.append({"case": case.index, "kind": case.kind, "bytes": len(case.data),
                             "seconds": round(result["seconds"], 3), "outcome": result["outcome"],
                             "cpu_s": round(result["cpu_s"], 3) if result.get("cpu_s") is not None else None})
        self.slowest = sorted(self.slowest, key=lambda r: -r["seconds"])[:10]
        failure = result["outcome"] in {"crash", "hang", "unclear"}
        if result["outcome"] == "error":
            self.messages[_message_shape(result["message"], path.name)] += 1
            self.with_line += result.get("line") is not None
        if "signature" in result:
            diff = _first_difference(self.expected[case.original], result["signature"])
            if diff:
                tally.mismatches += 1
                result = {**result, "outcome": "mismatch", "message": diff}
                failure = True
        result.pop("signature", None)
        if failure:
            kept = OUT / "fuzz-failures" / path.name
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, kept)
            self.failures.append({"case": case.index, "kind": case.kind, "original": case.original,
                                  "kept": str(kept.relative_to(ROOT)), **result})


def _message_shape(message: str, name: str) -> str:
    """An error message without the file name and with numbers as N, to count kinds of refusal."""
    return re.sub(r"(?<![\w-])\d+", "N", re.sub(r"^:\d+:|^:", "", message.replace(name, "", 1))).strip()


def _first_difference(a: Any, b: Any, where: str = "") -> str | None:
    """The path of the first difference between two JSON values, with both values (shortened)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            d = _first_difference(a.get(k), b.get(k), f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items in the original, {len(b)} in the mutant"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = _first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{where}: original {str(a)[:120]!r}, mutant {str(b)[:120]!r}"


def cases(args: argparse.Namespace, corpus: tuple[Original, ...]) -> Iterator[Case]:
    kinds = [args.only] if args.only else schedule()
    indices = [args.case] if args.case is not None else range(args.count)
    for i in indices:
        yield make_case(i, args.seed, corpus, kinds)


def _dispatch(w: Worker, case: Case, folder: Path, time_limit: float) -> None:
    w.case, w.path = case, folder / f"{case.index:05d}-{case.kind}.txt"
    w.path.write_bytes(case.data)
    w.limit = budget(case.data, time_limit)
    w.started, w.cpu_at_start = time.perf_counter(), cpu_seconds(w.proc.pid)
    w.conn.send((str(w.path), MUTATORS[case.kind][2]))


def _poll(w: Worker, ready: list[Any]) -> dict[str, Any] | None:
    """The worker's answer, a crash if it died, a hang if it ran past its limit, or None (still at it).
    A dead or hung worker is killed here and must be replaced."""
    wall = time.perf_counter() - w.started
    if w.conn in ready:
        try:
            return dict(w.conn.recv())
        except EOFError:
            w.proc.join()
            return {"outcome": "crash", "type": "WorkerDied", "seconds": wall, "cpu_s": None,
                    "message": f"the worker exited with code {w.proc.exitcode}"}
    cpu = cpu_seconds(w.proc.pid) - w.cpu_at_start
    if cpu < w.limit and wall < WALL_FACTOR * w.limit:
        return None
    w.proc.kill()
    w.proc.join()
    return {"outcome": "hang", "seconds": wall, "cpu_s": cpu,
            "message": f"no answer after {cpu:.1f} s of CPU ({wall:.1f} s), the limit is {w.limit:.1f} s"}


def execute(run: Run, folder: Path) -> None:
    """Feed the cases to the worker pool; kill and replace a worker that dies or runs past its limit."""
    ctx = mp.get_context("fork")
    workers = [_spawn(ctx, run.args.rdf) for _ in range(run.args.workers)]
    pending = cases(run.args, run.corpus)
    done = 0
    while True:
        for w in workers:
            case = next(pending, None) if w.case is None else None
            if case is not None:
                _dispatch(w, case, folder, run.args.time_limit)
        busy = [w for w in workers if w.case is not None]
        if not busy:
            break
        ready = wait([w.conn for w in busy], timeout=POLL_S)
        for i, w in enumerate(workers):
            result = _poll(w, ready) if w.case is not None else None
            if result is None or w.case is None or w.path is None:
                continue
            run.record(w.case, result, w.path)
            w.path.unlink(missing_ok=True)
            w.case = w.path = None
            if not w.proc.is_alive():
                w.conn.close()
                workers[i] = _spawn(ctx, run.args.rdf)
            done += 1
            if done % 500 == 0:
                print(f"  {done} files …", file=sys.stderr, flush=True)
    for w in workers:
        w.conn.send(None)
        w.proc.join(timeout=5)


def expected_signatures(corpus: tuple[Original, ...]) -> dict[str, Any]:
    from loaders.extract import extract_bytes

    return {doc.name: signature(extract_bytes(doc.data, doc.name)) for doc in corpus}


OUTCOMES = ("ok", "error", "unclear", "crash", "hang")


def _stats(values: list[float]) -> tuple[float | None, float | None]:
    return (round(statistics.median(values), 4), round(max(values), 3)) if values else (None, None)


def summary(run: Run, elapsed: float) -> dict[str, Any]:
    every = [s for t in run.tallies.values() for s in t.seconds]
    every_cpu = [s for t in run.tallies.values() for s in t.cpu]
    kinds: dict[str, dict[str, Any]] = {}
    for kind, t in sorted(run.tallies.items()):
        median, most = _stats(t.seconds)
        kinds[kind] = {"tried": len(t.seconds), **{o: t.outcomes[o] for o in OUTCOMES}, "mismatch": t.mismatches,
                       "median_s": median, "max_s": most, "max_cpu_s": _stats(t.cpu)[1]}
    totals = {o: sum(k[o] for k in kinds.values()) for o in (*OUTCOMES, "mismatch")}
    median, most = _stats(every)
    return {
        "config": {"count": run.args.count, "seed": run.args.seed, "time_limit_s": run.args.time_limit,
                   "lines_per_limit": LINES_PER_LIMIT, "workers": run.args.workers, "rdf": run.args.rdf,
                   "corpus": [d.name for d in run.corpus]},
        "documents": len(every), "totals": totals, "elapsed_s": round(elapsed, 1),
        "median_s": median, "max_s": most, "median_cpu_s": _stats(every_cpu)[0], "max_cpu_s": _stats(every_cpu)[1],
        "errors_naming_a_line": run.with_line, "kinds": kinds, "slowest": run.slowest,
        "error_messages": dict(run.messages.most_common()), "failures": run.failures,
    }


def print_table(report: dict[str, Any]) -> None:
    cols = ("tried", *OUTCOMES, "mismatch", "median_s", "max_s", "max_cpu_s")
    print(f"{'kind':22}" + "".join(f"{c:>10}" for c in cols))
    for kind, row in report["kinds"].items():
        print(f"{kind:22}" + "".join(f"{row[c]!s:>10}" for c in cols))
    t = report["totals"]
    print(f"{'total':22}{report['documents']:>10}" + "".join(f"{t[o]:>10}" for o in (*OUTCOMES, "mismatch"))
          + f"{report['median_s']!s:>10}{report['max_s']!s:>10}{report['max_cpu_s']!s:>10}")
    print(f"\n{report['documents']} documents in {report['elapsed_s']} s (wall); per file: median "
          f"{report['median_s']} s, max {report['max_s']} s wall, max {report['max_cpu_s']} s CPU; "
          f"errors naming a line: {report['errors_naming_a_line']} of {t['error']}")
    print("slowest:", ", ".join(f"#{r['case']} {r['kind']} {r['bytes'] // 1024} KiB {r['seconds']} s"
                                for r in report["slowest"][:5]))
    print("refusals:")
    for message, n in report["error_messages"].items():
        print(f"  {n:6}  {message}")
    for f in report["failures"][:30]:
        print(f"FAIL #{f['case']} {f['kind']} ({f['original']}): {f['outcome']} {f.get('type', '')} "
              f"{f.get('message', '')[:200]}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--time-limit", type=float, default=5.0,
                   help="seconds per file (per MB or per 10,000 lines for larger files)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--only", choices=sorted(MUTATORS), help="one mutation kind")
    p.add_argument("--case", type=int, help="regenerate one case (its file is kept under test-output/)")
    p.add_argument("--rdf", action="store_true", help="also turn each extraction into N-Quads")
    p.add_argument("--out", type=Path, default=OUT / "fuzz.json")
    args = p.parse_args(argv)
    corpus = load_corpus()
    run = Run(args, corpus, expected_signatures(corpus))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="policygraph-fuzz-") as tmp:
        if args.case is not None:
            case = next(cases(args, corpus))
            kept = OUT / "fuzz-case" / f"{case.index:05d}-{case.kind}.txt"
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_bytes(case.data)
            print(f"case {case.index}: {case.kind} of {case.original}, {len(case.data)} bytes → {kept}")
        execute(run, Path(tmp))
    report = summary(run, time.perf_counter() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print_table(report)
    t = report["totals"]
    return 1 if t["crash"] or t["hang"] or t["unclear"] or t["mismatch"] else 0


if __name__ == "__main__":
    sys.exit(main())
