"""Benchmark of the Neo4j push and of every named query on both backends, on a generated graph.

    NEO4J_URI=bolt://127.0.0.1:7687 python -m bench.queries [--copies 350] [--runs 60]
    NEO4J_URI=… python -m bench.queries --store .work/store-L [--pushed] [--queries agency_assignments …] [--window 100]

The graph is the corpus replicated ``--copies`` times under distinct document ids (350 copies ≈
100,000 tasks); agencies are shared between copies, as one department carries the tasks of many
plans. With ``--store``, it is an existing store instead, such as ``policygraph ingest`` of a
generated tier (bench.generate): the way to measure tier L, whose whole run (bench.run) would hold
every extraction in memory. Reports the projection's time and peak memory, push throughput
(nodes + relationships per second) and cold/warm p50, p95, p99 latency of each named query on the
embedded store and on Neo4j, measured in the same run. Writes bench/out/queries.json and
bench/out/queries.md (``--out`` names another stem). With ``--window N``, a query that takes
``offset`` and ``limit`` (agency_assignments) is measured on its first N rows, the page the API
reads; without it, on its whole answer.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.ingest import replicate
from bench.machine import describe
from graph.backends import Backend, EmbeddedBackend, Neo4jBackend
from graph.neo4j import Neo4jGraph
from graph.pgmodel import project
from graph.rdf import nquads
from graph.store import GraphStore
from loaders.extract import extract_file
from ontology.records import Extraction
from policygraph.errors import PolicyGraphError
from policygraph.settings import Settings
from queries.registry import library

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def ids_of(extractions: Iterable[Extraction]) -> dict[str, list[str]]:
    """What params_for draws query parameters from (one pass: the records may be streamed)."""
    tasks, documents, agencies, indicators = [], [], set(), set()
    for ex in extractions:
        documents.append(ex.document.id)
        tasks += [t.id for t in ex.tasks]
        agencies |= {a.agency.id for t in ex.tasks for a in t.assignments if a.agency.kind == "agency"}
        indicators |= {t.indicator_id for t in ex.targets}
    return {"tasks": tasks, "documents": documents, "agencies": sorted(agencies), "indicators": sorted(indicators)}


def params_for(name: str, rnd: random.Random, ids: dict[str, list[str]]) -> dict[str, str | None]:
    """Random parameters drawn from the generated graph (the query's example when it takes none)."""
    pick = rnd.choice
    choices: dict[str, Callable[[], dict[str, str | None]]] = {
        "lineage_up": lambda: {"id": pick(ids["tasks"])},
        "lineage_down": lambda: {"id": pick(ids["documents"])},
        "responsible_for": lambda: {"id": pick(ids["tasks"])},
        "agency_assignments": lambda: {"id": pick(ids["agencies"])},
        "agency_assignment_counts": lambda: {"id": pick(ids["agencies"])},
        "targets_by_indicator": lambda: {"id": pick(ids["indicators"])},
        "coverage": lambda: {"resolution": "42-NQ-TW-2023", "province": pick(["ha-nam", "hau-giang"])},
        "unassigned_tasks": lambda: {"document": pick(ids["documents"])},
        "task": lambda: {"id": pick(ids["tasks"])},
        "document_tasks": lambda: {"id": pick(ids["documents"])},
        "document_references": lambda: {"id": pick(ids["documents"])},
        "search": lambda: {"q": pick(["so lao dong", "cai nghien", "nha o xa hoi", "bao hiem y te"])},
        "responsible_now": lambda: {"id": pick(ids["tasks"]),
                                    "as_of": pick(["2024-12-31", "2025-03-01", "2026-11-23"])},
        "successors": lambda: {"id": pick(ids["agencies"]), "as_of": "2026-11-23"},
        "inherited_assignments": lambda: {"id": pick(["so-noi-vu.hai-phong-2025", "so-y-te.ninh-binh-2025",
                                                      "so-tai-chinh.dong-nai-2025"]), "as_of": "2026-11-23"},
        "province_documents": lambda: {"id": pick(["hai-phong-2025", "ninh-binh-2025", "can-tho-2025"]),
                                       "as_of": "2026-11-23"},
    }
    chosen = choices.get(name)
    return chosen() if chosen else dict(library()[name].example)


def measure(backend, runs: int, ids: dict[str, list[str]], seed: int,
            names: list[str], budget_s: float = 15.0, window: int | None = None) -> dict[str, dict[str, float]]:
    """Latencies per query: ``runs`` runs, or as many as fit in ``budget_s`` (at least 5) for the
    queries that return thousands of rows at this scale; a windowed query on its first ``window``
    rows when one is given."""
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        try:
            out[name] = _measure_one(backend, library()[name], runs, ids, seed, budget_s, window)
        except PolicyGraphError as exc:  # a time limit at this scale: reported, the run goes on
            out[name] = {"error": str(exc)}
        print(backend.name, name, out[name], flush=True)
    return out


def _measure_one(backend, query, runs: int, ids: dict[str, list[str]], seed: int,
                 budget_s: float, window: int | None = None) -> dict[str, float]:
    rnd = random.Random(seed)
    page = {"offset": "0", "limit": str(window)} if window and query.windowed else {}
    cold_params = params_for(query.name, rnd, ids) | page
    t = time.perf_counter()
    backend.run(query, cold_params)
    cold = (time.perf_counter() - t) * 1000
    times, rows = [], 0
    started = time.perf_counter()
    for n in range(runs):
        if n >= 5 and time.perf_counter() - started > budget_s:
            break
        params = params_for(query.name, rnd, ids) | page
        t = time.perf_counter()
        rows += len(backend.run(query, params))
        times.append((time.perf_counter() - t) * 1000)
    return {"cold_ms": round(cold, 2), "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 95), 2), "p99_ms": round(percentile(times, 99), 2),
            "runs": len(times), "mean_rows": round(rows / len(times), 1)}


def peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@contextmanager
def replicated_store(copies: int) -> Iterator[tuple[GraphStore, dict[str, list[str]], dict[str, Any]]]:
    """The corpus replicated ``copies`` times, built into a temporary store."""
    base = [extract_file(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    big = replicate(base, copies)
    ids = ids_of(big)
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp))
        t = time.perf_counter()
        data = nquads(big)
        build_s = time.perf_counter() - t
        manifest = store.write_generation(data, big, time.perf_counter())
        yield store, ids, {"copies": copies, "quads": manifest.quads, "build_s": round(build_s, 1),
                           "store_write_s": manifest.load_seconds}


@contextmanager
def existing_store(root: Path) -> Iterator[tuple[GraphStore, dict[str, list[str]], dict[str, Any]]]:
    store = GraphStore(root)
    manifest = store.manifest()
    if manifest is None:
        raise SystemExit(f"{root} holds no loaded generation: run `policygraph ingest … --store {root}` first")
    yield store, ids_of(store.records()), {"store": str(root), "quads": manifest.quads,
                                           "documents": len(manifest.documents)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=370)
    parser.add_argument("--store", type=Path, help="measure this existing store instead of the replicated corpus")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--backends", nargs="+", default=["embedded", "neo4j"],
                        choices=["embedded", "embedded-graph", "neo4j"],
                        help="embedded-graph: the embedded store with no view, to compare with; Neo4j only if named")
    parser.add_argument("--queries", nargs="+", default=sorted(library()),
                        help="named queries to measure (default: all)")
    parser.add_argument("--out", default="queries", help="stem of the files written in bench/out")
    parser.add_argument("--window", type=int, metavar="N",
                        help="measure the queries that take offset and limit on their first N rows (the API's "
                             "page; default: their whole answers)")
    parser.add_argument("--pushed", action="store_true",
                        help="Neo4j already holds this graph (an earlier run pushed it): measure the queries only")
    args = parser.parse_args()
    source = existing_store(args.store) if args.store else replicated_store(args.copies)
    results: dict[str, Any] = {"machine": describe()}
    with source as (store, ids, figures):
        results |= figures
        results["tasks"] = len(ids["tasks"])
        results["window"] = args.window or "whole answers"
        print({k: v for k, v in results.items() if k != "machine"}, flush=True)
        with contextlib.ExitStack() as stack:
            backends: dict[str, Backend] = {"embedded": EmbeddedBackend(store), "embedded-graph": on_graph(store)}
            if "neo4j" in args.backends:
                graph = stack.enter_context(Neo4jGraph.from_settings(Settings()))
                if args.pushed:
                    results["push"] = "not measured: --pushed (the graph an earlier run pushed)"
                else:
                    results |= project_and_push(store, graph, args.batch)
                print({k: v for k, v in results.items() if k != "machine"}, flush=True)
                backends["neo4j"] = Neo4jBackend(graph)
            for name in args.backends:
                results[name] = measure(backends[name], args.runs, ids, 7, args.queries, window=args.window)
    write(results, args)


