"""The embedded store's assignment view: every body's assignments, as rows in the order an agency's
page lists them.

``agency_assignments`` lists a body's tasks by task id; at tier L one body holds up to 54,000 of
them, and the store had to join and sort all of them to give any page (p95 189 ms). Each
generation therefore keeps an SQLite table of the rows the query answers, one per assignment, keyed
by the body or group the document names and indexed in the query's order: a page is a range of that
index, merged across the body and the groups it belongs to, and then the texts of that page alone.

The rows are the query's own columns, written from the resolved records the graph is written from
(the document's own graph holds every fact they read), so a change rewrites the rows of the
documents it rewrites and nothing else. Which groups a body belongs to, and their names, are read
from the graph when a query comes (they are shared facts a change can move without rewriting any
document). A generation written without a view (an older release) gets one from its graph at its
first change; until then the queries run on the graph. Tests hold the view to the graph's answer.
"""

from __future__ import annotations

import heapq
import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from graph import layers
from graph.binding import sparql_value, with_values
from graph.rdf import document_iri
from loaders import quotes
from ontology.records import Extraction
from policygraph.errors import StoreError
from queries.registry import store_statement

FILE = "assignments.sqlite"
DELTA = "assignments-delta.sqlite"
# The columns of a row beyond its body, task and role, in the order they are kept.
PAYLOAD = ("document_id", "document_symbol", "inherited", "requested", "task_text", "quote", "file",
           "line_start", "line_end", "deadline")
# A change writes its rows into the delta, which the next change copies; the base is shared by hard
# link. Past this share of the base's rows the delta is folded into a new base, so that copying the
# delta stays a small part of a change (tier L: 263,000 rows, 470 MB; a copy of it took 1.3 s)
# while a new base is written once in many changes.
COMPACT_SHARE = 0.1
_ROW = ("CREATE TABLE row (document TEXT NOT NULL, agent TEXT NOT NULL, task_id TEXT NOT NULL, "
        "role TEXT NOT NULL, payload TEXT NOT NULL)")
# A body's keys in the query's order, with each row's document, so the index alone answers them.
_INDEXES = ("CREATE INDEX row_in_order ON row (agent, task_id, role, document)",
            "CREATE INDEX row_of_document ON row (document)")
_GONE = "CREATE TABLE gone (document TEXT PRIMARY KEY) WITHOUT ROWID"
_INSERT = "INSERT INTO row (document, agent, task_id, role, payload) VALUES (?, ?, ?, ?, ?)"
_HIDE = "INSERT OR IGNORE INTO gone (document) SELECT value FROM json_each(?)"
_DELETE = "DELETE FROM row WHERE document IN (SELECT value FROM json_each(?))"
_COUNT = "SELECT count(*) FROM row"
# A new base from the one shared so far (attached as ``shared``) and the delta.
_FOLD = ("INSERT INTO main.row SELECT * FROM shared.row WHERE document NOT IN (SELECT document FROM delta.gone) "
         "UNION ALL SELECT * FROM delta.row")
# A body's rows in the query's order, without their texts: in the base, those of no document the
# delta hides; in the delta, all.
_KEYS = {"base": "SELECT task_id, role, rowid FROM main.row WHERE agent = ?1 AND (?2 IS NULL OR role = ?2) "
                 "AND document NOT IN (SELECT document FROM delta.gone) ORDER BY task_id, role LIMIT ?3",
         "delta": "SELECT task_id, role, rowid FROM delta.row WHERE agent = ?1 AND (?2 IS NULL OR role = ?2) "
                  "ORDER BY task_id, role LIMIT ?3"}
_PAYLOADS = {"base": "SELECT rowid, payload FROM main.row WHERE rowid IN (SELECT value FROM json_each(?))",
             "delta": "SELECT rowid, payload FROM delta.row WHERE rowid IN (SELECT value FROM json_each(?))"}
_COUNTS = ("SELECT role, count(*) FROM main.row WHERE agent = ?1 AND (?2 IS NULL OR role = ?2) "
           "AND document NOT IN (SELECT document FROM delta.gone) GROUP BY role",
           "SELECT role, count(*) FROM delta.row WHERE agent = ?1 AND (?2 IS NULL OR role = ?2) GROUP BY role")
