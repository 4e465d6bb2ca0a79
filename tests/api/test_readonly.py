"""The analyst endpoints never change anything: every write or escape attempt on /cypher and /sparql is
refused with a 4xx problem+json, the graph (data, schema, users) is the same afterwards and no request
leaves the server; reads still work; pathological queries come back within the time limit, truncated
to the row cap or refused, never hanging and never a 500."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from httpx import Response

from api.app import create_app
from api.routes import analyst
from graph import sparql_sandbox
from graph.store import GraphStore
from policygraph.settings import Settings

PG = "https://w3id.org/policygraph/ontology#"
# Attempts name the canary (a local HTTP server of this module) wherever a server could be made to fetch
# something: a request that reaches it is an escape even when the answer is an error.
CANARY = "http://canary.invalid"


class Canary:
    """A local HTTP server that records every request it gets."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("content-type", "text/csv")
                self.end_headers()
                self.wfile.write(b"a,b\n1,2\n")

            do_POST = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def aim(self, text: str) -> str:
        return text.replace(CANARY, self.url)


@pytest.fixture(scope="module")
def canary_server() -> Iterator[Canary]:
    c = Canary()
    yield c
    c.server.shutdown()
    c.server.server_close()


@pytest.fixture()
def canary(canary_server: Canary) -> Canary:
    """The canary with no requests recorded yet."""
    canary_server.hits.clear()
    return canary_server


def assert_refused(r: Response) -> None:
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == r.status_code and body["detail"] and "Traceback" not in r.text


# ---------------------------------------------------------------------------------------------------------
# SPARQL on the embedded store
# ---------------------------------------------------------------------------------------------------------

def store_hash(store: GraphStore) -> str:
    """The graph as sorted N-Quads, hashed: any added, removed or changed quad changes it."""
    lines = sorted(store.nquads().splitlines())
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


@pytest.fixture(scope="module")
def store_before(loaded_store) -> str:
    """The store's hash before any attempt (no other test of the session writes to it)."""
    return store_hash(loaded_store)


@pytest.fixture(scope="module")
def embedded(loaded_store):
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as c:
        yield c


