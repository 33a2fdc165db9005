"""Feeds and files for machines: sitemap.xml, the Atom feeds, the job board's JSON Feed and robots.txt,
from content and the build date, never the clock."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from .content import Card, Page
from .front_matter import EMPLOYERS
from .jobs import Job, countries_of, pay, where, yearly
from .render import WORKSHEET_ARTICLES, long_date, reading_card
from .site import JOBS_DESCRIPTION, JOBS_URL, Site

if TYPE_CHECKING:  # imported by the feeds that use it: a build with nothing to write does not pay for it
    from xml.etree.ElementTree import Element

FEED_SIZE = 20
JOBS_ATOM = "jobs/feed.xml"
JOBS_JSON = "jobs/feed.json"
JOBS_ROLES = "jobs/roles.json"  # what the board's filters read (static/js/jobs/board.js)
READING_LIST_VERSION = 1  # of WORKSHEET_ARTICLES: static/js/worksheet/reading.js reads this version only
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The text made for each sitemap entry and reading card, by what decides it: a process that stays (serve, build
# --watch) passes on its last build's, so that after a title edit 10,000 of them are joined, not made again.
Fragments = dict[object, str]


def sitemap(site: Site, last: Fragments | None = None, made: Fragments | None = None) -> bytes:
    """Every content page and listing, with the last change date where one is known (the entries' text
    taken from `last` where it has them, and all of it put in `made`)."""
    last = {} if last is None else last
    made = {} if made is None else made
    # a closed listing keeps its page but leaves the sitemap; an employer's page has no date of its own
    pages = (p for p in site.pages if p.source not in site.board.closed)
    entries = [(p.url, None if p.section == EMPLOYERS else p.updated or p.date) for p in pages]
    entries += [(listing.url, _newest(listing.articles)) for listing in site.listings]
    # Written by hand, not with ElementTree: at 10,000 pages that takes a noticeable part of a rebuild.
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP}">']
    for entry in sorted(entries, key=lambda e: e[0]):
        if (line := last.get(entry)) is None:
            path, changed = entry
            lastmod = f"\n    <lastmod>{changed.isoformat()}</lastmod>" if changed is not None else ""
            line = f"  <url>\n    <loc>{_escape(site.config.absolute_url(path))}</loc>{lastmod}\n  </url>"
        lines.append(made.setdefault(entry, line))
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def atom_feed(site: Site) -> bytes:
    """The newest articles as an Atom feed; `updated` is the newest content date."""
    from xml.etree import ElementTree as ET

    config = site.config
    entries = site.articles[:FEED_SIZE]
    feed = ET.Element("feed", xmlns=ATOM)
    feed.set("xml:lang", config.language)
    ET.SubElement(feed, "title").text = config.title
    ET.SubElement(feed, "subtitle").text = config.description
    ET.SubElement(feed, "id").text = site.config.absolute_url("")
    ET.SubElement(feed, "link", rel="self", href=site.config.absolute_url("feed.xml"))
    ET.SubElement(feed, "link", rel="alternate", href=site.config.absolute_url(""))
    ET.SubElement(feed, "updated").text = _stamp(_newest(entries) or dt.date(2000, 1, 1))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = config.author
    for page in entries:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = page.title
        ET.SubElement(entry, "id").text = site.config.absolute_url(page.url)
        ET.SubElement(entry, "link", rel="alternate", href=site.config.absolute_url(page.url))
        ET.SubElement(entry, "published").text = _stamp(page.date)
        ET.SubElement(entry, "updated").text = _stamp(page.updated or page.date)
        ET.SubElement(entry, "summary").text = page.description
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = page.author
        if page.topic and (topic := site.topic(page.topic)):
            ET.SubElement(entry, "category", term=topic.slug, label=topic.title)
    return _xml(feed)


def machine_files(site: Site, last: Fragments | None = None) -> tuple[dict[str, bytes], Fragments]:
    """Every file for machines, by output path (the job board's feeds where the site has a board), and the
    fragments made for them; `last`: those of the last build with this config, to take what still holds."""
    made: Fragments = {}
    files = {"sitemap.xml": sitemap(site, last, made), "feed.xml": atom_feed(site), "robots.txt": robots(site)}
    if any(listing.kind == "jobs" for listing in site.listings):
        files |= {JOBS_ATOM: jobs_atom_feed(site), JOBS_JSON: jobs_json_feed(site), JOBS_ROLES: board_roles(site)}
    if any(page.layout == "worksheet" for page in site.pages):
        files[WORKSHEET_ARTICLES] = worksheet_articles(site, last, made)
    return files, made


def jobs_atom_feed(site: Site) -> bytes:
    """The open roles, newest first, as an Atom feed."""
    from xml.etree import ElementTree as ET

    config = site.config
    roles = [site.cards[page.source] for page in site.board.open]
    feed = ET.Element("feed", xmlns=ATOM)
    feed.set("xml:lang", config.language)
    ET.SubElement(feed, "title").text = f"{config.title}: job board"
    ET.SubElement(feed, "subtitle").text = JOBS_DESCRIPTION
    ET.SubElement(feed, "id").text = config.absolute_url(JOBS_URL)
    ET.SubElement(feed, "link", rel="self", href=config.absolute_url(JOBS_ATOM))
    ET.SubElement(feed, "link", rel="alternate", href=config.absolute_url(JOBS_URL))
    ET.SubElement(feed, "updated").text = _stamp(_newest(tuple(roles)) or dt.date(2000, 1, 1))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = config.author
    for card in roles:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = f"{card.title}, {card.employer}"
        ET.SubElement(entry, "id").text = config.absolute_url(card.url)
        ET.SubElement(entry, "link", rel="alternate", href=config.absolute_url(card.url))
        ET.SubElement(entry, "published").text = _stamp(card.date)
        ET.SubElement(entry, "updated").text = _stamp(card.date)
        ET.SubElement(entry, "summary").text = card.description
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = card.employer
    return _xml(feed)


def jobs_json_feed(site: Site) -> bytes:
    """The open roles as a JSON Feed 1.1, each with its facts in a `_job` extension."""
    config = site.config
    items = []
    for page in site.board.open:
        card, job = site.cards[page.source], page.details
        assert isinstance(job, Job)
        items.append(
            {
                "id": config.absolute_url(card.url),
                "url": config.absolute_url(card.url),
                "title": f"{card.title}, {card.employer}",
                "content_text": card.description,
                "date_published": _stamp(card.date),
                "authors": [{"name": card.employer}],
                **({"tags": list(card.tags)} if card.tags else {}),
                "_job": {
                    "about": "https://schema.org/JobPosting (the facts of the listing, as its page shows them)",
                    "employer": card.employer,
                    "employment_type": list(job.employment_type),
                    "workplace": job.workplace,
                    "locations": [{"city": p.city, "region": p.region, "country": p.country} for p in job.locations],
                    "applicant_countries": list(job.applicant_countries),
                    "salary": {
                        "min": job.salary.min,
                        "max": job.salary.max,
                        "currency": job.salary.currency,
                        "period": job.salary.period,
                    },
                    "valid_through": job.valid_through.isoformat(),
                    "apply_url": job.apply_url,
                },
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{config.title}: job board",
        "home_page_url": config.absolute_url(JOBS_URL),
        "feed_url": config.absolute_url(JOBS_JSON),
        "description": JOBS_DESCRIPTION,
        "language": config.language,
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def board_roles(site: Site) -> bytes:
    """Every open role, newest first, as the board's script filters and shows them: what its card says
    (worded as the page words it) and the values its filters compare."""
    roles = []
    for page in site.board.open:
        card, job = site.cards[page.source], page.details
        assert isinstance(job, Job)
        year_min, year_max = yearly(job.salary)
        roles.append(
            {
                "url": site.config.base_path + card.url,
                "title": card.title,
                "employer": card.employer,
                "where": where(job),
                "pay": pay(job.salary),
                "posted": card.date.isoformat(),
                "postedText": long_date(card.date),
                "closes": job.valid_through.isoformat(),
                "closesText": long_date(job.valid_through),
                "workplace": job.workplace,
                "countries": list(countries_of(job)),
                "types": list(job.employment_type),
                "tags": list(card.tags),
                "currency": job.salary.currency,
                "yearMin": year_min,
                "yearMax": year_max,
            }
        )
    return (json.dumps({"version": 1, "roles": roles}, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def worksheet_articles(site: Site, last: Fragments | None = None, made: Fragments | None = None) -> bytes:
    """Every article, newest first, as the worksheet's further reading matches and shows it (its script
    fetches this when the page has been drawn; the page itself embeds only the editors' choices). Each
    card's JSON by its front matter's digest (which covers its path): taken from `last`, put in `made`."""
    last = {} if last is None else last
    made = {} if made is None else made
    articles = []
    for page in site.articles:
        card = site.cards[page.source]
        if (text := last.get(card.meta_digest)) is None:
            text = json.dumps(reading_card(site.config, card), ensure_ascii=False, separators=(",", ":"))
        articles.append(made.setdefault(card.meta_digest, text))
    # as json.dumps writes the whole with these separators
    return f'{{"version":{READING_LIST_VERSION},"articles":[{",".join(articles)}]}}\n'.encode()


def robots(site: Site) -> bytes:
    """Allow everything and point at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.config.absolute_url('sitemap.xml')}\n".encode()


def _newest(pages: tuple[Page, ...] | tuple[Card, ...]) -> dt.date | None:
    dates = [p.updated or p.date for p in pages]
    return max(dates) if dates else None


def _escape(text: str) -> str:
    """Text as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _xml(root: Element) -> bytes:
    from xml.etree import ElementTree as ET

    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"
