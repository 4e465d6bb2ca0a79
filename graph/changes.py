"""The change feed: what every load did to the store, document by document.

A load (ingest, replace, remove) compares the records the store held with the records it writes
and notes, per document, whether it was added, replaced or removed, from which file (name and
sha256), and how many tasks and assignments it gained and lost. The notes are kept in the
generation itself (``changes.jsonl``: the previous generation's log with the new lines after it),
written before the generation is switched in: a load that fails or dies records nothing, and a
reader never sees a change that is not in the graph it is served, or the other way round.

Nothing here touches a store: records in, changes out, and the log file of one generation folder.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from xml.etree import ElementTree as ET

from pydantic import BaseModel, ConfigDict, Field

from graph.rdf import province_iri
from loaders.registry import registry
from ontology.records import Extraction, TaskRecord
from policygraph.errors import BadRequest

LOG = "changes.jsonl"
ATOM = "http://www.w3.org/2005/Atom"
# Atom entry ids are permanent and unique across stores: the generation that made the change and
# the document it changed (a generation changes a document once).
ID_BASE = "https://w3id.org/policygraph/id/"
ENTRY_ID = ID_BASE + "change/{generation}/{document}"
FEED_ID = ID_BASE + "changes"


class Action(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"
    REMOVED = "removed"


class Change(BaseModel):
    """One document's change in one load. ``file`` and ``sha256`` are the file the document now
    comes from (for a removal: the file it came from); ``previous_sha256`` is the replaced file's."""

    model_config = ConfigDict(frozen=True)

    seq: int = Field(ge=1, description="position in the store's log: 1, 2, 3 … (a paging cursor)")
    at: dt.datetime = Field(description="when the load that made the change was written (UTC)")
    generation: str = Field(description="the store generation that holds the change")
    action: Action
    document: str = Field(examples=["x-KH-UBND-ha-nam-2024-a382d3c1"])
    symbol: str | None = None
    title: str = ""
    province: str | None = Field(default=None, description="the document's province id, e.g. ha-nam")
    file: str
    sha256: str
    previous_sha256: str | None = None
    tasks_gained: int = 0
    tasks_lost: int = 0
    tasks_changed: int = Field(default=0, description="tasks kept under their id whose text, roles, deadline or "
                               "funding changed (not those whose lines only moved)")
    assignments_gained: int = 0
    assignments_lost: int = 0
    agencies: tuple[str, ...] = Field(default=(), description="agencies whose assignments were gained or lost")


@dataclass(frozen=True)
class Draft:
    """A change before the load that makes it is written (no position, time or generation yet)."""

    action: Action
    after: Extraction | None
    before: Extraction | None

    @property
    def record(self) -> Extraction:
        found = self.after or self.before
        assert found is not None
        return found


def between(before: Mapping[str, Extraction], after: Mapping[str, Extraction]) -> list[Draft]:
    """What changed, by document id: present only after (added), only before (removed), or in both
    with other records (replaced: the file was read again and said something else). Records are
    compared as read from their files, so a document that another file's arrival re-resolves is
    not a change of that document."""
    drafts = []
    for doc_id in sorted(before.keys() | after.keys()):
        old, new = before.get(doc_id), after.get(doc_id)
        if old is None:
            drafts.append(Draft(Action.ADDED, new, None))
        elif new is None:
            drafts.append(Draft(Action.REMOVED, None, old))
        elif old != new:
            drafts.append(Draft(Action.REPLACED, new, old))
    return drafts


AssignmentKey = tuple[str, str, str]  # task id, agency id, role


def _assignments(ex: Extraction | None) -> set[AssignmentKey]:
    if ex is None:
        return set()
    return {(t.id, a.agency.id, a.role.value) for t in ex.tasks for a in t.assignments}


Substance = tuple[object, ...]


def _substance(task: TaskRecord) -> Substance:
    """What a task says, without where it was read: a task whose lines only moved (text inserted or
    dropped above it) has not changed."""
    roles = tuple((a.role.value, a.agency.id, a.inherited, a.requested) for a in task.assignments)
    due = task.due.model_dump(exclude={"quote"}) if task.due else None
    return task.section, task.text, roles, task.deadline, repr(due), task.funding, task.details


def _province_id(ex: Extraction) -> str | None:
    name = ex.document.province
    return str(province_iri(name, registry())).rsplit("/", 1)[-1] if name else None


def settle(drafts: Iterable[Draft], *, first_seq: int, at: dt.datetime, generation: str) -> list[Change]:
    """The drafts as log entries, numbered from ``first_seq``, all at one time and generation."""
    changes = []
    for seq, draft in enumerate(drafts, start=first_seq):
        ex, old, new = draft.record, draft.before, draft.after
        old_tasks = {t.id: t for t in old.tasks} if old else {}
        new_tasks = {t.id: t for t in new.tasks} if new else {}
        old_roles, new_roles = _assignments(old), _assignments(new)
        moved = old_roles ^ new_roles
        changes.append(Change(
            seq=seq, at=at, generation=generation, action=draft.action, document=ex.document.id,
            symbol=ex.document.symbol, title=ex.document.title, province=_province_id(ex),
            file=Path(ex.file.file).name, sha256=ex.file.sha256,
            previous_sha256=old.file.sha256 if old and new else None,
            tasks_gained=len(new_tasks.keys() - old_tasks.keys()),
            tasks_lost=len(old_tasks.keys() - new_tasks.keys()),
            tasks_changed=sum(1 for k in new_tasks.keys() & old_tasks.keys()
                              if _substance(new_tasks[k]) != _substance(old_tasks[k])),
            assignments_gained=len(new_roles - old_roles), assignments_lost=len(old_roles - new_roles),
            agencies=tuple(sorted({agency for _, agency, _ in moved}))))
    return changes


