"""The ``policygraph`` command line: ingest, extract, export, validate, run.

Every ``PolicyGraphError`` ends as one red line on stderr and a non-zero exit; no traceback reaches
the user. Exit status: 0 ok, 1 some file could not be loaded at all, 2 the operation failed.
"""

from __future__ import annotations

import enum
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rdflib import Dataset
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from graph.export import ExportFormat, export
from graph.ingest import IngestResult, collect, ingest
from graph.store import GraphStore
from graph.validate import validate as shacl_validate
from loaders.extract import explain_file, extract_file
from policygraph.errors import PolicyGraphError
from policygraph.settings import Settings

if TYPE_CHECKING:
    from graph.backends import Backend
    from graph.changes import Change

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Vietnamese social-policy documents as a knowledge graph of lineage and responsibility.")
err = Console(stderr=True, soft_wrap=True)
out = Console()


StoreOption = Annotated[Path | None, typer.Option("--store", help="store directory (default: .work/store)")]


def _store(path: Path | None) -> GraphStore:
    return GraphStore(path or Settings().store_dir)


def _fail(exc: PolicyGraphError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(2)


def _document_names(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    """How people name these stored documents: the symbol (42-NQ/TW, 113/KH-UBND), or, for an
    unnumbered draft, its kind code, province and year ("KH không số · tỉnh Hà Nam · 2024"). Each
    is looked up by id: a load of one file into a national store names one document, not all."""
    from graph.backends import EmbeddedBackend
    from queries.registry import get

    if store.manifest() is None:
        return {}
    backend, listing = EmbeddedBackend(store), get("documents")
    rows = [r for doc_id in sorted(set(ids)) for r in backend.run(listing, {"id": doc_id}) if r["id"] == doc_id]
    return {r["id"]: r["symbol"] or " · ".join(str(x) for x in (f"{r['kind']} không số", r["province_name"], r["year"])
                                               if x)
            for r in rows}


def _summary(result: IngestResult, store: GraphStore) -> None:
    names = _document_names(store, (o.document for o in result.outcomes if o.document)) if result.manifest else {}
    table = Table(title="ingest")
    for col in ("file", "document", "tasks", "targets", "references", "warnings"):
        table.add_column(col)
    for o in result.outcomes:
        if o.error:
            table.add_row(Path(o.file).name, f"[red]{o.error}[/red]", "", "", "", "")
        else:
            table.add_row(Path(o.file).name, names.get(o.document or "", o.document or ""), str(o.tasks),
                          str(o.targets), str(o.references),
                          str(o.warnings))
    out.print(table)
    if result.manifest:
        m = result.manifest
        out.print(f"store: {len(m.documents)} documents, {m.quads} quads, generation {m.generation} "
                  f"({m.load_seconds:.2f} s); SHACL: conforms")


def _ingest(paths: list[Path], store: GraphStore, replace: bool, workers: int | None = None) -> IngestResult:
    files = collect(paths)
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        err.print(f"[red]error:[/red] {p}: no such file or folder", highlight=False)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("reading", total=len(files))
        result = ingest([p for p in paths if p.exists()], store, replace=replace,
                        on_file=lambda _: progress.advance(task), workers=workers)
    _summary(result, store)
    for line in (line for o in result.outcomes for line in o.warning_lines):
        err.print(f"[cyan]warning:[/cyan] {escape(line)}", highlight=False)
    for o in result.failed:
        err.print(f"[yellow]skipped:[/yellow] {o.error}", highlight=False)
    return result


@app.command("ingest")
def ingest_cmd(paths: Annotated[list[Path], typer.Argument(help="files or folders of .txt/.md documents")],
               store: StoreOption = None,
               replace: Annotated[bool, typer.Option(help="load only these files, dropping the rest")] = False,
               workers: Annotated[int | None, typer.Option(min=1, max=64, help="extraction processes "
                                                           "(default: all cores from 16 files on)")] = None,
               ) -> None:
    """Read documents into the embedded store (a failed load leaves the store as it was)."""
    try:
        result = _ingest(paths, _store(store), replace, workers)
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    if result.failed or any(not p.exists() for p in paths):
        raise typer.Exit(1)


@app.command("extract")
def extract_cmd(file: Annotated[Path, typer.Argument(help="one document")],
                explain: Annotated[bool, typer.Option(
                    "--explain", help="print, per provision or skipped line, its lines, classification and "
                    "the rule that decided (rules: loaders/annotate.py)")] = False) -> None:
    """Print the extraction JSON of one file (schema: ontology/extraction.schema.json)."""
    try:
        if explain:
            sys.stdout.write("".join(f"{line}\n" for line in explain_file(file)))
            return
        ex = extract_file(file)
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    sys.stdout.write(ex.model_dump_json(indent=2) + "\n")


@app.command("export")
def export_cmd(format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.TTL,
               store: StoreOption = None,
               output: Annotated[Path | None, typer.Option("--output", "-o")] = None) -> None:
    """Serialise the current graph (ttl/nt merge the named graphs; nq/trig/jsonld keep them). Turtle and
    TriG bind the ontology's prefixes; JSON-LD is compact under ontology/context.jsonld."""
    try:
        data = export(_store(store).open_current(), format)
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


def _dataset(store: GraphStore) -> Dataset:
    """The current generation as an rdflib Dataset (read from the store, not rebuilt)."""
    ds = Dataset()
    ds.parse(data=store.nquads(), format="nquads")
    return ds


@app.command("validate")
def validate_cmd(store: StoreOption = None) -> None:
    """Validate the current graph against the SHACL shapes and print the report."""
    try:
        report = shacl_validate(_dataset(_store(store)))
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    out.print("SHACL: conforms" if report.conforms else report.text, highlight=False)
    if not report.conforms:
        raise typer.Exit(1)


@app.command("info")
def info_cmd(store: StoreOption = None) -> None:
    """What the current store holds."""
    manifest = _store(store).manifest()
    if manifest is None:
        out.print("no graph loaded yet: run `policygraph ingest`")
        raise typer.Exit(1)
    out.print(json.dumps(manifest.__dict__, ensure_ascii=False, indent=1), highlight=False)


neo4j_app = typer.Typer(no_args_is_help=True, help="Push the graph to Neo4j and inspect it.")
app.add_typer(neo4j_app, name="neo4j")


class BackendChoice(enum.StrEnum):
    EMBEDDED = "embedded"
    NEO4J = "neo4j"


class OutputFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


@neo4j_app.command("push")
def neo4j_push_cmd(store: StoreOption = None,
                   batch: Annotated[int | None, typer.Option(min=1, max=50_000,
                                                             help="rows per transaction (default 5000)")] = None,
                   full: Annotated[bool, typer.Option("--full", help="push the whole generation even when "
                                                      "a change set would do")] = False) -> None:
    """Bring Neo4j to the current embedded graph (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
    NEO4J_DATABASE): the nodes the loads since the last push changed, in one transaction, or the
    whole graph as a new generation; queries see the old graph until the end."""
    from graph.neo4j import Neo4jGraph, sync

    try:
        with Neo4jGraph.from_settings(Settings()) as graph, Progress(console=err, transient=True) as progress:
            task = progress.add_task("pushing", total=None)
            result = sync(graph, _store(store), full=full, batch=batch,
                          on_progress=lambda n: progress.advance(task, n))
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    rate = (result.nodes + result.relationships) / result.seconds if result.seconds else 0
    what = "change set" if result.incremental else "generation"
    out.print(f"neo4j: {result.nodes} nodes, {result.relationships} relationships, {what} "
              f"{result.generation} in {result.seconds:.2f} s ({rate:,.0f}/s)", highlight=False)


@neo4j_app.command("import")
def neo4j_import_cmd(home: Annotated[Path, typer.Option(help="the scripts/neo4j-local home (NEO4J_LOCAL_HOME) of a "
                                                        "stopped server; its database is replaced")],
                     store: StoreOption = None) -> None:
    """The first load of a big graph into Neo4j, by Neo4j's own bulk loader (neo4j-admin database
    import full) rather than through Bolt: the current embedded graph replaces the database of the
    stopped server at HOME. Start the server after it; `policygraph neo4j push` then adds the
    schema and sends the changes loaded since."""
    from graph.neo4jimport import import_generation

    try:
        with err.status("exporting and importing"):
            result = import_generation(_store(store), home.resolve())
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    out.print(f"neo4j import: {result.nodes} nodes, {result.relationships} relationships of "
              f"{result.store_generation} into {home} (CSV {result.export_seconds:.1f} s, "
              f"import {result.import_seconds:.1f} s); start the server, then run `policygraph neo4j push`",
              highlight=False)


@neo4j_app.command("status")
def neo4j_status_cmd() -> None:
    """The generation Neo4j serves now."""
    from graph.neo4j import Neo4jGraph

    try:
        with Neo4jGraph.from_settings(Settings()) as graph:
            graph.check()
            out.print(json.dumps(graph.current(), ensure_ascii=False), highlight=False)
    except PolicyGraphError as exc:
        raise _fail(exc) from None


def _param(values: list[str]) -> dict[str, str]:
    params = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"expected k=v, got {item!r}", param_hint="--param")
        params[key.strip()] = value
    return params


@app.command("query")
def query_cmd(name: Annotated[str | None, typer.Argument(help="a named query (see --list)")] = None,
              param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v, repeatable")] = None,
              backend: Annotated[BackendChoice, typer.Option()] = BackendChoice.EMBEDDED,
              format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TABLE,
              list_: Annotated[bool, typer.Option("--list", help="list the named queries")] = False,
              store: StoreOption = None) -> None:
    """Run a named query from the library on the embedded store or on Neo4j."""
    from queries.registry import get, library

    if list_ or name is None:
        for q in library().values():
            params = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in q.params)
            out.print(f"[bold]{q.name}[/bold]({params}) — {q.description}", highlight=False)
        return
    from graph.backends import check_params

    try:
        query = get(name)
        bound = check_params(query, dict(_param(param or [])))  # a bad value fails before any store opens
        rows = _backend(backend, store).run(query, bound)
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    _print_rows(query.columns, rows, format)


