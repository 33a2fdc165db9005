"""The job board's index: which listings are open on the build date, each employer and its roles, and
the rules that need more than one file (a known employer, no duplicates, nothing posted in the future)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from operator import attrgetter
from urllib.parse import urlsplit, urlunsplit

from .content import Card, Page
from .errors import Problem, did_you_mean, error, warning
from .fingerprint import combine
from .front_matter import EMPLOYERS, JOBS
from .iso import COUNTRIES
from .jobs import EMPLOYMENT_TYPES, Employer, Job, countries_of, untracked, where


@dataclass(frozen=True, slots=True)
class Board:
    """Job listings and employers, as of one day."""

    today: dt.date
    open: tuple[Page, ...]  # listings open today, newest first
    closed: frozenset[str]  # sources of listings past their last day
    employers: dict[str, Page]  # by slug
    cards: dict[str, Card]  # every listing and employer as other pages show them
    roles: dict[str, tuple[Card, ...]]  # employer slug -> its open listings' cards, newest first

    def employer_of(self, page: Page) -> Card | None:
        """The card of a listing's employer."""
        job = page.details
        found = self.employers.get(job.employer) if isinstance(job, Job) else None
        return self.cards[found.source] if found is not None else None

    def closes_ns(self) -> int | None:
        """When the first open listing closes (the board changes then, with no file changed)."""
        ends = [_job(page).valid_through for page in self.open]
        return int(_closing_moment(min(ends)).timestamp() * 1e9) if ends else None


@dataclass(frozen=True, slots=True)
class Choices:
    """What the board's filters offer: the values its open roles have, in a stable order."""

    countries: tuple[tuple[str, str], ...]  # (code, name), by name
    types: tuple[str, ...]  # employment types, in schema.org's order
    currencies: tuple[str, ...]
    tags: tuple[str, ...]


def choices_of(roles: Collection[Card]) -> Choices:
    """The filter choices of these roles' cards."""
    jobs = [role.details for role in roles if isinstance(role.details, Job)]
    countries = sorted({code for job in jobs for code in countries_of(job)}, key=COUNTRIES.__getitem__)
    return Choices(
        countries=tuple((code, COUNTRIES[code]) for code in countries),
        types=tuple(t for t in EMPLOYMENT_TYPES if any(t in job.employment_type for job in jobs)),
        currencies=tuple(sorted({job.salary.currency for job in jobs})),
        tags=tuple(sorted({tag for role in roles for tag in role.tags})),
    )


def index_board(pages: Collection[Page], today: dt.date, static: Collection[str]) -> tuple[Board, list[Problem]]:
    """The board of `pages` (the listings and employers among them) on `today`, with the problems that
    need more than one file; `static` holds the static files' source paths, for logos."""
    employers = {p.slug: p for p in pages if p.section == EMPLOYERS}
    listings = sorted((p for p in pages if p.section == JOBS), key=attrgetter("source"))
    problems = _employer_problems(listings, employers, static) + _date_problems(listings, today)
    # a role posted again after its listing closed is no duplicate: the closed one is off the board
    problems += _duplicates([p for p in listings if _job(p).valid_through >= today])
    cards = {p.source: p.card for p in employers.values()}
    for page in listings:
        employer = employers.get(_job(page).employer)
        if employer is not None:  # its card shows the employer's name: a change there changes it
            digest = combine(page.meta_digest, employer.meta_digest)
            cards[page.source] = page.card._replace(meta_digest=digest, employer=employer.title)
    # newest first, ties by source path (stable sort of the sorted list, reversed)
    known = [p for p in listings if p.source in cards]
    closed = frozenset(p.source for p in known if _job(p).valid_through < today)
    open_roles = tuple(sorted((p for p in known if p.source not in closed), key=attrgetter("date"), reverse=True))
    roles: dict[str, list[Card]] = defaultdict(list)
    for page in open_roles:
        roles[_job(page).employer].append(cards[page.source])
    board = Board(today, open_roles, closed, employers, cards, {slug: tuple(r) for slug, r in roles.items()})
    return board, problems


def days_closed(page: Page, today: dt.date) -> int | None:
    """How many days ago a listing closed (None if it is open, or not a listing)."""
    if not isinstance(page.details, Job) or page.details.valid_through >= today:
        return None
    return (today - page.details.valid_through).days - 1


def _job(page: Page) -> Job:
    assert isinstance(page.details, Job), "only listings have a Job"
    return page.details


def _closing_moment(last_day: dt.date) -> dt.datetime:
    """A listing is open through its last day, everywhere: it closes when that day has ended in UTC."""
    return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), dt.UTC)


def _employer_problems(listings: list[Page], employers: dict[str, Page], static: Collection[str]) -> list[Problem]:
    problems = []
    for page in listings:
        slug = _job(page).employer
        if slug not in employers:
            hint = did_you_mean(slug, sorted(employers))
            message = f"employer: no employer `{slug}` in content/{EMPLOYERS}/{hint}; add content/{EMPLOYERS}/{slug}.md"
            problems.append(error(page.source, page.line_of("employer"), message))
    for page in employers.values():
        assert isinstance(page.details, Employer)
        logo = page.details.logo
        if logo and logo not in static:
            message = f"logo: no file {logo}{did_you_mean(logo, sorted(static))}"
            problems.append(error(page.source, page.line_of("logo"), message))
    return problems


def _date_problems(listings: list[Page], today: dt.date) -> list[Problem]:
    return [
        error(page.source, page.line_of("date_posted"), f"date_posted: {page.date} is after the build date ({today})")
        for page in listings
        if page.date > today
    ]


def _duplicates(listings: list[Page]) -> list[Problem]:
    """The same role listed twice: by its apply address or the employer's id (errors), or by employer,
    title and place (a warning: two openings can share all three)."""
    problems = []
    seen: dict[tuple[str, ...], Page] = {}
    for page in listings:
        job = _job(page)
        keys: list[tuple[str, ...]] = [("apply_url", "the same apply_url", _same_address(job.apply_url))]
        if job.identifier:
            keys.append(("identifier", f"the same identifier for {job.employer}", job.employer, job.identifier))
        keys.append(("title", "the same employer, title and place", job.employer, page.title.casefold(), where(job)))
        for key, what, *value in keys:
            first = seen.setdefault((key, *value), page)
            if first is not page:
                report = warning if key == "title" else error
                message = f"{key}: {what} as {first.source}; is it the same role?"
                problems.append(report(page.source, page.line_of(key), message))
    return problems


def _same_address(url: str) -> str:
    """An apply address as two listings of one role would share it: no tracking, case or trailing slash."""
    parts = urlsplit(untracked(url))
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme, (parts.hostname or "").removeprefix("www."), path, parts.query, ""))
