"""The embedded store's word index: which nodes have every one of some words in their folded text.

Oxigraph has no text index, so the `search` query read every folded text of the graph (5.7 s per
search at 101,748 tasks). Each generation gets an SQLite FTS5 table of its ``pg:textFolded``
values, built inside the partial generation (it switches, and is swept, with the store). The
index only narrows: the named query still checks each candidate, so it answers the same with or
without one (a generation written before the index existed, or words too common to narrow).
Candidates come back in the search's own order (the rank of the node's kind, then the length of
its text), so that a search keeping its first rows can be tried on the first candidates alone.

A generation written as a change shares the index of the one it was changed from (a hard link:
at tier L the file is 150 MB, and copying it was most of a change's cost) and keeps the rows of
the nodes the change touched in a small delta of its own, which hides the base's rows of those
nodes; the next change copies the delta. Past a tenth of the base's rows the change writes a new
index from its store instead (a contentless FTS5 table cannot be read back to be merged).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from graph import layers
from graph.binding import with_values
from policygraph.errors import StoreError
from queries.registry import store_statement

FILE = "search.sqlite"
DELTA = "search-delta.sqlite"
# Past this share of the base's rows a change writes a whole new index rather than a longer delta
# (see the module's docstring): the delta stays a small part of a change, the rewrite is rare.
REWRITE_SHARE = 0.1
# Below this many rows a delta is never worth a rewrite: copying it costs milliseconds, while a
# small store's index is mostly the documents a change touches (the corpus: a plan is a third).
REWRITE_FLOOR = 20_000
# Past this many candidates a VALUES block costs about what the scan it replaces does.
MAX_CANDIDATES = 20_000
# The words of each text in a contentless FTS5 table (the texts stay in the store); each row's node,
# the rank of its kind and its text length beside it, so the candidates come back in the search's
# order without reading a text.
_CREATE = ("CREATE TABLE node (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, rank INTEGER NOT NULL, "
           "size INTEGER NOT NULL)",
           "CREATE VIRTUAL TABLE text USING fts5(folded, content = '', tokenize = 'unicode61')")
_INSERT = ("INSERT INTO node (id, iri, rank, size) VALUES (?, ?, ?, ?)",
           "INSERT INTO text (rowid, folded) VALUES (?, ?)")
# A contentless FTS5 table keeps no texts, and a row of it can only be deleted with the text it was
# given: a node's rows are dropped from ``node`` alone, so that its old words join no node, and new
# rows take ids past every id the text table has held.
_DELETE_NODE = "DELETE FROM node WHERE iri IN (SELECT value FROM json_each(?))"
_LAST = "SELECT rowid FROM text ORDER BY rowid DESC LIMIT 1"
_GONE = ("CREATE TABLE gone (iri TEXT PRIMARY KEY) WITHOUT ROWID",)
_HIDE = "INSERT OR IGNORE INTO gone (iri) SELECT value FROM json_each(?)"
_COUNT = "SELECT count(*) FROM node"
# What a delta holds: every text row it was ever given (rows of nodes touched again stay, joined to
# nothing) and every base node it hides.
_HELD = "SELECT coalesce((SELECT max(rowid) FROM text), 0) + (SELECT count(*) FROM gone)"
_ATTACH = "ATTACH DATABASE ? AS delta"
_MATCH = ("SELECT node.iri, min(node.rank * ? + node.size) AS place FROM text JOIN node ON node.id = text.rowid "
          "WHERE text MATCH ? GROUP BY node.iri ORDER BY place, node.iri LIMIT ?")
# The base's rows of the nodes the delta does not hide, and the delta's.
_MATCH_WITH_DELTA = (
    "SELECT iri, min(place) AS best FROM ("
    "SELECT bn.iri AS iri, bn.rank * ?1 + bn.size AS place FROM main.text AS bt JOIN main.node AS bn "
    "ON bn.id = bt.rowid WHERE bt.text MATCH ?2 AND bn.iri NOT IN (SELECT iri FROM delta.gone) "
    "UNION ALL SELECT dn.iri, dn.rank * ?1 + dn.size FROM delta.text AS dt JOIN delta.node AS dn "
    "ON dn.id = dt.rowid WHERE dt.text MATCH ?2) GROUP BY iri ORDER BY best, iri LIMIT ?3")
# Longer than any folded text: the rank of a node's kind times this, plus its text's length, orders
# the candidates as the search does (kind first, then length) in one integer.
_RANK_STEP = 1 << 40
_BATCH = 10_000


def _value(term: object) -> str:
    """A bound term's text: the folded literal, the rank or the node's IRI (the query binds nothing else)."""
    assert isinstance(term, ox.Literal | ox.NamedNode), f"text_index bound {term!r}"
    return term.value


def match_expression(words: str) -> str | None:
    """The FTS5 query for texts holding every one of ``words``: each word quoted on its own (so that
    nothing a user types is FTS5 syntax), side by side, which FTS5 reads as AND. None when there is
    no word."""
    tokens = words.split()
    if not tokens:
        return None
    return " ".join('"' + token.replace('"', '""') + '"' for token in tokens)


Row = tuple[str, str, int]  # folded text, node IRI, rank of its kind


def _rows(store: ox.Store, nodes: list[str] | None = None) -> Iterator[Row]:
    """The indexed texts of the store, or of these nodes only."""
    statement = store_statement("text_index")
    if nodes is not None:
        statement = with_values(statement, {}, {"n": nodes})
    solutions = store.query(statement, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions), "text_index is a SELECT query"
    return ((_value(s["folded"]), _value(s["n"]), int(_value(s["rank"]))) for s in solutions)


def build(store: ox.Store, folder: Path) -> int:
    """Write the index of ``store`` into ``folder`` (a base and an empty delta); the number of
    texts indexed."""
    try:
        with closing(sqlite3.connect(folder / FILE)) as db:
            for statement in _CREATE:
                db.execute(statement)
            count = _insert(db, _rows(store), first=1)
            db.commit()
        _empty_delta(folder / DELTA)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the word index in {folder}: {exc}") from exc
    return count


def _empty_delta(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        for statement in (*_CREATE, *_GONE):
            db.execute(statement)
        db.commit()


def update(store: ox.Store, current: Path, folder: Path, nodes: set[str]) -> int:
    """The index of a changed generation in ``folder``, from the current one's: the base shared
    (a hard link), the delta copied (an index of an older release, with no delta, gets an empty
    one), and in it these nodes, whose quads the change touched, hidden from the base and indexed
    as ``store`` now gives them. A delta past ``REWRITE_SHARE`` of the base (and
    ``REWRITE_FLOOR``), or a current
    generation without an index, gets a whole new index instead. The number of texts indexed
    for the nodes."""
    if not (current / FILE).is_file():
        return build(store, folder)
    touched = sorted(nodes)
    try:
        layers.carry(current, folder, FILE, DELTA, _empty_delta)
        with closing(sqlite3.connect(folder / DELTA)) as db:
            count = _replace(db, store, touched)
            db.execute(_HIDE, (json.dumps(touched),))
            db.commit()
            held = int(db.execute(_HELD).fetchone()[0])
        if layers.outgrown(held, layers.base_rows(folder, FILE, DELTA, _COUNT), REWRITE_SHARE, REWRITE_FLOOR):
            (folder / FILE).unlink()
            (folder / DELTA).unlink()
            return build(store, folder)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot update the word index in {folder}: {exc}") from exc
    return count


def _replace(db: sqlite3.Connection, store: ox.Store, touched: list[str]) -> int:
    """The rows of these nodes in ``db`` dropped (from ``node`` alone: see ``_DELETE_NODE``) and
    written again from the store."""
    db.execute(_DELETE_NODE, (json.dumps(touched),))
    last = db.execute(_LAST).fetchone()
    first = (last[0] if last else 0) + 1
    count = 0
    for start in range(0, len(touched), _BATCH):
        count += _insert(db, _rows(store, touched[start:start + _BATCH]), first=first + count)
    return count


def _insert(db: sqlite3.Connection, rows: Iterator[Row], first: int) -> int:
    count = 0
    while batch := [(first + count + k, folded, iri, rank) for k, (folded, iri, rank) in
                    enumerate(itertools.islice(rows, _BATCH))]:
        db.executemany(_INSERT[0], ((i, iri, rank, len(folded)) for i, folded, iri, rank in batch))
        db.executemany(_INSERT[1], ((i, folded) for i, folded, _, _ in batch))
        count += len(batch)
    return count


class TextIndex:
    """The index of one generation, read-only; one short connection per lookup (the API asks
    from several threads)."""

    def __init__(self, generation: Path) -> None:
        self.uri = layers.read_only(generation / FILE)
        delta = generation / DELTA
        self.delta = layers.read_only(delta) if delta.is_file() else None

    @classmethod
    def of(cls, generation: Path) -> TextIndex | None:
        return cls(generation) if (generation / FILE).is_file() else None

    def nodes(self, words: str) -> Candidates | None:
        """The IRIs of the nodes whose folded text holds every one of ``words``, in any order, a
        superset of the exact answer, in the search's order (kind, then shortest text); None when
        the index cannot be read."""
        expression = match_expression(words)
        if expression is None:
            return Candidates([], [], complete=True)
        try:
            with closing(sqlite3.connect(self.uri, uri=True)) as db:
                if self.delta is None:
                    found = db.execute(_MATCH, (_RANK_STEP, expression, MAX_CANDIDATES + 1)).fetchall()
                else:
                    db.execute(_ATTACH, (self.delta,))
                    found = db.execute(_MATCH_WITH_DELTA, (_RANK_STEP, expression, MAX_CANDIDATES + 1)).fetchall()
        except sqlite3.Error:
            return None  # an unreadable index (or one of an older layout) narrows nothing: the query scans
        complete = len(found) <= MAX_CANDIDATES
        found = found[:MAX_CANDIDATES]
        return Candidates([node for node, _ in found], [size for _, size in found], complete)


class Candidates(NamedTuple):
    """What the index found, first in the search's order first: ``sizes`` is each node's place in
    that order (the rank of its kind, then the length of its folded text, as one integer). Not
    ``complete``: more nodes matched than a query should be narrowed to; these are the first of them."""

    nodes: list[str]
    sizes: list[int]
    complete: bool

    def shortest(self, at_least: int) -> list[str] | None:
        """The first ``at_least`` nodes and every node in the same place as the last of them (a
        query that orders by kind and size, then breaks ties its own way, sees every tie); None
        when that would be all of them, or might not hold every tie."""
        if len(self.nodes) <= at_least:
            return None
        end = at_least
        while end < len(self.nodes) and self.sizes[end] == self.sizes[at_least - 1]:
            end += 1
        return self.nodes[:end] if end < len(self.nodes) else None
