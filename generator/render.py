"""Jinja2 layouts: the environment, the helpers templates get, and template errors as `file:line`."""

from __future__ import annotations

import datetime as dt
import functools
import math
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .assets import Assets
from .config import WORKSHEET_CHECKLIST, WORKSHEET_LISTS, Config
from .content import Card, Page
from .errors import Problem, error
from .front_matter import EMPLOYERS, JOBS
from .iso import COUNTRIES
from .jobs import Employer, Job, employment, pay, where
from .listing import Listing, nearby_pages, paged_url
from .markdown import Rendered, table_of_contents
from .search import SEARCH_URL
from .site import Crumb, Site, journey_url, tag_url, topic_url

if TYPE_CHECKING:  # Jinja is imported when there is something to render
    import jinja2

LAYOUTS_DIR = "layouts"
# Every page's Content-Security-Policy (base.html's first <head> element). Only the search page loosens it,
# for what Pagefind needs (compiling its WebAssembly and fetching its index files from this site), the
# job board's pages, whose filters fetch the list of open roles from this site, and the worksheet, which
# fetches the list of articles (WORKSHEET_ARTICLES) from this site.
# Templates get them as Markup: constants, written with plain quotes like a hand-written policy.
_POLICY = ("default-src 'self'", "img-src 'self' data:", "form-action 'self'", "object-src 'none'", "base-uri 'none'")
CSP = "; ".join((*_POLICY, "connect-src 'none'"))
SEARCH_CSP = "; ".join((*_POLICY, "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'"))
BOARD_CSP = "; ".join((*_POLICY, "connect-src 'self'"))
# The worksheet submits nothing (form-action 'none': its header links to search instead of holding the
# form), and adds its service worker (static/sw.js) and its manifest; connect-src 'self' is for one GET of
# WORKSHEET_ARTICLES, a static file of this site, which carries nothing the reader typed.
WORKSHEET_CSP = "; ".join(
    (
        "default-src 'self'",
        "connect-src 'self'",
        "form-action 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "worker-src 'self'",
        "manifest-src 'self'",
    )
)
# Every article's card as the worksheet's further reading reads it (feeds.worksheet_articles), beside the
# worksheet's page: the page embeds only the editors' choices, so an article's edit changes this file, not it.
WORKSHEET_ARTICLES = "worksheet/articles.json"


def layout_names(root: Path) -> set[str]:
    """The templates a page may name in `layout:` (top-level .html files in layouts/)."""
    folder = root / LAYOUTS_DIR
    return {p.stem for p in folder.glob("*.html")} if folder.is_dir() else set()


def make_environment(config: Config, assets: Assets, compiled: Path | None = None) -> jinja2.Environment:
    """Strict, autoescaping Jinja2 with `url()`, `asset()` and date filters; `compiled` keeps compiled
    layouts between builds (Jinja checks each against its layout's source before using it)."""
    import jinja2

    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.root / LAYOUTS_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat a layout on every include
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled is not None else None,
    )

    base_path = config.base_path  # ~30 url() calls a page: work it out once

    def url(path: str) -> str:
        return base_path + path.lstrip("/")

    def absolute_url(path: str) -> str:
        return config.absolute_url(path.lstrip("/"))

    def asset(path: str) -> str:
        found = assets.url_of(path)
        if found is None:
            raise jinja2.TemplateRuntimeError(f"asset(): no file static/{path.lstrip('/')}")
        return url(found)

    fragments: dict[tuple[str, tuple[tuple[str, Any], ...]], Markup] = {}

    def fragment(name: str, **inputs: Any) -> Markup:
        """A partial that shows only the globals and `inputs`, rendered once per distinct inputs while this
        environment lives (a build; serve's builds while the config, layouts and assets stay): the header
        and footer are the same on most pages. Reading anything else, such as `page`, fails as undefined."""
        key = (name, tuple(inputs.items()))
        try:
            found = fragments.get(key)
        except TypeError:  # a list or dict among the inputs: they cannot key what was rendered
            raise jinja2.TemplateRuntimeError(f"fragment({name!r}): give it strings, numbers or tuples") from None
        if found is None:
            found = fragments[key] = Markup(env.get_template(name).render(inputs))
        return found

    env.globals.update(url=url, absolute_url=absolute_url, asset=asset, config=config, csp=Markup(CSP))
    env.globals.update(fragment=fragment, menu_urls=frozenset(item.path for item in config.menu))
    env.globals.update(topic_url=topic_url, tag_url=tag_url, journey_url=journey_url)
    env.globals.update(nearby_pages=nearby_pages, paged_url=paged_url)
    env.filters.update(pay=pay, where=where, employment=employment, country=COUNTRIES.__getitem__)
    env.filters["longdate"] = long_date
    env.filters["isodate"] = lambda d: d.isoformat()
    return env


