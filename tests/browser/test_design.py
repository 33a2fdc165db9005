"""The hub's design in a real browser: accessibility, phones, search, print and privacy, on every page type."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ..conftest import REPO
from .conftest import Recorded, Served, axe_violations, describe

PAGE_TYPES = {
    "home": "",
    "article": "articles/so-you-had-a-bad-interview/",
    "all articles": "articles/",
    "topic": "topics/preparation/",
    "tag": "tags/nerves/",
    "reading path": "journeys/just-had-a-bad-interview/",
    "page": "about/",
    "search": "search/",
    "404": "404.html",
    "job board (no open roles)": "jobs/",
}
ARTICLE = "articles/nerves-sleep-food-and-timing/"
ARTICLE_TITLE = "Nerves, sleep, food and timing: the basics that sink interviews"
MENU = ("Articles", "Debrief worksheet", "Jobs", "About")


@pytest.fixture
def dark(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile whose system asks for the dark theme."""
    ctx = browser.new_context(color_scheme="dark")
    yield ctx
    ctx.close()


def _open(page: Page, served: Served, path: str) -> None:
    page.goto(served.url(path))
    page.wait_for_load_state("load")


def _search(page: Page, word: str) -> None:
    page.get_by_label("Search the articles").fill(word)
    expect(page.locator(".search-result").first).to_be_visible()


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_axe_violations_in_the_light_theme(page: Page, served: Served, path: str) -> None:
    _open(page, served, path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_axe_violations_in_the_dark_theme(dark: BrowserContext, served: Served, path: str) -> None:
    page = dark.new_page()
    _open(page, served, path)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_search_results(browser: Browser, served: Served, scheme: str) -> None:
    ctx = browser.new_context(color_scheme="dark" if scheme == "dark" else "light")
    try:
        page = ctx.new_page()
        _open(page, served, "search/")
        _search(page, "sleep")
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    finally:
        ctx.close()


def test_the_themes_differ(page: Page, dark: BrowserContext, served: Served) -> None:
    _open(page, served, "")
    night = dark.new_page()
    _open(night, served, "")
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(250, 247, 242)"
    assert night.evaluate(background) == "rgb(21, 25, 27)"


PHONE_PAGES = {**PAGE_TYPES, "widest table": "articles/questions-to-ask-your-interviewer/"}


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", PHONE_PAGES.values(), ids=PHONE_PAGES.keys())
def test_no_horizontal_scroll_on_a_phone(browser: Browser, served: Served, path: str, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 740})
    try:
        page = ctx.new_page()
        _open(page, served, path)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        if width == 320:  # e.g. a table that scrolls in its own box must take focus
            violations = axe_violations(page)
            assert violations == [], describe(violations)
    finally:
        ctx.close()


def test_every_page_type_has_one_h1_landmarks_and_a_skip_link(page: Page, served: Served) -> None:
    for path in PAGE_TYPES.values():
        _open(page, served, path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("header.site-header").count() == 1, path
        assert page.locator("main#main").count() == 1, path
        assert page.locator("footer.site-footer").count() == 1, path
        assert page.locator("nav[aria-label=Main] a").all_inner_texts() == list(MENU), path
        assert page.locator("body > :first-child").get_attribute("href") == "#main", path


def test_the_home_page_leads_with_the_flagship_article_and_the_worksheet(page: Page, served: Served) -> None:
    _open(page, served, "")
    assert page.locator("h1").inner_text() == "Had a bad interview?"
    starts = page.locator(".start-here a")
    assert [starts.nth(i).get_attribute("href") for i in range(starts.count())] == [
        "/next-round/articles/so-you-had-a-bad-interview/",
        "/next-round/worksheet/",
    ]
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:3] == ["Read in the order you need it", "Topics", "Newest articles"]


def test_keyboard_order_starts_with_the_skip_link_and_focus_is_visible(page: Page, served: Served) -> None:
    _open(page, served, ARTICLE)
    height = page.evaluate("innerHeight")
    focused: list[str] = []
    stops = 4 + len(MENU)  # the skip link, the site's name, the menu, the search box and its button
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"))
        style = page.evaluate(
            "(e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth])(document.activeElement)"
        )
        assert style == ["solid", "3px"], focused[-1]
        box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
        assert box["top"] >= 0 and box["bottom"] <= height and box["width"] >= 24 and box["height"] >= 24, focused[-1]
    assert focused == ["Skip to content", "Next Round", *MENU, "header-search-q", "Search"]
    for _ in range(stops - 1):
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the skip link
    assert page.evaluate("document.activeElement.id") == "main"


def test_reduced_motion_turns_transitions_off(browser: Browser, served: Served) -> None:
    ctx = browser.new_context(reduced_motion="reduce")
    try:
        page = ctx.new_page()
        _open(page, served, "")
        duration = "getComputedStyle(document.querySelector('.card')).transitionDuration"
        assert page.evaluate(duration) == "0s"
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    finally:
        ctx.close()


