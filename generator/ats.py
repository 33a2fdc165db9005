"""Each applicant tracking system's public job board API: its address, and its roles read into one
neutral `Role` in the board's terms. What an API leaves out stays empty for the importer to judge;
a response not shaped like the API's is `Malformed`, and its source imports nothing."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .iso import CURRENCIES
from .job_sources import JobSource
from .jobs import Location, Salary
from .places import country_code, parse_places

ENDPOINTS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true&pay_transparency=true",
    "lever": "https://api.lever.co/v0/postings/{board}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true",
}
NO_SALARY = "no published salary"


class Malformed(Exception):
    """A response that is not shaped like the API's (the message says where)."""


@dataclass(frozen=True, slots=True)
class Role:
    """One role as an employer's board publishes it, in the board's terms."""

    id: str  # the role's id in the ATS
    title: str
    posting_url: str  # the employer's page for the role
    apply_url: str
    html: str  # the description, as HTML
    published: dt.date | None  # when it was first published
    employment_type: tuple[str, ...]  # () when the API does not say
    workplace: str | None  # on-site, hybrid or remote; None when the API does not say
    locations: tuple[Location, ...]
    countries: tuple[str, ...]  # countries named without a city (where a remote role may be done from)
    salary: Salary | None
    no_salary: str  # why `salary` is None: NO_SALARY, or what is odd about the pay the API gives
    departments: tuple[str, ...]
    place: str  # where the role is, as the board wrote it (for filters and messages)


def endpoint(source: JobSource) -> str:
    """The address of a source's roles: its `url`, else the ATS's public API for its board."""
    return source.url or ENDPOINTS[source.ats].format(board=quote(source.board, safe=""))


def read_roles(ats: str, data: Any) -> list[Role]:
    """The roles in an ATS's decoded JSON response; raises Malformed if it is not shaped like the API's."""
    return _READERS[ats](data)


# Greenhouse: https://developers.greenhouse.io/job-board.html


def _greenhouse(data: Any) -> list[Role]:
    roles = []
    for job in _records(data, "jobs", "title"):
        place = _text(_mapping(job.get("location")).get("name"))
        metadata = _dicts(job.get("metadata"))
        kinds = _employment(_metadata(metadata, r"employment|job type|time type|commitment"))
        workplace = _workplace(_metadata(metadata, r"workplace|location type|remote|work (arrangement|model|type)"))
        cities, countries, remote = parse_places(place)
        if not cities and not countries:
            offices = [_text(o.get("location")) or _text(o.get("name")) for o in _dicts(job.get("offices"))]
            cities, countries, _ = parse_places("; ".join(offices))
        if workplace is None:
            workplace = "hybrid" if re.search(r"\bhybrid\b", place, re.I) else "remote" if remote else None
        salary, no_salary = _greenhouse_salary(job.get("pay_input_ranges"))
        url = _text(job.get("absolute_url"))
        departments = tuple(_text(d.get("name")) for d in _dicts(job.get("departments")))
        roles.append(
            Role(
                id=_id(job),
                title=_text(job["title"]),
                posting_url=url,
                apply_url=url,
                html=html.unescape(_raw(job.get("content"))),  # Greenhouse sends its HTML escaped
                published=_date(job.get("first_published")),
                employment_type=kinds,
                workplace=workplace,
                locations=cities,
                countries=countries,
                salary=salary,
                no_salary=no_salary,
                departments=tuple(d for d in departments if d),
                place=place,
            )
        )
    return roles


def _greenhouse_salary(ranges: Any) -> tuple[Salary | None, str]:
    """Greenhouse's pay ranges (in cents, one per zone): the span of those in the first's currency
    and period. The API has no period: a range titled hourly (or monthly) is read so, else yearly."""
    if ranges is None or ranges == []:
        return None, NO_SALARY
    if not isinstance(ranges, list) or not all(isinstance(r, dict) for r in ranges):
        return None, "pay_input_ranges is not a list of ranges"
    spans = []
    for r in ranges:
        low, high, currency = r.get("min_cents"), r.get("max_cents"), r.get("currency_type")
        words = f"{r.get('title') or ''} {r.get('blurb') or ''}".lower()
        period = "HOUR" if "hour" in words else "MONTH" if "month" in words else "YEAR"
        spans.append((_cents(low), _cents(high), currency, period))
    return _span(spans)


def _cents(value: Any) -> float | None:
    amount = _number(value)
    return None if amount is None else amount / 100


# Lever: https://github.com/lever/postings-api


