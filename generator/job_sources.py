"""`[[job_sources]]` in site.toml: the employers' public job boards `jobs import` reads, each checked with
its line and a suggestion."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import Problem, did_you_mean, error

# The applicant tracking systems whose public job board APIs `jobs import` reads, with their names
ATS = {"greenhouse": "Greenhouse", "lever": "Lever", "ashby": "Ashby"}
_BOARD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class JobSource:
    """An employer's public job board that `jobs import` reads roles from (`[[job_sources]]`)."""

    employer: str  # the slug of a file in content/employers/
    ats: str  # a key of ATS
    board: str  # the board's name or company token in the ATS
    url: str  # the API address to read instead of the ATS's own ("" for the ATS's own)
    departments: tuple[str, ...]  # filters: a role must match one value of each filter given
    locations: tuple[str, ...]
    keywords: tuple[str, ...]
    workplace: tuple[str, ...]
    listing_days: int  # how long an imported role stays open after it was last seen
    line: int  # its [[job_sources]] line in site.toml

    @property
    def name(self) -> str:
        """How reports name the source: `acme (greenhouse board acme-inc)`."""
        return f"{self.employer} ({self.ats} board {self.board})"


SCHEMA: dict[str, tuple[type, bool, Any]] = {  # key -> (type, required, default)
    "employer": (str, True, None),
    "ats": (str, True, None),
    "board": (str, True, None),
    "url": (str, False, ""),
    "departments": (list, False, []),
    "locations": (list, False, []),
    "keywords": (list, False, []),
    "workplace": (list, False, []),
    "listing_days": (int, False, 14),
}
FILTERS = ("departments", "locations", "keywords", "workplace")


def job_source(values: dict[str, Any], line: int) -> JobSource:
    departments, locations, keywords, workplace = (tuple(values[key]) for key in FILTERS)
    return JobSource(
        values["employer"],
        values["ats"],
        values["board"],
        values["url"],
        departments,
        locations,
        keywords,
        workplace,
        values["listing_days"],
        line,
    )


def job_source_problems(
    root: Path, sources: list[dict[str, Any]], max_listing_days: Any, line_of: Callable[[int, str], int]
) -> list[Problem]:
    """What is wrong with the [[job_sources]]: an unknown ATS or employer, a bad board name, address or
    filter, a listing_days the board would refuse, the same employer's board declared twice."""
    from .config import CONFIG_FILE, SLUG_RE  # config.py imports this module
    from .jobs import WORKPLACES  # and so does jobs.py

    problems: list[Problem] = []
    employers = sorted(p.stem for p in (root / "content" / "employers").glob("*.md")) if sources else []
    seen: dict[tuple[str, str], int] = {}

    def bad(i: int, key: str, message: str) -> None:
        problems.append(error(CONFIG_FILE, line_of(i, key), message))

    for i, source in enumerate(sources):
        ats, employer, board, url = source["ats"], source["employer"], source["board"], source["url"]
        if isinstance(ats, str) and ats not in ATS:
            bad(i, "ats", f"ats `{ats}` must be one of {', '.join(ATS)}{did_you_mean(ats, list(ATS))}")
        if isinstance(employer, str) and not SLUG_RE.match(employer):
            bad(i, "employer", f"employer `{employer}` must be the slug of a file in content/employers/, like `acme`")
        elif isinstance(employer, str) and employer not in employers:
            hint = did_you_mean(employer, employers)
            message = f"employer `{employer}`: no content/employers/{employer}.md{hint}; add the employer first"
            bad(i, "employer", message)
        if isinstance(board, str) and not _BOARD_RE.match(board):
            bad(i, "board", f"board `{board}` must be the board's name in the ATS (letters, digits, `.`, `_`, `-`)")
        parts = urlsplit(url or "")
        if url and (parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment):
            bad(i, "url", f"url `{url}` must be the absolute http(s) address of the board's API")
        for key in FILTERS:
            values = source[key] or []
            if not all(isinstance(v, str) and v.strip() for v in values):
                bad(i, key, f'`{key}` must be a list of words, like ["{"remote" if key == "workplace" else "Berlin"}"]')
        for place in source["workplace"] or []:
            if isinstance(place, str) and place not in WORKPLACES:
                hint = did_you_mean(place, WORKPLACES)
                bad(i, "workplace", f"workplace `{place}` must be one of {', '.join(WORKPLACES)}{hint}")
        days = source["listing_days"]
        if isinstance(days, int) and days < 1:
            bad(i, "listing_days", "listing_days must be at least 1")
        elif isinstance(days, int) and isinstance(max_listing_days, int) and days > max_listing_days:
            message = f"listing_days {days} is more than [jobs] max_listing_days ({max_listing_days})"
            bad(i, "listing_days", message)
        if isinstance(ats, str) and isinstance(employer, str):
            first = seen.setdefault((employer, ats), line_of(i, ""))
            if first != line_of(i, ""):
                bad(i, "ats", f"employer `{employer}` already has a {ats} source (line {first})")
    return problems
