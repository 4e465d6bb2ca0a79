"""SPARQL that cannot outrun its limits: queries run in worker processes killed at the deadline.

pyoxigraph cannot interrupt a query, so a time limit inside the server process would not hold: a
cross join or an unbounded property path would run (and grow) until it ends. Each worker is a fresh
interpreter with an address-space limit; the server waits for its answer until the deadline and kills
it then. Answers stop at a row cap, read no further than the cap.

The worker also settles what the SPARQL 1.1 Protocol leaves to the server once the query form is
known: the answer's format (from the client's ``Accept``, see ``RESULT_MEDIA``/``GRAPH_MEDIA``) and
the dataset (``FROM``/``FROM NAMED`` in the query, or the protocol's ``default-graph-uri`` and
``named-graph-uri``, which override them; with neither, the default graph is the union of the named
graphs).
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from policygraph.errors import (
    BackendUnavailable,
    BadRequest,
    MalformedQuery,
    NotAcceptable,
    PolicyGraphError,
    StoreError,
)

MAX_ROWS = 10_000
SPARQL_TIMEOUT_S = 10.0
SPARQL_MEMORY_BYTES = 2 << 30   # address space of one SPARQL worker process
SPARQL_WORKERS = 4              # SPARQL queries running at once; more wait for a free worker
WORKER_START_S = 30.0
WORKER_MAIN = "import sys; from graph.sparql_sandbox import serve_worker; serve_worker(*map(int, sys.argv[1:]))"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
READY = "ready"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
N_TRIPLES = "application/n-triples"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
RDF_XML = "application/rdf+xml"

# What a client may ask for (SELECT and ASK) and the media type of the answer it gets, in the order the
# server prefers on a tie: the first is the answer to ``*/*`` or to no Accept at all. The canonical names
# are those of the W3C SPARQL 1.1 result formats; the others are older names clients still send.
RESULT_MEDIA: tuple[tuple[str, str], ...] = (
    (SPARQL_JSON, SPARQL_JSON),             # SPARQL 1.1 Query Results JSON Format
    (SPARQL_XML, SPARQL_XML),               # SPARQL Query Results XML Format (SPARQLWrapper's default)
    (CSV, CSV),                             # SPARQL 1.1 Query Results CSV and TSV Formats
    (TSV, TSV),
    ("application/json", SPARQL_JSON),      # sent by SPARQLWrapper beside the JSON results type
    ("application/xml", SPARQL_XML),        # generic XML clients
)
# The same for CONSTRUCT and DESCRIBE. N-Triples first: it is Turtle too (a subset), it streams, and a
# client that says nothing gets one triple per line.
GRAPH_MEDIA: tuple[tuple[str, str], ...] = (
    (N_TRIPLES, N_TRIPLES),
    (TURTLE, TURTLE),
    (JSON_LD, JSON_LD),
    (RDF_XML, RDF_XML),
    ("application/turtle", TURTLE),         # sent by SPARQLWrapper beside text/turtle
    ("application/xml", RDF_XML),           # generic XML clients
)
GRAPH_FORMATS = {N_TRIPLES: ox.RdfFormat.N_TRIPLES, TURTLE: ox.RdfFormat.TURTLE, JSON_LD: ox.RdfFormat.JSON_LD,
                 RDF_XML: ox.RdfFormat.RDF_XML}
BOOLEAN_FORMATS = {SPARQL_JSON: ox.QueryResultsFormat.JSON, SPARQL_XML: ox.QueryResultsFormat.XML,
                   CSV: ox.QueryResultsFormat.CSV, TSV: ox.QueryResultsFormat.TSV}


@dataclass(frozen=True)
class Answer:
    media_type: str
    data: bytes
    truncated: bool


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset named by the protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters
    (graph IRIs); empty when the request names none, and then the query's own FROM clauses hold."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @classmethod
    def of(cls, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> QueryDataset:
        """Raises MalformedQuery when a parameter is not an absolute IRI."""
        for value in (*default_graphs, *named_graphs):
            try:
                ox.NamedNode(value)
            except ValueError:
                raise MalformedQuery(f"not a graph IRI: {value!r} (default-graph-uri / named-graph-uri)") from None
        return cls(tuple(default_graphs), tuple(named_graphs))

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def parse_accept(header: str | None) -> tuple[tuple[str, float], ...]:
    """The media ranges of an HTTP Accept header with their q-values (RFC 9110 12.5.1). No header, or
    one with no usable range, accepts anything."""
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        media, *params = (field.strip() for field in part.split(";"))
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return tuple(ranges) or (("*/*", 1.0),)


def _quality(offer: str, ranges: Sequence[tuple[str, float]]) -> float:
    """The q-value the most specific matching range gives ``offer`` (0 when none matches)."""
    kind = offer.split("/")[0]
    best, specificity = 0.0, -1
    for media, q in ranges:
        rank = 2 if media == offer else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
        if rank > specificity:
            best, specificity = q, rank
    return best


def negotiate(ranges: Sequence[tuple[str, float]], offers: Sequence[tuple[str, str]]) -> str | None:
    """The media type to answer in: the offer with the highest q-value, the server's order breaking
    ties; None when every offer is unacceptable (q=0 or not matched)."""
    q, _, given = max((_quality(asked, ranges), -i, given) for i, (asked, given) in enumerate(offers))
    return given if q > 0 else None


def _chosen(ranges: Sequence[tuple[str, float]], offers: Sequence[tuple[str, str]], form: str) -> str:
    media = negotiate(ranges, offers)
    if media is None:
        canonical = ", ".join(dict.fromkeys(given for _, given in offers))
        raise NotAcceptable(f"a {form} query can be answered as {canonical}: none of them is acceptable")
    return media


# Characters some parser may take as the end of a line (and so of a `#` or `//` comment).
EOL = "\n\r\x0b\x0c\x85\u2028\u2029"
# The lexemes of SPARQL 1.1 that may hold any word (grammar rules STRING_LITERAL*, IRIREF,
# comments), in the grammar's own terms: the read-only check (api/readonly.py) and the
# dataset-clause check here split a text where the parser does.
SPARQL_LEXEMES = re.compile(
    r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""' r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"' r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>' rf"|#[^{EOL}]*", re.S)
# The keyword that opens a dataset clause (FROM, FROM NAMED) outside them: not a variable (?from),
# nor part of a prefixed name (ex:from, from:x).
_DATASET_CLAUSE = re.compile(r"(?<![\w?$:])FROM(?![\w:])", re.I)


def names_a_dataset(text: str) -> bool:
    """Whether the query has a dataset clause of its own (FROM or FROM NAMED)."""
    return _DATASET_CLAUSE.search(SPARQL_LEXEMES.sub(" ", text)) is not None


def _dataset_arguments(text: str, dataset: QueryDataset) -> dict[str, Any]:
    """Store.query's dataset arguments: the protocol's parameters override the query's clauses, which
    pyoxigraph honours by itself; with neither, the default graph is the union of the named graphs."""
    if dataset:
        return {"default_graph": [ox.NamedNode(g) for g in dataset.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in dataset.named_graphs]}
    if names_a_dataset(text):
        return {}
    return {"use_default_graph_as_union": True}


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


Row = Sequence[Any]


def _json_rows(names: list[str], rows: list[Row]) -> bytes:
    bindings = [{n: _term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    body = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml_term(term: Any) -> str:
    """One RDF term in the SPARQL Query Results XML Format (with RDF 1.2 triple terms)."""
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml_rows(names: list[str], rows: list[Row]) -> bytes:
    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n<head>']
    out.extend(f"<variable name={quoteattr(n)}/>" for n in names)
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("<result>")
        out.extend(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                   for n, t in zip(names, row, strict=True) if t is not None)
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_value(term: Any) -> str:
    """A term in the CSV results format: the bare value (IRI, lexical form), blank nodes as _:label."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return str(term.value)


