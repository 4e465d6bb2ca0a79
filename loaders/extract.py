"""One file in, one ``Extraction`` out: the loaders' single entry point.

Loaders yield records and never touch a store. ``extract_file`` raises ``InputError`` only when the
file cannot be read as a document at all; everything questionable inside a readable file is a
warning in the result.
"""

from __future__ import annotations

from pathlib import Path

from loaders import citations, layout, metadata, responsibility, targets
from loaders.citations import Unit
from loaders.registry import Registry, registry
from loaders.text import SourceText, read_bytes, read_file
from ontology.records import DocumentRecord, Extraction, SectionRecord, WarningRecord
from policygraph.errors import InputError


def extract_file(path: Path, reg: Registry | None = None) -> Extraction:
    return extract_text(read_file(path), reg)


def extract_bytes(data: bytes, name: str, reg: Registry | None = None) -> Extraction:
    return extract_text(read_bytes(data, name), reg)


def _units(src: SourceText, lay: layout.Layout, header: metadata.Header) -> list[Unit]:
    """Text units for citation reading, each tagged with where it stands in the document."""
    units: list[Unit] = []
    if header.title_item is not None:
        t = header.title_item
        units.append(Unit(t.text, src.source(t.start, t.end, t.text), "title"))
    for item in header.opening:
        units.append(Unit(item.text, src.source(item.start, item.end, item.text), "opening"))
    for section in lay.root.walk():
        if section.kind == "root":
            continue
        if not section.heading_is_title or not section.items:
            units.append(Unit(section.heading, src.source(section.start), "body"))
        for item in section.items:
            folded = item.text.lower().lstrip("*_ ")
            role = "closing" if folded.startswith("trên đây là") else "body"
            units.append(Unit(item.text, src.source(item.start, item.end, item.text), role))
    return units


def extract_text(src: SourceText, reg: Registry | None = None) -> Extraction:
    reg = reg or registry()
    warnings: list[WarningRecord] = []
    lay = layout.parse(src)
    if not lay.root.children and len(lay.preamble) <= 1:
        raise InputError("no recognisable structure (no title, numbered sections or paragraphs)",
                         file=src.name, line=1)
    header = metadata.read_header(src, lay, reg, warnings)
    province = header.province
    reader = responsibility.Reader(header.id, src, lay, reg, province, warnings)
    tasks, lead, _ = reader.read()
    references = citations.extract(_units(src, lay, header), header.id, province, reg, warnings)
    target_records = targets.read_targets(header.id, src, lay, header.period_end)
    sections = [SectionRecord(path=s.path, heading=s.heading, source=src.source(s.start, s.start))
                for s in lay.root.walk() if s.kind != "root"]
    document = DocumentRecord(
        id=header.id, kind=header.kind, number=header.number, date=header.date, year=header.year,
        issuer=header.issuer, issuer_code=header.issuer_code,
        province=province.full_name if province else None, draft=header.draft, title=header.title,
        period_start=header.period_start, period_end=header.period_end,
        lead_agency=lead, source=header.source)
    return Extraction(file=src.file, document=document, references=tuple(references),
                      sections=tuple(sections), tasks=tuple(tasks), targets=tuple(target_records),
                      warnings=tuple(warnings))
