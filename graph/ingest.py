"""Ingest: files → extractions → one validated dataset → a new store generation.

The whole dataset is rebuilt from the records of the current generation plus the new files (or
minus the removed documents), so ingesting the same files twice, or in another order, gives an
isomorphic graph, and removing one gives the graph of the others. A file that cannot be read is
reported and skipped; a dataset that fails SHACL is not written at all. Each load writes, with its
generation, what it changed per document (graph/changes.py).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import math
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from graph import changes
from graph.changes import Change
from graph.claims import Shared
from graph.footprint import Footprint
from graph.increment import plan
from graph.rdf import build_for_validation, write_nquads
from graph.store import GraphStore, Manifest
from graph.validate import Report, validate_own
from loaders.extract import extract_file
from loaders.identity import resolve_identities
from ontology.records import Extraction, WarningRecord
from policygraph.errors import BadRequest, InputError, NotFound, StoreError, ValidationFailed

SUFFIXES = (".txt", ".md")
# Below this many files one process extracts them all (the corpus: 5 files).
PARALLEL_FROM = 16
# A child process is handed this many files at a time, with this many chunks queued so it never
# waits for the next.
CHUNK_FILES = 8
QUEUED_PER_CHILD = 2
# SHACL runs over changed documents in passes of about this many tasks and targets: pySHACL holds
# ~5 KB per triple, so one pass over a 10,000-document load would need tens of GB; a pass of
# ~8,000 (about 200 documents of the generated corpus, ~200,000 triples) stays near 1 GB.
VALIDATION_PASS_ITEMS = 8_000
WORKER_DIED = ("a worker process died during {step} (out of memory?); nothing was written: "
               "retry with fewer workers (--workers 1)")


@dataclass(frozen=True)
class FileOutcome:
    file: str
    document: str | None = None
    tasks: int = 0
    targets: int = 0
    references: int = 0
    warnings: int = 0
    error: str | None = None
    # one line per warning, ``file:line: code: message``, for the person who loaded the file
    warning_lines: tuple[str, ...] = ()


@dataclass
class IngestResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    manifest: Manifest | None = None
    report: Report | None = None
    # what the load changed, one entry per document (empty when nothing changed or nothing was written)
    changes: list[Change] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.error]


def collect(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the text files inside folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    return files


Result = tuple[Extraction | None, FileOutcome]


def extract_one(path: Path) -> Result:
    """One file's records and outcome; a file that cannot be read is an outcome, not an exception."""
    try:
        ex = extract_file(path)
    except InputError as exc:
        return None, FileOutcome(file=str(path), error=str(exc))
    return ex, FileOutcome(file=str(path), document=ex.document.id, tasks=len(ex.tasks), targets=len(ex.targets),
                           references=len(ex.references), warnings=len(ex.warnings),
                           warning_lines=tuple(_warning_line(path, w) for w in ex.warnings))


def _warning_line(path: Path, warning: WarningRecord) -> str:
    where = f"{path.name}:{warning.source.line_start}" if warning.source else path.name
    return f"{where}: {warning.code}: {warning.message}"


def default_workers(files: int) -> int:
    """All cores for a large load; one for a few files, where starting processes costs more than
    it saves."""
    return 1 if files < PARALLEL_FROM else max(1, os.cpu_count() or 1)


def extract_all(files: list[Path], on_file: Callable[[Path], None] | None = None, *, workers: int = 1
                ) -> tuple[list[Extraction], list[FileOutcome]]:
    """Extract every file, in ``workers`` processes counting this one (extraction is pure Python:
    threads would not run it in parallel). Results keep the order of ``files``."""
    results: list[Result | None] = [None] * len(files)
    with _records_out_of_gc() as settle:
        def done(index: int, result: Result) -> None:
            results[index] = result
            settle()
            if on_file:
                on_file(files[index])

        if workers > 1 and len(files) > 1:
            _extract_side_by_side(files, done, workers)
        else:
            for index, path in enumerate(files):
                done(index, extract_one(path))
    kept = [r for r in results if r is not None]
    return [ex for ex, _ in kept if ex is not None], [outcome for _, outcome in kept]


def _extract_chunk(paths: list[Path]) -> list[Result]:
    return [extract_one(path) for path in paths]


