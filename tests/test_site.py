"""The site index: listings, related articles, neighbours, breadcrumbs, feed and sitemap."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import feeds
from generator.load import load_site
from generator.site import Site

from .conftest import MakeSite, article

LAYOUTS = {"article", "page", "home", "list", "404"}


def site_of(make_site: MakeSite, files: dict[str, str | bytes | None]) -> Site:
    loaded = load_site(make_site(files))
    assert loaded.problems == ()
    return loaded.site


FILES: dict[str, str | bytes | None] = {
    "content/articles/first.md": None,
    "content/articles/second.md": None,
    "content/index.md": article("Home", topic=None),
    "content/articles/a.md": article("A", date="2026-01-01", tags="[x, y]", weight="1"),
    "content/articles/b.md": article("B", date="2026-02-01", tags="[x, y]", weight="2"),
    "content/articles/c.md": article("C", date="2026-03-01", tags="[x]", weight="2"),
    "content/articles/d.md": article("D", date="2026-04-01", topic="after"),
    "content/articles/e.md": article("E", date="2026-05-01", tags="[z]"),
}


def titles(pages: tuple[object, ...]) -> list[str]:
    return [getattr(p, "title", None) or "-" for p in pages]


def test_articles_newest_first_and_listings(make_site: MakeSite) -> None:
    site = site_of(make_site, FILES)
    assert titles(site.articles) == ["E", "D", "C", "B", "A"]
    assert [(listing.url, titles(listing.articles)) for listing in site.listings] == [
        ("articles/", ["E", "D", "C", "B", "A"]),
        ("topics/prep/", ["E", "A", "C", "B"]),  # weight first, then newest
        ("topics/after/", ["D"]),
        ("tags/x/", ["C", "B", "A"]),
        ("tags/y/", ["B", "A"]),
        ("tags/z/", ["E"]),
    ]


def test_related_prefers_shared_tags_then_topic(make_site: MakeSite) -> None:
    site = site_of(make_site, FILES)
    a = site.by_source["content/articles/a.md"]
    assert titles(site.related(a)) == ["B", "C", "E"]


def test_neighbours_follow_topic_order(make_site: MakeSite) -> None:
    site = site_of(make_site, FILES)
    c = site.by_source["content/articles/c.md"]
    assert titles(site.neighbours(c)) == ["A", "B"]
    d = site.by_source["content/articles/d.md"]
    assert site.neighbours(d) == (None, None)


def test_breadcrumbs(make_site: MakeSite) -> None:
    site = site_of(make_site, FILES)
    crumbs = site.breadcrumbs(site.by_source["content/articles/d.md"])
    assert [(c.title, c.url) for c in crumbs] == [
        ("Home", ""),
        ("Articles", "articles/"),
        ("After", "topics/after/"),
        ("D", "articles/d/"),
    ]


def test_feed_is_atom_with_content_dates(make_site: MakeSite) -> None:
    site = site_of(make_site, FILES)
    feed = ET.fromstring(feeds.atom_feed(site))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.findtext("a:updated", namespaces=ns) == "2026-05-01T00:00:00Z"
    assert [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)] == ["E", "D", "C", "B", "A"]
    assert feed.find("a:entry/a:link", ns).get("href") == "https://example.org/sub/articles/e/"  # type: ignore[union-attr]


def test_sitemap_lists_every_page_under_the_base_url(make_site: MakeSite) -> None:
    site = site_of(make_site, FILES)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.fromstring(feeds.sitemap(site)).findall("s:url", ns)
    base = "https://example.org/sub/"
    # pages with their own date; listings with the date of their newest article; in URL order
    assert [(u.findtext("s:loc", namespaces=ns), u.findtext("s:lastmod", namespaces=ns)) for u in urls] == [
        (base, "2026-04-01"),
        (f"{base}articles/", "2026-05-01"),
        (f"{base}articles/a/", "2026-01-01"),
        (f"{base}articles/b/", "2026-02-01"),
        (f"{base}articles/c/", "2026-03-01"),
        (f"{base}articles/d/", "2026-04-01"),
        (f"{base}articles/e/", "2026-05-01"),
        (f"{base}tags/x/", "2026-03-01"),
        (f"{base}tags/y/", "2026-02-01"),
        (f"{base}tags/z/", "2026-05-01"),
        (f"{base}topics/after/", "2026-04-01"),
        (f"{base}topics/prep/", "2026-05-01"),
    ]
    assert feeds.robots(site).endswith(b"Sitemap: https://example.org/sub/sitemap.xml\n")


def _naive_related(site: Site, page: object) -> list[str]:
    assert isinstance(page, type(site.articles[0]))
    scores = {}
    for other in site.articles:
        if other is not page:
            score = 2 * len(set(page.tags) & set(other.tags)) + (other.topic == page.topic)
            if score:
                scores[other.source] = score
    order = {a.source: i for i, a in enumerate(site.articles)}
    return sorted(scores, key=lambda s: (-scores[s], order[s]))[:3]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sets(st.sampled_from("abcdef"), max_size=6), st.sampled_from(["prep", "after"])),
        min_size=1,
        max_size=12,
    )
)
def test_related_matches_the_plain_definition(make_site: MakeSite, specs: list[tuple[set[str], str]]) -> None:
    files: dict[str, str | bytes | None] = {"content/articles/first.md": None, "content/articles/second.md": None}
    for i, (tags, topic) in enumerate(specs):
        files[f"content/articles/p{i}.md"] = article(
            f"P{i}", date=f"2026-01-{1 + i % 5:02d}", topic=topic, tags="[" + ", ".join(sorted(tags)) + "]"
        )
    site = site_of(make_site, files)
    for page in site.articles:
        assert [p.source for p in site.related(page)] == _naive_related(site, page)
