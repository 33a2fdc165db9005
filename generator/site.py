"""The `Site`: every page and listing with its URL, topics, tags, related and neighbouring articles."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from operator import attrgetter

from .board import Board, choices_of, index_board
from .config import CONFIG_FILE, Config, Topic
from .content import Card, Page
from .errors import Problem, did_you_mean, error
from .front_matter import EMPLOYERS, JOBS
from .listing import Listing, paginate

RELATED_COUNT = 3
JOBS_URL = "jobs/"
_BOARD_FOLDERS = (f"content/{JOBS}/", f"content/{EMPLOYERS}/")
JOBS_DESCRIPTION = (
    "Open roles with the pay stated, where they are done, and when each closes. Filter them, or read them all."
)
_source = attrgetter("source")
_source_and_meta = attrgetter("source", "meta_digest")


@dataclass(frozen=True, slots=True)
class Crumb:
    """One step of a breadcrumb trail."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Site:
    """All pages, indexed once; read-only after `index_site`."""

    config: Config
    pages: tuple[Page, ...]  # content pages, by source path
    articles: tuple[Page, ...]  # newest first
    listings: tuple[Listing, ...]
    by_source: dict[str, Page]
    by_topic: dict[str, tuple[Page, ...]]  # in topic order: weight, then newest first
    by_tag: dict[str, tuple[Page, ...]]  # newest first
    held_back: dict[str, str]  # content files not in this build (drafts, future, broken) -> why
    cards: dict[str, Card]  # every article's, listing's and employer's card, made once
    reserved_urls: dict[str, str]  # URLs taken by generated and static files -> by what
    board: Board  # job listings and employers, as of the build date
    # source -> where it sits in each reading path: (journey's index in config.journeys, its place from 1,
    # the previous and next pages' cards)
    journey_places: dict[str, tuple[tuple[int, int, Card | None, Card | None], ...]]
    _bits: _Bits

    def shares_index(self, other: Site | None) -> bool:
        """Whether this site is `other`, or was made from it by `with_pages` (so has the same index)."""
        return other is not None and other._bits is self._bits

    def with_pages(self, pages: list[Page]) -> Site:
        """This index with the given pages, which have the same sources and front matter as its own
        (so the same URLs, places and cards): only the Page objects, whose file digests differ, are new.
        The lists of topics and tags that hold none of them stay as they are."""
        new = {page.source: page for page in pages if self.by_source.get(page.source) is not page}
        by_source = self.by_source | new
        topics = {page.topic for page in new.values()}
        tags = {tag for page in new.values() for tag in page.tags}

        def swap(items: tuple[Page, ...]) -> tuple[Page, ...]:
            return tuple(map(by_source.__getitem__, map(_source, items)))

        return replace(
            self,
            pages=swap(self.pages),
            articles=swap(self.articles) if any(page.is_article for page in new.values()) else self.articles,
            by_source=by_source,
            by_topic={slug: swap(items) if slug in topics else items for slug, items in self.by_topic.items()},
            by_tag={tag: swap(items) if tag in tags else items for tag, items in self.by_tag.items()},
        )

    def same_index(
        self,
        config: Config,
        pages: list[Page],
        reserved_urls: dict[str, str],
        held_back: dict[str, str],
        today: dt.date,
    ) -> bool:
        """Whether indexing these would give this index again: same config, build date, files held back
        and reserved URLs, and the same pages by source and front matter."""
        mine = self.pages
        if not (
            config == self.config
            and today == self.board.today
            and held_back == self.held_back
            and reserved_urls == self.reserved_urls
            and len(pages) == len(mine)
        ):
            return False
        # As a rule they come in source order, and all but a few are the very pages indexed
        if all(p is q or _source_and_meta(p) == _source_and_meta(q) for p, q in zip(pages, mine, strict=True)):
            return True
        return sorted(map(_source_and_meta, pages)) == list(map(_source_and_meta, mine))

    def topic(self, slug: str | None) -> Topic | None:
        """The declared topic with this slug."""
        return self.config.topic(slug) if slug else None

    def related(self, page: Page) -> tuple[Card, ...]:
        """Articles sharing the most tags with this one (then its topic), newest first on ties."""
        # Articles with the same topic and tags share a ranking: rank once, one more than needed, and
        # leave the page itself out of it.
        signature = (page.topic, frozenset(page.tags))
        ranked = self._bits.ranked.get(signature)
        if ranked is None:
            ranked = self._bits.ranked[signature] = self._rank(page.topic, page.tags, RELATED_COUNT + 1)
        return tuple(other for other in ranked if other.source != page.source)[:RELATED_COUNT]

    def _rank(self, topic: str | None, tags: tuple[str, ...], count: int) -> tuple[Card, ...]:
        # Score = 2 x shared tags + same topic, counted for all articles at once in bit-planes
        # (bit i = the i-th newest article), so this costs a few big-int operations, not a loop.
        planes = [self._bits.topics.get(topic or "", 0), 0, 0, 0]
        for tag in tags:
            carry = self._bits.tags.get(tag, 0)
            for k in range(1, 4):
                planes[k], carry = planes[k] ^ carry, planes[k] & carry
        everyone = self._bits.everyone
        lacking = [everyone & ~plane for plane in planes]  # articles without that bit of the score
        found: list[Card] = []
        for score in range(min(15, 1 + 2 * len(tags)), 0, -1):  # none can score more than that
            mask = everyone
            for k in range(4):
                mask &= planes[k] if score >> k & 1 else lacking[k]
                if not mask:
                    break
            while mask and len(found) < count:
                lowest = mask & -mask
                found.append(self.cards[self.articles[lowest.bit_length() - 1].source])
                mask ^= lowest
            if len(found) == count:
                break
        return tuple(found)

    def neighbours(self, page: Page) -> tuple[Page | None, Page | None]:
        """The previous and next article in the same topic."""
        series = self.by_topic.get(page.topic or "", ())
        i = self._bits.series_index.get(page.source)
        if i is None:
            return None, None
        return (series[i - 1] if i > 0 else None), (series[i + 1] if i + 1 < len(series) else None)

    def start_here(self) -> tuple[Card, ...]:
        """The pages the home page leads with (site.toml `start_here`) that are in this build."""
        found = (self.by_source.get(f"content/{path}") for path in self.config.start_here)
        return tuple(page.card for page in found if page is not None)

    def breadcrumbs(self, page: Page | Listing) -> tuple[Crumb, ...]:
        """Home, then the sections above this page (the page itself is last, without a link)."""
        trail = [Crumb("Home", "")]
        if isinstance(page, Listing):
            if page.kind in ("topic", "tag", "journey"):
                trail.append(Crumb("Articles", "articles/"))
        elif page.is_article:
            trail.append(Crumb("Articles", "articles/"))
            if topic := self.topic(page.topic):
                trail.append(Crumb(topic.title, topic_url(topic.slug)))
        elif page.section in (JOBS, EMPLOYERS):
            trail.append(Crumb("Job board", JOBS_URL))
        if isinstance(page, Listing) and page.kind == "employer":
            employer = self.board.employers[page.key]
            trail += [Crumb("Job board", JOBS_URL), Crumb(employer.title, employer.url)]
        return (*trail, Crumb(page.title, page.url))


