"""A posting's HTML description -> safe markdown for a listing's body: sanitised with nh3 (no script,
style, event handlers or `javascript:` links), converted with markdownify, then shaped so `check
--strict` has nothing to say of it (headings from `##` with no skipped level, links that name where
they go, absolute addresses, a sensible length)."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urljoin, urlsplit

import nh3
from markdownify import MarkdownConverter

MAX_HTML = 200_000  # characters of sanitised HTML converted; more is cut (a description is never this long)
MAX_MARKDOWN = 15_000  # characters of markdown kept, cut at a paragraph
SHORTENED = "*The description is shortened here; the employer's posting has all of it.*"
_TAGS = {"p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "a", "ul", "ol", "li", "blockquote", "code"}
_TAGS |= {"pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "div", "span"}
# Removed with everything in them, not just their tags
_DROPPED = {"script", "style", "iframe", "noscript", "template", "svg", "math", "object", "embed", "head", "title"}
_SCHEMES = {"http", "https", "mailto"}
# Link text that says nothing of where it goes: check.py warns about the same (a test keeps them in step)
VAGUE_LINK_TEXT = frozenset(
    {"click here", "here", "read more", "more", "this", "link", "this link", "this article", "go"}
)
_BARE_URL = re.compile(r"(https?://|www\.)\S+")


def posting_markdown(description: str, base_url: str) -> str:
    """The description as markdown; relative links are read against `base_url` (the posting's page)."""
    clean = nh3.clean(
        description[: MAX_HTML * 4],
        tags=_TAGS,
        clean_content_tags=_DROPPED,
        attributes={"a": {"href"}},
        attribute_filter=lambda tag, attr, value: _href(value, base_url) if attr == "href" else value,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    converter = MarkdownConverter(
        heading_style="ATX", bullets="-", autolinks=False, newline_style="backslash", escape_misc=True
    )  # escape_misc: text that looks like markdown or HTML (`[x](y)`, `<b>`) stays text
    markdown = converter.convert(_named_links(clean[:MAX_HTML]))
    return _shortened(_tidy(_outline(markdown)))


def _href(value: str, base_url: str) -> str | None:
    """An address made absolute, with the characters that end a markdown link escaped; None drops it."""
    try:
        absolute = urljoin(base_url, value.strip())
        scheme = urlsplit(absolute).scheme
    except ValueError:
        return None
    if scheme not in _SCHEMES:
        return None
    return quote(absolute, safe=":/?#[]@!$&'*+,;=%~")


_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)  # as nh3 writes a link


def _named_links(clean: str) -> str:
    """Links whose text says nothing of where they go (`click here`, a bare address) get their
    address as text: `acme.example/benefits`."""

    def name(link: re.Match[str]) -> str:
        href, inner = link.group(1), link.group(2)
        label = html.unescape(re.sub(r"<[^>]*>", "", inner)).strip()
        if label.lower().rstrip(".!") in VAGUE_LINK_TEXT or _BARE_URL.fullmatch(label):
            return f'<a href="{href}">{html.escape(_address(html.unescape(href)))}</a>'
        return link.group(0)

    return _LINK.sub(name, clean)


def _address(href: str) -> str:
    """Where a link goes, as its text: `acme.example/benefits`, `jobs@acme.example`."""
    parts = urlsplit(href)
    if parts.scheme == "mailto":
        return parts.path
    return (parts.hostname or "").removeprefix("www.") + parts.path.rstrip("/")


def _tidy(markdown: str) -> str:
    """No trailing spaces, no non-breaking spaces, at most one blank line in a row, one final newline."""
    lines = [line.replace("\xa0", " ").rstrip() for line in markdown.strip().splitlines()]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n" if text.strip() else ""


def _outline(markdown: str) -> str:
    """Headings as the site's outline wants them: the first level used becomes `##`, and none skips a
    level (the page's title is its only h1); an empty heading is dropped."""
    lines = markdown.split("\n")
    fenced = False
    used = sorted({len(m.group(1)) for line in lines if (m := re.match(r"^(#{1,6}) \S", line))})
    rank = {level: n for n, level in enumerate(used)}
    previous = 1
    out: list[str] = []
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"^(#{1,6})(?: (.*))?$", line)
        if heading is None:
            out.append(line)
            continue
        text = (heading.group(2) or "").strip().rstrip("#").strip()
        if not text:
            continue
        level = min(rank[len(heading.group(1))] + 2, previous + 1, 6)
        previous = level
        out.append("#" * level + " " + text)
    return "\n".join(out)


def _shortened(markdown: str) -> str:
    """At most MAX_MARKDOWN characters, cut at the end of a paragraph, with a note saying so."""
    if len(markdown) <= MAX_MARKDOWN:
        return markdown
    cut = markdown.rfind("\n\n", 0, MAX_MARKDOWN)
    kept = markdown[: cut if cut > 0 else MAX_MARKDOWN].rstrip()
    if kept.count("```") % 2:
        kept += "\n```"
    return f"{kept}\n\n{SHORTENED}\n"