@functools.lru_cache(maxsize=4096)
def long_date(day: dt.date) -> str:
    """`March 5, 2026` (US English, as the hub writes); strftime is slow, and a list of 10,000 cards shows
    a few hundred days."""
    return f"{day:%B} {day.day}, {day.year}"


# Templates never get the whole Site: each gets exactly what it shows, so the build cache can tell
# from a page's context alone whether its output can change. Other pages come as Cards (no body).
HOME_NEWEST = 6


def page_frame(site: Site, page: Page) -> dict[str, Any]:
    """What a content page shows of other pages: the part of its context that its own file and the
    config do not fix (the build cache compares it, so it holds Cards, whose digests are cheap)."""
    previous, following = site.neighbours(page) if page.is_article else (None, None)
    frame: dict[str, Any] = {
        "page": page,
        "related": site.related(page) if page.is_article else (),
        "previous": site.cards[previous.source] if previous else None,
        "next": site.cards[following.source] if following else None,
    }
    if page.layout == "worksheet":  # the articles its factors name, shown even before (or without) the full list
        frame["chosen"] = editors_choices(site)
    if page.is_article:  # where it sits in each reading path, with its neighbours there
        frame["journeys"] = site.journey_places.get(page.source, ())
    if page.layout == "home":
        frame |= {
            "journeys": journey_starts(site),
            "newest": tuple(site.cards[p.source] for p in site.articles[:HOME_NEWEST]),
            "article_count": len(site.articles),
            "start_here": site.start_here(),
        }
    if page.layout in ("home", "worksheet"):  # they point to the board, where the site has one
        has_board = any(listing.kind == "jobs" for listing in site.listings)
        frame["open_roles"] = len(site.board.open) if has_board else None
    if page.section == JOBS:
        frame |= {"employer": site.board.employer_of(page), "closed": page.source in site.board.closed}
    if page.section == EMPLOYERS:
        roles = site.board.roles.get(page.slug, ())  # the first page of them; the others are listings
        frame |= {"roles": roles[: site.config.page_size], "role_count": len(roles)}
    return frame


def journey_starts(site: Site) -> tuple[tuple[int, int, Card | None], ...]:
    """Each reading path as the home page shows it: its index in config.journeys, how many pages it has in
    this build, and its first page's card."""
    starts = []
    for i, journey in enumerate(site.config.journeys):
        members = [site.cards[source] for source in journey.sources if source in site.cards]
        starts.append((i, len(members), members[0] if members else None))
    return tuple(starts)


def page_context(site: Site, frame: dict[str, Any], rendered: Rendered) -> dict[str, Any]:
    """What an article or page template gets: its frame, what its page and the config fix, its HTML."""
    page = frame["page"]
    worksheet = "chosen" in frame
    return frame | {
        "topic": site.topic(page.topic),
        "breadcrumbs": site.breadcrumbs(page),
        "worksheet_data": worksheet_data(site.config, frame["chosen"]) if worksheet else None,
        "worksheet_lists": worksheet_lists(site.config) if worksheet else None,
        "worksheet_checklist": WORKSHEET_CHECKLIST,
        "content": Markup(rendered.html),
        "toc": table_of_contents(rendered.headings),
        "reading_minutes": max(1, math.ceil(rendered.words / site.config.words_per_minute)),
        "json_ld": _json_ld(site, page, frame.get("employer"), frame.get("closed", False), rendered.html),
        "csp": Markup(WORKSHEET_CSP if worksheet else CSP),
    }


