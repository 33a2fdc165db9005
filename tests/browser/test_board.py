"""The job board's pages in Chromium: accessible in both themes, usable on a phone, printable."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ..conftest import REPO
from .conftest import Served, _build_and_serve, axe_violations, describe

OPEN = {
    "board": "jobs/",
    "listing": "jobs/example-lantern-support-lead/",
    "remote listing": "jobs/example-lantern-backend-engineer/",
    "employer": "jobs/employers/example-lantern-tools/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", OPEN.values(), ids=OPEN.keys())
def test_no_axe_violations_on_board_pages(browser: Browser, served_board: Served, path: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served_board.url(path))
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_closed_listing_is_accessible_and_says_it_closed(
    browser: Browser, served_board_later: Served, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served_board_later.url(OPEN["listing"]))
        expect(page.get_by_role("note")).to_contain_text("This role closed on January 15, 2027.")
        expect(page.get_by_role("link", name="Apply on the employer’s site")).to_have_count(0)
        assert axe_violations(page) == []
        page.goto(served_board_later.url("jobs/"))
        expect(page.get_by_text("No open roles right now.")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", OPEN.values(), ids=OPEN.keys())
def test_no_sideways_scroll_at_375_px(browser: Browser, served_board: Served, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_board.url(path))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_the_apply_link_says_it_leaves_the_site_and_goes_to_the_employer(page: Page, served_board: Served) -> None:
    page.goto(served_board.url(OPEN["listing"]))
    link = page.get_by_role("link", name="Apply on the employer’s site (leaves Next Round)")
    expect(link).to_have_attribute("href", "https://example.com/careers/support-lead")


def test_a_listing_prints_its_facts_and_description(page: Page, served_board: Served, tmp_path: Path) -> None:
    import subprocess

    page.goto(served_board.url(OPEN["listing"]))
    pdf = tmp_path / "listing.pdf"
    page.pdf(path=str(pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "£42,000–£50,000 a year" in text and "You would lead a team of six" in text
    assert "Skip to content" not in text and "Search articles" not in text  # the site around it is left out


def _roles(page: Page) -> list[str]:
    return page.locator(".job-card:visible .card-title").all_inner_texts()


def test_filters_narrow_the_list_announce_the_count_and_live_in_the_address(page: Page, served_board: Served) -> None:
    page.goto(served_board.url("jobs/"))
    form = page.get_by_role("search", name="Filter the roles")
    expect(form).to_be_visible()
    assert _roles(page) == ["Customer support lead", "Backend engineer, payments"]  # newest first
    page.get_by_label("Remote").check()
    expect(page.locator("#job-count")).to_have_text("1 of 2 open roles")
    assert _roles(page) == ["Backend engineer, payments"]
    assert page.url.endswith("/jobs/?workplace=remote")
    page.get_by_label("Remote").uncheck()
    page.get_by_label("Amount").fill("60000")
    page.get_by_label("Currency").select_option("EUR")
    expect(page.locator("#job-count")).to_have_text("1 of 2 open roles")
    assert _roles(page) == ["Backend engineer, payments"]
    page.reload()  # the address keeps the filters
    expect(page.get_by_label("Amount")).to_have_value("60000")
    expect(page.locator("#job-count")).to_have_text("1 of 2 open roles")
    page.get_by_label("Currency").select_option("GBP")
    expect(page.get_by_text("No open role matches these filters.")).to_be_visible()
    page.get_by_role("button", name="Clear the filters").last.click()
    expect(page.locator("#job-count")).to_have_text("2 open roles")
    assert page.url.endswith("/jobs/")


def test_sorting_and_going_back_to_a_filtered_board(page: Page, served_board: Served) -> None:
    page.goto(served_board.url("jobs/?sort=closing"))
    expect(page.get_by_label("Sort by")).to_have_value("closing")
    assert _roles(page) == ["Customer support lead", "Backend engineer, payments"]  # closes 15 then 20 January
    page.get_by_label("Sort by").select_option("pay")
    assert _roles(page) == ["Backend engineer, payments", "Customer support lead"]  # EUR before GBP
    page.get_by_label("Words in the title or employer").fill("support")
    expect(page.locator("#job-count")).to_have_text("1 of 2 open roles")
    page.get_by_role("link", name="Customer support lead").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer support lead")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Job board")
    expect(page.get_by_label("Words in the title or employer")).to_have_value("support")
    assert _roles(page) == ["Customer support lead"]


def test_without_javascript_every_role_is_listed_and_no_form_shows(browser: Browser, served_board: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_board.url("jobs/?workplace=remote"))
        expect(page.get_by_role("search", name="Filter the roles")).to_be_hidden()
        assert page.locator(".job-card .card-title").all_inner_texts() == [
            "Customer support lead",
            "Backend engineer, payments",
        ]
    finally:
        context.close()


def test_the_board_with_filters_open_has_no_axe_violations(page: Page, served_board: Served) -> None:
    page.goto(served_board.url("jobs/?currency=GBP&min=99000000"))
    expect(page.get_by_text("No open role matches these filters.")).to_be_visible()
    assert axe_violations(page) == []


ROLE = """---
title: Role {n}
employer: example-lantern-tools
date_posted: 2026-11-{day:02d}
valid_through: 2026-12-31
employment_type: FULL_TIME
workplace: remote
applicant_countries: [{country}]
salary: {{min: {pay}, max: {top}, currency: USD, period: YEAR}}
apply_url: https://example.com/careers/{n}
---

