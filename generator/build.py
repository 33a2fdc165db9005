"""The build pipeline: load -> validate -> index -> render -> check -> write, then swap into place."""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

from . import outputs
from .assets import Assets, copy_assets, plan_assets
from .config import load_config
from .content import LoadOptions, load_pages
from .errors import BuildError, Problem, did_you_mean, error
from .markdown import AnchorLink, Heading, Link, Resolver, make_parser, render_markdown
from .render import (
    layout_names,
    listing_context,
    make_environment,
    not_found_context,
    page_context,
    page_frame,
    search_context,
    template_problem,
)
from .search import SEARCH_DIR, SEARCH_URL, index_for_search
from .site import Site, index_site

GENERATED_FILES = ("404.html", "sitemap.xml", "feed.xml", "robots.txt")
GENERATED_PAGES = (SEARCH_URL, f"{SEARCH_DIR}/")  # the search page and Pagefind's bundle
_PAGES_PER_WORKER = 32  # below this a process pool costs more than it saves


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build: where to, for which address, with which pages."""

    out: Path | None = None  # default: <root>/public
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a successful build did."""

    out: Path
    pages: int
    files: int
    seconds: float
    warnings: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class PageReport:
    """What rendering one page reports back (its HTML is already on disk, when writing)."""

    source: str
    headings: tuple[Heading, ...]
    anchor_links: tuple[AnchorLink, ...]
    links: tuple[Link, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Loaded:
    """The site as loaded, validated and indexed, before anything is rendered."""

    site: Site
    assets: Assets
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class _State:
    """Everything a render job reads; set before the worker processes fork, never changed."""

    site: Site
    env: jinja2.Environment
    md: MarkdownIt
    resolver: Resolver
    staging: Path | None  # None: render and check, write nothing


_state: _State | None = None


def build(root: Path, options: BuildOptions) -> BuildResult:
    """Build the site at `root`; on any error raise BuildError and leave the old output untouched."""
    started = time.perf_counter()
    # load, validate, index: config, pages and static files; any error stops here
    loaded = load_site(root, options)
    _raise_errors(list(loaded.problems))
    site = loaded.site

    out = (options.out or root / "public").absolute()
    with _staging(out) as staging:
        # render: markdown and layouts, page by page, straight to disk
        files = copy_assets(loaded.assets, root, staging)
        reports = render_pages(site, loaded.assets, staging, options.jobs)
        # check: links to anchors in other pages, now that every page's headings are known
        _raise_errors([p for r in reports for p in r.problems] + check_anchors(reports))
        # write: the files for machines
        for name, data in (
            ("sitemap.xml", outputs.sitemap(site)),
            ("feed.xml", outputs.atom_feed(site)),
            ("robots.txt", outputs.robots(site)),
        ):
            (staging / name).write_bytes(data)
        # search: index the written pages here, so a failed index fails the build and keeps the old output
        files += index_for_search(staging)
    warnings = tuple(p for p in loaded.problems if p.level == "warning")
    page_count = len(site.pages) + len(site.listings) + 2  # + 404 and search
    return BuildResult(out, page_count, files + page_count + 3, time.perf_counter() - started, warnings)


def load_site(root: Path, options: BuildOptions) -> Loaded:
    """Load site.toml, content and static files into an indexed Site, with every problem found."""
    config = load_config(root)
    if options.base_url:
        config = config.with_base_url(options.base_url)
    content = load_pages(config, layout_names(root), LoadOptions(options.drafts, options.future))
    assets, asset_problems = plan_assets(root)
    site, index_problems = index_site(config, content.pages, _reserved_urls(assets), content.held_back)
    return Loaded(site, assets, tuple(content.problems + asset_problems + index_problems))


def output_path_for(url: str) -> str:
    """The file a site-relative URL is served from: `articles/x/` -> `articles/x/index.html`."""
    if url == "" or url.endswith("/"):
        return f"{url}index.html"
    return url


def _reserved_urls(assets: Assets) -> dict[str, str]:
    reserved = {name: "a generated file" for name in GENERATED_FILES + GENERATED_PAGES}
    for source, url in assets.urls.items():
        reserved[url.removesuffix("index.html") if url.endswith("index.html") else url] = source
    return reserved


def _raise_errors(problems: list[Problem]) -> None:
    errors = sorted({p for p in problems if p.level == "error"})
    if errors:
        raise BuildError(errors)


def render_pages(site: Site, assets: Assets, staging: Path | None, jobs: int) -> list[PageReport]:
    """Render every page (in worker processes when there are many), writing into `staging` if given."""
    global _state
    config = site.config
    env = make_environment(config, assets)
    layout_problems = _compile_layouts(env, config.root)
    if layout_problems:
        return [PageReport("layouts", (), (), (), tuple(layout_problems))]
    page_urls = {p.source: p.url for p in site.pages}
    resolver = Resolver(page_urls, dict(assets.urls), lambda path: config.base_path + path, site.held_back)
    _state = _State(site, env, make_parser(config.allow_html), resolver, staging)
    work = [("page", p.source) for p in site.pages] + [("listing", str(i)) for i in range(len(site.listings))]
    work += [("404", ""), ("search", "")]
    workers = max(1, min(jobs, math.ceil(len(work) / _PAGES_PER_WORKER)))
    try:
        if workers == 1:
            return [_render_one(job) for job in work]
        # fork: the workers inherit _state instead of unpickling the whole site
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_render_one, work, chunksize=max(1, len(work) // (workers * 8))))
    finally:
        _state = None


def _render_one(job: tuple[str, str]) -> PageReport:
    """Render one page or listing and write it; runs in a worker process."""
    assert _state is not None
    state = _state
    kind, key = job
    site = state.site
    try:
        if kind == "page":
            page = site.by_source[key]
            rendered = render_markdown(state.md, page.source, page.body, page.body_line, state.resolver)
            report = PageReport(key, rendered.headings, rendered.anchor_links, rendered.links, rendered.problems)
            if not rendered.problems:
                context = page_context(site, page_frame(site, page), rendered)
                html = state.env.get_template(f"{page.layout}.html").render(context)
                _write(state.staging, page.url, html)
            return report
        if kind == "listing":
            listing = site.listings[int(key)]
            _write(
                state.staging, listing.url, state.env.get_template("list.html").render(listing_context(site, listing))
            )
        elif kind == "search":
            _write(state.staging, SEARCH_URL, state.env.get_template("search.html").render(search_context(site)))
        else:
            _write(state.staging, "404.html", state.env.get_template("404.html").render(not_found_context(site)))
        return PageReport(key, (), (), (), ())
    except jinja2.TemplateError as exc:
        return PageReport(key, (), (), (), (template_problem(exc, site.config.root),))


def _compile_layouts(env: jinja2.Environment, root: Path) -> list[Problem]:
    """Syntax errors in every layout, used or not, so a broken partial never waits for its first page."""
    problems = []
    for name in env.list_templates(extensions=["html", "xml"]):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(template_problem(exc, root))
    return problems


def _write(staging: Path | None, url: str, html: str) -> None:
    if staging is None:
        return
    target = (staging / output_path_for(url)).resolve()
    if not target.is_relative_to(staging.resolve()):
        raise ValueError(f"refusing to write outside the output folder: {url}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(html.encode("utf-8"))


def check_anchors(reports: list[PageReport]) -> list[Problem]:
    """Links to `page.md#anchor` whose page has no such heading."""
    ids = {r.source: {h.id for h in r.headings} for r in reports}
    problems = []
    for report in reports:
        for link in report.anchor_links:
            known = ids.get(link.target)
            if known is not None and link.anchor not in known:
                hint = did_you_mean(link.anchor, sorted(known))
                message = f"link to `{link.target}#{link.anchor}`: that page has no heading with this id{hint}"
                problems.append(error(report.source, link.line, message))
    return problems


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside `out`; swapped in only if the block succeeds, else removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale(out)
    staging = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # Same folder, same filesystem: both renames are atomic, and `out` is never half-written.
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _clear_stale(out: Path) -> None:
    """Remove temp folders left by builds that died (their process is gone)."""
    for path in out.parent.glob(f".{out.name}.*-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
