"""Reading paths (journeys), the tag vocabulary and the worksheet's chosen reading: checked with exact
messages, and shown where a reader needs them."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from generator.build import BuildOptions, build

from .conftest import FIXTURES, REPO, MakeSite, article, run_cli

CONFIG = (FIXTURES / "minimal/site.toml").read_text()
TAGS = '\n[[tags]]\nslug = "alpha"\nmeaning = "The first letter."\n\n[[tags]]\nslug = "beta"\nmeaning = "The second."\n'
JOURNEY = """
[[journeys]]
slug = "start"
title = "Start here"
description = "The two articles, in order."
pages = ["articles/second.md", "articles/first.md"]
"""


def check(root: Path) -> list[str]:
    return run_cli("check", "--strict", cwd=root).stdout.splitlines()


def test_a_tag_outside_the_vocabulary_is_an_error_with_a_suggestion(make_site: MakeSite) -> None:
    root = make_site(
        {
            "site.toml": CONFIG + TAGS + JOURNEY,
            "content/articles/second.md": article("Second", tags="[alpah]", body="See [first](first.md).\n"),
        }
    )
    assert (
        "content/articles/second.md:6:1: error: tag `alpah` is not in site.toml's [[tags]] (did you mean `alpha`?); "
        "use one of those, or declare it there with its meaning"
    ) in check(root)


def test_without_a_vocabulary_any_tag_goes(make_site: MakeSite) -> None:
    root = make_site({"content/articles/second.md": article("Second", tags="[anything]", body="[1](first.md)\n")})
    assert "anything" not in run_cli("check", cwd=root).stdout


def test_journey_mistakes_point_at_site_toml(make_site: MakeSite) -> None:
    journeys = """
[[journeys]]
slug = "start"
title = "Start here"
description = "The two articles."
pages = ["articles/first.md", "articles/missing.md", "articles/first.md", "index.md"]
"""
    root = make_site({"site.toml": CONFIG + journeys})
    assert run_cli("check", cwd=root).stderr.splitlines() == [
        "site.toml:25:1: error: pages: articles/first.md is listed twice",
        "site.toml:25:1: error: pages: index.md is not an article; a journey lists articles",
        "site.toml:25:1: error: pages: no file content/articles/missing.md; list content files like "
        '"articles/handling-rejection.md"',
        "Build failed: 3 errors; nothing was written.",
    ]


def test_a_journey_naming_a_draft_is_an_error_and_an_article_in_none_a_warning(make_site: MakeSite) -> None:
    root = make_site(
        {
            "site.toml": CONFIG + JOURNEY.replace('"articles/second.md", ', ""),
            "content/articles/first.md": article("First", draft="true", body="[second](second.md)\n"),
        }
    )
    assert (
        "site.toml:25:1: error: journey `start` names articles/first.md, which is a draft (draft: true); publish it "
        "or take it out of site.toml"
    ) in run_cli("check", cwd=root).stdout.splitlines()
    root = make_site({"site.toml": CONFIG + JOURNEY.replace('"articles/second.md", ', "")})
    assert "content/articles/second.md:1:1: warning: in no reading path; add it to a [[journeys]] entry's `pages` " in (
        run_cli("check", cwd=root).stdout
    )


def test_an_article_shows_its_place_and_neighbours_and_the_journey_has_a_page(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site({"site.toml": CONFIG + TAGS + JOURNEY})
    for folder in ("layouts", "static"):  # the hub's own templates
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, root / folder)
    (root / "content/worksheet.md").unlink(missing_ok=True)
    build(root, BuildOptions(out=tmp_path / "out", jobs=1, search=False))
    first = (tmp_path / "out/articles/first/index.html").read_text()
    assert '2 of 2 in <a href="/sub/journeys/start/">Start here</a>' in first
    assert "Before this in “Start here”</span> Second article" in first
    second = (tmp_path / "out/articles/second/index.html").read_text()
    assert "Next in “Start here”</span> First article" in second and "Before this in" not in second
    journey = (tmp_path / "out/journeys/start/index.html").read_text()
    assert journey.index("Second article") < journey.index("First article")  # the path's order, not by date
    assert '<ol class="cards" start="1">' in journey and "Step 2" in journey
    tag = (tmp_path / "out/tags/alpha/index.html").read_text()
    assert "The first letter." in tag
    home = (tmp_path / "out/index.html").read_text()
    assert home.index("Read in the order you need it") < home.index("Newest articles")


def test_the_real_sites_factors_each_lead_with_an_editors_choice() -> None:
    """Every factor names its best articles, and the worksheet offers them first (the script's rule is
    tested in tests/js; here: that each factor has choices, and that they exist and are published)."""
    config = tomllib.loads((REPO / "site.toml").read_text())
    for factor in config["factors"]:
        assert factor.get("articles"), f"factor {factor['id']} names no articles"
        for path in factor["articles"]:
            text = (REPO / "content" / path).read_text()
            assert "draft: true" not in text, path
    journeys = [path for journey in config["journeys"] for path in journey["pages"]]
    articles = sorted(f"articles/{p.name}" for p in (REPO / "content/articles").glob("*.md"))
    assert sorted(set(journeys)) == articles  # every article is on a reading path