ROW = "<urn:x:a> <urn:x:b> <urn:x:c>"
SPARQL_ATTEMPTS = {
    "insert-data": f"INSERT DATA {{ {ROW} }}",
    "insert-data-into-graph": f"INSERT DATA {{ GRAPH <urn:x:g> {{ {ROW} }} }}",
    "insert-lowercase": f"insert data {{ {ROW} }}",
    "insert-mixed-case": f"InSeRt DaTa {{ {ROW} }}",
    "delete-data": f"DELETE DATA {{ <{PG}x> <{PG}y> <{PG}z> }}",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "delete-insert-where": f"PREFIX pg: <{PG}> DELETE {{ ?t pg:text ?x }} INSERT {{ ?t pg:text \"hacked\" }} "
                           "WHERE { ?t pg:text ?x }",
    "with-delete-where": "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "load-url": f"LOAD <{CANARY}/evil.ttl>",
    "load-silent-file-into-graph": "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:x:g>",
    "clear-all": "CLEAR ALL",
    "clear-default-lowercase": "clear default",
    "drop-graph": "DROP GRAPH <urn:x:g>",
    "drop-silent-all": "DROP SILENT ALL",
    "create-graph": "CREATE GRAPH <urn:x:g>",
    "add-graph": "ADD DEFAULT TO <urn:x:g>",
    "copy-graph": "COPY DEFAULT TO <urn:x:g>",
    "move-graph": "MOVE SILENT <urn:x:g> TO DEFAULT",
    "update-with-prologue": "BASE <urn:x:> PREFIX ex: <urn:x:> INSERT DATA { ex:a ex:b ex:c }",
    "query-then-update": f"SELECT * WHERE {{ ?s ?p ?o }} ; INSERT DATA {{ {ROW} }}",
    "update-after-comment": f"# just a query\nINSERT DATA {{ {ROW} }}",
    "update-keyword-split-by-comment": f"INSERT #\n DATA {{ {ROW} }}",
    "update-u-escape": f"\\u0049NSERT DATA {{ {ROW} }}",
    "update-U-escape": f"\\U00000049NSERT DATA {{ {ROW} }}",
    "update-fullwidth": f"ＩＮＳＥＲＴ DATA {{ {ROW} }}",
    "update-zero-width-space": f"INS\u200bERT DATA {{ {ROW} }}",
    "update-cyrillic-homoglyph": f"\u0406NSERT DATA {{ {ROW} }}",
    "update-prefix-named-insert": "PREFIX insert: <urn:x:> INSERT DATA { insert:a insert:b insert:c }",
    "service": f"SELECT * WHERE {{ SERVICE <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-silent-metadata": "SELECT * WHERE { SERVICE SILENT <http://169.254.169.254/latest/> { ?s ?p ?o } }",
    "service-lowercase": f"select * where {{ service <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-mixed-case": f"SeLeCt * WhErE {{ sErViCe SiLeNt <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-variable": f"SELECT * WHERE {{ VALUES ?e {{ <{CANARY}/sparql> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "service-no-space": f"SELECT * WHERE {{ ?x ?y ?z.SERVICE<{CANARY}/sparql>{{?s ?p ?o}} }}",
    "service-in-optional": f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{CANARY}/sparql> {{ ?s ?p ?o }} }} }}",
    "service-in-filter-exists": f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{CANARY}/q> {{ ?s ?p ?o }} }} "
                                "}",
    "service-in-construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-in-ask": f"ASK {{ SERVICE <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-after-hash-in-iri": f"SELECT * WHERE {{ ?t a <{PG}Task> . SERVICE <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-after-comment-line": f"SELECT * WHERE {{ # a comment\n SERVICE <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-u-escape": f"SELECT * WHERE {{ \\u0053ERVICE <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-escaped-quote-in-string": f'SELECT * WHERE {{ ?s ?p "\\u0022" . SERVICE <{CANARY}/q> {{ ?s ?p ?o }} }}',
    "service-behind-long-string": f'SELECT * WHERE {{ ?s ?p """x""" . SERVICE <{CANARY}/q> {{ ?s ?p ?o }} }}',
    "service-prefixed-name": f"PREFIX service: <{CANARY}/> SELECT * WHERE {{ SERVICE service:q {{ ?s ?p ?o }} }}",
    "service-empty-prefix-glued": f"PREFIX : <{CANARY}/> SELECT * WHERE {{ SERVICE:q {{ ?s ?p ?o }} }}",
    "service-fullwidth": f"SELECT * WHERE {{ ＳＥＲＶＩＣＥ <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-zero-width-joiner": f"SELECT * WHERE {{ SER\u200dVICE <{CANARY}/sparql> {{ ?s ?p ?o }} }}",
    "service-word-in-a-string": 'SELECT * WHERE { ?s ?p "a SERVICE, refused wherever it stands" }',
    "too-long": "SELECT * WHERE { ?s ?p ?o }" + " " * analyst.MAX_QUERY,
}
TRANSPORTS = ["get", "post-sparql-query", "post-form"]


def send_sparql(client: TestClient, transport: str, text: str) -> Response:
    if transport == "get":
        return client.get("/sparql", params={"query": text})
    if transport == "post-sparql-query":
        return client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"})
    return client.post("/sparql", data={"query": text})


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("text", list(SPARQL_ATTEMPTS.values()), ids=list(SPARQL_ATTEMPTS))
def test_sparql_write_and_escape_attempts_are_refused(embedded, loaded_store, store_before, canary, text,
                                                      transport):
    assert_refused(send_sparql(embedded, transport, canary.aim(text)))
    assert store_hash(loaded_store) == store_before
    assert canary.hits == []


UPDATE_REQUESTS = {
    "form-field-update": {"data": {"update": f"INSERT DATA {{ {ROW} }}"}},
    "form-fields-query-and-update": {"data": {"query": "ASK { ?s ?p ?o }", "update": "DROP ALL"}},
    "sparql-update-content-type": {"content": f"INSERT DATA {{ {ROW} }}",
                                   "headers": {"content-type": "application/sparql-update"}},
    "sparql-update-content-type-charset": {"content": "CLEAR ALL",
                                           "headers": {"content-type": "application/sparql-update; charset=utf-8"}},
    "sparql-update-content-type-uppercase": {"content": "DROP ALL",
                                             "headers": {"content-type": "Application/SPARQL-Update"}},
    "update-in-json-body": {"json": {"update": "DROP ALL"}},
    "update-as-text-plain": {"content": "DROP ALL", "headers": {"content-type": "text/plain"}},
}


