"""What one change costs in a large store, step by step (issue "a live graph").

    python -m bench.live --store .work/run-M/store [--file corpus/001_425aa0aa3f386de7.txt]
                         [--more .work/gen-M1110/corpus] [--copy] [--neo4j [--no-neo4j-check]]
                         [--build .work/gen-L1/corpus --documents 10000]

Adds one file to the store, replaces it with a changed copy (its middle tenth of lines dropped),
and removes it again; with ``--more`` (a folder of documents the store does not hold, such as a
larger generated corpus of the same seed), then adds 10 of them, then 100 others, and removes the
110. Each change runs in a fresh process (so the peak memory is that change's own); the report
gives for each the wall time end to end, the peak resident memory, and the seconds of every step:
extraction, opening the claims (or, for a store without them, reading the records), the increment
(graph/increment.py), SHACL, the change log, and the generation's own steps from its manifest.
The store ends with the documents it started with, and the report says whether it (and Neo4j)
then holds the graph it began with. ``--copy`` works on a copy in a temporary
folder beside it instead. ``--neo4j`` pushes the store to Neo4j first (NEO4J_URI …; whole, unless
Neo4j already holds a generation it was changed from), then each change right after it, and
reports the push and the time from the start of the change to Neo4j serving it
(``--no-neo4j-check`` skips comparing Neo4j's end with its start, whose snapshot outgrows tier L).
``--build`` first builds the store from the first ``--documents`` files of a generated corpus
(see ``build``). Writes bench/out/live.json and bench/out/live.md.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from bench.machine import describe
from graph import ingest as ingest_module
from graph.changes import between
from graph.ingest import ingest, remove
from graph.neo4j import Neo4jGraph, sync
from graph.store import GraphStore
from graph.validate import Report
from loaders.extract import extract_file
from policygraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_FILE = ROOT / "corpus" / "001_425aa0aa3f386de7.txt"
# The replaced version drops this share of the file's lines from its middle: tasks and assignments
# are lost, the header (and so the document's id) stays.
DROPPED_SHARE = 0.1
# The steps of graph/ingest.py timed by wrapping the functions it calls (the path measured is the
# product's own, not a copy of it).
STEPS = ("extract_all", "resolve_identities", "plan", "validate_changes")
# The rows of the table, in the order a load takes them (from copy_store on, the generation's own
# steps, from its manifest: a change writes copy_store and write_quads, a whole generation
# write_nquads, bulk_load and compaction_wait).
ORDER = ("extract_all", "open_claims", "read_records", "resolve_identities", "plan", "validate_changes",
         "change_log", "copy_store", "write_quads", "write_nquads", "bulk_load", "records", "claims",
         "word_index", "compaction_wait")
# The batches added with --more.
BATCHES = (10, 100)
F = TypeVar("F", bound=Callable[..., Any])


class Stopwatch:
    """Seconds spent in each wrapped function, summed over its calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, name: str, fn: F) -> F:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - started, 3)
        return timed  # type: ignore[return-value]


@contextlib.contextmanager
def watched() -> Iterator[Stopwatch]:
    """The load's steps timed while inside; the records read from the store are timed as one step."""
    watch = Stopwatch()
    saved = {name: getattr(ingest_module, name) for name in STEPS}
    saved_records = GraphStore.records
    saved_shared = GraphStore.shared
    saved_between = ingest_module.changes.between
    for name, fn in saved.items():
        setattr(ingest_module, name, watch.wrap(name, fn))

    def records(self: GraphStore) -> Iterator[Any]:
        return iter(watch.wrap("read_records", lambda: list(saved_records(self)))())

    def shared(self: GraphStore) -> Any:
        return watch.wrap("open_claims", lambda: saved_shared(self))()

    GraphStore.records = records  # type: ignore[method-assign]
    GraphStore.shared = shared  # type: ignore[method-assign]
    ingest_module.changes.between = watch.wrap("change_log", between)
    try:
        yield watch
    finally:
        for name, fn in saved.items():
            setattr(ingest_module, name, fn)
        GraphStore.records = saved_records  # type: ignore[method-assign]
        GraphStore.shared = saved_shared  # type: ignore[method-assign]
        ingest_module.changes.between = saved_between


