"""Markdown to HTML with markdown-it-py: heading ids, a table of contents, and checked links."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .errors import Problem, did_you_mean, error
from .links import AnchorLink, Link, Resolver, link_target

if TYPE_CHECKING:  # markdown-it is imported when a parser is made: builds with nothing to render skip it
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

# Ids the layouts use; a heading never takes one, so it cannot clobber them.
RESERVED_IDS = frozenset({"main", "content", "top", "toc", "search", "menu", "worksheet", "worksheet-data"})


class Heading(NamedTuple):
    """A heading of a page, with its id, for the table of contents and anchor checks."""

    level: int
    id: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Rendered:
    """One page's markdown, rendered: the HTML and what was found on the way."""

    html: str
    headings: tuple[Heading, ...]
    anchor_links: tuple[AnchorLink, ...]
    links: tuple[Link, ...]
    problems: tuple[Problem, ...]
    words: int
    lookups: tuple[tuple[str, str | None], ...]  # every link target looked up, and what it resolved to


@dataclass(slots=True)
class _Env:
    source: str
    body_line: int
    resolver: Resolver
    headings: list[Heading] = field(default_factory=list)
    anchor_links: list[AnchorLink] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lookups: dict[str, str | None] = field(default_factory=dict)


class Parser:
    """CommonMark plus GFM tables, strikethrough, task lists and footnotes; raw HTML only if allowed.

    A plugin's rules run on every body, but act only where its syntax is: the footnote rules try every
    `[`, `^` and block (3 % of a parse). So each body is parsed by a markdown-it with just the rules its
    text can use; the HTML is the same as with all of them.
    """

    def __init__(self, allow_html: bool) -> None:
        self.allow_html = allow_html
        self._made: dict[tuple[bool, bool], MarkdownIt] = {}

    def for_body(self, body: str) -> MarkdownIt:
        """The parser for a body: with footnotes only if it has `[^` or `^[`, task lists only if `[ ]`/`[x]`."""
        footnotes = "^" in body and ("[^" in body or "^[" in body)  # a bare `^` is rare: one quick scan
        plugins = (footnotes, _TASK_BOX.search(body) is not None)
        found = self._made.get(plugins)
        if found is None:
            found = self._made[plugins] = _markdown_it(self.allow_html, *plugins)
        return found


# What starts a task list item's text (GFM); a body without it has no tasks
_TASK_BOX = re.compile(r"\[[ xX]\]")