def read(folder: Path | None) -> list[Change]:
    """The log of one generation folder, oldest first (empty for none, or for a generation written
    before the log existed)."""
    path = folder / LOG if folder else None
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [Change.model_validate_json(line) for line in lines if line.strip()]


def carry(previous: Path | None, folder: Path, drafts: list[Draft], generation: str,
          at: dt.datetime | None = None) -> list[Change]:
    """Write ``folder``'s log: ``previous``'s entries (their bytes, unread: the log grows with
    every change ever made), then the drafts as new entries; flushed to disk before the generation
    it belongs to can be switched in. The new entries."""
    source = previous / LOG if previous else None
    held = source is not None and source.is_file()
    last = _last(source) if held and source else None
    new = settle(drafts, first_seq=(last.seq if last else 0) + 1,
                 at=at or dt.datetime.now(dt.UTC).replace(microsecond=0), generation=generation)
    if held and source:
        shutil.copyfile(source, folder / LOG)
    with (folder / LOG).open("a", encoding="utf-8") as out:
        for change in new:
            out.write(change.model_dump_json() + "\n")
        out.flush()
        os.fsync(out.fileno())
    return new


def _last(path: Path) -> Change | None:
    """The last entry of a log, read from its end."""
    with path.open("rb") as log:
        end = log.seek(0, os.SEEK_END)
        block = b""
        while end > 0:
            start = max(0, end - _TAIL)
            log.seek(start)
            block = log.read(end - start) + block
            lines = [line for line in block.splitlines() if line.strip()]
            if len(lines) > 1 or (lines and start == 0):
                return Change.model_validate_json(lines[-1])
            end = start
    return None


_TAIL = 65_536


def parse_since(value: str | None) -> dt.datetime | None:
    """A date (``2026-12-01``, from its midnight UTC) or a date and time (``2026-12-01T08:00:00Z``;
    UTC when no offset is given); BadRequest otherwise."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadRequest(f"since={value!r}: give a date (2026-12-01) or a date and time "
                         "(2026-12-01T08:00:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def since(changes: list[Change], when: dt.datetime | None = None, after: int = 0) -> list[Change]:
    """The changes at or after ``when`` (UTC when naive) and past the cursor ``after``, oldest first."""
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return [c for c in changes if c.seq > after and (when is None or c.at >= when)]


def concerning(changes: Iterable[Change], *, provinces: Collection[str] | None = None, agency: str | None = None
               ) -> list[Change]:
    """The changes to documents of any of ``provinces`` and to assignments of ``agency`` (both when
    both are given)."""
    return [c for c in changes if (provinces is None or c.province in provinces)
            and (agency is None or agency in c.agencies)]


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def summary(change: Change) -> str:
    """One line in words: what happened to the document, and to its tasks and assignments."""
    name = change.symbol or change.document
    counts = (f"tasks +{change.tasks_gained} −{change.tasks_lost}"
              + (f" ({change.tasks_changed} changed)" if change.tasks_changed else "")
              + f", assignments +{change.assignments_gained} −{change.assignments_lost}")
    return f"{name} {change.action.value} from {change.file} (sha256 {change.sha256[:12]}…): {counts}"


@dataclass(frozen=True)
class FeedLinks:
    """Where the feed lives and where an entry's document can be read (absolute URLs)."""

    self_url: str
    document_url: str  # with ``{id}``


def atom(changes: list[Change], links: FeedLinks, title: str) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of these changes, newest first. The feed's ``updated`` is its
    newest entry's time (the log's start of time when empty), so one generation always gives the
    same bytes."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", f"{FEED_ID}?{links.self_url.partition('?')[2]}" if "?" in links.self_url else FEED_ID)
    sub(feed, "title", title)
    newest = max((c.at for c in changes), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    sub(feed, "updated", _stamp(newest))
    sub(sub(feed, "author"), "name", "policygraph")
    sub(feed, "link", rel="self", type="application/atom+xml", href=links.self_url)
    sub(feed, "generator", "policygraph")
    for change in sorted(changes, key=lambda c: c.seq, reverse=True):
        entry = sub(feed, "entry")
        sub(entry, "id", ENTRY_ID.format(generation=change.generation, document=change.document))
        sub(entry, "title", f"{change.action.value}: {change.symbol or change.document} {change.title}".strip())
        sub(entry, "updated", _stamp(change.at))
        if change.action is not Action.REMOVED:
            sub(entry, "link", rel="alternate", type="application/json",
                href=links.document_url.format(id=change.document))
        sub(entry, "summary", summary(change))
        sub(entry, "content", change.model_dump_json(), type="text")
        for agency in change.agencies:
            sub(entry, "category", term=agency, scheme=f"{ID_BASE}agency/", label="agency")
        if change.province:
            sub(entry, "category", term=change.province, scheme=f"{ID_BASE}province/", label="province")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