@dataclass(frozen=True, slots=True)
class _Bits:
    """Articles as bit sets (bit i = the i-th newest article), for fast related-article scoring."""

    everyone: int
    tags: dict[str, int]
    topics: dict[str, int]
    series_index: dict[str, int]  # source -> position in its topic's order
    ranked: dict[tuple[str | None, frozenset[str]], tuple[Card, ...]] = field(default_factory=dict)  # memo

    @classmethod
    def of(cls, articles: tuple[Page, ...], by_topic: dict[str, tuple[Page, ...]]) -> _Bits:
        position = {a.source: 1 << i for i, a in enumerate(articles)}
        tags: dict[str, int] = defaultdict(int)
        topics: dict[str, int] = defaultdict(int)
        for article in articles:
            for tag in article.tags:
                tags[tag] |= position[article.source]
            topics[article.topic or ""] |= position[article.source]
        topics.pop("", None)
        series_index = {page.source: i for series in by_topic.values() for i, page in enumerate(series)}
        return cls((1 << len(articles)) - 1, dict(tags), dict(topics), series_index)


def topic_url(slug: str) -> str:
    """The topic page's site-relative URL."""
    return f"topics/{slug}/"


def journey_url(slug: str) -> str:
    """A reading path's site-relative URL."""
    return f"journeys/{slug}/"


