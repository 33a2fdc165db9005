"""Job listings and employers: their front matter, key by key, checked as strictly as articles.

A listing is `content/jobs/<slug>.md`, an employer `content/employers/<slug>.md`; each becomes a Page
whose `details` hold what only a listing or an employer has. What needs other files or the build date
(the employer exists, duplicates, closing) is checked when the site is indexed (see `board.py`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .config import SLUG_RE
from .errors import did_you_mean
from .front_matter import ARTICLE_KEYS, EMPLOYERS, JOBS, Check, Context, Invalid, day, found, parse_date
from .iso import COUNTRIES, CURRENCIES
from .job_sources import ATS

EMPLOYMENT_TYPES = ("FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER")
WORKPLACES = ("on-site", "hybrid", "remote")
PERIODS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
MIN_DESCRIPTION = 300  # characters of text in a listing's body
# Query parameters that only track where a click came from; an apply link loses them
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|trk|trkinfo|refid|ref_src|_hs\w+|igshid)$", re.I
)
_SHORTENERS = frozenset(
    [
        "bit.ly",
        "t.co",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "buff.ly",
        "lnkd.in",
        "rebrand.ly",
        "is.gd",
        "cutt.ly",
        "shorturl.at",
        "tiny.cc",
        "rb.gy",
        "bl.ink",
        "t.ly",
        "s.id",
    ]
)
_PAY_IN_TITLE = re.compile(
    r"[$€£¥₹]\s?\d[\d,.]*\s?[kK]?|\b\d+(?:[.,]\d+)?\s?[kK]\b|\b\d{2,3}[,.]\d{3}\b|\b(salary|per hour|/hr|/h)\b", re.I
)


@dataclass(frozen=True, slots=True)
class Location:
    """Where an on-site or hybrid role is: a city, its region if useful, an ISO 3166-1 country."""

    city: str
    region: str
    country: str


@dataclass(frozen=True, slots=True)
class Salary:
    """The pay range the employer states: from `min` to `max` `currency` a `period`."""

    min: float
    max: float
    currency: str  # ISO 4217
    period: str  # HOUR, DAY, WEEK, MONTH or YEAR


@dataclass(frozen=True, slots=True)
class Source:
    """Where an imported listing came from: a role on an employer's public job board (`jobs import`)."""

    ats: str  # a key of config.ATS
    id: str  # the role's id in the ATS
    url: str  # the employer's own page for the role
    first_seen: dt.date
    last_seen: dt.date
    digest: str  # of the listing as the importer last wrote it, to tell an editor's edit ("" if none)

    @property
    def board_name(self) -> str:
        """The ATS as readers know it: `Greenhouse`."""
        return ATS[self.ats]


@dataclass(frozen=True, slots=True)
class Job:
    """What only a job listing has."""

    employer: str  # an employer's slug
    valid_through: dt.date  # the last day it is open
    employment_type: tuple[str, ...]
    workplace: str
    locations: tuple[Location, ...]
    applicant_countries: tuple[str, ...]  # where a remote role may be done from
    salary: Salary
    apply_url: str
    identifier: str  # the employer's requisition id, "" if none
    visa_sponsorship: bool | None
    source: Source | None = None  # for a listing `jobs import` wrote


@dataclass(frozen=True, slots=True)
class Employer:
    """What only an employer has."""

    name: str
    website: str
    logo: str  # a file under static/ ("static/img/acme.svg"), "" if none


def _text(limit: int, what: str) -> Check:
    def check(value: Any, _: Context) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"{found(value)}; expected {what}")
        if len(value.strip()) > limit:
            raise Invalid(f"is {len(value.strip())} characters; keep it to {limit} or fewer")
        return value.strip()

    return check


def _job_title(value: Any, context: Context) -> str:
    title = str(_text(90, "the role's title, like Customer Support Lead")(value, context))
    if pay := _PAY_IN_TITLE.search(title):
        raise Invalid(f'has pay in it ("{pay.group(0)}"); give the range in `salary:` and leave it out of the title')
    places = [w for w in WORKPLACES if re.search(rf"\b{w}\b", title, re.I)]
    places += [p for loc in context.values.get("locations", ()) for p in (loc.city, COUNTRIES[loc.country])]
    if place := next((p for p in places if p and re.search(rf"\b{re.escape(p)}\b", title, re.I)), None):
        raise Invalid(f'names a place ("{place}"); where the role is goes in `workplace:` and `locations:`')
    if emoji := next((c for c in title if unicodedata.category(c) == "So" or ord(c) >= 0x1F000), None):
        raise Invalid(f'has a symbol or emoji in it ("{emoji}"); keep the title to words')
    shouted = [w for w in re.findall(r"[^\W\d_]{4,}", title) if w.isupper()]
    if len(shouted) >= 2 or (shouted and title.isupper()):
        raise Invalid(f'is in capitals ("{" ".join(shouted)}"); write it in sentence or title case')
    return title