def build(corpus: Path, count: int, store: Path) -> None:
    """A store to measure changes in: the first ``count`` files of ``corpus`` (a generated tier, whose
    M store passed SHACL whole) loaded as ``policygraph ingest`` loads them, except for SHACL over
    every document, which at tier L alone runs for most of an hour. The changes measured in it are
    validated as usual."""
    if GraphStore(store).manifest() is not None:
        raise SystemExit(f"{store} already holds a generation: build into an empty folder")
    files = sorted(corpus.glob("*.txt"))[:count]
    saved = ingest_module.validate_changes
    ingest_module.validate_changes = lambda *args, **kwargs: Report(conforms=True, results=0, text="")
    try:
        result = ingest(files, GraphStore(store))
    finally:
        ingest_module.validate_changes = saved
    manifest = result.manifest
    print(f"{store}: {len(manifest.documents) if manifest else 0} documents, "
          f"{manifest.quads if manifest else 0:,} quads, {manifest.load_seconds if manifest else 0:.0f} s")


def changed_copy(file: Path, folder: Path) -> Path:
    """The file under its own name with the middle tenth of its lines dropped."""
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = int(len(lines) * DROPPED_SHARE)
    start = (len(lines) - cut) // 2
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / file.name
    out.write_text("".join(lines[:start] + lines[start + cut:]), encoding="utf-8")
    return out


def one(step: str, targets: list[str], store: GraphStore, neo4j: bool = False) -> dict[str, Any]:
    """One change, in this process: its wall time, steps and the manifest's write steps; with
    ``neo4j``, then the push that brings Neo4j to it (NEO4J_URI …), and the wall time of both."""
    started = time.perf_counter()
    with watched() as watch:
        result = remove(targets, store) if step.startswith("remove") else ingest([Path(t) for t in targets], store)
    wall = time.perf_counter() - started
    pushed: dict[str, Any] = {}
    if neo4j:
        with Neo4jGraph.from_settings(Settings()) as graph:
            push = sync(graph, store)
        pushed = {"neo4j_s": push.seconds, "neo4j_incremental": push.incremental,
                  "with_neo4j_s": round(time.perf_counter() - started, 3)}
    manifest = result.manifest
    return {"step": step, "wall_s": round(wall, 3), **pushed, "steps_s": watch.seconds,
            "write_s": manifest.phases if manifest else {}, "documents": len(manifest.documents) if manifest else 0,
            "quads": manifest.quads if manifest else 0,
            "changes": [c.model_dump(mode="json", include={"action", "document", "tasks_gained", "tasks_lost",
                                                           "assignments_gained", "assignments_lost"})
                        for c in result.changes],
            "peak_rss_mib": peak_rss_mib()}