A role made up for this test, described in enough words to pass the check on a listing's length: what
the work is, who it suits, and how the hiring process goes, in three short sentences that say nothing.
A listing needs at least three hundred characters of text, so here is one more sentence to get there.
"""


@pytest.fixture(scope="module")
def served_many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The real site with 130 open roles: five pages of 30, and more than a filter shows before "Show more"."""
    site = tmp_path_factory.mktemp("many")
    for name in ("content", "layouts", "static"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "site.toml", site / "site.toml")
    for path in (site / "content/jobs").glob("*.md"):
        path.unlink()
    employer = site / "content/employers/example-lantern-tools.md"
    employer.write_text(employer.read_text().replace("draft: true\n", ""))
    for n in range(130):
        role = ROLE.format(
            n=n, day=1 + n % 28, country="US" if n % 2 else "CA", pay=50000 + n * 100, top=60000 + n * 100
        )
        (site / "content/jobs" / f"role-{n:03d}.md").write_text(role)
    yield from _build_and_serve(site, tmp_path_factory.mktemp("many-out"), "--today", "2026-12-01", "--no-search")


def test_without_javascript_the_board_is_read_page_by_page(browser: Browser, page: Page, served_many: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        reader = context.new_page()
        reader.goto(served_many.url("jobs/"))
        expect(reader.locator("#job-count")).to_have_text("130 open roles, page 1 of 5")
        seen: list[str] = []
        for number in range(1, 6):
            expect(reader).to_have_title(f"Job board{f' (page {number} of 5)' if number > 1 else ''} · Next Round")
            expect(reader.locator(".list-pages [aria-current=page]")).to_have_text(f"Page {number}")
            seen += reader.locator(".job-card .card-title").all_inner_texts()
            if number < 5:
                reader.get_by_role("link", name="Next page").click()
        expect(reader.get_by_role("link", name="Next page")).to_have_count(0)
        assert reader.url == served_many.url("jobs/page/5/")
        assert len(seen) == len(set(seen)) == 130  # every role once, newest first across the pages
        assert seen[:2] == ["Role 27", "Role 55"]
    finally:
        context.close()
    page.goto(served_many.url("jobs/page/3/"))  # axe runs in the page: with JavaScript
    assert axe_violations(page) == []


def test_an_employers_roles_come_in_pages_after_its_own_page(page: Page, served_many: Served) -> None:
    page.goto(served_many.url("jobs/employers/example-lantern-tools/"))
    expect(page.locator(".list-count")).to_have_text("130 open roles, page 1 of 5")
    expect(page.locator(".job-card")).to_have_count(30)
    page.get_by_role("link", name="Page 5").click()
    expect(page).to_have_title("Open roles at Lantern Tools (a fictional example) (page 5 of 5) · Next Round")
    expect(page.locator(".job-card")).to_have_count(10)
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link")).to_have_text(
        [
            "Home",
            "Job board",
            "Lantern Tools (a fictional example)",
            "Open roles at Lantern Tools (a fictional example)",
        ]
    )
    assert axe_violations(page) == []
    page.get_by_role("link", name="Page 1").click()
    assert page.url == served_many.url("jobs/employers/example-lantern-tools/")


