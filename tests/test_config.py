"""site.toml: checked keys, with lines and suggestions."""

from __future__ import annotations

import pytest

from generator.config import load_config
from generator.errors import ConfigError

from .conftest import MakeSite

GOOD = """[site]
title = "T"
description = "D"
base_url = "https://example.org/sub"
author = "A"
"""


def messages(make_site: MakeSite, toml: str) -> list[str]:
    root = make_site({"site.toml": toml})
    with pytest.raises(ConfigError) as info:
        load_config(root)
    return [p.text() for p in info.value.problems]


def test_valid_config_is_typed_and_frozen(make_site: MakeSite) -> None:
    config = load_config(
        make_site({"site.toml": GOOD + '\n[[topics]]\nslug = "a-b"\ntitle = "AB"\ndescription = "x"\n'})
    )
    assert config.base_url == "https://example.org/sub/"
    assert config.base_path == "/sub/"
    assert config.origin == "https://example.org"
    assert config.topics[0].slug == "a-b"
    assert config.words_per_minute == 220
    assert config.pages_per_search_index == 1500
    assert config.review_after_days == 365
    with pytest.raises(AttributeError):
        config.title = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('titel = "x"\n', "site.toml:6:1: error: unknown key `titel` in [site] (did you mean `title`?)"),
        ("\n[biuld]\nallow_html = true\n", "site.toml:7:1: error: unknown table `biuld` (did you mean `build`?)"),
        ('\n[build]\nallow_html = "yes"\n', "site.toml:8:1: error: `allow_html` must be bool, found str"),
        ("\n[build]\nwords_per_minute = 0\n", "site.toml:8:1: error: must be at least 1"),
        ("\n[build]\npage_size = 0\n", "site.toml:8:1: error: must be at least 1 (cards on each page of a list)"),
        ("\n[build]\npage_size = 2.5\n", "site.toml:8:1: error: `page_size` must be int, found float"),
        ("\n[build]\nreview_after_days = 0\n", "site.toml:8:1: error: must be at least 1"),
        (
            '\n[build]\nreview_after_days = "a year"\n',
            "site.toml:8:1: error: `review_after_days` must be int, found str",
        ),
        (
            "\n[build]\npages_per_search_index = -1\n",
            "site.toml:8:1: error: must be 0 (one search index, however many pages) or more",
        ),
        (
            '\n[[topics]]\nslug = "Bad Slug"\ntitle = "x"\ndescription = "y"\n',
            "site.toml:8:1: error: slug `Bad Slug` must be lowercase words joined by hyphens",
        ),
        (
            '\n[[factors]]\nid = "late"\nlabel = "Late"\nkind = "bad"\nsuggestion = "s"\n',
            "site.toml:10:1: error: kind `bad` must be one of right, wrong, both",
        ),
        ('\n[[menu]]\ntitle = "x"\n', "site.toml:7:1: error: [menu] needs `path`"),
    ],
)
def test_config_errors_name_the_line(make_site: MakeSite, extra: str, expected: str) -> None:
    assert messages(make_site, GOOD + extra) == [expected]


def test_toml_syntax_error_names_the_line(make_site: MakeSite) -> None:
    [message] = messages(make_site, GOOD + "broken = \n")
    assert message.startswith("site.toml:6:1: error: not valid TOML")


def test_missing_required_keys_are_all_reported(make_site: MakeSite) -> None:
    assert messages(make_site, '[site]\ntitle = "T"\n') == [
        "site.toml:1:1: error: [site] needs `author`",
        "site.toml:1:1: error: [site] needs `base_url`",
        "site.toml:1:1: error: [site] needs `description`",
    ]


def test_base_url_must_be_absolute(make_site: MakeSite) -> None:
    [message] = messages(make_site, GOOD.replace("https://example.org/sub", "/sub/"))
    assert message.startswith("site.toml:4:1: error: base_url `/sub/` must be an absolute http(s) URL")


def test_start_here_must_name_content_files(make_site: MakeSite) -> None:
    assert messages(make_site, GOOD + 'start_here = ["articles/nope.md"]\n') == [
        "site.toml:6:1: error: start_here: no file content/articles/nope.md; list content files like "
        '"articles/resume-tips.md"'
    ]


def test_duplicate_topic(make_site: MakeSite) -> None:
    topic = '\n[[topics]]\nslug = "a"\ntitle = "x"\ndescription = "y"\n'
    assert messages(make_site, GOOD + topic + topic) == ["site.toml:13:1: error: slug `a` is declared twice"]
