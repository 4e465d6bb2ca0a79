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
import math
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from bench.ingest import replicate
from bench.machine import describe
from bench.queries import params_for
from graph.backends import Neo4jBackend
from graph.neo4j import Neo4jGraph, PushResult
from graph.pgmodel import Node, Relationship, project
from graph.rdf import nquads
from graph.store import GraphStore
from loaders.extract import extract_file
from ontology.records import Extraction
from queries.registry import library, sync_statement

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j-local"
WORK = ROOT / ".work" / "neo4j-import"
OUT = ROOT / "test-output" / "neo4j-import.json"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
IMPORT_PORT, PUSH_PORT = 7690, 7691
# The scratch servers' memory; NEO4J_HEAP and NEO4J_PAGECACHE (as scripts/neo4j-local reads them)
# raise it: tier L's push switches about 600,000 nodes in one transaction, which needs a 4g heap.
HEAP = os.environ.get("NEO4J_HEAP", "2g")
PAGECACHE = os.environ.get("NEO4J_PAGECACHE", "1g")
OFF_HEAP = "2g"
# The tool's default; export_csv refuses arrays whose elements contain it.
ARRAY_DELIMITER = ";"
# A file with a line break inside a field needs the importer's slower multiline reader; its name
# says so, and the reader is only turned on when there is such a file. Not the per-file reader
# (--multiline-fields-format=v2 --multiline-fields=<files>): in 5.26.30 it fails at 100 copies with
# "Weird input data, found CR outside a text cell at position 4191986 of buffer of length 4194304"
# (a chunk boundary; the data holds no CR), while --multiline-fields=true reads the same files.
MULTILINE = ".multiline.csv"
# What a push writes on every node besides the record's properties (stage_nodes.cypher).
PUSH_NODE_PROPS = ("iri", "pgLabels", "pgGeneration")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
T = TypeVar("T")
Probes = list[tuple[str, dict[str, str | None]]]  # named queries with their parameters


# --- CSV export --------------------------------------------------------------------------------

def _type_of(value: Any) -> str | None:
    """The neo4j-admin column type of a Python value (None: no property, as with ``SET n = props``)."""
    if value is None:
        return None
    if isinstance(value, bool):  # before int: a bool is an int in Python
        return "boolean"
    if isinstance(value, int):
        return "long"  # what the driver sends for a Python int
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        kinds = {_type_of(x) for x in value}
        if len(kinds) > 1 or None in kinds:
            raise ValueError(f"Neo4j arrays are homogeneous and hold no nulls: {value!r}")
        return f"{kinds.pop() if kinds else 'string'}[]"
    raise ValueError(f"no neo4j-admin type for {type(value).__name__} {value!r}")


def _columns(members: Iterable[dict[str, Any]]) -> dict[str, str] | None:
    """Property name → column type over a group of property maps; None when a name has two types."""
    out: dict[str, str] = {}
    for props in members:
        for name, value in props.items():
            kind = _type_of(value)
            if kind is not None and out.setdefault(name, kind) != kind:
                return None
    return out


def _typed_groups(items: Iterable[T], key: Callable[[T], str],
                  props: Callable[[T], dict[str, Any]]) -> Iterator[tuple[str, dict[str, str], list[T]]]:
    """Items grouped by ``key`` (label set, relationship type), each group with its typed columns.
    A group where one property takes two types (an int here, a float there) is split by type
    signature, so that every value keeps the type the push gives it."""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    for name, members in groups.items():
        columns = _columns(props(m) for m in members)
        if columns is not None:
            yield name, columns, members
            continue
        split: dict[tuple[tuple[str, str], ...], list[T]] = defaultdict(list)
        for m in members:
            split[tuple(sorted((k, t) for k, v in props(m).items() if (t := _type_of(v))))].append(m)
        for i, part in enumerate(split.values()):
            yield f"{name}~{i}", _columns(props(m) for m in part) or {}, part