def tag_url(tag: str) -> str:
    """The tag page's site-relative URL."""
    return f"tags/{tag}/"


def index_site(
    config: Config,
    pages: list[Page],
    reserved_urls: dict[str, str],
    held_back: dict[str, str] | None = None,
    previous: Site | None = None,
    today: dt.date | None = None,
) -> tuple[Site, list[Problem]]:
    """Index the pages as of `today` (default: the clock's); URL clashes (with each other or with
    generated files) and the job board's rules are problems. With `previous` (an index without
    problems), reuse it if only page bodies changed since."""
    today = today or dt.datetime.now(dt.UTC).date()
    if previous is not None and previous.same_index(config, pages, reserved_urls, held_back or {}, today):
        return previous.with_pages(pages), []
    pages = sorted(pages, key=attrgetter("source"))
    # newest first, ties by source path: a stable sort keeps the source order of equal dates, even reversed
    articles = tuple(sorted((p for p in pages if p.is_article), key=attrgetter("published"), reverse=True))
    by_topic: dict[str, list[Page]] = defaultdict(list)
    by_tag: dict[str, list[Page]] = defaultdict(list)
    for article in articles:
        if article.topic:
            by_topic[article.topic].append(article)
        for tag in article.tags:
            by_tag[tag].append(article)
    # by weight, then (stable sort of lists in article order) newest first
    topics = {slug: tuple(sorted(items, key=attrgetter("weight"))) for slug, items in by_topic.items()}

    board, problems = index_board(
        pages, today, [source for source in reserved_urls.values() if source.startswith("static/")]
    )
    card_of = {p.source: p.card for p in articles} | board.cards
    listings = _listings(config, articles, topics, by_tag, card_of)
    if board.cards or any(source.startswith(_BOARD_FOLDERS) for source in held_back or {}):
        # a site with listings or employers, even if none is published yet, has a board (an empty one says so)
        open_roles = tuple(card_of[p.source] for p in board.open)
        choices = choices_of(open_roles)
        listings += paginate("jobs", "", JOBS_URL, "Job board", JOBS_DESCRIPTION, open_roles, config.page_size, choices)
        for slug, roles in sorted(board.roles.items()):  # page 1 is the employer's own page
            employer = board.employers[slug]
            title, description = f"Open roles at {employer.title}", employer.description
            listings += paginate("employer", slug, employer.url, title, description, roles, config.page_size)[1:]
    drafts = {p.source: "is a draft (draft: true)" for p in pages if p.draft}  # `serve` and `check` show drafts
    problems += _tag_problems(config, pages) + _reading_problems(config, (held_back or {}) | drafts)
    problems += _url_clashes(pages, listings, reserved_urls)
    site = Site(
        config=config,
        pages=tuple(pages),
        articles=articles,
        listings=tuple(listings),
        by_source={p.source: p for p in pages},
        by_topic=topics,
        by_tag={tag: tuple(items) for tag, items in by_tag.items()},
        held_back=dict(held_back or {}),
        cards=card_of,
        reserved_urls=dict(reserved_urls),
        board=board,
        journey_places=_journey_places(config, card_of),
        _bits=_Bits.of(articles, topics),
    )
    return site, problems