def _employer_slug(value: Any, _: Context) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise Invalid(f"{found(value)}; expected the slug of a file in content/employers/, like `acme`")
    return value


def _date_posted(value: Any, context: Context) -> dt.date:
    if value is None:
        raise Invalid("missing; expected the day the role was posted, like 2026-11-20")
    posted = parse_date(value)
    if posted is None:
        raise Invalid(f"{found(value)} is not a date (expected YYYY-MM-DD)")
    return day(posted)


def _valid_through(value: Any, context: Context) -> dt.date:
    if value is None:
        raise Invalid(
            f"missing; expected the last day the role is open (at most {context.config.max_listing_days} days)"
        )
    closing = parse_date(value)
    if closing is None:
        raise Invalid(f"{found(value)} is not a date (expected YYYY-MM-DD, the last day the role is open)")
    closing, posted = day(closing), context.values.get("date_posted")
    if posted is not None:
        longest = context.config.max_listing_days
        if closing <= posted:
            raise Invalid(f"{closing} is not after date_posted ({posted})")
        if (closing - posted).days > longest:
            last = posted + dt.timedelta(days=longest)
            raise Invalid(f"{closing} is {(closing - posted).days} days after date_posted; at most {longest} ({last})")
    return closing


def _employment_type(value: Any, _: Context) -> tuple[str, ...]:
    kinds = [value] if isinstance(value, str) else value
    if not isinstance(kinds, list) or not kinds:
        raise Invalid(f"{found(value)}; expected one or more of {', '.join(EMPLOYMENT_TYPES)}")
    for kind in kinds:
        if kind not in EMPLOYMENT_TYPES:
            hint = did_you_mean(str(kind).upper().replace("-", "_").replace(" ", "_"), EMPLOYMENT_TYPES)
            raise Invalid(f"{found(kind)} is not one of {', '.join(EMPLOYMENT_TYPES)}{hint}")
    if len(set(kinds)) != len(kinds):
        raise Invalid("a type is listed twice")
    return tuple(kinds)


def _workplace(value: Any, _: Context) -> str:
    if value not in WORKPLACES:
        raise Invalid(f"{found(value)}; expected one of {', '.join(WORKPLACES)}{did_you_mean(str(value), WORKPLACES)}")
    return str(value)


def _country(value: Any, where: str) -> str:
    if not isinstance(value, str) or value.upper() not in COUNTRIES:
        hint = did_you_mean(str(value).upper(), list(COUNTRIES))
        raise Invalid(f"{where}{found(value)} is not an ISO 3166-1 country code, like US or DE{hint}")
    if value != value.upper():
        raise Invalid(f"{where}write the country code in capitals: {value.upper()}")
    return value


def _locations(value: Any, context: Context) -> tuple[Location, ...]:
    remote = context.values.get("workplace") == "remote"
    if "locations" not in context.meta and remote:
        return ()
    if not isinstance(value, list) or not value:
        expected = "a list of places, like [{city: Berlin, country: DE}]"
        raise Invalid(f"{found(value)}; expected {expected} (only a remote role may leave it out)")
    places = []
    for n, place in enumerate(value, start=1):
        where = f"place {n}: "
        if not isinstance(place, dict):
            raise Invalid(f"{where}{found(place)}; expected {{city: ..., region: ..., country: ...}}")
        for key in place:
            if key not in ("city", "region", "country"):
                raise Invalid(f"{where}unknown key `{key}`{did_you_mean(str(key), ['city', 'region', 'country'])}")
        city, region = place.get("city"), place.get("region", "")
        if not isinstance(city, str) or not city.strip():
            raise Invalid(f"{where}city: {found(city)}; expected the city's name")
        if not isinstance(region, str):
            raise Invalid(f"{where}region: {found(region)}; expected a state or region's name")
        places.append(Location(city.strip(), region.strip(), _country(place.get("country"), where)))
    return tuple(places)


def _applicant_countries(value: Any, context: Context) -> tuple[str, ...]:
    remote = context.values.get("workplace") == "remote"
    if "applicant_countries" not in context.meta:
        if remote:
            raise Invalid("missing; a remote role says where it may be done from, like [US, CA]")
        return ()
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not codes:
        raise Invalid(f"{found(value)}; expected a list of country codes, like [US, CA]")
    return tuple(_country(code, "") for code in codes)


