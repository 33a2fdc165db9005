"""Load a site: site.toml, content and static files, read (in workers when there are many), parsed,
validated and indexed into a `Site`; files unchanged since the last build are taken from it."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from .assets import Assets, plan_assets
from .cache import SourceEntry
from .config import Config, load_config
from .content import LoadOptions, Page, Parsed, content_files, include_pages, load_page, read_body
from .errors import Problem, error
from .feeds import JOBS_ATOM, JOBS_JSON, JOBS_ROLES
from .fingerprint import RACY_NS, StatKey, digest, now_ns, stat_key
from .render import LAYOUTS_DIR, WORKSHEET_ARTICLES, layout_names
from .search import SEARCH_DIR, SEARCH_URL
from .site import Site, index_site
from .workers import forked_map

# URLs that generated files take, so no page can
GENERATED_URLS = (
    "404.html",
    "sitemap.xml",
    "feed.xml",
    "robots.txt",
    SEARCH_URL,
    f"{SEARCH_DIR}/",
    JOBS_ATOM,
    JOBS_JSON,
    JOBS_ROLES,
    WORKSHEET_ARTICLES,
)
_READ_AHEAD_MIN = 256  # files: below this, a process pool costs more than reading them here saves


@dataclass(frozen=True, slots=True)
class Reuse:
    """What loading may take from the last build instead of reading and parsing files again."""

    sources: Mapping[str, SourceEntry] = field(default_factory=dict)  # content files as last parsed
    stats: Mapping[str, StatKey] = field(default_factory=dict)  # stats taken already (the quick check, a watcher)
    reread: frozenset[str] = frozenset()  # read these even if their stat is unchanged
    watched: bool = False  # a watcher named (in `reread`) every file changed since `sources` were read
    site: Site | None = None  # an index (of a build without problems) to keep while only page bodies change
    assets: Assets | None = None  # static files as a build without problems named them, if none changed since
    files: list[tuple[str, str]] | None = None  # content files as such a build listed them, if none came or went
    config: Config | None = None  # the config as such a build had it, if site.toml is as it was


NOTHING = Reuse()  # a cold load: every file is read


@dataclass(frozen=True, slots=True)
class Loaded:
    """The site as loaded, validated and indexed, before anything is rendered."""

    site: Site
    assets: Assets
    problems: tuple[Problem, ...]
    sources: dict[str, SourceEntry]  # every content file as read now or reused: for the next build
    bodies: dict[str, str]  # the markdown bodies of the files read by this load, by source
    layouts_digest: str  # of every file in layouts/
    expires_ns: int | None  # when a future page becomes due or a listing closes (the output changes then)
    files: list[tuple[str, str]]  # the content files found: (path in the site, full path)

    def body(self, page: Page) -> str | None:
        """A page's markdown body; None if its file changed since it was loaded."""
        found = self.bodies.get(page.source)
        return found if found is not None else read_body(page, self.site.config.root)


