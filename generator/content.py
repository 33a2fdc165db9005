"""Load `content/*.md` files into frozen, checked `Page`s; every problem names `path:line`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
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
_KEYS = ("title", "description", "date", "updated", "topic", "tags", "slug", "draft", "weight", "layout", "author")


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
    page = _validate(source, meta, dict(key_lines), body_line, digests, config, layouts, problems)
    return Parsed(page if not problems else None, body, sorted(problems))


def _key_lines(source: str, node: yaml.Node | None) -> tuple[tuple[tuple[str, int], ...], list[Problem]]:
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, _ in node.value if node is not None else []:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key in lines:
            problems.append(error(source, line, f"{key}: appears twice (first on line {lines[key]})"))
        lines.setdefault(key, line)
    return tuple(sorted(lines.items(), key=lambda kv: kv[1])), problems


def _validate(
    source: str,
    meta: dict[str, Any],
    lines: dict[str, int],
    body_line: int,
    digests: tuple[str, str],
    config: Config,
    layouts: set[str],
    problems: list[Problem],
) -> Page:
    def bad(key: str, message: str) -> None:
        problems.append(error(source, lines.get(key, 2), f"{key}: {message}"))

    for key in meta:
        if key not in _KEYS:
            problems.append(
                error(source, lines.get(str(key), 2), f"unknown key `{key}`{did_you_mean(str(key), _KEYS)}")
            )

    parts = Path(source).parts[1:]  # without "content"
    section = parts[0] if len(parts) > 1 else ""
    for folder in parts[:-1]:
        if not SLUG_RE.match(folder):
            problems.append(error(source, 1, f"folder `{folder}` must be lowercase words joined by hyphens"))

    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        bad("title", f"{_found(title)}; expected the article's title")
    elif len(title) > MAX_TITLE:
        bad("title", f"is {len(title)} characters; keep it to {MAX_TITLE} or fewer")

    description = meta.get("description")
    low, high = DESCRIPTION_RANGE
    if not isinstance(description, str) or not description.strip():
        bad("description", f"{_found(description)}; expected {low} to {high} characters of summary")
    elif not low <= len(description.strip()) <= high:
        bad("description", f"is {len(description.strip())} characters; expected {low} to {high}")

    date = _date(meta.get("date"))
    if "date" not in meta:
        problems.append(error(source, 2, "date: missing; expected the publication date, like 2026-11-20"))
    elif date is None:
        bad("date", f"{_found(meta['date'])} is not a date (expected YYYY-MM-DD, or a date-time with a zone)")
    updated = None
    if "updated" in meta:
        updated_value = _date(meta["updated"])
        if updated_value is None:
            bad("updated", f"{_found(meta['updated'])} is not a date (expected YYYY-MM-DD)")
        elif date is not None and _day(updated_value) < _day(date):
            bad("updated", f"{_day(updated_value)} is before the date {_day(date)}")
        else:
            updated = _day(updated_value)

    topic = meta.get("topic")
    topic_slugs = [t.slug for t in config.topics]
    if topic is None and section == ARTICLES:
        problems.append(error(source, 2, f"topic: missing; articles need one of: {', '.join(topic_slugs)}"))
    elif topic is not None and topic not in topic_slugs:
        bad("topic", f"{_found(topic)} is not a topic in site.toml{did_you_mean(str(topic), topic_slugs)}")

    tags = meta.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) and SLUG_RE.match(t) for t in tags):
        bad("tags", "expected a list of lowercase words or hyphenated words, like [nerves, follow-up]")
        tags = []
    elif len(tags) > MAX_TAGS:
        bad("tags", f"{len(tags)} tags; use at most {MAX_TAGS}")
    elif len(set(tags)) != len(tags):
        bad("tags", "a tag is listed twice")

    stem = Path(source).stem
    slug = meta.get("slug", stem)
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        where = "slug" if "slug" in meta else None
        msg = f"{_found(slug)} must be lowercase letters, digits and single hyphens, like `resume-tips`"
        if where:
            bad("slug", msg)
        elif stem != "index":
            problems.append(error(source, 1, f"file name gives the slug {msg}; rename the file or set `slug:`"))

    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        bad("draft", f"{_found(draft)}; expected true or false")
    weight = meta.get("weight", 0)
    if not isinstance(weight, int) or isinstance(weight, bool):
        bad("weight", f"{_found(weight)}; expected a whole number")
    default_layout = "article" if section == ARTICLES else ("home" if not parts[:-1] and stem == "index" else "page")
    layout = meta.get("layout", default_layout)
    if not isinstance(layout, str) or layout not in layouts:
        hint = did_you_mean(str(layout), sorted(layouts))
        bad("layout", f"{_found(layout)} is not a template in layouts/{hint}")
    author = meta.get("author", config.author)
    if not isinstance(author, str) or not author.strip():
        bad("author", f"{_found(author)}; expected a name")

    folders = "/".join(parts[:-1])
    if stem == "index" and "slug" not in meta:
        url = f"{folders}/" if folders else ""
    else:
        url = f"{folders}/{slug}/" if folders else f"{slug}/"
    published = date if isinstance(date, dt.datetime) else None
    if date is not None and published is None:
        published = dt.datetime.combine(_day(date), dt.time(), dt.UTC)
    return Page(
        source=source,
        section=section,
        url=url,
        title=title.strip() if isinstance(title, str) else "",
        description=description.strip() if isinstance(description, str) else "",
        date=_day(date) if date is not None else dt.date.min,
        published=published or dt.datetime.min.replace(tzinfo=dt.UTC),
        updated=updated,
        topic=topic if isinstance(topic, str) else None,
        tags=tuple(tags),
        slug=slug if isinstance(slug, str) else "",
        draft=draft is True,
        weight=weight if isinstance(weight, int) else 0,
        layout=str(layout),
        author=str(author),
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