@pytest.mark.parametrize("request_args", list(UPDATE_REQUESTS.values()), ids=list(UPDATE_REQUESTS))
def test_sparql_update_requests_are_refused(embedded, loaded_store, store_before, request_args):
    assert_refused(embedded.post("/sparql", **request_args))
    assert store_hash(loaded_store) == store_before


@pytest.mark.parametrize("params", [{"update": "DROP ALL"}, {"query": "ASK { ?s ?p ?o }", "update": "DROP ALL"}],
                         ids=["get-update", "get-query-and-update"])
def test_sparql_update_parameters_on_get_are_refused(embedded, loaded_store, store_before, params):
    assert_refused(embedded.get("/sparql", params=params))
    assert store_hash(loaded_store) == store_before


COUNT_TASKS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?t a <{PG}Task> }}"


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_sparql_reads_still_work(embedded, loaded_store, transport):
    r = send_sparql(embedded, transport, COUNT_TASKS)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    [row] = r.json()["results"]["bindings"]
    assert int(row["n"]["value"]) > 100
    assert "policygraph-truncated" not in r.headers


def test_sparql_keywords_in_strings_iris_and_variables_are_no_reason_to_refuse(embedded, canary):
    text = (f'PREFIX ex: <urn:x:> SELECT ?insert ?drop WHERE {{ ?insert a <{PG}Task> . # INSERT in a comment\n'
            '  BIND("INSERT DATA { } ; LOAD <x>" AS ?drop) FILTER(?drop != \'DROP ALL\')\n'
            '  FILTER(?insert != ex:clear && ?insert != <urn:x:DELETE>) } LIMIT 3')
    r = send_sparql(embedded, "get", text)
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
    assert canary.hits == []


