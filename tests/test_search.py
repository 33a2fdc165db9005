"""Search indexing: Pagefind runs over the written pages, and a failure fails the build cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.cli import main
from generator.errors import BuildError
from generator.render import CSP, SEARCH_CSP
from generator.search import index_for_search, part_files, search_parts

from .conftest import MakeSite, article, tree

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


def _in_parts(root: Path, pages_per_index: int) -> None:
    config = root / "site.toml"
    config.write_text(config.read_text() + f"\n[build]\npages_per_search_index = {pages_per_index}\n")


def _page_counts(bundles: Path) -> dict[str, int]:
    return {
        entry.parent.name: json.loads(entry.read_text())["languages"]["en"]["page_count"]
        for entry in sorted(bundles.glob("part-*/pagefind-entry.json"))
    }


def test_search_parts_keep_each_page_where_it_was_as_pages_come_and_go() -> None:
    pages = [f"articles/a{i}/index.html" for i in range(28)]
    assert search_parts(pages, 0) == search_parts(pages, 28) == {"pagefind": sorted(pages)}
    parts = search_parts(pages, 10)
    assert next(iter(parts)) == "pagefind/part-0" and len(parts) == 3
    assert sorted(rel for rels in parts.values() for rel in rels) == sorted(pages)
    more = search_parts([*pages, "articles/new/index.html"], 10)  # still 3 parts: the others stay
    assert len(more) == 3 and all(set(rels) <= set(more[folder]) for folder, rels in parts.items())
    # the first part also indexes the HTML that is not a content page
    files = part_files(parts, [*pages, "index.html", "articles/index.html"])
    assert files["pagefind/part-0"][-2:] == ["articles/index.html", "index.html"]


def test_a_large_index_is_made_in_parts_and_an_edit_remakes_only_its_part(make_site: MakeSite) -> None:
    notes = {f"content/articles/n{i}.md": article(f"Note {i}", body=f"Word{i} text.\n") for i in range(12)}
    root = make_site(notes)
    _in_parts(root, 4)
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    bundles = out / "pagefind"
    counts = _page_counts(bundles)
    assert len(counts) == 4 and sum(counts.values()) == 14  # 15 content pages by 4; the 14 articles are marked
    assert not (bundles / "pagefind.js").exists()
    assert json.loads((bundles / "parts.json").read_text()) == [f"{name}/" for name in counts]
    assert '<p class="parts">True</p>' in (out / "search/index.html").read_text()

    before = {p: p.stat().st_ino for p in bundles.rglob("*") if p.is_file()}
    (root / "content/articles/n3.md").write_text(article("Note 3", body="Word3 text, and a new sentence.\n"))
    build(root, BuildOptions(out=out, jobs=1))
    after = {p: p.stat().st_ino for p in bundles.rglob("*") if p.is_file()}
    remade = {p.relative_to(bundles).parts[0] for p, inode in after.items() if before.get(p) != inode}
    [part] = [folder for folder, rels in search_bundles_of(root).items() if "articles/n3/index.html" in rels]
    assert remade == {part.removeprefix("pagefind/")}
    assert _page_counts(bundles) == counts
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_html_whose_name_a_glob_cannot_hold_is_indexed_too(make_site: MakeSite) -> None:
    page = PAGE.format(title="Old notes", body="<main data-pagefind-body><p>Quokkas.</p></main>")
    root = make_site({"static/old notes {1}.html": page})
    _in_parts(root, 1)
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    assert sum(_page_counts(out / "pagefind").values()) == 3  # the two articles and the static page
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_a_part_with_no_marked_page_is_left_out_as_one_index_would_leave_its_pages(make_site: MakeSite) -> None:
    root = make_site()
    _in_parts(root, 1)  # three content pages, three parts; the home page's layout marks nothing
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    listed = json.loads((out / "pagefind/parts.json").read_text())
    parts = search_bundles_of(root)
    [unmarked] = [folder for folder, rels in parts.items() if rels == ["index.html"]]
    assert listed == [folder.removeprefix("pagefind/") + "/" for folder in parts if folder != unmarked]
    assert not (out / unmarked).exists()
    assert sum(_page_counts(out / "pagefind").values()) == 2  # the articles, as in one index


def search_bundles_of(root: Path) -> dict[str, list[str]]:
    from generator.facts import Facts
    from generator.load import load_site

    return Facts(load_site(root).site).search_parts