def load_site(
    root: Path,
    *,
    drafts: bool = False,
    future: bool = False,
    base_url: str | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
    reuse: Reuse = NOTHING,
) -> Loaded:
    """Load site.toml, content and static files into an indexed Site, with every problem found; files
    whose stat (or failing that, whose bytes) are as `reuse` knows them are not parsed again. Many files
    are read in up to `jobs` worker processes. `today` is the build date (see `build_date`)."""
    config = reuse.config
    if config is None:
        config = load_config(root)
        if base_url:
            config = config.with_base_url(base_url)
    layouts = layout_names(root)
    files, problems = (reuse.files, []) if reuse.files is not None else content_files(root)
    if reuse.watched:  # what the watcher named, and new files: no need to stat 10,000 others
        unread = [(rel, path) for rel, path in files if rel in reuse.reread or rel not in reuse.sources]
        stats = _stats(unread)
    else:
        stats = dict(reuse.stats) | _stats((rel, path) for rel, path in files if rel not in reuse.stats)
        unread = [(rel, path) for rel, path in files if _must_read(reuse, rel, stats.get(rel))]
    known = {rel: entry.digest for rel, _ in unread if (entry := reuse.sources.get(rel)) is not None}
    reads = _read_all(unread, (config, layouts, known), min(jobs, len(unread) // (_READ_AHEAD_MIN // 2)))
    sources: dict[str, SourceEntry] = {}
    bodies: dict[str, str] = {}
    parsed: list[tuple[str, Page | None, list[Problem]]] = []
    for rel, _ in files:
        entry = reuse.sources.get(rel)
        read = reads.get(rel)
        if read is None:  # unchanged by stat
            assert entry is not None  # _must_read: there is one
            sources[rel] = entry
        else:
            read_ns, data_digest, found = read
            if found is None:  # the bytes the last build parsed
                assert entry is not None  # only then is a digest known
                page, page_problems = entry.page, entry.problems
            else:
                page, page_problems = found.page, found.problems
                bodies[rel] = found.body
            sources[rel] = SourceEntry(
                stats.get(rel) or stat_key(root / rel), read_ns, data_digest, page, page_problems
            )
        parsed.append((rel, sources[rel].page, sources[rel].problems))
    day, now = build_date(today)
    content = include_pages(parsed, LoadOptions(drafts, future, now))
    assets, asset_problems = (reuse.assets, []) if reuse.assets is not None else plan_assets(root)
    reserved = reserved_urls(assets)
    site, index_problems = index_site(config, content.pages, reserved, content.held_back, reuse.site, day)
    problems += content.problems + asset_problems + _generated_clashes(assets) + index_problems
    layouts_digest = _layouts_digest(root)
    changes = [ns for ns in (content.next_publication_ns, site.board.closes_ns()) if ns is not None]
    expires_ns = min(changes, default=None)
    return Loaded(site, assets, tuple(problems), sources, bodies, layouts_digest, expires_ns, files)


def build_date(today: dt.date | None) -> tuple[dt.date, dt.datetime]:
    """The build's date and moment: `today` (the whole day: pages dated that day are out), else
    SOURCE_DATE_EPOCH (for reproducible builds), else the clock."""
    if today is not None:
        return today, dt.datetime.combine(today, dt.time.max, dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return now.date(), now


def reserved_urls(assets: Assets) -> dict[str, str]:
    """URLs that generated and static files take -> what takes them."""
    reserved = {name: "a generated file" for name in GENERATED_URLS}
    for source, url in assets.urls.items():
        reserved[url.removesuffix("index.html") if url.endswith("index.html") else url] = source
    return reserved


def _generated_clashes(assets: Assets) -> list[Problem]:
    """Static files at a URL the build writes itself (`static/sitemap.xml`): the build's file would
    silently take their place."""
    generated = set(GENERATED_URLS)
    folders = tuple(url for url in GENERATED_URLS if url.endswith("/"))  # whole folders: search/, pagefind/
    clashes = []
    for source, url in sorted(assets.urls.items()):
        if url in generated:
            clashes.append(error(source, 1, f"its URL /{url} is also the URL of a generated file; rename or move it"))
        elif url.startswith(folders):
            folder = url.split("/", 1)[0]
            clashes.append(error(source, 1, f"its URL /{url} is in /{folder}/, which the build writes; move it"))
    return clashes


def _stats(files: Iterable[tuple[str, str]]) -> dict[str, StatKey]:
    """The files' stats, taken before any read: a stat must not be newer than what was read."""
    stats = {}
    for rel, path in files:
        with suppress(OSError):  # gone: reading it reports that
            stats[rel] = stat_key(path)
    return stats


def _must_read(reuse: Reuse, rel: str, stat: StatKey | None) -> bool:
    """Whether a file may have changed since the last build parsed it: a new stat, or one taken just
    before it was read (a file changed twice within one timestamp tick keeps its size and mtime)."""
    entry = reuse.sources.get(rel)
    if entry is None or rel in reuse.reread or stat is None:
        return True
    return entry.stat != stat or stat[1] >= entry.read_ns - RACY_NS


# A file as read: when, the digest of its bytes, and what parsing found (None: its bytes are those the
# last build parsed, so it was not parsed again)
_Read = tuple[int, str, Parsed | None]
# What reading needs: the config, the layouts' names, and the digests of files the last build parsed
_Shared = tuple[Config, set[str], dict[str, str]]


def _read_all(files: list[tuple[str, str]], shared: _Shared, workers: int) -> dict[str, _Read]:
    """Read and parse files, in worker processes when there are many: a cold build of 10,000 pages spends
    seconds on front matter before anything can render, with every other core idle."""
    chunk = math.ceil(len(files) / (workers * 4)) if workers > 1 else 1
    reads = forked_map(_read_one, files, shared, workers, chunk)
    done = {rel: read for (rel, _), read in zip(files, reads, strict=True) if read is not None}
    for rel, path in files:
        if rel not in done:  # a worker could not read it: read it here, where a failure is reported
            done[rel] = _read(rel, path, shared)
    return done


def _read_one(shared: _Shared, file: tuple[str, str]) -> _Read | None:
    with suppress(OSError):  # gone or unreadable: read again by the main process, which reports it
        return _read(*file, shared)
    return None


def _read(rel: str, path: str, shared: _Shared) -> _Read:
    config, layouts, known = shared
    read_ns = now_ns()
    with open(path, "rb") as file:
        data = file.read()
    data_digest = hashlib.sha256(data).hexdigest()
    if data_digest == known.get(rel):  # touched, not changed
        return read_ns, data_digest, None
    return read_ns, data_digest, load_page(rel, data, config, layouts)


def _layouts_digest(root: Path) -> str:
    folder = root / LAYOUTS_DIR
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return digest([(p.relative_to(folder).as_posix(), p.read_bytes()) for p in files])
