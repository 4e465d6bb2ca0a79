"""SQLite files that generations share: a base and a delta of each generation's own.

The claims (graph/claims.py), the word index (graph/textindex.py) and the assignment view
(graph/assignmentview.py) each grow with the corpus, and a change touches a few rows of them. So a
generation written as a change does not copy them: it hard-links the base of the generation it
was changed from (a base is never written once a generation holds it) and copies the delta, a
small file of the rows the changes since that base wrote and of what they hide of the base; the
change is written into that copy. When the delta passes a share of the base, the change writes a
new base of its generation's own instead, and the generations before keep theirs. Each module
keeps its own tables, readers and thresholds; this one holds the steps they share.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path


def read_only(path: Path) -> str:
    """The URI that opens ``path`` read-only (``sqlite3.connect(..., uri=True)``, or ``ATTACH``)."""
    return f"{path.resolve().as_uri()}?mode=ro"


def carry(current: Path, folder: Path, base: str, delta: str, empty: Callable[[Path], None]) -> None:
    """Into the new generation's ``folder``: the current generation's base linked and its delta
    copied, or an empty delta (``empty`` writes one) when the current one has none (a generation
    written whole, or by a release before deltas)."""
    os.link(current / base, folder / base)
    if (current / delta).is_file():
        shutil.copyfile(current / delta, folder / delta)
    else:
        empty(folder / delta)


def base_rows(folder: Path, base: str, delta: str, statement: str) -> int:
    """How many rows the base holds (``statement`` counts them). A base never changes, and counting
    a large one reads much of it, so the count is kept in the delta's header (``user_version``,
    copied with the delta) from the first change that needs it until the next base."""
    with closing(sqlite3.connect(folder / delta)) as db:
        known = int(db.execute("PRAGMA user_version").fetchone()[0])
        if known:
            return known
        with closing(sqlite3.connect(read_only(folder / base), uri=True)) as counted:
            rows = int(counted.execute(statement).fetchone()[0])
        db.execute(f"PRAGMA user_version = {int(rows)}")  # a pragma takes no parameter; an int cannot be text
        db.commit()
        return rows


def outgrown(held: int, base: int, share: float, floor: int = 0) -> bool:
    """Whether a delta of ``held`` rows should become a new base: past ``share`` of the base's rows
    (and past ``floor``, below which a copy costs nothing worth a rewrite)."""
    return held > max(floor, share * base)


def set_aside(folder: Path, base: str) -> Path:
    """Move the linked base out of the way of a new one that a fold writes from it; the caller
    removes it once the new base is written (the generations that hold it keep their links)."""
    shared = folder / f".{base}.shared"
    (folder / base).rename(shared)
    return shared