def _lever(data: Any) -> list[Role]:
    if not isinstance(data, list):
        raise Malformed(f"expected a list of postings, found {_kind(data)}")
    roles = []
    for posting in _records(data, None, "text"):
        categories = _mapping(posting.get("categories"))
        default_country = country_code(_text(posting.get("country"))) or ""
        places = [_text(categories.get("location"))]
        all_locations = categories.get("allLocations")
        places += [_text(p) for p in all_locations] if isinstance(all_locations, list) else []
        place = "; ".join(dict.fromkeys(p for p in places if p))
        cities, countries, _ = parse_places(place, default_country)
        if default_country and default_country not in {*countries, *(c.country for c in cities)}:
            countries += (default_country,)
        salary, no_salary = _lever_salary(posting.get("salaryRange"))
        lists = "".join(
            f"<h3>{html.escape(_text(item.get('text')))}</h3><ul>{_raw(item.get('content'))}</ul>"
            for item in _dicts(posting.get("lists"))
        )
        body = _raw(posting.get("description")) + lists + _raw(posting.get("additional"))
        departments = (_text(categories.get("team")), _text(categories.get("department")))
        roles.append(
            Role(
                id=_id(posting),
                title=_text(posting["text"]),
                posting_url=_text(posting.get("hostedUrl")),
                apply_url=_text(posting.get("applyUrl")) or _text(posting.get("hostedUrl")),
                html=body or _paragraphs(_raw(posting.get("descriptionPlain"))),
                published=_date(posting.get("createdAt")),
                employment_type=_employment([_text(categories.get("commitment"))]),
                workplace=_workplace([_text(posting.get("workplaceType"))]),
                locations=cities,
                countries=countries,
                salary=salary,
                no_salary=no_salary,
                departments=tuple(d for d in departments if d),
                place=place,
            )
        )
    return roles


def _lever_salary(value: Any) -> tuple[Salary | None, str]:
    """Lever's `salaryRange`: min, max, currency and an interval like `per-year-salary`."""
    if value is None or value == {}:
        return None, NO_SALARY
    if not isinstance(value, dict):
        return None, "salaryRange is not a range"
    interval = _text(value.get("interval")).lower()
    period = next((p for word, p in _INTERVALS.items() if word in interval), None)
    if period is None:
        return None, f"pay interval {interval or 'missing'!r} is not an hour, day, week, month or year"
    return _span([(_number(value.get("min")), _number(value.get("max")), value.get("currency"), period)])


_INTERVALS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR", "annual": "YEAR"}


# Ashby: https://developers.ashbyhq.com/docs/public-job-posting-api


def _ashby(data: Any) -> list[Role]:
    roles = []
    for job in _records(data, "jobs", "title"):
        if job.get("isListed") is False:
            continue
        cities: list[Location] = []
        countries: list[str] = []
        addresses = [_mapping(job.get("address"))] + [
            _mapping(s.get("address")) for s in _dicts(job.get("secondaryLocations"))
        ]
        texts = [_text(job.get("location"))] + [_text(s.get("location")) for s in _dicts(job.get("secondaryLocations"))]
        for address, text in zip(addresses, texts, strict=True):
            postal = _mapping(address.get("postalAddress"))
            city, region = _text(postal.get("addressLocality")), _text(postal.get("addressRegion"))
            country = country_code(_text(postal.get("addressCountry")))
            found, named, _ = parse_places(text, country or "")  # the text may name the city
            if country and city:
                cities.append(Location(city, region, country))
            elif found:
                cities += found
            else:
                countries += named or ([country] if country else [])
        workplace = _workplace([_text(job.get("workplaceType"))])
        if workplace is None and job.get("isRemote") is True:
            workplace = "remote"
        salary, no_salary = _ashby_salary(job.get("compensation"))
        departments = (_text(job.get("department")), _text(job.get("team")))
        roles.append(
            Role(
                id=_id(job),
                title=_text(job["title"]),
                posting_url=_text(job.get("jobUrl")),
                apply_url=_text(job.get("applyUrl")) or _text(job.get("jobUrl")),
                html=_raw(job.get("descriptionHtml")) or _paragraphs(_raw(job.get("descriptionPlain"))),
                published=_date(job.get("publishedAt")),
                employment_type=_employment([_text(job.get("employmentType"))]),
                workplace=workplace,
                locations=tuple(dict.fromkeys(cities)),
                countries=tuple(dict.fromkeys(countries)),
                salary=salary,
                no_salary=no_salary,
                departments=tuple(d for d in departments if d),
                place="; ".join(t for t in texts if t),
            )
        )
    return roles


