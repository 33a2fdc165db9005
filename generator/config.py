"""Read `site.toml` into a frozen, typed `Config`; every mistake names its line."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError, Problem, did_you_mean, error
from .job_sources import SCHEMA as _JOB_SOURCE
from .job_sources import JobSource, job_source, job_source_problems

CONFIG_FILE = "site.toml"
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The worksheet's two lists, by id, with their titles; a factor shows under one of them or under both.
# static/js/worksheet/steps.js holds the same for the script (a test checks that they agree).
WORKSHEET_LISTS = {"right": "What went right", "wrong": "What went wrong"}
FACTOR_KINDS = (*WORKSHEET_LISTS, "both")
# Step 5's checklist: key (stored in a debrief) -> label. steps.js CHECKLIST holds the same for the script.
WORKSHEET_CHECKLIST = {
    "thank-you": "Send a short thank-you note",
    "feedback": "Ask once, politely, for feedback",
    "story-bank": "Write down the examples that worked",
    "prep-plan": "Put the preparation steps in my calendar",
    "practice": "Book a practice interview with someone I trust",
    "rest": "Plan something restful for the day before",
}


@dataclass(frozen=True, slots=True)
class MenuItem:
    """A link in the header menu; `path` is relative to the site root (`articles/`)."""

    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic articles belong to; it gets a page at `/topics/<slug>/`."""

    slug: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Factor:
    """Something behind a starred worksheet item, with the preparation step it suggests."""

    id: str
    label: str
    kind: str  # "wrong", "right" or "both"
    suggestion: str
    tags: tuple[str, ...]
    articles: tuple[str, ...] = ()  # content files an editor put first in its further reading ("articles/x.md")
    line: int = 0  # its [[factors]] line in site.toml

    def shows_under(self, list_id: str) -> bool:
        """Whether the worksheet offers this factor for items in that list."""
        return self.kind in (list_id, "both")


@dataclass(frozen=True, slots=True)
class Tag:
    """A word articles (and job listings) are tagged with, and what it means; it gets `/tags/<slug>/`."""

    slug: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Journey:
    """A reading path: pages in the order a reader needs them, at `/journeys/<slug>/`."""

    slug: str
    title: str
    description: str
    pages: tuple[str, ...]  # content files, in order ("articles/x.md")
    line: int  # the line of its `pages` in site.toml

    @property
    def sources(self) -> tuple[str, ...]:
        """Its pages' source paths (`content/articles/x.md`)."""
        return tuple(f"content/{path}" for path in self.pages)


@dataclass(frozen=True, slots=True)
class Config:
    """The whole of site.toml, checked."""

    # the folder that holds site.toml, content/, layouts/, static/: where the site is, not what it is, so
    # left out of repr and digests (a cache made in one clone holds in another)
    root: Path = field(repr=False)
    title: str
    tagline: str
    description: str
    base_url: str  # absolute, ends with "/"
    language: str
    author: str
    start_here: tuple[str, ...]  # content files the home page leads with, e.g. "articles/x.md"
    allow_html: bool
    words_per_minute: int
    pages_per_search_index: int  # above this many pages the search index is split in parts (0: never)
    page_size: int  # cards on each page of a list (articles, a topic, a tag, the job board)
    review_after_days: int  # `check` warns about an article last reviewed longer ago than this
    max_listing_days: int  # the longest a job listing may stay open
    report_address: str  # where readers report a listing (an email address), "" for none
    menu: tuple[MenuItem, ...]
    topics: tuple[Topic, ...]
    factors: tuple[Factor, ...]
    tags: tuple[Tag, ...]  # the vocabulary; none declared: any tag goes
    journeys: tuple[Journey, ...]
    job_sources: tuple[JobSource, ...] = ()  # the employers' boards `jobs import` reads

    @property
    def base_path(self) -> str:
        """The path part of base_url (`/next-round/`); every site URL starts with it."""
        return _split_url(self.base_url)[1]

    @property
    def origin(self) -> str:
        """`https://example.org` without the path."""
        return _split_url(self.base_url)[0]

    def absolute_url(self, path: str) -> str:
        """The full address of a site-relative path (`articles/x/` -> `https://example.org/sub/articles/x/`)."""
        origin, base_path = _split_url(self.base_url)
        return origin + base_path + path

    def with_base_url(self, base_url: str) -> Config:
        """The same config served from another address (`--base-url`)."""
        problem = _base_url_problem(base_url)
        if problem:
            raise ConfigError([error("--base-url", 1, problem)])
        return replace(self, base_url=_with_slash(base_url))

    def topic(self, slug: str) -> Topic | None:
        """The topic with this slug, if declared."""
        return next((t for t in self.topics if t.slug == slug), None)

    def tag(self, slug: str) -> Tag | None:
        """The declared tag with this slug."""
        return next((t for t in self.tags if t.slug == slug), None)


