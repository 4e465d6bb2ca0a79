"""The response cache follows changes of the graph: a change drops the answers it made false and
keeps the others, on the real corpus. A store holds Hải Dương's and Hà Nam's plans; then Hải
Phòng's plan is added, re-issued without its military command's duties, and Hà Nam's is removed.
After each change, a server that kept its cache answers exactly what a server without one answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.ingest import ingest, remove
from graph.store import GraphStore
from policygraph.settings import Settings
from tests.conftest import CORPUS, FILES

HAI_DUONG, HA_NAM, HAI_PHONG = (CORPUS / FILES[k] for k in ("hai_duong", "ha_nam", "hai_phong"))
HAI_DUONG_ID, HA_NAM_ID = "20-CTr-TU-hai-duong-2021", "x-KH-UBND-ha-nam-2024-a382d3c1"
HA_NAM_BODY = "so-noi-vu.ha-nam"
HAI_DUONG_BODY = "so-giao-duc-dao-tao.hai-duong"


@pytest.fixture
def store(tmp_path: Path) -> GraphStore:
    store = GraphStore(tmp_path / "store")
    ingest([HAI_DUONG, HA_NAM], store)
    return store


@pytest.fixture
def cached(store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(neo4j_uri=None), store)) as client:
        yield client


def follow(client: TestClient) -> None:
    """What a server does within a second of a change: look at the store's pointer again."""
    client.app.state.services.refresh(force=True)  # type: ignore[attr-defined]


def revised_hai_phong(folder: Path) -> Path:
    text = HAI_PHONG.read_text(encoding="utf-8")
    start, end = text.index("### **9. Bộ Chỉ huy Quân sự thành phố**"), text.index("### **10. ")
    folder.mkdir()
    revised = folder / HAI_PHONG.name
    revised.write_text(text[:start] + text[end:], encoding="utf-8")
    return revised


def shortened(original: Path, folder: Path) -> Path:
    """The same plan re-issued without the last fifth of its lines (its header, so its id, kept)."""
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    folder.mkdir()
    (folder / original.name).write_text("".join(lines[:len(lines) * 4 // 5]), encoding="utf-8")
    return folder / original.name


def paths(client: TestClient) -> list[str]:
    """Every kind of answer a user reads, for every document and body the store holds."""
    documents = [d["id"] for d in client.get("/documents", params={"limit": 500}).json()["items"]]
    bodies = [a["id"] for a in client.get("/agencies", params={"limit": 500}).json()["items"]]
    found = ["/documents", "/agencies?limit=500", "/provinces", "/tasks?limit=500", "/targets", "/indicators",
             "/search?q=gi%C3%A1o%20d%E1%BB%A5c", "/search?q=lao%20dong", "/changes", "/void",
             f"/queries/agency_assignments?id={HA_NAM_BODY}", "/provinces/ha-nam/documents",
             "/provinces/hai-duong/documents"]
    for doc in documents:
        found += [f"/documents/{quote(doc)}", f"/documents/{quote(doc)}/lineage"]
    for body in bodies:
        found += [f"/agencies/{body}", f"/agencies/{body}/assignments", f"/agencies/{body}/deadlines"]
    return found


def outcomes(client: TestClient, asked: list[str]) -> dict[str, str]:
    """How each answer was served; only a 200 is cached (a body of the removed plan is now a 404)."""
    return {p: client.get(p).headers.get("x-cache", "not cached") for p in asked}


def test_a_change_keeps_the_answers_it_did_not_touch_with_their_etags(store, cached):
    untouched, touched = f"/documents/{HAI_DUONG_ID}", "/documents"
    before = {p: cached.get(p) for p in (untouched, touched)}
    assert {r.headers["x-cache"] for r in before.values()} == {"miss"}
    assert cached.get(untouched).headers["x-cache"] == "hit"

    remove([HA_NAM_ID], store)
    follow(cached)

    kept, redone = cached.get(untouched), cached.get(touched)
    assert kept.headers["x-cache"] == "revalidated"
    assert (kept.content, kept.headers["etag"]) == (before[untouched].content, before[untouched].headers["etag"])
    assert redone.headers["x-cache"] == "miss"
    assert redone.json()["total"] < before[touched].json()["total"]
    assert cached.get(untouched).headers["x-cache"] == "hit"


def test_a_client_holding_the_etag_of_an_answer_still_true_gets_304(store, cached):
    first = cached.get(f"/documents/{HAI_DUONG_ID}")
    remove([HA_NAM_ID], store)
    follow(cached)
    again = cached.get(f"/documents/{HAI_DUONG_ID}", headers={"If-None-Match": first.headers["etag"]})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", first.headers["etag"])
    stale = cached.get("/documents", headers={"If-None-Match": '"an-old-answer"'})
    assert stale.status_code == 200


def test_an_answer_read_from_the_store_itself_is_computed_again_after_a_change(tmp_path, store, cached):
    """The change log and the dataset description are not named queries: nothing could tell they
    are still true, so they are kept for one generation only."""
    asked = ("/changes?province=ha-nam", "/void")
    assert {cached.get(p).status_code for p in asked} == {200}
    ingest([shortened(HA_NAM, tmp_path / "revised")], store)
    follow(cached)
    answers = {p: cached.get(p) for p in asked}
    assert {r.headers["x-cache"] for r in answers.values()} == {"miss"}
    assert answers["/changes?province=ha-nam"].json()["changes"][-1]["action"] == "replaced"


def test_after_each_change_the_cached_server_answers_what_a_server_without_a_cache_answers(tmp_path, store, cached):
    uncached_settings = Settings(neo4j_uri=None, query_cache=0)
    changes = [lambda: ingest([HAI_PHONG], store),
               lambda: ingest([revised_hai_phong(tmp_path / "revised")], store),
               lambda: remove([HA_NAM_ID], store)]
    seen: dict[str, int] = {}
    for change in changes:
        asked = paths(cached)
        outcomes(cached, asked)
        change()
        follow(cached)
        for outcome in outcomes(cached, asked).values():
            seen[outcome] = seen.get(outcome, 0) + 1
        with TestClient(create_app(uncached_settings, store)) as fresh:
            differing = [p for p in asked if cached.get(p).content != fresh.get(p).content]
        assert differing == []
    assert seen["revalidated"] > 0 and seen["miss"] > 0
    assert set(seen) <= {"revalidated", "miss", "not cached"}


def test_an_answer_being_computed_while_the_store_changes_is_not_kept_for_the_newer_generation(store, cached):
    """A refresh in the middle of a request: the answer's reads come from two generations, so no
    one generation's queries can tell it is still true; it is computed anew."""
    services = cached.app.state.services
    original = services.answer

    def answer_then_change(query, params):
        rows = original(query, params)
        if query.name == "documents" and not changed:
            changed.append(True)
            remove([HA_NAM_ID], store)
            services.refresh(force=True)
        return rows

    changed: list[bool] = []
    services.answer = answer_then_change
    try:
        cached.get(f"/documents/{HAI_DUONG_ID}")
    finally:
        services.answer = original
    assert changed
    assert cached.get(f"/documents/{HAI_DUONG_ID}").headers["x-cache"] == "miss"

