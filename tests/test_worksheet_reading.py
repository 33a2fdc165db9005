"""The worksheet's further reading: the page embeds the factors and the editors' choices; every article's
card is in worksheet/articles.json, which only the worksheet's policy lets a script fetch; an article's
edit rewrites that file, and the worksheet page only when the article is an editor's choice."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.feeds import READING_LIST_VERSION
from generator.render import BOARD_CSP, CSP, SEARCH_CSP, WORKSHEET_ARTICLES, WORKSHEET_CSP
from generator.session import Session

from .conftest import FIXTURES, REPO, MakeSite, article
from .test_incremental import change, inodes, snapshot

FACTORS = """
[[factors]]
id = "late"
label = "Late or rushed"
kind = "wrong"
suggestion = "Plan the route the day before."
tags = ["alpha"]
articles = ["articles/first.md"]

[[factors]]
id = "nervous"
label = "Nervous"
kind = "both"
suggestion = "Breathe."
articles = ["articles/first.md", "index.md"]
"""
WORKSHEET = "---\ntitle: Debrief\ndescription: A worksheet to debrief a rough interview, in five calm steps.\n"
WORKSHEET += "date: 2026-04-01\nlayout: worksheet\n---\n\nTake fifteen minutes.\n"


def worksheet_site(make_site: MakeSite) -> Path:
    """The minimal site with the hub's layouts and files, a worksheet and two factors: `first` is an
    editor's choice (twice), `second` is not, and a draft is in neither."""
    root = make_site(
        {
            "site.toml": (FIXTURES / "minimal/site.toml").read_text() + FACTORS,
            "content/worksheet.md": WORKSHEET,
            "content/articles/draft.md": article("Not yet", draft="true"),  # in neither
        }
    )
    for folder in ("layouts", "static"):  # the hub's own templates and scripts
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, root / folder)
    return root


def embedded(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="worksheet-data">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def policy(html: str) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert found is not None
    return found.group(1).replace("&#39;", "'")


def test_the_page_embeds_the_factors_and_the_editors_choices_and_the_list_has_every_article(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = worksheet_site(make_site)
    out = tmp_path / "out"
    build(root, BuildOptions(out=out, jobs=1, search=False))
    first = {
        "title": "First article",
        "url": "/sub/articles/first/",
        "description": "The first article of the fixture site, long enough to pass the check.",
        "tags": ["alpha", "beta"],
    }
    data = embedded((out / "worksheet/index.html").read_text())
    assert data["articles"] == [first]  # once, though named twice; a page that is no article left out
    assert data["articlesUrl"] == "/sub/worksheet/articles.json"
    assert [(f["id"], f["articles"]) for f in data["factors"]] == [  # type: ignore[attr-defined]
        ("late", ["/sub/articles/first/"]),
        ("nervous", ["/sub/articles/first/"]),
    ]
    listed = json.loads((out / WORKSHEET_ARTICLES).read_text())
    assert listed["version"] == READING_LIST_VERSION
    second = {
        "title": "Second article",
        "url": "/sub/articles/second/",
        "description": "The second article of the fixture site, long enough to pass the check.",
        "tags": ["alpha"],
    }
    assert listed["articles"] == [second, first]  # newest first; card fields only, nothing more


def test_only_the_worksheet_may_fetch_and_only_from_this_site(make_site: MakeSite, tmp_path: Path) -> None:
    root = worksheet_site(make_site)
    out = tmp_path / "out"
    build(root, BuildOptions(out=out, jobs=1, search=False))
    assert policy((out / "worksheet/index.html").read_text()) == WORKSHEET_CSP
    assert "connect-src 'self'" in WORKSHEET_CSP and "form-action 'none'" in WORKSHEET_CSP
    for page in ("index.html", "articles/first/index.html", "articles/index.html", "404.html"):
        assert policy((out / page).read_text()) == CSP, page
    assert "connect-src 'none'" in CSP
    assert "connect-src 'self'" in SEARCH_CSP and "connect-src 'self'" in BOARD_CSP  # theirs, as they were


def test_a_site_without_a_worksheet_has_no_list(make_site: MakeSite, tmp_path: Path) -> None:
    build(make_site(), BuildOptions(out=tmp_path / "out", jobs=1, search=False))
    assert not (tmp_path / "out" / WORKSHEET_ARTICLES).exists()


def test_the_script_and_the_worker_read_the_list_where_and_as_the_build_writes_it() -> None:
    reading = (REPO / "static/js/worksheet/reading.js").read_text(encoding="utf-8")
    assert f"export const LIST_VERSION = {READING_LIST_VERSION};" in reading
    worker = (REPO / "static/sw.js").read_text(encoding="utf-8")
    assert f'const ARTICLES = new URL("{WORKSHEET_ARTICLES}", SCOPE).href;' in worker


@pytest.mark.parametrize("in_memory", [False, True], ids=["cache on disk", "serve's session"])
def test_a_title_edit_rewrites_the_list_and_the_worksheet_only_for_an_editors_choice(
    make_site: MakeSite, tmp_path: Path, in_memory: bool
) -> None:
    root = worksheet_site(make_site)
    out, cold = tmp_path / "out", tmp_path / "cold"
    session = Session(root, out, watched=True) if in_memory else None
    options = BuildOptions(out=out, jobs=1, search=False)
    build(root, options, session)

    def edit_title(name: str, title: str) -> tuple[set[str], bytes]:
        """Retitle an article and build: the HTML files written again, and the list as it is now."""
        before = inodes(out)
        list_before = (out / WORKSHEET_ARTICLES).read_bytes()
        change(name, "title", title)(root)
        if session is not None:
            session.note_changes([str(root / f"content/articles/{name}.md")])
        build(root, options, session)
        shutil.rmtree(cold, ignore_errors=True)
        build(root, BuildOptions(out=cold, jobs=1, search=False, cache=False))
        assert snapshot(out) == snapshot(cold)
        listed = (out / WORKSHEET_ARTICLES).read_bytes()
        assert listed != list_before and title.encode() in listed
        return {rel for rel, inode in inodes(out).items() if inode != before[rel]}, listed

    written, _ = edit_title("second", "Second, retitled")
    assert "worksheet/index.html" not in written and "articles/second/index.html" in written
    written, _ = edit_title("first", "First, retitled")  # an editor's choice: the page shows its card
    assert "worksheet/index.html" in written
    assert embedded((out / "worksheet/index.html").read_text())["articles"][0]["title"] == "First, retitled"  # type: ignore[index]
