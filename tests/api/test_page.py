"""The web page at ``/`` in a real headless Chromium (Debian's, driven by Playwright) against a real uvicorn
server on the corpus: search without diacritics, a task with its responsible agencies and quotes, its chains
to resolution 42-NQ/TW as text and as a diagram, a document's lineage diagram, and an agency's export links.
Screenshots are written to test-output/. A missing Chromium or Playwright fails the test; it never skips."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from api.app import create_app
from policygraph.settings import Settings
from tests.conftest import serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUT = Path(__file__).resolve().parents[2] / "test-output"
HA_NAM = "x-KH-UBND-ha-nam-2024-a382d3c1"
TASK = f"{HA_NAM}.III.1.1"
HOST = "Sở Thông tin và Truyền thông tỉnh Hà Nam"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def base_url(loaded_store) -> Iterator[str]:
    """A real uvicorn server for the corpus store, on a free localhost port, in a background thread."""
    with serving(create_app(Settings(neo4j_uri=None), loaded_store)) as url:
        try:
            urllib.request.urlopen(f"{url}/", timeout=10).close()
            status = 200
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            pytest.fail(f"GET / answered {status}: the web page is not wired in (api/app.py: page.install(app))")
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: python3 -m pip install -e '.[test]' (it needs playwright>=1.40)")
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium (scripts/test installs it)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, base_url) -> Iterator[Any]:
    """A fresh page; afterwards: no script or console errors, no missing page file, nothing fetched from
    outside our server (no CDN)."""
    OUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems: list[str] = []
    foreign: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    # a failed fetch is logged to the console too; API errors are part of the tests, page files are not
    tab.on("console", lambda msg: problems.append(f"console: {msg.text}")
           if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    tab.on("response", lambda res: problems.append(f"HTTP {res.status} {res.url}")
           if res.status >= 400 and re.match(re.escape(base_url) + r"/(static/|$|#)", res.url) else None)
    tab.on("request", lambda req: None if req.url.startswith((base_url, "data:", f"blob:{base_url}"))
           else foreign.append(req.url))
    yield tab
    context.close()
    assert not problems, problems
    assert not foreign, f"the page reached outside its own server: {foreign}"


def shot(page, name: str, full: bool = True) -> None:
    page.screenshot(path=str(OUT / name), full_page=full)


def cytoscape_has(page, container: str, node_id: str) -> bool:
    return bool(page.evaluate("([box, id]) => document.getElementById(box).cy.getElementById(id).length",
                              [container, node_id]))


def test_search_task_lineage_and_agency_in_a_real_browser(page, base_url):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/")
    expect(page.locator("main h1")).to_contain_text("chính sách xã hội")
    expect(page.locator("main table.documents").first).to_contain_text("Ủy ban nhân dân tỉnh Hà Nam")
    shot(page, "01-home.png")

    # search without diacritics; results grouped by kind
    search = page.locator("#search-input")
    search.fill("so lao dong thuong binh")
    search.press("Enter")
    expect(page.locator("#hits-agency")).to_contain_text("Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam")
    expect(page.locator("#hits-task li").first).to_be_visible()
    shot(page, "02-search.png", full=False)

    # a task result leads to the task page: text, source lines, agencies by role with their quotes
    search.fill("dinh huong cac co quan bao chi")
    search.press("Enter")
    page.locator("#hits-task a", has_text="Định hướng các cơ quan báo chí").click()
    expect(page).to_have_url(re.compile(r"#/task/" + re.escape(quote(TASK, safe=""))))
    expect(page.locator("main h1")).to_contain_text("III.1.1")
    expect(page.locator("#source")).to_contain_text("001_425aa0aa3f386de7.txt · dòng 73")
    host = page.locator('#responsible [data-role="host"]')
    expect(host.locator(".agency-name")).to_have_text(HOST)
    expect(host.locator("blockquote")).to_contain_text("- Cơ quan chủ trì: Sở Thông tin và Truyền thông.")
    expect(host).to_contain_text("001_425aa0aa3f386de7.txt · dòng 75")
    expect(page.locator('#responsible [data-role="coordinator"]')).to_contain_text(
        "Các sở, ban, ngành có liên quan tỉnh Hà Nam")
    shot(page, "03-task.png")

    # its chains to the resolution: as text steps with quotes, and as a diagram
    lineage = page.locator("#lineage")
    lineage.scroll_into_view_if_needed()
    expect(lineage.locator(".chain")).to_have_count(2)
    expect(lineage.locator(".chain-path").first).to_contain_text("42-NQ/TW")
    expect(lineage.locator("ol.steps blockquote").first).to_be_visible()
    expect(page.locator("#task-diagram canvas").first).to_be_attached()
    assert cytoscape_has(page, "task-diagram", "42-NQ-TW-2023")
    assert cytoscape_has(page, "task-diagram", "68-NQ-CP-2024")
    lineage.screenshot(path=str(OUT / "04-task-lineage.png"))

    # click through to the document: its lineage diagram, references and tasks
    lineage.locator(".chain-path a", has_text="Kế hoạch (không số) · tỉnh Hà Nam · 2024").first.click()
    expect(page).to_have_url(re.compile(r"#/document/" + re.escape(HA_NAM) + "$"))
    expect(page.locator("#references-out")).to_contain_text("42-NQ/TW")
    expect(page.locator("#tasks")).to_contain_text("III.1.1")
    expect(page.locator("#document-diagram canvas").first).to_be_attached()
    assert cytoscape_has(page, "document-diagram", "42-NQ-TW-2023")
    assert cytoscape_has(page, "document-diagram", TASK)
    shot(page, "05-document.png")
    page.locator("#lineage").screenshot(path=str(OUT / "05-document-lineage.png"))

    # a node of the diagram opens its page: the resolution, drawn with the documents implementing it
    box = page.locator("#document-diagram").bounding_box()
    point = page.evaluate("document.getElementById('document-diagram').cy.getElementById('42-NQ-TW-2023')"
                          ".renderedPosition()")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    expect(page).to_have_url(re.compile(r"#/document/42-NQ-TW-2023$"))
    expect(page.locator("#references-in")).to_contain_text("68/NQ-CP")
    expect(page.locator("#document-diagram canvas").first).to_be_attached()
    shot(page, "06-resolution.png")
    page.locator("#lineage").screenshot(path=str(OUT / "06-resolution-lineage.png"))

    # back on the task, the host links to its agency page: counts, assignments by role, exports
    page.goto(f"{base_url}/#/task/{quote(TASK, safe='')}")
    page.locator('#responsible [data-role="host"] .agency-name a').click()
    expect(page.locator("main h1")).to_have_text(HOST)
    expect(page.locator('#counts li[data-key="host"]')).to_be_visible()
    expect(page.locator('#assignments [data-role="host"]')).to_contain_text("III.1.1")
    csv_link, xlsx_link = page.locator("#export-csv"), page.locator("#export-xlsx")
    expect(csv_link).to_have_attribute("href", "/agencies/so-thong-tin-truyen-thong.ha-nam/assignments?format=csv")
    expect(xlsx_link).to_have_attribute("href", "/agencies/so-thong-tin-truyen-thong.ha-nam/assignments?format=xlsx")
    shot(page, "07-agency.png")
    with page.expect_download() as download:
        csv_link.click()
    assert download.value.suggested_filename == "assignments-so-thong-tin-truyen-thong.ha-nam.csv"
    assert "Loại giao việc" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    excel = page.request.get(base_url + xlsx_link.get_attribute("href"))
    assert excel.ok and excel.headers["content-type"] == XLSX and excel.body()[:2] == b"PK"


def test_who_is_responsible_now_side_by_side_and_what_a_successor_inherited(page, base_url):
    from playwright.sync_api import expect

    task = "113-KH-UBND-hai-phong-2022.II.2~3"   # poverty reduction, given to Sở LĐTBXH Hải Phòng
    page.goto(f"{base_url}/#/task/{quote(task, safe='')}")
    now = page.locator("#responsible-now")
    named = "Sở Lao động - Thương binh và Xã hội thành phố Hải Phòng"
    expect(now.locator("table.responsible-now")).to_contain_text(named)
    expect(now).to_contain_text("Sở Nông nghiệp và Môi trường thành phố Hải Phòng")
    expect(now).to_contain_text("45/2025/NĐ-CP")
    expect(now).to_contain_text("202/2025/QH15")
    expect(now).to_contain_text("theo lĩnh vực của nhiệm vụ")
    now.screenshot(path=str(OUT / "08-responsible-now.png"))

    now.locator("a", has_text="Sở Nông nghiệp và Môi trường thành phố Hải Phòng").first.click()
    expect(page.locator("main h1")).to_have_text("Sở Nông nghiệp và Môi trường thành phố Hải Phòng")
    expect(page.locator("main dl")).to_contain_text("từ 01/07/2025")
    inherited = page.locator("#inherited table.inherited")
    expect(inherited).to_contain_text("Sở Lao động - Thương binh và Xã hội thành phố Hải Phòng")
    expect(inherited).to_contain_text("Mục II.2")
    shot(page, "09-successor-agency.png")


def test_an_agency_page_keeps_certain_and_possible_assignments_apart(page, base_url):
    """The new Sở Y tế of Hải Phòng: named tasks, tasks certainly carried over, and tasks it may carry
    (a split body whose task field is unknown) are counted apart and explained in visible words."""
    from playwright.sync_api import expect

    agency = "so-y-te.hai-phong-2025"
    rows = page.request.get(f"{base_url}/agencies/{agency}/assignments", params={"limit": 500}).json()["items"]
    kinds = ("named", "general_clause", "succeeded", "possible")
    by_kind = {kind: sum(r["kind"] == kind for r in rows) for kind in kinds}
    assert by_kind["possible"] > 0 and sum(by_kind.values()) == len(rows)
    page.goto(f"{base_url}/#/agency/{agency}")
    counts = page.locator("#kinds")
    for kind, n in by_kind.items():
        expect(counts.locator(f'li[data-kind="{kind}"] strong')).to_have_text(str(n))
    expect(counts).to_contain_text("chưa xác định được lĩnh vực của nhiệm vụ")
    expect(page.locator("#possible table.inherited tbody tr")).to_have_count(by_kind["possible"])
    assert page.locator("#inherited table.inherited tbody tr").count() == by_kind["succeeded"]
    shot(page, "10-agency-kinds.png")


def test_an_agency_and_a_province_show_their_recent_changes_with_a_feed_to_follow(page, base_url):
    """Legal staff follow what changed in their province's obligations: the agency page and the
    province page list the loads of the last 30 days that touched them, newest first, and link the
    Atom feed of the same changes."""
    from playwright.sync_api import expect

    agency = "so-lao-dong-tbxh.ha-nam"
    mine = page.request.get(f"{base_url}/changes", params={"agency": agency, "limit": 1000}).json()["changes"]
    assert mine and all(c["action"] == "added" for c in mine)
    page.goto(f"{base_url}/#/agency/{agency}")
    changes = page.locator("#changes")
    expect(changes.locator("table.changes tbody tr")).to_have_count(len(mine))
    expect(changes).to_contain_text("Nạp mới")
    expect(changes).to_contain_text("Kế hoạch (không số) · tỉnh Hà Nam · 2024")
    feed = changes.locator("#changes-feed")
    assert page.request.get(base_url + feed.get_attribute("href")).headers["content-type"].startswith(
        "application/atom+xml")

    page.locator("main dl a", has_text="Hà Nam").first.click()
    expect(page).to_have_url(re.compile(r"#/province/ha-nam$"))
    expect(page.locator("main h1")).to_have_text("tỉnh Hà Nam (đến 30/06/2025)")
    expect(page.locator("main dl")).to_contain_text("Sáp nhập vào")
    expect(page.locator("#documents")).to_contain_text("113-CTr/TU")
    expect(page.locator("#changes table.changes tbody tr").first).to_contain_text("Nạp mới")

    page.goto(f"{base_url}/#/province/hai-phong-2025")
    expect(page.locator("#documents")).to_contain_text("sáp nhập từ 01/07/2025")
    shot(page, "11-province-changes.png")


@pytest.mark.parametrize("view", ["#/", f"#/document/{HA_NAM}", f"#/task/{quote(TASK, safe='')}",
                                  "#/agency/so-y-te.hai-phong-2025", "#/search/so%20lao%20dong",
                                  "#/province/hai-phong-2025"])
def test_pages_fit_a_phone_without_scrolling_sideways(browser, base_url, view):
    """At 390 px (a phone) every page reflows: tables become labelled cards, nothing is wider than the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(f"{base_url}/{view}")
        tab.wait_for_selector("main h1")
        tab.wait_for_load_state("networkidle")
        widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{view} is {widths[0]} px wide on a {widths[1]} px screen"
        if tab.locator("table").count():
            assert tab.evaluate("getComputedStyle(document.querySelector('tbody tr')).display") == "block"
        tab.screenshot(path=str(OUT / f"phone-{re.sub(r'[^a-z]+', '-', view.split('/')[1] or 'home')}.png"),
                       full_page=False)
    finally:
        context.close()