def editors_choices(site: Site) -> tuple[Card, ...]:
    """The published articles the factors name (site.toml `articles`), each once, in the order first named."""
    named = (site.by_source.get(f"content/{path}") for factor in site.config.factors for path in factor.articles)
    sources = dict.fromkeys(page.source for page in named if page is not None and page.is_article)
    return tuple(site.cards[source] for source in sources)


def worksheet_data(config: Config, chosen: tuple[Card, ...]) -> dict[str, Any]:
    """What the debrief worksheet embeds: the factors, the cards of the articles they name (so the editors'
    choices show with no request, or when it fails), and where the other articles' cards are."""
    url_of = {card.source: config.base_path + card.url for card in chosen}
    return {
        "factors": [
            {
                "id": f.id,
                "label": f.label,
                "kind": f.kind,
                "suggestion": f.suggestion,
                "tags": list(f.tags),
                "articles": [url_of[f"content/{path}"] for path in f.articles if f"content/{path}" in url_of],
            }
            for f in config.factors
        ],
        "articles": [reading_card(config, card) for card in chosen],
        "articlesUrl": config.base_path + WORKSHEET_ARTICLES,
    }


def reading_card(config: Config, card: Card) -> dict[str, Any]:
    """An article as the worksheet's further reading shows and matches it (static/js/worksheet/reading.js)."""
    return {
        "title": card.title,
        "url": config.base_path + card.url,
        "description": card.description,
        "tags": list(card.tags),
    }


def worksheet_lists(config: Config) -> dict[str, dict[str, Any]]:
    """The worksheet's lists by id (right, wrong), each with its title and the factors it offers."""
    factors = zip(config.factors, worksheet_data(config, ())["factors"], strict=True)
    offered = [(factor, shown) for factor, shown in factors]
    return {
        list_id: {"title": title, "factors": [shown for factor, shown in offered if factor.shows_under(list_id)]}
        for list_id, title in WORKSHEET_LISTS.items()
    }


def listing_context(site: Site, listing: Listing) -> dict[str, Any]:
    """What a list template gets: the listing and its breadcrumbs; the job board also what its filters offer."""
    context = {"page": listing, "breadcrumbs": site.breadcrumbs(listing), "json_ld": _json_ld(site, listing)}
    if listing.kind == "jobs":  # its script reads every open role, from this site only
        context |= {"filters": listing.choices, "csp": Markup(BOARD_CSP)}
    return context


@dataclass(frozen=True, slots=True)
class NotFoundPage:
    """The 404 page: served at any address, so it has no breadcrumbs of its own."""

    title: str = "Page not found"
    description: str = "There is no page at this address. The articles and the debrief worksheet are a click away."
    url: str = "404.html"


def not_found_context(site: Site) -> dict[str, Any]:
    """What 404.html gets."""
    return {"page": NotFoundPage(), "breadcrumbs": (), "json_ld": [], "start_here": site.start_here()}


@dataclass(frozen=True, slots=True)
class SearchPage:
    """The search page: Pagefind in the browser, and the topics for readers without JavaScript."""

    title: str = "Search"
    description: str = "Search the articles and pages, or browse them by topic."
    url: str = SEARCH_URL


def search_context(site: Site, in_parts: bool) -> dict[str, Any]:
    """What search.html gets: the policy Pagefind needs, and whether the index is in parts (listed in
    pagefind/parts.json: the page loads the first and merges the others into it)."""
    page = SearchPage()
    crumbs = (Crumb("Home", ""), Crumb(page.title, page.url))
    policy = Markup(SEARCH_CSP)
    return {"page": page, "breadcrumbs": crumbs, "json_ld": [], "csp": policy, "search_in_parts": in_parts}


