"""The build, as a recipe: load, validate, index, plan, render, check, write, index search, swap, record."""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .assets import Assets
from .errors import BuildError, Problem
from .fingerprint import digest
from .incremental import Plan
from .links import broken_anchors
from .load import load_site
from .output import OutputWriter, staging
from .pages import run_jobs
from .search import update_index
from .session import Session


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build: where to, for which address, with which pages."""

    out: Path | None = None  # default: <root>/public
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    today: dt.date | None = None  # the build date (listings close by it); default SOURCE_DATE_EPOCH, else the clock
    cache: bool = True  # read and write .cache/ (False: a cold build that leaves the cache alone)
    search: bool = True  # index the output with Pagefind


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a successful build did."""

    out: Path
    pages: int
    rendered: int  # pages rendered (the rest were unchanged and kept)
    files: int
    seconds: float
    warnings: tuple[Problem, ...]


def build(root: Path, options: BuildOptions, session: Session | None = None) -> BuildResult:
    """Build the site at `root`; on any error raise BuildError and leave the old output untouched."""
    started = time.perf_counter()
    out = (options.out or root / "public").absolute()
    # plan: what the last build left that this one may reuse (a cold build: nothing)
    key = digest(options.base_url, options.drafts, options.future, options.search, options.today)
    plan = Plan.open(root, out, key, session) if options.cache else Plan.cold(root, out)
    if (quick := plan.unchanged()) is not None:  # every input file as it was (by stat), every output too
        return BuildResult(out, quick.pages, 0, len(quick.outputs), time.perf_counter() - started, ())
    with _collector_paused():
        # load, validate, index
        o = options
        loaded = load_site(
            root, drafts=o.drafts, future=o.future, base_url=o.base_url, today=o.today, jobs=o.jobs, reuse=plan.reuse
        )
        _raise_errors(loaded.problems)
        site = loaded.site
        warnings = (*plan.notes, *(p for p in loaded.problems if p.level == "warning"))
        pages = len(site.pages) + len(site.listings) + 2  # + 404 and search
        if plan.same_inputs(loaded):  # and every output as the last build left it
            return BuildResult(out, pages, 0, len(plan.previous.outputs), time.perf_counter() - started, warnings)
        facts = plan.facts(site)
        with staging(out, swap=not plan.in_place) as folder:
            writer = plan.writer(folder)
            _write_assets(loaded.assets, root, writer)
            # render what changed, from the last build's markdown where the body did not
            renderer, problems = plan.make_renderer(loaded, len(facts.search_parts) > 1)
            _raise_errors(problems)
            assert renderer is not None
            renderer, kept, todo = plan.jobs(renderer, writer, facts)
            reports = kept + run_jobs(renderer, todo, writer, options.jobs)
            # check: links to anchors in other pages, now that every page's headings are known
            anchor_links = plan.anchor_links(reports)
            targets = {link.target for _, link in anchor_links}  # only their headings: not 10,000 pages' in serve
            headings = {r.source: {h.id for h in r.headings} for r in reports if r.source in targets} if targets else {}
            _raise_errors([p for r in reports for p in r.problems] + broken_anchors(anchor_links, headings))
            plan.write_machine_files(writer, facts)
            writer.adopt(written for report in reports for written in report.outputs)
            # index for search here, so that a failed index fails the build and keeps the old output
            previous = plan.previous
            parts = facts.search_parts
            search_keys = {}
            if options.search:  # a session holds the part it indexed last, to index only the changed pages of it
                warm = session.warm_index() if session is not None else None
                search_keys = update_index(writer, previous.search_keys, previous.outputs, parts, out, warm)
        # swap (done by leaving the block) or move the changes in; record what was made for the next build
        plan.record(loaded, writer, reports, search_keys, facts)
    rendered = sum(r.rendered for r in reports)
    return BuildResult(out, pages, rendered, len(writer.entries), time.perf_counter() - started, warnings)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A build makes hundreds of thousands of lasting objects and little cyclic garbage: the cycle
    collector would only scan them again and again (a tenth of a cold build, a fifth of a small one)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Move what the build made to the oldest generation without a scan (freeze, then unfreeze): left
        # in the youngest, all of it would be scanned by the first collection after the build, a quarter
        # of a second at 10,000 pages (in serve, before the new page is served).
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _write_assets(assets: Assets, root: Path, writer: OutputWriter) -> None:
    for source, url in assets.urls.items():
        data = assets.rewritten.get(source) or (root / source).read_bytes()
        writer.write(url, data)


def _raise_errors(problems: list[Problem] | tuple[Problem, ...]) -> None:
    errors = sorted({p for p in problems if p.level == "error"})
    if errors:
        raise BuildError(errors)