def on_graph(store: GraphStore) -> EmbeddedBackend:
    """The embedded store without its views (graph/assignmentview.py): every query on the graph."""
    backend = EmbeddedBackend(store)
    backend.assignments = None
    return backend


def project_and_push(store: GraphStore, graph: Neo4jGraph, batch: int) -> dict[str, Any]:
    t = time.perf_counter()
    nodes, rels = project(store.open_current())
    figures: dict[str, Any] = {"projection_s": round(time.perf_counter() - t, 1), "projection_peak_mib": peak_mib(),
                               "nodes": len(nodes), "relationships": len(rels)}
    push = graph.push(nodes, rels, batch=batch)
    rate = round((push.nodes + push.relationships) / push.seconds)
    return figures | {"push_s": push.seconds, "push_elements_per_s": rate, "push_phases_s": push.phases,
                      "push_peak_mib": peak_mib()}


def write(results: dict[str, Any], args: argparse.Namespace) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{args.out}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    lines = [f"{k}: {v}" for k, v in results.items() if k not in {"embedded", "neo4j", "machine"}]
    lines += ["", "| query | backend | cold ms | p50 ms | p95 ms | p99 ms | rows | runs |",
              "|---|---|---|---|---|---|---|---|"]
    for name in args.queries:
        for backend in args.backends:
            r = results[backend][name]
            if "error" in r:
                lines.append(f"| {name} | {backend} | {r['error']} | | | | | |")
                continue
            lines.append(f"| {name} | {backend} | {r['cold_ms']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
                         f"| {r['mean_rows']} | {r['runs']} |")
    lines.append(f"\nmachine: {json.dumps(results['machine'], ensure_ascii=False)}")
    (OUT / f"{args.out}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
