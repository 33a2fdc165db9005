"""Search indexing: Pagefind runs over the written pages, and a failure fails the build cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import BuildError
from generator.render import CSP, SEARCH_CSP
from generator.search import index_for_search

from .conftest import MakeSite, article
from .test_build import tree

PAGE = '<!doctype html><html lang="en"><head><title>{title}</title></head><body>{body}</body></html>'


def _failing_binary(tmp_path: Path) -> Path:
    script = tmp_path / "pagefind"
    script.write_text("#!/bin/sh\necho 'Error: disk on fire' >&2\necho 'Error: disk on fire' >&2\nexit 3\n")
    script.chmod(0o755)
    return script


def test_indexes_only_the_marked_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text(
        PAGE.format(title="A", body="<nav>Menu words</nav><main data-pagefind-body><h1>A</h1><p>Otters.</p></main>")
    )
    (site / "index.html").write_text(PAGE.format(title="Home", body="<p>Not marked, so not indexed.</p>"))

    written = index_for_search(site)

    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert written == sum(1 for p in bundle.rglob("*") if p.is_file())
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1


def test_a_failing_binary_is_a_build_error_with_its_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_failing_binary(tmp_path)))
    with pytest.raises(BuildError) as caught:
        index_for_search(tmp_path)
    assert [p.text() for p in caught.value.problems] == [
        "pagefind:1:1: error: Pagefind failed to index the site (exit code 3): Error: disk on fire"
    ]


def test_a_missing_binary_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere"))
    with pytest.raises(BuildError) as caught:
        index_for_search(tmp_path)
    assert [p.text() for p in caught.value.problems] == [
        f"pagefind:1:1: error: the Pagefind binary is missing (looked for {tmp_path / 'nowhere'}); "
        "install `pagefind[bin]`"
    ]


def test_nothing_to_index_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        index_for_search(tmp_path)
    [problem] = caught.value.problems
    assert problem.message.startswith("Pagefind failed to index the site (exit code 1): Error: Pagefind was not able")


def test_a_failed_index_fails_the_build_and_keeps_the_old_output(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    assert main(["--root", str(root), "build", "--quiet"]) == 0
    before = tree(root / "public")
    (root / "content/articles/third.md").write_text(article("Third"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_failing_binary(tmp_path)))

    assert main(["--root", str(root), "build", "--quiet"]) == 1

    assert capsys.readouterr().err.splitlines() == [
        "pagefind:1:1: error: Pagefind failed to index the site (exit code 3): Error: disk on fire",
        "Build failed: 1 error; nothing was written.",
    ]
    assert tree(root / "public") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_the_build_indexes_articles_and_loosens_the_policy_on_the_search_page_only(make_site: MakeSite) -> None:
    root = make_site()
    assert main(["--root", str(root), "build", "--quiet"]) == 0
    public = root / "public"
    entry = json.loads((public / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2  # the two articles: the only pages marked for search
    assert f'<p class="csp">{SEARCH_CSP}</p>' in (public / "search/index.html").read_text()
    assert "'wasm-unsafe-eval'" in SEARCH_CSP and "connect-src 'self'" in SEARCH_CSP
    assert "wasm" not in CSP and "connect-src 'none'" in CSP


@pytest.mark.parametrize("name", ["search", "pagefind"])
def test_the_search_urls_are_reserved(make_site: MakeSite, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({f"content/{name}.md": article("Clash", topic=None)})
    assert main(["--root", str(root), "build", "--quiet"]) == 1
    assert (
        f"content/{name}.md:1:1: error: its URL /{name}/ is also the URL of a generated file" in capsys.readouterr().err
    )