def _quote(text: str) -> str:
    """RFC 4180 quoting. Every string is quoted, so "" stays an empty string while an unquoted
    empty field is a missing property (None)."""
    return '"' + text.replace('"', '""') + '"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, int | float):
        return repr(value)  # repr round-trips a double exactly
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        parts = [_scalar(x) for x in value]
        if any(ARRAY_DELIMITER in p for p in parts):
            raise ValueError(f"an array element holds the array delimiter {ARRAY_DELIMITER!r}: {value!r}")
        return _quote(ARRAY_DELIMITER.join(parts))
    if isinstance(value, str):
        return _quote(value)
    return _scalar(value)


def _header(fixed: list[str], columns: dict[str, str]) -> str:
    bad = [name for name in columns if not _NAME.match(name)]
    if bad:
        raise ValueError(f"property names a CSV header cannot carry: {bad}")
    return ",".join(fixed + [f"{name}:{kind}" for name, kind in columns.items()]) + "\n"


def _write(folder: Path, stem: str, header: str, rows: Iterable[list[str]]) -> Path:
    """One CSV file, named ``*.multiline.csv`` when a field holds a line break."""
    path = folder / f"{re.sub(r'[^A-Za-z0-9_~-]+', '-', stem)}.csv"
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(header)
        for cells in rows:
            line = ",".join(cells)
            multiline = multiline or "\n" in line or "\r" in line
            f.write(line + "\n")
    return path.rename(path.with_name(path.stem + MULTILINE)) if multiline else path


def export_csv(nodes: list[Node], rels: list[Relationship], folder: Path, *,
               generation: str | None = None) -> dict[str, Path]:
    """neo4j-admin CSV of the records: one file per label set and per relationship type, each with
    its typed header line. Keys are ``nodes/<Label:Label>`` and ``relationships/<TYPE>``.

    Columns and types come from the records themselves (nothing of the model is restated here). A
    node also carries what the push writes on it, ``iri`` (the import ID), ``pgLabels`` and
    ``pgGeneration``, so that the imported graph has the shape of a pushed one."""
    folder.mkdir(parents=True, exist_ok=True)
    generation = generation or f"gen-{time.time_ns()}"
    out: dict[str, Path] = {}
    node_groups = _typed_groups(nodes, lambda n: ":".join(n.labels),
                                lambda n: {k: v for k, v in n.props.items() if k not in PUSH_NODE_PROPS})
    for group, columns, node_members in node_groups:
        header = _header(["iri:ID", ":LABEL", "pgLabels:string[]", "pgGeneration:string"], columns)
        node_rows = ([_quote(n.iri), _cell(n.labels), _cell(n.labels), _quote(generation),
                      *(_cell(n.props.get(name)) for name in columns)] for n in node_members)
        out[f"nodes/{group}"] = _write(folder, f"nodes-{group}", header, node_rows)
    for group, columns, rel_members in _typed_groups(rels, lambda r: r.type, lambda r: r.props):
        header = _header([":START_ID", ":END_ID", ":TYPE"], columns)
        rel_rows = ([_quote(r.start), _quote(r.end), _quote(r.type),
                     *(_cell(r.props.get(name)) for name in columns)] for r in rel_members)
        out[f"relationships/{group}"] = _write(folder, f"relationships-{group}", header, rel_rows)
    return out


# --- neo4j-admin import --------------------------------------------------------------------------

def jvm_flags() -> list[str]:
    """The ``server.jvm.additional`` list of Neo4j 5.26, read from scripts/neo4j-local (one list
    for both): ``bin/neo4j-admin`` gives its child JVM the same flags from neo4j.conf."""
    match = re.search(r"^JVM_FLAGS=\(\n(.*?)^\)", SCRIPT.read_text(encoding="utf-8"), re.S | re.M)
    if match is None:
        raise RuntimeError(f"no JVM_FLAGS list in {SCRIPT}")
    return [line.strip() for line in match.group(1).splitlines() if line.strip() and not line.strip().startswith("#")]


