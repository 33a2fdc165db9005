"""The build pipeline: load -> validate -> index -> render -> check -> write, then swap into place."""

from __future__ import annotations

import functools
import gc
import hashlib
import math
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__
from .assets import Assets, plan_assets
from .cache import (
    APPLYING,
    CacheData,
    FrameRecord,
    MarkdownEntry,
    OutputEntry,
    OutputWriter,
    Quick,
    SourceEntry,
    cache_folder,
    combine,
    digest,
    html_path,
    load_cache,
    load_quick,
    now_ns,
    save_cache,
    save_quick,
    stat_key,
    trusted_by_stat,
)
from .config import Config, load_config
from .content import Card, LoadOptions, Page, Parser, content_files, load_page, load_pages, page_body
from .errors import BuildError, Problem, did_you_mean, error
from .markdown import AnchorLink, Heading, Link, Resolver
from .render import LAYOUTS_DIR, layout_names
from .search import SEARCH_DIR, SEARCH_URL, search_parts, update_index
from .site import Site, index_site

if TYPE_CHECKING:  # rendering's libraries are imported only when something needs rendering
    from concurrent.futures import ProcessPoolExecutor

    import jinja2
    from markdown_it import MarkdownIt

GENERATED_FILES = ("404.html", "sitemap.xml", "feed.xml", "robots.txt")
GENERATED_PAGES = (SEARCH_URL, f"{SEARCH_DIR}/")  # the search page and Pagefind's bundle
_PAGES_PER_WORKER = 32  # below this a process pool costs more than it saves
_CARDS_PER_ARTICLE = 100  # rendering this many cards costs about as much as one article


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build: where to, for which address, with which pages."""

    out: Path | None = None  # default: <root>/public
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
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
    # the build's data (cache, site, reports), for a caller about to exit: see generator/__main__.py
    data: tuple[Any, ...] = field(default=(), repr=False, compare=False)


class PageReport(NamedTuple):  # a tuple: made for every page of every build, and sent back by workers
    """What rendering one page reports back (its HTML is already on disk, when writing)."""

    source: str
    headings: tuple[Heading, ...]
    anchor_links: tuple[AnchorLink, ...]
    links: tuple[Link, ...]
    problems: tuple[Problem, ...]
    rendered: bool = False  # False: its output was kept from the last build
    markdown: MarkdownEntry | None = None  # for the cache
    outputs: tuple[tuple[str, OutputEntry], ...] = ()  # files written, for the cache
    frame: FrameRecord | None = None  # what a content page shows of other pages (for the cache)


@dataclass(frozen=True, slots=True)
class Loaded:
    """The site as loaded, validated and indexed, before anything is rendered."""

    site: Site
    assets: Assets
    problems: tuple[Problem, ...]
    inputs_key: str  # digest of every input: equal keys, equal output
    expires_ns: int | None  # when the first future page becomes due (the output changes then)


@dataclass(frozen=True, slots=True)
class _State:
    """Everything a render job reads; set before the worker processes fork, never changed."""

    site: Site
    env: jinja2.Environment
    md: MarkdownIt
    resolver: Resolver
    writer: OutputWriter | None  # None: render and check, write nothing
    html_cache: Path | None  # where rendered markdown is kept between builds
    cached: dict[str, MarkdownEntry]  # markdown that need not be rendered again
    frames: dict[str, FrameRecord]  # frames known to be current
    base: str  # digest of what every output depends on: generator, layouts, config, asset names


_state: _State | None = None


@dataclass(slots=True)
class Session:
    """Builds in one long-running process (serve): the cache stays in memory between them and is
    written to disk once, by `close`, instead of after every build."""

    root: Path
    out: Path
    cache: CacheData | None = None
    site: Site | None = None  # the last good build's index: reused while only page bodies change
    # Set by a file watcher that sees every change: then files it did not name since the last good build
    # are known unchanged, and are not stat-ed again (10,000 stats are a tenth of a rebuild).
    watched: bool = False
    changed: set[str] = field(default_factory=set)  # site-relative paths, since the last good build

    def note_changes(self, paths: Iterable[str]) -> None:
        """Tell of changed files or folders (absolute, or relative to the site root), as the watcher saw them."""
        root = self.root.absolute()
        for path in map(Path, paths):
            if not path.is_absolute():
                self.changed.add(path.as_posix())
            elif path.is_relative_to(root):  # anything else cannot be a content file
                self.changed.add(path.relative_to(root).as_posix())

    def named(self, rel: str) -> bool:
        """Whether the watcher named this file, or a folder above it (a folder moved in holds new files)."""
        while rel:
            if rel in self.changed:
                return True
            rel = rel.rpartition("/")[0]
        return False

    def unnoticed(self) -> list[str]:
        """Content files added, changed or removed since the last good build that the watcher did not
        name: changes whose events were lost. A stat of every content file (tens of ms at 10,000)."""
        if self.cache is None or not self.watched:
            return []
        files = dict(content_files(self.root)[0])
        known = self.cache.sources
        found = {rel for rel in known if rel not in files}  # removed
        for rel, path in files.items():
            with suppress(OSError):  # gone since it was listed: the next look finds it removed
                if rel not in known or stat_key(path) != known[rel].stat:
                    found.add(rel)
        return sorted(rel for rel in found if not self.named(rel))

    def close(self) -> None:
        """Keep the cache on disk for the next `build` or `serve`."""
        if self.cache is not None:
            save_cache(cache_folder(self.root, self.out.absolute()), self.cache)


def build(root: Path, options: BuildOptions, session: Session | None = None) -> BuildResult:
    """Build the site at `root`; on any error raise BuildError and leave the old output untouched."""
    with _collector_paused():
        return _build(root, options, session)


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


def _build(root: Path, options: BuildOptions, session: Session | None) -> BuildResult:
    started = time.perf_counter()
    out = (options.out or root / "public").absolute()
    # load: the last build's cache, then config, content and static files (unchanged files from the cache)
    folder = cache_folder(root, out)
    # skip: the same input files (by stat) and options as the last build, whose output is untouched
    taken_ns = now_ns()
    signature, newest_input_ns, stats = _signature(root, options) if session is None else ("", 0, {})
    quick = load_quick(folder) if options.cache and session is None and not (folder / APPLYING).exists() else None
    if quick is not None and quick.is_current(signature, newest_input_ns, out):
        return BuildResult(out, quick.pages, 0, len(quick.outputs), time.perf_counter() - started, ())
    notes: list[Problem] = []
    trusted = False  # whether the previous outputs are known to be as that build left them
    reread: set[str] = set()  # read these files even if their stat is unchanged
    if session is not None and session.cache is not None:
        previous = session.cache
        trusted = True  # serve's output folder is its own, written by no one else
        if session.watched:
            stats = {rel: e.stat for rel, e in previous.sources.items() if not session.named(rel)}
            reread = {rel for rel in previous.sources if rel not in stats}
    else:
        previous, notes = load_cache(root, folder) if options.cache else (CacheData(), [])
    if (folder / APPLYING).exists():  # the last build stopped while moving files in: trust nothing of it
        previous.outputs, previous.out_dir = {}, ""
    fresh = CacheData(out_dir=str(out), parts=previous.parts)  # parts: what is on disk, to rewrite only changes
    last_site = session.site if session is not None else None
    loaded = load_site(root, options, previous if options.cache else None, fresh, stats, reread, last_site)
    _raise_errors(list(loaded.problems))
    site = loaded.site
    warnings = tuple(notes) + tuple(p for p in loaded.problems if p.level == "warning")
    page_count = len(site.pages) + len(site.listings) + 2  # + 404 and search
    # skip: the same inputs as the last build, whose output is still there untouched
    if options.cache and _unchanged(previous, loaded.inputs_key, out):
        if session is None:
            stats = {rel: entry.stat for rel, entry in previous.outputs.items()}
            save_quick(folder, Quick(previous.identity, signature, taken_ns, loaded.expires_ns, page_count, stats))
        elapsed = time.perf_counter() - started
        return BuildResult(out, page_count, 0, len(previous.outputs), elapsed, warnings, (previous, loaded))

    from . import outputs

    old_out = out if previous.out_dir == str(out) and out.is_dir() else None
    in_place = options.cache and old_out is not None
    with _staging(out, swap=not in_place) as staging:
        writer = OutputWriter(staging, old_out, previous.outputs, in_place, trusted)
        # render: what changed, from cached markdown where the body did not; the rest is linked
        _write_assets(loaded.assets, root, writer)
        html_cache = folder / "html" if options.cache else None
        # a frame shows cards of pages that the site's structure picks: while it stays, a frame stays
        # unless a card in it changed
        structure = site.derived("structure", structure_key)
        frames = reusable_frames(previous, site, structure)
        reports = render_pages(site, loaded.assets, writer, options.jobs, previous.markdown, html_cache, frames)
        # check: links to anchors in other pages, now that every page's headings are known
        _raise_errors([p for r in reports for p in r.problems] + check_anchors(reports, previous.markdown))
        # write: the files for machines
        writer.write("sitemap.xml", site.derived("sitemap", outputs.sitemap))
        writer.write("feed.xml", site.derived("feed", outputs.atom_feed))
        writer.write("robots.txt", outputs.robots(site))
        for report in reports:
            writer.entries.update(report.outputs)
        # search: index the written pages here, so a failed index fails the build and keeps the old output
        if options.search:
            parts = site.derived("search parts", search_bundles)
            fresh.search_keys = update_index(writer, previous.search_keys, previous.outputs, parts, out)
    if in_place:
        writer.apply(out, folder / APPLYING)
    if options.cache:
        fresh.outputs = writer.entries
        fresh.inputs_key = loaded.inputs_key
        fresh.markdown = {r.source: r.markdown for r in reports if r.markdown is not None}
        fresh.frames, fresh.structure_key = {r.source: r.frame for r in reports if r.frame}, structure
        if session is not None:
            session.cache, session.site = fresh, site
            session.changed.clear()
        else:
            save_cache(folder, fresh)
            stats = {rel: entry.stat for rel, entry in writer.entries.items()}
            save_quick(folder, Quick(fresh.identity, signature, taken_ns, loaded.expires_ns, page_count, stats))
        (folder / APPLYING).unlink(missing_ok=True)
    rendered = sum(r.rendered for r in reports)
    elapsed = time.perf_counter() - started
    return BuildResult(
        out, page_count, rendered, len(writer.entries), elapsed, warnings, (previous, fresh, loaded, reports)
    )


def load_site(
    root: Path,
    options: BuildOptions,
    previous: CacheData | None = None,
    fresh: CacheData | None = None,
    stats: dict[str, tuple[int, int, int]] | None = None,
    reread: set[str] | None = None,
    last_site: Site | None = None,
) -> Loaded:
    """Load site.toml, content and static files into an indexed Site, with every problem found.

    With `previous`, files unchanged since it was written are not parsed again; `fresh` collects the new entries;
    `stats` are file stats known already (by `_signature`, or a watcher), by site-relative path; files in
    `reread` are read even if their stat did not change; `last_site` is an index without problems to
    reuse if only page bodies changed.
    """
    config = load_config(root)
    if options.base_url:
        config = config.with_base_url(options.base_url)
    layouts = layout_names(root)
    previous = previous if previous is not None else CacheData()  # no cache: every file is read
    fresh = fresh if fresh is not None else CacheData()
    listing = content_files(root)
    stats, reread = dict(stats or {}), reread or set()
    for rel, path in listing[0]:  # taken before any read: a stat must not be newer than what was read
        with suppress(OSError):  # gone: reading it reports that
            stats[rel] = stats.get(rel) or stat_key(path)
    unread = {rel: path for rel, path in listing[0] if _must_read(previous, rel, stats.get(rel), reread)}
    known = {rel: entry.digest for rel in unread if (entry := previous.sources.get(rel)) is not None}
    ahead = _read_ahead(list(unread.items()), config, layouts, known, options.jobs)
    parse = _cached_parser(config, layouts, previous, fresh, stats, unread, ahead)
    content = load_pages(config, layouts, LoadOptions(options.drafts, options.future), parse, listing)
    assets, asset_problems = plan_assets(root)
    site, index_problems = index_site(config, content.pages, _reserved_urls(assets), content.held_back, last_site)
    rest = digest(
        __version__,
        _layouts_digest(root),
        config,
        options.search,
        site.held_back,
        assets.urls,
        [(rel, stat_key(root / rel)) for rel in assets.urls],
    )
    inputs_key = combine(rest, *(part for p in site.pages for part in (p.source, p.digest)))
    problems = content.problems + asset_problems + index_problems
    return Loaded(site, assets, tuple(problems), inputs_key, content.next_publication_ns)


def _must_read(previous: CacheData, rel: str, stat: tuple[int, int, int] | None, reread: set[str]) -> bool:
    entry = previous.sources.get(rel)
    return entry is None or rel in reread or stat is None or not trusted_by_stat(entry, stat)


def _cached_parser(
    config: Config,
    layouts: set[str],
    previous: CacheData,
    fresh: CacheData,
    stats: dict[str, tuple[int, int, int]],
    unread: dict[str, str],
    ahead: dict[str, _Read],
) -> Parser:
    """Parse a content file, or take it from the cache when its stat (or failing that, its bytes) match;
    `unread` are the files whose stat does not, `ahead` those of them read already."""

    def parse(rel: str, path: str) -> tuple[Page | None, list[Problem]]:
        entry = previous.sources.get(rel)
        if rel not in unread:
            fresh.sources[rel] = entry  # type: ignore[assignment]  # _must_read: there is an entry
            return entry.page, entry.problems  # type: ignore[union-attr]
        stat = stats.get(rel) or stat_key(path)
        known = entry.digest if entry is not None else None
        read_ns, data_digest, page, problems = ahead.get(rel) or _read(rel, path, config, layouts, known)
        if problems is None:  # the same bytes as when the cache entry was made
            assert entry is not None  # only then is a digest known
            page, problems = entry.page, entry.problems
        fresh.sources[rel] = SourceEntry(stat, read_ns, data_digest, page, problems)
        return page, problems

    return parse


# A file as read and parsed: when it was read, the digest of its bytes, its page and problems (None, None:
# not parsed, its bytes being those the cache knows)
_Read = tuple[int, str, Page | None, list[Problem] | None]
_READ_AHEAD_MIN = 256  # files: below this, a process pool costs more than reading them here saves
# for the workers of _read_ahead, set before they fork: config, layouts, digests the cache knows
_reading: tuple[Config, set[str], dict[str, str]] | None = None


def _read(rel: str, path: str, config: Config, layouts: set[str], known: str | None = None) -> _Read:
    read_ns = now_ns()
    with open(path, "rb") as file:
        data = file.read()
    data_digest = hashlib.sha256(data).hexdigest()
    if data_digest == known:  # touched, not changed
        return read_ns, data_digest, None, None
    return (read_ns, data_digest, *load_page(rel, data, config, layouts))


def _read_ahead(
    files: list[tuple[str, str]], config: Config, layouts: set[str], known: dict[str, str], jobs: int
) -> dict[str, _Read]:
    """Read and parse many content files in worker processes: a cold build of 10,000 pages spends
    seconds on front matter before anything can render, with every other core idle. Files whose bytes
    have the digest `known` for them are only read."""
    workers = min(jobs, len(files) // (_READ_AHEAD_MIN // 2))
    if workers < 2:
        return {}
    global _reading
    _reading = (config, layouts, known)
    size = math.ceil(len(files) / (workers * 4))
    try:
        with _forked_pool(workers) as pool:
            chunks = pool.map(_read_chunk, [files[i : i + size] for i in range(0, len(files), size)])
            return {rel: read for chunk in chunks for rel, read in chunk}
    finally:
        _reading = None


def _read_chunk(files: list[tuple[str, str]]) -> list[tuple[str, _Read]]:
    assert _reading is not None
    config, layouts, known = _reading
    done = []
    for rel, path in files:
        with suppress(OSError):  # gone or unreadable: the main process reads it again and reports it
            done.append((rel, _read(rel, path, config, layouts, known.get(rel))))
    return done


def _signature(root: Path, options: BuildOptions) -> tuple[str, int, dict[str, tuple[int, int, int]]]:
    """A digest of every input file's stat and of the options, the newest modification time seen, and the
    stats of the regular files (by site-relative path), so that loading need not take them again."""
    parts = [digest(__version__, options.base_url, options.drafts, options.future, options.search)]
    stats: dict[str, tuple[int, int, int]] = {}
    newest = 0
    for top in ("content", "static", "layouts"):
        base = str(root / top)
        for folder, dirs, files in os.walk(base):
            dirs.sort()
            here = top + folder[len(base) :]
            for name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                st = os.lstat(os.path.join(folder, name))
                rel = f"{here}/{name}"
                parts.append(f"{rel}\x1f{st.st_size}\x1f{st.st_mtime_ns}\x1f{st.st_ino}\x1f{st.st_mode}")
                newest = max(newest, st.st_mtime_ns)
                if S_ISREG(st.st_mode):
                    stats[rel] = (st.st_size, st.st_mtime_ns, st.st_ino)
    if (root / "site.toml").exists():
        toml = os.lstat(root / "site.toml")
        parts.append(f"site.toml\x1f{toml.st_size}\x1f{toml.st_mtime_ns}\x1f{toml.st_ino}\x1f{toml.st_mode}")
        newest = max(newest, toml.st_mtime_ns)
    return combine(*parts), newest, stats


def _layouts_digest(root: Path) -> str:
    folder = root / LAYOUTS_DIR
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return digest([(p.relative_to(folder).as_posix(), p.read_bytes()) for p in files])


def _unchanged(previous: CacheData, inputs_key: str, out: Path) -> bool:
    """The last build had these inputs, wrote here, and every file it wrote is still as it left it."""
    if previous.inputs_key != inputs_key or previous.out_dir != str(out) or not previous.outputs:
        return False
    try:
        prefix = f"{out}/"  # a str, not a Path: joined once per output file
        return all(stat_key(prefix + rel) == entry.stat for rel, entry in previous.outputs.items())
    except OSError:
        return False


def _write_assets(assets: Assets, root: Path, writer: OutputWriter) -> None:
    for source, url in assets.urls.items():
        data = assets.rewritten.get(source) or (root / source).read_bytes()
        writer.write(url, data)


def search_bundles(site: Site) -> dict[str, list[str]]:
    """The search index's bundle folders and the content pages each indexes (see `search_parts`)."""
    return search_parts((output_path_for(page.url) for page in site.pages), site.config.pages_per_search_index)