_ALL = ("SELECT * FROM main.row WHERE document NOT IN (SELECT document FROM delta.gone) "
        "UNION ALL SELECT * FROM delta.row")
_ATTACH = {"delta": "ATTACH DATABASE ? AS delta", "shared": "ATTACH DATABASE ? AS shared"}
_BATCH = 10_000

Stored = tuple[str, str, str, str, str]  # document id, body id, task id, role, payload (JSON list)


def rows(ex: Extraction) -> Iterator[Stored]:
    """The rows of one resolved record, as graph/rdf.py writes its tasks and assignments."""
    doc = ex.document
    file = ex.file.file if ex.file else None
    for t in ex.tasks:
        deadline = t.due.quote if t.due is not None else None
        for a in t.assignments:
            payload = (doc.id, doc.symbol, a.inherited, a.requested, t.text, quotes.shown(a.source.quote), file,
                       a.source.line_start, a.source.line_end, deadline)
            yield doc.id, a.agency.id, t.id, a.role.value, json.dumps(payload, ensure_ascii=False)


def graph_rows(store: ox.Store, documents: list[str] | None = None) -> Iterator[Stored]:
    """The rows the store's graph gives (of these documents only): what a generation written
    without a view gets its view from, and what tests hold the view to."""
    statement = store_statement("assignment_rows")
    if documents is not None:
        statement = with_values(statement, {}, {"d": [str(document_iri(d)) for d in documents]})
    solutions = store.query(statement, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions), "assignment_rows is a SELECT query"
    for s in solutions:
        values = {str(v)[1:]: sparql_value(s[v]) for v in solutions.variables}
        yield (values["document_id"], values["agent"], values["task_id"], values["role"],
               json.dumps([values[c] for c in PAYLOAD], ensure_ascii=False))


def build(folder: Path, records: Iterable[Extraction] | None = None, store: ox.Store | None = None) -> int:
    """Write the view of a generation into ``folder`` (a base and an empty delta), from its
    resolved records or else from its graph; the number of rows."""
    source = (row for ex in records for row in rows(ex)) if records is not None else graph_rows(_given(store))
    try:
        with closing(sqlite3.connect(folder / FILE)) as db:
            db.execute(_ROW)
            count = _insert(db, source)
            for statement in _INDEXES:
                db.execute(statement)
            db.commit()
        _empty_delta(folder / DELTA)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the assignment view in {folder}: {exc}") from exc
    return count


def update(current: Path, folder: Path, gone: Iterable[str], written: Iterable[Extraction],
           store: ox.Store) -> int:
    """The view of a changed generation in ``folder``, from the current one's: the base shared (a
    hard link), the delta copied, and in it the documents removed (``gone``) and rewritten hidden
    from the base, and the rewritten ones' new rows. A current generation without a view gets one
    from ``store``, the changed graph. The number of rows written."""
    written = list(written)
    if not (current / FILE).is_file() or not (current / DELTA).is_file():
        return build(folder, store=store)
    documents = json.dumps(sorted({*gone, *(ex.document.id for ex in written)}))
    try:
        layers.carry(current, folder, FILE, DELTA, _empty_delta)
        with closing(sqlite3.connect(folder / DELTA)) as db:
            db.execute(_HIDE, (documents,))
            db.execute(_DELETE, (documents,))
            count = _insert(db, (row for ex in written for row in rows(ex)))
            db.commit()
            held = int(db.execute(_COUNT).fetchone()[0])
        if layers.outgrown(held, layers.base_rows(folder, FILE, DELTA, _COUNT), COMPACT_SHARE):
            _compact(folder)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot update the assignment view in {folder}: {exc}") from exc
    return count


