"""Facts: what follows from a site's index alone (front matter, config, URLs; never a page body),
worked out once when first asked for; serve keeps them while only page bodies change."""

from __future__ import annotations

from functools import cached_property

from . import __version__, feeds
from .content import Page
from .fingerprint import combine, digest
from .jobs import Job
from .output import output_path_for
from .search import search_parts
from .site import Site


class Facts:
    """What follows from a site's index alone (front matter, config, URLs; never a page body), worked
    out when first asked for; serve keeps them while only page bodies change."""

    def __init__(self, site: Site, last: Facts | None = None) -> None:
        """`last`: the facts of the last build in this process (serve, build --watch), to take what holds."""
        self._site = site
        self.verified: set[tuple[str, str | None]] = set()  # link lookups found right for this index
        # the text of the machine files' entries, made for this config (`feeds.Fragments`)
        self._last_fragments = last.fragments if last is not None and last._site.config is site.config else {}
        self.fragments: feeds.Fragments = {}

    @cached_property
    def structure(self) -> str:
        """What decides which pages a frame shows (see `structure_key`)."""
        return structure_key(self._site)

    @cached_property
    def files(self) -> dict[str, bytes]:
        """The files for machines, by output path: sitemap, feeds, robots.txt, the lists scripts read."""
        files, self.fragments = feeds.machine_files(self._site, self._last_fragments)
        self._last_fragments = {}  # let the last build's go
        return files

    @cached_property
    def search_parts(self) -> dict[str, list[str]]:
        """The search index's bundle folders and the content pages each indexes (see `search_parts`)."""
        pages = (output_path_for(page.url) for page in self._site.pages)
        return search_parts(pages, self._site.config.pages_per_search_index)

    @cached_property
    def shown(self) -> set[tuple[str, str]]:
        """Every page as other pages show it: its source and front matter digest."""
        site = self._site
        # a listing's card has a digest of its own (it shows its employer's name)
        return {(p.source, p.meta_digest) for p in site.pages} | {
            (c.source, c.meta_digest) for c in site.cards.values()
        }


def structure_key(site: Site) -> str:
    """What decides which pages a frame shows (related, neighbours, newest, every article), as two digests
    `places:tags`: the config and each page's place, layout, topic, date, weight and employer; then its
    tags. Not titles or descriptions."""
    places = [
        (p.source, p.layout, p.topic or "", p.published.isoformat(), str(p.weight), _employer(p)) for p in site.pages
    ]
    tags = [part for p in site.pages for part in (p.source, " ".join(p.tags))]
    config = digest(__version__, site.config, sorted(site.board.closed))  # a closed listing leaves the lists
    return combine(config, *(part for place in places for part in place)) + ":" + combine(*tags)


def _employer(page: Page) -> str:
    return page.details.employer if isinstance(page.details, Job) else ""
