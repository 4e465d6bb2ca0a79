"""The project's Neo4j push against Neo4j's own bulk loader, ``neo4j-admin database import full``.

    python -m bench.neo4j_import [--copies 10]

The bulk loader is the fastest way into Neo4j, so it is the yardstick for the push (issue "Scale":
push within 5× of it on the same data). Both run in one process on the same generated graph (the
corpus replicated ``--copies`` times, as in ``bench.queries``), each into an empty database of its
own scratch Neo4j under ``.work/neo4j-import/`` (never the test or bench homes), started with
``scripts/neo4j-local``:

* import: the Node/Relationship records are written as neo4j-admin CSV (one file per label set and
  per relationship type, typed header line), imported with ``org.neo4j.cli.AdminTool`` (what
  ``bin/neo4j-admin`` runs, from the same Maven jars as the server), then the server is started and
  given what a push also leaves behind: the schema (``queries/sync/schema.cypher``) and the
  ``PGMeta {key: 'current'}`` pointer;
* push: ``Neo4jGraph.push`` into an empty database, once on a fresh server (whose JVM is as cold
  as the importer's) and once more after emptying it (a warm server, as in production).

The two graphs are then compared (every node and relationship with its properties, labels, types,
indexes and constraints, the pointer, and the answers of every named query), so the two figures are
for the same result. Prints a markdown table; writes test-output/neo4j-import.json (one entry per
``--copies``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.ingest import replicate
from bench.machine import describe
from bench.queries import params_for
from graph.backends import Neo4jBackend
from graph.neo4j import Neo4jGraph, PushResult
from graph.neo4jimport import MULTILINE, SCRIPT, admin_import, describe_command, export_csv, tool_seconds
from graph.pgmodel import Node, Relationship, project
from graph.rdf import nquads
from graph.store import GraphStore
from loaders.extract import extract_file
from ontology.records import Extraction
from queries.registry import library, sync_statement

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".work" / "neo4j-import"
OUT = ROOT / "test-output" / "neo4j-import.json"
IMPORT_PORT, PUSH_PORT = 7690, 7691
# The scratch servers' memory; NEO4J_HEAP and NEO4J_PAGECACHE (as scripts/neo4j-local reads them)
# raise it: tier L's push switches about 600,000 nodes in one transaction, which needs a 4g heap.
HEAP = os.environ.get("NEO4J_HEAP", "2g")
PAGECACHE = os.environ.get("NEO4J_PAGECACHE", "1g")
Probes = list[tuple[str, dict[str, str | None]]]  # named queries with their parameters


# --- scratch servers -----------------------------------------------------------------------------

def neo4j_local(command: str, home: Path, port: int) -> str:
    """scripts/neo4j-local on a scratch home (auth off, modest memory); its stdout (the URI)."""
    env = {**os.environ, "NEO4J_LOCAL_HOME": str(home), "NEO4J_BOLT_PORT": str(port),
           "NEO4J_HEAP": HEAP, "NEO4J_PAGECACHE": PAGECACHE}
    env.pop("NEO4J_PASSWORD", None)
    return subprocess.run([str(SCRIPT), command], env=env, stdout=subprocess.PIPE, text=True,
                          check=True).stdout.strip()


def empty_home(name: str, port: int) -> Path:
    """``.work/neo4j-import/<name>``, stopped and without data (both paths start from an empty
    database), sharing the jars fetched once into ``.work/neo4j-import/lib``."""
    home = WORK / name
    neo4j_local("fetch", WORK, port)
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "lib").exists():
        (home / "lib").symlink_to(WORK / "lib")
    neo4j_local("stop", home, port)
    shutil.rmtree(home / "data", ignore_errors=True)
    return home


def free_port(preferred: int) -> int:
    """``preferred`` when nothing listens there, else the first free port from 17690 (the machine
    is shared: other people's servers come and go on the ports near 7687)."""
    for port in (preferred, *range(17690, 17790)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for a scratch Neo4j")


@contextmanager
def scratch_server(home: Path, preferred_port: int) -> Iterator[Neo4jGraph]:
    """A server on ``home`` for the time of the block; always stopped again."""
    port = free_port(preferred_port)
    try:
        graph = Neo4jGraph(neo4j_local("start", home, port), None, None)
        try:
            yield graph
        finally:
            graph.close()
    finally:
        neo4j_local("stop", home, port)


def _run(graph: Neo4jGraph, text: str, **params: Any) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run(text, params).consume()


def finish_import(graph: Neo4jGraph, generation: str, nodes: int, rels: int) -> dict[str, float]:
    """What a push leaves besides the data: the schema (online) and the current-generation
    pointer. The pointer is written by the push's own ``promote_staged`` statement: with nothing
    staged it only merges ``PGMeta {key: 'current'}``. Returns the seconds of each."""
    t = time.perf_counter()
    graph.ensure_schema()
    _run(graph, "CALL db.awaitIndexes(600)")
    schema_s = time.perf_counter() - t
    with graph.driver.session(database=graph.database) as session:
        session.execute_write(lambda tx: tx.run(sync_statement("promote_staged"), generation=generation,
                                                nodes=nodes, relationships=rels).consume())
    return {"schema_s": round(schema_s, 3), "pointer_s": round(time.perf_counter() - t - schema_s, 3)}


# --- comparison ------------------------------------------------------------------------------------

def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _read(graph: Neo4jGraph, text: str) -> list[dict[str, Any]]:
    return graph.read(text, {}, timeout=900)


def fingerprint(graph: Neo4jGraph, probes: Probes) -> dict[str, Any]:
    """What must be equal between a pushed and an imported graph: every node (sorted labels,
    properties) and relationship (ends by IRI, type, properties), schema, the pointer and the
    answers of the named queries. Generation ids and push times are left out: they differ by
    nature."""
    volatile = {"pgGeneration", "generation", "pushedAt"}
    nodes = _read(graph, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = _read(graph, "MATCH (a)-[r]->(b) RETURN a.iri AS start, type(r) AS type, b.iri AS end, "
                        "properties(r) AS props")
    schema = _read(graph, "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state")
    schema += _read(graph, "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties")
    backend = Neo4jBackend(graph)
    answers = {f"{name} {_canon(params)}": sorted(_canon(row) for row in backend.run(library()[name], params))
               for name, params in probes}
    meta = graph.current()
    return {
        "counts": {"nodes": len(nodes), "relationships": len(rels),
                   "domain_nodes": sum(1 for n in nodes if "pgLabels" in n["props"])},
        "pointer": {k: meta[k] for k in ("nodes", "relationships")},
        "nodes": sorted(_canon([sorted(n["labels"]), {k: v for k, v in n["props"].items() if k not in volatile}])
                        for n in nodes),
        "relationships": sorted(_canon(r) for r in rels),
        "schema": sorted(_canon(s) for s in schema),
        "answers": answers,
    }


def compare(pushed: dict[str, Any], imported: dict[str, Any]) -> dict[str, Any]:
    """Per part of the fingerprint: equal, or how many entries differ with a few examples."""
    out: dict[str, Any] = {}
    for part, a in pushed.items():
        b = imported[part]
        if a == b:
            out[part] = "equal"
        elif isinstance(a, list):
            only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
            out[part] = {"only_pushed": len(only_a), "only_imported": len(only_b),
                         "examples": [x[:300] for x in only_a[:2] + only_b[:2]]}
        elif isinstance(a, dict) and part == "answers":
            out[part] = {"differ": [k for k in a if a[k] != b.get(k)][:10]}
        else:
            out[part] = {"pushed": a, "imported": b}
    return out


def probes(extractions: list[Extraction], per_query: int, seed: int = 7) -> Probes:
    """Named queries with parameters drawn from the generated graph, as bench.queries draws them."""
    ids = {"tasks": [t.id for ex in extractions for t in ex.tasks],
           "documents": [ex.document.id for ex in extractions],
           "agencies": sorted({a.agency.id for ex in extractions for t in ex.tasks for a in t.assignments
                               if a.agency.kind == "agency"}),
           "indicators": sorted({t.indicator_id for ex in extractions for t in ex.targets})}
    rnd = random.Random(seed)
    return [(name, params_for(name, rnd, ids)) for name in sorted(library()) for _ in range(per_query)]


# --- the benchmark ---------------------------------------------------------------------------------

def build_graph(copies: int) -> tuple[list[Extraction], list[Node], list[Relationship], dict[str, float]]:
    """The corpus replicated ``copies`` times, through the store, projected (as bench.queries)."""
    times: dict[str, float] = {}
    t = time.perf_counter()
    big = replicate([extract_file(p) for p in sorted((ROOT / "corpus").glob("*.txt"))], copies)
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp))
        store.write_generation(nquads(big), big, time.perf_counter())
        times["build_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        nodes, rels = project(store.open_current())
        times["projection_s"] = round(time.perf_counter() - t, 1)
    return big, nodes, rels, times


def _push(graph: Neo4jGraph, nodes: list[Node], rels: list[Relationship], batch: int | None) -> PushResult:
    result = graph.push(nodes, rels) if batch is None else graph.push(nodes, rels, batch=batch)
    print(f"push: {result.seconds} s {result.phases}", flush=True)
    return result


def run_push(nodes: list[Node], rels: list[Relationship], checks: Probes | None,
             batch: int | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Push twice into an empty database: on a fresh server (as the import, whose JVM is always
    fresh), then again after emptying it, with the server's code warm (as a long-running server
    is). The fingerprint of the second result when ``checks`` are given."""
    home = empty_home("pushed", PUSH_PORT)
    with scratch_server(home, PUSH_PORT) as graph:
        fresh = _push(graph, nodes, rels, batch)
        _run(graph, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")
        warm = _push(graph, nodes, rels, batch)
        figures = {"push_s": fresh.seconds, "push_warm_s": warm.seconds,
                   "push_phases_s": fresh.phases, "push_warm_phases_s": warm.phases}
        return figures, None if checks is None else fingerprint(graph, checks)


def run_import(nodes: list[Node], rels: list[Relationship], checks: Probes | None
               ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Export, import, start, schema and pointer; the fingerprint when ``checks`` are given."""
    home = empty_home("imported", IMPORT_PORT)
    folder = WORK / "csv"
    shutil.rmtree(folder, ignore_errors=True)
    generation = f"gen-{time.time_ns()}"
    t = time.perf_counter()
    files = export_csv(nodes, rels, folder, generation=generation)
    figures: dict[str, Any] = {"export_s": round(time.perf_counter() - t, 3),
                               "csv_files": len(files), "csv_bytes": sum(p.stat().st_size for p in files.values()),
                               "multiline_files": sum(p.name.endswith(MULTILINE) for p in files.values())}
    figures["import_s"] = round(admin_import(files, home), 3)
    figures["import_tool_s"] = tool_seconds(home)
    print(f"import: {figures}", flush=True)
    figures["command"] = describe_command(files, home)
    t = time.perf_counter()
    with scratch_server(home, IMPORT_PORT) as graph:
        figures["server_start_s"] = round(time.perf_counter() - t, 1)
        figures |= finish_import(graph, generation, len(nodes), len(rels))
        return figures, None if checks is None else fingerprint(graph, checks)


def summarise(r: dict[str, Any]) -> dict[str, Any]:
    """Elements per second of each path, and push time over import time on each import basis."""
    elements = r["nodes"] + r["relationships"]
    end_to_end = r["export_s"] + r["import_s"] + r["schema_s"] + r["pointer_s"]
    bases = {"import (neo4j-admin wall, JVM start included)": r["import_s"],
             "import (tool's own IMPORT DONE figure)": r["import_tool_s"] or r["import_s"],
             "import end to end (export + import + schema + pointer)": end_to_end,
             "push, fresh server (Neo4jGraph.push)": r["push_s"],
             "push, warm server (same push after emptying the database)": r["push_warm_s"]}
    imports = {k: v for k, v in bases.items() if k.startswith("import")}
    return {"elements": elements,
            "elements_per_s": {k: round(elements / v) for k, v in bases.items()},
            "seconds": {k: round(v, 3) for k, v in bases.items()},
            "push_over_import": {k: round(r["push_s"] / v, 2) for k, v in imports.items()},
            "warm_push_over_import": {k: round(r["push_warm_s"] / v, 2) for k, v in imports.items()}}


def table(r: dict[str, Any]) -> str:
    s = r["summary"]
    lines = [f"copies {r['copies']}: {r['nodes']:,} nodes + {r['relationships']:,} relationships "
             f"= {s['elements']:,} elements; CSV export {r['export_s']} s ({r['csv_bytes']:,} bytes, "
             f"{r['csv_files']} files, {r['multiline_files']} multiline); after the import: schema "
             f"{r['schema_s']} s, pointer {r['pointer_s']} s, server start {r['server_start_s']} s (not counted); "
             f"medians of {len(r['rounds'])} round(s)", "",
             "| path | seconds | elements/s | fresh push ÷ this | warm push ÷ this |", "|---|---|---|---|---|"]
    for k, secs in s["seconds"].items():
        lines.append(f"| {k} | {secs} | {s['elements_per_s'][k]:,} | {s['push_over_import'].get(k, '')} "
                     f"| {s['warm_push_over_import'].get(k, '')} |")
    lines.append(f"\nsame graph and answers: {r['identical']} {'' if r['identical'] else r['comparison']}")
    return "\n".join(lines)


def save(result: dict[str, Any], path: Path) -> None:
    """Keep one entry per --copies in the file, so the sizes can be read side by side."""
    runs: dict[str, Any] = {}
    if path.exists():
        try:
            runs = json.loads(path.read_text(encoding="utf-8")).get("runs", {})
        except (ValueError, AttributeError):
            runs = {}
    runs[str(result["copies"])] = result
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"runs": runs}, indent=1, ensure_ascii=False), encoding="utf-8")


