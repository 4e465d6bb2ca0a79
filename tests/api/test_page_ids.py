"""People read documents by their symbol, never by our ids: in a real Chromium, a task page reaches
the resolution it implements in one click on a symbol, and no document, task, agency or province page
of the corpus shows an internal id (document ids, draft hashes, task numbers, agency and province ids)
in its text or in its diagram's boxes. Ids stay in addresses (#/document/42-NQ-TW-2023), never in what
people read."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from graph.backends import EmbeddedBackend
from queries.registry import library
from tests.api.test_page import base_url, browser, page  # noqa: F401  (the shared server and browser)

REFERENCE = Path(__file__).resolve().parents[2] / "ontology" / "reference"
HA_NAM_TASK = "x-KH-UBND-ha-nam-2024-a382d3c1.III.1.1"

# What an internal id looks like, and an example of each from the corpus.
ID_FORMS: dict[str, str] = {
    r"\b\d+-\d{4}-[A-ZĐ]": "a normative document's id: 45-2025-ND-CP",
    r"\b\d+-[A-Z][A-Za-z]*-[A-Z][A-Za-z]*-": "a document's id: 42-NQ-TW-2023, 113-CTr-TU-ha-nam-2024",
    r"-undated\b": "an undated cited document's id: 05-CT-TW-undated",
    r"\bx-[A-Z]": "an unnumbered draft's id: x-KH-UBND-ha-nam-2024-a382d3c1",
    r"-[0-9a-f]{8}\b": "the hash tail of a draft's id: -a382d3c1",
    r"~\d": "the number that tells apart a section's tasks: II.2~3",
    r"\bP\d+\.": "a part's code in a section path: P2.III.2",
    r"\b[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z0-9]+)+\b": "an agency's id: so-y-te.hai-phong-2025",
    r"(?<![\w/.-])[a-z]+(?:-[a-z0-9]+){2,}(?![\w/-])": "an id of words joined by hyphens: bo-noi-vu",
}


def province_ids() -> set[str]:
    """Every province id of the reference data (ha-nam, hai-phong-2025)."""
    ids: set[str] = set()
    for name, column in (("provinces.csv", "id"), ("provinces-2025.csv", "successor")):
        with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
            ids |= {row[column] for row in csv.DictReader(f) if row[column]}
    return ids


def id_pattern() -> re.Pattern[str]:
    places = "|".join(sorted(map(re.escape, province_ids()), key=len, reverse=True))
    return re.compile("|".join([*ID_FORMS, rf"(?<![\w-])(?:{places})(?![\w-])"]))


def show(tab: Any, base: str, route: str) -> None:
    """Open a route of the page (within one loaded page: only the address's # part changes) and wait
    until it is drawn."""
    if not tab.url.startswith(base):
        tab.goto(f"{base}/{route}")
    else:
        tab.evaluate("(route) => { location.hash = route; }", route)
    tab.wait_for_function("(route) => document.querySelector('main').dataset.route === route", arg=route)


def visible_words(tab: Any) -> str:
    """What a reader sees: the page's text, its title and the labels drawn in its diagrams."""
    return tab.evaluate("""() => [document.title, document.querySelector('main').innerText,
        ...[...document.querySelectorAll('.diagram')]
          .flatMap((box) => box.cy ? box.cy.nodes().map((n) => n.data('label')) : [])
      ].join('\\n')""")


def test_a_task_page_reaches_its_resolution_in_one_click_by_symbol(page, base_url):  # noqa: F811
    from playwright.sync_api import expect

    show(page, base_url, f"#/task/{quote(HA_NAM_TASK, safe='')}")
    roots = page.locator("main #roots a")
    expect(roots).to_have_text(["42-NQ/TW"])
    expect(page.locator("main .crumbs")).to_contain_text("Kế hoạch (không số) · tỉnh Hà Nam · 2024")
    expect(page.locator("main .chain-path", has_text="68/NQ-CP")).to_have_count(1)
    assert not id_pattern().search(visible_words(page))
    roots.click()
    expect(page).to_have_url(re.compile(r"#/document/42-NQ-TW-2023$"))
    expect(page.locator("main h1")).to_contain_text("Nghị quyết số 42-NQ/TW")
    expect(page.locator("main dl")).to_contain_text("24/11/2023")
    page.wait_for_function("() => document.querySelector('main').dataset.route === '#/document/42-NQ-TW-2023'")
    assert not id_pattern().search(visible_words(page))


def test_a_document_is_reached_by_its_symbol_in_the_address(page, base_url):  # noqa: F811
    from playwright.sync_api import expect

    show(page, base_url, f"#/document/{quote('68/NQ-CP', safe='')}")
    expect(page.locator("main h1")).to_contain_text("Nghị quyết số 68/NQ-CP")
    expect(page.locator("main #references-out")).to_contain_text("42-NQ/TW")


def test_no_page_of_the_corpus_shows_an_internal_id(page, base_url, loaded_store):  # noqa: F811
    embedded = EmbeddedBackend(loaded_store)
    docs = [r["id"] for r in embedded.run(library()["documents"], {})]
    tasks = [t["task_id"] for d in docs for t in embedded.run(library()["document_tasks"], {"id": d})]
    agencies = [r["id"] for r in embedded.run(library()["agencies"], {})]
    provinces = [r["id"] for r in embedded.run(library()["provinces"], {})]
    routes = ([f"#/document/{quote(d, safe='')}" for d in docs] + [f"#/task/{quote(t, safe='')}" for t in tasks]
              + [f"#/agency/{quote(a, safe='')}" for a in agencies]
              + [f"#/province/{quote(p, safe='')}" for p in provinces] + ["#/"])
    assert len(docs) > 40 and len(tasks) > 200 and len(agencies) > 100
    pattern, shown = id_pattern(), []
    for route in routes:
        show(page, base_url, route)
        words = visible_words(page)
        assert page.locator("main .error").count() == 0, (route, words[:300])
        shown += [f"{route}: {m.group(0)!r} in …{words[max(0, m.start() - 40):m.end() + 40]}…"
                  for m in pattern.finditer(words)]
    assert not shown, "\n".join(shown[:40])


def test_each_id_form_catches_its_examples_and_no_symbol_as_people_write_it():
    pattern = id_pattern()
    for form, example in ID_FORMS.items():
        for sample in example.split(": ", 1)[1].split(", "):
            assert re.search(form, sample) and pattern.search(f"xem {sample} ở đây"), (form, sample)
    assert pattern.search("Địa phương: ha-nam")
    people = ("Nghị quyết số 42-NQ/TW ngày 24/11/2023; 45/2025/NĐ-CP; 202/2025/QH15; 113-CTr/TU; 3016/BYT-KH-TC; "
              "Phần thứ hai, mục III.2, điểm k; kinh tế - xã hội; giai đoạn 2021-2025; 12.392 căn hộ; Kế hoạch "
              "(không số) · tỉnh Hà Nam · 2024; 001_425aa0aa3f386de7.txt · dòng 73")
    assert not pattern.search(people), pattern.search(people)