def _extract_side_by_side(files: list[Path], done: Callable[[int, Result], None], workers: int) -> None:
    """``workers - 1`` child processes take chunks of files, and this process takes the next chunk
    itself whenever no child's result is waiting. A child's records are pickled there and unpickled
    here, about a fifth of the cost of extracting them: on two cores, one child and this process
    extracting go faster than two children and this process unpickling."""
    size = max(1, min(CHUNK_FILES, len(files) // (8 * workers)))
    children = min(workers - 1, math.ceil(len(files) / size) - 1)
    starts = iter(range(0, len(files), size))
    pending: dict[futures.Future[list[Result]], int] = {}

    def collect_finished(block: bool) -> bool:
        finished, _ = futures.wait(pending, timeout=None if block else 0, return_when=futures.FIRST_COMPLETED)
        for future in finished:
            start = pending.pop(future)
            for offset, result in enumerate(future.result()):
                done(start + offset, result)
        return bool(finished)

    try:
        with ProcessPoolExecutor(max_workers=children, initializer=gc.freeze) as pool:
            def feed() -> None:
                while len(pending) < QUEUED_PER_CHILD * children and (start := next(starts, None)) is not None:
                    pending[pool.submit(_extract_chunk, files[start:start + size])] = start

            feed()
            while True:
                if pending and collect_finished(block=False):
                    feed()
                    continue
                if (start := next(starts, None)) is None:
                    break
                for offset, path in enumerate(files[start:start + size]):
                    done(start + offset, extract_one(path))
            while pending:
                collect_finished(block=True)
    except BrokenProcessPool as exc:
        raise StoreError(WORKER_DIED.format(step="extraction")) from exc


@contextlib.contextmanager
def _records_out_of_gc() -> Iterator[Callable[[], None]]:
    """Keep the records made so far out of the collector's passes while a load piles them up, as
    each full pass would walk them all again (a fifth of the extraction time at tier M): what is
    made is frozen as it arrives and handed back to the collector at the end. A process that froze
    objects of its own (a pre-fork server) is left as it is."""
    if gc.get_freeze_count():
        yield lambda: None
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def ingest(paths: Iterable[Path], store: GraphStore, *, replace: bool = False,
           on_file: Callable[[Path], None] | None = None, wait: bool = True,
           workers: int | None = None) -> IngestResult:
    """Add (or with ``replace``, load only) these files; raises ValidationFailed or StoreError and then
    leaves the store exactly as it was, or Busy when ``wait`` is false and another load runs."""
    started = time.perf_counter()
    files = collect(paths)
    workers = workers or default_workers(len(files))
    new, outcomes = extract_all(files, on_file, workers=workers)
    with store.writer(wait=wait):
        return _load(new, outcomes, store, replace=replace, started=started, workers=workers)


def _load(new: list[Extraction], outcomes: list[FileOutcome], store: GraphStore, *, replace: bool,
          started: float, workers: int = 1) -> IngestResult:
    result = IngestResult(outcomes=outcomes)
    if not new and not replace:
        return result
    shared = None if replace else store.shared()
    if shared is not None:
        with contextlib.closing(shared):
            return _change(shared, {ex.document.id: ex for ex in new}, result, store, started=started,
                           workers=workers)
    stored = {e.document.id: e for e in store.records()}
    records = {} if replace else dict(stored)
    for ex in new:
        records[ex.document.id] = ex
    return _commit(stored, records, result, store, started=started, workers=workers, whole=replace)


def _commit(stored: dict[str, Extraction], records: dict[str, Extraction], result: IngestResult,
            store: GraphStore, *, started: float, workers: int = 1, whole: bool = False) -> IngestResult:
    """Write ``records`` (as read from their files) as a whole new generation, with the log of what
    changed since ``stored``: a first load, a load that replaces everything, or a change to a
    generation that kept no footprints. Identities are resolved over the whole set; SHACL runs over
    the documents whose resolved records differ from before (all of them when ``whole``)."""
    everything = resolve_identities(list(records.values()))  # one id per cited document across files
    before = {} if whole else {e.document.id: e for e in resolve_identities(list(stored.values()))}
    changed = [ex for ex in everything if before.get(ex.document.id) != ex]
    footprints = [Footprint.of(records[ex.document.id], ex) for ex in everything]
    result.report = validate_changes(changed, [fp.shared() for fp in footprints], workers=workers)
    _check(result.report)
    drafts = changes.between(stored, records)

    def log(current: Path | None, folder: Path, generation: str) -> None:
        result.changes = changes.carry(current, folder, drafts, generation)

    result.manifest = store.write_generation(lambda out: write_nquads(everything, out), list(records.values()),
                                             started, annex=log, footprints=footprints, resolved=everything)
    return result


def _change(shared: Shared, incoming: dict[str, Extraction | None], result: IngestResult,
            store: GraphStore, *, started: float, workers: int = 1) -> IngestResult:
    """Write the current generation changed by ``incoming`` (records by document id, None for a
    removed document) as the new one: only the quads the change adds and removes are written
    (graph/increment.py), into a copy of the current generation (``GraphStore.write_change``). The
    graph is the one a whole new generation from the same files would hold; SHACL runs over the
    documents written again, against the facts of the shared graphs they reach after the change."""
    read = functools.cache(store.record)
    increment = plan(shared, incoming, read)
    result.report = validate_changes(increment.rewritten, [], workers=workers, context=increment.context)
    _check(result.report)
    present = {doc_id for doc_id in incoming if shared.loaded(doc_id)}
    drafts = changes.between({doc_id: read(doc_id) for doc_id in incoming if doc_id in present},
                             {doc_id: ex for doc_id, ex in incoming.items() if ex is not None})

    def log(current: Path | None, folder: Path, generation: str) -> None:
        result.changes = changes.carry(current, folder, drafts, generation)

    result.manifest = store.write_change(increment, started, annex=log)
    return result


def _check(report: Report) -> None:
    if not report.conforms:
        raise ValidationFailed(f"the built graph violates {report.results} SHACL constraints; "
                               "nothing was written (run `policygraph validate` for the report)")


def remove(targets: Iterable[str], store: GraphStore, *, wait: bool = True, workers: int = 1) -> IngestResult:
    """Remove documents, named by id or by their file (its path, whose sha256 is looked up, or its
    name), and everything derived from them: the new generation is what a full build from the other
    files gives. All or nothing: a target that names no document (NotFound) or names several
    (BadRequest) removes nothing; raises ValidationFailed, StoreError or Busy as ``ingest`` does."""
    started = time.perf_counter()
    with store.writer(wait=wait):
        shared = store.shared()
        if shared is not None:
            with contextlib.closing(shared):
                files = shared.files()
                doomed = {_named(target, files) for target in targets}
                return _change(shared, dict.fromkeys(sorted(doomed)), IngestResult(), store, started=started,
                               workers=workers)
        stored = {e.document.id: e for e in store.records()}
        doomed = {_named(target, {doc_id: (ex.file.file, ex.file.sha256) for doc_id, ex in stored.items()})
                  for target in targets}
        records = {doc_id: ex for doc_id, ex in stored.items() if doc_id not in doomed}
        return _commit(stored, records, IngestResult(), store, started=started, workers=workers)


def _named(target: str, stored: dict[str, tuple[str, str]]) -> str:
    """The id of the one stored document ``target`` names (``stored``: each document's file name
    and sha256): an id, a file whose bytes were loaded, or a loaded file's name."""
    if target in stored:
        return target
    path = Path(target)
    if path.is_file():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        by_content = [doc_id for doc_id, (_, sha) in stored.items() if sha == digest]
        if by_content:
            return _only(target, by_content)
    by_name = [doc_id for doc_id, (name, _) in stored.items() if name == path.name]
    if not by_name:
        raise NotFound(f"{target}: no loaded document has this id, file content or file name "
                       "(`policygraph info` lists the documents)")
    return _only(target, by_name)


def _only(target: str, ids: list[str]) -> str:
    if len(ids) > 1:
        raise BadRequest(f"{target} names {len(ids)} documents ({', '.join(sorted(ids))}): give the document id")
    return ids[0]


def passes(changed: list[Extraction], items: int = VALIDATION_PASS_ITEMS) -> Iterator[list[Extraction]]:
    """The changed documents in groups of about ``items`` tasks and targets (at least one group)."""
    group: list[Extraction] = []
    size = 0
    for ex in changed:
        group.append(ex)
        size += 1 + len(ex.tasks) + len(ex.targets)
        if size >= items:
            yield group
            group, size = [], 0
    if group or not changed:
        yield group


_everything: list[Footprint] = []  # what a validation worker process was forked with
_groups: list[list[Extraction]] = []   # and the passes it may be asked for, by number
_context: list[str] | None = None   # and the context that stands for the shared graphs, if any


def _share(everything: list[Footprint], groups: list[list[Extraction]], context: list[str] | None) -> None:
    global _everything, _groups, _context
    _everything, _groups, _context = everything, groups, context


def _validate_pass(group: list[Extraction]) -> Report:
    return validate_own(build_for_validation(group, _everything, context=_context))


def _validate_pass_at(index: int) -> Report:
    return _validate_pass(_groups[index])


def validate_changes(changed: list[Extraction], everything: list[Footprint],
                     items: int = VALIDATION_PASS_ITEMS, *, workers: int = 1, context: list[str] | None = None
                     ) -> Report:
    """SHACL over the changed documents, pass by pass, each with the shared graphs (memory stays
    bounded whatever the size of the load); one report for all.

    Passes are independent, so ``workers`` processes validate them side by side. The workers are
    forked with every record and every pass already in memory (``initargs`` are inherited, not
    pickled): only a pass's number travels to a worker, and a small report comes back. Nothing large
    is ever being written to a worker's pipe, so a worker that dies is always noticed (on Python
    3.11.2 a worker dying while the pool's feeder thread wrote a large pass to it hung the pool)."""
    groups = list(passes(changed, items))
    if workers > 1 and len(groups) > 1:
        fork = multiprocessing.get_context("fork")
        try:
            with ProcessPoolExecutor(max_workers=min(workers, len(groups)), mp_context=fork, initializer=_share,
                                     initargs=(everything, groups, context)) as pool:
                reports = list(pool.map(_validate_pass_at, range(len(groups))))
        except BrokenProcessPool as exc:
            raise StoreError(WORKER_DIED.format(step="validation")) from exc
    else:
        reports = [validate_own(build_for_validation(group, everything, context=context)) for group in groups]
    failing = [r for r in reports if not r.conforms]
    return Report(conforms=not failing, results=sum(r.results for r in reports),
                  text="\n".join(r.text for r in failing) or reports[0].text)
