"""The project's own site: builds, has no broken internal link or asset, and is valid HTML."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import REPO, run_cli

BASE = "https://example.org/next-round/"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") == "canonical"):
                self.refs.append(str(values[name]))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "public"
    result = run_cli("build", "--base-url", BASE, "--out", str(out), cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out


def _build_with_drafts(tmp_path_factory: pytest.TempPathFactory, today: str) -> Path:
    out = tmp_path_factory.mktemp("drafts") / "public"
    result = run_cli(
        "build", "--base-url", BASE, "--out", str(out), "--drafts", "--today", today, "--no-search", cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    return out


def _build_paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with one card a page, so every list (the job board's too) has several pages."""
    site = tmp_path_factory.mktemp("paged")
    for name in ("content", "layouts", "static"):
        shutil.copytree(REPO / name, site / name)
    config = (REPO / "site.toml").read_text()
    (site / "site.toml").write_text(config.replace("\npage_size = 30\n", "\npage_size = 1\n"))
    out = site / "public"
    command = ("--root", str(site), "build", "--base-url", BASE, "--out", str(out), "--drafts", "--today", "2026-12-01")
    result = run_cli(*command, "--no-search", cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_no_broken_internal_link_or_asset(built: Path) -> None:
    pages = {p: _parse(p) for p in built.rglob("*.html")}
    broken = []
    for page, found in pages.items():
        for ref in found.refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue  # external: never visited in tests
            if not parts.path:
                target = page
            else:
                assert parts.path.startswith("/next-round/"), f"{page}: {ref} ignores the base path"
                rel = unquote(parts.path.removeprefix("/next-round/"))
                target = built / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
            if not target.is_file():
                broken.append(f"{page.relative_to(built)} -> {ref}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{page.relative_to(built)} -> {ref} (no such id)")
    assert broken == []


def test_the_header_marks_its_page_and_offers_search_as_the_page_allows(built: Path) -> None:
    """The header is rendered once per kind of page (layouts/partials/header.html): each page still gets its own."""

    def header(rel: str) -> str:
        html = (built / rel).read_text(encoding="utf-8")
        return html[html.index('<header class="site-header">') : html.index("</header>")]

    current = 'aria-current="page"'
    articles, article = header("articles/index.html"), header("articles/counteroffers/index.html")
    assert f'<a href="/next-round/articles/" {current}>' in articles
    assert articles.count(current) == 1 and current not in article
    assert 'class="header-search"' in article and 'class="header-search"' in articles
    search, worksheet = header("search/index.html"), header("worksheet/index.html")
    assert "header-search" not in search  # the page is a search form
    assert 'class="header-search-link"' in worksheet and "<form" not in worksheet  # its policy: form-action 'none'
    assert worksheet.count(current) == 1


def test_every_article_is_linked_from_another(built: Path) -> None:
    articles = {p.parent.name for p in (built / "articles").glob("*/index.html")}
    linked: set[str] = set()
    for page in (built / "articles").glob("*/index.html"):
        prose = page.read_text().split('<div class="prose">', 1)[1].split("</article>", 1)[0]
        linked |= {ref.split("/")[3] for ref in _refs(prose) if ref.startswith("/next-round/articles/")}
    assert articles - linked == set()


def _refs(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return collector.refs


# The Nu HTML checker from the vnu-jar npm package (make test runs `npm ci`); Java comes from `make system-deps`.
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_html_is_valid(built: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The Nu HTML checker finds no error on any page (and on the job board's pages with the example
    listings open, then closed, and on lists in pages); every message it reports fails the test."""
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make test`, or `npm ci` after `make system-deps`"
    assert shutil.which("java"), "java (11 or later) is not on PATH: run `make system-deps`"
    board_open = _build_with_drafts(tmp_path_factory, "2026-12-01") / "jobs"
    board_closed = _build_with_drafts(tmp_path_factory, "2027-03-01") / "jobs"
    pages = sorted(built.rglob("*.html")) + sorted(board_open.rglob("*.html")) + sorted(board_closed.rglob("*.html"))
    paged = _build_paged(tmp_path_factory)
    pages += [paged / "articles/index.html", paged / "articles/page/2/index.html", paged / "jobs/page/2/index.html"]
    employer = paged / "jobs/employers/example-lantern-tools"
    pages += [
        employer / "index.html",
        employer / "page/2/index.html",
        paged / "journeys/you-have-an-offer/page/2/index.html",
    ]
    assert pages
    result = subprocess.run(  # one JVM for every page
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar exited {result.returncode} without a JSON report:\n{result.stdout}{result.stderr}")
    found = [_vnu_line(built, m) for m in messages]
    if found or result.returncode != 0:
        report = [f"vnu.jar exited {result.returncode} with {len(found)} message(s):", *found, result.stderr.strip()]
        pytest.fail("\n".join(report).strip(), pytrace=False)


def _vnu_line(root: Path, message: dict[str, Any]) -> str:
    """One checker message as `page:line:col: type: message [extract]`, the page relative to the built site."""
    where = unquote(urlsplit(message.get("url", "")).path)
    if where and Path(where).is_relative_to(root):
        where = str(Path(where).relative_to(root))
    line = message.get("firstLine", message.get("lastLine", "?"))
    col = message.get("firstColumn", "?")
    kind = "/".join(k for k in (message.get("type"), message.get("subType")) if k)
    extract = " ".join(str(message.get("extract", "")).split())
    return f"{where}:{line}:{col}: {kind}: {message.get('message', '')}" + (f"  [{extract}]" if extract else "")


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_cli("build", "--base-url", BASE, "--out", str(again), "--jobs", "1", cwd=REPO).returncode == 0
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second
