"""Links between pages as editors write them (source paths): where one points, and whether it lands."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from .errors import Problem, did_you_mean, error

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


class AnchorLink(NamedTuple):
    """A link to `#anchor` in another page; it is checked once every page's headings are known."""

    target: str  # source path of the page linked to
    anchor: str
    line: int


class Link(NamedTuple):
    """A link or image as written, for the editorial checks."""

    href: str
    text: str
    line: int
    image: bool


def link_target(source: str, href: str) -> str | None:
    """The source path a link written in `source` points at (`content/articles/x.md`, `static/a.png`);
    None for a link to another site or to a heading on the same page."""
    if not href or _SCHEME.match(href):
        return None
    path = href.partition("#")[0].split("?", 1)[0]
    if not path:
        return None
    if path.startswith("/"):  # the site's root: a static file
        return posixpath.normpath("static" + path)
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


@dataclass(frozen=True, slots=True)
class Resolver:
    """What links may point at: pages by source path, and static files."""

    page_urls: dict[str, str]  # "content/articles/x.md" -> "articles/x/"
    static_urls: dict[str, str]  # "static/img/a.png" -> "img/a.png" (fingerprinted for css/js)
    url: Callable[[str], str]  # site-relative -> URL with the base path
    held_back: dict[str, str] = field(default_factory=dict)  # pages not in this build -> why
    generated: frozenset[str] = frozenset()  # pages with no source file ("jobs/", "topics/prep/")

    def resolves_as(self, other: Resolver) -> bool:
        """Whether every link target resolves here as in `other` (whose `url` adds the same base path)."""
        return (
            self.page_urls == other.page_urls
            and self.static_urls == other.static_urls
            and self.held_back == other.held_back
            and self.generated == other.generated
        )

    def lookup(self, target: str) -> str | None:
        """What a link target resolves to: a URL, `!reason` for a held-back page, or None if missing.
        A target written from the site's root with a trailing slash (`/jobs/`) is a generated page."""
        if target in self.held_back:
            return "!" + self.held_back[target]
        if target.startswith("/"):
            return target[1:] if target[1:] in self.generated else None
        return self.page_urls.get(target) if target.endswith(".md") else self.static_urls.get(target)


def broken_anchors(
    links: Iterable[tuple[str, AnchorLink]], heading_ids: Mapping[str, Collection[str]]
) -> list[Problem]:
    """Links (with the source they are in) to `page.md#anchor` whose page has no such heading; pages
    missing from `heading_ids` are not checked."""
    problems = []
    for source, link in links:
        known = heading_ids.get(link.target)
        if known is not None and link.anchor not in known:
            hint = did_you_mean(link.anchor, sorted(known))
            message = f"link to `{link.target}#{link.anchor}`: that page has no heading with this id{hint}"
            problems.append(error(source, link.line, message))
    return problems
