"""`check` and `new`: editorial checks (each with a failing and a passing fixture), output formats, exit codes."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.check import check

from .conftest import MakeSite, article, run_cli

TODAY = dt.date(2026, 11, 26)


def texts(make_site: MakeSite, files: dict[str, str | bytes | None]) -> list[str]:
    return [p.text() for p in check(make_site(files), today=TODAY)]


@pytest.mark.parametrize(
    ("bad", "good", "message"),
    [
        (
            article(body="![](../../static/img/x.png)\n"),
            article(body="![A chart of interview scores](../../static/img/x.png)\n"),
            "x.md:8:5: error: image `../../static/img/x.png` has no alt text",
        ),
        (
            article(body="Read it [here](first.md).\n"),
            article(body="Read [the first article](first.md).\n"),
            'x.md:8:16: warning: link text "here" says nothing; name where it goes',
        ),
        (
            article(body="[Click here](first.md)\n"),
            article(body="[Our first article](first.md)\n"),
            'x.md:8:14: warning: link text "Click here" says nothing',
        ),
        (
            article(body="[https://example.org/a](https://example.org/a)\n"),
            article(body="[Example's guide to A](https://example.org/a)\n"),
            "x.md:8:25: warning: a bare URL as link text; name where it goes",
        ),
        (
            article(body="## One\n\n#### Three\n"),
            article(body="## One\n\n### Two\n"),
            "x.md:10:1: warning: heading skips a level (h2 to h4); use ###",
        ),
        (
            article(body="# Big\n"),
            article(body="## Right size\n"),
            "x.md:8:1: warning: a level-1 heading; the title is the h1, start sections at ##",
        ),
        (
            article("First article"),
            article("A different title"),
            "x.md:2:1: warning: title: the same as content/articles/first.md; readers cannot tell them apart",
        ),
        (
            article(draft="true", date="2026-01-05"),
            article(draft="true", date="2026-12-05"),
            "x.md:6:1: warning: draft: true, dated 2026-01-05; publish it (remove `draft`) or give it the publication",
        ),
    ],
)
def test_editorial_checks(make_site: MakeSite, bad: str, good: str, message: str) -> None:
    linked = {"static/img/x.png": b"png", "content/index.md": article("Home", topic=None, body="[x](articles/x.md)\n")}
    found = texts(make_site, {"content/articles/x.md": bad, **linked})
    assert any(f"content/articles/{message}" in m for m in found), found
    assert texts(make_site, {"content/articles/x.md": good, **linked}) == []


def test_orphan_article_is_a_warning(make_site: MakeSite) -> None:
    assert texts(make_site, {"content/articles/lonely.md": article("Lonely")}) == [
        "content/articles/lonely.md:1:1: warning: no other page links to this article; link to it where readers would "
        "want it"
    ]


def test_check_reports_build_errors_too_and_writes_nothing(make_site: MakeSite) -> None:
    root = make_site({"content/articles/second.md": article("Second", date="soon", body="[x](gone.md)\n")})
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'content/articles/second.md:4:1: error: date: "soon" is not a date (expected YYYY-MM-DD, or a date-time with a '
        "zone)"
    ]
    assert result.stderr == "1 error, 0 warnings\n"
    assert not (root / "public").exists()


def test_check_finds_link_and_anchor_errors_across_pages(make_site: MakeSite) -> None:
    root = make_site({"content/articles/second.md": article("Second", body="[x](gone.md) and [y](first.md#nope)\n")})
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/articles/first.md:9:1: error: link to `content/articles/second.md#details`: that page has no heading "
        "with this id",
        "content/articles/second.md:8:1: error: link `gone.md`: no page content/articles/gone.md (did you mean "
        "`content/articles/first.md`?)",
        "content/articles/second.md:8:1: error: link to `content/articles/first.md#nope`: that page has no heading "
        "with this id",
    ]


def test_warnings_pass_unless_strict_and_github_annotations(make_site: MakeSite) -> None:
    root = make_site({"content/articles/lonely.md": article("Lonely")})
    assert run_cli("check", cwd=root).returncode == 0
    strict = run_cli("check", "--strict", cwd=root)
    assert strict.returncode == 1
    annotated = run_cli("check", cwd=root, env={"GITHUB_ACTIONS": "true"})
    assert annotated.stdout.splitlines() == [
        "::warning file=content/articles/lonely.md,line=1,col=1::no other page links to this article; link to it "
        "where readers would want it"
    ]


def test_the_projects_own_content_passes_strict() -> None:
    from .conftest import REPO

    result = run_cli("check", "--strict", cwd=REPO)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout


def test_new_check_build_round_trip(make_site: MakeSite) -> None:
    root = make_site()
    made = run_cli("new", "So you had a bad interview", "--topic", "after", cwd=root)
    assert made.returncode == 0, made.stderr
    path = root / "content/articles/so-you-had-a-bad-interview.md"
    text = path.read_text()
    assert text.startswith('---\ntitle: "So you had a bad interview"\n')
    assert f"date: {dt.date.today().isoformat()}\ntopic: after\ntags: []\ndraft: true\n" in text

    flagged = run_cli("check", cwd=root)
    assert flagged.returncode == 1
    assert "so-you-had-a-bad-interview.md:3:1: error: description: still the placeholder from `new`" in flagged.stdout
    assert "so-you-had-a-bad-interview.md:10:1: error: skeleton text from `new` is still here" in flagged.stdout

    description = "What to do in the first hour after an interview that went badly, and what to leave for tomorrow."
    text = text.split("---\n\n", 1)[0].replace(text.split("\n")[2], f"description: {description}") + "---\n\n"
    path.write_text(text.replace("draft: true\n", "") + "A real opening, linking [the first article](first.md).\n")
    (root / "content/articles/first.md").write_text(
        (root / "content/articles/first.md").read_text() + "\nSee [what to do](so-you-had-a-bad-interview.md).\n"
    )
    assert run_cli("check", "--strict", cwd=root).stdout == ""
    assert run_cli("build", cwd=root).returncode == 0
    assert (root / "public/articles/so-you-had-a-bad-interview/index.html").is_file()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["new", "First article"], 1, "content/articles/first-article.md"),
        (["new", "!!!"], 2, "the title needs some letters or digits"),
        (
            ["new", "Fine title", "--topic", "prpe"],
            2,
            "--topic 'prpe' is not a topic in site.toml (did you mean `prep`?)",
        ),
    ],
)
def test_new_refuses(make_site: MakeSite, args: list[str], code: int, message: str) -> None:
    root = make_site({"content/articles/first-article.md": article("Kept as it was")})
    result = run_cli(*args, cwd=root)
    assert result.returncode == code
    assert message in result.stderr
    assert "Kept as it was" in (root / "content/articles/first-article.md").read_text()