def _ashby_salary(compensation: Any) -> tuple[Salary | None, str]:
    """Ashby's Salary components (the summary's, else every tier's) with an interval like `1 YEAR`."""
    if not isinstance(compensation, dict):
        return None, NO_SALARY
    components = _dicts(compensation.get("summaryComponents"))
    if not any(c.get("compensationType") == "Salary" for c in components):
        components = [
            c for tier in _dicts(compensation.get("compensationTiers")) for c in _dicts(tier.get("components"))
        ]
    salaries = [c for c in components if c.get("compensationType") == "Salary"]
    if not salaries:
        return None, NO_SALARY
    spans = []
    for component in salaries:
        interval = _text(component.get("interval")).upper()
        match = re.fullmatch(r"1 (HOUR|DAY|WEEK|MONTH|YEAR)", interval)
        if match is None:
            return None, f"pay interval {interval or 'missing'!r} is not an hour, day, week, month or year"
        low, high = _number(component.get("minValue")), _number(component.get("maxValue"))
        spans.append((low, high, component.get("currencyCode"), match.group(1)))
    return _span(spans)


_READERS: dict[str, Callable[[Any], list[Role]]] = {"greenhouse": _greenhouse, "lever": _lever, "ashby": _ashby}


# What the readers share


def _span(spans: list[tuple[float | None, float | None, Any, str]]) -> tuple[Salary | None, str]:
    """The pay from the lowest min to the highest max of the ranges in the first range's currency
    and period; None and why, when a range lacks an end or a known currency."""
    for low, high, currency, _ in spans:
        if low is None or high is None:
            return None, f"the pay range has no {'minimum' if low is None else 'maximum'}"
        if low <= 0 or high < low:
            return None, f"the pay range {low:g} to {high:g} is not a range"
        if currency not in CURRENCIES:
            return None, f"the currency {currency!r} is not an ISO 4217 code"
    first = spans[0]
    same = [s for s in spans if s[2] == first[2] and s[3] == first[3]]
    low = min(s[0] for s in same if s[0] is not None)
    high = max(s[1] for s in same if s[1] is not None)
    return Salary(_whole(low), _whole(high), str(first[2]), first[3]), ""


def _whole(amount: float) -> float:
    """An amount as written: 42000, not 42000.0; cents kept."""
    return int(amount) if amount == int(amount) else round(amount, 2)


def _records(data: Any, key: str | None, title: str) -> list[dict[str, Any]]:
    """The role objects of a response, each with an id and a title; Malformed otherwise."""
    if key is not None:
        if not isinstance(data, dict):
            raise Malformed(f"expected an object with a list `{key}`, found {_kind(data)}")
        if not isinstance(data.get(key), list):
            raise Malformed(f"`{key}` is {_kind(data.get(key))}, not a list")
        data = data[key]
    for n, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise Malformed(f"role {n} is {_kind(record)}, not an object")
        ident = record.get("id")
        if isinstance(ident, bool) or not isinstance(ident, str | int) or not str(ident).strip():
            raise Malformed(f"role {n} has no id")
        if not isinstance(record.get(title), str) or not record[title].strip():
            raise Malformed(f"role {ident} has no `{title}`")
    return list(data)


def _id(record: dict[str, Any]) -> str:
    return str(record["id"]).strip()


def _text(value: Any) -> str:
    """A short text field, its spaces made single ("" if it is not text)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _raw(value: Any) -> str:
    """A long text field (HTML) as it is ("" if it is not text)."""
    return value if isinstance(value, str) else ""


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", type(None): "null"}.get(type(value), type(value).__name__)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


def _date(value: Any) -> dt.date | None:
    """A date from an ISO 8601 date-time (in UTC) or from milliseconds since 1970 (Lever)."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
        if isinstance(value, str) and value.strip():
            moment = dt.datetime.fromisoformat(value.strip())
            return moment.astimezone(dt.UTC).date() if moment.tzinfo else moment.date()
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _metadata(metadata: list[dict[str, Any]], name: str) -> list[str]:
    """The values of Greenhouse's custom fields whose name matches `name`."""
    values: list[str] = []
    for field in metadata:
        if re.search(name, _text(field.get("name")), re.I):
            value = field.get("value")
            values += [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
    return [v for v in values if v]


_EMPLOYMENT = (
    (r"full", "FULL_TIME"),
    (r"part", "PART_TIME"),
    (r"intern", "INTERN"),
    (r"contract|freelance", "CONTRACTOR"),
    (r"temp|fixed.?term|seasonal", "TEMPORARY"),
    (r"volunteer", "VOLUNTEER"),
    (r"per.?diem", "PER_DIEM"),
)


def _employment(values: list[str]) -> tuple[str, ...]:
    """Employment types from words like `Full-time`, `FullTime`, `Contract`; () if none is known."""
    words = " ".join(values).lower()
    return tuple(kind for pattern, kind in _EMPLOYMENT if re.search(pattern, words))


def _workplace(values: list[str]) -> str | None:
    """The workplace from words like `Remote`, `Hybrid`, `OnSite`, `on-site`, `In office`."""
    words = " ".join(values).lower()
    if "hybrid" in words:
        return "hybrid"
    if "remote" in words:
        return "remote"
    if re.search(r"on-?site|in[- ]?office|office|in[- ]person", words):
        return "on-site"
    return None