def _json_ld(
    site: Site, page: Page | Listing, employer: Card | None = None, closed: bool = False, html: str = ""
) -> list[dict[str, Any]]:
    config = site.config
    absolute = config.absolute_url
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": c.title, "item": absolute(c.url)}
            for i, c in enumerate(site.breadcrumbs(page), start=1)
        ],
    }
    if isinstance(page, Page) and isinstance(page.details, Job):
        return [crumbs] if closed or employer is None else [_job_posting(site, page, employer, html), crumbs]
    if not isinstance(page, Page) or not page.is_article:
        kind = "CollectionPage" if isinstance(page, Listing) else "WebPage"
        return [
            {"@context": "https://schema.org", "@type": kind, "name": page.title, "url": absolute(page.url)},
            crumbs,
        ]
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": page.description,
        "datePublished": page.date.isoformat(),
        "dateModified": (page.updated or page.date).isoformat(),
        "author": {"@type": "Person" if page.author != config.author else "Organization", "name": page.author},
        "publisher": {"@type": "Organization", "name": config.title},
        "mainEntityOfPage": absolute(page.url),
        "inLanguage": config.language,
        "keywords": list(page.tags),
    }
    return [article, crumbs]


def _job_posting(site: Site, page: Page, employer: Card, html: str) -> dict[str, Any]:
    """schema.org JobPosting for an open listing's own page (never on a list): every property search
    engines require, and those they recommend that the listing has."""
    job, company = page.details, employer.details
    assert isinstance(job, Job) and isinstance(company, Employer)
    config = site.config
    organisation: dict[str, Any] = {"@type": "Organization", "name": company.name, "sameAs": company.website}
    logo = next((url for url, source in site.reserved_urls.items() if source == company.logo), None)
    if logo is not None:
        organisation["logo"] = config.absolute_url(logo)
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": page.title,
        "description": html,
        "datePosted": page.date.isoformat(),
        "validThrough": f"{job.valid_through.isoformat()}T23:59:59Z",
        "employmentType": list(job.employment_type),
        "hiringOrganization": organisation,
        "directApply": False,
        "url": config.absolute_url(page.url),
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": job.salary.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": job.salary.min,
                "maxValue": job.salary.max,
                "unitText": job.salary.period,
            },
        },
    }
    if job.locations:
        posting["jobLocation"] = [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": loc.city,
                    **({"addressRegion": loc.region} if loc.region else {}),
                    "addressCountry": loc.country,
                },
            }
            for loc in job.locations
        ]
    if job.workplace == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = [
            {"@type": "Country", "name": code} for code in job.applicant_countries
        ]
    if job.identifier:
        posting["identifier"] = {"@type": "PropertyValue", "name": company.name, "value": job.identifier}
    return posting


def template_problem(exc: BaseException, root: Path) -> Problem:
    """Point a template error at its template file and line."""
    import jinja2

    layouts = (root / LAYOUTS_DIR).resolve()
    if isinstance(exc, jinja2.TemplateSyntaxError):
        found = _relative(exc.filename, root, layouts) or f"{LAYOUTS_DIR}/{exc.name}"
        return error(found, exc.lineno or 1, f"template syntax: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return error(LAYOUTS_DIR, 1, f"template not found: {exc.name}")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        where = _relative(frame.filename, root, layouts)
        if where:
            return error(where, frame.lineno or 1, f"{type(exc).__name__}: {exc}")
    return error(LAYOUTS_DIR, 1, f"{type(exc).__name__}: {exc}")


def _relative(filename: str | None, root: Path, layouts: Path) -> str | None:
    if not filename:
        return None
    path = Path(filename).resolve()
    return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(layouts) else None
