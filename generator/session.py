"""The session of a process that stays (serve, `build --watch`): the build cache kept in memory between
builds, and the changes a watcher saw."""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import CacheData, cache_folder, save_cache
from .content import CONTENT_DIR, content_files
from .fingerprint import stat_key

if TYPE_CHECKING:  # a session only holds them
    from .assets import Assets
    from .facts import Facts
    from .load import Loaded
    from .pages import PageReport, Renderer
    from .site import Site
    from .warm_index import WarmIndex


@dataclass(slots=True)
class Session:
    """Builds in one long-running process (serve, `build --watch`): the cache stays in memory between them
    and is written to disk once, by `close`, instead of after every build."""

    root: Path
    out: Path
    cache: CacheData | None = None
    site: Site | None = None  # the last good build's index: reused while only page bodies change
    facts: Facts | None = None  # what follows from that index
    # Set by a file watcher that sees every change: then files it did not name since the last good build
    # are known unchanged, and are not stat-ed again (10,000 stats are a tenth of a rebuild).
    watched: bool = False
    changed: set[str] = field(default_factory=set)  # site-relative paths, since the last good build
    reports: dict[str, PageReport] = field(default_factory=dict)  # the last good build's, of content pages
    renderer: Renderer | None = None  # the last good build's: its layouts compiled, its links resolved
    assets: Assets | None = None  # the last good build's static files (they had no problems)
    files: list[tuple[str, str]] | None = None  # the last good build's content files (`content_files`)
    search: WarmIndex | None = None  # the part of the search index indexed last, held by Pagefind's service

    def remember(
        self,
        cache: CacheData,
        loaded: Loaded,
        facts: Facts,
        kept: dict[str, PageReport],
        reports: Iterable[PageReport],
        renderer: Renderer | None,
    ) -> None:
        """Keep what a good build made, for the next one: the reports it `kept` of the last build, and the others."""
        self.cache, self.site, self.facts, self.renderer = cache, loaded.site, facts, renderer
        self.assets, self.files = loaded.assets, loaded.files
        self.reports = kept | {
            r.source: r._replace(rendered=False, links=(), outputs=()) if r.rendered or r.links or r.outputs else r
            for r in reports
            if r.markdown is not None and r.frame is not None
        }
        self.changed.clear()

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

    def named_in(self, paths: Collection[str]) -> set[str]:
        """Those of `paths` that the watcher named, or a folder above them (`named`, for many paths: they
        are walked only when something else than one of them was named)."""
        found = {rel for rel in self.changed if rel in paths}
        folders = tuple(f"{rel}/" for rel in self.changed if rel not in paths)
        if folders:
            found.update(rel for rel in paths if rel.startswith(folders))
        return found

    def named_under(self, folder: str) -> bool:
        """Whether the watcher named anything in `folder`, the folder itself, or a folder above it."""
        return any(
            rel == folder or rel.startswith(f"{folder}/") or folder.startswith(f"{rel}/") for rel in self.changed
        )

    def same_files(self, sources: Collection[str]) -> bool:
        """Whether content/ still holds just `sources` (the last build's files), by what the watcher named
        in it: none but those files, each still a plain file."""
        for rel in self.changed:
            if rel != CONTENT_DIR and not rel.startswith(f"{CONTENT_DIR}/"):
                continue
            path = self.root / rel
            if rel not in sources or path.is_symlink() or not path.is_file():
                return False
        return True

    def unnoticed(self, settle_ns: int = 0) -> list[str]:
        """Content files added, changed or removed since the last good build that the watcher did not
        name: changes whose events were lost. A stat of every content file (tens of ms at 10,000). A file
        modified less than `settle_ns` ago is left to the next look: its event may be on its way."""
        if self.cache is None or not self.watched:
            return []
        files = dict(content_files(self.root)[0])
        known = self.cache.sources
        found = {rel for rel in known if rel not in files}  # removed
        recent = time.time_ns() - settle_ns
        for rel, path in files.items():
            with suppress(OSError):  # gone since it was listed: the next look finds it removed
                stat = stat_key(path)
                if (rel not in known or stat != known[rel].stat) and stat[1] < recent:
                    found.add(rel)
        return sorted(rel for rel in found if not self.named(rel))

    def warm_index(self) -> WarmIndex:
        """The part of the search index this session holds (made on first use: it starts a process)."""
        if self.search is None:
            from .warm_index import WarmIndex

            self.search = WarmIndex()
        return self.search

    def close(self) -> None:
        """Keep the cache on disk for the next `build` or `serve`, and stop the search service."""
        if self.search is not None:
            self.search.close()
        if self.cache is not None:
            save_cache(cache_folder(self.root, self.out.absolute()), self.cache)
