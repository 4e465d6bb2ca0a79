"""Neo4j: one driver per process, the push of a new generation, and read-only query execution.

The push never edits what queries see. It stages the new generation under the ``PGStaging`` label
(no domain labels, so no query reaches it), then switches in one transaction: the current nodes lose
their domain labels (``PGRetired``) and the staged ones gain theirs. A push that dies before the
switch leaves the previous generation in place and some staging debris that the next push clears;
the retired generation is deleted after the switch. Nodes are merged on the IRI, so a retried
batch changes nothing; relationships are created between nodes found by element id (a MERGE would
search every relationship of an agency's node), and the push counts the staging area against what
it sent before it switches, so a lost or repeated batch never becomes current.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from neo4j import READ_ACCESS, Driver, GraphDatabase, Query, unit_of_work
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.pgmodel import TASK_TO_AGENCY, Node, Relationship, assignment_types, project, project_nodes
from graph.store import GraphStore
from policygraph.errors import BackendUnavailable, BadRequest, QueryRefused, QueryTimedOut
from policygraph.settings import Settings
from queries.registry import statements, sync_statement

DEFAULT_BATCH = 5000
QUERY_TIMEOUT_S = 10.0
# Properties the push writes for its own bookkeeping; not part of the graph's content.
GENERATION_PROPS = frozenset({"pgGeneration"})


@dataclass(frozen=True)
class ChangeSet:
    """What a sync writes: the changed nodes as the new generation has them, the relationships
    they own (``pgmodel.owner``), the nodes that no longer exist, and every node whose owned
    relationships are replaced."""

    nodes: list[Node]
    relationships: list[Relationship]
    deleted: set[str]
    owners: set[str]


@dataclass(frozen=True)
class PushResult:
    generation: str
    nodes: int
    relationships: int
    seconds: float
    phases: dict[str, float]
    # a change set (the nodes the store's changes since the last sync touched), not a whole generation
    incremental: bool = False


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _relationship_rows(rels: list[Relationship], staged: dict[str, str]) -> list[dict[str, Any]]:
    """The relationships as rows whose ends are the element ids of the staged nodes. The projection
    only yields relationships between its own nodes; an end outside them is a caller's bug."""
    missing = next((r for r in rels if r.start not in staged or r.end not in staged), None)
    if missing is not None:
        raise ValueError(f"{missing.type} {missing.start} → {missing.end}: an end is not among the pushed nodes")
    return [{"start": staged[r.start], "end": staged[r.end], "type": r.type, "props": r.props} for r in rels]