def _backend(choice: BackendChoice, store: Path | None) -> Backend:
    from graph.backends import EmbeddedBackend, Neo4jBackend
    from graph.neo4j import Neo4jGraph

    if choice is BackendChoice.NEO4J:
        return Neo4jBackend(Neo4jGraph.from_settings(Settings()))
    return EmbeddedBackend(_store(store))


def _print_rows(columns: tuple[str, ...], rows: list[dict], format: OutputFormat) -> None:
    if format is OutputFormat.JSON:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif format is OutputFormat.CSV:
        import csv
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(*columns)
        for row in rows:
            table.add_row(*("" if row[c] is None else str(row[c])[:80] for c in columns))
        out.print(table)


@app.command("remove")
def remove_cmd(targets: Annotated[list[str], typer.Argument(help="document ids, or the files they were read from "
                                                            "(a path or a file name)")],
               store: StoreOption = None) -> None:
    """Remove documents and everything derived from them (all or nothing: a name that matches no
    document removes none); the graph is then what a load of the other files gives."""
    from graph.ingest import remove

    try:
        result = remove(targets, _store(store))
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    _print_changes(result.changes, OutputFormat.TABLE)
    if result.manifest:
        out.print(f"store: {len(result.manifest.documents)} documents, {result.manifest.quads} quads, generation "
                  f"{result.manifest.generation}; SHACL: conforms", highlight=False)


