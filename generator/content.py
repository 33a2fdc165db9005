"""Load `content/*.md` files into frozen, checked `Page`s; every problem names `path:line`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from frontmatter.default_handlers import YAMLHandler

from .config import SLUG_RE, Config
from .errors import Problem, did_you_mean, error

CONTENT_DIR = "content"
ARTICLES = "articles"
MAX_TITLE = 90
DESCRIPTION_RANGE = (50, 160)
MAX_TAGS = 6
_YAML = YAMLHandler()


# libyaml when the wheel has it (it always has on Linux): pure-Python YAML is most of the load time.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, except that an impossible date (2026-02-30) stays text for a clear error."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class Page(NamedTuple):
    """One markdown file, checked; its URL is fixed here and never changes later."""

    source: str  # "content/articles/resume-tips.md", relative to the site root
    section: str  # first folder under content/ ("articles"), "" at the top
    url: str  # site-relative, pretty: "articles/resume-tips/", "" for the home page
    title: str
    description: str
    date: dt.date
    published: dt.datetime  # `date` as an aware datetime, for sorting and feeds
    updated: dt.date | None
    topic: str | None
    tags: tuple[str, ...]
    slug: str
    draft: bool
    weight: int
    layout: str
    author: str
    body_line: int  # the file line of the body's first line, so markdown lines map back
    key_lines: tuple[tuple[str, int], ...]  # front matter key -> file line
    digest: str  # of the source path and the whole file: what the page's own output depends on
    meta_digest: str  # of the source path and the front matter only: what other pages show of it

    @property
    def card(self) -> Card:
        """What other pages may show of this one."""
        return Card(
            self.source, self.url, self.title, self.description, self.date, self.updated, self.topic, self.tags,
            self.meta_digest,
        )  # fmt: skip

    @property
    def is_article(self) -> bool:
        """Articles get topics, feeds, related links; other pages do not."""
        return self.section == ARTICLES

    def line_of(self, key: str) -> int:
        """The file line of a front matter key (1 when absent)."""
        return dict(self.key_lines).get(key, 1)


class Card(NamedTuple):
    """A page as other pages show it (cards, related articles, lists): front matter, never the body."""

    source: str
    url: str
    title: str
    description: str
    date: dt.date
    updated: dt.date | None
    topic: str | None
    tags: tuple[str, ...]
    meta_digest: str


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Which pages a build includes."""

    drafts: bool = False
    future: bool = False
    now: dt.datetime | None = None  # "today" for hiding future pages; the clock when None


