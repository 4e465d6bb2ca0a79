"""Schemathesis: requests generated from the OpenAPI schema never get a server error, and every
answer conforms to the schema it promises (status codes, content types, bodies)."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Err, Ok

from api.app import create_app, open_services
from graph.ingest import ingest
from graph.store import GraphStore
from policygraph.settings import Settings

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_generated_requests_get_no_server_error_and_schema_conforming_answers(tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest([CORPUS], store, replace=True)
    app = create_app(Settings(neo4j_uri=None), store)
    app.state.services = open_services(Settings(neo4j_uri=None), store)  # what the lifespan opens
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    results = list(api.get_all_operations())
    assert not [r.err() for r in results if isinstance(r, Err)]
    operations = [r.ok() for r in results if isinstance(r, Ok)]
    assert len(operations) >= 17
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            response = case.call()
            assert response.status_code < 500, (case.operation.label, response.text[:300])
            # A string the schema allows may still not be SPARQL or contain no searchable word: a 422
            # problem is the right answer then, so "valid data must be accepted" is not checked.
            case.validate_response(response, excluded_checks=[schemathesis.checks.positive_data_acceptance])

        check()
