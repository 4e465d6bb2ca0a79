"""The embedded store: pyoxigraph on disk, written in generations.

A load never edits the store in place. It builds a complete new generation (the oxigraph files,
the extraction records it was built from, a manifest) in a fresh directory and then moves the
``CURRENT`` pointer with one atomic ``os.replace``. A load that dies half-way leaves the previous
generation current and untouched; the next load removes its debris.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

import pyoxigraph as ox

from graph import assignmentview, claims, footprint, textindex
from graph.footprint import Footprint
from loaders.registry import registry
from ontology.records import Extraction
from policygraph.errors import Busy, StoreError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

CURRENT = "CURRENT"
# Writes the rest of a new generation: (current generation's folder or None, partial folder, new name).
Annex = Callable[[Path | None, Path, str], None]
KEEP_PREVIOUS = 1
# The chain of changes a generation keeps (``moves_since``): a Neo4j sync further behind than this
# many changes sends the whole generation.
MOVES = "moves.json"
MOVES_KEPT = 64
# The records of every generation are files of one folder at the store's root, named by document
# and content, which generations share; each generation lists its own (``RECORD_INDEX``). A change
# writes its records and a new list, not one link per document. (Generations written before kept
# a folder of records each, ``RECORDS`` inside the generation.)
RECORDS = "records"
RECORD_INDEX = "records.json"
# Bulk loads run side by side. Oxigraph aims at about 4 GB per load by default, so two keep a tier-L
# ingest well inside 24 GB.
LOAD_PARTS = 2


@dataclass(frozen=True)
class Manifest:
    generation: str
    quads: int
    documents: list[str]
    loaded_at: float
    load_seconds: float
    # Seconds of each step of the load (absent from generations written before it was recorded).
    phases: dict[str, float] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


class GraphStore:
    """A directory of generations; ``open_current`` gives the live one (read-only by default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @contextmanager
    def writer(self, *, wait: bool = True) -> Iterator[None]:
        """Hold the store's write lock (across processes) from reading the current records to
        switching the pointer: two loads that overlapped would each build on the same records and
        the later switch would drop the other's documents. ``wait=False`` raises Busy instead."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle = open(self.root / ".lock", "a+b")
        except OSError as exc:
            raise StoreError(f"cannot open the store in {self.root}: {exc.strerror or exc}") from exc
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError as exc:
                raise Busy(f"another load into {self.root} is running; try again when it ends") from exc
            yield
        finally:
            handle.close()

    def current_dir(self) -> Path | None:
        pointer = self.root / CURRENT
        if not pointer.exists():
            return None
        gen = self.root / pointer.read_text(encoding="utf-8").strip()
        return gen if gen.is_dir() else None

    def manifest(self) -> Manifest | None:
        cur = self.current_dir()
        return Manifest.read(cur / "manifest.json") if cur else None

    def records(self) -> Iterator[Extraction]:
        """The extraction records the current generation was built from, as read from their files
        (identities across files are resolved again at every load, so a document's removal undoes
        what its presence changed in the others)."""
        cur = self.current_dir()
        if cur is None:
            return
        paths = self._record_paths(cur)
        for doc_id in sorted(paths):
            yield Extraction.model_validate_json(paths[doc_id].read_text(encoding="utf-8"))

    def _record_paths(self, generation: Path) -> dict[str, Path]:
        """Each document's record file in a generation, by document id."""
        index = _record_index(generation)
        if index is None:
            return {path.stem: path for path in (generation / RECORDS).glob("*.json")}
        return {doc_id: self.root / RECORDS / name for doc_id, name in index.items()}

    def _record_path(self, generation: Path, doc_id: str) -> Path | None:
        """One document's record file in a generation (not every path of the list: 10,000 at tier L)."""
        index = _record_index(generation)
        if index is None:
            return self._record_paths(generation).get(doc_id)
        name = index.get(doc_id)
        return self.root / RECORDS / name if name else None

    def open_current(self) -> ox.Store:
        return self.open_generation()[1]

    def open_generation(self) -> tuple[Path, ox.Store]:
        """The current generation's folder and its store, read-only, from one reading of the pointer
        (so that what else the folder holds, such as the text index, belongs to this store)."""
        cur = self.current_dir()
        if cur is None:
            raise StoreError(f"no graph loaded yet in {self.root}: run `policygraph ingest` first")
        try:
            return cur, ox.Store.read_only(str(cur / "oxigraph"))
        except OSError as exc:
            raise StoreError(f"cannot open the store in {cur}: {exc}") from exc

    def nquads(self) -> bytes:
        """The current graph as N-Quads (what export and validation read)."""
        return self.open_current().dump(format=ox.RdfFormat.N_QUADS) or b""

    def fingerprint(self) -> str:
        """A hash of the current graph's sorted N-Quads. The graph has no blank nodes, so equal
        fingerprints mean equal (not merely isomorphic) graphs."""
        lines = sorted(self.nquads().splitlines())
        return hashlib.sha256(b"\n".join(lines)).hexdigest()

    def write_generation(self, nquads: bytes | Callable[[SupportsWrite[str]], None], extractions: list[Extraction],
                         started: float, annex: Annex | None = None, *,
                         footprints: list[Footprint] | None = None,
                         resolved: list[Extraction] | None = None) -> Manifest:
        """Write a complete generation and switch to it atomically; raise StoreError on any failure.

        ``nquads`` is the data, or a function that writes it line by line: the lines go to files
        inside the partial generation (swept with it after a crash) that are loaded from disk, so a
        large load never holds the N-Quads in memory. ``annex`` writes what else belongs to the
        generation (the change log) into the partial folder, given the current generation's folder
        and the new generation's name: it is switched in with the graph, or not at all.
        ``footprints`` (of the records as read and as resolved) let the next change be written as
        one (``write_change``); without them, the next change writes a whole generation again.
        ``resolved``: the records the data was written from, when they are not ``extractions`` (the
        records as read): the assignment view is written from them."""
        def fill(tmp: Path, laps: _Laps, name: str) -> int:
            quads = _fill(ox.Store(str(tmp / "oxigraph")), nquads, extractions, tmp, laps, self.root / RECORDS,
                          extractions if resolved is None else resolved)
            if footprints is not None:
                claims.build(tmp / claims.FILE, footprints, registry())
                laps.lap("claims")
            return quads

        return self._switch(fill, sorted(e.document.id for e in extractions), started, annex)

    def write_change(self, change: Change, started: float, annex: Annex | None = None) -> Manifest:
        """Write a generation that is the current one changed, and switch to it atomically.

        The new generation starts as a copy of the current one in which the store's immutable
        files, and the records, are hard links: the copy costs what the number of files does, not
        their size. The change is then written into the copy (which no reader sees until the
        switch, so it needs no transaction of its own) with the records and footprints it
        changes, the word index is brought up to date for the nodes whose text or kind it
        changed, and the assignment view for the documents it rewrote."""
        current = self.current_dir()
        if current is None:
            raise StoreError(f"no graph loaded yet in {self.root}: nothing to change")

        def fill(tmp: Path, laps: _Laps, name: str) -> int:
            _link_tree(current / "oxigraph", tmp / "oxigraph")
            store = ox.Store(str(tmp / "oxigraph"))
            laps.lap("copy_store")
            touched = change.apply(store)
            store.flush()
            _write_moves(current, tmp, name, change.nodes())
            laps.lap("write_quads")
            _write_records(self.root / RECORDS, tmp, change.records, self._base_records(current))
            laps.lap("records")
            change.write_claims(current, tmp)
            laps.lap("claims")
            textindex.update(store, current, tmp, touched)
            laps.lap("word_index")
            assignmentview.update(current, tmp, [d for d, ex in change.records.items() if ex is None],
                                  change.rewritten, store)
            laps.lap("assignment_view")
            return previous.quads + change.net() if previous is not None else len(store)

        previous = self.manifest()
        return self._switch(fill, change.documents, started, annex)

    def _switch(self, fill: Callable[[Path, _Laps, str], int], documents: list[str], started: float,
                annex: Annex | None) -> Manifest:
        """Fill a fresh partial generation, then make it current with one atomic rename of the pointer."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._sweep()
            name = f"gen-{time.time_ns()}"
            tmp = self.root / f".{name}.partial"
            tmp.mkdir()
            laps = _Laps()
            quads = fill(tmp, laps, name)
            if annex is not None:
                annex(self.current_dir(), tmp, name)
            manifest = Manifest(generation=name, quads=quads, documents=documents,
                                loaded_at=time.time(), load_seconds=round(time.perf_counter() - started, 3),
                                phases=laps.seconds)
            (tmp / "manifest.json").write_text(json.dumps(manifest.__dict__, ensure_ascii=False, indent=1),
                                               encoding="utf-8")
            _fsync_dir(tmp)
            tmp.rename(self.root / name)
            pointer = self.root / f".{CURRENT}.tmp"
            pointer.write_text(name, encoding="utf-8")
            os.replace(pointer, self.root / CURRENT)
            _fsync_dir(self.root)
            self._prune()
            return manifest
        except OSError as exc:
            raise StoreError(f"cannot write the store in {self.root}: {exc.strerror or exc}") from exc

    def moves_since(self, generation: str, folder: Path | None = None) -> set[str] | None:
        """The IRIs of the nodes whose quads the changes made since ``generation`` touched, up to the
        current generation (or the generation in ``folder``); None when that is not known
        (``generation`` is not an ancestor of it by changes alone, or too far back), and everything
        must be taken as changed."""
        cur = folder or self.current_dir()
        if cur is None:
            return None
        if cur.name == generation:
            return set()
        path = cur / MOVES
        if not path.is_file():
            return None
        chain = json.loads(path.read_text(encoding="utf-8"))
        names = [name for name, _ in chain]
        if generation not in names:
            return None
        return {iri for _, nodes in chain[names.index(generation) + 1:] for iri in nodes}

    def shared(self) -> claims.Shared | None:
        """The claims of the current generation, opened to read (None: no generation, or one written
        before claims were kept, which a change then writes whole). A generation that kept only
        its documents' footprints gets its claims file from them first (call under the writer lock)."""
        cur = self.current_dir()
        if cur is None:
            return None
        path = cur / claims.FILE
        if not path.is_file():
            prints = footprint.read(cur)
            if prints is None:
                return None
            partial = cur / f".{claims.FILE}.partial"
            partial.unlink(missing_ok=True)
            claims.build(partial, prints, registry())
            os.replace(partial, path)
        return claims.Shared(cur)

    def record(self, doc_id: str) -> Extraction:
        """One document's record in the current generation, as read from its file."""
        cur = self.current_dir()
        path = self._record_path(cur, doc_id) if cur else None
        if path is None or not path.is_file():
            raise StoreError(f"the store in {self.root} holds no record of {doc_id}")
        return Extraction.model_validate_json(path.read_text(encoding="utf-8"))

    def _base_records(self, generation: Path) -> dict[str, str]:
        """A generation's list of records, for a change to write over; the records of a generation
        that kept a folder of its own are linked into the pool first (once)."""
        index = _record_index(generation)
        if index is not None:
            return index
        pool = self.root / RECORDS
        pool.mkdir(exist_ok=True)
        base = {}
        for path in (generation / RECORDS).glob("*.json"):
            name = f"{path.stem}.{generation.name}.json"
            if not (pool / name).exists():
                os.link(path, pool / name)
            base[path.stem] = name
        return base

    def _sweep(self) -> None:
        """Remove partial generations left by an interrupted load."""
        for debris in self.root.glob(".gen-*.partial"):
            shutil.rmtree(debris, ignore_errors=True)

    def _prune(self) -> None:
        cur = self.current_dir()
        gens = sorted((p for p in self.root.glob("gen-*") if p.is_dir() and p != cur), key=lambda p: p.name)
        for old in gens[:-KEEP_PREVIOUS] if KEEP_PREVIOUS else gens:
            shutil.rmtree(old, ignore_errors=True)
        kept = {name for gen in self.root.glob("gen-*") for name in (_record_index(gen) or {}).values()}
        pool = self.root / RECORDS
        if pool.is_dir():
            for path in pool.iterdir():
                if path.name not in kept:
                    path.unlink(missing_ok=True)


class _Laps:
    """Seconds of each step of a load, kept in the manifest: where a slow load spent its time."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.mark = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = round(now - self.mark, 3)
        self.mark = now


def _fill(store: ox.Store, nquads: bytes | Callable[[SupportsWrite[str]], None], extractions: list[Extraction],
          folder: Path, laps: _Laps, pool: Path, resolved: list[Extraction]) -> int:
    """Load the N-Quads into a new store in ``folder``, compact it, and write the records, the
    word index and the assignment view beside it; the number of quads."""
    if callable(nquads):
        parts = [folder / f"data-{n}.nq" for n in range(LOAD_PARTS)]
        with ExitStack() as files:
            nquads(_Spread([files.enter_context(p.open("w", encoding="utf-8")) for p in parts]))
        laps.lap("write_nquads")
        _bulk_load(store, parts)
        for part in parts:
            part.unlink()
    else:
        _bulk_load(store, _split_lines(nquads, LOAD_PARTS))
    store.flush()
    laps.lap("bulk_load")
    # bulk_load leaves overlapping files (at tier L each lookup cost 6× more), so the store is
    # compacted, in a thread (pyoxigraph releases the GIL) while the records and the word index are
    # written: at tier M, 7.7 s → 5.0 s from the end of the bulk load to a ready generation.
    with ThreadPoolExecutor(1) as background:
        compaction = background.submit(store.optimize)
        _write_records(pool, folder, {ex.document.id: ex for ex in extractions}, {})
        laps.lap("records")
        textindex.build(store, folder)
        laps.lap("word_index")
        assignmentview.build(folder, resolved)
        laps.lap("assignment_view")
        compaction.result()
    laps.lap("compaction_wait")
    return len(store)


def _write_records(pool: Path, folder: Path, records: dict[str, Extraction | None], base: dict[str, str]) -> None:
    """Write the records a generation adds into the pool, and the generation's list: ``base`` (the
    current generation's list) with ``records`` written over it (None: the document is removed)."""
    pool.mkdir(exist_ok=True)
    index = dict(base)
    for doc_id, ex in records.items():
        if ex is None:
            index.pop(doc_id, None)
            continue
        data = ex.model_dump_json().encode("utf-8")
        name = f"{doc_id}.{hashlib.sha256(data).hexdigest()[:16]}.json"
        if not (pool / name).is_file():
            (pool / name).write_bytes(data)
        index[doc_id] = name
    (folder / RECORD_INDEX).write_text(json.dumps(dict(sorted(index.items())), ensure_ascii=False), encoding="utf-8")


@lru_cache(maxsize=8)
def _record_index(generation: Path) -> dict[str, str] | None:
    """A generation's list of record files (None: a generation that kept a folder of its own). A
    generation never changes once written, so its list is read once."""
    path = generation / RECORD_INDEX
    if not path.is_file():
        return None
    try:
        index: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read {path}: {exc}") from exc
    return index


class _Spread:
    """A text file that deals the lines written to it out to several files in turn (each write is
    one N-Quads line), so that they can be bulk-loaded side by side."""

    def __init__(self, files: list[IO[str]]) -> None:
        self.files = files
        self.count = 0

    def write(self, line: str) -> int:
        self.count += 1
        return self.files[self.count % len(self.files)].write(line)


def _split_lines(data: bytes, parts: int) -> list[bytes]:
    """``data`` cut into about ``parts`` pieces, each ending at a line end."""
    cuts, start = [], 0
    for n in range(1, parts):
        end = data.find(b"\n", max(start, len(data) * n // parts)) + 1 or len(data)
        cuts.append(data[start:end])
        start = end
    return [*cuts, data[start:]]


def _bulk_load(store: ox.Store, sources: list[Path] | list[bytes]) -> None:
    """Bulk-load every source into the store in parallel threads (pyoxigraph releases the GIL while
    it loads): one load keeps about 1.2 cores busy, so on 2 cores two loads side by side take 0.64
    of the time (tier M, 1.3 M quads: 14.9 s → 9.6 s, the same quads). ``lenient`` skips checking
    each IRI again: every IRI in this data was minted by graph.rdf, not read from a user."""
    def load(source: Path | bytes) -> None:
        if isinstance(source, Path):
            store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS, lenient=True)
        else:
            store.bulk_load(input=source, format=ox.RdfFormat.N_QUADS, lenient=True)

    with ThreadPoolExecutor(len(sources)) as pool:
        for done in [pool.submit(load, source) for source in sources]:
            done.result()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Change(Protocol):
    """A change to the current generation, as ``write_change`` writes it."""

    # every record written or removed by the change: the new record, or None for a removed document
    records: dict[str, Extraction | None]
    # the ids of every document of the new generation
    documents: list[str]
    # the resolved records of the documents the change writes again (added, replaced, or whose
    # citations it resolves otherwise)
    rewritten: list[Extraction]

    def apply(self, store: ox.Store) -> set[str]:
        """Write the change into ``store``; the IRIs of the nodes whose kind or folded text it touched."""
        ...

    def nodes(self) -> set[str]:
        """The IRIs of every node a quad the change writes or removes names."""
        ...

    def net(self) -> int:
        """How many quads the change adds less how many it removes: the store's count after it,
        from the count before, since counting a large store's quads reads every one of them."""
        ...

    def write_claims(self, current: Path, folder: Path) -> None:
        """The new generation's claims in ``folder``, from those of the ``current`` generation."""
        ...


def _write_moves(current: Path, folder: Path, name: str, nodes: set[str]) -> None:
    """The chain of changes that lead to this generation: the current generation's (or only its
    name, when it was written whole), then this one with the nodes it touched; the last
    ``MOVES_KEPT`` links. A Neo4j sync from any generation in the chain sends those nodes alone."""
    previous = current / MOVES
    chain = json.loads(previous.read_text(encoding="utf-8")) if previous.is_file() else [[current.name, []]]
    chain = [*chain, [name, sorted(nodes)]][-MOVES_KEPT:]
    (folder / MOVES).write_text(json.dumps(chain, ensure_ascii=False), encoding="utf-8")


def _link_tree(source: Path, target: Path) -> None:
    """A copy of an oxigraph folder whose table files (immutable once written: RocksDB only ever
    deletes them) are hard links; the other files (the log, the manifest) are copied."""
    target.mkdir()
    for path in source.iterdir():
        if path.is_file():
            if path.suffix == ".sst":
                os.link(path, target / path.name)
            else:
                shutil.copy2(path, target / path.name)