def _markdown_it(allow_html: bool, footnotes: bool, task_lists: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": allow_html}).enable(["table", "strikethrough"])
    if task_lists:
        md.core.ruler.after("inline", "task_lists", _task_lists)
    if footnotes:
        md.use(footnote_plugin)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("resolve_links", _resolve_links)
    md.core.ruler.push("focusable_tables", _focusable_tables)
    return md


def render_markdown(parser: Parser, source: str, body: str, body_line: int, resolver: Resolver) -> Rendered:
    """Render a page body; links are rewritten to final URLs and broken ones reported at their line."""
    env = _Env(source, body_line, resolver)
    html = parser.for_body(body).render(body, {"page": env})
    return Rendered(
        html=html,
        headings=tuple(env.headings),
        anchor_links=tuple(env.anchor_links),
        links=tuple(env.links),
        problems=tuple(env.problems),
        words=len(body.split()),
        lookups=tuple(sorted(env.lookups.items())),
    )


_NOT_IN_SLUG = re.compile(r"[^\w\s-]")
_SLUG_GAPS = re.compile(r"[\s-]+")


def slugify(text: str) -> str:
    """A stable, unicode-safe id: lowercase letters and digits joined by hyphens."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _NOT_IN_SLUG.sub("", text).replace("_", " ")
    return _SLUG_GAPS.sub("-", text).strip("-") or "section"


def _plain_text(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


# A task: a list item whose first paragraph starts with a box and whitespace (GFM)
_TASK = re.compile(r"\[[ xX]\][ \t\n\v\f\r]+")
# Each checkbox is wrapped in a label with its item's text: an unlabelled control fails WCAG 4.1.2. The
# HTML is what mdit-py-plugins' task-list plugin makes with `label=True` (test_markdown holds them equal),
# but a box followed by a tab or a line break is a box here, as in GFM (the plugin dropped it unshown).
# Its rule calls four functions on every token of a body; this one looks at list items alone (2 % of a page).
_CHECKBOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'
_BOXES = {" ": _CHECKBOX.format(""), "x": _CHECKBOX.format('checked="checked" ')}
_BOXES["X"] = _BOXES["x"]


def _task_lists(state: StateCore) -> None:
    from markdown_it.token import Token

    tokens = state.tokens
    for i in range(len(tokens) - 3):
        item = tokens[i]
        if item.type != "list_item_open" or tokens[i + 1].type != "paragraph_open":
            continue
        inline = tokens[i + 2]
        if inline.type != "inline" or not inline.children or _TASK.match(inline.content) is None:
            continue
        box = _BOXES[inline.content[1]]  # followed by a tab or a line break too (the plugin showed none)
        first = inline.children[0]
        first.content = first.content[3:]
        inline.content = inline.content[3:]
        inline.children[:0] = [Token("html_inline", "", 0, content="<label>"), Token("html_inline", "", 0, content=box)]
        inline.children.append(Token("html_inline", "", 0, content="</label>"))
        item.attrSet("class", "task-list-item")
        parent = i - 1  # the list: the nearest token before the item one level out
        while parent >= 0 and tokens[parent].level != item.level - 1:
            parent -= 1
        tokens[parent].attrSet("class", "contains-task-list")


def _focusable_tables(state: StateCore) -> None:
    """On the narrowest phones a wide table scrolls in its own box; tabindex lets a keyboard scroll it."""
    for token in state.tokens:
        if token.type == "table_open":
            token.attrSet("tabindex", "0")


def _heading_ids(state: StateCore) -> None:
    page: _Env | None = state.env.get("page")
    taken: set[str] = set(RESERVED_IDS)
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = _plain_text(tokens[i + 1])
        base = slugify(text)
        candidate, n = base, 1
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        token.attrSet("id", candidate)
        if page is not None:
            line = page.body_line + (token.map[0] if token.map else 0)
            page.headings.append(Heading(int(token.tag[1]), candidate, text, line))


def _resolve_links(state: StateCore) -> None:
    page: _Env | None = state.env.get("page")
    if page is None:
        return
    own_ids = {h.id for h in page.headings}
    block_line = 0
    for token in state.tokens:
        if token.map:
            block_line = token.map[0]
        if token.type != "inline" or not token.children:
            continue
        if "[" not in token.content and "<" not in token.content:  # no link, image or autolink in its text
            continue
        offset = 0
        children = token.children
        for i, child in enumerate(children):
            if child.type in ("softbreak", "hardbreak"):
                offset += 1
            elif child.type in ("link_open", "image"):
                attr = "href" if child.type == "link_open" else "src"
                href = str(child.attrGet(attr) or "")
                line = page.body_line + block_line + offset
                text = child.content if child.type == "image" else _link_text(children, i)
                page.links.append(Link(href, text, line, child.type == "image"))
                new = _resolve(href, line, page, own_ids)
                if new is not None:
                    child.attrSet(attr, new)


def _link_text(children: list[Token], start: int) -> str:
    parts: list[str] = []
    for child in children[start + 1 :]:
        if child.type == "link_close":
            break
        parts.append(child.content)
    return "".join(parts)


def _resolve(href: str, line: int, page: _Env, own_ids: set[str]) -> str | None:
    """The final URL for a link as written, or None to leave it; problems go to the page."""
    resolver = page.resolver

    def fail(message: str) -> None:
        page.problems.append(error(page.source, line, f"link `{href}`: {message}"))

    path, _, anchor = href.partition("#")
    if path.startswith("/") and path.endswith("/") and path.count("/") > 1:  # a generated page: `/jobs/`
        found = page.lookups[path] = resolver.lookup(path)
        if found is None:
            choices = sorted(f"/{url}" for url in resolver.generated)
            fail(f"no generated page {path}{did_you_mean(path, choices)}; link to an article by its file")
            return None
        return resolver.url(found) + (f"#{anchor}" if anchor else "")
    target = link_target(page.source, href)
    if target is None:
        if href and not path and anchor not in own_ids:  # a heading on this page
            fail(f"no heading with id `{anchor}` on this page{did_you_mean(anchor, sorted(own_ids))}")
        return None
    found = page.lookups[target] = resolver.lookup(target)
    if target.endswith(".md"):
        if found is not None and found.startswith("!"):
            if found != "!has errors":  # those are reported on the page itself
                fail(f"{target} {found[1:]}")
            return None
        url = found
        if url is None:
            others = [s for s in resolver.page_urls if s != page.source]
            fail(f"no page {target}{did_you_mean(target, others)}")
            return None
        if anchor:
            page.anchor_links.append(AnchorLink(target, anchor, line))
        return resolver.url(url) + (f"#{anchor}" if anchor else "")
    if found is not None:
        return resolver.url(found) + (f"#{anchor}" if anchor else "")
    if target.startswith("static/"):
        fail(f"no file {target}{did_you_mean(target, list(resolver.static_urls))}")
    else:
        fail("link to a page by its source file (`other-article.md`) or to a file in static/")
    return None


def table_of_contents(headings: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """The headings worth listing: levels 2 and 3."""
    return tuple(h for h in headings if h.level in (2, 3))
