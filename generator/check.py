"""`check`: every problem a build would find, without writing, plus editorial checks for articles."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .board import days_closed
from .content import Page
from .errors import Problem, error, warning
from .facts import Facts
from .front_matter import EMPLOYERS, JOBS
from .incremental import Plan
from .links import Link, broken_anchors, link_target
from .load import Loaded, load_site
from .markdown import Heading
from .pages import PageReport, make_renderer, run_jobs
from .scaffold import JOB_SKELETON, PLACEHOLDER_DESCRIPTION, SKELETON
from .site import Site
from .spelling import British, british_words, british_words_in_markdown

_SKELETON_LINES = {line for line in (SKELETON + JOB_SKELETON).splitlines() if line.strip()}
STALE_AFTER_DAYS = 60  # a listing closed this long ago should be deleted (`jobs prune`)
_VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "this", "link", "this link", "this article", "go"}


def check(root: Path, jobs: int = 1, today: dt.date | None = None) -> list[Problem]:
    """All problems of the site at `root` on the build date `today`, drafts and future pages included, sorted."""
    loaded = load_site(root, drafts=True, future=True, today=today, jobs=os.cpu_count() or 1)
    site = loaded.site
    facts = Facts(site)
    renderer, problems = make_renderer(loaded, len(facts.search_parts) > 1)
    problems += loaded.problems
    if renderer is not None:  # else its layouts have syntax errors: nothing renders
        renderer, _, todo = Plan.cold(root, root).jobs(renderer, None, facts)
        reports = run_jobs(renderer, todo, None, jobs)
        headings = {r.source: {h.id for h in r.headings} for r in reports}
        anchor_links = [(r.source, link) for r in reports for link in r.anchor_links]
        problems += [p for r in reports for p in r.problems] + broken_anchors(anchor_links, headings)
        problems += editorial_problems(loaded, reports, loaded.site.board.today)
    return sorted(set(problems))


def editorial_problems(loaded: Loaded, reports: list[PageReport], today: dt.date) -> list[Problem]:
    """House-style checks: things a reviewer would otherwise have to spot by eye."""
    by_source = {r.source: r for r in reports}
    pages = loaded.site.pages
    problems: list[Problem] = []
    for page in pages:
        report = by_source.get(page.source)
        body = loaded.body(page)
        if report is None or body is None:
            continue
        problems += _placeholders(page, body)
        problems += _headings(page, report.headings)
        problems += _links(page, body, report.links)
        if page.section not in (JOBS, EMPLOYERS):  # listings are imported, and may be in British English
            problems += _british(page, body)
        if page.draft and page.is_article and page.date < today:
            message = f"draft: true, dated {page.date}; publish it (remove `draft`) or give it the publication date"
            problems.append(warning(page.source, page.line_of("draft"), message))
    problems += _stale_listings(loaded.site)
    problems += _reviews(pages, today, loaded.site.config.review_after_days)
    problems += _outside_journeys(loaded.site)
    problems += _duplicate_titles(pages)
    problems += _orphans(pages, reports)
    return problems


def _outside_journeys(site: Site) -> Iterator[Problem]:
    """Published articles a reader following the reading paths never meets (where the site has paths)."""
    if not site.config.journeys:
        return
    for page in site.articles:
        if not page.draft and page.source not in site.journey_places:
            yield warning(page.source, 1, "in no reading path; add it to a [[journeys]] entry's `pages` in site.toml")


def _stale_listings(site: Site) -> Iterator[Problem]:
    for page in site.pages:
        days = days_closed(page, site.board.today)
        if days is not None and days > STALE_AFTER_DAYS and not page.draft:  # a draft is never published
            message = f"closed {days} days ago; delete the file (`python -m generator jobs prune` does)"
            yield warning(page.source, page.line_of("valid_through"), message)


def _reviews(pages: tuple[Page, ...], today: dt.date, after_days: int) -> Iterator[Problem]:
    for page in pages:
        reviewed = page.reviewed
        if reviewed is None:  # never reviewed: nothing to count from, and nothing claimed to the reader
            continue
        if reviewed > today and reviewed > page.date:  # a page not yet out may say it was reviewed on its date
            message = f"reviewed: {reviewed} is after the build date {today}; give the day it was last read whole"
            yield error(page.source, page.line_of("reviewed"), message)
        elif page.is_article and not page.draft and (today - reviewed).days > after_days:
            message = (
                f"reviewed: last reviewed on {reviewed}, more than review_after_days ({after_days}) before the "
                "build date; read it again and update `reviewed`"
            )
            yield warning(page.source, page.line_of("reviewed"), message)


def _british(page: Page, body: str) -> Iterator[Problem]:
    for key, text in (("title", page.title), ("description", page.description)):
        for found in british_words(text):  # at the key, as front matter problems are
            yield warning(page.source, page.line_of(key), f"{key}: {_british_message(found)}")
    for found in british_words_in_markdown(body):
        yield warning(page.source, page.body_line + found.line, _british_message(found), found.col)


def _british_message(found: British) -> str:
    kind = "spelling" if found.spelling else "English"
    return f'"{found.written}" is British {kind}; the hub writes US English: "{found.us}"'


def _placeholders(page: Page, body: str) -> Iterator[Problem]:
    if page.description == PLACEHOLDER_DESCRIPTION:
        yield error(page.source, page.line_of("description"), "description: still the placeholder from `new`")
    for offset, line in enumerate(body.splitlines()):
        if line in _SKELETON_LINES:
            yield error(page.source, page.body_line + offset, "skeleton text from `new` is still here; write your own")
            return


def _headings(page: Page, headings: tuple[Heading, ...]) -> Iterator[Problem]:
    level = 1  # the title is the page's h1
    for heading in headings:
        if heading.level == 1:
            yield warning(page.source, heading.line, "a level-1 heading; the title is the h1, start sections at ##")
        elif heading.level > level + 1:
            hashes = "#" * (level + 1)
            yield warning(
                page.source, heading.line, f"heading skips a level (h{level} to h{heading.level}); use {hashes}"
            )
        level = heading.level


def _links(page: Page, body: str, links: tuple[Link, ...]) -> Iterator[Problem]:
    lines = body.splitlines()
    for link in links:
        source_line = lines[link.line - page.body_line] if 0 <= link.line - page.body_line < len(lines) else ""
        at = source_line.find(f"]({link.href}")
        col = at + 3 if at >= 0 else source_line.find(link.href) + 1 if link.href in source_line else 1
        text = link.text.strip()
        if link.image and not text:
            yield error(
                page.source, link.line, f"image `{link.href}` has no alt text; describe it: ![what it shows](...)", col
            )
        elif not link.image and text.lower().rstrip(".!") in _VAGUE_LINK_TEXT:
            yield warning(page.source, link.line, f'link text "{text}" says nothing; name where it goes', col)
        elif not link.image and re.fullmatch(r"(https?://|www\.)\S+", text):
            yield warning(page.source, link.line, "a bare URL as link text; name where it goes", col)


def _duplicate_titles(pages: tuple[Page, ...]) -> Iterator[Problem]:
    by_title: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if page.is_article:
            by_title[page.title.casefold()].append(page)
    for same in by_title.values():
        for page in same:
            others = ", ".join(p.source for p in same if p is not page)
            if others:
                yield warning(
                    page.source, page.line_of("title"), f"title: the same as {others}; readers cannot tell them apart"
                )


def _orphans(pages: tuple[Page, ...], reports: list[PageReport]) -> Iterator[Problem]:
    sources = {p.source for p in pages}
    linked = {
        target
        for report in reports
        for link in report.links
        if (target := link_target(report.source, link.href)) in sources and target != report.source
    }
    for page in pages:
        if page.is_article and page.source not in linked:
            yield warning(page.source, 1, "no other page links to this article; link to it where readers would want it")
