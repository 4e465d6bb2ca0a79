"""SPARQL that cannot outrun its limits: queries run in worker processes killed at the deadline.

pyoxigraph cannot interrupt a query, so a time limit inside the server process would not hold: a
cross join or an unbounded property path would run (and grow) until it ends. Each worker is a fresh
interpreter with an address-space limit; the server waits for its answer until the deadline and kills
it then. Answers stop at a row cap, read no further than the cap.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from policygraph.errors import BackendUnavailable, BadRequest, PolicyGraphError, StoreError

MAX_ROWS = 10_000
SPARQL_TIMEOUT_S = 10.0
SPARQL_MEMORY_BYTES = 2 << 30   # address space of one SPARQL worker process
SPARQL_WORKERS = 4              # SPARQL queries running at once; more wait for a free worker
WORKER_START_S = 30.0
WORKER_MAIN = "import sys; from graph.sparql_sandbox import serve_worker; serve_worker(*map(int, sys.argv[1:]))"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
READY = "ready"
SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Answer:
    media_type: str
    data: bytes
    truncated: bool


def _term(term: Any) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 JSON results format (with RDF 1.2 triple terms)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term(term.subject), "predicate": _term(term.predicate),
                                            "object": _term(term.object)}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if term.direction is not None:
            out["its:dir"] = str(term.direction)
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _answer(store: ox.Store, text: str, limit: int) -> Answer:
    """Run the query and serialise at most ``limit`` rows (or triples), reading no further: the results
    are written here rather than by pyoxigraph, whose serialiser would read them all."""
    result = store.query(text, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return Answer(SPARQL_JSON, result.serialize(format=ox.QueryResultsFormat.JSON) or b"", False)
    if isinstance(result, ox.QueryTriples):
        triples = list(islice(result, limit + 1))
        return Answer(N_TRIPLES, ox.serialize(triples[:limit], format=ox.RdfFormat.N_TRIPLES) or b"",
                       len(triples) > limit)
    names = [v.value for v in result.variables]
    rows = list(islice(result, limit + 1))
    bindings = [{n: _term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows[:limit]]
    body = {"head": {"vars": names}, "results": {"bindings": bindings}}
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Answer(SPARQL_JSON, data, len(rows) > limit)


def _outcome(stores: dict[str, ox.Store], directory: str, text: str, limit: int) -> Answer | PolicyGraphError:
    try:
        if directory not in stores:  # a generation never changes: its store stays open until the next one
            stores.clear()
            stores[directory] = ox.Store.read_only(directory)
        return _answer(stores[directory], text, limit)
    except SyntaxError as exc:
        return BadRequest(f"not a SPARQL 1.1 query: {exc}")
    except MemoryError:
        return BadRequest("the query needs more memory than a SPARQL worker has: narrow it or add a LIMIT")
    except OSError as exc:
        return StoreError(f"cannot read the store: {exc}")
    except Exception as exc:  # an internal error with its reason, rather than a dead worker
        return PolicyGraphError(f"the SPARQL query failed: {type(exc).__name__}: {exc}")


def serve_worker(requests_fd: int, answers_fd: int, memory: int) -> None:
    """Body of a worker process: answer queries one after another until the server closes the pipe.

    The worker bounds itself too, should the server die before it: an address-space limit, and an
    alarm per query whose default action ends the process."""
    import resource
    import signal

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    requests, answers = Connection(requests_fd, writable=False), Connection(answers_fd, readable=False)
    stores: dict[str, ox.Store] = {}
    answers.send(READY)
    while True:
        try:
            directory, text, limit, seconds = requests.recv()
        except EOFError:
            return
        signal.alarm(math.ceil(seconds) + 5)
        outcome = _outcome(stores, directory, text, limit)
        signal.alarm(0)
        answers.send(outcome)


class _Worker:
    """A worker process (a fresh interpreter running ``serve_worker``) and the pipes to it.

    A fresh interpreter rather than multiprocessing: a spawned or fork-served child re-imports the
    server's main module, and forking this process (it has threads) is unsafe."""

    def __init__(self) -> None:
        requests_r, requests_w = os.pipe()
        answers_r, answers_w = os.pipe()
        path = os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH")) if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", WORKER_MAIN, str(requests_r), str(answers_w), str(SPARQL_MEMORY_BYTES)],
                pass_fds=(requests_r, answers_w), stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": path})
        except OSError as exc:
            for fd in (requests_r, requests_w, answers_r, answers_w):
                os.close(fd)
            raise BackendUnavailable(f"cannot start a SPARQL worker process: {exc}") from exc
        os.close(requests_r)
        os.close(answers_w)
        self.requests = Connection(requests_w, readable=False)
        self.answers = Connection(answers_r, writable=False)
        try:
            ready = self.answers.poll(WORKER_START_S) and self.answers.recv() == READY
        except EOFError:
            ready = False
        if not ready:
            self.stop()
            raise BackendUnavailable("a SPARQL worker process did not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def ask(self, directory: str, text: str) -> Answer | PolicyGraphError:
        """The worker's answer; at the deadline it is killed (pyoxigraph cannot interrupt a query)."""
        try:
            self.requests.send((directory, text, MAX_ROWS, SPARQL_TIMEOUT_S))
        except OSError as exc:  # it died while idle
            self.stop()
            raise BackendUnavailable("the SPARQL worker process was gone: retry") from exc
        try:
            if self.answers.poll(SPARQL_TIMEOUT_S):
                return self.answers.recv()
        except EOFError:  # died without a word: the allocator aborts at the memory limit
            self.stop()
            raise BadRequest(f"the query was stopped: it needs more than {SPARQL_MEMORY_BYTES >> 20} MiB of "
                             "memory; narrow it or add a LIMIT") from None
        self.stop()
        raise BadRequest(f"the query ran longer than {SPARQL_TIMEOUT_S:g} s and was stopped: narrow it or add "
                         "a LIMIT")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.requests.close()
        self.answers.close()


class _Workers:
    """At most ``size`` SPARQL worker processes, kept between queries; a killed one is replaced when needed."""

    def __init__(self, size: int) -> None:
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def answer(self, directory: str, text: str) -> Answer:
        if not self._slots.acquire(timeout=SPARQL_TIMEOUT_S):
            raise BackendUnavailable("every SPARQL worker is busy: retry in a moment")
        try:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is not None and not worker.alive():
                worker.stop()
                worker = None
            worker = worker or _Worker()
            outcome = worker.ask(directory, text)
            with self._lock:
                self._idle.append(worker)
        finally:
            self._slots.release()
        if isinstance(outcome, PolicyGraphError):
            raise outcome
        return outcome

    def close(self) -> None:
        """Stop the idle workers (at exit; a busy one stops at its deadline)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


workers = _Workers(SPARQL_WORKERS)
atexit.register(workers.close)