def _csv_rows(names: list[str], rows: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([_csv_value(t) for t in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _tsv_rows(names: list[str], rows: list[Row]) -> bytes:
    """The TSV results format: terms in their Turtle / N-Triples form (tabs and newlines escaped)."""
    lines = ["\t".join(f"?{n}" for n in names)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


RESULT_WRITERS: dict[str, Callable[[list[str], list[Row]], bytes]] = {
    SPARQL_JSON: _json_rows, SPARQL_XML: _xml_rows, CSV: _csv_rows, TSV: _tsv_rows}


def _graph(triples: list[ox.Triple], media: str) -> bytes:
    """Triples in an RDF format: Turtle and RDF/XML with the project's prefixes, JSON-LD compact under
    the project's context, as ``policygraph export`` writes them (graph/export.py)."""
    from graph.export import compact_jsonld, prefixes  # the worker needs them only for these formats

    if media == JSON_LD:
        return compact_jsonld(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    rdf_format = GRAPH_FORMATS[media]
    return ox.serialize(triples, format=rdf_format,
                        prefixes=None if rdf_format is ox.RdfFormat.N_TRIPLES else prefixes()) or b""


def _answer(store: ox.Store, text: str, limit: int, accept: Sequence[tuple[str, float]],
            dataset: QueryDataset = QueryDataset()) -> Answer:
    """Run the query and serialise at most ``limit`` rows (or triples) in the negotiated format, reading
    no further: the results are written here rather than by pyoxigraph, whose serialiser would read
    them all. Raises NotAcceptable when the client accepts no format this query form has."""
    result = store.query(text, **_dataset_arguments(text, dataset))
    if isinstance(result, ox.QueryBoolean):
        media = _chosen(accept, RESULT_MEDIA, "ASK")
        return Answer(media, result.serialize(format=BOOLEAN_FORMATS[media]) or b"", False)
    if isinstance(result, ox.QueryTriples):
        media = _chosen(accept, GRAPH_MEDIA, "CONSTRUCT or DESCRIBE")
        triples = list(islice(result, limit + 1))
        return Answer(media, _graph(triples[:limit], media), len(triples) > limit)
    media = _chosen(accept, RESULT_MEDIA, "SELECT")
    names = [v.value for v in result.variables]
    rows = list(islice(result, limit + 1))
    return Answer(media, RESULT_WRITERS[media](names, rows[:limit]), len(rows) > limit)


@dataclass(frozen=True)
class SparqlRequest:
    """What a worker is asked: the query, the row cap, the client's acceptable media ranges (parsed
    Accept) and the dataset the protocol's parameters name. The worker settles the format once the
    query form is known."""

    text: str
    limit: int = MAX_ROWS
    accept: tuple[tuple[str, float], ...] = (("*/*", 1.0),)
    dataset: QueryDataset = QueryDataset()


def _outcome(stores: dict[str, ox.Store], directory: str, request: SparqlRequest) -> Answer | PolicyGraphError:
    try:
        if directory not in stores:  # a generation never changes: its store stays open until the next one
            stores.clear()
            stores[directory] = ox.Store.read_only(directory)
        return _answer(stores[directory], request.text, request.limit, request.accept, request.dataset)
    except PolicyGraphError as exc:
        return exc
    except SyntaxError as exc:
        return MalformedQuery(f"not a SPARQL 1.1 query: {exc}")
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
            directory, request, seconds = requests.recv()
        except EOFError:
            return
        signal.alarm(math.ceil(seconds) + 5)
        outcome = _outcome(stores, directory, request)
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

    def ask(self, directory: str, request: SparqlRequest) -> Answer | PolicyGraphError:
        """The worker's answer; at the deadline it is killed (pyoxigraph cannot interrupt a query)."""
        try:
            self.requests.send((directory, request, SPARQL_TIMEOUT_S))
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

    def answer(self, directory: str, request: SparqlRequest) -> Answer:
        """The answer to ``request`` on the store in ``directory``; raises the worker's error (a
        PolicyGraphError: malformed query, nothing acceptable, a limit reached)."""
        if not self._slots.acquire(timeout=SPARQL_TIMEOUT_S):
            raise BackendUnavailable("every SPARQL worker is busy: retry in a moment")
        try:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is not None and not worker.alive():
                worker.stop()
                worker = None
            worker = worker or _Worker()
            outcome = worker.ask(directory, request)
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
