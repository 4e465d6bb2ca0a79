"""The embedded store's word index: which nodes have a phrase in their folded text.

Oxigraph has no text index, so the `search` query read every folded text of the graph (5.7 s per
search at 101,748 tasks). Each generation gets an SQLite FTS5 table of its ``pg:textFolded``
values, built inside the partial generation (it switches, and is swept, with the store). The
index only narrows: the named query still checks each candidate, so it answers the same with or
without one (a generation written before the index existed, or a phrase too common to narrow).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pyoxigraph as ox

from policygraph.errors import StoreError
from queries.registry import store_statement

FILE = "search.sqlite"
# Past this many candidates a VALUES block costs about what the scan it replaces does.
MAX_CANDIDATES = 20_000
_CREATE = "CREATE VIRTUAL TABLE text USING fts5(folded, node UNINDEXED, tokenize = 'unicode61')"
_INSERT = "INSERT INTO text (folded, node) VALUES (?, ?)"
_MATCH = "SELECT DISTINCT node FROM text WHERE text MATCH ? LIMIT ?"


def build(store: ox.Store, folder: Path) -> int:
    """Write the index of ``store`` into ``folder``; the number of texts indexed."""
    rows = ((s["folded"].value, s["n"].value)  # type: ignore[union-attr]
            for s in store.query(store_statement("text_index"), use_default_graph_as_union=True))
    try:
        with closing(sqlite3.connect(folder / FILE)) as db:
            db.execute(_CREATE)
            count = db.executemany(_INSERT, rows).rowcount
            db.commit()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the word index in {folder}: {exc}") from exc
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

    def nodes(self, words: str) -> list[str] | None:
        """The IRIs of the nodes whose folded text holds ``words`` as consecutive words, a superset
        of the exact answer; None when the phrase is too common to narrow by."""
        tokens = words.split()
        if not tokens:
            return []
        phrase = '"' + " ".join(tokens).replace('"', '""') + '"'
        try:
            with closing(sqlite3.connect(self.uri, uri=True)) as db:
                found = [row[0] for row in db.execute(_MATCH, (phrase, MAX_CANDIDATES + 1))]
        except sqlite3.Error:
            return None  # an unreadable index narrows nothing; the query still answers by scanning
        return None if len(found) > MAX_CANDIDATES else found
