"""The front matter schema: every key's check, in a table, with the message an editor sees."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import SLUG_RE, Config
from .errors import Problem, did_you_mean, error, warning

ARTICLES = "articles"  # the section whose pages are articles
JOBS = "jobs"  # the section of job listings
EMPLOYERS = "employers"  # the section of employers
_LAYOUTS = {ARTICLES: "article", JOBS: "job", EMPLOYERS: "employer"}  # a section's default layout
MAX_TITLE = 90
DESCRIPTION_RANGE = (50, 160)
MAX_TAGS = 6


class Invalid(Exception):
    """A front matter value that fails its check; `line` and no key prefix for a problem of the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


@dataclass(frozen=True, slots=True)
class Context:
    """What a key's check may consult: the file, the config, and the values checked before it."""

    source: str
    section: str  # first folder under content/, "" at the top
    folders: tuple[str, ...]  # the folders under content/
    meta: dict[str, Any]
    config: Config
    layouts: set[str]
    values: dict[str, Any]
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (key, message): the value stands

    @property
    def stem(self) -> str:
        """The file's name without `.md`."""
        return Path(self.source).stem

    def warn(self, key: str, message: str) -> None:
        """Note something an editor should look at that does not make the value wrong."""
        self.warnings.append((key, message))


_MISSING: Any = None  # what a check gets for a key that is not there (as for `key:` with no value)


def _title(value: Any, _: Context) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"{found(value)}; expected the article's title")
    if len(value) > MAX_TITLE:
        raise Invalid(f"is {len(value)} characters; keep it to {MAX_TITLE} or fewer")
    return value.strip()


def _description(value: Any, _: Context) -> str:
    low, high = DESCRIPTION_RANGE
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"{found(value)}; expected {low} to {high} characters of summary")
    if not low <= len(value.strip()) <= high:
        raise Invalid(f"is {len(value.strip())} characters; expected {low} to {high}")
    return value.strip()


def _date_of(value: Any, context: Context) -> dt.date:
    if "date" not in context.meta:
        raise Invalid("missing; expected the publication date, like 2026-11-20")
    date = parse_date(value)
    if date is None:
        raise Invalid(f"{found(value)} is not a date (expected YYYY-MM-DD, or a date-time with a zone)")
    return date


def _on_or_after_date(key: str, expected: str) -> Check:
    """An optional date that may not be before the page's `date` (`updated`, `reviewed`)."""

    def check(value: Any, context: Context) -> dt.date | None:
        if key not in context.meta:
            return None
        parsed = parse_date(value)
        if parsed is None:
            raise Invalid(f"{found(value)} is not a date (expected {expected})")
        date = context.values.get("date")
        if date is not None and day(parsed) < day(date):
            raise Invalid(f"{day(parsed)} is before the date {day(date)}")
        return day(parsed)

    return check


_updated = _on_or_after_date("updated", "YYYY-MM-DD")
_reviewed = _on_or_after_date("reviewed", "YYYY-MM-DD, the day it was last read whole")


def _topic(value: Any, context: Context) -> str | None:
    slugs = [t.slug for t in context.config.topics]
    if value is None and context.section == ARTICLES:
        raise Invalid(f"missing; articles need one of: {', '.join(slugs)}")
    if value is not None and value not in slugs:
        raise Invalid(f"{found(value)} is not a topic in site.toml{did_you_mean(str(value), slugs)}")
    return value if isinstance(value, str) else None


def _tags(value: Any, context: Context) -> tuple[str, ...]:
    tags = [] if "tags" not in context.meta else [value] if isinstance(value, str) else value
    if not isinstance(tags, list) or not all(isinstance(t, str) and SLUG_RE.match(t) for t in tags):
        raise Invalid("expected a list of lowercase words or hyphenated words, like [nerves, follow-up]")
    if len(tags) > MAX_TAGS:
        raise Invalid(f"{len(tags)} tags; use at most {MAX_TAGS}")
    if len(set(tags)) != len(tags):
        raise Invalid("a tag is listed twice")
    return tuple(tags)


