"""Whether a page's frame is still current: it picks the same pages (related, neighbours, newest) and
shows each of them as it was (their cards)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .cache import FrameRecord
from .pages import Renderer
from .site import Site

Tags = tuple[str, ...]


def still_shows(record: FrameRecord, shown: set[tuple[str, str]]) -> bool:
    """The cards a frame showed are unchanged (with the same structure, so are the pages it picks)."""
    return record[1] is not None and all(map(shown.__contains__, record[1]))  # issuperset would copy it


def frames_that_stand(
    site: Site, structure: str, last_structure: str, tags: Iterable[tuple[str, Tags, Tags]]
) -> Callable[[str], bool] | None:
    """Which pages' frames pick the same pages as in the last build, by the structure keys of both
    (`structure_key`) and `tags`: the source and the tags then and now of at least every page whose front
    matter changed. None if a page came, went or moved: then any frame may pick others.

    After a change of tags alone, only related articles can change, and the ranking for a page changes
    only if the page counts one of the tags added or taken away (the score is 2 x shared tags + same
    topic): every other page's frame stands, but those of the pages retagged."""
    by_source = site.by_source
    if structure == last_structure:
        return by_source.__contains__
    if structure.partition(":")[0] != last_structure.partition(":")[0]:
        return None
    retagged: set[str] = set()
    changed: set[str] = set()  # tags added to or taken from a page
    for source, old, new in tags:
        if old != new:
            retagged.add(source)
            changed.update(set(old) ^ set(new))
    return lambda source: source in by_source and source not in retagged and changed.isdisjoint(by_source[source].tags)


def picks_since(
    renderer: Renderer, last: Renderer, structure: str, last_structure: str
) -> Callable[[str], bool] | None:
    """Which pages' frames pick the same pages as in `last`, a build of the same process before this one
    (whose structure key was `last_structure`), with every link resolved the same; None for none: another
    build date or other link targets, or see `frames_that_stand`."""
    if not (
        renderer.site.board.today == last.site.board.today
        and renderer.search_in_parts == last.search_in_parts
        and renderer.resolver.resolves_as(last.resolver)
    ):
        return None
    site, was = renderer.site, last.site.by_source
    parsed = [page for source in renderer.loaded.bodies if (page := site.by_source.get(source))]
    tags = ((p.source, was[p.source].tags if p.source in was else (), p.tags) for p in parsed)  # only they changed
    return frames_that_stand(site, structure, last_structure, tags)
