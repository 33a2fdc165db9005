"""`check`: every problem a build would find, without writing, plus editorial checks for articles."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .build import BuildOptions, PageReport, check_anchors, load_site, render_pages
from .content import Page
from .errors import Problem, error, warning
from .markdown import Heading, Link
from .scaffold import PLACEHOLDER_DESCRIPTION, SKELETON

_SKELETON_LINES = {line for line in SKELETON.splitlines() if line.strip()}
_VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "this", "link", "this link", "this article", "go"}


def check(root: Path, jobs: int = 1, today: dt.date | None = None) -> list[Problem]:
    """All problems of the site at `root`, drafts and future pages included, sorted."""
    loaded = load_site(root, BuildOptions(drafts=True, future=True))
    site = loaded.site
    reports = render_pages(site, loaded.assets, None, jobs)
    problems = [*loaded.problems, *(p for r in reports for p in r.problems), *check_anchors(reports)]
    problems += editorial_problems(site.pages, reports, today or dt.date.today())
    return sorted(set(problems))


def editorial_problems(pages: tuple[Page, ...], reports: list[PageReport], today: dt.date) -> list[Problem]:
    """House-style checks: things a reviewer would otherwise have to spot by eye."""
    by_source = {r.source: r for r in reports}
    problems: list[Problem] = []
    for page in pages:
        report = by_source.get(page.source)
        if report is None:
            continue
        problems += _placeholders(page)
        problems += _headings(page, report.headings)
        problems += _links(page, report.links)
        if page.draft and page.date < today:
            message = f"draft: true, dated {page.date}; publish it (remove `draft`) or give it the publication date"
            problems.append(warning(page.source, page.line_of("draft"), message))
    problems += _duplicate_titles(pages)
    problems += _orphans(pages, reports)
    return problems


def _placeholders(page: Page) -> Iterator[Problem]:
    if page.description == PLACEHOLDER_DESCRIPTION:
        yield error(page.source, page.line_of("description"), "description: still the placeholder from `new`")
    for offset, line in enumerate(_body(page).splitlines()):
        if line in _SKELETON_LINES:
            yield error(page.source, page.body_line + offset, "skeleton text from `new` is still here; write your own")
            return


def _body(page: Page) -> str:
    assert page.body is not None, "check loads every page from its file, with its body"
    return page.body


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


def _links(page: Page, links: tuple[Link, ...]) -> Iterator[Problem]:
    lines = _body(page).splitlines()
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
    linked: set[str] = set()
    urls = {p.url: p.source for p in pages}
    for report in reports:
        for link in report.links:
            target = _link_target(report.source, link.href, urls)
            if target and target != report.source:
                linked.add(target)
    for page in pages:
        if page.is_article and page.source not in linked:
            yield warning(page.source, 1, "no other page links to this article; link to it where readers would want it")


def _link_target(source: str, href: str, urls: dict[str, str]) -> str | None:
    """The source file a link as written points at (links are written as source paths)."""
    path = href.partition("#")[0]
    if not path.endswith(".md") or "://" in path:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    return target if target in urls.values() else None