def _slug(value: Any, context: Context) -> str:
    given = "slug" in context.meta
    slug = value if given else context.stem
    if isinstance(slug, str) and SLUG_RE.match(slug):
        return slug
    message = f"{found(slug)} must be lowercase letters, digits and single hyphens, like `resume-tips`"
    if given:
        raise Invalid(message)
    if context.stem != "index":  # index.md takes its folder's URL
        raise Invalid(f"file name gives the slug {message}; rename the file or set `slug:`", line=1)
    return ""


def _draft(value: Any, context: Context) -> bool:
    draft = value if "draft" in context.meta else False
    if not isinstance(draft, bool):
        raise Invalid(f"{found(draft)}; expected true or false")
    return draft


def _weight(value: Any, context: Context) -> int:
    weight = value if "weight" in context.meta else 0
    if not isinstance(weight, int) or isinstance(weight, bool):
        raise Invalid(f"{found(weight)}; expected a whole number")
    return weight


def _layout(value: Any, context: Context) -> str:
    if "layout" in context.meta:
        layout = value
    elif context.section in _LAYOUTS:
        layout = _LAYOUTS[context.section]
    else:
        layout = "home" if not context.folders and context.stem == "index" else "page"
    if not isinstance(layout, str) or layout not in context.layouts:
        hint = did_you_mean(str(layout), sorted(context.layouts))
        raise Invalid(f"{found(layout)} is not a template in layouts/{hint}")
    return layout


def _author(value: Any, context: Context) -> str:
    author = value if "author" in context.meta else context.config.author
    if not isinstance(author, str) or not author.strip():
        raise Invalid(f"{found(author)}; expected a name")
    return author


Check = Callable[[Any, Context], Any]  # a key's value (None if missing) -> the value as the page keeps it

# Every front matter key of an article or page and its check, in the order they are checked (a check may
# read the values checked before it)
ARTICLE_KEYS: dict[str, Check] = {
    "title": _title,
    "description": _description,
    "date": _date_of,
    "updated": _updated,
    "reviewed": _reviewed,
    "topic": _topic,
    "tags": _tags,
    "slug": _slug,
    "draft": _draft,
    "weight": _weight,
    "layout": _layout,
    "author": _author,
}


def validate(
    source: str,
    meta: dict[str, Any],
    lines: dict[str, int],
    config: Config,
    layouts: set[str],
    checks: dict[str, Check] = ARTICLE_KEYS,
) -> tuple[dict[str, Any], list[Problem]]:
    """Each front matter value, checked; with every problem (at its key's line, or line 2 if missing)."""
    keys = list(checks)
    problems = [
        error(source, lines.get(str(key), 2), f"unknown key `{key}`{did_you_mean(str(key), keys)}")
        for key in meta
        if key not in checks
    ]
    parts = Path(source).parts[1:]  # without "content"
    folders = parts[:-1]
    problems += [
        error(source, 1, f"folder `{folder}` must be lowercase words joined by hyphens")
        for folder in folders
        if not SLUG_RE.match(folder)
    ]
    context = Context(source, parts[0] if folders else "", folders, meta, config, layouts, {})
    for key, check in checks.items():
        try:
            context.values[key] = check(meta.get(key, _MISSING), context)
        except Invalid as invalid:
            where = invalid.line or lines.get(key, 2)
            problems.append(error(source, where, invalid.message if invalid.line else f"{key}: {invalid.message}"))
    problems += [warning(source, lines.get(key, 2), f"{key}: {message}") for key, message in context.warnings]
    return context.values, problems


def parse_date(value: Any) -> dt.date | None:
    """A date, or an aware datetime; YAML has already parsed both forms."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def day(value: dt.date) -> dt.date:
    """The day of a date or date-time."""
    return value.date() if isinstance(value, dt.datetime) else value


def found(value: Any) -> str:
    """A value as an error message shows it: `"text"`, `2026-11-20`, `missing`, `a list`."""
    if value is None:
        return "missing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (dt.date, bool, int, float)):
        return f"{value!s}"
    return f"a {type(value).__name__}"