@app.command("changes")
def changes_cmd(since: Annotated[str | None, typer.Option(help="a date or date and time, UTC unless stated "
                                                          "(2026-12-01, 2026-12-01T08:00:00+07:00)")] = None,
                province: Annotated[str | None, typer.Option(help="only documents of this province (ha-nam)")] = None,
                agency: Annotated[str | None, typer.Option(help="only changes to this agency's assignments")] = None,
                format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TABLE,
                store: StoreOption = None) -> None:
    """What every load changed, oldest first: documents added, replaced or removed, from which file
    (sha256), and the tasks and assignments gained and lost."""
    from graph import changes

    try:
        log = changes.since(changes.read(_store(store).current_dir()), changes.parse_since(since))
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    _print_changes(changes.concerning(log, provinces={province} if province else None, agency=agency), format)


def _print_changes(found: list[Change], format: OutputFormat) -> None:
    if format is OutputFormat.TABLE:
        table = Table("seq", "at (UTC)", "action", "document", "file", "tasks ±", "assignments ±")
        for c in found:
            table.add_row(str(c.seq), c.at.strftime("%Y-%m-%d %H:%M:%S"), c.action.value, c.symbol or c.document,
                          f"{c.file} {c.sha256[:12]}", f"+{c.tasks_gained} −{c.tasks_lost}",
                          f"+{c.assignments_gained} −{c.assignments_lost}")
        out.print(table)
        return
    rows = [c.model_dump(mode="json") for c in found]
    if format is OutputFormat.JSON:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    import csv
    writer = csv.DictWriter(sys.stdout, fieldnames=list(Change.model_fields))
    writer.writeheader()
    writer.writerows({**row, "agencies": " ".join(row["agencies"])} for row in rows)


