"""One API shape: every list is a page ``{total, offset, limit, items}`` with ``offset`` and ``limit``
checked the same way; filters take ids and names as people write them; a filter value that names
nothing is a 404 in Vietnamese naming the value; every date parameter follows one rule. Each
specification runs on the embedded store and on Neo4j, and both give the same answers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api import filters
from api.app import create_app
from api.deps import MAX_LIMIT
from api.models import DueTask, IndicatorOut, ProvinceOut, TargetOut, TaskSummary
from graph.backends import check_params
from policygraph.errors import BadRequest
from policygraph.settings import Settings
from queries.registry import library

HA_NAM_PLAN = "x-KH-UBND-ha-nam-2024-a382d3c1"
HA_NAM_LABOUR = "so-lao-dong-tbxh.ha-nam"
HAI_DUONG_LABOUR = "so-lao-dong-tbxh.hai-duong"
TASK = f"{HA_NAM_PLAN}.III.1.1"

# Every list endpoint, with parameters that give it a list of more than a few rows.
LISTS = ["/agencies", "/agencies/so-noi-vu.hai-phong-2025/assignments?as_of=2026-01-01",
         f"/agencies/{HAI_DUONG_LABOUR}/deadlines?as_of=2022-06-01", "/tasks", "/targets", "/indicators",
         "/provinces", "/provinces/hai-phong-2025/documents?as_of=2026-01-01", "/search?q=lao dong",
         "/documents", "/queries", "/queries/agencies"]
# What a list answer holds besides the page: the search's reading of the words, the query's columns.
EXTRA_KEYS = {"/search": {"query", "folded", "more", "facets"}, "/queries/": {"name", "backend", "columns"}}
PAGE_KEYS = {"total", "offset", "limit", "items"}


@pytest.fixture(scope="module")
def embedded(loaded_store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(neo4j_uri=None), loaded_store)) as c:
        yield c


@pytest.fixture(scope="module")
def on_neo4j(loaded_store, neo4j_graph) -> Iterator[TestClient]:
    """An app on Neo4j holding the corpus graph (pushed once for this module; other modules push
    the same graph)."""
    from graph.pgmodel import project

    neo4j_graph.push(*project(loaded_store.open_current()))
    with TestClient(create_app(Settings(), loaded_store)) as c:
        assert c.get("/health").json()["backend"] == "neo4j"
        yield c


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def client(request) -> TestClient:
    return request.getfixturevalue("embedded" if request.param == "embedded" else "on_neo4j")


def with_params(path: str, **params: Any) -> str:
    return path + ("&" if "?" in path else "?") + "&".join(f"{k}={v}" for k, v in params.items())


def items(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    r = client.get(path, params=params)
    assert r.status_code == 200, (path, params, r.text)
    return r.json()["items"]


# ------------------------------------------------------------------ the page


@pytest.mark.parametrize("path", LISTS)
def test_every_list_is_a_page_with_its_total(client, path):
    body = client.get(path).json()
    extra = next((keys for prefix, keys in EXTRA_KEYS.items() if path.startswith(prefix)), set())
    assert set(body) == PAGE_KEYS | extra, path
    assert body["offset"] == 0 and body["limit"] >= 1 and body["total"] >= len(body["items"]) >= 2, path


@pytest.mark.parametrize("path", LISTS)
def test_offset_and_limit_cut_a_page_from_the_same_list(client, path):
    whole = client.get(with_params(path, limit=MAX_LIMIT)).json()
    cut = client.get(with_params(path, offset=1, limit=1)).json()
    assert (cut["offset"], cut["limit"], cut["total"]) == (1, 1, whole["total"]), path
    assert cut["items"] == whole["items"][1:2], path


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("bad", ["limit=0", f"limit={MAX_LIMIT + 1}", "offset=-1", "limit=ten"])
def test_offset_and_limit_are_checked_the_same_way_on_every_list(embedded, path, bad):
    r = embedded.get(path + ("&" if "?" in path else "?") + bad)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json", (path, bad)


def list_paths(openapi: dict[str, Any]) -> list[str]:
    """The paths whose JSON answer (OpenAPI) holds the page's fields."""
    schemas = openapi["components"]["schemas"]
    out = []
    for path, operations in openapi["paths"].items():
        content = operations.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
        if PAGE_KEYS <= set(schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})):
            out.append(path)
    return out