def _search_in_parts(site: Site) -> bool:
    """Whether the index is made in parts, which the search page loads and merges."""
    return len(site.derived("search parts", search_bundles)) > 1


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


def render_pages(
    site: Site,
    assets: Assets,
    writer: OutputWriter | None,
    jobs: int,
    cached: dict[str, MarkdownEntry] | None = None,
    html_cache: Path | None = None,
    frames: dict[str, FrameRecord] | None = None,
) -> list[PageReport]:
    """Render every page whose output can have changed (in worker processes when there are many).

    With a writer, outputs made from the same inputs as last time are linked, not rendered; without one
    (check), every page is rendered and nothing is written.
    """
    from .markdown import make_parser
    from .render import make_environment, page_frame

    global _state
    config = site.config
    env = make_environment(config, assets, html_cache.parent / "layouts" if html_cache else None)
    layout_problems = _compile_layouts(env, config.root)
    if layout_problems:
        return [PageReport("layouts", (), (), (), tuple(layout_problems))]
    page_urls = {p.source: p.url for p in site.pages}
    resolver = Resolver(page_urls, dict(assets.urls), lambda path: config.base_path + path, site.held_back)
    usable = _usable_markdown(site, resolver, cached or {})
    base = digest(__version__, _layouts_digest(config.root), config, assets.urls)
    reports: list[PageReport] = []
    work: list[tuple[str, str, str]] = []
    shown = site.derived("shown", lambda s: {(p.source, p.meta_digest) for p in s.pages})
    frames = {source: record for source, record in (frames or {}).items() if _still_shows(record, shown)}
    for page in site.pages:
        entry = usable.get(page.source)
        if entry is None:  # rendered anyway: its frame is worked out in a worker
            work.append(("page", page.source, ""))
            continue
        frames[page.source] = frame = frames.get(page.source) or frame_record(page_frame(site, page))
        key = _page_key(base, entry.key, frame[0])
        if writer and writer.reuse(output_path_for(page.url), key):
            r = entry.rendered
            kept = PageReport(page.source, r.headings, r.anchor_links, r.links, r.problems, False, entry, (), frame)
            reports.append(kept)
        else:
            work.append(("page", page.source, key))
    for i, listing in enumerate(site.listings):
        # its cards by their digests, joined: the list of all articles is as long as the site
        key = combine(base, digest(replace(listing, articles=())), *(card.meta_digest for card in listing.articles))
        if not (writer and writer.reuse(output_path_for(listing.url), key)):
            work.append(("listing", str(i), key))
    in_parts = _search_in_parts(site)
    for kind, url in (("404", "404.html"), ("search", SEARCH_URL)):
        key = digest(base, kind, site.start_here(), in_parts and kind == "search")
        if not (writer and writer.reuse(output_path_for(url), key)):
            work.append((kind, "", key))

    _state = _State(site, env, make_parser(config.allow_html), resolver, writer, html_cache, usable, frames, base)
    workers = max(1, min(jobs, math.ceil(sum(_weight(site, job) for job in work) / _PAGES_PER_WORKER)))
    try:
        if workers == 1:
            return reports + [_render_one(job) for job in work]
        # small chunks: a worker left with the last big chunk would keep the other cores waiting
        chunk = max(1, min(_PAGES_PER_WORKER, len(work) // (workers * 8)))
        with _forked_pool(workers) as pool:
            return reports + list(pool.map(_render_one, work, chunksize=chunk))
    finally:
        _state = None


def _forked_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one: they inherit what a module global holds (the site, the
    config) instead of unpickling it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def _weight(site: Site, job: tuple[str, str, str]) -> int:
    """A job's cost in articles: a page that lists every article costs as much as many articles do."""
    kind, name, _ = job
    if kind == "listing":
        return 1 + len(site.listings[int(name)].articles) // _CARDS_PER_ARTICLE
    if kind == "page" and site.by_source[name].layout == "worksheet":
        return 1 + len(site.articles) // _CARDS_PER_ARTICLE  # it embeds every article's card
    return 1


def _usable_markdown(site: Site, resolver: Resolver, cached: dict[str, MarkdownEntry]) -> dict[str, MarkdownEntry]:
    """Cached markdown whose body, options and link targets are all as they were."""
    # Link targets resolve by the index alone (URLs from front matter, static files, held-back pages), so
    # a lookup found right holds for every site that shares the index: serve checks each just once.
    verified = site.derived("verified lookups", lambda _: set[tuple[str, str | None]]())
    usable = {}
    for page in site.pages:
        entry = cached.get(page.source)
        if entry is None or entry.key != _markdown_key(page, site):
            continue
        if not all(map(verified.__contains__, entry.lookups)):
            if not all(resolver.lookup(target) == found for target, found in entry.lookups):
                continue
            verified.update(entry.lookups)
        usable[page.source] = entry
    return usable


def _markdown_key(page: Page, site: Site) -> str:
    # page.digest covers the whole file (so the body and where it starts); links add lookups
    return _key(_markdown_options(site.config.allow_html, site.config.base_path), page.digest)


def _page_key(base: str, markdown_key: str, frame_digest: str) -> str:
    """What a content page's output is made from: layouts and config, its markdown, its frame."""
    return _key(base, markdown_key, frame_digest)


@functools.lru_cache(maxsize=1 << 16)
def _key(*parts: str) -> str:
    # serve works out the same 20,000 keys of a 10,000-page site on every save: a lookup, not a hash
    return combine(*parts)


@functools.cache
def _markdown_options(allow_html: bool, base_path: str) -> str:
    return digest(__version__, allow_html, base_path)


def _render_one(job: tuple[str, str, str]) -> PageReport:
    """Render one page or listing and write it; runs in a worker process."""
    import jinja2

    from .markdown import render_markdown
    from .render import listing_context, not_found_context, page_context, page_frame, search_context, template_problem

    assert _state is not None
    state = _state
    kind, name, key = job
    site = state.site
    try:
        if kind == "page":
            page = site.by_source[name]
            entry = state.cached.get(name)
            html = _kept_html(state.html_cache, entry)
            if entry is not None and html is not None:
                rendered = replace(entry.rendered, html=html)
            else:
                body = page_body(page, site.config.root)
                if body is None:
                    problem = error(name, 1, "changed while the site was building; build again")
                    return PageReport(name, (), (), (), (problem,), True)
                rendered = render_markdown(state.md, page.source, body, page.body_line, state.resolver)
                # links are only needed by `check`, which renders everything: not kept
                entry = MarkdownEntry(_markdown_key(page, site), rendered.lookups, replace(rendered, html="", links=()))
                if state.html_cache is not None and not rendered.problems:
                    _keep_html(html_path(state.html_cache.parent, entry.key), rendered.html)
            frame = page_frame(site, page)
            known = state.frames.get(name) or frame_record(frame)
            key = key or _page_key(state.base, entry.key, known[0])
            written: tuple[tuple[str, OutputEntry], ...] = ()
            if not rendered.problems:
                context = page_context(site, frame, rendered)
                html = state.env.get_template(f"{page.layout}.html").render(context)
                written = _write(state.writer, page.url, html, key)
            r = rendered
            return PageReport(name, r.headings, r.anchor_links, r.links, r.problems, True, entry, written, known)
        if kind == "listing":
            listing = site.listings[int(name)]
            html = state.env.get_template("list.html").render(listing_context(site, listing))
            return PageReport(name, (), (), (), (), True, None, _write(state.writer, listing.url, html, key))
        if kind == "search":
            html = state.env.get_template("search.html").render(search_context(site, _search_in_parts(site)))
            return PageReport(name, (), (), (), (), True, None, _write(state.writer, SEARCH_URL, html, key))
        html = state.env.get_template("404.html").render(not_found_context(site))
        return PageReport(name, (), (), (), (), True, None, _write(state.writer, "404.html", html, key))
    except jinja2.TemplateError as exc:
        return PageReport(name, (), (), (), (template_problem(exc, site.config.root),), True)


def structure_key(site: Site) -> str:
    """What decides which pages a frame shows (related, neighbours, newest, every article), as two digests
    `places:tags`: the config and each page's place, layout, topic, date and weight; then its tags.
    Not titles or descriptions."""
    places = [(p.source, p.layout, p.topic or "", p.published.isoformat(), str(p.weight)) for p in site.pages]
    tags = [part for p in site.pages for part in (p.source, " ".join(p.tags))]
    return (
        combine(digest(__version__, site.config), *(part for place in places for part in place)) + ":" + combine(*tags)
    )


def reusable_frames(previous: CacheData, site: Site, structure: str) -> dict[str, FrameRecord]:
    """The last build's frames that can still be current (each is checked against its cards later): all
    while the structure stands. After a change of tags alone, tags decide only related articles, whose
    ranking for a page changes only if it counts one of the changed tags: the other frames stand."""
    if previous.structure_key == structure:
        return previous.frames
    if previous.structure_key.partition(":")[0] != structure.partition(":")[0]:
        return {}
    retagged: set[str] = set()  # pages whose tags changed
    changed: set[str] = set()  # tags added to or taken from a page
    for page in site.pages:
        entry = previous.sources.get(page.source)
        old = entry.page.tags if entry is not None and entry.page is not None else ()
        if old != page.tags:
            retagged.add(page.source)
            changed.update(set(old) ^ set(page.tags))
    return {
        source: record
        for source, record in previous.frames.items()
        if source in site.by_source and source not in retagged and changed.isdisjoint(site.by_source[source].tags)
    }


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


def _still_shows(record: FrameRecord, shown: set[tuple[str, str]]) -> bool:
    """The cards a frame showed are unchanged (with the same structure, so are the pages it picks)."""
    return record[1] is not None and all(map(shown.__contains__, record[1]))  # issuperset would copy it


def _kept_html(html_cache: Path | None, entry: MarkdownEntry | None) -> str | None:
    if html_cache is None or entry is None:
        return None
    try:
        return html_path(html_cache.parent, entry.key).read_text(encoding="utf-8")
    except OSError:  # gone (cleaned by hand): render it again
        return None


def _keep_html(path: Path, html: str) -> None:
    """Keep rendered markdown for later builds (named by its inputs' digest, so never stale)."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temp.write_text(html, encoding="utf-8")
        temp.replace(path)


def _compile_layouts(env: jinja2.Environment, root: Path) -> list[Problem]:
    """Syntax errors in every layout, used or not, so a broken partial never waits for its first page."""
    import jinja2

    from .render import template_problem

    problems = []
    for name in env.list_templates(extensions=["html", "xml"]):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(template_problem(exc, root))
    return problems


def _write(writer: OutputWriter | None, url: str, html: str, key: str) -> tuple[tuple[str, OutputEntry], ...]:
    if writer is None:
        return ()
    rel = output_path_for(url)
    return ((rel, writer.write(rel, html.encode("utf-8"), key)),)


def check_anchors(reports: list[PageReport], last_good: dict[str, MarkdownEntry] | None = None) -> list[Problem]:
    """Links to `page.md#anchor` whose page has no such heading. With `last_good` (the markdown of the
    last build that passed), a link between two pages whose markdown is as it was then is known good."""
    last_good = last_good or {}
    changed = {r.source for r in reports if (old := last_good.get(r.source)) is None or not _same(old, r.markdown)}
    links = [(r, link) for r in reports for link in r.anchor_links if r.source in changed or link.target in changed]
    targets = {link.target for _, link in links}
    ids = {r.source: {h.id for h in r.headings} for r in reports if r.source in targets}
    problems = []
    for report, link in links:
        known = ids.get(link.target)
        if known is not None and link.anchor not in known:
            hint = did_you_mean(link.anchor, sorted(known))
            message = f"link to `{link.target}#{link.anchor}`: that page has no heading with this id{hint}"
            problems.append(error(report.source, link.line, message))
    return problems


def _same(old: MarkdownEntry, new: MarkdownEntry | None) -> bool:
    return new is old or new == old  # kept pages pass the very entry on; workers send back equal copies


@contextmanager
def _staging(out: Path, swap: bool = True) -> Iterator[Path]:
    """A fresh folder beside `out`; swapped in (if `swap`) only when the block succeeds, else removed."""
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
    if not swap:
        return
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
