"""One file in, one ``Extraction`` out: the loaders' single entry point.

Loaders yield records and never touch a store. ``extract_file`` raises ``InputError`` only when the
file cannot be read as text at all (empty, binary, undecodable); a file that decodes to text always
yields a document, and everything questionable inside it is a warning in the result (``no_structure``
when it has no numbered provisions, the annotation layer's warnings for provisions that yield
nothing, the readers' own).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from loaders import annotate, citations, layout, metadata, responsibility, targets
from loaders.citations import Unit
from loaders.registry import Registry, registry
from loaders.text import SourceText, read_bytes, read_file
from ontology.records import DocumentRecord, Extraction, SectionRecord, WarningRecord


def extract_file(path: Path, reg: Registry | None = None) -> Extraction:
    return extract_text(read_file(path), reg)


def extract_bytes(data: bytes, name: str, reg: Registry | None = None) -> Extraction:
    return extract_text(read_bytes(data, name), reg)


def _units(src: SourceText, lay: layout.Layout, header: metadata.Header) -> list[Unit]:
    """Text units for citation reading, each tagged with where it stands in the document."""
    units: list[Unit] = []
    if header.title_item is not None:
        t = header.title_item
        units.append(Unit(t.text, partial(src.source, t.start, t.end, t.text), "title"))
    for item in header.opening:
        units.append(Unit(item.text, partial(src.source, item.start, item.end, item.text), "opening"))
    for section in lay.root.walk():
        if section.kind == "root":
            continue
        if not section.heading_is_title or not section.items:
            units.append(Unit(section.heading, partial(src.source, section.start), "body"))
        for item in section.items:
            folded = item.text.lower().lstrip("*_ ")
            role = "closing" if folded.startswith("trên đây là") else "body"
            units.append(Unit(item.text, partial(src.source, item.start, item.end, item.text), role))
    return units


def explain_file(path: Path) -> list[str]:
    """``extract --explain``: per provision or skipped line, its file lines, label and deciding rule."""
    src = read_file(path)
    return list(annotate.explain_lines(src, layout.parse(src)))


def extract_text(src: SourceText, reg: Registry | None = None) -> Extraction:
    """Read one decoded file into its records; never raises on what the text says or lacks."""
    reg = reg or registry()
    warnings: list[WarningRecord] = []
    lay = layout.parse(src)
    warnings.extend(annotate.provision_warnings(src, lay))
    header = metadata.read_header(src, lay, reg, warnings)
    province = header.province
    reader = responsibility.Reader(header.id, src, lay, reg, province, warnings)
    tasks, lead, _ = reader.read()
    references = citations.extract(_units(src, lay, header), header.id, province, reg, warnings,
                                   document_kind=header.kind, document_symbol=header.symbol)
    target_records = targets.read_targets(header.id, src, lay, header.period_end)
    sections = [SectionRecord(path=s.path, heading=s.heading,
                              source=src.source(s.start, max(s.start, s.heading_end)))
                for s in lay.root.walk() if s.kind != "root"]
    document = DocumentRecord(
        id=header.id, kind=header.kind, number=header.number, symbol=header.symbol, date=header.date,
        year=header.year,
        issuer=header.issuer, issuer_code=header.issuer_code,
        province=province.full_name if province else None, draft=header.draft, title=header.title,
        period_start=header.period_start, period_end=header.period_end,
        lead_agency=lead, source=header.source)
    return Extraction(file=src.file, document=document, references=tuple(references),
                      sections=tuple(sections), tasks=tuple(tasks), targets=tuple(target_records),
                      warnings=tuple(warnings))
