"""What makes an analyst's query read-only, checked before any server sees it.

The servers enforce read-only themselves: Cypher runs in a READ transaction (Neo4j refuses every
write, schema or user change in it) and SPARQL goes through ``Store.query`` on a store opened
read-only (an update does not even parse as a query). These checks refuse what those layers let
through: procedures and commands a READ transaction allows (clearing the query caches, listing users
or settings, ending other sessions' transactions), reaching the network or the file system (SPARQL
SERVICE, LOAD CSV), and anything spelled so that a server would read it differently from the check
(escapes, comments, look-alike letters).
"""

from __future__ import annotations

import re
import unicodedata

from graph.sparql_sandbox import EOL, SPARQL_LEXEMES
from policygraph.errors import BadRequest, QueryRefused

MAX_QUERY = 10_000

# Neo4j decodes \uXXXX (Java style, any number of u's) anywhere in a query before it parses it, so
# `CALL db.\u0063learQueryCaches()` calls db.clearQueryCaches; SPARQL 1.1 allows \u and \U escapes
# anywhere in a query too (pyoxigraph decodes them in strings and IRIs only, today).
_ESCAPE = re.compile(r"\\u+([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)
    return _ESCAPE.sub(char, text)


def _fold(text: str) -> str:
    """Compatibility letters to plain ones (fullwidth ＣＲＥＡＴＥ, ligatures), invisible format
    characters (zero-width space and joiner, soft hyphen) dropped."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")


def _readings(text: str) -> set[str]:
    """The text as given, with its escapes decoded and with its letters folded, in every order.

    A check refuses when any reading fails it, so a text that a server could read otherwise than the
    check does is refused rather than run: the check never has to guess which reading the server takes."""
    readings, fresh = {text}, {text}
    for _ in range(4):
        fresh = {f(r) for r in fresh for f in (_unescape, _fold)} - readings
        if not fresh:
            break
        readings |= fresh
    return readings


_SPARQL_UPDATE = re.compile(r"(?<![\w?$:])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|COPY|MOVE)(?![\w:])", re.I)
# SERVICE sends a query to any address: refused wherever the word stands, even in a string or an IRI,
# so that no difference between this check's lexing and the parser's can open the network.
_SPARQL_SERVICE = re.compile(r"SERVICE", re.I)


def check_sparql(text: str) -> None:
    if len(text) > MAX_QUERY:
        raise BadRequest(f"query longer than {MAX_QUERY} characters")
    for reading in _readings(text):
        if _SPARQL_SERVICE.search(reading):
            raise QueryRefused("SPARQL SERVICE (federated queries) is refused here: the word SERVICE may not "
                               "appear anywhere in the query")
        found = _SPARQL_UPDATE.search(SPARQL_LEXEMES.sub(" ", reading))
        if found:
            raise QueryRefused(f"only read-only SPARQL queries are accepted here: {found.group(1).upper()} is "
                               "an update")



# Strings and comments (blanked) and `quoted names` (kept, unquoted: they can name procedures).
_CYPHER_LEXEMES = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`(?:[^`]|``)*`'
                             rf"|//[^{EOL}]*|/\*.*?\*/", re.S)
# A keyword is a word not after `.` (a property `n.set`), `$` (a parameter) or AS (an alias `AS start`).
_NOT_A_NAME = r"(?<![\w$.])(?<!\. )(?<!\bAS )"
# Clauses and commands that write, change the schema or users, reach outside the graph or leave this
# database; Neo4j refuses most of them in a READ transaction, these are refused before it is asked.
_CYPHER_FORBIDDEN = re.compile(
    _NOT_A_NAME + r"(CREATE|MERGE|SET|DELETE|DETACH|NODETACH|REMOVE|DROP|INSERT|FOREACH|LOAD|ALTER|RENAME|GRANT"
    r"|DENY|REVOKE|USE|SHOW|TERMINATE|(?:START|STOP) DATABASE|ENABLE SERVER|DEALLOCATE|REALLOCATE|TRANSACTIONS"
    r"|PERIODIC)\b", re.I)
_CYPHER_CALL = re.compile(_NOT_A_NAME + r"CALL\b\s*(?![\s({])(\w+(?:\s*\.\s*\w+)*)?", re.I)
# Procedures that only read the graph or its schema; any other (db.clearQueryCaches, dbms.*, apoc.*,
# db.create*, ...) is refused, whether or not the server has it.
READ_PROCEDURES = frozenset(name.casefold() for name in (
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "db.index.fulltext.queryNodes",
    "db.index.fulltext.queryRelationships"))


def _cypher_code(text: str) -> str:
    """The code of a Cypher text: strings and comments blanked, names unquoted, spaces made single."""
    def keep(m: re.Match[str]) -> str:
        lexeme = m.group(0)
        return f" {lexeme[1:-1].replace('``', '`')} " if lexeme.startswith("`") else " "
    return " ".join(_CYPHER_LEXEMES.sub(keep, text).split())


def check_cypher(text: str) -> None:
    for reading in _readings(text):
        code = _cypher_code(reading)
        found = _CYPHER_FORBIDDEN.search(code)
        if found:
            raise QueryRefused(f"only read-only Cypher is accepted here: {found.group(1).upper()} is refused (no "
                               "writes, schema or admin commands, LOAD CSV, USE or transactions)")
        for call in _CYPHER_CALL.finditer(code):
            name = re.sub(r"\s+", "", call.group(1) or "?")
            if name.casefold() not in READ_PROCEDURES:
                raise QueryRefused(f"procedure {name} is refused: the read-only procedures accepted here are "
                                   "db.labels, db.relationshipTypes, db.propertyKeys, db.schema.* and "
                                   "db.index.fulltext.query*")
        if ";" in code.rstrip("; "):
            raise QueryRefused("one Cypher statement at a time: ';' is refused")