class Neo4jGraph:
    """A connection to one Neo4j database. Create once per process, close at exit."""

    def __init__(self, uri: str, user: str | None, password: str | None, database: str = "neo4j",
                 *, connection_timeout: float = 5.0) -> None:
        self.uri = uri
        self.database = database
        auth = (user or "neo4j", password) if password else None
        self.driver: Driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=connection_timeout,
                                                   max_transaction_retry_time=15.0,
                                                   connection_acquisition_timeout=connection_timeout,
                                                   notifications_min_severity="OFF")

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jGraph:
        if not settings.neo4j_uri:
            raise BackendUnavailable("NEO4J_URI is not set: start Neo4j (scripts/neo4j-local start) and export it")
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        return cls(settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self) -> None:
        """Raise BackendUnavailable with a readable reason when Neo4j cannot be used."""
        try:
            self.driver.verify_connectivity()
        except AuthError as exc:
            raise BackendUnavailable(f"Neo4j at {self.uri} refused the credentials (check NEO4J_USER and "
                                     "NEO4J_PASSWORD)") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise BackendUnavailable(f"Neo4j at {self.uri} is not reachable: {exc}") from exc

    def _write(self, text: str, **params: Any) -> list[dict[str, Any]]:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(lambda tx: [r.data() for r in tx.run(text, params)])

    def _auto(self, text: str, **params: Any) -> None:
        """Auto-commit transaction: needed for CALL { … } IN TRANSACTIONS."""
        with self.driver.session(database=self.database) as session:
            session.run(Query(text), params).consume()

    def ensure_schema(self) -> None:
        for statement in statements(sync_statement("schema")):
            self._auto(statement)

    def push(self, nodes: list[Node], rels: list[Relationship], *, batch: int | None = None,
             on_progress: Callable[[int], None] | None = None, store_generation: str | None = None) -> PushResult:
        """Stage and switch to a new generation (recording ``store_generation``, the embedded
        store's generation it holds, from which a later change set starts). Raises
        BackendUnavailable; on any failure before the switch, queries keep seeing the previous
        generation."""
        started = time.perf_counter()
        batch = batch or DEFAULT_BATCH
        generation = f"gen-{time.time_ns()}"
        phases: dict[str, float] = {}

        mark = started

        def lap(name: str) -> None:
            nonlocal mark
            now = time.perf_counter()
            phases[name] = round(now - mark, 3)
            mark = now

        with self._writing("the push"):
            self.check()
            self.ensure_schema()
            self._auto(sync_statement("clear_staging"))
            lap("prepare")
            node_rows = [{"iri": n.iri, "labels": n.labels, "props": n.props} for n in nodes]
            staged: dict[str, str] = {}
            for chunk in _batches(node_rows, batch):
                for row in self._write(sync_statement("stage_nodes"), rows=chunk, generation=generation):
                    staged[row["iri"]] = row["node"]
                if on_progress:
                    on_progress(len(chunk))
            lap("stage_nodes")
            for chunk in _batches(_relationship_rows(rels, staged), batch):
                self._write(sync_statement("stage_relationships"), rows=chunk)
                if on_progress:
                    on_progress(len(chunk))
            lap("stage_relationships")
            self._check_staged(len(staged), len(rels))
            self._switch(generation, store_generation, len(staged), len(rels))
            lap("switch")
            self._auto(sync_statement("delete_retired"))
            lap("delete_retired")
        return PushResult(generation, len(nodes), len(rels), round(time.perf_counter() - started, 3), phases)

    @contextlib.contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """Neo4j's failures while writing ``what`` as one short error saying the graph is unchanged."""
        try:
            yield
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise BackendUnavailable(f"Neo4j at {self.uri} became unreachable during {what}; the previous "
                                     f"generation is still current: {exc}") from exc
        except Neo4jError as exc:
            raise BackendUnavailable(f"Neo4j refused {what} ({exc.code}); the previous generation is still "
                                     "current") from exc

    def _check_staged(self, nodes: int, rels: int) -> None:
        """Refuse to switch to a staging area that is not exactly what was sent (a batch committed
        twice by a retry, or a concurrent push clearing it)."""
        found = self._write(sync_statement("staged_counts"))[0]
        if (found["nodes"], found["relationships"]) != (nodes, rels):
            raise BackendUnavailable(f"the staged generation holds {found['nodes']} nodes and "
                                     f"{found['relationships']} relationships, not the {nodes} and {rels} sent "
                                     "(is another push running?); the previous generation is still current")

    def _switch(self, generation: str, store_generation: str | None, nodes: int, rels: int) -> None:
        def work(tx: Any) -> None:
            tx.run(sync_statement("retire_current")).consume()
            tx.run(sync_statement("promote_staged"), generation=generation, store_generation=store_generation,
                   nodes=nodes, relationships=rels).consume()

        with self.driver.session(database=self.database) as session:
            session.execute_write(work)

    def apply(self, change: ChangeSet, *, store_generation: str) -> PushResult:
        """Write a change set in one transaction: queries see the graph before it or after it,
        never between. Raises BackendUnavailable (and nothing is written) on any failure."""
        started = time.perf_counter()
        generation = f"gen-{time.time_ns()}"
        rows = [{"iri": n.iri, "labels": n.labels, "props": n.props} for n in change.nodes]
        rels = [{"start": r.start, "end": r.end, "type": r.type, "props": r.props} for r in change.relationships]

        def work(tx: Any) -> None:
            tx.run(sync_statement("sync_delete_owned"), owners=sorted(change.owners),
                   assignment_types=sorted(assignment_types()), task_to_agency=sorted(TASK_TO_AGENCY)).consume()
            tx.run(sync_statement("sync_delete_nodes"), iris=sorted(change.deleted)).consume()
            for chunk in _batches(rows, DEFAULT_BATCH):
                tx.run(sync_statement("sync_upsert_nodes"), rows=chunk, generation=generation).consume()
            for chunk in _batches(rels, DEFAULT_BATCH):
                tx.run(sync_statement("sync_create_relationships"), rows=chunk).consume()
            tx.run(sync_statement("sync_mark"), generation=generation, store_generation=store_generation).consume()

        with self._writing("the change set"):
            self.check()
            self.ensure_schema()
            with self.driver.session(database=self.database) as session:
                session.execute_write(work)
        return PushResult(generation, len(rows), len(rels), round(time.perf_counter() - started, 3), {},
                          incremental=True)

    def fingerprint(self) -> str:
        """A hash of every node and relationship queries see (generation bookkeeping excluded):
        equal fingerprints, equal graphs."""
        digest = hashlib.sha256()
        for name in ("snapshot_nodes", "snapshot_relationships"):
            rows = self.read(sync_statement(name), {}, timeout=60.0)
            for row in rows:
                if "labels" in row:  # a set: Neo4j lists a node's labels in the order their tokens were made
                    row["labels"] = sorted(row["labels"])
                props = {k: v for k, v in row.pop("props").items() if k not in GENERATION_PROPS}
                digest.update(json.dumps([row, props], sort_keys=True, default=str,
                                         ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()

    def current(self) -> dict[str, Any]:
        return self.read(sync_statement("current_generation"), {})[0]

    def read(self, text: str, params: dict[str, Any], *, timeout: float = QUERY_TIMEOUT_S,
             limit: int | None = None) -> list[dict[str, Any]]:
        """Run a query in a READ transaction with a time limit; a write is refused by the server.

        The limit holds on this side too, while rows are received and converted (huge rows, such as the
        paths of an unbounded pattern, can take longer than the query). Rows come in small batches: past
        the deadline or the row cap, only the rest of one batch is received before the discard."""
        deadline = time.monotonic() + timeout
        overrun = f"the query ran longer than {timeout:g} s and was stopped: narrow it or add a LIMIT"

        @unit_of_work(timeout=timeout)
        def work(tx: Any) -> list[dict[str, Any]]:
            if time.monotonic() > deadline:
                raise QueryTimedOut(overrun)
            result = tx.run(text, params)
            rows = []
            for record in result:
                rows.append(record.data())
                if limit is not None and len(rows) >= limit:
                    break
                if time.monotonic() > deadline:
                    raise QueryTimedOut(overrun)
            return rows

        try:
            # One explicit transaction, not a managed one: a managed read retries for as long as the
            # driver allows while Neo4j is down, and the API must answer 503 at once instead.
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS,
                                     fetch_size=100) as session, \
                    session.begin_transaction(timeout=timeout) as tx:
                return work(tx)
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise BackendUnavailable(f"Neo4j at {self.uri} is not reachable: {exc}") from exc
        except AuthError as exc:
            raise BackendUnavailable(f"Neo4j at {self.uri} refused the credentials") from exc
        except ClientError as exc:
            if "AccessMode" in (exc.code or "") or "Forbidden" in (exc.code or ""):
                raise QueryRefused(f"read-only: {exc.message}") from exc
            if "TransactionTimedOut" in (exc.code or ""):
                raise QueryTimedOut(overrun) from exc
            raise BadRequest(f"{exc.code}: {exc.message}") from exc
        except Neo4jError as exc:  # transient (e.g. the transaction memory limit) still after the retries
            if not (exc.code or "").startswith("Neo.TransientError."):
                raise
            raise BadRequest(f"{exc.code}: {exc.message}") from exc


def sync(graph: Neo4jGraph, store: GraphStore, *, full: bool = False, batch: int | None = None,
         on_progress: Callable[[int], None] | None = None) -> PushResult:
    """Bring Neo4j to the store's current generation. When Neo4j holds a generation that the
    current one was changed from (``GraphStore.moves_since``), one change set carries the nodes
    those changes touched and the relationships they own; otherwise (a first push, a store
    rewritten whole since, ``full``) the whole generation is pushed."""
    folder, current = store.open_generation()
    graph.check()
    held = None if full else graph.current().get("store_generation")
    moved = store.moves_since(held, folder) if held else None
    if moved is None:
        nodes, rels = project(current)
        return graph.push(nodes, rels, batch=batch, on_progress=on_progress, store_generation=folder.name)
    nodes, rels = project_nodes(current, moved)
    change = ChangeSet(nodes, rels, deleted=moved - {n.iri for n in nodes}, owners=moved)
    return graph.apply(change, store_generation=folder.name)