def medians(rounds: list[dict[str, Any]]) -> dict[str, float]:
    """The median of every time (``*_s``) over the rounds (the machine is shared and noisy)."""
    def times(key: str) -> list[float]:
        return [r[key] for r in rounds if isinstance(r.get(key), int | float)]

    return {k: round(statistics.median(times(k)), 3) for k in rounds[0] if k.endswith("_s") and times(k)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--per-query", type=int, default=5, help="parameter draws per named query in the check")
    parser.add_argument("--batch", type=int, default=None, help="push batch size (default: the push's own)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of import then push, each into an empty database; medians are reported")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    result: dict[str, Any] = {"machine": describe(), "copies": args.copies, "load_avg_start": os.getloadavg()}
    big, nodes, rels, times = build_graph(args.copies)
    result |= times | {"nodes": len(nodes), "relationships": len(rels)}
    print({k: v for k, v in result.items() if k != "machine"}, flush=True)
    checks = probes(big, args.per_query)
    rounds: list[dict[str, Any]] = []
    comparison: dict[str, Any] = {}
    checked: dict[str, int] = {}
    for i in range(args.repeat):  # the graphs are compared after the first round
        import_figures, imported = run_import(nodes, rels, checks if i == 0 else None)
        push_figures, pushed = run_push(nodes, rels, checks if i == 0 else None, args.batch)
        rounds.append(push_figures | import_figures)
        if pushed is not None and imported is not None:
            comparison = compare(pushed, imported)
            answers = pushed["answers"].values()
            checked = {"nodes": len(pushed["nodes"]), "relationships": len(pushed["relationships"]),
                       "distinct_query_runs": len(answers), "runs_with_rows": sum(1 for a in answers if a),
                       "rows": sum(len(a) for a in answers)}
            del pushed, imported  # both graphs as rows: let them go before the next round
    result |= rounds[0] | medians(rounds) | {"rounds": rounds}
    result |= {"identical": all(v == "equal" for v in comparison.values()), "comparison": comparison,
               "checked": checked,
               "load_avg_end": os.getloadavg()}
    result["summary"] = summarise(result)
    save(result, args.out)
    print(table(result))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
