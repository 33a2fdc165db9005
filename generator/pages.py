"""Render jobs: what a build renders (a content page, a listing, the 404 or search page), a pure
`render_job` that turns one into HTML, and `run_jobs`, which reads their inputs and writes their output,
in worker processes when there are many."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from . import __version__
from .cache import COMPILED_DIR, FrameRecord, MarkdownEntry, keep_html, read_html
from .content import Card, Page
from .errors import Problem, error
from .fingerprint import combine, digest, remembered
from .links import AnchorLink, Link, Resolver
from .load import Loaded
from .markdown import Heading, Parser, render_markdown
from .output import OutputEntry, OutputWriter, output_path_for
from .render import (
    listing_context,
    make_environment,
    not_found_context,
    page_context,
    page_frame,
    search_context,
    template_problem,
)
from .search import SEARCH_URL
from .site import Site
from .workers import forked_map

if TYPE_CHECKING:
    import jinja2

_PAGES_PER_WORKER = 32  # below this a process pool costs more than it saves
_CARDS_PER_ARTICLE = 100  # rendering this many cards costs about as much as one article


@dataclass(frozen=True, slots=True)
class PageJob:
    """Render a content page: its markdown (unless kept from the last build) and its layout."""

    source: str
    key: str  # what its output is made from; "" until its frame is known, which the job works out


@dataclass(frozen=True, slots=True)
class ListingJob:
    """Render a list of articles (all, a topic's, a tag's): `Site.listings[index]`."""

    index: int
    key: str


@dataclass(frozen=True, slots=True)
class SpecialJob:
    """Render a generated page that is no content file."""

    kind: Literal["404", "search"]
    key: str


Job = PageJob | ListingJob | SpecialJob
SPECIAL_URLS: dict[Literal["404", "search"], str] = {"404": "404.html", "search": SEARCH_URL}
LISTING_LAYOUTS = {"jobs": "board", "employer": "employer-roles"}  # by kind, where it is not list.html


class PageReport(NamedTuple):  # a tuple: made for every page of every build, and sent back by workers
    """What rendering one page found, for the checks and the cache."""

    source: str
    headings: tuple[Heading, ...] = ()
    anchor_links: tuple[AnchorLink, ...] = ()
    links: tuple[Link, ...] = ()
    problems: tuple[Problem, ...] = ()
    rendered: bool = True  # False: its output was kept from the last build
    markdown: MarkdownEntry | None = None  # its body as rendered, for the cache
    outputs: tuple[tuple[str, OutputEntry], ...] = ()  # files written
    frame: FrameRecord | None = None  # what a content page shows of other pages


class Output(NamedTuple):
    """A page's HTML, where it goes, and what it was made from."""

    url: str
    html: str
    key: str
    body: str = ""  # its markdown's HTML, when rendered now: kept for later builds


class Kept(NamedTuple):
    """A page body's markdown as rendered by an earlier build: its entry and its HTML."""

    entry: MarkdownEntry
    html: str


@dataclass(frozen=True, slots=True)
class Renderer:
    """Everything render jobs read; made once per build, before any worker forks, and never changed."""

    loaded: Loaded
    env: jinja2.Environment
    parser: Parser  # of page bodies
    resolver: Resolver
    base: str  # digest of what every output depends on: generator, layouts, config, asset names
    search_in_parts: bool  # whether the search page merges an index made in parts
    html_store: Path | None = None  # where rendered markdown is kept between builds
    kept: Mapping[str, MarkdownEntry] = field(default_factory=dict)  # markdown that need not be rendered again
    frames: Mapping[str, FrameRecord] = field(default_factory=dict)  # frames known to be current

    @property
    def site(self) -> Site:
        """The site being rendered."""
        return self.loaded.site


def make_renderer(
    loaded: Loaded, search_in_parts: bool, cache: Path | None = None
) -> tuple[Renderer | None, list[Problem]]:
    """A renderer for the loaded site, or the syntax errors of its layouts; with `cache` (a folder),
    compiled layouts and rendered markdown are kept there between builds."""
    config = loaded.site.config
    env = make_environment(config, loaded.assets, cache / COMPILED_DIR if cache else None)
    problems = _compile_layouts(env, config.root)
    if problems:
        return None, problems
    page_urls = {p.source: p.url for p in loaded.site.pages}
    base_path = config.base_path
    generated = frozenset([*(listing.url for listing in loaded.site.listings), SEARCH_URL])
    assets, held_back = dict(loaded.assets.urls), loaded.site.held_back
    resolver = Resolver(page_urls, assets, lambda path: base_path + path, held_back, generated)
    base = digest(__version__, loaded.layouts_digest, config, loaded.assets.urls)
    parser = Parser(config.allow_html)
    return Renderer(loaded, env, parser, resolver, base, search_in_parts, cache), []


def markdown_key(page: Page, site: Site) -> str:
    """What a page body's HTML is made from: the whole file (so the body, and where it starts), the
    markdown options; the link lookups it made are checked beside it."""
    return remembered(_markdown_options(site.config.allow_html, site.config.base_path), page.digest)


def page_key(base: str, markdown: str, frame_digest: str) -> str:
    """What a content page's output is made from: layouts and config, its markdown, its frame."""
    return remembered(base, markdown, frame_digest)


@functools.cache
def _markdown_options(allow_html: bool, base_path: str) -> str:
    return digest(__version__, allow_html, base_path)


def frame_record(frame: dict[str, Any]) -> FrameRecord:
    """A frame's digest (without the page itself, which is in its markdown key) and the cards it shows;
    no cards (None) if it holds anything but Cards and numbers, which could come from other pages."""
    rest = sorted((name, value) for name, value in frame.items() if name != "page")
    tokens: list[str] = []
    cards: list[Card] = []
    for name, value in rest:
        tokens.append(name)
        if not _flatten(value, tokens, cards):
            return digest(rest), None
    return combine(*tokens), tuple((card.source, card.meta_digest) for card in cards)