def _compact(folder: Path) -> None:
    """Fold the delta into a base of this generation's own (the one shared so far stays with the
    generations that hold it) and start an empty delta."""
    shared = layers.set_aside(folder, FILE)
    with closing(sqlite3.connect(folder / FILE)) as db:
        db.execute(_ROW)
        db.execute(_ATTACH["shared"], (str(shared),))
        db.execute(_ATTACH["delta"], (str(folder / DELTA),))
        db.execute(_FOLD)
        for statement in _INDEXES:
            db.execute(statement)
        db.commit()
    shared.unlink()
    (folder / DELTA).unlink()
    _empty_delta(folder / DELTA)


def _empty_delta(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        for statement in (_ROW, *_INDEXES, _GONE):
            db.execute(statement)
        db.commit()


def contents(folder: Path) -> list[Stored]:
    """Every row of the view in ``folder``, sorted: what two generations' views compare by."""
    with closing(_open(folder)) as db:
        return sorted(db.execute(_ALL).fetchall())


def _open(folder: Path) -> sqlite3.Connection:
    """The base of a generation's view, read-only, with its delta attached as ``delta``."""
    db = sqlite3.connect(layers.read_only(folder / FILE), uri=True)
    db.execute(_ATTACH["delta"], (layers.read_only(folder / DELTA),))
    return db


def _given(store: ox.Store | None) -> ox.Store:
    if store is None:
        raise StoreError("the assignment view needs the records or the graph to be built from")
    return store


def _insert(db: sqlite3.Connection, source: Iterator[Stored]) -> int:
    count = 0
    while batch := list(itertools.islice(source, _BATCH)):
        db.executemany(_INSERT, batch)
        count += len(batch)
    return count


class Source(NamedTuple):
    """Whose rows a body's answer holds: its own (``via_group`` None) or a group's it belongs to."""

    agent: str
    via_group: str | None
    via_group_name: str | None


Row = dict[str, Any]


class AssignmentView:
    """The view of one generation, read-only; one short connection per answer (the API asks from
    several threads)."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation

    @classmethod
    def of(cls, generation: Path) -> AssignmentView | None:
        return cls(generation) if (generation / FILE).is_file() and (generation / DELTA).is_file() else None

    def window(self, sources: list[Source], role: str | None, offset: int, limit: int | None) -> list[Row] | None:
        """The rows of these sources in agency_assignments' order (task id, role, group; a body's
        own rows before a group's), ``offset`` of them skipped and at most ``limit`` kept. Only the
        keys up to the window's end are read, and the texts of the window alone. None when the
        view cannot be read (the query then runs on the graph)."""
        end = None if limit is None else offset + limit
        try:
            with closing(_open(self.generation)) as db:
                ordered = [[(task, r, s.via_group or "", part, rowid, s)
                            for task, r, rowid in db.execute(_KEYS[part], (s.agent, role, -1 if end is None else end))]
                           for s in sources for part in ("base", "delta")]
                page = list(itertools.islice(heapq.merge(*ordered, key=lambda k: k[:3]), offset, end))
                payloads = {(part, rowid): payload for part in ("base", "delta") for rowid, payload in
                            db.execute(_PAYLOADS[part], (json.dumps([k[4] for k in page if k[3] == part]),))}
        except sqlite3.Error:
            return None
        return [_row(task, r, s, json.loads(payloads[part, rowid])) for task, r, _, part, rowid, s in page]

    def counts(self, sources: list[Source], role: str | None) -> list[Row] | None:
        """How many rows each role and group holds, in agency_assignment_counts' order; None when
        the view cannot be read."""
        totals: dict[tuple[str, str], int] = {}
        try:
            with closing(_open(self.generation)) as db:
                for s in sources:
                    for statement in _COUNTS:
                        for r, n in db.execute(statement, (s.agent, role)):
                            key = (r, s.via_group or "")
                            totals[key] = totals.get(key, 0) + n
        except sqlite3.Error:
            return None
        return [{"role": r, "via_group": g or None, "assignments": n} for (r, g), n in sorted(totals.items())]


def _row(task_id: str, role: str, source: Source, payload: list[Any]) -> Row:
    return {"task_id": task_id, "role": role, "via_group": source.via_group,
            "via_group_name": source.via_group_name, **dict(zip(PAYLOAD, payload, strict=True))}