def _salary(value: Any, context: Context) -> Salary:
    if not isinstance(value, dict):
        raise Invalid(
            f"{found(value)}; expected {{min: 70000, max: 85000, currency: USD, period: YEAR}} (pay is required)"
        )
    for key in value:
        if key not in ("min", "max", "currency", "period"):
            raise Invalid(f"unknown key `{key}`{did_you_mean(str(key), ['min', 'max', 'currency', 'period'])}")
    low, high = value.get("min"), value.get("max")
    for name, amount in (("min", low), ("max", high)):
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise Invalid(f"{name}: {found(amount)}; a range needs both ends, as numbers (no open-ended pay)")
        if amount <= 0:
            raise Invalid(f"{name}: {amount} must be more than 0")
    assert isinstance(low, int | float) and isinstance(high, int | float)
    if low > high:
        raise Invalid(f"min ({low:g}) is more than max ({high:g})")
    currency, period = value.get("currency"), value.get("period")
    if currency not in CURRENCIES:
        same_letters = [code for code in sorted(CURRENCIES) if sorted(code) == sorted(str(currency).upper())]
        hint = (
            f" (did you mean `{same_letters[0]}`?)" if same_letters else did_you_mean(str(currency), sorted(CURRENCIES))
        )
        raise Invalid(f"currency: {found(currency)} is not an ISO 4217 code, like USD or EUR{hint}")
    if period not in PERIODS:
        raise Invalid(
            f"period: {found(period)}; expected one of {', '.join(PERIODS)}{did_you_mean(str(period).upper(), PERIODS)}"
        )
    if high > 2 * low:
        context.warn(
            "salary", f"max ({high:g}) is more than twice min ({low:g}); is the range what you would really pay?"
        )
    return Salary(float(low), float(high), str(currency), str(period))


def _apply_url(value: Any, _: Context) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"{found(value)}; expected the https address where people apply")
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise Invalid(f'"{url}" must be an absolute https address, like https://jobs.example.com/123')
    if parts.hostname.lower().removeprefix("www.") in _SHORTENERS:
        raise Invalid(f'"{url}" is a shortened link; give the employer\'s own address, so readers see where it goes')
    if any(_TRACKING.match(key) for key, _ in parse_qsl(parts.query, keep_blank_values=True)):
        raise Invalid(f'"{url}" has tracking parameters; use {untracked(url)}')
    return url


