"""Feeds and files for machines: sitemap.xml, the Atom feed and robots.txt, from content, never the clock."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from .content import Card, Page
from .front_matter import EMPLOYERS
from .site import Site

FEED_SIZE = 20
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(site: Site) -> bytes:
    """Every content page and listing, with the last change date where one is known."""
    # a closed listing keeps its page but leaves the sitemap; an employer's page has no date of its own
    pages = (p for p in site.pages if p.source not in site.board.closed)
    entries = [(p.url, None if p.section == EMPLOYERS else p.updated or p.date) for p in pages]
    entries += [(listing.url, _newest(listing.articles)) for listing in site.listings]
    # Written by hand, not with ElementTree: at 10,000 pages that takes a noticeable part of a rebuild.
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP}">']
    for path, changed in sorted(entries, key=lambda e: e[0]):
        lastmod = f"\n    <lastmod>{changed.isoformat()}</lastmod>" if changed is not None else ""
        lines.append(f"  <url>\n    <loc>{escape(site.config.absolute_url(path))}</loc>{lastmod}\n  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def atom_feed(site: Site) -> bytes:
    """The newest articles as an Atom feed; `updated` is the newest content date."""
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


def robots(site: Site) -> bytes:
    """Allow everything and point at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.config.absolute_url('sitemap.xml')}\n".encode()


def _newest(pages: tuple[Page, ...] | tuple[Card, ...]) -> dt.date | None:
    dates = [p.updated or p.date for p in pages]
    return max(dates) if dates else None


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"
