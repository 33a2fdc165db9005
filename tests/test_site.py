"""The site index: listings, related articles, neighbours, breadcrumbs, feed and sitemap."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import feeds
from generator.load import load_site
from generator.site import Site

from .conftest import FIXTURES, REPO, MakeSite, article

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


PAGED = FILES | {"site.toml": (FIXTURES / "minimal/site.toml").read_text() + "\n[build]\npage_size = 2\n"}


def test_lists_come_in_pages_with_page_one_at_the_list_url(make_site: MakeSite) -> None:
    site = site_of(make_site, PAGED)
    pages = [
        (p.url, titles(p.articles), p.number, p.page_count, p.total) for p in site.listings if p.kind == "articles"
    ]
    assert pages == [
        ("articles/", ["E", "D"], 1, 3, 5),
        ("articles/page/2/", ["C", "B"], 2, 3, 5),
        ("articles/page/3/", ["A"], 3, 3, 5),
    ]
    second = site.listings[1]
    assert (second.previous_url, second.next_url) == ("articles/", "articles/page/3/")
    assert (site.listings[0].previous_url, site.listings[2].next_url) == (None, None)
    assert [p.url for p in site.listings if p.key == "x"] == ["tags/x/", "tags/x/page/2/"]
    assert [p.url for p in site.listings if p.key == "z"] == ["tags/z/"]  # one card: one page


def test_a_pager_links_the_ends_and_the_pages_near_this_one() -> None:
    from generator.listing import nearby_pages as nearby

    assert nearby(1, 1) == (1,)
    assert nearby(1, 3) == (1, 2, 3)
    assert nearby(1, 9) == (1, 2, 3, None, 9)
    assert nearby(5, 9) == (1, None, 3, 4, 5, 6, 7, None, 9)
    assert nearby(4, 9) == (1, 2, 3, 4, 5, 6, None, 9)  # no gap stands for a single page: 2 is shown
    assert nearby(9, 9) == (1, None, 7, 8, 9)


def test_every_page_of_a_list_is_in_the_sitemap(make_site: MakeSite) -> None:
    site = site_of(make_site, PAGED)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    found = [u.findtext("s:loc", namespaces=ns) for u in ET.fromstring(feeds.sitemap(site)).findall("s:url", ns)]
    base = "https://example.org/sub/"
    assert [url for url in found if "/page/" in str(url)] == [
        f"{base}articles/page/2/",
        f"{base}articles/page/3/",
        f"{base}tags/x/page/2/",
        f"{base}topics/prep/page/2/",
    ]


def test_list_pages_link_each_other_for_readers_and_crawlers(make_site: MakeSite, tmp_path: Path) -> None:
    from generator.build import BuildOptions, build

    root = make_site(PAGED)
    for folder in ("layouts", "static"):  # the hub's own templates, not the fixture's bare ones
        shutil.rmtree(root / folder)
        shutil.copytree(REPO / folder, root / folder)
    build(root, BuildOptions(out=tmp_path / "out", jobs=1, search=False))
    second = (tmp_path / "out/articles/page/2/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/sub/articles/page/2/">' in second
    assert '<link rel="prev" href="https://example.org/sub/articles/">' in second
    assert '<link rel="next" href="https://example.org/sub/articles/page/3/">' in second
    assert "<title>All articles (page 2 of 3) · Fixture</title>" in second
    assert '<h2 class="list-count">5 articles, page 2 of 3</h2>' in second
    assert (
        '<a href="/sub/articles/page/2/" aria-current="page"><span class="visually-hidden">Page </span>2</a>' in second
    )
    assert '<a href="/sub/articles/" rel="prev">Previous<span class="visually-hidden"> page</span></a>' in second
    first = (tmp_path / "out/articles/index.html").read_text()
    assert 'rel="prev"' not in first and "<title>All articles · Fixture</title>" in first
    single = (tmp_path / "out/tags/z/index.html").read_text()
    assert "list-pages" not in single and 'rel="next"' not in single
