"""Job listings and employers are checked as strictly as articles: every rule has its exact message."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.config import load_config
from generator.content import load_page
from generator.jobs import Employer, Job, Location, Salary, pay, untracked, where

from .conftest import MakeSite

LAYOUTS = {"article", "page", "home", "job", "employer"}
SRC = "content/jobs/support-lead.md"
BODY = (
    "You would lead a team of six who answer customers by email and chat. You would hire, coach and "
    "schedule the team, and you would own the help centre's articles. We are looking for someone who has "
    "run a support queue before and who writes clearly. We answer every applicant within two weeks, and "
    "the process is two conversations and a short written exercise, paid at our hourly rate.\n"
)
FIELDS = {
    "title": "Customer support lead",
    "employer": "acme",
    "date_posted": "2026-11-20",
    "valid_through": "2026-12-20",
    "employment_type": "FULL_TIME",
    "workplace": "hybrid",
    "locations": "[{city: Leeds, country: GB}]",
    "salary": "{min: 42000, max: 50000, currency: GBP, period: YEAR}",
    "apply_url": "https://jobs.example.com/acme/123",
}


def listing(body: str = BODY, **changes: str | None) -> str:
    """A valid listing; keyword arguments replace front matter lines (None removes one)."""
    fields = {**FIELDS, **changes}
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items() if value is not None)
    return f"---\n{lines}---\n\n{body}"


@pytest.fixture
def parse(make_site: MakeSite):  # type: ignore[no-untyped-def]
    config = load_config(make_site())

    def run(text: str, source: str = SRC) -> tuple[object, list[str]]:
        page, _, problems = load_page(source, text.encode(), config, LAYOUTS)
        return page, [p.text() for p in problems]

    return run


def test_a_valid_listing_becomes_a_page_with_its_details(parse) -> None:  # type: ignore[no-untyped-def]
    page, problems = parse(listing(identifier="R-77", visa_sponsorship="false", tags="[support]"))
    assert problems == []
    assert page.url == "jobs/support-lead/"
    assert page.layout == "job"
    assert page.date == dt.date(2026, 11, 20)
    assert page.details == Job(
        employer="acme",
        valid_through=dt.date(2026, 12, 20),
        employment_type=("FULL_TIME",),
        workplace="hybrid",
        locations=(Location("Leeds", "", "GB"),),
        applicant_countries=(),
        salary=Salary(42000.0, 50000.0, "GBP", "YEAR"),
        apply_url="https://jobs.example.com/acme/123",
        identifier="R-77",
        visa_sponsorship=False,
    )
    assert (
        page.description
        == "Customer support lead: Leeds, United Kingdom (hybrid), £42,000–£50,000 a year. Open until December 20, 2026."
    )


E = SRC + ":{line}:1: error: "
W = SRC + ":{line}:1: warning: "


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"title": '"Support lead $50k"'},
            [
                E.format(line=2)
                + 'title: has pay in it ("$50k"); give the range in `salary:` and leave it out of the title'
            ],
        ),
        (
            {"title": "Support lead 45,000"},
            [
                E.format(line=2)
                + 'title: has pay in it ("45,000"); give the range in `salary:` and leave it out of the title'
            ],
        ),
        (
            {"title": "Support lead (Leeds)"},
            [
                E.format(line=2)
                + 'title: names a place ("Leeds"); where the role is goes in `workplace:` and `locations:`'
            ],
        ),
        (
            {"title": "Remote support lead"},
            [
                E.format(line=2)
                + 'title: names a place ("remote"); where the role is goes in `workplace:` and `locations:`'
            ],
        ),
        (
            {"title": "Support lead 🚀"},
            [E.format(line=2) + 'title: has a symbol or emoji in it ("🚀"); keep the title to words'],
        ),
        (
            {"title": "URGENT HIRING support lead"},
            [E.format(line=2) + 'title: is in capitals ("URGENT HIRING"); write it in sentence or title case'],
        ),
        (
            {"employer": "Acme Inc"},
            [E.format(line=3) + 'employer: "Acme Inc"; expected the slug of a file in content/employers/, like `acme`'],
        ),
        (
            {"date_posted": None},
            [E.format(line=2) + "date_posted: missing; expected the day the role was posted, like 2026-11-20"],
        ),
        (
            {"valid_through": "2026-11-20"},
            [E.format(line=5) + "valid_through: 2026-11-20 is not after date_posted (2026-11-20)"],
        ),
        (
            {"valid_through": "2027-01-20"},
            [E.format(line=5) + "valid_through: 2027-01-20 is 61 days after date_posted; at most 60 (2027-01-19)"],
        ),
        (
            {"employment_type": "full-time"},
            [
                E.format(line=6)
                + 'employment_type: "full-time" is not one of FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN, VOLUNTEER, PER_DIEM, OTHER (did you mean `FULL_TIME`?)'
            ],
        ),
        (
            {"workplace": "remote", "locations": None},
            [
                E.format(line=2)
                + "applicant_countries: missing; a remote role says where it may be done from, like [US, CA]"
            ],
        ),
        (
            {"workplace": "onsite"},
            [
                E.format(line=7)
                + 'workplace: "onsite"; expected one of on-site, hybrid, remote (did you mean `on-site`?)'
            ],
        ),
        (
            {"locations": None},
            [
                E.format(line=2)
                + "locations: missing; expected a list of places, like [{city: Berlin, country: DE}] (only a remote role may leave it out)"
            ],
        ),
        (
            {"locations": "[{city: Leeds, country: UK}]"},
            [E.format(line=8) + 'locations: place 1: "UK" is not an ISO 3166-1 country code, like US or DE'],
        ),
        (
            {"locations": "[{city: Leeds, contry: GB}]"},
            [E.format(line=8) + "locations: place 1: unknown key `contry` (did you mean `country`?)"],
        ),
        (
            {"salary": None},
            [
                E.format(line=2)
                + "salary: missing; expected {min: 70000, max: 85000, currency: USD, period: YEAR} (pay is required)"
            ],
        ),
        (
            {"salary": "{min: 42000, currency: GBP, period: YEAR}"},
            [E.format(line=9) + "salary: max: missing; a range needs both ends, as numbers (no open-ended pay)"],
        ),
        (
            {"salary": "{min: 0, max: 5, currency: GBP, period: YEAR}"},
            [E.format(line=9) + "salary: min: 0 must be more than 0"],
        ),
        (
            {"salary": "{min: 50000, max: 42000, currency: GBP, period: YEAR}"},
            [E.format(line=9) + "salary: min (50000) is more than max (42000)"],
        ),
        (
            {"salary": "{min: 42000, max: 50000, currency: GPB, period: YEAR}"},
            [
                E.format(line=9)
                + 'salary: currency: "GPB" is not an ISO 4217 code, like USD or EUR (did you mean `GBP`?)'
            ],
        ),
        (
            {"salary": "{min: 42000, max: 50000, currency: GBP, period: ANNUAL}"},
            [E.format(line=9) + 'salary: period: "ANNUAL"; expected one of HOUR, DAY, WEEK, MONTH, YEAR'],
        ),
        (
            {"salary": "{min: 20000, max: 50000, currency: GBP, period: YEAR}"},
            [
                W.format(line=9)
                + "salary: max (50000) is more than twice min (20000); is the range what you would really pay?"
            ],
        ),
        (
            {"apply_url": "http://jobs.example.com/1"},
            [
                E.format(line=10)
                + 'apply_url: "http://jobs.example.com/1" must be an absolute https address, like https://jobs.example.com/123'
            ],
        ),
        (
            {"apply_url": "https://bit.ly/3xYz"},
            [
                E.format(line=10)
                + 'apply_url: "https://bit.ly/3xYz" is a shortened link; give the employer\'s own address, so readers see where it goes'
            ],
        ),
        (
            {"apply_url": "https://jobs.example.com/1?ref=board&utm_source=x&gclid=9"},
            [
                E.format(line=10)
                + 'apply_url: "https://jobs.example.com/1?ref=board&utm_source=x&gclid=9" has tracking parameters; use https://jobs.example.com/1?ref=board'
            ],
        ),
        ({"salry": "x"}, [E.format(line=11) + "unknown key `salry` (did you mean `salary`?)"]),
    ],
)
def test_each_rule_has_its_message(parse, changes: dict[str, str | None], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    page, problems = parse(listing(**changes))
    assert problems == expected
    assert (page is None) == any(": error: " in p for p in expected)


def test_a_short_description_is_an_error_at_its_first_line(parse) -> None:  # type: ignore[no-untyped-def]
    _, problems = parse(listing(body="We are hiring. Apply now!\n"))
    message = "the description is 25 characters of text; write at least 300: the work, who it suits, how to apply"
    assert problems == [f"{SRC}:12:1: error: {message}"]  # the body's first line


def test_an_employer_becomes_a_page_beside_the_board(parse) -> None:  # type: ignore[no-untyped-def]
    text = "---\nname: Acme Tools\nwebsite: https://acme.example/\nlogo: img/acme.svg\n---\n\nWe make tools.\n"
    page, problems = parse(text, "content/employers/acme.md")
    assert problems == []
    assert (page.url, page.layout, page.title) == ("jobs/employers/acme/", "employer", "Acme Tools")
    assert page.details == Employer("Acme Tools", "https://acme.example/", "static/img/acme.svg")
    bad = "---\nname: Acme\nwebsite: http://acme.example/\nlogo: https://cdn.example/acme.png\n---\n\nText.\n"
    _, problems = parse(bad, "content/employers/acme.md")
    assert problems == [
        'content/employers/acme.md:3:1: error: website: "http://acme.example/"; expected the employer\'s https address, like https://example.com/',
        'content/employers/acme.md:4:1: error: logo: "https://cdn.example/acme.png"; expected a file in static/, like img/acme.svg (never another site\'s address)',
    ]


def test_pay_and_place_read_as_people_say_them() -> None:
    assert pay(Salary(70000, 85000, "USD", "YEAR")) == "$70,000–$85,000 a year"
    assert pay(Salary(45, 60.5, "CHF", "HOUR")) == "45.00–60.50 CHF an hour"
    assert pay(Salary(3000, 3000, "EUR", "MONTH")) == "€3,000 a month"
    remote = Job(
        "a", dt.date(2027, 1, 1), ("FULL_TIME",), "remote", (), ("US", "CA"), Salary(1, 2, "USD", "YEAR"), "", "", None
    )
    assert where(remote) == "Remote (US, CA)"
    on_site = remote.__class__(
        **{
            **{f: getattr(remote, f) for f in remote.__dataclass_fields__},
            "workplace": "on-site",
            "locations": (Location("Austin", "Texas", "US"),),
        }
    )
    assert where(on_site) == "Austin, Texas, United States"
    assert untracked("https://x.example/a?utm_medium=y&id=3&fbclid=z") == "https://x.example/a?id=3"
