"""Neo4j's own bulk loader, ``neo4j-admin database import full``, for the first load of a big graph.

A push sends the graph through Bolt in transactions (tier L: about 4 minutes); the bulk loader
writes the store files of a stopped server directly, several times faster. ``policygraph neo4j
import`` writes the current generation as neo4j-admin CSV, one file per label set and per
relationship type with typed header lines taken from the records themselves (graph/pgmodel.py,
nothing of the model restated), plus the pointer a push leaves, and runs the tool against a
scripts/neo4j-local home. The imported graph is the one a push gives (bench/neo4j_import.py
compares the two, node by node, and times them); once its server is started, ``policygraph neo4j
push`` adds the schema and sends the changes made since.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from graph.pgmodel import Node, Relationship, project
from graph.store import GraphStore
from policygraph.errors import BackendUnavailable, StoreError

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "neo4j-local"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
# The importer's memory; NEO4J_HEAP (as scripts/neo4j-local reads it) raises it.
HEAP = os.environ.get("NEO4J_HEAP", "2g")
OFF_HEAP = "2g"
# The tool's default; export_csv refuses arrays whose elements contain it.
ARRAY_DELIMITER = ";"
# A file with a line break inside a field needs the importer's slower multiline reader; its name
# says so, and the reader is only turned on when there is such a file. Not the per-file reader
# (--multiline-fields-format=v2 --multiline-fields=<files>): in 5.26.30 it fails at 100 copies with
# "Weird input data, found CR outside a text cell at position 4191986 of buffer of length 4194304"
# (a chunk boundary; the data holds no CR), while --multiline-fields=true reads the same files.
MULTILINE = ".multiline.csv"
# The label a push gives every node it promotes, besides the record's own (promote_staged.cypher):
# the sync finds nodes by it.
PUSH_LABEL = "PGNode"
# What a push writes on every node besides the record's properties (stage_nodes.cypher).
PUSH_NODE_PROPS = ("iri", "pgLabels", "pgGeneration")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
T = TypeVar("T")


@dataclass(frozen=True)
class ImportResult:
    generation: str
    store_generation: str
    nodes: int
    relationships: int
    export_seconds: float
    import_seconds: float


def import_generation(store: GraphStore, neo4j_home: Path) -> ImportResult:
    """The store's current generation imported into the ``neo4j`` database of ``neo4j_home``
    (a scripts/neo4j-local home whose server is stopped), replacing what it held. The CSV is
    written inside the home and removed after."""
    if not (neo4j_home / "lib").is_dir():
        raise BackendUnavailable(f"no Neo4j in {neo4j_home}: start it once with scripts/neo4j-local "
                                 "(NEO4J_LOCAL_HOME) to fetch it, then stop it")
    started = time.perf_counter()
    folder, current = store.open_generation()
    nodes, rels = project(current)
    generation = f"gen-{time.time_ns()}"
    with tempfile.TemporaryDirectory(prefix="import-", dir=neo4j_home) as tmp:
        try:
            files = export_csv(nodes, rels, Path(tmp), generation=generation, store_generation=folder.name)
        except ValueError as exc:
            raise StoreError(f"the graph cannot be written as neo4j-admin CSV: {exc}") from exc
        exported = time.perf_counter() - started
        seconds = admin_import(files, neo4j_home)
    return ImportResult(generation, folder.name, len(nodes), len(rels), round(exported, 3), round(seconds, 3))


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
               generation: str | None = None, store_generation: str | None = None) -> dict[str, Path]:
    """neo4j-admin CSV of the records: one file per label set and per relationship type, each with
    its typed header line. Keys are ``nodes/<Label:Label>`` and ``relationships/<TYPE>``.

    Columns and types come from the records themselves (nothing of the model is restated here). A
    node also carries what the push writes on it, ``iri`` (the import ID), ``pgLabels`` and
    ``pgGeneration``, and the label ``PGNode``, so that the imported graph has the shape of a
    pushed one. With
    ``store_generation``, the pointer a push leaves (``PGMeta {key: 'current'}``, see
    queries/sync/promote_staged.cypher) is a file of its own, so that the next push finds the
    generation the import holds and sends only what changed since."""
    folder.mkdir(parents=True, exist_ok=True)
    generation = generation or f"gen-{time.time_ns()}"
    out: dict[str, Path] = {}
    node_groups = _typed_groups(nodes, lambda n: ":".join(n.labels),
                                lambda n: {k: v for k, v in n.props.items() if k not in PUSH_NODE_PROPS})
    for group, columns, node_members in node_groups:
        header = _header(["iri:ID", ":LABEL", "pgLabels:string[]", "pgGeneration:string"], columns)
        node_rows = ([_quote(n.iri), _cell([*n.labels, PUSH_LABEL]), _cell(n.labels), _quote(generation),
                      *(_cell(n.props.get(name)) for name in columns)] for n in node_members)
        out[f"nodes/{group}"] = _write(folder, f"nodes-{group}", header, node_rows)
    for group, columns, rel_members in _typed_groups(rels, lambda r: r.type, lambda r: r.props):
        header = _header([":START_ID", ":END_ID", ":TYPE"], columns)
        rel_rows = ([_quote(r.start), _quote(r.end), _quote(r.type),
                     *(_cell(r.props.get(name)) for name in columns)] for r in rel_members)
        out[f"relationships/{group}"] = _write(folder, f"relationships-{group}", header, rel_rows)
    if store_generation is not None:
        pointer = {"key": "current", "generation": generation, "storeGeneration": store_generation,
                   "nodes": len(nodes), "relationships": len(rels)}
        columns = {k: str(_type_of(v)) for k, v in pointer.items()} | {"pushedAt": "datetime"}
        header = _header([":ID", ":LABEL"], columns)
        row = [_quote("PGMeta:current"), _quote("PGMeta"), *(_cell(v) for v in pointer.values()),
               dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")]
        out["nodes/PGMeta"] = _write(folder, "nodes-PGMeta", header, [row])
    return out


def jvm_flags() -> list[str]:
    """The ``server.jvm.additional`` list of Neo4j 5.26, read from scripts/neo4j-local (one list
    for both): ``bin/neo4j-admin`` gives its child JVM the same flags from neo4j.conf."""
    match = re.search(r"^JVM_FLAGS=\(\n(.*?)^\)", SCRIPT.read_text(encoding="utf-8"), re.S | re.M)
    if match is None:
        raise StoreError(f"no JVM_FLAGS list in {SCRIPT}")
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
        last = next((line for line in reversed(log.read_text(encoding="utf-8", errors="replace").splitlines())
                     if line.strip()), "")
        raise BackendUnavailable(f"neo4j-admin import into {neo4j_home} failed (exit {done.returncode}): "
                                 f"{last[:300]} — is its server stopped? The tool's output: {log}")
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