# Each section's keys: name -> (type, required, default).
_Schema = dict[str, tuple[type, bool, Any]]
_SITE: _Schema = {
    "title": (str, True, None),
    "tagline": (str, False, ""),
    "description": (str, True, None),
    "base_url": (str, True, None),
    "language": (str, False, "en"),
    "author": (str, True, None),
    "start_here": (list, False, []),
}
_BUILD: _Schema = {
    "allow_html": (bool, False, False),
    "words_per_minute": (int, False, 220),
    "pages_per_search_index": (int, False, 1500),
    "page_size": (int, False, 30),
    "review_after_days": (int, False, 365),
}
_MENU: _Schema = {"title": (str, True, None), "path": (str, True, None)}
_TOPIC: _Schema = {"slug": (str, True, None), "title": (str, True, None), "description": (str, True, None)}
_TAG: _Schema = {"slug": (str, True, None), "meaning": (str, True, None)}
_JOURNEY: _Schema = {
    "slug": (str, True, None),
    "title": (str, True, None),
    "description": (str, True, None),
    "pages": (list, True, None),
}
_FACTOR: _Schema = {
    "id": (str, True, None),
    "label": (str, True, None),
    "kind": (str, True, None),
    "suggestion": (str, True, None),
    "tags": (list, False, []),
    "articles": (list, False, []),
}
_JOBS: _Schema = {
    "max_listing_days": (int, False, 60),
    "report_address": (str, False, ""),
}
_TABLES = {"site": _SITE, "build": _BUILD, "jobs": _JOBS}
_ARRAYS = {
    "menu": _MENU,
    "topics": _TOPIC,
    "factors": _FACTOR,
    "tags": _TAG,
    "journeys": _JOURNEY,
    "job_sources": _JOB_SOURCE,
}