def untracked(url: str) -> str:
    """The URL without query parameters that only track a click (`utm_*`, `fbclid`, `gclid`, ...)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _identifier(value: Any, context: Context) -> str:
    if "identifier" not in context.meta:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise Invalid(f"{found(value)}; expected the employer's id for the role, like R-1234")
    return str(value).strip()


def _visa_sponsorship(value: Any, context: Context) -> bool | None:
    if "visa_sponsorship" not in context.meta:
        return None
    if not isinstance(value, bool):
        raise Invalid(f"{found(value)}; expected true or false")
    return value


_SOURCE_KEYS = ("ats", "id", "url", "first_seen", "last_seen", "digest")


def _source(value: Any, context: Context) -> Source | None:
    if "source" not in context.meta:
        return None
    if not isinstance(value, dict):
        raise Invalid(f"{found(value)}; expected the block `jobs import` writes ({', '.join(_SOURCE_KEYS)})")
    for key in value:
        if key not in _SOURCE_KEYS:
            raise Invalid(f"unknown key `{key}`{did_you_mean(str(key), _SOURCE_KEYS)}")
    ats, ident, url, digest = value.get("ats"), value.get("id"), value.get("url"), value.get("digest", "")
    if ats not in ATS:
        raise Invalid(f"ats: {found(ats)}; expected one of {', '.join(ATS)}{did_you_mean(str(ats), list(ATS))}")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or not str(ident).strip():
        raise Invalid(f"id: {found(ident)}; expected the role's id in {ATS[str(ats)]}")
    if not isinstance(url, str) or urlsplit(url).scheme != "https" or not urlsplit(url).hostname:
        raise Invalid(f"url: {found(url)}; expected the https address of the employer's posting")
    seen = {key: parse_date(value.get(key)) for key in ("first_seen", "last_seen")}
    for key, date in seen.items():
        if date is None:
            raise Invalid(f"{key}: {found(value.get(key))} is not a date (expected YYYY-MM-DD)")
    first, last = day(seen["first_seen"] or dt.date.min), day(seen["last_seen"] or dt.date.min)
    if last < first:
        raise Invalid(f"last_seen ({last}) is before first_seen ({first})")
    if not isinstance(digest, str):
        raise Invalid(f"digest: {found(digest)}; expected the digest `jobs import` wrote")
    return Source(str(ats), str(ident).strip(), url, first, last, digest)


def _website(value: Any, _: Context) -> str:
    if not isinstance(value, str) or urlsplit(value.strip()).scheme != "https" or not urlsplit(value.strip()).hostname:
        raise Invalid(f"{found(value)}; expected the employer's https address, like https://example.com/")
    return value.strip()


def _logo(value: Any, context: Context) -> str:
    if "logo" not in context.meta:
        return ""
    if not isinstance(value, str) or not value.strip() or "://" in value or value.startswith("//"):
        raise Invalid(f"{found(value)}; expected a file in static/, like img/acme.svg (never another site's address)")
    return "static/" + value.strip().lstrip("/").removeprefix("static/")


# Listing keys, in the order they are checked: the title last, as it is checked against the places
JOB_KEYS: dict[str, Check] = {
    "employer": _employer_slug,
    "date_posted": _date_posted,
    "valid_through": _valid_through,
    "employment_type": _employment_type,
    "workplace": _workplace,
    "locations": _locations,
    "applicant_countries": _applicant_countries,
    "salary": _salary,
    "apply_url": _apply_url,
    "identifier": _identifier,
    "tags": ARTICLE_KEYS["tags"],
    "visa_sponsorship": _visa_sponsorship,
    "source": _source,
    "slug": ARTICLE_KEYS["slug"],
    "draft": ARTICLE_KEYS["draft"],
    "layout": ARTICLE_KEYS["layout"],
    "title": _job_title,
}
EMPLOYER_KEYS: dict[str, Check] = {
    "name": _text(90, "the employer's name"),
    "website": _website,
    "logo": _logo,
    "slug": ARTICLE_KEYS["slug"],
    "draft": ARTICLE_KEYS["draft"],
    "layout": ARTICLE_KEYS["layout"],
}


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$"}
_PER = {"HOUR": "an hour", "DAY": "a day", "WEEK": "a week", "MONTH": "a month", "YEAR": "a year"}


def employer_url(slug: str) -> str:
    """An employer's page: beside the board, not among the articles."""
    return f"{JOBS}/{EMPLOYERS}/{slug}/"


def pay(salary: Salary) -> str:
    """The range as people say it: `$70,000–$85,000 a year`, `45–60 CHF an hour`."""
    cents = 0 if salary.min == int(salary.min) and salary.max == int(salary.max) else 2
    low, high = (f"{amount:,.{cents}f}" for amount in (salary.min, salary.max))
    symbol = _SYMBOLS.get(salary.currency)
    span = f"{symbol}{low}–{symbol}{high}" if symbol else f"{low}–{high} {salary.currency}"
    if salary.min == salary.max:
        span = f"{symbol}{low}" if symbol else f"{low} {salary.currency}"
    return f"{span} {_PER[salary.period]}"


def where(job: Job) -> str:
    """Where the role is done: `Berlin, Germany (hybrid)`, `Remote (US, CA)`."""
    if job.workplace == "remote":
        return f"Remote ({', '.join(job.applicant_countries)})"
    places = "; ".join(
        ", ".join(p for p in (loc.city, loc.region, COUNTRIES[loc.country]) if p) for loc in job.locations
    )
    return f"{places} (hybrid)" if job.workplace == "hybrid" else places


def summary(title: str, job: Job) -> str:
    """A listing's one-line description, for search engines and cards."""
    closes = job.valid_through
    return f"{title}: {where(job)}, {pay(job.salary)}. Open until {closes:%B} {closes.day}, {closes.year}."


def employment(kind: str) -> str:
    """An employment type as readers say it: FULL_TIME -> `Full time`."""
    return kind.replace("_", " ").capitalize()


PER_YEAR = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}  # static/js/jobs/filter.js: the same


def yearly(salary: Salary) -> tuple[int, int]:
    """The range in a year, to compare pay quoted by the hour with pay by the year."""
    per = PER_YEAR[salary.period]
    return round(salary.min * per), round(salary.max * per)


def countries_of(job: Job) -> tuple[str, ...]:
    """The countries a role is done in, or may be done from."""
    return tuple(dict.fromkeys([*(loc.country for loc in job.locations), *job.applicant_countries]))
