"""Search over an index made in parts finds what one index finds, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import Recorded, Served

QUERIES = ("interview", "salary", "sleep", "offer", "manager")


def _results(page: Page, served: Served, query: str) -> tuple[str, set[str]]:
    """The status line and every result's link (all pages of results) for a query."""
    page.goto(served.url(f"search/#q={query}"))
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(f"(results? for|Nothing matches) “{query}”"))
    more = page.get_by_role("button", name="Show more results")
    while more.is_visible():
        shown = page.locator(".search-result").count()
        more.click()
        expect(page.locator(".search-result")).not_to_have_count(shown)
    links = page.locator(".search-result-title a")
    return status.inner_text(), {link.get_attribute("href") or "" for link in links.all()}


@pytest.mark.parametrize("query", QUERIES)
def test_an_index_in_parts_finds_the_same_pages_as_one_index(
    context: BrowserContext, served: Served, served_in_parts: Served, query: str
) -> None:
    one_status, one = _results(context.new_page(), served, query)
    parts_status, parts = _results(context.new_page(), served_in_parts, query)
    assert parts_status == one_status
    assert {link.replace(served_in_parts.base, "", 1) for link in parts} == {
        link.replace(served.base, "", 1) for link in one
    }
    assert one  # the query finds something, so the comparison means something


def test_the_parts_share_one_webassembly_download(page: Page, served_in_parts: Served, requests: Recorded) -> None:
    page.goto(served_in_parts.url("search/#q=interview"))
    expect(page.locator(".search-result").first).to_be_visible()
    parts = {m.group(1) for u in requests.urls if (m := re.search(r"/pagefind/(part-\d+)/", u))}
    assert len(parts) > 2  # every part was asked
    assert len([u for u in requests.urls if "/wasm." in u]) == 1
    assert requests.other_origins(served_in_parts.origin) == []