def load_config(root: Path) -> Config:
    """Read and check `root/site.toml`; raise ConfigError listing every problem."""
    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([error(CONFIG_FILE, 1, f"no {CONFIG_FILE} in {root} (run from the site's folder)")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([error(CONFIG_FILE, 1, f"not UTF-8 text ({exc.reason})")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else 1
        raise ConfigError([error(CONFIG_FILE, line, f"not valid TOML: {exc}")]) from None
    return _check(root, data, _KeyLines(text))


class _KeyLines:
    """Finds the line of a key in TOML text, so errors can point at it."""

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str, int, str], int] = {}
        table, index, counts = "", 0, dict[str, int]()
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if header := re.match(r"^\[\[\s*([\w.-]+)\s*\]\]", stripped):
                table = header.group(1)
                index = counts[table] = counts.get(table, -1) + 1
                self._lines[(table, index, "")] = number
            elif header := re.match(r"^\[\s*([\w.-]+)\s*\]", stripped):
                table, index = header.group(1), 0
                self._lines[(table, 0, "")] = number
            elif key := re.match(r"^([\w-]+|\"[^\"]+\")\s*=", stripped):
                self._lines.setdefault((table, index, key.group(1).strip('"')), number)

    def line(self, table: str, index: int = 0, key: str = "") -> int:
        """The line of `key` in `[table]` (or the nth `[[table]]`), else of the table, else 1."""
        return self._lines.get((table, index, key)) or self._lines.get((table, index, ""), 1)


def _check(root: Path, data: dict[str, Any], lines: _KeyLines) -> Config:
    problems: list[Problem] = []
    known = [*_TABLES, *_ARRAYS]
    for name, value in data.items():
        if name not in known:
            problems.append(error(CONFIG_FILE, lines.line(name), f"unknown table `{name}`{did_you_mean(name, known)}"))
        elif name in _ARRAYS and not isinstance(value, list):
            problems.append(error(CONFIG_FILE, lines.line(name), f"`{name}` must be written as [[{name}]] entries"))
        elif name in _TABLES and not isinstance(value, dict):
            problems.append(error(CONFIG_FILE, lines.line(name), f"`{name}` must be a table: [{name}]"))
    site = _section("site", _SITE, data.get("site"), 0, lines, problems)
    build = _section("build", _BUILD, data.get("build"), 0, lines, problems)
    jobs = _section("jobs", _JOBS, data.get("jobs"), 0, lines, problems)
    arrays = {
        name: [_section(name, schema, raw, i, lines, problems) for i, raw in enumerate(_as_list(data.get(name)))]
        for name, schema in _ARRAYS.items()
    }
    problems += _value_problems(root, site, build, arrays, lines)
    problems += _jobs_problems(root, jobs, arrays["job_sources"], lines)
    if problems:
        raise ConfigError(problems)
    return Config(
        root=root,
        title=site["title"],
        tagline=site["tagline"],
        description=site["description"],
        base_url=_with_slash(site["base_url"]),
        language=site["language"],
        author=site["author"],
        start_here=tuple(site["start_here"]),
        allow_html=build["allow_html"],
        words_per_minute=build["words_per_minute"],
        pages_per_search_index=build["pages_per_search_index"],
        page_size=build["page_size"],
        review_after_days=build["review_after_days"],
        max_listing_days=jobs["max_listing_days"],
        report_address=jobs["report_address"],
        menu=tuple(MenuItem(**m) for m in arrays["menu"]),
        topics=tuple(Topic(**t) for t in arrays["topics"]),
        factors=tuple(
            Factor(
                f["id"],
                f["label"],
                f["kind"],
                f["suggestion"],
                tuple(f["tags"]),
                tuple(f["articles"]),
                lines.line("factors", i),
            )
            for i, f in enumerate(arrays["factors"])
        ),
        tags=tuple(Tag(**t) for t in arrays["tags"]),
        journeys=tuple(
            Journey(j["slug"], j["title"], j["description"], tuple(j["pages"]), lines.line("journeys", i, "pages"))
            for i, j in enumerate(arrays["journeys"])
        ),
        job_sources=tuple(job_source(s, lines.line("job_sources", i)) for i, s in enumerate(arrays["job_sources"])),
    )


def _jobs_problems(root: Path, jobs: dict[str, Any], sources: list[dict[str, Any]], lines: _KeyLines) -> list[Problem]:
    """What is wrong with the [jobs] table's values and the [[job_sources]] entries."""
    problems = []
    if isinstance(jobs["max_listing_days"], int) and jobs["max_listing_days"] < 1:
        problems.append(error(CONFIG_FILE, lines.line("jobs", 0, "max_listing_days"), "must be at least 1"))
    if jobs["report_address"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", jobs["report_address"]):
        message = f"report_address `{jobs['report_address']}` must be an email address, like jobs@example.org"
        problems.append(error(CONFIG_FILE, lines.line("jobs", 0, "report_address"), message))
    line_of = functools.partial(lines.line, "job_sources")
    return problems + job_source_problems(root, sources, jobs["max_listing_days"], line_of)


def _section(
    name: str, schema: _Schema, raw: Any, index: int, lines: _KeyLines, problems: list[Problem]
) -> dict[str, Any]:
    """A table's values by its schema, defaults for what is missing; unknown keys, missing required keys
    and values of the wrong type go to `problems`."""
    raw = raw if isinstance(raw, dict) else {}
    values: dict[str, Any] = {}
    for key in raw:
        if key not in schema:
            hint = did_you_mean(key, list(schema))
            problems.append(error(CONFIG_FILE, lines.line(name, index, key), f"unknown key `{key}` in [{name}]{hint}"))
    for key, (kind, required, default) in schema.items():
        if key not in raw:
            if required:
                problems.append(error(CONFIG_FILE, lines.line(name, index), f"[{name}] needs `{key}`"))
            values[key] = default
        elif not isinstance(raw[key], kind) or (kind is int and isinstance(raw[key], bool)):
            found = type(raw[key]).__name__
            at = lines.line(name, index, key)
            problems.append(error(CONFIG_FILE, at, f"`{key}` must be {kind.__name__}, found {found}"))
            values[key] = default
        else:
            values[key] = raw[key]
    return values


def _value_problems(
    root: Path, site: dict[str, Any], build: dict[str, Any], arrays: dict[str, list[dict[str, Any]]], lines: _KeyLines
) -> list[Problem]:
    """What is wrong with values of the right type: addresses, files, ranges, slugs, duplicates."""
    problems: list[Problem] = []

    def bad(at: tuple[str, int, str], message: str) -> None:
        problems.append(error(CONFIG_FILE, lines.line(*at), message))

    if site["base_url"] is not None and (problem := _base_url_problem(site["base_url"])):
        bad(("site", 0, "base_url"), problem)
    for path in site["start_here"] or []:
        if not isinstance(path, str) or not (root / "content" / path).is_file():
            bad(
                ("site", 0, "start_here"),
                f'start_here: no file content/{path}; list content files like "articles/resume-tips.md"',
            )
    if isinstance(build["words_per_minute"], int) and build["words_per_minute"] < 1:
        bad(("build", 0, "words_per_minute"), "must be at least 1")
    if isinstance(build["page_size"], int) and build["page_size"] < 1:
        bad(("build", 0, "page_size"), "must be at least 1 (cards on each page of a list)")
    if isinstance(build["review_after_days"], int) and build["review_after_days"] < 1:
        bad(("build", 0, "review_after_days"), "must be at least 1")
    if isinstance(build["pages_per_search_index"], int) and build["pages_per_search_index"] < 0:
        bad(("build", 0, "pages_per_search_index"), "must be 0 (one search index, however many pages) or more")
    for name, key in (("topics", "slug"), ("factors", "id"), ("tags", "slug"), ("journeys", "slug")):
        seen: set[str] = set()
        for i, entry in enumerate(arrays[name]):
            value = entry[key]
            if isinstance(value, str) and not SLUG_RE.match(value):
                bad((name, i, key), f"{key} `{value}` must be lowercase words joined by hyphens")
            if value in seen:
                bad((name, i, key), f"{key} `{value}` is declared twice")
            seen.add(value)
    for i, factor in enumerate(arrays["factors"]):
        if factor["kind"] is not None and factor["kind"] not in FACTOR_KINDS:
            bad(("factors", i, "kind"), f"kind `{factor['kind']}` must be one of {', '.join(FACTOR_KINDS)}")
        if not all(isinstance(t, str) and SLUG_RE.match(t) for t in factor["tags"] or []):
            bad(("factors", i, "tags"), "tags must be lowercase words")
        problems += _page_list_problems(root, factor["articles"], lines.line("factors", i, "articles"), "articles")
    for i, journey in enumerate(arrays["journeys"]):
        at = lines.line("journeys", i, "pages")
        problems += _page_list_problems(root, journey["pages"], at, "pages")
        for path in journey["pages"] or []:
            if isinstance(path, str) and not path.startswith("articles/"):
                problems.append(error(CONFIG_FILE, at, f"pages: {path} is not an article; a journey lists articles"))
    return problems


def _page_list_problems(root: Path, paths: Any, line: int, key: str) -> list[Problem]:
    """A list of content files (a journey's pages, a factor's articles): each must exist, and once."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in paths if isinstance(paths, list) else []:
        if not isinstance(path, str) or not (root / "content" / path).is_file():
            hint = 'list content files like "articles/handling-rejection.md"'
            problems.append(error(CONFIG_FILE, line, f"{key}: no file content/{path}; {hint}"))
        elif path in seen:
            problems.append(error(CONFIG_FILE, line, f"{key}: {path} is listed twice"))
        seen.add(str(path))
    return problems


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _base_url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"base_url `{url}` must be an absolute http(s) URL, like https://example.org/next-round/"
    if parts.query or parts.fragment:
        return f"base_url `{url}` must not have a query or fragment"
    return None


@functools.lru_cache(maxsize=8)
def _split_url(url: str) -> tuple[str, str]:
    """A base URL's origin and path (asked for on every URL a page shows)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}", parts.path


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
