"""`check` and `new`: editorial checks (each with a failing and a passing fixture), output formats, exit codes."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from generator.check import check

from .conftest import FIXTURES, REPO, MakeSite, article, run_cli

TODAY = dt.date(2026, 11, 26)


def texts(make_site: MakeSite, files: dict[str, str | bytes | None]) -> list[str]:
    return [p.text() for p in check(make_site(files), today=TODAY)]


X = "content/articles/x.md"


@pytest.mark.parametrize(
    ("bad", "good", "expected"),
    [
        (
            article(body="![](../../static/img/x.png)\n"),
            article(body="![A chart of interview scores](../../static/img/x.png)\n"),
            [f"{X}:8:5: error: image `../../static/img/x.png` has no alt text; describe it: ![what it shows](...)"],
        ),
        (
            article(body="Read it [here](first.md).\n"),
            article(body="Read [the first article](first.md).\n"),
            [f'{X}:8:16: warning: link text "here" says nothing; name where it goes'],
        ),
        (
            article(body="[Click here](first.md)\n"),
            article(body="[Our first article](first.md)\n"),
            [f'{X}:8:14: warning: link text "Click here" says nothing; name where it goes'],
        ),
        (
            article(body="[https://example.org/a](https://example.org/a)\n"),
            article(body="[Example's guide to A](https://example.org/a)\n"),
            [f"{X}:8:25: warning: a bare URL as link text; name where it goes"],
        ),
        (
            article(body="## One\n\n#### Three\n"),
            article(body="## One\n\n### Two\n"),
            [f"{X}:10:1: warning: heading skips a level (h2 to h4); use ###"],
        ),
        (
            article(body="# Big\n"),
            article(body="## Right size\n"),
            [f"{X}:8:1: warning: a level-1 heading; the title is the h1, start sections at ##"],
        ),
        (
            article("First article"),
            article("A different title"),
            [
                f"content/articles/first.md:2:1: warning: title: the same as {X}; readers cannot tell them apart",
                f"{X}:2:1: warning: title: the same as content/articles/first.md; readers cannot tell them apart",
            ],
        ),
        (
            article(draft="true", date="2026-01-05"),
            article(draft="true", date="2026-12-05"),
            [
                f"{X}:6:1: warning: draft: true, dated 2026-01-05; publish it (remove `draft`) or give it the "
                "publication date"
            ],
        ),
    ],
)
def test_editorial_checks(make_site: MakeSite, bad: str, good: str, expected: list[str]) -> None:
    """Each check on a failing fixture gives exactly its own problems; on the passing one, none."""
    linked = {"static/img/x.png": b"png", "content/index.md": article("Home", topic=None, body="[x](articles/x.md)\n")}
    assert texts(make_site, {X: bad, **linked}) == expected
    assert texts(make_site, {X: good, **linked}) == []


SITE_TOML = (FIXTURES / "minimal" / "site.toml").read_text()
STALE = (
    f"{X}:6:1: warning: reviewed: last reviewed on 2025-01-02, more than review_after_days (365) before the build date;"
    " read it again and update `reviewed`"
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({X: article(date="2025-01-01", reviewed="2025-01-02")}, [STALE]),
        ({X: article(date="2025-01-01", reviewed="2025-11-26")}, []),  # 365 days: not more than review_after_days
        ({X: article(date="2025-01-01")}, []),  # never reviewed: no date to count from, none shown to readers
        (
            {
                X: article(date="2025-01-01", reviewed="2025-01-02"),
                "site.toml": f"{SITE_TOML}[build]\nreview_after_days = 800\n",
            },
            [],
        ),
        (
            {X: article(reviewed="2026-11-27")},
            [
                f"{X}:6:1: error: reviewed: 2026-11-27 is after the build date 2026-11-26; give the day it was last read whole"
            ],
        ),
        ({X: article(date="2026-12-05", reviewed="2026-12-05", draft="true")}, []),  # to be published, reviewed then
        (
            {X: article(date="2025-01-01", reviewed="2025-01-02", draft="true")},
            [
                f"{X}:7:1: warning: draft: true, dated 2025-01-01; publish it (remove `draft`) or give it the "
                "publication date"
            ],
        ),
        ({"content/about.md": article("About", topic=None, date="2025-01-01", reviewed="2025-01-02")}, []),
    ],
)
def test_reviewed_long_ago_is_a_warning_on_published_articles(
    make_site: MakeSite, files: dict[str, str], expected: list[str]
) -> None:
    linked = {
        X: article(),
        "content/about.md": article("About", topic=None),
        "content/index.md": article("Home", topic=None, body="[x](articles/x.md) [a](about.md)\n"),
    }
    assert texts(make_site, {**linked, **files}) == expected


def test_last_reviewed_is_shown_on_the_article(make_site: MakeSite) -> None:
    root = make_site({X: article(reviewed="2026-05-02"), "content/articles/y.md": article("Never reviewed")})
    for folder in ("layouts", "static"):
        shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True)
    assert run_cli("build", "--no-search", "--today", "2026-11-26", cwd=root).returncode == 0
    shown = '<span class="meta-sep" aria-hidden="true">·</span> Last reviewed <time datetime="2026-05-02">May 2, 2026</time>'
    assert shown in (root / "public/articles/x/index.html").read_text()
    assert "Last reviewed" not in (root / "public/articles/y/index.html").read_text()


def british(word: str, us: str, kind: str = "spelling") -> str:
    return f'"{word}" is British {kind}; the hub writes US English: "{us}"'


def test_british_spellings_are_warnings_at_their_line_and_column(make_site: MakeSite) -> None:
    body = (
        "We practised it.\n"
        "\n"
        "- Not `colour` in code, nor [in an address](https://example.org/colour-guide) or [another][centre].\n"
        "- But Colour, BEHAVIOUR and well-organised, in [a link's text about labour](first.md).\n"
        "\n"
        "```\n"
        "colour = grey  # code\n"
        "```\n"
        "\n"
        "Meet in the car\n"
        "park, whilst _centred_.\n"
        "\n"
        "[centre]: https://example.org/centre\n"
    )
    page = article("Our favourite colours", description="A description of the organisation's behaviour, long enough.")
    files = {
        X: page.replace("Some text.\n", body),
        "content/index.md": article("Home", topic=None, body="[x](articles/x.md)\n"),
    }
    assert texts(make_site, files) == [
        f"{X}:2:1: warning: title: {british('colours', 'colors')}",
        f"{X}:2:1: warning: title: {british('favourite', 'favorite')}",
        f"{X}:3:1: warning: description: {british('behaviour', 'behavior')}",
        f"{X}:3:1: warning: description: {british('organisation', 'organization')}",
        f"{X}:8:4: warning: {british('practised', 'practiced')}",
        f"{X}:11:7: warning: {british('Colour', 'Color')}",
        f"{X}:11:15: warning: {british('BEHAVIOUR', 'BEHAVIOR')}",
        f"{X}:11:34: warning: {british('organised', 'organized')}",
        f"{X}:11:69: warning: {british('labour', 'labor')}",
        f"{X}:17:13: warning: {british('car park', 'parking lot', 'English')}",
        f"{X}:18:7: warning: {british('whilst', 'while')}",
        f"{X}:18:15: warning: {british('centred', 'centered')}",
    ]


def test_job_listings_and_employers_may_be_in_british_english(make_site: MakeSite) -> None:
    employer = "---\nname: Acme Tools\nwebsite: https://acme.example/\n---\n\nAcme's workshops are in a neighbourhood of Leeds.\n"
    listing = (
        "---\ntitle: Customer support lead\nemployer: acme\ndate_posted: 2026-11-20\nvalid_through: 2026-12-20\n"
        "employment_type: FULL_TIME\nworkplace: remote\napplicant_countries: [GB]\n"
        "salary: {min: 40000, max: 45000, currency: GBP, period: YEAR}\n"
        "apply_url: https://jobs.acme.example/123\n---\n\n"
        "You would lead a team of six who answer customers by email and chat, organise the rota, and own the help "
        "centre's articles. We are looking for someone who has run a support queue before, whose colleagues would "
        "call them organised, and who writes clearly. We answer every applicant within a fortnight.\n"
    )
    files = {"content/employers/acme.md": employer, "content/jobs/acme-support.md": listing}
    assert texts(make_site, files) == []


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


def test_a_site_in_the_house_style_passes_strict(make_site: MakeSite) -> None:
    """No false alarms: near misses of every editorial check (headings that step back up, link texts and
    URLs that name their place, an image with alt text, titles alike but not the same) pass `--strict`."""
    salary = (
        "After [the first article](first.md#getting-started), read [Example's guide to offers](https://example.org/a)"
        " or go to www.example.org yourself.\n\n"
        "![A table of offers by month](../../static/img/offers.png)\n\n"
        "## Before\n\n### The numbers\n\n#### By role\n\n## After\n\nMore [on salary, here](salary-again.md).\n"
    )
    root = make_site(
        {
            "content/about.md": article("About", topic=None, body="By [the salary notes](articles/salary.md).\n"),
            "content/articles/salary.md": article("Talking about salary", tags="[money, offer]", body=salary),
            "content/articles/salary-again.md": article(
                "Talking about salary, again", topic="after", body="Back to [the first part](salary.md#before).\n"
            ),
            "static/img/offers.png": b"png",
        }
    )
    result = run_cli("check", "--strict", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "0 errors, 0 warnings\n")


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
    new = "content/articles/so-you-had-a-bad-interview.md"
    assert flagged.stdout.splitlines() == [
        f"{new}:1:1: warning: no other page links to this article; link to it where readers would want it",
        f"{new}:3:1: error: description: still the placeholder from `new`",
        f"{new}:10:1: error: skeleton text from `new` is still here; write your own",
    ]

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