def content_files(root: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Every markdown file under content/, sorted; symlinks and stray files are problems."""
    base = root / CONTENT_DIR
    files: list[tuple[str, str]] = []  # (relative path, full path)
    problems: list[Problem] = []
    if not base.is_dir():
        return [], [error(CONTENT_DIR, 1, "no content/ folder next to site.toml")]
    folders = [(CONTENT_DIR, str(base))]
    while folders:  # scandir, not pathlib or os.walk: it tells links and folders apart without a stat
        here, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = f"{here}/{entry.name}"
                if entry.is_symlink():
                    problems.append(error(rel, 1, "is a symbolic link; content must be real files inside content/"))
                elif entry.is_dir():
                    folders.append((rel, entry.path))
                elif rel.endswith(".md"):
                    files.append((rel, entry.path))
                elif not entry.name.startswith("."):
                    message = "content/ holds markdown files only; put images and files in static/"
                    problems.append(error(rel, 1, message))
    return sorted(files), sorted(problems)


@dataclass(frozen=True, slots=True)
class LoadedPages:
    """The pages a build includes, the problems found, and the files held back with the reason."""

    pages: list[Page]
    problems: list[Problem]
    held_back: dict[str, str]  # source -> why it is not in this build ("is a draft (draft: true)")
    next_publication_ns: int | None  # when the first page held back for its future date becomes due


class Parsed(NamedTuple):
    """One content file, parsed: its page (None if it has errors), its markdown body, its problems."""

    page: Page | None
    body: str
    problems: list[Problem]


def include_pages(parsed: Iterable[tuple[str, Page | None, list[Problem]]], options: LoadOptions) -> LoadedPages:
    """The parsed files (source, page, problems) a build includes: drafts and future pages are left out
    unless asked for, and so are pages with errors."""
    problems: list[Problem] = []
    now = options.now or dt.datetime.now(dt.UTC)
    pages: list[Page] = []
    held_back: dict[str, str] = {}
    next_due: int | None = None
    for rel, page, found in parsed:
        problems.extend(found)
        if page is None:
            held_back[rel] = "has errors"
        elif page.draft and not options.drafts:
            held_back[rel] = "is a draft (draft: true), left out of this build"
        elif page.published > now and not options.future:
            held_back[rel] = f"is dated {page.date}, in the future, and left out of this build"
            due = int(page.published.timestamp() * 1e9)
            next_due = due if next_due is None else min(next_due, due)
        else:
            pages.append(page)
    return LoadedPages(pages, problems, held_back, next_due)


def load_page(source: str, data: bytes, config: Config, layouts: set[str]) -> Parsed:
    """Parse one file's bytes into a Page and its body, or the list of what is wrong with it."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Parsed(None, "", [error(source, line, f"is not UTF-8 text (byte {exc.start}); save the file as UTF-8")])
    if not text.strip():
        message = "is empty; start it with front matter between --- lines (title, description, date)"
        return Parsed(None, "", [error(source, 1, message)])
    if not _YAML.detect(text):
        return Parsed(None, "", [error(source, 1, "has no front matter; the file must start with a --- line")])
    try:
        fm_text, body = _YAML.split(text)
    except ValueError:
        return Parsed(None, "", [error(source, 1, "front matter is not closed; add a --- line after it")])
    body_line = text[: len(text) - len(body)].count("\n") + 1
    try:
        loader = _Loader(fm_text)
        try:
            node = loader.get_single_node()
            meta = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1  # fm_text's line 0 is the opening --- line
        return Parsed(None, body, [error(source, line, f"front matter is not valid YAML: {exc.problem or exc}")])
    if meta is None:
        meta, node = {}, None
    if not isinstance(meta, dict) or (node is not None and not isinstance(node, yaml.MappingNode)):
        return Parsed(None, body, [error(source, 2, "front matter must be `key: value` lines")])
    key_lines, problems = _key_lines(source, node)
    digests = (_sha(source, text), _sha(source, fm_text))
    lines = dict(key_lines)
    values, invalid = _validate(source, meta, lines, config, layouts)
    problems += invalid
    if problems:
        return Parsed(None, body, sorted(problems))
    return Parsed(_page(source, values, lines, body_line, digests), body, [])


def _key_lines(source: str, node: yaml.Node | None) -> tuple[tuple[tuple[str, int], ...], list[Problem]]:
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, _ in node.value if node is not None else []:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key in lines:
            problems.append(error(source, line, f"{key}: appears twice (first on line {lines[key]})"))
        lines.setdefault(key, line)
    return tuple(sorted(lines.items(), key=lambda kv: kv[1])), problems


class _Invalid(Exception):
    """A front matter value that fails its check; `line` and no key prefix for a problem of the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


@dataclass(frozen=True, slots=True)
class _Context:
    """What a key's check may consult: the file, the config, and the values checked before it."""

    source: str
    section: str  # first folder under content/, "" at the top
    folders: tuple[str, ...]  # the folders under content/
    meta: dict[str, Any]
    config: Config
    layouts: set[str]
    values: dict[str, Any]

    @property
    def stem(self) -> str:
        return Path(self.source).stem


_MISSING: Any = None  # what a check gets for a key that is not there (as for `key:` with no value)


def _title(value: Any, _: _Context) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{_found(value)}; expected the article's title")
    if len(value) > MAX_TITLE:
        raise _Invalid(f"is {len(value)} characters; keep it to {MAX_TITLE} or fewer")
    return value.strip()


def _description(value: Any, _: _Context) -> str:
    low, high = DESCRIPTION_RANGE
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{_found(value)}; expected {low} to {high} characters of summary")
    if not low <= len(value.strip()) <= high:
        raise _Invalid(f"is {len(value.strip())} characters; expected {low} to {high}")
    return value.strip()


def _date_of(value: Any, context: _Context) -> dt.date:
    if "date" not in context.meta:
        raise _Invalid("missing; expected the publication date, like 2026-11-20")
    date = _date(value)
    if date is None:
        raise _Invalid(f"{_found(value)} is not a date (expected YYYY-MM-DD, or a date-time with a zone)")
    return date


def _updated(value: Any, context: _Context) -> dt.date | None:
    if "updated" not in context.meta:
        return None
    updated = _date(value)
    if updated is None:
        raise _Invalid(f"{_found(value)} is not a date (expected YYYY-MM-DD)")
    date = context.values.get("date")
    if date is not None and _day(updated) < _day(date):
        raise _Invalid(f"{_day(updated)} is before the date {_day(date)}")
    return _day(updated)


def _topic(value: Any, context: _Context) -> str | None:
    slugs = [t.slug for t in context.config.topics]
    if value is None and context.section == ARTICLES:
        raise _Invalid(f"missing; articles need one of: {', '.join(slugs)}")
    if value is not None and value not in slugs:
        raise _Invalid(f"{_found(value)} is not a topic in site.toml{did_you_mean(str(value), slugs)}")
    return value if isinstance(value, str) else None


def _tags(value: Any, context: _Context) -> tuple[str, ...]:
    tags = [] if "tags" not in context.meta else [value] if isinstance(value, str) else value
    if not isinstance(tags, list) or not all(isinstance(t, str) and SLUG_RE.match(t) for t in tags):
        raise _Invalid("expected a list of lowercase words or hyphenated words, like [nerves, follow-up]")
    if len(tags) > MAX_TAGS:
        raise _Invalid(f"{len(tags)} tags; use at most {MAX_TAGS}")
    if len(set(tags)) != len(tags):
        raise _Invalid("a tag is listed twice")
    return tuple(tags)


def _slug(value: Any, context: _Context) -> str:
    given = "slug" in context.meta
    slug = value if given else context.stem
    if isinstance(slug, str) and SLUG_RE.match(slug):
        return slug
    message = f"{_found(slug)} must be lowercase letters, digits and single hyphens, like `resume-tips`"
    if given:
        raise _Invalid(message)
    if context.stem != "index":  # index.md takes its folder's URL
        raise _Invalid(f"file name gives the slug {message}; rename the file or set `slug:`", line=1)
    return ""


def _draft(value: Any, context: _Context) -> bool:
    draft = value if "draft" in context.meta else False
    if not isinstance(draft, bool):
        raise _Invalid(f"{_found(draft)}; expected true or false")
    return draft


def _weight(value: Any, context: _Context) -> int:
    weight = value if "weight" in context.meta else 0
    if not isinstance(weight, int) or isinstance(weight, bool):
        raise _Invalid(f"{_found(weight)}; expected a whole number")
    return weight


def _layout(value: Any, context: _Context) -> str:
    if "layout" in context.meta:
        layout = value
    elif context.section == ARTICLES:
        layout = "article"
    else:
        layout = "home" if not context.folders and context.stem == "index" else "page"
    if not isinstance(layout, str) or layout not in context.layouts:
        hint = did_you_mean(str(layout), sorted(context.layouts))
        raise _Invalid(f"{_found(layout)} is not a template in layouts/{hint}")
    return layout


def _author(value: Any, context: _Context) -> str:
    author = value if "author" in context.meta else context.config.author
    if not isinstance(author, str) or not author.strip():
        raise _Invalid(f"{_found(author)}; expected a name")
    return author


# Every front matter key and its check, in the order they are checked (a check may read earlier values)
_CHECKS: dict[str, Callable[[Any, _Context], Any]] = {
    "title": _title,
    "description": _description,
    "date": _date_of,
    "updated": _updated,
    "topic": _topic,
    "tags": _tags,
    "slug": _slug,
    "draft": _draft,
    "weight": _weight,
    "layout": _layout,
    "author": _author,
}
_KEYS = tuple(_CHECKS)


def _validate(
    source: str, meta: dict[str, Any], lines: dict[str, int], config: Config, layouts: set[str]
) -> tuple[dict[str, Any], list[Problem]]:
    """Each front matter value, checked; with every problem (at its key's line, or line 2 if missing)."""
    problems = [
        error(source, lines.get(str(key), 2), f"unknown key `{key}`{did_you_mean(str(key), _KEYS)}")
        for key in meta
        if key not in _CHECKS
    ]
    parts = Path(source).parts[1:]  # without "content"
    folders = parts[:-1]
    problems += [
        error(source, 1, f"folder `{folder}` must be lowercase words joined by hyphens")
        for folder in folders
        if not SLUG_RE.match(folder)
    ]
    context = _Context(source, parts[0] if folders else "", folders, meta, config, layouts, {})
    for key, check in _CHECKS.items():
        try:
            context.values[key] = check(meta.get(key, _MISSING), context)
        except _Invalid as invalid:
            where = invalid.line or lines.get(key, 2)
            problems.append(error(source, where, invalid.message if invalid.line else f"{key}: {invalid.message}"))
    return context.values, problems


def _page(source: str, values: dict[str, Any], lines: dict[str, int], body_line: int, digests: tuple[str, str]) -> Page:
    """The page of a file whose front matter passed every check."""
    parts = Path(source).parts[1:]  # without "content"
    folders = "/".join(parts[:-1])
    slug, date = values["slug"], values["date"]
    if Path(source).stem == "index" and "slug" not in lines:
        url = f"{folders}/" if folders else ""
    else:
        url = f"{folders}/{slug}/" if folders else f"{slug}/"
    published = date if isinstance(date, dt.datetime) else dt.datetime.combine(date, dt.time(), dt.UTC)
    return Page(
        source=source,
        section=parts[0] if len(parts) > 1 else "",
        url=url,
        title=values["title"],
        description=values["description"],
        date=_day(date),
        published=published,
        updated=values["updated"],
        topic=values["topic"],
        tags=values["tags"],
        slug=slug,
        draft=values["draft"],
        weight=values["weight"],
        layout=values["layout"],
        author=values["author"],
        body_line=body_line,
        key_lines=tuple(sorted(lines.items(), key=lambda kv: kv[1])),
        digest=digests[0],
        meta_digest=digests[1],
    )


def read_body(page: Page, root: Path) -> str | None:
    """A page's markdown body, read from its file again (None if the file changed since the page was made)."""
    try:
        text = (root / page.source).read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None
    return _YAML.split(text)[1] if _sha(page.source, text) == page.digest else None


def _sha(source: str, text: str) -> str:
    return hashlib.sha256(f"{source}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def _date(value: Any) -> dt.date | None:
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


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _found(value: Any) -> str:
    if value is None:
        return "missing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (dt.date, bool, int, float)):
        return f"{value!s}"
    return f"a {type(value).__name__}"