def _flatten(value: Any, tokens: list[str], cards: list[Card]) -> bool:
    """Add a frame value to `tokens` (a card by its front matter's digest) and its cards to `cards`;
    False if it holds something else. Faster than `digest` for what nearly every frame is."""
    if isinstance(value, Card):
        tokens.append(value.meta_digest)
        cards.append(value)
        return True
    if isinstance(value, tuple | list):
        tokens.append("[")
        if not all(_flatten(item, tokens, cards) for item in value):
            return False
        tokens.append("]")
        return True
    if value is None or isinstance(value, int):
        tokens.append(repr(value))
        return True
    return False


def render_job(r: Renderer, job: Job, markdown: str | Kept | None = None) -> tuple[Output | None, PageReport]:
    """Render one job into its HTML (None where there are problems) and what it found. A page job takes
    its markdown body, or the markdown an earlier build rendered, or None if its file changed meanwhile."""
    import jinja2

    site = r.site
    name = job.source if isinstance(job, PageJob) else str(job.index) if isinstance(job, ListingJob) else job.kind
    try:
        if isinstance(job, PageJob):
            return _render_page(r, job, markdown)
        if isinstance(job, ListingJob):
            listing = site.listings[job.index]
            layout = LISTING_LAYOUTS.get(listing.kind, "list")
            html = r.env.get_template(f"{layout}.html").render(listing_context(site, listing))
            return Output(listing.url, html, job.key), PageReport(name)
        if job.kind == "search":
            html = r.env.get_template("search.html").render(search_context(site, r.search_in_parts))
        else:
            html = r.env.get_template("404.html").render(not_found_context(site))
        return Output(SPECIAL_URLS[job.kind], html, job.key), PageReport(name)
    except jinja2.TemplateError as exc:
        return None, PageReport(name, problems=(template_problem(exc, site.config.root),))


def _render_page(r: Renderer, job: PageJob, markdown: str | Kept | None) -> tuple[Output | None, PageReport]:
    site = r.site
    page = site.by_source[job.source]
    if markdown is None:
        problem = error(job.source, 1, "changed while the site was building; build again")
        return None, PageReport(job.source, problems=(problem,))
    if isinstance(markdown, Kept):
        entry, rendered = markdown.entry, replace(markdown.entry.rendered, html=markdown.html)
    else:
        rendered = render_markdown(r.parser, page.source, markdown, page.body_line, r.resolver)
        # links are only needed by `check`, which renders everything: not kept
        entry = MarkdownEntry(markdown_key(page, site), rendered.lookups, replace(rendered, html="", links=()))
    frame = page_frame(site, page)
    known = r.frames.get(job.source) or frame_record(frame)
    output = None
    if not rendered.problems:
        html = r.env.get_template(f"{page.layout}.html").render(page_context(site, frame, rendered))
        key = job.key or page_key(r.base, entry.key, known[0])
        output = Output(page.url, html, key, "" if isinstance(markdown, Kept) else rendered.html)
    report = PageReport(
        job.source,
        headings=rendered.headings,
        anchor_links=rendered.anchor_links,
        links=rendered.links,
        problems=rendered.problems,
        markdown=entry,
        frame=known,
    )
    return output, report


def run_jobs(r: Renderer, jobs: list[Job], writer: OutputWriter | None, max_workers: int) -> list[PageReport]:
    """Run every job: read its markdown, render it, and write its output (with no writer, nothing is
    written); in worker processes when there are many."""
    workers = max(1, min(max_workers, math.ceil(sum(_weight(r.site, job) for job in jobs) / _PAGES_PER_WORKER)))
    # small chunks: a worker left with the last big chunk would keep the other cores waiting
    chunk = max(1, min(_PAGES_PER_WORKER, len(jobs) // (workers * 8)))
    return forked_map(_run_job, jobs, (r, writer), workers, chunk)


def _run_job(shared: tuple[Renderer, OutputWriter | None], job: Job) -> PageReport:
    r, writer = shared
    markdown = _markdown_of(r, job.source) if isinstance(job, PageJob) else None
    output, report = render_job(r, job, markdown)
    if output is not None and output.body and r.html_store is not None and report.markdown is not None:
        report = report._replace(markdown=replace(report.markdown, stored=keep_html(r.html_store, output.body)))
    if output is None or writer is None:
        return report
    rel = output_path_for(output.url)
    return report._replace(outputs=((rel, writer.write(rel, output.html.encode("utf-8"), output.key)),))


def _markdown_of(r: Renderer, source: str) -> str | Kept | None:
    """A page's markdown as an earlier build rendered it, or else its body."""
    entry = r.kept.get(source)
    if entry is not None and entry.stored is not None and r.html_store is not None:
        html = read_html(r.html_store, entry.stored)
        if html is not None:
            return Kept(entry, html)
    return r.loaded.body(r.site.by_source[source])


def _weight(site: Site, job: Job) -> int:
    """A job's cost in articles: a page that lists every article costs as much as many articles do."""
    if isinstance(job, ListingJob):
        return 1 + len(site.listings[job.index].articles) // _CARDS_PER_ARTICLE
    return 1


def _compile_layouts(env: jinja2.Environment, root: Path) -> list[Problem]:
    """Syntax errors in every layout, used or not, so a broken partial never waits for its first page."""
    import jinja2

    problems = []
    for name in env.list_templates(extensions=["html", "xml"]):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(template_problem(exc, root))
    return problems
