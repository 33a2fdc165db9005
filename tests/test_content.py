"""Front matter: every mistake is reported at its file and line, with what was expected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.config import load_config
from generator.content import LoadOptions, content_files, include_pages, load_page, read_body
from generator.load import load_site

from .conftest import MakeSite, article

LAYOUTS = {"article", "page", "home", "list", "404"}
SRC = "content/articles/x.md"


def problems_of(make_site: MakeSite, text: str | bytes, source: str = SRC) -> list[str]:
    config = load_config(make_site())
    data = text.encode() if isinstance(text, str) else text
    page, _, problems = load_page(source, data, config, LAYOUTS)
    assert (page is None) == bool(problems)
    return [p.text() for p in problems]


DATE_FORMS = "(expected YYYY-MM-DD, or a date-time with a zone)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (article(date='"next tuesday"'), [f'4:1: error: date: "next tuesday" is not a date {DATE_FORMS}']),
        (article(date="2026-02-30"), [f'4:1: error: date: "2026-02-30" is not a date {DATE_FORMS}']),
        (article(date=None), ["2:1: error: date: missing; expected the publication date, like 2026-11-20"]),
        (article(tgas="[a]"), ["6:1: error: unknown key `tgas` (did you mean `tags`?)"]),
        (article(title='""'), ['2:1: error: title: ""; expected the article\'s title']),
        (article(title="x" * 91), ["2:1: error: title: is 91 characters; keep it to 90 or fewer"]),
        (article(description="Too short."), ["3:1: error: description: is 10 characters; expected 50 to 160"]),
        (article(topic="prepp"), ['5:1: error: topic: "prepp" is not a topic in site.toml (did you mean `prep`?)']),
        (article(topic=None), ["2:1: error: topic: missing; articles need one of: prep, after"]),
        (
            article(tags="[Bad Tag]"),
            ["6:1: error: tags: expected a list of lowercase words or hyphenated words, like [nerves, follow-up]"],
        ),
        (article(tags="[a, b, c, d, e, f, g]"), ["6:1: error: tags: 7 tags; use at most 6"]),
        (
            article(slug="../../etc"),
            ['6:1: error: slug: "../../etc" must be lowercase letters, digits and single hyphens, like `resume-tips`'],
        ),
        (article(draft="maybe"), ['6:1: error: draft: "maybe"; expected true or false']),
        (article(weight="first"), ['6:1: error: weight: "first"; expected a whole number']),
        (
            article(layout="artcle"),
            ['6:1: error: layout: "artcle" is not a template in layouts/ (did you mean `article`?)'],
        ),
        (article(updated="2026-01-01"), ["6:1: error: updated: 2026-01-01 is before the date 2026-04-01"]),
        (article(reviewed="2026-01-01"), ["6:1: error: reviewed: 2026-01-01 is before the date 2026-04-01"]),
        (
            article(reviewed="last spring"),
            ['6:1: error: reviewed: "last spring" is not a date (expected YYYY-MM-DD, the day it was last read whole)'],
        ),
        (
            article(title="A: b: c"),
            ["2:1: error: front matter is not valid YAML: mapping values are not allowed in this context"],
        ),
        (
            article("Twice").replace("title: Twice\n", "title: Twice\ntitle: Again\n"),
            ["3:1: error: title: appears twice (first on line 2)"],
        ),
        ("", ["1:1: error: is empty; start it with front matter between --- lines (title, description, date)"]),
        ("Just text.\n", ["1:1: error: has no front matter; the file must start with a --- line"]),
        ("---\n- a\n- b\n---\n", ["2:1: error: front matter must be `key: value` lines"]),
        (
            "---\ntitle: [unclosed\n---\n",
            ["3:1: error: front matter is not valid YAML: did not find expected ',' or ']'"],
        ),
    ],
)
def test_front_matter_errors(make_site: MakeSite, text: str, expected: list[str]) -> None:
    """Each mistake gives exactly its own problems: `expected` is every message, after `content/articles/x.md:`."""
    assert problems_of(make_site, text) == [f"{SRC}:{message}" for message in expected]


def test_all_errors_of_a_file_are_reported_together(make_site: MakeSite) -> None:
    found = problems_of(make_site, article(date="soon", topic="nope", tgas="[a]"))
    assert found == [
        f'{SRC}:4:1: error: date: "soon" is not a date {DATE_FORMS}',
        f'{SRC}:5:1: error: topic: "nope" is not a topic in site.toml',
        f"{SRC}:6:1: error: unknown key `tgas` (did you mean `tags`?)",
    ]


def test_not_utf8_names_the_line(make_site: MakeSite) -> None:
    data = article().encode() + b"caf\xe9\n"
    [message] = problems_of(make_site, data)
    assert message.startswith("content/articles/x.md:9:1: error: is not UTF-8 text")


def test_valid_article(make_site: MakeSite) -> None:
    config = load_config(make_site())
    page, _, problems = load_page(SRC, article(tags="[nerves, follow-up]", weight="2").encode(), config, LAYOUTS)
    assert problems == []
    assert page is not None
    assert (page.url, page.section, page.slug, page.layout) == ("articles/x/", "articles", "x", "article")
    assert page.tags == ("nerves", "follow-up")
    assert page.date == dt.date(2026, 4, 1)
    assert page.body_line == 9  # the blank line after the closing ---
    assert page.line_of("topic") == 5


def test_reviewed_is_carried_on_the_page_and_its_card(make_site: MakeSite) -> None:
    config = load_config(make_site())
    page, _, _ = load_page(SRC, article(reviewed="2026-05-02").encode(), config, LAYOUTS)
    never, _, _ = load_page(SRC, article().encode(), config, LAYOUTS)
    assert page is not None and never is not None
    day = dt.date(2026, 5, 2)
    assert (page.reviewed, page.card.reviewed, page.line_of("reviewed")) == (day, day, 6)
    assert (never.reviewed, never.card.reviewed) == (None, None)


def test_slug_and_index_urls(make_site: MakeSite) -> None:
    config = load_config(make_site())
    page, _, _ = load_page("content/articles/x.md", article(slug="other").encode(), config, LAYOUTS)
    assert page is not None and page.url == "articles/other/"
    home, _, _ = load_page("content/index.md", article(topic=None).encode(), config, LAYOUTS)
    assert home is not None and (home.url, home.layout) == ("", "home")
    about, _, _ = load_page("content/about.md", article(topic=None).encode(), config, LAYOUTS)
    assert about is not None and (about.url, about.layout) == ("about/", "page")


def test_file_name_that_is_not_a_slug(make_site: MakeSite) -> None:
    [message] = problems_of(make_site, article(), "content/articles/My Notes.md")
    assert "file name gives the slug" in message


def test_drafts_and_future_pages_are_left_out_unless_asked(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/articles/draft.md": article("Draft", draft="true"),
            "content/articles/later.md": article("Later", date="2030-01-01"),
        }
    )
    config = load_config(root)
    files, _ = content_files(root)
    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)

    def titles(**flags: bool) -> set[str]:
        found = [(rel, load_page(rel, Path(path).read_bytes(), config, LAYOUTS)) for rel, path in files]
        loaded = include_pages([(rel, f.page, f.problems) for rel, f in found], LoadOptions(now=now, **flags))
        assert loaded.problems == []
        return {p.title for p in loaded.pages if p.is_article}

    assert titles() == {"First article", "Second article"}
    assert titles(drafts=True) == {"First article", "Second article", "Draft"}
    assert titles(future=True) == {"First article", "Second article", "Later"}


def test_symlink_and_stray_files_are_errors(make_site: MakeSite, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"content/articles/photo.png": b"\x89PNG"})
    outside = tmp_path / "secret.md"
    outside.write_text(article())
    (root / "content/articles/linked.md").symlink_to(outside)
    loaded = load_site(root)
    assert [p.text() for p in loaded.problems] == [
        "content/articles/linked.md:1:1: error: is a symbolic link; content must be real files inside content/",
        "content/articles/photo.png:1:1: error: content/ holds markdown files only; put images and files in static/",
    ]


def test_a_body_is_read_again_from_its_file_unless_changed(make_site: MakeSite) -> None:
    root = make_site()
    config = load_config(root)
    text = article(body="Body text.\n")
    (root / SRC).write_text(text)
    page, body, _ = load_page(SRC, text.encode(), config, LAYOUTS)
    assert page is not None
    assert read_body(page, root) == body == "\nBody text.\n"
    (root / SRC).write_text(text + "Edited since.\n")
    assert read_body(page, root) is None