def test_every_list_endpoint_is_specified_here_and_documented(embedded):
    """A new list endpoint answers the page too, and is added to LISTS and to the README."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    paths = list_paths(embedded.get("/openapi.json").json())
    assert len(paths) >= 12
    for path in paths:
        pattern = re.compile(re.sub(r"\\{\w+\\}", "[^/]+", re.escape(path)) + r"(\?.*)?$")
        assert any(pattern.match(listed) for listed in LISTS), path
        assert f"`{path.split('/{')[0]}" in readme, path
    assert "`{total, offset, limit, items}`" in readme[readme.index("One API shape"):]


@pytest.mark.parametrize("agency", [HA_NAM_LABOUR, "so-noi-vu.hai-duong", "so-noi-vu.hai-phong-2025",
                                    "so-y-te.ninh-binh-2025", "cong-an.hai-duong"])
def test_the_pages_of_an_agencys_assignments_make_up_its_whole_list(client, agency):
    """Its own rows are read a page at a time (counted, then only the page's window with its texts),
    the rows it carries for the bodies it succeeded follow them: any page cut is the same list."""
    path = f"/agencies/{agency}/assignments?as_of=2026-01-01"
    whole = client.get(with_params(path, limit=MAX_LIMIT)).json()
    pages = [client.get(with_params(path, offset=o, limit=3)).json() for o in range(0, whole["total"] + 3, 3)]
    assert {p["total"] for p in pages} == {whole["total"]} == {len(whole["items"])}
    assert [r for p in pages for r in p["items"]] == whole["items"]
    for role in ("host", "coordinator"):
        some = client.get(with_params(path, role=role, limit=MAX_LIMIT)).json()
        assert some["total"] == len(some["items"]) and all(r["role"] == role for r in some["items"])


class TwoKindsOfRows:
    """A body with 5 assignments of its own and 4 it carries for a body it succeeded (none in the
    corpus holds both at one date), answering the three queries a page of them runs."""

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        row = {"document_id": "d", "role": "host", "task_text": "t"}
        if name == "agency_assignment_counts":
            return [{"role": "host", "via_group": None, "assignments": 3},
                    {"role": "host", "via_group": "group-x", "assignments": 2}]
        if name == "inherited_assignments":
            return [row | {"task_id": f"carried-{i}", "origin_id": "old", "route_reason": "whole"} for i in range(4)]
        own = [row | {"task_id": f"own-{i}"} for i in range(5)]
        start = int(params.get("offset") or 0)
        return own[start:start + int(params["limit"])] if params.get("limit") else own[start:]


@pytest.mark.parametrize("offset", range(11))
@pytest.mark.parametrize("limit", [1, 2, 4, 9, 500])
def test_a_page_across_own_and_carried_over_rows_is_that_slice_of_both(offset, limit):
    from api.deps import Paging
    from api.routes.agencies import assignments, assignments_page
    svc, agency, day = TwoKindsOfRows(), {"id": "a", "kind": "agency"}, dt.date(2026, 1, 1)
    whole = [r.task_id for r in assignments(svc, agency, None, day, True)]  # type: ignore[arg-type]
    page = assignments_page(svc, agency, None, day, True, Paging(offset, limit))  # type: ignore[arg-type]
    assert page.total == len(whole) == 9
    assert [r.task_id for r in page.items] == whole[offset:offset + limit]


def test_a_page_past_the_end_is_empty_with_the_total(client):
    body = client.get("/agencies", params={"offset": 100_000}).json()
    assert body["items"] == [] and body["total"] > 100


# ------------------------------------------------------------------ filters by id and by name


@pytest.mark.parametrize("path", ["/targets", "/tasks", "/agencies"])
def test_a_province_filter_takes_the_id_or_the_name_as_people_write_it(client, path):
    by_id = items(client, path, province="ha-nam", limit=MAX_LIMIT)
    assert by_id
    for name in ("Hà Nam", "ha nam", "tỉnh Hà Nam", "TỈNH HÀ NAM"):
        assert items(client, path, province=name, limit=MAX_LIMIT) == by_id, (path, name)


def test_target_rows_name_their_province_and_their_indicator(client):
    rows = items(client, "/targets", province="tỉnh Hà Nam", limit=MAX_LIMIT)
    labels = {i["id"]: i["label"] for i in items(client, "/indicators", limit=MAX_LIMIT)}
    assert {(r["province"], r["province_name"]) for r in rows} == {("ha-nam", "tỉnh Hà Nam")}
    assert all(r["indicator_label"] == labels[r["indicator"]] and r["indicator_label"] for r in rows)


def test_an_indicator_filter_takes_the_id_or_a_label(client):
    by_id = items(client, "/targets", indicator="unemployment-rate")
    assert by_id and {r["indicator"] for r in by_id} == {"unemployment-rate"}
    label = by_id[0]["indicator_label"]
    assert items(client, "/targets", indicator=label) == by_id
    assert items(client, "/targets", indicator=label.upper()) == by_id


def test_an_agency_filter_takes_the_id_the_name_or_its_abbreviation(client):
    by_id = items(client, "/tasks", agency=HA_NAM_LABOUR, limit=MAX_LIMIT)
    assert by_id
    for name in ("Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam", "so lao dong thuong binh va xa hoi ha nam",
                 "Sở LĐTBXH Hà Nam"):
        assert items(client, "/tasks", agency=name, limit=MAX_LIMIT) == by_id, name


def test_a_name_two_bodies_bear_names_both(client):
    """The Sở Y tế of Hải Phòng before and after the 2025 merger have one name: the name filters
    the tasks of both; the ids keep them apart."""
    both = {r["task_id"] for r in items(client, "/tasks", agency="Sở Y tế Hải Phòng", limit=MAX_LIMIT)}
    old = {r["task_id"] for r in items(client, "/tasks", agency="so-y-te.hai-phong", limit=MAX_LIMIT)}
    new = {r["task_id"] for r in items(client, "/tasks", agency="so-y-te.hai-phong-2025", limit=MAX_LIMIT)}
    assert old and both == old | new


def test_a_province_named_in_the_path_is_the_one_that_exists_at_the_date(client):
    for day, current in (("2026-01-01", "hai-phong-2025"), ("2024-01-01", "hai-phong")):
        by_name = client.get("/provinces/thành phố Hải Phòng/documents", params={"as_of": day}).json()
        assert by_name == client.get(f"/provinces/{current}/documents", params={"as_of": day}).json(), day


def test_a_document_filter_takes_the_id_or_the_symbol(client):
    by_id = items(client, "/tasks", document="9491-KH-UBND-dong-nai-2021", limit=MAX_LIMIT)
    assert by_id and items(client, "/tasks", document="Kế hoạch 9491", limit=MAX_LIMIT) == by_id


def test_task_rows_carry_their_document(client):
    rows = items(client, "/tasks", limit=MAX_LIMIT)
    assert rows and all(r["task_id"].startswith(r["document_id"] + ".") for r in rows)
    assert {r["document_id"] for r in items(client, "/tasks", province="ha-nam")} == {HA_NAM_PLAN}


def test_the_words_of_a_search_filter_hold_in_any_order(client):
    rows = items(client, "/tasks", q="ma tuy cai nghien")
    assert rows and all("cai nghiện" in r["text"].lower() for r in rows)
    assert items(client, "/agencies", q="ha nam so lao dong") == items(client, "/agencies", q="Sở Lao động Hà Nam")


# ------------------------------------------------------------------ a value that names nothing


@pytest.mark.parametrize("path, value", [
    ("/tasks?agency=nope", "nope"), ("/tasks?province=nope", "nope"), ("/tasks?document=nope", "nope"),
    ("/targets?province=Atlantis", "Atlantis"), ("/targets?indicator=nope", "nope"),
    ("/agencies?province=nope", "nope"), (f"/agencies/{HAI_DUONG_LABOUR}/deadlines?document=nope", "nope"),
    ("/provinces/nope/documents", "nope"), ("/agencies/nope/assignments", "nope")])
def test_a_filter_value_that_names_nothing_is_a_404_naming_it_in_vietnamese(client, path, value):
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json", path
    detail = r.json()["detail"]
    assert value in detail and detail.startswith("Không tìm thấy"), detail


@pytest.mark.parametrize("path", ["/documents", "/tasks", "/targets"])
def test_a_province_no_document_names_yet_filters_to_an_empty_page_not_a_404(client, path):
    for value in ("ca-mau", "Cà Mau", "tỉnh Cà Mau"):
        r = client.get(path, params={"province": value})
        assert r.status_code == 200 and r.json()["total"] == 0 and r.json()["items"] == [], (path, value)


def test_a_shortened_name_that_fits_several_says_so(embedded):
    detail = embedded.get("/tasks", params={"agency": "Sở Y tế"}).json()["detail"]
    assert "Sở Y tế" in detail and "khớp" in detail


# ------------------------------------------------------------------ how a name is read (NAME_RULES)

# Each rule's example, the listing it is read against, and what it names.
RULE_CASES = {"id": ("provinces", filters.PROVINCE, {"ha-nam"}),
              "name": ("provinces", filters.PROVINCE, {"ha-nam"}),
              "words": ("agencies", filters.AGENCY, {HA_NAM_LABOUR})}


@pytest.mark.parametrize("rule", filters.NAME_RULES, ids=lambda r: r.name)
def test_every_name_rule_reads_its_example_and_decides_it(embedded, rule):
    listing, kind, expected = RULE_CASES[rule.name]
    rows = embedded.app.state.services.run(listing)
    assert filters.reading(rule.example, rows, kind) == (rule, frozenset(expected))


# ------------------------------------------------------------------ dates

DATED = [f"/tasks/{TASK}", f"/agencies/{HA_NAM_LABOUR}", f"/agencies/{HA_NAM_LABOUR}/assignments",
         f"/agencies/{HA_NAM_LABOUR}/deadlines", "/provinces/hai-phong-2025/documents"]
NOT_DAYS = ["2025-13-40", "2025-2-1", "2025-01-01T00:00:00", "0", "garbage", "20250101"]


@pytest.mark.parametrize("value", NOT_DAYS)
def test_every_date_parameter_refuses_what_is_not_a_day_the_same_way(embedded, value):
    for path in DATED:
        r = embedded.get(path, params={"as_of": value})
        assert r.status_code == 422 and "is not a date (YYYY-MM-DD)" in r.json()["detail"], (path, value)
    named = embedded.get("/queries/responsible_now", params={"id": TASK, "as_of": value})
    assert named.status_code == 422 and "is not a date (YYYY-MM-DD)" in named.json()["detail"]
    with pytest.raises(BadRequest, match="is not a date"):  # what the CLI's `query -p as_of=` runs
        check_params(library()["responsible_now"], {"id": TASK, "as_of": value})


def test_a_real_day_is_accepted_everywhere(embedded):
    for path in DATED:
        assert embedded.get(path, params={"as_of": "2024-02-29"}).status_code == 200, path


# ------------------------------------------------------------------ models and parity


def test_list_models_are_the_columns_of_their_queries():
    pairs: list[tuple[type[BaseModel], str]] = [(TaskSummary, "document_tasks"), (ProvinceOut, "provinces"),
                                                (IndicatorOut, "indicators"), (TargetOut, "targets_by_indicator"),
                                                (DueTask, "due_tasks")]
    for model, query in pairs:
        assert tuple(model.model_fields) == library()[query].columns, model.__name__


FILTERED = ["/tasks?province=Hải Phòng&limit=500", "/tasks?agency=Sở LĐTBXH Hà Nam", "/targets?province=tỉnh Hà Nam",
            "/targets?indicator=hospital-beds", "/agencies?province=hai-phong-2025", "/tasks?document=Kế hoạch 9491",
            "/provinces/Hải Phòng/documents?as_of=2024-01-01", "/tasks?agency=nope", "/targets?indicator=nope"]


def test_both_backends_give_the_same_pages(embedded, on_neo4j):
    for path in LISTS + FILTERED + [with_params(p, offset=2, limit=3) for p in LISTS]:
        if path.startswith("/queries/"):
            continue  # the body names its backend
        assert embedded.get(path).json() == on_neo4j.get(path).json(), path
    ours, theirs = embedded.get("/queries/agencies").json(), on_neo4j.get("/queries/agencies").json()
    assert ours.pop("backend") == "embedded" and theirs.pop("backend") == "neo4j" and ours == theirs