def test_sparql_construct_and_ask_still_work(embedded):
    r = send_sparql(embedded, "post-sparql-query", f"CONSTRUCT {{ ?t a <{PG}Task> }} WHERE {{ ?t a <{PG}Task> }}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    assert len(r.text.splitlines()) > 100
    r = send_sparql(embedded, "get", f"ASK {{ ?t a <{PG}Task> }}")
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_sparql_results_are_what_oxigraph_itself_serialises(embedded, loaded_store):
    """The endpoint writes the SPARQL JSON itself (to stop at the row cap): byte for byte the same terms."""
    text = "SELECT ?s ?p ?o ?nothing WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3000"
    ours = send_sparql(embedded, "get", text)
    theirs = loaded_store.open_current().query(text, use_default_graph_as_union=True)
    assert ours.status_code == 200
    assert ours.json() == json.loads(theirs.serialize(format=ox.QueryResultsFormat.JSON))


def test_sparql_from_does_not_fetch_anything(embedded, canary):
    r = send_sparql(embedded, "get", canary.aim(f"SELECT * FROM <{CANARY}/x.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1"))
    assert r.status_code == 200 and canary.hits == []


INJECTIONS = ['x" } } ; DROP ALL #', "x' }} INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> } #",
              'x\\" . SERVICE <http://canary.invalid/> { ?s ?p ?o } #', "x\\u0022 } CLEAR ALL #"]


@pytest.mark.parametrize("value", INJECTIONS, ids=["drop", "insert", "service", "u-escape"])
def test_named_query_parameters_are_values_never_query_text(embedded, loaded_store, store_before, canary, value):
    r = embedded.get("/queries/responsible_for", params={"id": canary.aim(value)})
    assert r.status_code == 200 and r.json()["items"] == []
    assert store_hash(loaded_store) == store_before
    assert canary.hits == []


PATHOLOGICAL_SPARQL = {
    "cross-join": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "property-path-star": "SELECT * WHERE { ?a (<urn:x:p>|!<urn:x:p>)* ?b }",
    "property-path-star-distinct": "SELECT DISTINCT ?a ?b WHERE { ?a (<urn:x:p>|!<urn:x:p>)* ?b . ?b ?q ?c }",
    "count-cross-join": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "ordered-cross-join": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
    "construct-cross-join": "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
}


@pytest.mark.parametrize("text", list(PATHOLOGICAL_SPARQL.values()), ids=list(PATHOLOGICAL_SPARQL))
def test_pathological_sparql_comes_back_truncated_or_refused_within_the_time_limit(embedded, loaded_store,
                                                                                   store_before, text):
    started = time.monotonic()
    r = send_sparql(embedded, "post-sparql-query", text)
    took = time.monotonic() - started
    print(f"\n{took:.2f}s {r.status_code} {text}")
    assert took < sparql_sandbox.SPARQL_TIMEOUT_S + 5
    if r.status_code == 200:
        assert r.headers.get("policygraph-truncated") == "true"
        if r.headers["content-type"].startswith("application/n-triples"):
            assert len(r.text.splitlines()) == analyst.MAX_ROWS
        else:
            assert len(r.json()["results"]["bindings"]) == analyst.MAX_ROWS
    else:
        assert_refused(r)
    assert store_hash(loaded_store) == store_before
    # the server is still answering after it
    assert send_sparql(embedded, "get", COUNT_TASKS).status_code == 200


# ---------------------------------------------------------------------------------------------------------
# Cypher on Neo4j
# ---------------------------------------------------------------------------------------------------------

NODES = "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"
RELATIONSHIPS = ("MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS start, "
                 "elementId(b) AS end, properties(r) AS props")
INDEXES = "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options"
CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties"
USERS = "SHOW USERS YIELD user, roles, passwordChangeRequired, suspended, home"
DATABASES = "SHOW DATABASES YIELD name, currentStatus"


def _digest(rows: list[dict[str, Any]]) -> str:
    lines = sorted(json.dumps(r, sort_keys=True, default=str, ensure_ascii=False) for r in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def neo4j_state(graph) -> dict[str, Any]:
    """Every node and relationship (ids, labels or type, properties), the schema, the users and databases."""
    state: dict[str, Any] = {}
    for database, queries in [(graph.database, {"nodes": NODES, "relationships": RELATIONSHIPS,
                                                "indexes": INDEXES, "constraints": CONSTRAINTS}),
                              ("system", {"users": USERS, "databases": DATABASES})]:
        with graph.driver.session(database=database) as session:
            for name, text in queries.items():
                rows = session.execute_read(lambda tx, text=text: tx.run(text).data())
                state[name] = (len(rows), _digest(rows))
    return state


@pytest.fixture(scope="module")
def graph(neo4j_graph, loaded_store):
    """Neo4j holding the corpus graph (pushed unless it already holds a generation of the same size)."""
    from graph.pgmodel import project

    nodes, rels = project(loaded_store.open_current())
    current = neo4j_graph.current()
    if (current["nodes"], current["relationships"]) != (len(nodes), len(rels)):
        neo4j_graph.push(nodes, rels)
    return neo4j_graph


@pytest.fixture(scope="module")
def neo4j_client(graph, loaded_store):
    with TestClient(create_app(Settings(), loaded_store)) as c:
        yield c


CYPHER_ATTEMPTS: dict[str, str | tuple[str, dict[str, Any]]] = {
    # writes
    "create": "CREATE (n:Hack {x: 1}) RETURN n",
    "merge": "MERGE (n:Hack {x: 1}) RETURN n",
    "set-property": "MATCH (t:Task) SET t.hacked = true RETURN count(t) AS n",
    "set-label": "MATCH (t:Task) SET t:Hacked RETURN count(t) AS n",
    "set-dynamic-label-from-param": ("MATCH (t:Task) SET t:$($label) RETURN count(t) AS n", {"label": "Hack"}),
    "delete": "MATCH (w:Warning) DELETE w",
    "detach-delete": "MATCH (n) DETACH DELETE n",
    "nodetach-delete": "MATCH (w:Warning) NODETACH DELETE w",
    "remove-property": "MATCH (t:Task) REMOVE t.text RETURN count(t) AS n",
    "remove-label": "MATCH (d:Document) REMOVE d:Document RETURN count(d) AS n",
    "gql-insert": "INSERT (n:Hack {x: 1})",
    "mixed-case-keywords": "mAtCh (n) DeTaCh DeLeTe n",
    "no-whitespace": "MATCH(n)DETACH DELETE(n)",
    # loading and batching
    "load-csv-file": "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load-csv-http-and-create": f"LOAD CSV WITH HEADERS FROM '{CANARY}/x.csv' AS row CREATE (:Hack {{a: row.a}})",
    "load-csv-tab-lowercase": f"load\tcsv from '{CANARY}/x.csv' as l return l",
    "call-in-transactions": "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "call-with-in-transactions": "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
    "call-in-concurrent-transactions": "MATCH (n) CALL (n) { SET n.x = 1 } IN 4 CONCURRENT TRANSACTIONS",
    "using-periodic-commit": f"USING PERIODIC COMMIT LOAD CSV FROM '{CANARY}/x.csv' AS l CREATE (:Hack)",
    # schema
    "create-index": "CREATE INDEX hack_index FOR (n:Task) ON (n.hack)",
    "create-constraint": "CREATE CONSTRAINT hack_unique FOR (n:Hack) REQUIRE n.id IS UNIQUE",
    "create-fulltext-index": "CREATE FULLTEXT INDEX hack_text FOR (n:Task) ON EACH [n.text]",
    "drop-constraint": "DROP CONSTRAINT task_id",
    "drop-index-if-exists": "DROP INDEX document_kind IF EXISTS",
    # procedures
    "db-create-label": "CALL db.createLabel('Hack')",
    "db-create-property": "CALL db.createProperty('hack')",
    "db-create-set-vector": "MATCH (t:Task) WITH t LIMIT 1 CALL db.create.setNodeVectorProperty(t, 'v', [1.0, 2.0])",
    "db-index-fulltext-drop": "CALL db.index.fulltext.drop('policygraph_text')",
    "db-clear-query-caches": "CALL db.clearQueryCaches()",
    "db-clear-query-caches-no-parens": "CALL db.clearQueryCaches",
    "db-clear-spaced-name": "CALL db . clearQueryCaches ( )",
    "db-clear-comment-in-name": "CALL db./* x */clearQueryCaches()",
    "db-clear-backticked-name": "CALL `db`.`clearQueryCaches`()",
    "db-clear-after-union": "MATCH (n:Task) RETURN n.id AS x LIMIT 1 UNION CALL db.clearQueryCaches() YIELD value "
                            "RETURN value AS x",
    "db-clear-cypher-options": "CYPHER runtime=slotted CALL db.clearQueryCaches()",
    "db-clear-optional-call": "OPTIONAL CALL db.clearQueryCaches() YIELD value RETURN value",
    "dbms-create-user": "CALL dbms.security.createUser('hack', 'hackhackhack', false)",
    "dbms-set-config": "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "dbms-list-config": "CALL dbms.listConfig() YIELD name, value RETURN name, value",
    "dbms-components": "CALL dbms.components() YIELD name RETURN name",
    "apoc-create-node": "CALL apoc.create.node(['Hack'], {x: 1}) YIELD node RETURN node",
    "apoc-load-json": f"CALL apoc.load.json('{CANARY}/x.json') YIELD value RETURN value",
    "apoc-periodic-iterate": "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {batchSize: 10})",
    "apoc-cypher-do-it": "CALL apoc.cypher.doIt('CREATE (n:Hack) RETURN n', {}) YIELD value RETURN value",
    # several statements, comments
    "two-statements": "MATCH (n) RETURN count(n) AS n; CREATE (:Hack)",
    "two-statements-after-line-comment": "RETURN 1 AS x // harmless\n; MATCH (n) DETACH DELETE n",
    "block-comments-around-keywords": "MATCH (n) /* read only */ DETACH /* really */ DELETE n",
    "keyword-after-line-comment": "MATCH (n) // RETURN n\nDETACH DELETE n",
    "keyword-after-unclosed-string-in-comment": "MATCH (n) // it's\nSET n.x = 1 // isn't it\nRETURN n",
    # unicode
    "fullwidth-create": "ＣＲＥＡＴＥ (n:Hack)",
    "fullwidth-procedure-namespace": "CALL ｄｂ.clearQueryCaches()",
    "zero-width-joiner-in-keyword": "CRE\u200dATE (n:Hack)",
    "zero-width-space-in-procedure": "CALL db.clear\u200bQueryCaches()",
    "cyrillic-homoglyph": "\u0421REATE (n:Hack)",
    "u-escape-in-keyword": "MATCH (n) \\u0044ETACH DELETE n",
    "u-escape-in-procedure": "CALL db.\\u0063learQueryCaches()",
    "u-escape-namespace": "CALL \\u0064b.clearQueryCaches()",
    "u-escape-semicolon": "RETURN 1 AS x \\u003B CREATE (:Hack)",
    "u-escape-closes-string": "WITH 'a\\u0027 AS x CALL db.clearQueryCaches() YIELD value RETURN value //' AS y "
                              "RETURN y",
    "u-escape-space-in-show": "SHOW\\u0020USERS",
    "u-escape-newline": "MATCH (n)\\u000ADETACH DELETE n",
    "escaped-newline": "MATCH (n)\\\nDETACH DELETE n",
    # administration
    "use-system-show-users": "USE system SHOW USERS",
    "use-system-match": "USE system MATCH (n) RETURN n",
    "show-users": "SHOW USERS",
    "show-transactions": "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery",
    "terminate-transactions": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "alter-user": "ALTER USER neo4j SET PASSWORD 'hackhackhack' CHANGE NOT REQUIRED",
    "create-user": "CREATE USER hack SET PASSWORD 'hackhackhack'",
    "create-database": "CREATE DATABASE hack",
    "start-database": "START DATABASE hack",
    "stop-database": "STOP DATABASE neo4j",
    "grant-role": "GRANT ROLE admin TO hack",
    # writes hidden in a read
    "foreach-create": "MATCH (t:Task) FOREACH (x IN [1] | CREATE (:Hack {task: t.id}))",
    "foreach-set-on-path": "MATCH p=(:Document)-[*1..2]->() FOREACH (n IN nodes(p) | SET n.hack = 1)",
    "write-in-call-subquery": "MATCH (t:Task) CALL (t) { SET t.hack = 1 } RETURN count(*) AS n",
    "write-in-importing-with-subquery": "MATCH (t:Task) CALL { WITH t CREATE (:Hack)-[:OF]->(t) } RETURN count(*) AS n",
    "write-after-with": "MATCH (t:Task) WITH t LIMIT 1 DETACH DELETE t",
    "write-after-union": "MATCH (n:Task) RETURN n.id AS id UNION MATCH (n:Document) SET n.hack = 1 RETURN n.id AS id",
    "write-under-explain": "EXPLAIN MATCH (n) DETACH DELETE n",
    "write-under-profile": "PROFILE MATCH (n:Warning) DETACH DELETE n",
}


@pytest.mark.parametrize("attempt", list(CYPHER_ATTEMPTS.values()), ids=list(CYPHER_ATTEMPTS))
def test_cypher_write_and_escape_attempts_are_refused(graph, neo4j_client, canary, attempt):
    text, params = attempt if isinstance(attempt, tuple) else (attempt, {})
    before = neo4j_state(graph)
    assert_refused(neo4j_client.post("/cypher", json={"query": canary.aim(text), "params": params}))
    assert neo4j_state(graph) == before
    assert canary.hits == []


def test_cypher_reads_still_work(graph, neo4j_client):
    text = ("MATCH (t:Task)<-[:HOST]-(a:Agency) RETURN a.name AS name, count(t) AS tasks "
            "ORDER BY tasks DESC LIMIT 5")
    body = neo4j_client.post("/cypher", json={"query": text}).json()
    assert len(body["rows"]) == 5 and body["truncated"] is False and body["rows"][0]["tasks"] > 1


def test_cypher_keywords_in_strings_properties_aliases_and_parameters_are_no_reason_to_refuse(graph, neo4j_client):
    before = neo4j_state(graph)
    text = ("MATCH (t:Task) WHERE t.text <> 'CREATE (n) SET n.x = 1; CALL db.clearQueryCaches()' "
            "AND t.id <> $id // SET in a comment\n"
            "RETURN t.id AS start, t.`set` AS unset /* DETACH DELETE */ ORDER BY start LIMIT 3")
    r = neo4j_client.post("/cypher", json={"query": text, "params": {"id": "x' DETACH DELETE t //"}})
    assert r.status_code == 200 and len(r.json()["rows"]) == 3
    assert neo4j_state(graph) == before


def test_cypher_read_only_procedures_and_subqueries_are_allowed(graph, neo4j_client):
    labels = neo4j_client.post("/cypher", json={"query": "CALL db.labels() YIELD label RETURN label"}).json()
    assert {"Task", "Document", "Agency"} <= {r["label"] for r in labels["rows"]}
    text = ("CALL db.index.fulltext.queryNodes('policygraph_text', 'lao dong') YIELD node "
            "CALL (node) { MATCH (node)<-[:HOST]-(a:Agency) RETURN count(a) AS hosts } "
            "RETURN node.id AS id, hosts LIMIT 3")
    r = neo4j_client.post("/cypher", json={"query": text})
    assert r.status_code == 200 and len(r.json()["rows"]) == 3


@pytest.mark.parametrize("value", INJECTIONS, ids=["drop", "insert", "service", "u-escape"])
def test_named_query_parameters_are_values_never_cypher_text(graph, neo4j_client, canary, value):
    before = neo4j_state(graph)
    r = neo4j_client.get("/queries/responsible_for", params={"id": canary.aim(value) + "' DETACH DELETE n //"})
    assert r.status_code == 200 and r.json()["items"] == []
    assert neo4j_state(graph) == before
    assert canary.hits == []


def test_cypher_values_of_every_type_come_back_as_json(graph, neo4j_client):
    text = ("RETURN datetime('2025-07-01T08:30:00+07:00') AS at, date('2025-07-01') AS day, "
            "duration('P1DT2H') AS span, localtime('08:30') AS time, point({x: 1.5, y: 2.0}) AS xy, "
            "[1, 'a', null] AS list, {k: 0.5} AS map")
    r = neo4j_client.post("/cypher", json={"query": text})
    assert r.status_code == 200
    assert r.json()["rows"] == [{"at": "2025-07-01T08:30:00.000000000+07:00", "day": "2025-07-01", "span": "P1DT2H",
                                 "time": "08:30:00.000000000", "xy": {"srid": 7203, "coordinates": [1.5, 2.0]},
                                 "list": [1, "a", None], "map": {"k": 0.5}}]
    meta = neo4j_client.post("/cypher", json={"query": "MATCH (m:PGMeta) RETURN m"})
    assert meta.status_code == 200 and meta.json()["rows"][0]["m"]["pushedAt"]


PATHOLOGICAL_CYPHER = {
    "cartesian-product": "MATCH (a),(b),(c),(d) RETURN a,b,c,d",
    "unbounded-variable-length-path": "MATCH p=(a)-[*]-(b) RETURN p",
    "variable-length-path-count": "MATCH p=(a)-[*]-(b) RETURN count(p) AS n",
    "ordered-cartesian-product": "MATCH (a),(b),(c) RETURN a.id, b.id, c.id ORDER BY rand()",
    "huge-collect": "UNWIND range(1, 100000000) AS x RETURN collect(x) AS xs",
}


@pytest.mark.parametrize("text", list(PATHOLOGICAL_CYPHER.values()), ids=list(PATHOLOGICAL_CYPHER))
def test_pathological_cypher_comes_back_truncated_or_refused_within_the_time_limit(graph, neo4j_client, text):
    before = neo4j_state(graph)
    started = time.monotonic()
    r = neo4j_client.post("/cypher", json={"query": text})
    took = time.monotonic() - started
    print(f"\n{took:.2f}s {r.status_code} {text}")
    assert took < analyst.CYPHER_TIMEOUT_S + 5
    if r.status_code == 200:
        body = r.json()
        assert body["truncated"] is True and len(body["rows"]) == analyst.MAX_ROWS
    else:
        assert_refused(r)
    assert neo4j_state(graph) == before
    assert neo4j_client.post("/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [{"one": 1}]