def test_data_is_shown_as_text_never_as_markup(page, base_url):
    from playwright.sync_api import expect

    bait = '<img src=x onerror="window.pwned=1"><b>đậm</b>'
    page.goto(f"{base_url}/#/search/{quote(bait, safe='')}")
    expect(page.locator("main h1")).to_contain_text(bait)
    assert page.locator("main img, main b").count() == 0
    assert page.evaluate("window.pwned") is None
    page.goto(f"{base_url}/#/task/no-such-task")
    expect(page.locator("main .error")).to_contain_text("no task 'no-such-task'")


def test_a_document_page_shows_what_its_reader_could_not_settle(page, base_url):
    """Legal staff see the Hậu Giang draft's contradiction on the document page, with the quoted line."""
    from playwright.sync_api import expect

    docs = page.request.get(f"{base_url}/documents?province=hau-giang").json()["items"]
    [hau_giang] = [d["id"] for d in docs if d["loaded"]]
    page.goto(f"{base_url}/#/document/{quote(hau_giang, safe='')}")
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("Văn bản được thực hiện không thống nhất")
    expect(warnings).not_to_contain_text("implements_mismatch")
    expect(warnings.locator("blockquote", has_text="43-NQ/TW")).to_be_visible()
    expect(warnings).to_contain_text("004_a0faca7928c2b4ec.txt")
    warnings.screenshot(path=str(OUT / "08-document-warnings.png"))


def test_api_docs_render_offline_from_the_servers_own_files(page, base_url):
    """Government intranets are offline: Swagger UI comes from our server, not a CDN (the page fixture
    fails the test on any request outside it)."""
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".swagger-ui .information-container .title")
    assert "policygraph" in page.inner_text(".swagger-ui .information-container .title")
    page.wait_for_selector(".opblock-summary-path")
    assert page.locator(".opblock-summary-path").count() >= 17
    shot(page, "docs-offline.png", full=False)


def test_the_reading_docs_render_offline_and_never_ask_a_cdn_for_a_logo(page, base_url):
    """ReDoc's footer would load its maker's logo from a CDN; the page's policy keeps it on our server
    (the page fixture fails the test on any request outside it)."""
    answer = page.goto(f"{base_url}/redoc")
    assert answer is not None and "default-src 'self'" in answer.headers["content-security-policy"]
    page.wait_for_selector(".api-info h1")
    assert "policygraph" in page.inner_text(".api-info h1")
    assert page.locator("[data-section-id^='operation/']").count() >= 17
    shot(page, "redoc-offline.png", full=False)
