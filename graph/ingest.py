"""Ingest: files → extractions → one validated dataset → a new store generation.

The whole dataset is rebuilt from the records of the current generation plus the new files, so
ingesting the same files twice, or in another order, gives an isomorphic graph. A file that cannot
be read is reported and skipped; a dataset that fails SHACL is not written at all.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from graph.rdf import build_for_validation, write_nquads
from graph.store import GraphStore, Manifest
from graph.validate import Report, validate_own
from loaders.extract import extract_file
from ontology.records import Extraction
from policygraph.errors import InputError, StoreError, ValidationFailed

SUFFIXES = (".txt", ".md")
# Below this many files one process extracts them all (the corpus: 5 files).
PARALLEL_FROM = 16
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


@dataclass
class IngestResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    manifest: Manifest | None = None
    report: Report | None = None

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


def extract_one(path: Path) -> tuple[Extraction | None, FileOutcome]:
    """One file's records and outcome; a file that cannot be read is an outcome, not an exception."""
    try:
        ex = extract_file(path)
    except InputError as exc:
        return None, FileOutcome(file=str(path), error=str(exc))
    return ex, FileOutcome(file=str(path), document=ex.document.id, tasks=len(ex.tasks), targets=len(ex.targets),
                           references=len(ex.references), warnings=len(ex.warnings))


def default_workers(files: int) -> int:
    """All cores for a large load; one for a few files, where starting processes costs more than
    it saves."""
    return 1 if files < PARALLEL_FROM else max(1, os.cpu_count() or 1)


def extract_all(files: list[Path], on_file: Callable[[Path], None] | None = None, *, workers: int = 1
                ) -> tuple[list[Extraction], list[FileOutcome]]:
    """Extract every file, in ``workers`` processes (extraction is pure Python: threads would not
    run it in parallel). Results keep the order of ``files``."""
    extractions, outcomes = [], []
    with contextlib.ExitStack() as stack:
        if workers > 1 and len(files) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            results = pool.map(extract_one, files, chunksize=max(1, min(16, len(files) // (4 * workers))))
        else:
            results = map(extract_one, files)
        try:
            for path, (ex, outcome) in zip(files, results, strict=True):
                if ex is not None:
                    extractions.append(ex)
                outcomes.append(outcome)
                if on_file:
                    on_file(path)
        except BrokenProcessPool as exc:
            raise StoreError(WORKER_DIED.format(step="extraction")) from exc
    return extractions, outcomes


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
    previous = {} if replace else {e.document.id: e for e in store.records()}
    records = dict(previous)
    for ex in new:
        records[ex.document.id] = ex
    changed = [ex for ex in new if previous.get(ex.document.id) != ex]
    result = IngestResult(outcomes=outcomes)
    if not new and not replace:
        return result
    everything = list(records.values())
    result.report = validate_changes(changed, everything, workers=workers)
    if not result.report.conforms:
        raise ValidationFailed(f"the built graph violates {result.report.results} SHACL constraints; "
                               "nothing was written (run `policygraph validate` for the report)")
    result.manifest = store.write_generation(lambda out: write_nquads(everything, out), everything, started)
    return result


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


_everything: list[Extraction] = []  # what a validation worker process was forked with


def _share(everything: list[Extraction]) -> None:
    global _everything
    _everything = everything


def _validate_pass(group: list[Extraction]) -> Report:
    return validate_own(build_for_validation(group, _everything))


def validate_changes(changed: list[Extraction], everything: list[Extraction],
                     items: int = VALIDATION_PASS_ITEMS, *, workers: int = 1) -> Report:
    """SHACL over the changed documents, pass by pass, each with the shared graphs (memory stays
    bounded whatever the size of the load); one report for all.

    Passes are independent, so ``workers`` processes validate them side by side. The workers are
    forked with every record already in memory (``initargs`` are inherited, not pickled); only a
    pass's own documents travel to a worker, and a small report comes back."""
    groups = list(passes(changed, items))
    if workers > 1 and len(groups) > 1:
        fork = multiprocessing.get_context("fork")
        try:
            with ProcessPoolExecutor(max_workers=min(workers, len(groups)), mp_context=fork, initializer=_share,
                                     initargs=(everything,)) as pool:
                reports = list(pool.map(_validate_pass, groups))
        except BrokenProcessPool as exc:
            raise StoreError(WORKER_DIED.format(step="validation")) from exc
    else:
        reports = [validate_own(build_for_validation(group, everything)) for group in groups]
    failing = [r for r in reports if not r.conforms]
    return Report(conforms=not failing, results=sum(r.results for r in reports),
                  text="\n".join(r.text for r in failing) or reports[0].text)