def test_filters_answer_from_every_page_and_leave_the_pages_when_cleared(page: Page, served_many: Served) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(served_many.url("jobs/page/2/"))
    cards = page.locator(".job-card")
    expect(cards).to_have_count(30)
    assert not [url for url in fetched if url.endswith("roles.json")]  # read only when the filters are used
    page.get_by_label("Country").select_option("CA")  # roles from every page, not this one's 30
    expect(page.locator("#job-count")).to_have_text("65 of 130 open roles")
    expect(cards).to_have_count(65)
    expect(page.locator(".list-pages")).to_be_hidden()
    assert page.url.endswith("/jobs/page/2/?country=CA")
    assert all(url.startswith(served_many.origin) for url in fetched)
    page.get_by_role("button", name="Clear the filters").first.click()
    expect(page.locator("#job-count")).to_have_text("130 open roles, page 2 of 5")
    expect(cards).to_have_count(30)
    expect(page.locator(".list-pages")).to_be_visible()


def test_a_long_answer_shows_a_hundred_roles_then_more_on_request(page: Page, served_many: Served) -> None:
    page.goto(served_many.url("jobs/?sort=closing"))
    cards = page.locator(".job-card")
    expect(cards).to_have_count(100)
    expect(page.locator("#job-count")).to_have_text("130 open roles")
    more = page.get_by_role("button", name="Show 30 more of the 130 roles")
    more.click()
    expect(cards).to_have_count(130)
    expect(more).to_be_hidden()
    expect(page.locator(".job-card").nth(100).get_by_role("link")).to_be_focused()  # the first new one
    page.get_by_label("Country").select_option("CA")  # a new question starts again at the top
    expect(page.locator("#job-count")).to_have_text("65 of 130 open roles")
    expect(cards).to_have_count(65)


def test_a_card_the_script_makes_is_the_card_the_page_has(page: Page, served_many: Served) -> None:
    page.goto(served_many.url("jobs/"))
    built = page.locator(".job-card").first.evaluate("card => card.outerHTML")
    page.get_by_label("Words in the title or employer").fill("role")  # every role: the same one comes first
    expect(page.locator("#job-count")).to_have_text("130 open roles")
    made = page.locator(".job-card").first.evaluate("card => card.outerHTML")
    assert made == built and "Role 27" in made


def test_when_the_roles_cannot_be_fetched_the_page_says_so_and_keeps_its_roles(page: Page, served_many: Served) -> None:
    page.route("**/roles.json", lambda route: route.fulfill(status=503, body="busy"))
    page.goto(served_many.url("jobs/"))
    page.get_by_label("Country").select_option("CA")
    expect(page.get_by_text("The filters could not load the list of roles just now.")).to_be_visible()
    expect(page.locator(".job-card")).to_have_count(30)
    page.unroute("**/roles.json")
    page.get_by_label("Country").select_option("US")  # tried again
    expect(page.locator("#job-count")).to_have_text("65 of 130 open roles")
    expect(page.get_by_text("The filters could not load the list of roles just now.")).to_be_hidden()


def test_every_filter_works_from_the_keyboard(page: Page, served_board: Served) -> None:
    page.goto(served_board.url("jobs/"))
    page.get_by_label("Words in the title or employer").focus()
    page.keyboard.type("engineer")
    expect(page.locator("#job-count")).to_have_text("1 of 2 open roles")
    page.keyboard.press("Tab")  # On-site
    page.keyboard.press("Tab")  # Hybrid
    page.keyboard.press("Space")
    expect(page.get_by_label("Hybrid")).to_be_checked()
    expect(page.get_by_text("No open role matches these filters.")).to_be_visible()
    page.keyboard.press("Space")
    page.get_by_label("Sort by").focus()
    page.keyboard.press("ArrowDown")  # closing soonest
    expect(page.get_by_label("Sort by")).to_have_value("closing")
    assert page.url.endswith("?q=engineer&sort=closing")
    page.get_by_role("button", name="Clear the filters").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#job-count")).to_have_text("2 open roles")


def test_on_a_phone_the_filters_wait_behind_one_tap_unless_some_are_set(browser: Browser, served_board: Served) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_board.url("jobs/"))
        words = page.get_by_label("Words in the title or employer")
        expect(words).to_be_hidden()
        page.get_by_text("Filter and sort the roles").click()
        expect(words).to_be_visible()
        page.goto(served_board.url("jobs/?workplace=remote"))
        expect(page.get_by_label("Remote")).to_be_checked()
        expect(page.get_by_label("Remote")).to_be_visible()
    finally:
        context.close()
