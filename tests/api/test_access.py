"""Who may change data: ingest and push need the server's API key and are off without one; uploads
stay inside the data directory; bodies are capped; browsers from other origins are not let in."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from graph.ingest import ingest
from graph.store import GraphStore
from policygraph.settings import Settings
from tests.conftest import CORPUS, FILES

KEY = "a-long-random-key-for-tests"
HAU_GIANG = FILES["hau_giang"]


@pytest.fixture(scope="module")
def four_documents_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = GraphStore(tmp_path_factory.mktemp("four") / "store")
    ingest([CORPUS / name for key, name in FILES.items() if key != "hau_giang"], store, replace=True)
    return store.root


@pytest.fixture()
def four_documents(four_documents_template: Path, tmp_path: Path) -> GraphStore:
    """A store of its own with the corpus minus the Hậu Giang plan, which the tests then upload."""
    return GraphStore(Path(shutil.copytree(four_documents_template, tmp_path / "store")))


def client_for(store: GraphStore, tmp_path: Path, **settings: Any) -> TestClient:
    return TestClient(create_app(Settings(neo4j_uri=None, data_dir=tmp_path / "data", **settings), store))


def upload(client: TestClient, name: str, data: bytes, key: str | None = KEY):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post("/admin/ingest", files=[("files", (name, data, "text/plain"))], headers=headers)


def plan_bytes() -> bytes:
    return (CORPUS / HAU_GIANG).read_bytes()


def test_write_endpoints_are_off_without_a_configured_key(four_documents, tmp_path):
    with client_for(four_documents, tmp_path) as client:
        before = client.get("/health").json()
        answer = upload(client, "plan.txt", plan_bytes())
        assert answer.status_code == 403
        assert answer.headers["content-type"] == "application/problem+json"
        assert "POLICYGRAPH_API_KEY" in answer.json()["detail"]
        assert client.post("/admin/neo4j/push").status_code == 403
        assert client.get("/health").json() == before
    assert not (tmp_path / "data" / "uploads").exists()


@pytest.mark.parametrize("key", [None, "wrong-key", KEY[:-1], KEY.upper()], ids=["none", "wrong", "prefix", "case"])
def test_a_missing_or_wrong_key_is_refused(four_documents, tmp_path, key):
    with client_for(four_documents, tmp_path, api_key=KEY) as client:
        answer = upload(client, "plan.txt", plan_bytes(), key=key)
        assert answer.status_code == 401
        assert client.get("/health").json()["documents"] == len(four_documents.manifest().documents)


def test_an_upload_with_the_key_is_served_at_once(four_documents, tmp_path):
    with client_for(four_documents, tmp_path, api_key=KEY) as client:
        documents = client.get("/documents", params={"province": "hau-giang"}).json()
        assert documents["total"] == 0
        answer = upload(client, "ke-hoach-hau-giang.txt", plan_bytes())
        assert answer.status_code == 200, answer.text
        report = answer.json()
        assert report["loaded"] == 1 and report["failed"] == 0
        assert client.get("/documents", params={"province": "hau-giang"}).json()["total"] >= 1
        assert client.get("/health").json()["documents"] == report["documents"]
    saved = list((tmp_path / "data" / "uploads").rglob("*.txt"))
    assert [p.name for p in saved] == ["ke-hoach-hau-giang.txt"]


def test_an_unreadable_upload_changes_nothing(four_documents, tmp_path):
    before = four_documents.nquads()
    with client_for(four_documents, tmp_path, api_key=KEY) as client:
        answer = upload(client, "broken.txt", b"\x00\x01\x02 not a policy document \xff\xfe")
        assert answer.status_code == 422 and "broken.txt" in answer.json()["detail"]
    assert four_documents.nquads() == before


@pytest.mark.parametrize("name", ["../../escape.txt", "/etc/escape.txt", "..\\..\\escape.txt", "C:\\escape.txt",
                                  "uploads/../../escape.txt", "%2e%2e%2fescape.txt"])
def test_upload_names_cannot_leave_the_data_directory(four_documents, tmp_path, name):
    with client_for(four_documents, tmp_path, api_key=KEY) as client:
        answer = upload(client, name, plan_bytes())
        assert answer.status_code in (200, 422)
    data = (tmp_path / "data").resolve()
    written = [p.resolve() for p in tmp_path.rglob("*escape.txt")]
    assert all(data in p.parents for p in written)
    assert not Path("/etc/escape.txt").exists()


@pytest.mark.parametrize("name", ["", ".", "..", ".hidden.txt", "plan.exe", "plan"])
def test_unusable_upload_names_are_refused(four_documents, tmp_path, name):
    with client_for(four_documents, tmp_path, api_key=KEY) as client:
        answer = upload(client, name, plan_bytes())
        assert answer.status_code == 422
        assert answer.headers["content-type"] == "application/problem+json"


def test_request_bodies_are_capped(four_documents, tmp_path):
    with client_for(four_documents, tmp_path, api_key=KEY, max_body_bytes=4096) as client:
        answer = upload(client, "plan.txt", plan_bytes())
        assert answer.status_code == 413
        assert answer.headers["content-type"] == "application/problem+json"
        chunked = client.post("/sparql", content=iter([b"SELECT * WHERE { ?s ?p ?o } " * 100] * 10),
                              headers={"content-type": "application/sparql-query"})
        assert chunked.status_code == 413
    assert not list((tmp_path / "data").rglob("*.txt"))


def test_browsers_from_other_origins_get_no_cors_grant(four_documents, tmp_path):
    with client_for(four_documents, tmp_path) as client:
        answer = client.options("/documents", headers={"Origin": "https://evil.example",
                                                       "Access-Control-Request-Method": "GET"})
        assert "access-control-allow-origin" not in answer.headers
        assert "access-control-allow-origin" not in client.get("/documents",
                                                               headers={"Origin": "https://evil.example"}).headers


def test_a_configured_origin_is_allowed(four_documents, tmp_path):
    with client_for(four_documents, tmp_path, cors_origins=["https://portal.example"]) as client:
        answer = client.get("/documents", headers={"Origin": "https://portal.example"})
        assert answer.headers["access-control-allow-origin"] == "https://portal.example"


def test_a_push_after_an_upload_sends_neo4j_the_change_alone(four_documents, tmp_path, neo4j_graph):
    """The first push sends the whole graph; after an upload, the next sends only what the upload
    changed, and Neo4j then holds what a whole push would give."""
    headers = {"Authorization": f"Bearer {KEY}"}
    settings = Settings(data_dir=tmp_path / "data", api_key=SecretStr(KEY))
    with TestClient(create_app(settings, four_documents)) as client:
        first = client.post("/admin/neo4j/push", headers=headers)
        assert first.status_code == 200, first.text
        assert first.json()["incremental"] is False
        assert upload(client, "ke-hoach-hau-giang.txt", plan_bytes()).status_code == 200
        second = client.post("/admin/neo4j/push", headers=headers)
        assert second.status_code == 200, second.text
        assert second.json()["incremental"] is True and 0 < second.json()["nodes"] < first.json()["nodes"]
        after_change_set = neo4j_graph.fingerprint()
        whole = client.post("/admin/neo4j/push", headers=headers, params={"full": "true"})
        assert whole.json()["incremental"] is False
        assert neo4j_graph.fingerprint() == after_change_set
