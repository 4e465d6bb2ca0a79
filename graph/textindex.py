"""The embedded store's word index: which nodes have every one of some words in their folded text.

Oxigraph has no text index, so the `search` query read every folded text of the graph (5.7 s per
search at 101,748 tasks). Each generation gets an SQLite FTS5 table of its ``pg:textFolded``
values, built inside the partial generation (it switches, and is swept, with the store). The
index only narrows: the named query still checks each candidate, so it answers the same with or
without one (a generation written before the index existed, or words too common to narrow).
Candidates come back in the search's own order (the rank of the node's kind, then the length of
its text), so that a search keeping its first rows can be tried on the first candidates alone.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from graph.binding import with_values
from policygraph.errors import StoreError
from queries.registry import store_statement

FILE = "search.sqlite"
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
_DELETE_NODE = "DELETE FROM node WHERE iri IN ({})"
_LAST = "SELECT rowid FROM text ORDER BY rowid DESC LIMIT 1"
_MATCH = ("SELECT node.iri, min(node.rank * ? + node.size) AS place FROM text JOIN node ON node.id = text.rowid "
          "WHERE text MATCH ? GROUP BY node.iri ORDER BY place, node.iri LIMIT ?")
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
    """Write the index of ``store`` into ``folder``; the number of texts indexed."""
    try:
        with closing(sqlite3.connect(folder / FILE)) as db:
            for statement in _CREATE:
                db.execute(statement)
            count = _insert(db, _rows(store), first=1)
            db.commit()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the word index in {folder}: {exc}") from exc
    return count


def update(store: ox.Store, folder: Path, nodes: set[str]) -> int:
    """Bring the index in ``folder`` (a copy of the previous generation's) up to date with ``store``
    for these nodes, whose quads a change touched: their rows go, and the rows the store now gives
    them come in. The number of texts indexed for them. The words of the rows that went stay in
    the text table, joined to nothing (the next full load writes a clean index)."""
    touched = sorted(nodes)
    try:
        with closing(sqlite3.connect(folder / FILE)) as db:
            for start in range(0, len(touched), _BATCH):
                part = touched[start:start + _BATCH]
                marks = ",".join("?" * len(part))
                db.execute(_DELETE_NODE.format(marks), part)
            last = db.execute(_LAST).fetchone()
            first = (last[0] if last else 0) + 1
            count = 0
            for start in range(0, len(touched), _BATCH):
                count += _insert(db, _rows(store, touched[start:start + _BATCH]), first=first + count)
            db.commit()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot update the word index in {folder}: {exc}") from exc
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

    def __init__(self, path: Path) -> None:
        self.uri = f"{path.resolve().as_uri()}?mode=ro"

    @classmethod
    def of(cls, generation: Path) -> TextIndex | None:
        path = generation / FILE
        return cls(path) if path.is_file() else None

    def nodes(self, words: str) -> Candidates | None:
        """The IRIs of the nodes whose folded text holds every one of ``words``, in any order, a
        superset of the exact answer, in the search's order (kind, then shortest text); None when
        the index cannot be read."""
        expression = match_expression(words)
        if expression is None:
            return Candidates([], [], complete=True)
        try:
            with closing(sqlite3.connect(self.uri, uri=True)) as db:
                found = db.execute(_MATCH, (_RANK_STEP, expression, MAX_CANDIDATES + 1)).fetchall()
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