def _java() -> str:
    """The java that scripts/neo4j-local uses: $JAVA_HOME/bin/java, else java on PATH."""
    java = Path(os.environ.get("JAVA_HOME", "/nonexistent")) / "bin" / "java"
    return str(java) if java.is_file() else "java"


def import_command(csv_files: dict[str, Path], neo4j_home: Path) -> list[str]:
    """The child JVM command line that ``bin/neo4j-admin database import full`` runs (the
    bootloader ``Neo4jAdminCommand`` with HEAP_SIZE=2g starts exactly: class path, the conf's JVM
    flags, ``-Dfile.encoding=UTF-8 -Xms2g -Xmx2g``, ``AdminTool``), run directly to spare one JVM
    start. ``--additional-config`` pins the target to this home whatever neo4j.conf says."""
    nodes = [f"--nodes={p}" for k, p in csv_files.items() if k.startswith("nodes/")]
    rels = [f"--relationships={p}" for k, p in csv_files.items() if k.startswith("relationships/")]
    multiline = any(p.name.endswith(MULTILINE) for p in csv_files.values())
    options = [f"--additional-config={neo4j_home / 'conf' / 'import.conf'}", "--overwrite-destination=true",
               "--id-type=string", f"--array-delimiter={ARRAY_DELIMITER}", f"--max-off-heap-memory={OFF_HEAP}",
               f"--report-file={neo4j_home / 'logs' / 'import.report'}"]
    if multiline:
        options.append("--multiline-fields=true")
    # the database name goes first: --nodes/--relationships take every following word as a file
    return [_java(), "-cp", f"{neo4j_home / 'lib'}/*", *jvm_flags(), "-Dfile.encoding=UTF-8",
            f"-Xms{HEAP}", f"-Xmx{HEAP}", ADMIN_CLASS, "database", "import", "full", "neo4j",
            *options, *nodes, *rels]


def admin_import(csv_files: dict[str, Path], neo4j_home: Path) -> float:
    """Import the CSV into the ``neo4j`` database of ``neo4j_home`` (its server must be stopped)
    and return the wall seconds, JVM start included (what a user waits for). The tool's output is
    kept in ``logs/import.log``; raises RuntimeError with its tail when the import fails."""
    conf, logs = neo4j_home / "conf", neo4j_home / "logs"
    conf.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()  # neo4j-local writes it on start; AdminTool only needs it to exist
    (conf / "import.conf").write_text(f"server.directories.data={neo4j_home / 'data'}\n"
                                      f"server.directories.logs={logs}\n", encoding="utf-8")
    env = {**os.environ, "NEO4J_HOME": str(neo4j_home), "NEO4J_CONF": str(conf)}
    log = logs / "import.log"
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(import_command(csv_files, neo4j_home), env=env, stdout=out,
                              stderr=subprocess.STDOUT, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise RuntimeError(f"neo4j-admin import failed (exit {done.returncode}); {log}:\n{tail}")
    return seconds


def describe_command(csv_files: dict[str, Path], neo4j_home: Path) -> str:
    """The import command line with its file lists counted rather than spelled out."""
    command = import_command(csv_files, neo4j_home)
    lists = ("--nodes=", "--relationships=")
    words = [w for w in command if not w.startswith(lists)]
    counts = {p: sum(w.startswith(p) for w in command) for p in lists}
    return (f"NEO4J_HOME={neo4j_home} NEO4J_CONF={neo4j_home / 'conf'} {' '.join(words)} "
            f"--nodes=<file> ×{counts['--nodes=']} --relationships=<file> ×{counts['--relationships=']}")


def tool_seconds(neo4j_home: Path) -> float | None:
    """The tool's own figure, "IMPORT DONE in 8s 131ms" (without the JVM start and set-up)."""
    text = (neo4j_home / "logs" / "import.log").read_text(encoding="utf-8", errors="replace")
    match = re.search(r"IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms", text)
    if match is None:
        return None
    minutes, secs, millis = (int(g or 0) for g in match.groups())
    return minutes * 60 + secs + millis / 1000


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
