"""The search on the web page, in a real Chromium: what people type finds what they mean first,
with the words they typed marked in each result."""

from __future__ import annotations

from urllib.parse import quote

from tests.api.test_page import base_url, browser, page  # noqa: F401  (the real server and browser)


def test_nghi_quyet_42_lists_the_resolution_first(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/#/search/{quote('Nghị quyết 42', safe='')}")
    first = page.locator("section.hits li a").first
    first.wait_for()
    assert first.get_attribute("href").endswith("42-NQ-TW-2023")


def test_the_words_typed_are_marked_in_each_result(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/#/search/{quote('so y te hai phong', safe='')}")
    page.locator("section.hits li a").first.wait_for()
    marked = page.locator("section.hits li").first.locator("mark").all_inner_texts()
    assert marked == ["Sở", "Y", "tế", "Hải", "Phòng"]


def test_a_province_facet_shows_only_that_provinces_results(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/#/search/{quote('so y te', safe='')}")
    page.locator("section.hits li a").first.wait_for()
    everything = page.locator("section.hits li:visible").count()
    page.locator("nav.facets a", has_text="thành phố Hải Phòng").first.click()
    shown = page.locator("section.hits li:visible")
    assert 0 < shown.count() < everything
    assert set(shown.evaluate_all("items => items.map((li) => li.dataset.place)")) == {"thành phố Hải Phòng"}
    page.locator("nav.facets a.chosen").click()
    assert page.locator("section.hits li:visible").count() == everything