@app.command("serve")
def serve_cmd(host: Annotated[str | None, typer.Option(help="default 127.0.0.1")] = None,
              port: Annotated[int | None, typer.Option(min=1, max=65535, help="default 8000")] = None,
              workers: Annotated[int, typer.Option(min=1, max=64, help="server processes")] = 1,
              store: StoreOption = None) -> None:
    """Serve the HTTP API from the embedded store, or from Neo4j when NEO4J_URI is set."""
    import uvicorn

    from api.app import create_app, open_services

    if store is not None:  # worker processes read their settings from the environment
        os.environ["POLICYGRAPH_STORE"] = str(store.resolve())
    settings = Settings()
    graph_store = GraphStore(settings.store_dir)
    try:
        services = open_services(settings, graph_store)  # fail here, in one line, not inside the server
    except PolicyGraphError as exc:
        raise _fail(exc) from None
    if services.neo4j is not None:
        services.neo4j.close()
    host, port = host or settings.host, port or settings.port
    out.print(f"serving {services.backend_name} backend on http://{host}:{port} with {workers} worker(s) "
              "(API docs: /docs)", highlight=False)
    if workers == 1:
        uvicorn.run(create_app(settings, graph_store), host=host, port=port, log_level="warning")
    else:
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")


@app.command("run")
def run_cmd(store: StoreOption = None,
            serve: Annotated[bool, typer.Option(help="serve the API after loading")] = True,
            host: Annotated[str | None, typer.Option(help="default 127.0.0.1")] = None,
            port: Annotated[int | None, typer.Option(min=1, max=65535, help="default 8000")] = None) -> None:
    """The main job: load the bundled corpus into an empty embedded store (a store that already
    holds documents is kept as it is), push it to Neo4j when NEO4J_URI is set, and serve the API."""
    settings = Settings()
    graph_store = _store(store)
    manifest = graph_store.manifest()
    if manifest is not None and manifest.documents:
        out.print(f"the store holds {len(manifest.documents)} documents: serving them as they are "
                  "(policygraph ingest adds more)", highlight=False)
    else:
        try:
            result = _ingest([settings.corpus_dir], graph_store, replace=True)
        except PolicyGraphError as exc:
            raise _fail(exc) from None
        if result.failed:
            raise typer.Exit(1)
        if settings.neo4j_uri:
            neo4j_push_cmd(store=store)
    if serve:
        serve_cmd(host=host, port=port, store=store)


def main() -> None:
    """Console entry point: whatever goes wrong, the user sees one line, never a traceback."""
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
    except Exception as exc:  # the last line of defence: report, do not dump a stack
        err.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc}", highlight=False)
        raise SystemExit(3) from None


if __name__ == "__main__":
    main()
