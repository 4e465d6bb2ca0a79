"""`/changes` and `/changes.atom`: what changed in the graph, for people who follow a province or an
agency. A store lives through a short history on the real corpus (two plans, a third, Hải Phòng's
plan re-issued without its military command's duties, Hà Nam's plan removed) and the API tells it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.ingest import ingest, remove
from graph.store import GraphStore
from policygraph.settings import Settings
from tests.conftest import CORPUS, FILES

HAI_DUONG, HA_NAM, HAI_PHONG, HAU_GIANG = (CORPUS / FILES[k] for k in ("hai_duong", "ha_nam", "hai_phong",
                                                                        "hau_giang"))
HA_NAM_ID, HAI_PHONG_ID = "x-KH-UBND-ha-nam-2024-a382d3c1", "113-KH-UBND-hai-phong-2022"
A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    root = tmp_path_factory.mktemp("changes")
    text = HAI_PHONG.read_text(encoding="utf-8")
    start, end = text.index("### **9. Bộ Chỉ huy Quân sự thành phố**"), text.index("### **10. ")
    (root / "revised").mkdir()
    revised = root / "revised" / HAI_PHONG.name
    revised.write_text(text[:start] + text[end:], encoding="utf-8")
    store = GraphStore(root / "store")
    ingest([HAI_DUONG, HA_NAM], store)
    ingest([HAI_PHONG], store)
    ingest([revised], store)
    remove([HA_NAM_ID], store)
    return store


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(neo4j_uri=None), store)) as c:
        yield c


def feed(client: TestClient, **params: str) -> ET.Element:
    answer = client.get("/changes.atom", params=params)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(answer.content)
    assert atom_problems(root) == []
    return root


def atom_problems(feed: ET.Element) -> list[str]:
    """What in this document breaks a MUST of RFC 4287 (Atom 1.0) for a feed of text entries."""
    problems = []
    if feed.tag != f"{A}feed":
        return [f"root element is {feed.tag}, not atom:feed"]

    def once(parent: ET.Element, tag: str, where: str) -> None:
        found = parent.findall(f"{A}{tag}")
        if len(found) != 1:
            problems.append(f"{where} has {len(found)} atom:{tag}, not exactly one")
        elif tag == "updated" and not RFC3339.match(found[0].text or ""):
            problems.append(f"{where} atom:updated {found[0].text!r} is not an RFC 3339 date-time")
        elif tag == "id" and not re.match(r"^[a-z][a-z0-9+.-]*:", found[0].text or ""):
            problems.append(f"{where} atom:id {found[0].text!r} is not an absolute IRI")

    for tag in ("id", "title", "updated"):
        once(feed, tag, "feed")
    entries = feed.findall(f"{A}entry")
    if not feed.findall(f"{A}author") and any(not e.findall(f"{A}author") for e in entries):
        problems.append("neither the feed nor every entry has an atom:author")
    for author in feed.iter(f"{A}author"):
        if len(author.findall(f"{A}name")) != 1:
            problems.append("an atom:author without exactly one atom:name")
    for link in feed.iter(f"{A}link"):
        if not link.get("href"):
            problems.append("an atom:link without href")
    ids = [e.findtext(f"{A}id") for e in entries]
    if len(set(ids)) != len(ids):
        problems.append("two entries share an atom:id")
    for number, entry in enumerate(entries):
        for tag in ("id", "title", "updated"):
            once(entry, tag, f"entry {number}")
        alternate = [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        if not entry.findall(f"{A}content") and not alternate:
            problems.append(f"entry {number} has neither atom:content nor an alternate link")
        for category in entry.findall(f"{A}category"):
            if not category.get("term"):
                problems.append(f"entry {number} has an atom:category without term")
    return problems


def entries(root: ET.Element) -> list[tuple[str, str]]:
    return [(e.findtext(f"{A}title") or "", e.findtext(f"{A}id") or "") for e in root.findall(f"{A}entry")]


def test_changes_lists_every_change_oldest_first(client):
    body = client.get("/changes").json()
    assert [(c["seq"], c["action"], c["document"]) for c in body["changes"]] == [
        (1, "added", "20-CTr-TU-hai-duong-2021"), (2, "added", HA_NAM_ID), (3, "added", HAI_PHONG_ID),
        (4, "replaced", HAI_PHONG_ID), (5, "removed", HA_NAM_ID)]
    assert body["next"] is None
    replaced = body["changes"][3]
    assert {k: replaced[k] for k in ("tasks_gained", "tasks_lost", "assignments_gained", "assignments_lost")} == {
        "tasks_gained": 0, "tasks_lost": 1, "assignments_gained": 0, "assignments_lost": 4}
    assert replaced["file"] == HAI_PHONG.name and len(replaced["sha256"]) == 64
    assert replaced["previous_sha256"] == body["changes"][2]["sha256"] != replaced["sha256"]


def test_since_takes_a_date_or_a_time_and_pages_follow_next(client):
    everything = client.get("/changes").json()["changes"]
    third = everything[2]["at"]
    assert [c["seq"] for c in client.get("/changes", params={"since": third}).json()["changes"]] == \
        [c["seq"] for c in everything if c["at"] >= third]
    today = dt.datetime.fromisoformat(everything[0]["at"]).date().isoformat()
    assert len(client.get("/changes", params={"since": today}).json()["changes"]) == 5
    assert client.get("/changes", params={"since": "2999-01-01"}).json() == {"changes": [], "next": None}
    seen: list[int] = []
    url = "/changes?limit=2"
    while url:
        page = client.get(url).json()
        seen += [c["seq"] for c in page["changes"]]
        url = page["next"]
    assert seen == [1, 2, 3, 4, 5]


def test_a_province_or_an_agency_sees_only_its_changes(client):
    by_province = client.get("/changes", params={"province": "ha-nam"}).json()["changes"]
    assert [(c["action"], c["document"]) for c in by_province] == [("added", HA_NAM_ID), ("removed", HA_NAM_ID)]
    by_agency = client.get("/changes", params={"agency": "bo-chi-huy-quan-su.hai-phong"}).json()["changes"]
    assert [c["action"] for c in by_agency] == ["added", "replaced"]


def test_a_province_follows_the_documents_of_the_provinces_merged_into_it(client):
    """Hải Dương merged into the new Hải Phòng on 1/7/2025: its documents' changes are Hải Phòng's now."""
    merged = client.get("/changes", params={"province": "hai-phong-2025"}).json()["changes"]
    assert {c["province"] for c in merged} == {"hai-duong", "hai-phong"}
    assert [c["seq"] for c in merged] == [c["seq"] for c in client.get("/changes").json()["changes"]
                                          if c["province"] in ("hai-duong", "hai-phong")]
    by_name = client.get("/changes", params={"province": "tỉnh Hải Dương"}).json()["changes"]
    assert {c["province"] for c in by_name} == {"hai-duong"}
    assert client.get("/changes", params={"province": "Atlantis"}).status_code == 404


def test_a_since_that_is_not_a_date_is_a_problem(client):
    answer = client.get("/changes", params={"since": "last week"})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert "2026-12-01" in answer.json()["detail"]


def test_the_atom_feed_is_valid_atom_newest_first(client):
    root = feed(client)
    titles = [title for title, _ in entries(root)]
    assert [t.split(":")[0] for t in titles] == ["removed", "replaced", "added", "added", "added"]
    assert root.findtext(f"{A}updated") == max(e.findtext(f"{A}updated") or "" for e in root.findall(f"{A}entry"))
    added = root.findall(f"{A}entry")[2]
    link = added.find(f"{A}link")
    assert link is not None and link.get("href", "").endswith(f"/documents/{HAI_PHONG_ID}")
    assert client.get(link.get("href", "")).status_code == 200


def test_the_atom_feed_follows_a_province_or_an_agency(client):
    ha_nam = feed(client, province="ha-nam")
    assert [t.split(":")[0] for t, _ in entries(ha_nam)] == ["removed", "added"]
    assert "ha-nam" in (ha_nam.findtext(f"{A}title") or "")
    military = feed(client, agency="bo-chi-huy-quan-su.hai-phong")
    assert [t.split(":")[0] for t, _ in entries(military)] == ["replaced", "added"]
    nobody = feed(client, agency="no-such-agency")
    assert entries(nobody) == []


def test_a_server_sees_a_change_made_by_another_process_within_a_second(tmp_path, store):
    own = GraphStore(Path(shutil.copytree(store.root, tmp_path / "store")))
    with TestClient(create_app(Settings(neo4j_uri=None), own)) as c:
        before: list[dict[str, Any]] = c.get("/changes").json()["changes"]
        ingest([HAU_GIANG], own)
        time.sleep(1.1)
        after = c.get("/changes").json()["changes"]
    assert after[:-1] == before
    assert (after[-1]["seq"], after[-1]["action"], after[-1]["file"]) == (6, "added", HAU_GIANG.name)