def _listings(
    config: Config,
    articles: tuple[Page, ...],
    topics: dict[str, tuple[Page, ...]],
    by_tag: dict[str, list[Page]],
    card_of: dict[str, Card],
) -> list[Listing]:
    """The generated lists of articles: all of them, each topic's (every declared topic), each tag's."""

    def cards(pages: list[Page] | tuple[Page, ...]) -> tuple[Card, ...]:
        return tuple(card_of[p.source] for p in pages)

    size = config.page_size
    listings = paginate("articles", "", "articles/", "All articles", config.description, cards(articles), size)
    for topic in config.topics:
        members = cards(topics.get(topic.slug, ()))
        listings += paginate("topic", topic.slug, topic_url(topic.slug), topic.title, topic.description, members, size)
    for journey in config.journeys:
        members = tuple(card_of[source] for source in journey.sources if source in card_of)
        url, title = journey_url(journey.slug), journey.title
        listings += paginate("journey", journey.slug, url, title, journey.description, members, size)
    for tag in sorted(by_tag):
        declared = config.tag(tag)
        description = declared.meaning if declared else f"Articles on {config.title} tagged “{tag}”."
        listings += paginate("tag", tag, tag_url(tag), f"Tagged “{tag}”", description, cards(by_tag[tag]), size)
    return listings


def _journey_places(
    config: Config, card_of: dict[str, Card]
) -> dict[str, tuple[tuple[int, int, Card | None, Card | None], ...]]:
    """Each page's place in each reading path it is in, with its neighbours there (pages in this build)."""
    places: dict[str, list[tuple[int, int, Card | None, Card | None]]] = defaultdict(list)
    for i, journey in enumerate(config.journeys):
        members = [source for source in journey.sources if source in card_of]
        for n, source in enumerate(members):
            before = card_of[members[n - 1]] if n > 0 else None
            after = card_of[members[n + 1]] if n + 1 < len(members) else None
            places[source].append((i, n + 1, before, after))
    return {source: tuple(found) for source, found in places.items()}


def _tag_problems(config: Config, pages: list[Page]) -> list[Problem]:
    """Tags outside site.toml's [[tags]], where it declares any (then it is the site's vocabulary)."""
    known = [tag.slug for tag in config.tags]
    if not known:
        return []
    problems = []
    for page in pages:
        for tag in page.tags:
            if tag not in known:
                hint = f"{did_you_mean(tag, known)}; use one of those, or declare it there with its meaning"
                message = f"tag `{tag}` is not in site.toml's [[tags]]{hint}"
                problems.append(error(page.source, page.line_of("tags"), message))
    return problems


def _reading_problems(config: Config, held_back: dict[str, str]) -> list[Problem]:
    """Journeys and factors' reading that name a page a published build leaves out (a draft, say)."""
    named = [(f"journey `{j.slug}`", j.line, j.sources) for j in config.journeys]
    named += [(f"factor `{f.id}`", f.line, tuple(f"content/{a}" for a in f.articles)) for f in config.factors]
    problems = []
    for who, line, sources in named:
        for source in sources:
            if source in held_back:  # why: "is a draft (draft: true), left out of this build"
                path, why = source.removeprefix("content/"), held_back[source]
                message = f"{who} names {path}, which {why}; publish it or take it out of site.toml"
                problems.append(error(CONFIG_FILE, line, message))
    return problems


def _url_clashes(pages: list[Page], listings: list[Listing], reserved_urls: dict[str, str]) -> list[Problem]:
    """Pages whose URL another page, a listing, or a generated or static file has too."""
    problems: list[Problem] = []
    owners = dict(reserved_urls)
    for listing in listings:
        owners.setdefault(listing.url, f"the generated {listing.kind} page")
    by_url: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        by_url[page.url].append(page)
    for url, claimants in by_url.items():
        for page in claimants:
            others = [owners[url]] if url in owners else [p.source for p in claimants if p is not page]
            if others:
                message = f"its URL /{url} is also the URL of {', '.join(others)}; give one of them another `slug:`"
                problems.append(error(page.source, page.line_of("slug"), message))
    return problems
