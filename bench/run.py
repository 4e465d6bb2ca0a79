"""One run of every scale benchmark on one tier of the generated corpus (issue "Scale").

    python -m bench.run --tier S|M|100k|L [--seed 1] [--runs 30] [--skip neo4j,http,rdflib]

Everything is measured in one process on the same data, so the rows of a table can be compared
with each other and a tier's table with the next tier's: corpus size; extraction throughput on one
core and on all cores, back to back; accuracy against the generator's truth beside the real
corpus's; RDF build, embedded store load, size on disk and peak memory; rdflib's in-memory store as
the alternative; the Neo4j push beside ``neo4j-admin database import full``; the latency of every
named query on both backends; the HTTP API under concurrent load. Every row states its target and
whether it is met, or why it could not be measured.

Queries run in child processes under a watchdog (a time budget per query, a memory cap): at scale
one query can run for minutes or exhaust memory (``lineage_up`` took 17 GB at 101k tasks), and the
run must then say so and go on rather than die. The Neo4j servers are this harness's own scratch
homes (``.work/neo4j-run-push`` on 7693, ``.work/neo4j-run-import`` on 7694), each stopped at the
end of its section.

Writes bench/out/run-<tier>.md and bench/out/run-<tier>.json; ``python -m bench.plot`` draws the
cost curve from every tier's JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import queue
import random
import resource
import shutil
import signal
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from bench.accuracy import REAL_FLOOR, SYNTHETIC_FLOOR, score
from bench.alarm import alarm
from bench.generate import REAL_TRUTH, TIERS
from bench.generate import main as generate_main
from bench.http import endpoints, serve, wrk
from bench.ingest import clear_caches
from bench.machine import describe
from bench.neo4j_import import (
    HEAP,
    PAGECACHE,
    admin_import,
    export_csv,
    finish_import,
    neo4j_local,
    scratch_server,
    tool_seconds,
)
from bench.queries import ids_of, measure, params_for
from graph.backends import Backend, EmbeddedBackend, Neo4jBackend, check_params
from graph.binding import sparql_value, with_values
from graph.ingest import PARALLEL_FROM, collect, extract_all, extract_one
from graph.neo4j import Neo4jGraph
from graph.pgmodel import Node, Relationship, project
from graph.rdf import write_nquads
from graph.store import GraphStore
from ontology.records import Extraction
from policygraph.errors import PolicyGraphError
from queries.registry import NamedQuery, library

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WORK = ROOT / ".work"
PUSH_HOME, PUSH_PORT = WORK / "neo4j-run-push", 7693
IMPORT_HOME, IMPORT_PORT = WORK / "neo4j-run-import", 7694
SKIPPABLE = ("neo4j", "http", "rdflib")
NOT_MEASURED = "not measured"

# Targets of the issue.
EXTRACT_MB_S_PER_CORE = 2.0
SPEEDUP_PER_CORE = 0.85  # 1.7× on 2 cores
STORE_TRIPLES_S = 200_000
P95_TARGET_MS = {"lineage_up": 10.0, "responsible_for": 10.0, "agency_assignments": 50.0}
PUSH_OVER_IMPORT = 5.0
PUSH_ELEMENTS_S = 50_000  # docs/benchmarks.md, issue "Neo4j…"
HTTP_RPS, HTTP_P99_MS = 500.0, 50.0  # docs/benchmarks.md, "The API…": embedded, no errors
# Published comparison (pyoxigraph vs rdflib at 1M triples): the advantage this run should reproduce.
RDFLIB_LOAD_RATIO, RDFLIB_QUERY_RATIO = 17.0, 27.0
# A third of this machine's 24 GiB per process: room for two Neo4j heaps and the other engineers' work.
PEAK_RSS_MIB = 8192.0

# Budgets that keep the run finite.
SAMPLE_BYTES = 8_000_000  # extraction throughput: one pass over at most this much text
QUERY_WALL_S = 180.0  # one named query: cold run plus at least five warm ones (bench.queries.measure)
RDFLIB_MAX_QUADS = 3_000_000  # rdflib holds ~2 KB per quad: beyond this it would not fit the cap
RDFLIB_LOAD_S = 1200.0
RDFLIB_QUERY_S = 20.0  # all draws of one query on rdflib together
RDFLIB_DRAWS = 3
HTTP_IDS, HTTP_MIN_IDS = 300, 5  # ids per endpoint, at most and at least
HTTP_WARMUP_S = 60.0  # wrk first requests each id once, in turn
HTTP_REQUEST_S = 30.0  # that warm-up's time limit per request (bench.http.wrk)

Report = Callable[..., None]


# --- the record of a run ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    """One row of the summary: what was measured against what the issue asks."""

    section: str
    measure: str
    measured: str
    target: str = ""
    met: bool | None = None  # None: no target, or not measured (``note`` says why)
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.met is None:
            return NOT_MEASURED if self.measured == NOT_MEASURED else "no target"
        return "met" if self.met else "not met"


@dataclass
class Run:
    tier: str
    seed: int
    machine: dict[str, str | int]
    checks: list[Check] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds of each cost-curve phase
    sections: dict[str, float] = field(default_factory=dict)  # wall seconds of each section
    memory: dict[str, dict[str, float]] = field(default_factory=dict)  # peak MiB after each section
    details: dict[str, Any] = field(default_factory=dict)


def fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def info(section: str, name: str, value: float, unit: str = "", note: str = "") -> Check:
    return Check(section, name, f"{fmt(value)} {unit}".strip(), note=note)


def at_least(section: str, name: str, value: float, bound: float, unit: str, note: str = "") -> Check:
    return Check(section, name, f"{fmt(value)} {unit}".strip(), f"≥ {fmt(bound)} {unit}".strip(), value >= bound,
                 note)


def at_most(section: str, name: str, value: float, bound: float, unit: str, note: str = "") -> Check:
    return Check(section, name, f"{fmt(value)} {unit}".strip(), f"≤ {fmt(bound)} {unit}".strip(), value <= bound,
                 note)


def missing(section: str, name: str, reason: str, target: str = "") -> Check:
    return Check(section, name, NOT_MEASURED, target, None, reason)


def peak_mib() -> dict[str, float]:
    """Peak resident memory so far of this process and of its largest waited-for child (the
    extraction workers, the query children, the API servers, neo4j-admin; not the Neo4j servers,
    which neo4j-local detaches)."""
    return {who: round(resource.getrusage(which).ru_maxrss / 1024, 1)
            for who, which in (("self", resource.RUSAGE_SELF), ("children", resource.RUSAGE_CHILDREN))}


@contextmanager
def section(run: Run, name: str) -> Iterator[None]:
    """Wall time and peak memory after each section: memory must stay bounded, and a growth shows
    in the section that caused it."""
    started = time.perf_counter()
    print(f"== {name}", flush=True)
    try:
        yield
    finally:
        run.sections[name] = round(time.perf_counter() - started, 1)
        run.memory[name] = peak_mib()
        print(f"== {name}: {run.sections[name]} s, peak MiB {run.memory[name]}", flush=True)


# --- child processes under a watchdog ----------------------------------------------------------

@dataclass
class Isolated:
    done: dict[str, Any] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    peak_rss_mib: float = 0.0


def _child(task: Callable[..., None], messages: Any, items: list[str], args: tuple[Any, ...]) -> None:
    task(lambda kind, item, value=None: messages.put((kind, item, value)), items, *args)


def rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def isolated(task: Callable[..., None], items: list[str], args: tuple[Any, ...], *,
             budget: Callable[[str | None], float], cap_mib: float) -> Isolated:
    """Run ``task(report, items, *args)`` in a spawned child. The task reports ``("start", item)``,
    then ``("done", item, value)`` or ``("error", item, reason)``. An item that outlives
    ``budget(item)`` (``budget(None)``: the task's set-up), or a child grown past ``cap_mib``, is
    stopped and recorded as failed with the reason, and a new child goes on with the items after it:
    a query that hangs or eats the machine costs its own row, not the run."""
    out = Isolated()
    remaining = list(items)
    while remaining:
        current, reason = supervise(task, remaining, args, budget, cap_mib, out)
        if reason is None:
            continue
        print(f"   stopped ({current or 'set-up'}): {reason}", flush=True)
        for item in [current] if current else list(remaining):
            out.failed[item] = reason if current else f"set-up: {reason}"
            remaining.remove(item)
    return out


def supervise(task: Callable[..., None], remaining: list[str], args: tuple[Any, ...],
              budget: Callable[[str | None], float], cap_mib: float, out: Isolated) -> tuple[str | None, str | None]:
    """One child over ``remaining`` (emptied as items finish) until it is done or must stop: the
    item it was on and why it was stopped (None: it finished)."""
    spawn = multiprocessing.get_context("spawn")
    messages = spawn.Queue()
    child = spawn.Process(target=_child, args=(task, messages, list(remaining), args))
    child.start()
    current: str | None = None
    since = time.monotonic()
    reason: str | None = None
    try:
        while remaining and reason is None:
            try:
                kind, item, value = messages.get(timeout=0.5)
            except queue.Empty:
                reason = why_stop(child, messages, time.monotonic() - since, budget(current), cap_mib, out)
                continue
            since = time.monotonic()
            if kind == "start":
                current = item
                continue
            (out.done if kind == "done" else out.failed)[item] = value
            remaining.remove(item)
            current = None
    finally:
        if remaining and child.is_alive():
            child.kill()
        child.join()
    return current, reason


def why_stop(child: Any, messages: Any, elapsed: float, limit: float, cap_mib: float, out: Isolated) -> str | None:
    rss = rss_mib(child.pid or 0)
    out.peak_rss_mib = max(out.peak_rss_mib, rss)
    if not child.is_alive():  # its last messages may still be in the pipe
        return None if not messages.empty() else f"the process ended (exit code {child.exitcode})"
    if rss > cap_mib:
        return f"{rss:,.0f} MiB resident, over the {cap_mib:,.0f} MiB cap"
    if elapsed > limit:
        return f"still running after {limit:.0f} s"
    return None


# --- the corpus ------------------------------------------------------------------------------------

def read_manifest(folder: Path, wanted: dict[str, Any]) -> dict[str, Any] | None:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if all(manifest.get(k) == v for k, v in wanted.items()) else None


def corpus(run: Run) -> Path:
    """The tier in .work/gen-<tier>, generated only when its manifest is for another tier or
    seed: the same seed writes the same bytes, and tier L takes many minutes to write."""
    folder = WORK / f"gen-{run.tier}"
    wanted = {"tier": run.tier, "seed": None if run.tier == "S" else run.seed}
    if read_manifest(folder, wanted) is None:
        started = time.perf_counter()
        generate_main(["--tier", run.tier, "--out", str(folder), "--seed", str(run.seed)])
        run.phases["generation"] = round(time.perf_counter() - started, 2)
    manifest = read_manifest(folder, wanted)
    if manifest is None:
        raise SystemExit(f"{folder}/manifest.json is not for tier {run.tier}, seed {run.seed}")
    run.details["corpus"] = {**manifest, "folder": str(folder), "generated_now": "generation" in run.phases}
    note = "generated now" if "generation" in run.phases else "reused (manifest matches tier and seed)"
    run.checks += [info("corpus", "documents", manifest["documents"], note=note),
                   info("corpus", "tasks", manifest["tasks"]),
                   info("corpus", "size", manifest["bytes"] / 1e6, "MB")]
    return folder


# --- extraction ------------------------------------------------------------------------------------

def sample(files: list[Path], limit: int) -> tuple[list[Path], int]:
    """Every k-th file: the sample keeps the tier's mix of layouts and sizes while one pass stays
    under ``limit`` bytes. Returns the files and k."""
    total = sum(f.stat().st_size for f in files)
    step = max(1, math.ceil(total / limit))
    return files[::step], step


def _extract_and_drop(paths: list[Path]) -> int:
    for path in paths:
        extract_one(path)
    return len(paths)


def extract_apart(files: list[Path], cores: int) -> None:
    """The machine's ceiling for extraction on ``cores`` processes: each extracts its share and
    keeps nothing, so no record crosses a pipe and nothing is gathered."""
    with ProcessPoolExecutor(max_workers=cores) as pool:
        list(pool.map(_extract_and_drop, [files[k::cores] for k in range(cores)]))


def extraction_speed(run: Run, files: list[Path]) -> None:
    """One core, all cores, and all cores keeping nothing (the ceiling), in turn, caches cleared
    before each pass, so the figures see the same state of a shared machine; medians are compared."""
    chosen, step = sample(files, SAMPLE_BYTES)
    size = sum(f.stat().st_size for f in chosen)
    repeat = 5 if size < 2_000_000 else 3
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    passes: dict[str, Callable[[], object]] = {
        "1": lambda: extract_all(chosen, workers=1),
        str(cores): lambda: extract_all(chosen, workers=cores),
        "apart": lambda: extract_apart(chosen, cores),
    }
    times: dict[str, list[float]] = {name: [] for name in passes}
    for _ in range(repeat):
        for name, extract in passes.items():
            clear_caches()
            started = time.perf_counter()
            extract()
            times[name].append(time.perf_counter() - started)
    one, many, apart = (statistics.median(times[name]) for name in passes)
    note = (f"sample: {len(chosen)} of {len(files)} files" + (f" (one in {step})" if step > 1 else "")
            + f", {size / 1e6:.2f} MB; median of {repeat} rounds; load average before "
            f"{load:.1f} on {cores} cores (a shared machine)")
    if len(chosen) < PARALLEL_FROM:
        note += f"; under {PARALLEL_FROM} files ingest itself uses one process (start-up dominates)"
    run.details["extraction_speed"] = {"files": len(chosen), "of": len(files), "bytes": size, "repeat": repeat,
                                       "cores": cores, "seconds": times}
    run.checks += [at_least("extraction", "one core", size / 1e6 / one, EXTRACT_MB_S_PER_CORE, "MB/s", note),
                   info("extraction", f"all cores ({cores})", size / 1e6 / many, "MB/s"),
                   at_least("extraction", "all cores ÷ one core", one / many, SPEEDUP_PER_CORE * cores, "×"),
                   info("extraction", "ceiling: all cores keeping nothing ÷ one core", one / apart, "×",
                        f"{cores} processes, each extracting 1/{cores} of the files and returning no records: "
                        "what the machine gives before any record is pickled, sent or gathered")]


def extract_tier(run: Run, files: list[Path]) -> list[Extraction]:
    cores = os.cpu_count() or 1
    started = time.perf_counter()
    extractions, outcomes = extract_all(files, workers=cores)
    seconds = time.perf_counter() - started
    run.phases["extraction"] = round(seconds, 2)
    failed = [o for o in outcomes if o.error]
    size = sum(f.stat().st_size for f in files)
    run.details["extraction"] = {"files": len(files), "failed": len(failed), "seconds": round(seconds, 2),
                                 "errors": [o.error for o in failed[:5]]}
    run.checks.append(info("extraction", f"whole tier, {cores} processes", size / 1e6 / seconds, "MB/s",
                           f"{seconds:.1f} s; {len(failed)} files could not be read"))
    return extractions


# --- accuracy --------------------------------------------------------------------------------------

def f1_checks(label: str, scores: dict[str, Any], floor: dict[str, float], judged: bool = True) -> list[Check]:
    """F1 of the measures the floors name; ``judged`` false: shown without a target (documents with
    probes are known to be misread, so only the faithful ones are held to the floor)."""
    checks = []
    for name, bound in floor.items():
        s = scores[name]
        note = f"P {s['precision']:.3f} R {s['recall']:.3f}"
        checks.append(at_least("accuracy", f"{label}: {name} F1", s["f1"], bound, "", note) if judged
                      else info("accuracy", f"{label}: {name} F1", s["f1"], note=note))
    return checks


def accuracy(run: Run, extractions: list[Extraction], folder: Path) -> None:
    """The tier against its generator's truth, beside the real corpus against the hand-checked
    truth; targets are the floors of bench/accuracy.py, which the tests hold the loader to."""
    tier: dict[str, Any] = score(extractions, folder / "truth")
    if run.tier == "S":
        run.details["accuracy"] = {"real": tier}
        run.checks += f1_checks("real corpus", tier["all"], REAL_FLOOR)
        return
    real, _ = extract_all(collect([ROOT / "corpus"]))
    real_scores: dict[str, Any] = score(real, REAL_TRUTH)
    run.details["accuracy"] = {"tier": tier, "real": real_scores}
    faithful = tier["faithful"] if isinstance(tier["faithful"], dict) else tier["all"]
    run.checks += f1_checks(f"tier {run.tier}, all", tier["all"], SYNTHETIC_FLOOR, judged=False)
    run.checks += f1_checks(f"tier {run.tier}, without probes", faithful, SYNTHETIC_FLOOR)
    run.checks += f1_checks("real corpus", real_scores["all"], REAL_FLOOR)


# --- RDF and the embedded store --------------------------------------------------------------------

def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class _CountingLines:
    """Passes N-Quads lines on to the store's files, counting them and copying them to ``copy``."""

    def __init__(self, out: SupportsWrite[str], copy: IO[str] | None) -> None:
        self.out, self.copy, self.count = out, copy, 0

    def write(self, line: str) -> int:
        self.count += 1
        if self.copy is not None:
            self.copy.write(line)
        self.out.write(line)
        return len(line)


def build_and_load(run: Run, extractions: list[Extraction], work: Path, keep_nquads: bool) -> GraphStore:
    """One store generation written as an ingest writes it, the N-Quads streamed to disk as they are
    built (3 GB of text at tier L); the build's share is the store's own ``write_nquads`` step. A
    copy stays on disk for the rdflib child when it runs."""
    shutil.rmtree(work / "store", ignore_errors=True)
    store = GraphStore(work / "store")
    quads = 0

    def write(out: SupportsWrite[str]) -> None:
        nonlocal quads
        with (work / "data.nq").open("w", encoding="utf-8") if keep_nquads else nullcontext() as copy:
            lines = _CountingLines(out, copy)
            write_nquads(extractions, lines)
        quads = lines.count

    manifest = store.write_generation(write, extractions, time.perf_counter())
    build_s = manifest.phases["write_nquads"]
    load_s = round(manifest.load_seconds - build_s, 3)
    current = store.current_dir()
    assert current is not None
    size = disk_bytes(current / "oxigraph")
    run.phases["rdf_build"] = round(build_s, 2)
    run.phases["store_load"] = load_s
    run.details["store"] = {"quads_built": quads, "quads_stored": manifest.quads, "build_s": round(build_s, 2),
                            "load_s": load_s, "oxigraph_bytes": size, "folder": str(current)}
    run.checks += [info("rdf", "RDF build", quads / build_s, "quads/s",
                        f"{quads:,} quads (lines, repeats included) written in {build_s:.1f} s"),
                   at_least("rdf", "embedded store load", manifest.quads / load_s, STORE_TRIPLES_S,
                            "triples/s", f"{manifest.quads:,} quads in {load_s} s "
                            "(write_generation: two bulk loads side by side, then the compaction beside the "
                            "records and the word index)"),
                   info("rdf", "store size on disk", size / 1e6, "MB", f"{size / manifest.quads:.0f} bytes per quad")]
    steps = manifest.phases
    if steps.get("bulk_load"):
        run.checks.append(info("rdf", "of which the bulk load alone", manifest.quads / steps["bulk_load"], "triples/s",
                               f"{steps['bulk_load']} s; then records {steps.get('records')} s and word index "
                               f"{steps.get('word_index')} s while the store compacts, and "
                               f"{steps.get('compaction_wait')} s more for the compaction to end"))
    return store


# --- named-query latency ---------------------------------------------------------------------------

@contextmanager
def open_backend(spec: tuple[str, str]) -> Iterator[Backend]:
    kind, where = spec
    if kind == "embedded":
        yield EmbeddedBackend(GraphStore(Path(where)))
        return
    with Neo4jGraph(where, None, None) as graph:
        yield Neo4jBackend(graph)


def latency_task(report: Report, names: list[str], spec: tuple[str, str], ids: dict[str, list[str]],
                 runs: int, seed: int) -> None:
    """In a child (see ``isolated``): each query measured as bench.queries measures it; cold is the
    first run in this process, warm the percentiles of the runs after it."""
    with open_backend(spec) as backend:
        for name in names:
            report("start", name)
            try:
                figures = measure(backend, runs, ids, seed, [name])[name]
            except MemoryError as exc:
                report("error", name, f"{type(exc).__name__}: {exc}")
                continue
            if "error" in figures:
                report("error", name, figures["error"])
            else:
                report("done", name, figures)


def latencies(run: Run, spec: tuple[str, str], ids: dict[str, list[str]], runs: int) -> None:
    names = sorted(library())
    outcome = isolated(latency_task, names, (spec, ids, runs, run.seed), budget=lambda _: QUERY_WALL_S,
                       cap_mib=PEAK_RSS_MIB)
    backend = spec[0]
    results: dict[str, Any] = {n: outcome.done.get(n) or {"not_measured": outcome.failed.get(n, "?")} for n in names}
    run.details.setdefault("latency", {})[backend] = {"queries": results, "child_peak_rss_mib": outcome.peak_rss_mib}
    for name, bound in P95_TARGET_MS.items():
        figures = results[name]
        if "not_measured" in figures:
            run.checks.append(missing("latency", f"{name} p95, {backend}", figures["not_measured"],
                                      f"≤ {fmt(bound)} ms"))
        else:
            run.checks.append(at_most("latency", f"{name} p95, {backend}", figures["p95_ms"], bound, "ms",
                                      f"cold {figures['cold_ms']} ms, p50 {figures['p50_ms']}, p99 "
                                      f"{figures['p99_ms']}, {figures['runs']} runs"))


# --- rdflib as the alternative store ----------------------------------------------------------------

def as_oxigraph(term: Any) -> Any:
    """An rdflib term as the pyoxigraph term it stands for, so both stores' answers go through the
    same ``sparql_value`` and compare equal when they are."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def rdflib_rows(ds: Dataset, query: NamedQuery, params: dict[str, str | None]) -> list[dict[str, Any]]:
    """The named query on rdflib with the embedded backend's binding: a VALUES block
    (``with_values``) plus the same values as initial bindings (its substitutions). rdflib has no
    ``LATERAL``: it runs the plain SPARQL 1.1 form, which gives the same answers."""
    bound = check_params(query, params)
    given = {k: Literal(v) for k, v in bound.items() if v is not None}
    result = ds.query(with_values(query.sparql11, bound), initBindings=given)
    return [{c: sparql_value(as_oxigraph(row.asdict().get(c))) for c in query.columns}  # type: ignore[union-attr]
            for row in result]


def canonical(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in rows)


def versus(embedded: Backend, ds: Dataset, query: NamedQuery, draws: list[dict[str, str | None]]
           ) -> dict[str, Any]:
    """Both stores on the same parameter draws. rdflib gets RDFLIB_QUERY_S for all draws together:
    some queries take minutes on it even on the five-file corpus (document_references)."""
    ox_ms: list[float] = []
    rdf_ms: list[float] = []
    same = True
    deadline = time.monotonic() + RDFLIB_QUERY_S
    for params in draws:
        started = time.perf_counter()
        mine = embedded.run(query, params)
        ox_ms.append((time.perf_counter() - started) * 1000)
        try:
            with alarm(deadline - time.monotonic()):
                started = time.perf_counter()
                theirs = rdflib_rows(ds, query, params)
                rdf_ms.append((time.perf_counter() - started) * 1000)
        except TimeoutError:
            return {"oxigraph_ms": round(statistics.median(ox_ms), 2), "rdflib_ms": None,
                    "rdflib_over_s": RDFLIB_QUERY_S, "draws": len(ox_ms), "same_answers": same if rdf_ms else None}
        same = same and canonical(mine) == canonical(theirs)
    ox_median, rdf_median = statistics.median(ox_ms), statistics.median(rdf_ms)
    return {"oxigraph_ms": round(ox_median, 2), "rdflib_ms": round(rdf_median, 2),
            "ratio": round(rdf_median / max(ox_median, 1e-3), 1), "draws": len(draws), "same_answers": same}


def rdflib_task(report: Report, items: list[str], nq: str, store_root: str,
                draws: dict[str, list[dict[str, str | None]]]) -> None:
    """In a child (see ``isolated``): the N-Quads into pyoxigraph in memory and into an rdflib
    Dataset (default graph = union, as the embedded backend queries), then each named query on the
    embedded store and on rdflib."""
    if "load" in items:
        report("start", "load")
    started = time.perf_counter()
    ox.Store().bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
    ox_s = time.perf_counter() - started
    started = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(source=nq, format="nquads")
    rdf_s = time.perf_counter() - started
    if "load" in items:
        report("done", "load", {"oxigraph_memory_s": round(ox_s, 2), "rdflib_s": round(rdf_s, 2),
                                "rdflib_triples": len(ds),
                                "rss_mib_after_load": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
    embedded = EmbeddedBackend(GraphStore(Path(store_root)))
    for name in items:
        if name != "load":
            report("start", name)
            report("done", name, versus(embedded, ds, library()[name], draws[name]))


def rdflib_section(run: Run, work: Path, ids: dict[str, list[str]]) -> None:
    """rdflib's plain in-memory store against pyoxigraph on the same N-Quads and the same queries.
    Queries the embedded latency section could not finish are left out (pyoxigraph would hang
    the child the same way)."""
    store = run.details["store"]
    quads = store["quads_built"]
    if quads > RDFLIB_MAX_QUADS:
        reason = f"{quads:,} quads: over the {RDFLIB_MAX_QUADS:,} rdflib can hold within {PEAK_RSS_MIB:,.0f} MiB"
        run.checks += [missing("rdflib", "load, pyoxigraph ÷ rdflib speed", reason),
                       missing("rdflib", "queries, rdflib ÷ pyoxigraph time", reason)]
        return
    embedded = run.details.get("latency", {}).get("embedded", {}).get("queries", {})
    names = [n for n in sorted(library()) if "not_measured" not in embedded.get(n, {})]
    rnd = random.Random(run.seed)
    draws = {n: [params_for(n, rnd, ids) for _ in range(RDFLIB_DRAWS)] for n in names}
    outcome = isolated(rdflib_task, ["load", *names], (str(work / "data.nq"), str(work / "store"), draws),
                       budget=lambda item: RDFLIB_LOAD_S if item in (None, "load") else RDFLIB_QUERY_S + QUERY_WALL_S,
                       cap_mib=PEAK_RSS_MIB)
    skipped = {n: "left out: not measured on the embedded store" for n in sorted(library()) if n not in names}
    run.details["rdflib"] = {"load": outcome.done.get("load") or {"not_measured": outcome.failed.get("load")},
                             "queries": {n: outcome.done.get(n) or {"not_measured": outcome.failed.get(n) or skipped[n]}
                                         for n in sorted(library())},
                             "child_peak_rss_mib": outcome.peak_rss_mib, "draws": RDFLIB_DRAWS,
                             "budget_s": RDFLIB_QUERY_S}
    run.checks += rdflib_checks(run.details["rdflib"], store)


def rdflib_checks(result: dict[str, Any], store: dict[str, Any]) -> list[Check]:
    load = result["load"]
    if "not_measured" in load:
        return [missing("rdflib", "load", load["not_measured"])]
    quads = store["quads_built"]
    checks = [info("rdflib", "rdflib load", quads / load["rdflib_s"], "quads/s",
                   f"{load['rdflib_triples']:,} triples in {load['rdflib_s']} s; "
                   f"peak {load['rss_mib_after_load']:,} MiB"),
              at_least("rdflib", "load speed, pyoxigraph in memory ÷ rdflib",
                       load["rdflib_s"] / load["oxigraph_memory_s"], RDFLIB_LOAD_RATIO, "×",
                       f"pyoxigraph in memory {load['oxigraph_memory_s']} s (published ~17×)"),
              info("rdflib", "load speed, embedded store on disk ÷ rdflib", load["rdflib_s"] / store["load_s"], "×",
                   f"write_generation {store['load_s']} s")]
    done = [q for q in result["queries"].values() if "oxigraph_ms" in q]
    if not done:
        return [*checks, missing("rdflib", "queries, rdflib ÷ pyoxigraph time", "no query finished")]
    ratios = [q["ratio"] if q.get("ratio") is not None else q["rdflib_over_s"] * 1000 / max(q["oxigraph_ms"], 1e-3)
              for q in done]
    over = sum(1 for q in done if q.get("rdflib_ms") is None)
    differ = [n for n, q in result["queries"].items() if q.get("same_answers") is False]
    median = statistics.median(ratios)
    note = (f"{len(done)} queries, {RDFLIB_DRAWS} draws each; {over} over rdflib's {RDFLIB_QUERY_S:.0f} s budget "
            "(counted at the budget: the median is a lower bound)" if over else f"{len(done)} queries")
    note += f"; answers differ: {', '.join(differ)}" if differ else "; same answers on every draw rdflib finished"
    return [*checks, Check("rdflib", "queries, median rdflib ÷ pyoxigraph time",
                           f"{'≥ ' if over else ''}{fmt(median)} ×",
                           f"≥ {fmt(RDFLIB_QUERY_RATIO)} × (published 27–50×)", median >= RDFLIB_QUERY_RATIO, note)]


# --- the HTTP API --------------------------------------------------------------------------------

def base_env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}, **extra}


def http_paths(ids: dict[str, list[str]], count: int, seed: int) -> dict[str, list[str]]:
    """The endpoints bench.http measures, each with up to ``count`` ids drawn from the whole tier
    (wrk requests every path once before measuring, so the count bounds that warm-up)."""
    rnd = random.Random(seed)
    out = {}
    for template in endpoints():
        pool = ids["agencies" if template.startswith("/agencies") else "tasks"]
        chosen = pool if len(pool) <= count else rnd.sample(pool, count)
        out[template] = [template.replace("{id}", quote(i, safe="")) for i in chosen]
    return out


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server; kill it when a request it is still computing holds it past 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def endpoint_load(store: Path, env: dict[str, str], urls: list[str], seconds: int, connections: int
                  ) -> dict[str, Any]:
    """wrk on one endpoint of a fresh server, so that a slow request still running cannot weigh on
    the next endpoint's figures. wrk first requests every id once, in turn, so the ids are cut to
    what fits HTTP_WARMUP_S at the pace of one timed request."""
    proc, base = serve(store, env, 1)
    try:
        started = time.perf_counter()
        urllib.request.urlopen(base + urls[0], timeout=HTTP_REQUEST_S).read()
        first = time.perf_counter() - started
        chosen = urls[:max(HTTP_MIN_IDS, min(len(urls), int(HTTP_WARMUP_S / max(first, 1e-3))))]
        return {"ids": len(chosen), "first_request_s": round(first, 3), **wrk(base, chosen, seconds, connections)}
    finally:
        stop(proc)


def answered_in_time(figures: dict[str, Any]) -> bool:
    """wrk records no latency for a request past its 2 s timeout: when none came back in time, its
    percentiles read 0, which must not pass for fast answers."""
    return bool(figures["p50_ms"])


def http_measured(figures: dict[str, Any]) -> str:
    rate = f"{fmt(figures['requests_per_s'])} req/s"
    if not answered_in_time(figures):
        return f"{rate}, no answer within wrk's 2 s timeout, {figures['errors']} errors"
    return f"{rate}, p99 {figures['p99_ms']} ms, {figures['errors']} errors"


def http_load(run: Run, label: str, store: Path, env: dict[str, str], ids: dict[str, list[str]],
              seconds: int, connections: int, target: bool) -> None:
    rows = run.details.setdefault("http", [])
    for endpoint, urls in http_paths(ids, HTTP_IDS, run.seed).items():
        name = f"{label} `{endpoint}`"
        try:
            figures = endpoint_load(store, env, urls, seconds, connections)
        except (OSError, SystemExit, subprocess.CalledProcessError) as exc:
            reason = f"a request took over {HTTP_REQUEST_S:.0f} s" if isinstance(exc, TimeoutError) else str(exc)
            rows.append({"config": label, "endpoint": endpoint, "not_measured": reason})
            run.checks.append(missing("http", name, reason))
            continue
        rows.append({"config": label, "endpoint": endpoint, **figures})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        met = (answered_in_time(figures) and figures["requests_per_s"] >= HTTP_RPS and figures["p99_ms"] <= HTTP_P99_MS
               and figures["errors"] == 0)
        run.checks.append(Check("http", name, http_measured(figures),
                                f"≥ {HTTP_RPS:.0f} req/s, p99 ≤ {HTTP_P99_MS:.0f} ms, 0 errors" if target else "",
                                met if target else None,
                                f"{figures['ids']} ids (first request {figures['first_request_s']} s)"
                                + (f", p50 {figures['p50_ms']} ms" if answered_in_time(figures) else "")))


# --- Neo4j: push and neo4j-admin import ----------------------------------------------------------

def empty_home(home: Path, port: int) -> None:
    """A stopped scratch home without a database, jars fetched once: the push and the import each
    start from an empty database on a server of their own (bench.neo4j_import.empty_home does this
    under .work/neo4j-import, which other runs use)."""
    neo4j_local("fetch", home, port)
    neo4j_local("stop", home, port)
    shutil.rmtree(home / "data", ignore_errors=True)


def push_section(run: Run, nodes: list[Node], rels: list[Relationship], ids: dict[str, list[str]],
                 args: argparse.Namespace, store: Path) -> float | None:
    """The push into an empty database on a fresh server (as fresh as the importer's JVM), then,
    on the same server, the Neo4j query latencies and the API on Neo4j. The push's seconds."""
    empty_home(PUSH_HOME, PUSH_PORT)
    with scratch_server(PUSH_HOME, PUSH_PORT) as graph:
        result = graph.push(nodes, rels)
        elements = result.nodes + result.relationships
        run.phases["neo4j_push"] = result.seconds
        run.details["neo4j_push"] = {"nodes": result.nodes, "relationships": result.relationships,
                                     "seconds": result.seconds, "phases_s": result.phases}
        run.checks.append(at_least("neo4j", "push", elements / result.seconds, PUSH_ELEMENTS_S, "elements/s",
                                   f"{result.nodes:,} nodes + {result.relationships:,} relationships in "
                                   f"{result.seconds} s; {result.phases}"))
        with section(run, "latency neo4j"):
            latencies(run, ("neo4j", graph.uri), ids, args.runs)
        if "http" not in args.skip:
            with section(run, "http neo4j"):
                http_load(run, "neo4j", store, base_env(NEO4J_URI=graph.uri), ids, args.http_seconds,
                          args.connections, target=False)
        return result.seconds


def import_section(run: Run, nodes: list[Node], rels: list[Relationship], work: Path) -> dict[str, float]:
    """neo4j-admin import of the same records into an empty database, then what a push also leaves:
    schema and pointer (bench.neo4j_import.finish_import). The seconds of each step."""
    empty_home(IMPORT_HOME, IMPORT_PORT)
    folder = work / "csv"
    shutil.rmtree(folder, ignore_errors=True)
    generation = f"gen-{time.time_ns()}"
    started = time.perf_counter()
    files = export_csv(nodes, rels, folder, generation=generation)
    figures = {"export_s": round(time.perf_counter() - started, 3),
               "csv_bytes": sum(p.stat().st_size for p in files.values())}
    figures["import_s"] = round(admin_import(files, IMPORT_HOME), 3)
    figures["import_tool_s"] = tool_seconds(IMPORT_HOME) or figures["import_s"]
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    with scratch_server(IMPORT_HOME, IMPORT_PORT) as graph:
        figures["server_start_s"] = round(time.perf_counter() - started, 1)
        figures |= finish_import(graph, generation, len(nodes), len(rels))
    figures["end_to_end_s"] = round(figures["export_s"] + figures["import_s"] + figures["schema_s"]
                                    + figures["pointer_s"], 3)
    return figures


def neo4j_checks(push_s: float, figures: dict[str, float], elements: int) -> list[Check]:
    bases = {"import end to end (export + import + schema + pointer)": figures["end_to_end_s"],
             "neo4j-admin wall (JVM start included)": figures["import_s"],
             "the tool's own IMPORT DONE figure": figures["import_tool_s"]}
    first, *others = bases.items()
    note = "; ".join(f"÷ {k}: {push_s / v:.2f}×" for k, v in others)
    return [info("neo4j", "neo4j-admin import, end to end", elements / figures["end_to_end_s"], "elements/s",
                 f"export {figures['export_s']} s, import {figures['import_s']} s (tool {figures['import_tool_s']} s), "
                 f"schema {figures['schema_s']} s, pointer {figures['pointer_s']} s; server start "
                 f"{figures['server_start_s']} s not counted"),
            at_most("neo4j", f"push ÷ {first[0]}", push_s / first[1], PUSH_OVER_IMPORT, "×", note)]


def neo4j(run: Run, store: GraphStore, ids: dict[str, list[str]], args: argparse.Namespace, work: Path) -> None:
    started = time.perf_counter()
    nodes, rels = project(store.open_current())
    run.phases["projection"] = round(time.perf_counter() - started, 2)
    run.checks.append(info("neo4j", "projection to the property graph", len(nodes) + len(rels), "elements",
                           f"{len(nodes):,} nodes, {len(rels):,} relationships in {run.phases['projection']} s; "
                           f"servers: heap {HEAP}, page cache {PAGECACHE}"))
    try:
        with section(run, "neo4j push server (push, queries, API)"):
            push_s = push_section(run, nodes, rels, ids, args, store.root)
    except (PolicyGraphError, subprocess.CalledProcessError) as exc:
        run.checks.append(missing("neo4j", "push", f"{type(exc).__name__}: {exc}"))
        push_s = None
    try:
        with section(run, "neo4j import"):
            figures = import_section(run, nodes, rels, work)
    except (PolicyGraphError, RuntimeError, subprocess.CalledProcessError) as exc:
        run.checks.append(missing("neo4j", "neo4j-admin import", f"{type(exc).__name__}: {exc}"))
        return
    run.phases["neo4j_import"] = figures["end_to_end_s"]
    run.details["neo4j_import"] = figures
    if push_s is not None:
        run.checks += neo4j_checks(push_s, figures, len(nodes) + len(rels))


# --- the report ----------------------------------------------------------------------------------

def row(*cells: Any) -> str:
    """A markdown table row; a cell's pipes and line breaks would break the table."""
    return "| " + " | ".join(str(c).replace("|", "/").replace("\n", " ") for c in cells) + " |"


def header(*names: str) -> list[str]:
    return [row(*names), row(*("---" for _ in names))]


def prf_cell(scores: Any, name: str) -> str:
    if not isinstance(scores, dict):
        return "same as all"
    s = scores[name]
    return f"{s['precision']:.3f} / {s['recall']:.3f} / {s['f1']:.3f}"


def accuracy_lines(run: Run) -> list[str]:
    acc = run.details.get("accuracy")
    if not acc:
        return []
    names = ("documents", "lineage", "continues", "tasks", "host", "coordinators", "targets", "target_values")
    tier = acc.get("tier")
    if tier is None:
        lines = ["", "## Accuracy (precision / recall / F1)", "", *header("measure", "real corpus, all documents")]
        return lines + [row(n, prf_cell(acc["real"]["all"], n)) for n in names]
    lines = ["", "## Accuracy (precision / recall / F1)", "",
             *header("measure", f"tier {run.tier}, all documents", f"tier {run.tier}, without probes",
                     "real corpus, all documents")]
    lines += [row(n, prf_cell(tier["all"], n), prf_cell(tier["faithful"], n), prf_cell(acc["real"]["all"], n))
              for n in names]
    return [*lines, "", f"documents carrying each probe in tier {run.tier}: {tier['probes']}"]


def latency_lines(run: Run) -> list[str]:
    lat = run.details.get("latency")
    if not lat:
        return []
    lines = ["", "## Named-query latency (cold = first run in a fresh process; p50/p95/p99 over the warm runs)", "",
             *header("query", "backend", "cold ms", "p50 ms", "p95 ms", "p99 ms", "rows", "runs", "target p95")]
    for name in sorted(library()):
        target = f"≤ {fmt(P95_TARGET_MS[name])} ms" if name in P95_TARGET_MS else ""
        for backend, result in lat.items():
            r = result["queries"][name]
            lines.append(row(name, backend, f"{NOT_MEASURED}: {r['not_measured']}", "", "", "", "", "", target)
                         if "not_measured" in r else
                         row(name, backend, r["cold_ms"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["mean_rows"],
                             r["runs"], target))
    return lines


def rdflib_lines(run: Run) -> list[str]:
    result = run.details.get("rdflib")
    if not result:
        return []
    lines = ["", f"## rdflib vs pyoxigraph (same parameters, medians of {RDFLIB_DRAWS} draws, rdflib budget "
             f"{RDFLIB_QUERY_S:.0f} s per query)", "",
             *header("query", "pyoxigraph ms", "rdflib ms", "rdflib ÷ pyoxigraph", "same answers")]
    for name, q in result["queries"].items():
        if "not_measured" in q:
            lines.append(row(name, f"{NOT_MEASURED}: {q['not_measured']}", "", "", ""))
        elif q["rdflib_ms"] is None:
            budget_ms = q["rdflib_over_s"] * 1000
            lines.append(row(name, q["oxigraph_ms"], f"> {budget_ms:,.0f}",
                             f"> {budget_ms / max(q['oxigraph_ms'], 1e-3):,.0f}",
                             "not compared" if q["same_answers"] is None else q["same_answers"]))
        else:
            lines.append(row(name, q["oxigraph_ms"], q["rdflib_ms"], q["ratio"], q["same_answers"]))
    return lines


def http_lines(run: Run) -> list[str]:
    rows = run.details.get("http")
    if not rows:
        return []
    lines = ["", "## HTTP API under load (wrk -t2, one uvicorn worker)", "",
             *header("config", "endpoint", "ids", "first request s", "requests/s", "p50 ms", "p90 ms", "p99 ms",
                     "errors")]
    for r in rows:
        lines.append(row(r["config"], f"`{r['endpoint']}`", f"{NOT_MEASURED}: {r['not_measured']}", "", "", "", "",
                         "", "") if "not_measured" in r else
                     row(r["config"], f"`{r['endpoint']}`", r["ids"], r["first_request_s"], r["requests_per_s"],
                         *((r["p50_ms"], r["p90_ms"], r["p99_ms"]) if answered_in_time(r) else ("> 2,000",) * 3),
                         r["errors"]))
    return lines


def markdown(run: Run) -> str:
    d = run.details
    lines = [f"# Scale run, tier {run.tier} (seed {run.seed})", "",
             f"machine: {json.dumps(run.machine, ensure_ascii=False)}; load average {d['load_average']}; "
             f"the run took {d['run_seconds'] / 60:.1f} min; skipped: {', '.join(d['skipped']) or 'nothing'}", "",
             *header("section", "measure", "target", "measured", "verdict", "note")]
    lines += [row(c.section, c.measure, c.target or "—", c.measured, c.verdict, c.note) for c in run.checks]
    lines += accuracy_lines(run) + latency_lines(run) + rdflib_lines(run) + http_lines(run)
    lines += ["", "## Time and memory", "", *header("phase (cost curve)", "seconds")]
    lines += [row(k, v) for k, v in run.phases.items()]
    lines += ["", *header("section", "wall s", "peak MiB, this process", "peak MiB, largest child")]
    lines += [row(k, v, f"{run.memory[k]['self']:,.0f}", f"{run.memory[k]['children']:,.0f}")
              for k, v in run.sections.items()]
    return "\n".join(lines) + "\n"


def save(run: Run) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    record = asdict(run)
    record["checks"] = [{**asdict(c), "verdict": c.verdict} for c in run.checks]
    (OUT / f"run-{run.tier}.json").write_text(json.dumps(record, indent=1, ensure_ascii=False, default=str) + "\n",
                                              encoding="utf-8")
    path = OUT / f"run-{run.tier}.md"
    path.write_text(markdown(run), encoding="utf-8")
    return path


# --- main ----------------------------------------------------------------------------------------

def children_note(run: Run) -> str:
    """RUSAGE_CHILDREN keeps a child's high-water mark from before its exec, so a spawned child counts
    at least this process's size when it was started; the query children's own peaks, sampled
    from /proc by the watchdog, say what they used."""
    sampled = {f"latency {k}": v["child_peak_rss_mib"] for k, v in run.details.get("latency", {}).items()}
    if "rdflib" in run.details:
        sampled["rdflib"] = run.details["rdflib"]["child_peak_rss_mib"]
    note = (f"extraction workers, query children, API servers, neo4j-admin (JVM -Xmx{HEAP}); a child counts "
            "from its fork, so at least this process's size then")
    if sampled:
        note += "; query children sampled from /proc, MiB: " + ", ".join(f"{k} {v:,.0f}" for k, v in sampled.items())
    return note


def skip_list(text: str) -> set[str]:
    chosen = {s.strip() for s in text.split(",") if s.strip()}
    unknown = chosen - set(SKIPPABLE)
    if unknown:
        raise argparse.ArgumentTypeError(f"cannot skip {', '.join(sorted(unknown))}; "
                                         f"choose from {', '.join(SKIPPABLE)}")
    return chosen


def measure_all(run: Run, args: argparse.Namespace) -> None:
    work = WORK / f"run-{run.tier}"
    work.mkdir(parents=True, exist_ok=True)
    with section(run, "corpus"):
        folder = corpus(run)
    files = collect([folder / "corpus"])
    with section(run, "extraction speed"):
        extraction_speed(run, files)
    with section(run, "extraction"):
        extractions = extract_tier(run, files)
    ids = ids_of(extractions)
    with section(run, "accuracy"):
        accuracy(run, extractions, folder)
    with section(run, "rdf and store"):
        store = build_and_load(run, extractions, work, "rdflib" not in args.skip)
    del extractions
    with section(run, "latency embedded"):
        latencies(run, ("embedded", str(store.root)), ids, args.runs)
    if "rdflib" not in args.skip:
        with section(run, "rdflib"):
            rdflib_section(run, work, ids)
        (work / "data.nq").unlink(missing_ok=True)
    if "http" not in args.skip:
        with section(run, "http embedded"):
            http_load(run, "embedded, answer cache", store.root, base_env(), ids, args.http_seconds,
                      args.connections, target=True)
            http_load(run, "embedded, no cache", store.root, base_env(POLICYGRAPH_QUERY_CACHE="0"), ids,
                      args.http_seconds, args.connections, target=True)
    if "neo4j" not in args.skip:
        neo4j(run, store, ids, args, work)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=TIERS, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30, help="warm runs per named query (fewer when slow)")
    parser.add_argument("--skip", type=skip_list, default=set(), help=f"comma-separated: {','.join(SKIPPABLE)}")
    parser.add_argument("--http-seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    args = parser.parse_args(argv)
    # A SIGTERM unwinds like Ctrl-C, so the servers and children this run started are stopped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    started = time.perf_counter()
    run = Run(args.tier, args.seed, describe())
    run.details["skipped"] = sorted(args.skip)
    load_start = os.getloadavg()
    try:
        measure_all(run, args)
    finally:
        peak = peak_mib()
        run.checks += [at_most("memory", "peak RSS, this process", peak["self"], PEAK_RSS_MIB, "MiB"),
                       at_most("memory", "peak RSS, largest child", peak["children"], PEAK_RSS_MIB, "MiB",
                               children_note(run))]
        run.details["load_average"] = {"start": [round(x, 2) for x in load_start],
                                       "end": [round(x, 2) for x in os.getloadavg()]}
        run.details["run_seconds"] = round(time.perf_counter() - started, 1)
        path = save(run)
        print(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
