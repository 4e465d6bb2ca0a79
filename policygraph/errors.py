"""Typed errors with context: the one hierarchy every layer raises and the CLI and API render.

Invalid *data* is a report (warnings, a SHACL report); these exceptions mean an operation
could not run at all.
"""

from __future__ import annotations


class PolicyGraphError(Exception):
    """Root of all policygraph errors; ``str()`` is one short, actionable line."""

    title = "policygraph error"
    status = 500

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 document: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.document = document

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        doc = f" [{self.document}]" if self.document else ""
        return f"{where}{self.message}{doc}"


class InputError(PolicyGraphError):
    """A source file cannot be read as a policy document (encoding, binary, empty, no structure)."""

    title = "unreadable input"
    status = 422


class StoreError(PolicyGraphError):
    """The embedded store cannot be opened or written."""

    title = "store unavailable"
    status = 503


class BackendUnavailable(PolicyGraphError):
    """A graph backend (Neo4j) cannot be reached or refused our credentials."""

    title = "backend unavailable"
    status = 503


class NotFound(PolicyGraphError):
    title = "not found"
    status = 404


class BadRequest(PolicyGraphError):
    title = "bad request"
    status = 422


class MalformedQuery(PolicyGraphError):
    """A SPARQL request without a query, with a query that does not parse, or with a dataset parameter
    that is not an IRI: 400, as the SPARQL 1.1 Protocol says (clients such as SPARQLWrapper read it as
    QueryBadFormed)."""

    title = "malformed query"
    status = 400


class NotAcceptable(PolicyGraphError):
    """The client's Accept header allows none of the formats this answer can be written in."""

    title = "not acceptable"
    status = 406


class QueryTimedOut(BadRequest):
    """A query ran past its time limit. The asker's doing for an analyst's own query (422); for a
    named query the backend is what is slow, and the API answers 503 (see graph/backends.py)."""

    title = "query timed out"


class QueryRefused(PolicyGraphError):
    """An analyst query tried to write, change the schema or call an admin procedure."""

    title = "query refused"
    status = 403


class ValidationFailed(PolicyGraphError):
    """The built graph does not satisfy the SHACL shapes; nothing was written."""

    title = "graph failed validation"
    status = 422


class Unauthorized(PolicyGraphError):
    """A write endpoint was called without the server's API key, or with another one."""

    title = "unauthorized"
    status = 401


class WritesDisabled(PolicyGraphError):
    """Write endpoints are off: the server was started without an API key."""

    title = "write endpoints are off"
    status = 403


class Busy(PolicyGraphError):
    """Another load is running; loads are serialised so a generation is built from one state."""

    title = "a load is already running"
    status = 409
