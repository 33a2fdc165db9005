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

from .config import Config
from .errors import Problem, error
from .front_matter import ARTICLE_KEYS, ARTICLES, EMPLOYERS, JOBS, Check, day, validate
from .jobs import EMPLOYER_KEYS, JOB_KEYS, MIN_DESCRIPTION, Employer, Job, employer_url, summary

CONTENT_DIR = "content"
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
    reviewed: dt.date | None  # when an editor last read it whole (articles: `check` warns when that is long ago)
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
    details: Job | Employer | None = None  # what only a job listing or an employer has

    @property
    def card(self) -> Card:
        """What other pages may show of this one."""
        return Card(
            self.source, self.url, self.title, self.description, self.date, self.updated, self.topic, self.tags,
            self.meta_digest, self.details, reviewed=self.reviewed,
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
    meta_digest: str  # for a job listing, also of its employer's front matter, which its card shows
    details: Job | Employer | None = None
    employer: str = ""  # a job listing's employer's name
    reviewed: dt.date | None = None  # when an editor last read it whole


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
        elif page.published > now and not options.future and page.section != JOBS:  # listings: see board.py
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
    section = Path(source).parts[1] if len(Path(source).parts) > 2 else ""
    kind = _KINDS.get(section, _ARTICLE)
    values, invalid = validate(source, meta, lines, config, layouts, kind.keys)
    problems += invalid
    if section == JOBS and (length := len(_plain_text(body))) < MIN_DESCRIPTION:
        wanted = f"write at least {MIN_DESCRIPTION}: the work, who it suits, how to apply"
        problems.append(error(source, body_line, f"the description is {length} characters of text; {wanted}"))
    if any(p.level == "error" for p in problems):
        return Parsed(None, body, sorted(problems))
    return Parsed(kind.page(source, values, lines, body_line, digests), body, sorted(problems))


def _key_lines(source: str, node: yaml.Node | None) -> tuple[tuple[tuple[str, int], ...], list[Problem]]:
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, _ in node.value if node is not None else []:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key in lines:
            problems.append(error(source, line, f"{key}: appears twice (first on line {lines[key]})"))
        lines.setdefault(key, line)
    return tuple(sorted(lines.items(), key=lambda kv: kv[1])), problems


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
        date=day(date),
        published=published,
        updated=values["updated"],
        reviewed=values["reviewed"],
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


def _job_page(
    source: str, values: dict[str, Any], lines: dict[str, int], body_line: int, digests: tuple[str, str]
) -> Page:
    """The page of a job listing whose front matter passed every check."""
    job = Job(
        employer=values["employer"],
        valid_through=values["valid_through"],
        employment_type=values["employment_type"],
        workplace=values["workplace"],
        locations=values["locations"],
        applicant_countries=values["applicant_countries"],
        salary=values["salary"],
        apply_url=values["apply_url"],
        identifier=values["identifier"],
        visa_sponsorship=values["visa_sponsorship"],
        source=values["source"],
    )
    title, posted = values["title"], values["date_posted"]
    page = _board_page(source, values, lines, body_line, digests)
    return page._replace(
        section=JOBS,
        url=f"{JOBS}/{values['slug']}/",
        title=title,
        description=summary(title, job),
        date=posted,
        published=dt.datetime.combine(posted, dt.time(), dt.UTC),
        tags=values["tags"],
        details=job,
    )


def _employer_page(
    source: str, values: dict[str, Any], lines: dict[str, int], body_line: int, digests: tuple[str, str]
) -> Page:
    """The page of an employer whose front matter passed every check."""
    name = values["name"]
    return _board_page(source, values, lines, body_line, digests)._replace(
        section=EMPLOYERS,
        url=employer_url(values["slug"]),
        title=name,
        description=f"{name}: who they are, and their open roles on the job board, each with its pay and closing date.",
        details=Employer(name, values["website"], values["logo"]),
    )


def _board_page(
    source: str, values: dict[str, Any], lines: dict[str, int], body_line: int, digests: tuple[str, str]
) -> Page:
    """What listings' and employers' pages share: no topic, no update date, no author; undated until set."""
    return Page(
        source=source,
        section="",
        url="",
        title="",
        description="",
        date=dt.date.min,
        published=dt.datetime.min.replace(tzinfo=dt.UTC),
        updated=None,
        reviewed=None,
        topic=None,
        tags=(),
        slug=values["slug"],
        draft=values["draft"],
        weight=0,
        layout=values["layout"],
        author="",
        body_line=body_line,
        key_lines=tuple(sorted(lines.items(), key=lambda kv: kv[1])),
        digest=digests[0],
        meta_digest=digests[1],
    )


def _plain_text(markdown: str) -> str:
    """Roughly the text a reader sees of some markdown: without markup, link targets and extra space."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"[#*_>`~\[\]|-]+", " ", text)
    return " ".join(text.split())


class _Kind(NamedTuple):
    """A kind of content file: its front matter's checks, and how its page is made."""

    keys: dict[str, Check]
    page: Callable[[str, dict[str, Any], dict[str, int], int, tuple[str, str]], Page]


_ARTICLE = _Kind(ARTICLE_KEYS, _page)  # articles and plain pages
_KINDS = {JOBS: _Kind(JOB_KEYS, _job_page), EMPLOYERS: _Kind(EMPLOYER_KEYS, _employer_page)}


def read_body(page: Page, root: Path) -> str | None:
    """A page's markdown body, read from its file again (None if the file changed since the page was made)."""
    try:
        text = (root / page.source).read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None
    return _YAML.split(text)[1] if _sha(page.source, text) == page.digest else None


def _sha(source: str, text: str) -> str:
    return hashlib.sha256(f"{source}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