def peak_rss_mib() -> float:
    """This process's peak resident memory, from the kernel's high-water mark of its address space
    (``ru_maxrss`` would carry the peak of the process it was forked from across ``exec``)."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return round(kib / 1024, 1)


def run_child(step: str, targets: list[str], store: Path, neo4j: bool = False) -> dict[str, Any]:
    flags = ["--neo4j"] if neo4j else []
    done = subprocess.run([sys.executable, "-m", "bench.live", "--store", str(store), *flags, "--child", step,
                           *targets], check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def neo4j_fingerprint() -> str:
    with Neo4jGraph.from_settings(Settings()) as graph:
        return graph.fingerprint()


def not_held(folder: Path, store: GraphStore) -> list[Path]:
    """The files of ``folder`` whose content the store does not hold, in name order."""
    with store.writer():
        shared = store.shared()
    held = {sha for _, sha in shared.files().values()} if shared is not None else set()
    if shared is not None:
        shared.close()
    return [f for f in sorted(folder.glob("*.txt")) if hashlib.sha256(f.read_bytes()).hexdigest() not in held]


def batches(folder: Path, store: Path, neo4j: bool = False) -> list[dict[str, Any]]:
    """Add ``BATCHES`` of files the store does not hold (by content), then remove them all (named by
    their files)."""
    fresh = [str(f.resolve()) for f in not_held(folder, GraphStore(store))]
    if len(fresh) < sum(BATCHES):
        raise SystemExit(f"{folder} holds {len(fresh)} files the store does not: {sum(BATCHES)} are needed")
    rows, start = [], 0
    for size in BATCHES:
        rows.append(run_child(f"add {size}", fresh[start:start + size], store, neo4j))
        start += size
    rows.append(run_child(f"remove {start}", fresh[:start], store, neo4j))
    return rows


def table(rows: list[dict[str, Any]]) -> list[str]:
    found = {k for r in rows for k in (*r["steps_s"], *r["write_s"])}
    names = [*(k for k in ORDER if k in found), *sorted(found - set(ORDER))]
    lines = ["| step | " + " | ".join(r["step"] for r in rows) + " |", "|---|" + "---:|" * len(rows),
             "| **end to end (s)** | " + " | ".join(f"{r['wall_s']:.2f}" for r in rows) + " |",
             "| peak memory (MiB) | " + " | ".join(f"{r['peak_rss_mib']:.0f}" for r in rows) + " |"]
    if all("with_neo4j_s" in r for r in rows):
        synced = [f"{r['with_neo4j_s']:.2f}" for r in rows]
        pushes = [f"{r['neo4j_s']:.2f}" + ("" if r["neo4j_incremental"] else " (whole)") for r in rows]
        lines += ["| **synced to Neo4j, end to end (s)** | " + " | ".join(synced) + " |",
                  "| neo4j push (s) | " + " | ".join(pushes) + " |"]
    for name in names:
        cells = [r["steps_s"].get(name, r["write_s"].get(name)) for r in rows]
        lines.append(f"| {name} | " + " | ".join("" if c is None else f"{c:.2f}" for c in cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--more", type=Path, help="a folder of documents the store does not hold")
    parser.add_argument("--copy", action="store_true", help="work on a copy of the store")
    parser.add_argument("--neo4j", action="store_true",
                        help="push each change to Neo4j (NEO4J_URI …; the store is pushed whole first)")
    parser.add_argument("--no-neo4j-check", dest="neo4j_check", action="store_false",
                        help="with --neo4j, do not compare Neo4j's end with its start (at tier L its snapshot "
                             "outgrows the bench's memory and time; the store's own check still runs)")
    parser.add_argument("--build", type=Path, metavar="CORPUS",
                        help="first build --store from the first --documents files of CORPUS (no SHACL pass)")
    parser.add_argument("--documents", type=int, default=1000, help="with --build: how many files")
    parser.add_argument("--child", nargs="+", metavar="STEP TARGET", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        build(args.build, args.documents, args.store)
    if args.child:
        print(json.dumps(one(args.child[0], args.child[1:], GraphStore(args.store), args.neo4j)))
        return
    with tempfile.TemporaryDirectory(dir=args.store.parent) as scratch:
        store = Path(shutil.copytree(args.store, Path(scratch) / "store")) if args.copy else args.store
        manifest = GraphStore(store).manifest()
        if manifest is None:
            raise SystemExit(f"{store} holds no loaded generation: ingest a tier first")
        doc_id = extract_file(args.file).document.id
        if doc_id in manifest.documents:
            raise SystemExit(f"{store} already holds {doc_id}: measure with another --file")
        revised = changed_copy(args.file, Path(scratch) / "revised")
        start = GraphStore(store).fingerprint()
        if args.neo4j:  # in a process of its own, whose peak memory the changes' processes do not inherit
            subprocess.run([sys.executable, "-m", "policygraph", "neo4j", "push", "--store", str(store)],
                           check=True, capture_output=True, cwd=ROOT)
            neo4j_start = neo4j_fingerprint() if args.neo4j_check else ""
        rows = [run_child("add", [str(args.file.resolve())], store, args.neo4j),
                run_child("replace", [str(revised)], store, args.neo4j),
                run_child("remove", [doc_id], store, args.neo4j)]
        if args.more:
            rows += batches(args.more, store, args.neo4j)
        # the store ends with the documents it began with: after the changes, the graph it began with
        same = {"store": GraphStore(store).fingerprint() == start}
        if args.neo4j and args.neo4j_check:
            same["neo4j"] = neo4j_fingerprint() == neo4j_start
    record = {"machine": describe(), "store": str(args.store), "documents_before": len(manifest.documents),
              "quads_before": manifest.quads, "file": args.file.name, "document": doc_id, "runs": rows,
              "ends_as_it_began": same}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "live.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [f"# One change in a store of {len(manifest.documents)} documents ({manifest.quads:,} quads)", "",
             f"file {args.file.name} ({doc_id})", "", *table(rows), "",
             "After the changes, the graph it began with (fingerprints): "
             + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in same.items())]
    (OUT / "live.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
