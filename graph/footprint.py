"""What one document contributes to the graphs that every document shares.

The derived and succession graphs (which documents are loaded, what is known of documents that
are only cited, each named body described once, group membership, succession routes) and the
identity of cited documents across files are functions of a few fields of every record: its
document, its citations, the bodies its assignments name and the indicators its targets measure.
A footprint is those fields alone, a small fraction of the record: what a document claims in the
shared graphs (graph/claims.py) is computed from it. Generations written before claims were kept
held the footprints of all their documents in one file (``FILE``), from which a change builds the
claims once.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter

from ontology.records import AgencyRef, DocumentRecord, Extraction, Record, ReferenceRecord, SourceFile
from policygraph.errors import StoreError

FILE = "footprints.json"


class Footprint(Record):
    """One document's share of the shared graphs, in the order its record states it."""

    file: SourceFile
    document: DocumentRecord
    # its citations as read from its file (what identities across files are resolved from) …
    references: tuple[ReferenceRecord, ...] = ()
    # … and as resolved against the other files, when that changed them (what the graphs hold)
    resolved: tuple[ReferenceRecord, ...] | None = None
    agencies: tuple[AgencyRef, ...] = ()  # the bodies its assignments name (the lead agency is the document's)
    indicators: tuple[tuple[str, str], ...] = ()  # (id, label) of each indicator its targets measure

    @classmethod
    def of(cls, ex: Extraction, resolved: Extraction | None = None) -> Footprint:
        """The footprint of a record as read, and of the same record resolved (when it is not
        that record itself)."""
        agencies = {a.agency.id: a.agency for t in ex.tasks for a in t.assignments}
        indicators = {t.indicator_id: t.indicator for t in ex.targets}
        cited = resolved.references if resolved is not None and resolved.references != ex.references else None
        return cls(file=ex.file, document=ex.document, references=ex.references, resolved=cited,
                   agencies=tuple(agencies.values()), indicators=tuple(indicators.items()))

    def shared(self) -> Footprint:
        """The footprint as the shared graphs read it: with its citations resolved."""
        return self if self.resolved is None else self.model_copy(update={"references": self.resolved,
                                                                          "resolved": None})


_ALL = TypeAdapter(list[Footprint])


def read(folder: Path) -> list[Footprint] | None:
    """The footprints a generation kept in document-id order; None for a generation that kept none."""
    path = folder / FILE
    if not path.is_file():
        return None
    try:
        return _ALL.validate_json(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read {path}: {exc}") from exc
