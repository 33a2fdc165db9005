"""Incremental builds: what a build may take from the last one, and what it records for the next.

A `Plan` is the cache's side of a build. It answers: did nothing change (by file stats, or by the
digests of every input)? Which files need reading? Which pages need rendering, and which outputs can
stay as they are? Which anchor links need checking again? A plan made by `Plan.cold` reuses nothing
and records nothing, and a build with it is a cold build.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from pathlib import Path

from . import __version__
from .assets import STATIC_DIR
from .cache import (
    APPLYING,
    CacheData,
    FrameRecord,
    MarkdownEntry,
    Quick,
    cache_folder,
    identity,
    load_cache,
    load_quick,
    output_name,
    save_cache,
    save_quick,
)
from .config import CONFIG_FILE
from .content import Page
from .errors import Problem
from .facts import Facts
from .fingerprint import RACY_NS, StatKey, combine, digest, input_signature, now_ns, stat_key
from .frames import frames_that_stand, picks_since, still_shows
from .links import AnchorLink
from .load import Loaded, Reuse
from .output import OutputWriter, output_path_for, outputs_intact
from .pages import (
    SPECIAL_URLS,
    Job,
    ListingJob,
    PageJob,
    PageReport,
    Renderer,
    SpecialJob,
    frame_record,
    make_renderer,
    markdown_key,
    page_key,
)
from .render import page_frame
from .session import Session
from .site import Site


@dataclass(slots=True)
class Plan:
    """What a build may take from the last build into `out`, and where it records what it made."""

    root: Path
    out: Path
    folder: Path | None  # the cache's folder; None: a cold build that neither reads nor writes one
    session: Session | None = None
    options_key: str = ""
    signature: str = ""  # digest of every input file's stat and the options (not in a session)
    newest_ns: int = 0  # the newest modification time among the input files
    taken_ns: int = 0  # when the signature was taken
    stats: dict[str, StatKey] = field(default_factory=dict)  # input files' stats, taken with the signature
    key: str = ""  # digest of every input of this build, once loaded (see `same_inputs`)
    base: str = ""  # what every output of this build depends on (`Renderer.base`), once known
    renderer: Renderer | None = None  # this build's, when `make_renderer` made it: for serve's next build
    # the last reports of a process that stays (serve, build --watch), kept as they were
    standing: dict[str, PageReport] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)  # why the cache could not be used
    trusted: bool = False  # whether the last outputs are known to be as that build left them
    _previous: CacheData | None = None  # the last build's cache, read when first needed

    @classmethod
    def cold(cls, root: Path, out: Path) -> Plan:
        """A plan that reuses nothing and records nothing."""
        return cls(root, out, None, _previous=CacheData())

    @classmethod
    def open(cls, root: Path, out: Path, options_key: str, session: Session | None = None) -> Plan:
        """The plan of a build with a cache: serve's, in memory, or the one in `.cache/` for `out` (read
        only once the quick check has found that something changed)."""
        plan = cls(root, out, cache_folder(root, out), session=session, options_key=options_key)
        if session is None:
            plan.taken_ns = now_ns()
            plan.signature, plan.newest_ns, plan.stats = input_signature(root, options_key)
        return plan

    @property
    def previous(self) -> CacheData:
        """The last build's cache (empty when there is none it can use)."""
        if self._previous is None:
            assert self.folder is not None  # a cold plan starts with an empty one
            session = self.session
            if session is not None and session.cache is not None:
                self._previous = session.cache
                self.trusted = True  # serve's output folder is its own, written by no one else
            else:
                self._previous, self.notes = load_cache(self.root, self.folder)
            if self.applying:  # the last build stopped while moving files in: trust none of its outputs
                self._previous.outputs, self._previous.out_dir = {}, ""
        return self._previous

    @property
    def reuse(self) -> Reuse:
        """What loading may take from the last build: its parsed files, the stats taken already, and
        serve's last index and static files."""
        previous, session, stats = self.previous, self.session, self.stats
        if session is None or session.cache is None or not session.watched:
            return Reuse(previous.sources, stats, site=session.site if session is not None else None)
        # files the watcher did not name are as they were
        named = frozenset(session.named_in(previous.sources))
        assets = None if session.named_under(STATIC_DIR) else session.assets
        # content/ as listed last time, unless the watcher named a file added or removed (a walk of 10,000)
        files = session.files if session.same_files(previous.sources) else None
        config = None if session.site is None or session.named(CONFIG_FILE) else session.site.config
        return Reuse(previous.sources, {}, named, True, session.site, assets, files, config)

    @property
    def applying(self) -> bool:
        """Whether an in-place build was interrupted while moving its files into the output."""
        return self.folder is not None and (self.folder / APPLYING).exists()

    @property
    def in_place(self) -> bool:
        """Whether this build changes the last output in place instead of swapping in a new folder."""
        here = output_name(self.root, self.out)
        return self.folder is not None and self.previous.out_dir == here and self.out.is_dir()

    def unchanged(self) -> Quick | None:
        """The last build's summary, if the input files (by stat) and options are as they were then, no
        page has come due since, and every output is as that build left it."""
        if self.folder is None or self.session is not None or self.applying:
            return None
        quick = load_quick(self.folder)
        if quick is None or quick.identity != identity() or quick.signature != self.signature:
            return None
        if self.newest_ns >= quick.taken_ns - RACY_NS:  # an input changed just before: its stat proves nothing
            return None
        if quick.expires_ns is not None and time.time_ns() >= quick.expires_ns:
            return None
        return quick if outputs_intact(self.out, quick.outputs) else None

    def same_inputs(self, loaded: Loaded) -> bool:
        """Whether the last build had these inputs, wrote here, and every file it wrote is as it left it."""
        site, assets = loaded.site, loaded.assets
        asset_stats = [(rel, stat_key(self.root / rel)) for rel in assets.urls]
        layouts, config = loaded.layouts_digest, site.config
        closed = sorted(site.board.closed)  # listings close by the date, with no file changed
        rest = digest(__version__, layouts, config, self.options_key, site.held_back, closed, assets.urls, asset_stats)
        self.key = combine(rest, *chain.from_iterable(map(attrgetter("source", "digest"), site.pages)))
        previous = self.previous
        if self.folder is None or previous.inputs_key != self.key or not self.in_place:
            return False
        stats = {rel: entry.stat for rel, entry in previous.outputs.items()}
        if not stats or not outputs_intact(self.out, stats):
            return False
        if self.session is None:
            self._save_quick(loaded, stats)
        return True

    def facts(self, site: Site) -> Facts:
        """The facts of this site's index: serve's last ones while the index stands."""
        session = self.session
        if session is not None and session.facts is not None and site.shares_index(session.site):
            return session.facts
        return Facts(site, session.facts if session is not None else None)

    def make_renderer(self, loaded: Loaded, search_in_parts: bool) -> tuple[Renderer | None, list[Problem]]:
        """A renderer for this build, or the syntax errors of its layouts: serve's last one while the index
        (so the config, URLs and pages held back), the layouts and the static files' names are as they were."""
        last = self.session.renderer if self.session is not None else None
        if (
            last is not None
            and loaded.site.shares_index(last.site)
            and loaded.layouts_digest == last.loaded.layouts_digest
            and loaded.assets.urls == last.loaded.assets.urls
            and search_in_parts == last.search_in_parts
        ):
            self.renderer = replace(last, loaded=loaded)
        else:
            self.renderer, problems = make_renderer(loaded, search_in_parts, self.folder)
            if problems:
                return None, problems
        return self.renderer, []

    def writer(self, staging: Path) -> OutputWriter:
        """A writer into `staging` that keeps what it can of the last output."""
        old_out = self.out if self.in_place else None
        return OutputWriter(staging, old_out, self.previous.outputs, self.in_place, self.trusted)

    def jobs(
        self, renderer: Renderer, writer: OutputWriter | None, facts: Facts
    ) -> tuple[Renderer, list[PageReport], list[Job]]:
        """What must be rendered: the pages, listings and special pages whose output can have changed.
        The others are kept (linked from the last output) and reported from the cache; with no writer
        (`check`), everything is rendered. Returns the renderer with the markdown and frames it may reuse."""
        site = renderer.site
        self.base = renderer.base
        jobs: list[Job] = []
        last, lists_stand = self._last_reports(renderer, facts) if writer is not None else ({}, False)
        self.standing, kept = last, list(last.values())
        if writer is not None and (last or lists_stand):  # a process that stays: what the edit cannot show stands
            urls = [site.by_source[source].url for source in last]
            if lists_stand:  # after an edit of page bodies only, the lists and 404 too
                urls += [*(listing.url for listing in site.listings), *SPECIAL_URLS.values()]
            writer.keep(map(output_path_for, urls))
        pages = [page for page in site.pages if page.source not in last] if last else list(site.pages)
        usable = self._usable_markdown(renderer, facts, pages)
        reusable = self._reusable_frames(site, facts) if pages else {}
        frames = {
            page.source: record
            for page in pages
            if (record := reusable.get(page.source)) is not None and still_shows(record, facts.shown)
        }
        for page in pages:
            entry = usable.get(page.source)
            if entry is None:  # rendered anyway: its frame is worked out in a worker
                jobs.append(PageJob(page.source, ""))
                continue
            frames[page.source] = frame = frames.get(page.source) or frame_record(page_frame(site, page))
            key = page_key(renderer.base, entry.key, frame[0])
            if writer is not None and writer.reuse(output_path_for(page.url), key):
                r = entry.rendered
                kept.append(
                    PageReport(
                        page.source,
                        headings=r.headings,
                        anchor_links=r.anchor_links,
                        problems=r.problems,
                        rendered=False,
                        markdown=entry,
                        frame=frame,
                    )
                )
            else:
                jobs.append(PageJob(page.source, key))
        for i, listing in enumerate(() if lists_stand else site.listings):
            # its cards by their digests, joined: the list of all articles is as long as the site
            key = combine(
                renderer.base, digest(replace(listing, articles=())), *(card.meta_digest for card in listing.articles)
            )
            if writer is None or not writer.reuse(output_path_for(listing.url), key):
                jobs.append(ListingJob(i, key))
        for kind in () if lists_stand else SPECIAL_URLS:
            key = digest(renderer.base, kind, site.start_here(), renderer.search_in_parts and kind == "search")
            if writer is None or not writer.reuse(output_path_for(SPECIAL_URLS[kind]), key):
                jobs.append(SpecialJob(kind, key))
        return replace(renderer, kept=usable, frames=frames), kept, jobs

    def write_machine_files(self, writer: OutputWriter, facts: Facts) -> None:
        """Write the sitemap, feeds and lists for machines; serve keeps its last ones while their index
        stands (they are the same bytes: 5 MB to digest at 10,000 pages)."""
        if writer.trusted and self.session is not None and facts is self.session.facts:
            writer.keep(facts.files)
            return
        for rel, data in facts.files.items():
            writer.write(rel, data)

    def anchor_links(self, reports: list[PageReport]) -> list[tuple[str, AnchorLink]]:
        """The links to other pages' headings that need checking: those from or to a page whose markdown
        changed since the last build (which passed its checks), with the page they are in."""
        last_good = self.previous.markdown
        # a kept page passes on the very entry it was kept with: only a page rendered now can have changed
        changed = {
            r.source
            for r in reports
            if r.rendered and ((old := last_good.get(r.source)) is None or not _same(old, r.markdown))
        }
        return [
            (r.source, link)
            for r in reports
            for link in r.anchor_links
            if r.source in changed or link.target in changed
        ]

    def record(
        self,
        loaded: Loaded,
        writer: OutputWriter,
        reports: list[PageReport],
        search_keys: dict[str, tuple[str, bool, bool]],
        facts: Facts,
    ) -> None:
        """Keep what this build made for the next one: in serve's memory, or on disk."""
        if self.folder is None:
            return
        if self.in_place:
            writer.apply(self.out, self.folder / APPLYING)
        # parts: to rewrite only those that changed
        fresh = CacheData(out_dir=output_name(self.root, self.out), parts=self.previous.parts)
        fresh.sources = loaded.sources
        fresh.outputs = writer.entries
        fresh.search_keys = search_keys
        fresh.inputs_key = self.key
        if self.standing:  # a process that stays: every report is one it kept from its last build, or new
            new = [r for r in reports if self.standing.get(r.source) is not r]
            fresh.markdown, fresh.frames = dict(self.previous.markdown), dict(self.previous.frames)
        else:
            new = reports
        for r in new:
            if r.markdown is not None:
                fresh.markdown[r.source] = r.markdown
            if r.frame:
                fresh.frames[r.source] = r.frame
        fresh.structure_key = facts.structure
        if self.session is not None:
            self.session.remember(fresh, loaded, facts, self.standing, new, self.renderer)
        else:
            save_cache(self.folder, fresh)
            self._save_quick(loaded, {rel: entry.stat for rel, entry in writer.entries.items()})
        (self.folder / APPLYING).unlink(missing_ok=True)

    def _save_quick(self, loaded: Loaded, outputs: dict[str, StatKey]) -> None:
        assert self.folder is not None
        site = loaded.site
        pages = len(site.pages) + len(site.listings) + len(SPECIAL_URLS)
        quick = Quick(identity(), self.signature, self.taken_ns, loaded.expires_ns, pages, outputs)
        save_quick(self.folder, quick)

    def _last_reports(self, renderer: Renderer, facts: Facts) -> tuple[dict[str, PageReport], bool]:
        """The reports of the last build in this process (serve, build --watch) of the pages whose output
        stands, and whether the lists and special pages stand too. Every page whose file is as it was
        stands when the index is the same (only page bodies changed); when it is not, every such page
        whose frame still picks the same pages (`picks_since`) and shows no card that changed. In either
        case the layouts, config and assets (`base`) must be as they were, and the output the process's own."""
        session, site = self.session, renderer.site
        last = session.renderer if session is not None else None
        if session is None or session.site is None or session.facts is None or last is None:
            return {}, False
        if last.base != renderer.base or not self.trusted:  # trusted: the process's own output folder, in place
            return {}, False
        shared = site.shares_index(session.site)
        stands = None if shared else picks_since(renderer, last, facts.structure, session.facts.structure)
        if not shared and stands is None:
            return {}, False
        # A file not parsed by this load holds the very page the last build had (a copy of 10,000 reports is
        # cheaper than looking at each)
        old, reports = session.site.by_source, dict(session.reports)
        for source in renderer.loaded.bodies:
            page, was = site.by_source.get(source), old.get(source)
            if page is None or was is None or page.digest != was.digest:
                reports.pop(source, None)
        if stands is not None:
            shown = facts.shown
            reports = {
                source: report
                for source, report in reports.items()
                if report.frame is not None and still_shows(report.frame, shown) and stands(source)
            }
        return reports, shared

    def _usable_markdown(self, renderer: Renderer, facts: Facts, pages: list[Page]) -> dict[str, MarkdownEntry]:
        """The last build's markdown of these pages whose body, options and link targets are as they were."""
        # Link targets resolve by the index alone (URLs from front matter, static files, held-back pages), so
        # a lookup found right holds for every site that shares the index: serve checks each just once.
        site, resolver, verified, last = renderer.site, renderer.resolver, facts.verified, self.previous.markdown
        usable = {}
        for page in pages:
            entry = last.get(page.source)
            if entry is None or entry.key != markdown_key(page, site):
                continue
            if not all(map(verified.__contains__, entry.lookups)):
                if not all(resolver.lookup(target) == found for target, found in entry.lookups):
                    continue
                verified.update(entry.lookups)
            usable[page.source] = entry
        return usable

    def _reusable_frames(self, site: Site, facts: Facts) -> dict[str, FrameRecord]:
        """The last build's frames that can still be current (each is checked against its cards later): all
        while the structure stands, and after a change of tags alone those `frames_that_stand`."""
        previous = self.previous
        if previous.structure_key == facts.structure:
            return previous.frames
        old = previous.sources
        tags = ((p.source, e.page.tags if (e := old.get(p.source)) and e.page else (), p.tags) for p in site.pages)
        stands = frames_that_stand(site, facts.structure, previous.structure_key, tags)
        return {source: r for source, r in previous.frames.items() if stands(source)} if stands else {}


def _same(old: MarkdownEntry, new: MarkdownEntry | None) -> bool:
    return new is old or new == old  # kept pages pass the very entry on; workers send back equal copies
