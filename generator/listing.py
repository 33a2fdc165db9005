"""A generated list's pages: each page of all articles, a topic's, a tag's, a reading path's, the job board
or an employer's roles is a `Listing` with its cards; `paginate` cuts a list into them."""

from __future__ import annotations

from dataclasses import dataclass

from .board import Choices
from .content import Card


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a generated list: of all articles, one topic's, one tag's, or the job board's roles."""

    kind: str  # "articles", "topic", "tag", "journey", "jobs" (the job board) or "employer" (its roles)
    key: str  # the topic, tag, journey or employer slug; "" for all articles and the board
    url: str  # this page's URL
    title: str
    description: str
    articles: tuple[Card, ...]  # the cards on this page
    number: int = 1  # this page's place in the list, from 1
    page_count: int = 1
    total: int = 0  # cards on all the list's pages
    first_url: str = ""  # page 1's URL: the list's own
    choices: Choices | None = None  # the job board's: what its filters offer (every open role's values)

    def page_url(self, number: int) -> str:
        """The URL of another page of this list."""
        return paged_url(self.first_url, number)

    @property
    def previous_url(self) -> str | None:
        """The page before this one, if any."""
        return self.page_url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        """The page after this one, if any."""
        return self.page_url(self.number + 1) if self.number < self.page_count else None

    @property
    def nearby(self) -> tuple[int | None, ...]:
        """The page numbers its pager links (see `nearby_pages`)."""
        return nearby_pages(self.number, self.page_count)


def nearby_pages(number: int, count: int) -> tuple[int | None, ...]:
    """The page numbers a pager on page `number` of `count` links: the first, the last and two either
    side of this one; None where pages are left out between them."""
    wanted = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    shown: list[int | None] = []
    for n in wanted:
        if shown and n - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(n)
    return tuple(shown)


def paged_url(first_url: str, number: int) -> str:
    """Page `number` of the list at `first_url`: the list's own URL for page 1, else `.../page/N/`."""
    return first_url if number == 1 else f"{first_url}page/{number}/"


def paginate(
    kind: str,
    key: str,
    url: str,
    title: str,
    description: str,
    cards: tuple[Card, ...],
    size: int,
    choices: Choices | None = None,
) -> list[Listing]:
    """A list's pages of at most `size` cards each (an empty list has one page, which says so)."""
    count = max(1, -(-len(cards) // size))
    return [
        Listing(
            kind,
            key,
            paged_url(url, n),
            title,
            description,
            cards[(n - 1) * size : n * size],
            n,
            count,
            len(cards),
            url,
            choices,
        )
        for n in range(1, count + 1)
    ]