def test_search_finds_an_article_by_a_word_in_it(page: Page, served: Served) -> None:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    _open(page, served, "search/")
    expect(page.locator("[data-search-fallback]")).to_be_hidden()
    page.get_by_label("Search the articles").press_sequentially("caffeine", delay=20)
    result = page.get_by_role("link", name=ARTICLE_TITLE)
    expect(result).to_be_visible()
    assert result.get_attribute("href") == served.url(ARTICLE)
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ results? for “caffeine”$"))
    excerpt = page.locator(".search-result", has=result).locator(".search-excerpt mark").first
    expect(excerpt).to_have_text(re.compile("caffeine", re.IGNORECASE))
    assert page.url == served.url("search/#q=caffeine")
    assert messages == []  # no CSP report, no script error


def test_a_search_with_no_match_says_so(page: Page, served: Served) -> None:
    _open(page, served, "search/#q=zqxjkv")
    expect(page.get_by_role("status")).to_have_text(re.compile("^Nothing matches “zqxjkv”"))
    assert page.locator(".search-result").count() == 0


def test_the_header_box_sends_the_query_in_the_fragment_only(page: Page, served: Served, requests: Recorded) -> None:
    _open(page, served, ARTICLE)
    page.get_by_label("Search the articles").fill("night before")
    page.get_by_label("Search the articles").press("Enter")
    expect(page.get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    assert page.url == served.url("search/#q=night+before")
    assert page.get_by_label("Search the articles").input_value() == "night before"
    assert not [u for u in requests.urls if "night" in u]  # the words never reach a server


def test_without_javascript_search_falls_back_to_the_topics(browser: Browser, served: Served) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        _open(page, served, "")
        page.get_by_label("Search the articles").fill("sleep")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/next-round/search/\??$"))
        expect(page.locator("form[data-search]")).to_be_hidden()
        expect(page.locator("[data-search-fallback]")).to_be_visible()
        topics = page.locator(".search-topics a")
        assert topics.first.get_attribute("href") == "/next-round/topics/after-the-interview/"
        assert topics.count() == 7  # the six topics of site.toml and all articles
    finally:
        ctx.close()


def test_the_search_page_alone_may_run_webassembly_and_the_board_and_worksheet_alone_fetch(
    page: Page, served: Served
) -> None:
    policy = 'meta[http-equiv="Content-Security-Policy"]'
    for path in (*PAGE_TYPES.values(), "worksheet/"):
        _open(page, served, path)
        assert page.locator("head > :first-child").get_attribute("http-equiv") == "Content-Security-Policy"
        content = page.locator(policy).get_attribute("content") or ""
        if path == "search/":
            assert "script-src 'self' 'wasm-unsafe-eval'" in content and "connect-src 'self'" in content
        elif path.startswith("jobs/") and path.count("/") == 1:  # the board's filters read its roles from this site
            assert "wasm" not in content and "connect-src 'self'" in content, path
        elif path == "worksheet/":  # its further reading reads the list of articles from this site
            assert "wasm" not in content and "connect-src 'self'" in content and "form-action 'none'" in content
        else:
            assert "wasm" not in content and "connect-src 'none'" in content, path


def test_no_page_requests_anything_from_another_origin(page: Page, served: Served, requests: Recorded) -> None:
    for path in PAGE_TYPES.values():
        _open(page, served, path)
    _open(page, served, "search/")
    _search(page, "salary")
    assert any("/pagefind/" in u for u in requests.urls)  # the search really ran, on this site
    assert requests.other_origins(served.origin) == []


def test_results_are_built_from_text_never_from_html(page: Page, served: Served) -> None:
    source = (REPO / "static/js/search.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", source)
    _open(page, served, "search/")
    pieces = page.evaluate(
        """async () => {
            const src = document.querySelector('script[type=module][src*="/js/search."]').src;
            const { excerptPieces } = await import(src);
            return excerptPieces('a &lt;img src=x onerror=alert(1)&gt; <mark>hit</mark> & "b"');
        }"""
    )
    assert pieces == [
        {"text": "a <img src=x onerror=alert(1)> ", "marked": False},
        {"text": "hit", "marked": True},
        {"text": ' & "b"', "marked": False},
    ]


def test_an_article_prints_without_the_site_around_it(page: Page, served: Served, tmp_path: Path) -> None:
    _open(page, served, ARTICLE)
    # The articles link only inside the site; add an external link to see its address printed.
    page.evaluate(
        """() => {
            const p = document.querySelector('.prose p');
            const a = document.createElement('a');
            a.href = 'https://example.org/guide';
            a.textContent = 'a guide';
            p.append(' See ', a, '.');
        }"""
    )
    pdf = tmp_path / "article.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Nerves, sleep, food and timing" in flat
    assert "a guide (https://example.org/guide)" in flat
    first_paragraph = " ".join(page.locator(".prose p").first.inner_text().split())
    assert first_paragraph[:80] in flat
    for chrome in (*MENU, "Skip to content", "Search articles", "On this page", "Related articles", "Feed (Atom)"):
        assert chrome not in flat, chrome
