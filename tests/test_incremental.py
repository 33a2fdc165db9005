"""Cached and incremental builds write exactly what a cold build writes, byte for byte.

Hypothesis applies random sequences of edits to a small site and, after each one, compares an
incremental build (cache kept between builds) with a cold one. Examples per run:
NEXT_ROUND_EXAMPLES (default 12; CI keeps the default, run `NEXT_ROUND_EXAMPLES=300 pytest ...` locally).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, build
from generator.content import Card
from generator.errors import BuildError
from generator.load import Reuse, load_site
from generator.pages import frame_record
from generator.session import Session

from .conftest import FIXTURES, MakeSite, article

EXAMPLES = int(os.environ.get("NEXT_ROUND_EXAMPLES", "12"))
NAMES = [f"a{i}" for i in range(5)]
TAGS = ["alpha", "beta", "gamma"]

Edit = Callable[[Path], None]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sources(root: Path) -> dict[str, bytes]:
    """The site's input files (not its build cache)."""
    return {rel: data for rel, data in snapshot(root).items() if not rel.startswith(".cache/")}


def _article_path(root: Path, name: str) -> Path:
    return root / "content/articles" / f"{name}.md"


def add(name: str, title: str, tags: list[str], day: int) -> Edit:
    def apply(root: Path) -> None:
        tag_list = "[" + ", ".join(tags) + "]"
        body = f"Text for {title}. See [the first](first.md#getting-started).\n\n## Part {day}\n\nMore.\n"
        _article_path(root, name).write_text(article(title, tags=tag_list, date=f"2026-05-{day:02d}", body=body))

    apply.__name__ = f"add({name}, {title!r}, {tags}, {day})"
    return apply


def change(name: str, field: str, value: str) -> Edit:
    def apply(root: Path) -> None:
        path = _article_path(root, name)
        if not path.exists():
            return
        text = path.read_text()
        head, sep, body = text.partition("\n---\n")
        lines = [line for line in head.split("\n") if not line.startswith(f"{field}:")]
        if field == "body":
            path.write_text(head + sep + body + f"\n{value}\n")
            return
        lines.append(f"{field}: {value}")
        path.write_text("\n".join(lines) + sep + body)

    apply.__name__ = f"change({name}, {field}, {value!r})"
    return apply


def delete(name: str) -> Edit:
    def apply(root: Path) -> None:
        _article_path(root, name).unlink(missing_ok=True)

    apply.__name__ = f"delete({name})"
    return apply


def rename(name: str, new: str) -> Edit:
    def apply(root: Path) -> None:
        path = _article_path(root, name)
        if path.exists() and not _article_path(root, new).exists():
            path.rename(_article_path(root, new))

    apply.__name__ = f"rename({name}, {new})"
    return apply


def touch_file(rel: str, text: str) -> Edit:
    def apply(root: Path) -> None:
        path = root / rel
        content = path.read_text()
        if rel.endswith(".html"):
            path.write_text(content.replace("</h1>", f"</h1><!-- {text} -->", 1))
        elif rel.endswith(".css"):
            path.write_text(content + f"/* {text} */\n")
        else:
            path.write_text(content.replace('title = "Fixture"', f'title = "Fixture {text}"'))

    apply.__name__ = f"touch({rel}, {text!r})"
    return apply


names = st.sampled_from(NAMES)
words = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool)
edits = st.one_of(
    st.builds(add, names, words.map(str.title), st.lists(st.sampled_from(TAGS), unique=True, max_size=3),
              st.integers(1, 28)),
    st.builds(change, names, st.just("body"), words),
    st.builds(change, names, st.just("title"), words.map(lambda w: f'"{w.title()}"')),
    st.builds(change, names, st.just("tags"), st.lists(st.sampled_from(TAGS), unique=True).map(
        lambda t: "[" + ", ".join(t) + "]")),
    st.builds(change, names, st.just("topic"), st.sampled_from(["prep", "after"])),
    st.builds(change, names, st.just("date"), st.integers(1, 28).map(lambda d: f"2026-06-{d:02d}")),
    st.builds(change, names, st.just("draft"), st.sampled_from(["true", "false"])),
    st.builds(delete, names),
    st.builds(rename, names, names),
    st.builds(touch_file, st.sampled_from(["layouts/article.html", "layouts/list.html", "static/css/site.css",
                                           "site.toml"]), words),
)  # fmt: skip


def set_build_options(root: Path, **options: int | None) -> None:
    """Add a [build] table with these settings (those that are not None) to the site's site.toml."""
    lines = "".join(f"{name} = {value}\n" for name, value in options.items() if value is not None)
    if lines:
        config = root / "site.toml"
        config.write_text(config.read_text() + f"\n[build]\n{lines}")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(edits, min_size=1, max_size=6), st.sampled_from([None, 0, 2]), st.booleans(), st.sampled_from([None, 1, 2])
)
def test_incremental_equals_cold(
    sequence: list[Edit], search: int | None, in_memory: bool, page_size: int | None
) -> None:
    """`search`: None builds no search index; 0 one index; 2 an index in parts of about two pages (each
    part re-indexed only when one of its pages changed). `in_memory` keeps the cache in a Session
    between builds, as `serve` does, and tells it which files changed, as serve's watcher does (it then
    trusts the rest without a stat). `page_size` 1 or 2 splits the lists into pages, which the edits
    add to, shift and remove."""
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "site"
        shutil.copytree(FIXTURES / "minimal", root)
        set_build_options(root, pages_per_search_index=search, page_size=page_size)
        incremental, cold = Path(temp) / "inc", Path(temp) / "cold"
        session = Session(root, incremental, watched=True) if in_memory else None
        options = BuildOptions(out=incremental, jobs=1, search=search is not None)
        try:
            build(root, options, session)
            for edit in sequence:
                before = sources(root)
                edit(root)
                if session is not None:
                    after = sources(root)
                    session.note_changes(
                        str(root / rel) for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)
                    )
                build(root, options, session)
                shutil.rmtree(cold, ignore_errors=True)
                build(root, BuildOptions(out=cold, jobs=1, cache=False, search=search is not None))
                assert snapshot(incremental) == snapshot(cold), edit.__name__
        finally:
            if session is not None:
                session.close()  # it stops the search service a session with a search index starts


JOB_BODY = "The work, who it suits and how to apply, in enough words to pass the length check. " * 4


def post(name: str, employer: str, pay: int, day: int, days: int) -> Edit:
    def apply(root: Path) -> None:
        path = root / "content/jobs" / f"{name}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"---\ntitle: Role {name}\nemployer: {employer}\ndate_posted: 2026-06-{day:02d}\n"
            f"valid_through: {dt.date(2026, 6, day) + dt.timedelta(days=days)}\nemployment_type: FULL_TIME\n"
            f"workplace: remote\napplicant_countries: [US]\nsalary: {{min: {pay}, max: {pay + 5000}, currency: USD, "
            f"period: YEAR}}\napply_url: https://jobs.example/{name}\n---\n\n{JOB_BODY}\n"
        )

    apply.__name__ = f"post({name}, {employer}, {pay}, {day}, {days})"
    return apply


def rename_employer(slug: str, name: str) -> Edit:
    def apply(root: Path) -> None:
        (root / "content/employers" / f"{slug}.md").write_text(
            f"---\nname: {name}\nwebsite: https://{slug}.example/\n---\n\nWhat {name} does.\n"
        )

    apply.__name__ = f"rename_employer({slug}, {name!r})"
    return apply


def withdraw(name: str) -> Edit:
    def apply(root: Path) -> None:
        (root / "content/jobs" / f"{name}.md").unlink(missing_ok=True)

    apply.__name__ = f"withdraw({name})"
    return apply


def later(days: int) -> Edit:
    """Not an edit of a file: the next builds happen `days` later (listings close meanwhile)."""

    def apply(root: Path) -> None:
        pass

    apply.__name__ = f"later({days})"
    apply.days = days  # type: ignore[attr-defined]
    return apply


JOB_NAMES = st.sampled_from(["j1", "j2", "j3"])
EMPLOYER_SLUGS = st.sampled_from(["acme", "bolt"])
board_edits = st.one_of(
    st.builds(post, JOB_NAMES, EMPLOYER_SLUGS, st.sampled_from([50000, 60000]), st.integers(1, 20), st.integers(1, 20)),
    st.builds(rename_employer, EMPLOYER_SLUGS, words.map(str.title)),
    st.builds(withdraw, JOB_NAMES),
    st.builds(later, st.integers(1, 15)),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(board_edits, min_size=1, max_size=6), st.booleans(), st.sampled_from([None, 1, 2]))
def test_the_job_board_built_incrementally_equals_a_cold_build(
    sequence: list[Edit], in_memory: bool, page_size: int | None
) -> None:
    """Listings posted, edited and withdrawn, employers renamed, and days passing (listings close): after
    each, an incremental build equals a cold build on the same build date, byte for byte; with a small
    `page_size`, across board pages that appear, shift and go."""
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "site"
        shutil.copytree(FIXTURES / "minimal", root)
        set_build_options(root, page_size=page_size)
        for slug in ("acme", "bolt"):
            (root / "content/employers").mkdir(exist_ok=True)
            rename_employer(slug, slug.title())(root)
        post("j1", "acme", 50000, 1, 10)(root)
        today = dt.date(2026, 6, 21)
        incremental, cold = Path(temp) / "inc", Path(temp) / "cold"
        session = Session(root, incremental, watched=True) if in_memory else None
        build(root, BuildOptions(out=incremental, jobs=1, search=False, today=today), session)
        for edit in sequence:
            before = sources(root)
            edit(root)
            today += dt.timedelta(days=getattr(edit, "days", 0))
            if session is not None:
                after = sources(root)
                session.note_changes(
                    str(root / rel) for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)
                )
            build(root, BuildOptions(out=incremental, jobs=1, search=False, today=today), session)
            shutil.rmtree(cold, ignore_errors=True)
            build(root, BuildOptions(out=cold, jobs=1, cache=False, search=False, today=today))
            assert snapshot(incremental) == snapshot(cold), edit.__name__


def inodes(folder: Path) -> dict[str, int]:
    """Every HTML file under `folder` with its inode: a file written again gets a new one (a build writes
    each changed file as a new file and moves it in; an unchanged one is hard-linked or left in place)."""
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


def test_an_edit_rewrites_only_what_shows_it(make_site: MakeSite) -> None:
    root = make_site({f"content/articles/{n}.md": article(n.upper(), tags="[solo]") for n in ("x", "y")})
    out = root / "public"
    first = build(root, BuildOptions(out=out, jobs=1))
    before = inodes(out)

    change("x", "body", "A new closing line.")(root)
    second = build(root, BuildOptions(out=out, jobs=1))
    after = inodes(out)
    assert after.keys() == before.keys()
    assert {rel for rel, inode in after.items() if inode != before[rel]} == {"articles/x/index.html"}
    assert (first.rendered, second.rendered) == (first.pages, 1)

    before = after
    change("x", "title", '"X renamed"')(root)
    third = build(root, BuildOptions(out=out, jobs=1))
    after = inodes(out)
    assert after.keys() == before.keys()
    changed = {rel for rel, inode in after.items() if inode != before[rel]}
    # x itself; every page that shows its title: related or next/previous (all share its topic), the home
    # page's newest articles, and the lists of all articles, its topic and its tag
    assert changed == {
        "articles/x/index.html",
        "articles/y/index.html",
        "articles/first/index.html",
        "articles/second/index.html",
        "index.html",
        "articles/index.html",
        "topics/prep/index.html",
        "tags/solo/index.html",
    }
    assert third.rendered == len(changed)


def test_no_change_build_writes_nothing(make_site: MakeSite) -> None:
    root = make_site()
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    result = build(root, BuildOptions(out=out, jobs=1))
    assert result.rendered == 0
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == before


def corrupt_the_cache(root: Path) -> None:
    """Overwrite every file the builds keep under .cache/, whatever they are called."""
    kept = [path for path in (root / ".cache").rglob("*") if path.is_file()]
    assert kept  # a build keeps a cache there
    for path in kept:
        path.write_bytes(b"not a pickle")


def test_a_corrupt_cache_is_discarded_with_a_warning(make_site: MakeSite) -> None:
    root = make_site()
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    corrupt_the_cache(root)
    result = build(root, BuildOptions(out=out, jobs=1))
    assert result.rendered == result.pages  # built cold
    assert [w.message for w in result.warnings] == ["the build cache could not be read (UnpicklingError); built cold"]
    build(root, BuildOptions(out=root / "cold", jobs=1, cache=False))
    assert snapshot(out) == snapshot(root / "cold")


def test_after_a_corrupt_cache_the_next_builds_equal_cold_ones(make_site: MakeSite) -> None:
    root = make_site()
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    corrupt_the_cache(root)
    build(root, BuildOptions(out=out, jobs=1))  # cold, with a warning (see above)
    change("first", "title", '"First, renamed"')(root)  # shown on the second article: rendered again
    build(root, BuildOptions(out=out, jobs=1))
    build(root, BuildOptions(out=root / "cold", jobs=1, cache=False))
    assert snapshot(out) == snapshot(root / "cold")


def test_an_in_place_build_interrupted_while_moving_files_in_is_healed_by_the_next(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site()
    out = root / "public"
    options = BuildOptions(out=out, jobs=1, search=False)  # without a search index, builds change `out` in place
    build(root, options)
    change("first", "body", "A new line.")(root)
    change("second", "body", "Another line.")(root)

    # Ctrl-C after the first changed file was moved into the output, before the second. (There is no way to
    # stop a build at that moment from outside: the fault is injected into the rename that moves files in.)
    moved: list[str] = []
    rename = os.replace

    def interrupted_after_one(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(target).is_relative_to(out):
            if moved:
                raise KeyboardInterrupt
            moved.append(Path(target).relative_to(out).as_posix())
        rename(source, target)

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", interrupted_after_one)
        with pytest.raises(KeyboardInterrupt):
            build(root, options)
    assert len(moved) == 1  # the output is half new, half old

    result = build(root, options)
    assert result.rendered == result.pages  # nothing of the half-moved output is trusted
    build(root, BuildOptions(out=root / "cold", jobs=1, cache=False, search=False))
    assert snapshot(out) == snapshot(root / "cold")


def test_a_tampered_output_file_is_written_again(make_site: MakeSite) -> None:
    root = make_site()
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    page = out / "articles/first/index.html"
    good = page.read_bytes()
    page.write_bytes(b"tampered")
    build(root, BuildOptions(out=out, jobs=1))
    assert page.read_bytes() == good


def test_a_cached_page_renders_again_from_its_file(make_site: MakeSite) -> None:
    """The cache keeps no markdown bodies: a page whose link target moved reads its own file again."""
    root = make_site({
        "content/articles/x.md": article("X", body="Read [the other one](y.md) next.\n"),
        "content/articles/y.md": article("Y"),
    })  # fmt: skip
    long_ago = time.time() - 60  # older than the racy window, so the cache trusts the files by stat
    for path in (root / "content").rglob("*.md"):
        os.utime(path, (long_ago, long_ago))
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    change("y", "slug", "y-moved")(root)
    build(root, BuildOptions(out=out, jobs=1))
    cold = root / "cold"
    build(root, BuildOptions(out=cold, jobs=1, cache=False))
    assert '<a href="/sub/articles/y-moved/">the other one</a>' in (out / "articles/x/index.html").read_text()
    assert snapshot(out) == snapshot(cold)


def test_a_frame_is_reused_only_while_it_holds_nothing_but_cards_and_counts() -> None:
    card = Card("content/articles/x.md", "articles/x/", "X", "About x.", dt.date(2026, 1, 1), None, "prep", (), "m1")
    key, shown = frame_record({"page": None, "related": (card,), "previous": None, "article_count": 3})
    assert shown == (("content/articles/x.md", "m1"),)
    assert frame_record({"page": None, "related": (card,), "previous": None, "article_count": 3})[0] == key
    # a value that is not a card could come from another page's text: such a frame is worked out every time
    assert frame_record({"page": None, "titles": ("X",)})[1] is None


def test_a_watched_session_reads_what_the_watcher_names_and_trusts_the_rest(make_site: MakeSite) -> None:
    """serve tells its Session which files changed: those are read even when their stat looks the same
    (an edit within one timestamp tick, a tool that restores mtimes); the others are not even stat-ed."""
    root = make_site()
    long_ago = time.time() - 60  # older than the racy window, so files are trusted by their stat
    for path in (root / "content").rglob("*.md"):
        os.utime(path, (long_ago, long_ago))
    out = root / "serve-out"
    session = Session(root, out, watched=True)
    build(root, BuildOptions(out=out, jobs=1), session)

    def same_stat_edit(name: str, old: str, new: str) -> Path:
        path = _article_path(root, name)
        text = path.read_text()
        assert old in text and len(old) == len(new)  # same size, same inode, and the mtime put back
        path.write_text(text.replace(old, new, 1))
        os.utime(path, (long_ago, long_ago))
        return path

    session.note_changes([str(same_stat_edit("first", "title: First", "title: Fyrst"))])
    build(root, BuildOptions(out=out, jobs=1), session)
    assert "Fyrst" in (out / "articles/first/index.html").read_text()
    # not named by the watcher, and its stat unchanged: taken from the cache as it was
    same_stat_edit("second", "title: Second", "title: Secund")
    build(root, BuildOptions(out=out, jobs=1), session)
    assert "Secund" not in (out / "articles/second/index.html").read_text()
    assert session.changed == set()  # a good build starts the next count afresh
    # a folder moved in: the watcher may name only the folder, and every file in it is new
    articles = root / "content/articles"
    shutil.move(articles, root / "articles-before")
    shutil.copytree(root / "articles-before", articles)
    third = articles / "third.md"
    third.write_text((articles / "first.md").read_text().replace("title: Fyrst", "title: Third"))
    (articles / "first.md").write_text((articles / "first.md").read_text().replace("Fyrst", "Frist"))
    session.note_changes([str(articles)])
    build(root, BuildOptions(out=out, jobs=1), session)
    assert "Frist" in (out / "articles/first/index.html").read_text()
    assert "Third" in (out / "articles/third/index.html").read_text()


def test_a_small_edit_rewrites_a_small_share_of_the_cache(make_site: MakeSite) -> None:
    """The cache is kept in pieces, so that saving it after a one-article edit does not write all of it again."""
    root = make_site({f"content/articles/a{i}.md": article(f"A {i}", body="[First](first.md)\n") for i in range(40)})
    long_ago = time.time() - 60  # older than the racy window, so the cache trusts the files by stat
    for path in (root / "content").rglob("*.md"):
        os.utime(path, (long_ago, long_ago))
    out = root / "public"

    def cache_files() -> dict[Path, tuple[int, int, int]]:
        return {
            path: (path.stat().st_ino, path.stat().st_mtime_ns, path.stat().st_size)
            for path in (root / ".cache").rglob("*")
            if path.is_file()
        }

    build(root, BuildOptions(out=out, jobs=1, search=False))
    before = cache_files()
    change("first", "body", "One more line.")(root)
    build(root, BuildOptions(out=out, jobs=1, search=False))
    after = cache_files()
    written = sum(size for path, (*_, size) in after.items() if before.get(path) != after[path])
    # a cache written whole would rewrite all of its bytes; this edit touches one article of 43
    assert 0 < written * 5 < sum(size for *_, size in after.values())
    change("first", "body", "And another.")(root)
    result = build(root, BuildOptions(out=out, jobs=1, search=False))
    assert result.rendered == 1  # the cache as it was read back, pieces and all, still holds every page


def test_anchor_links_are_checked_again_when_either_end_changes(make_site: MakeSite) -> None:
    """Links between unchanged pages are known good from the last build; any change at either end is checked."""
    root = make_site()  # first.md links to second.md#details
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1))
    second = _article_path(root, "second")
    second.write_text(second.read_text().replace("## Details", "## Particulars"))
    with pytest.raises(BuildError) as failed:
        build(root, BuildOptions(out=out, jobs=1))
    assert "content/articles/first.md" in failed.value.problems[0].path
    assert "that page has no heading with this id" in failed.value.problems[0].message
    first = _article_path(root, "first")
    first.write_text(first.read_text().replace("second.md#details", "second.md#particulars"))
    build(root, BuildOptions(out=out, jobs=1))  # both ends changed since the last good build: checked, fine
    first.write_text(first.read_text().replace("second.md#particulars", "second.md#nowhere"))
    with pytest.raises(BuildError):
        build(root, BuildOptions(out=out, jobs=1))


def test_a_watched_session_finds_changes_that_came_without_an_event(make_site: MakeSite) -> None:
    """serve stats the content files now and then, in case the operating system dropped an event."""
    root = make_site()
    out = root / "serve-out"
    session = Session(root, out, watched=True)
    assert session.unnoticed() == []  # nothing built yet: nothing to compare with
    build(root, BuildOptions(out=out, jobs=1), session)
    assert session.unnoticed() == []
    change("first", "body", "An edit no event told of.")(root)
    (root / "content/articles/new.md").write_text(article("New"))
    _article_path(root, "second").unlink()
    missed = ["content/articles/first.md", "content/articles/new.md", "content/articles/second.md"]
    assert session.unnoticed() == missed
    session.note_changes([str(root / rel) for rel in missed])
    assert session.unnoticed() == []  # named now: the next build reads them


def test_a_touched_file_is_read_but_not_parsed_again(make_site: MakeSite) -> None:
    root = make_site()
    before = load_site(root).sources
    os.utime(_article_path(root, "first"))  # a new mtime, the same bytes (a checkout, a sync tool)
    change("second", "body", "A new closing line.")(root)
    after = load_site(root, reuse=Reuse(before)).sources
    first, second = "content/articles/first.md", "content/articles/second.md"
    assert after[first].stat != before[first].stat  # read: its new stat is known
    assert after[first].page is before[first].page  # not parsed: the very page of the last load
    assert after[second].page is not None and after[second].page is not before[second].page


def _restored(source: Path, target: Path, *folders: str) -> None:
    """Copy `folders` of one clone into another as a CI cache restores them: every file new (new inode,
    a new modification time)."""
    later = time.time_ns() + 5_000_000_000
    for name in folders:
        shutil.copytree(source / name, target / name, symlinks=True)
        for path in (target / name).rglob("*"):
            os.utime(path, ns=(later, later), follow_symlinks=False)


def test_a_fresh_clone_given_another_clones_cache_builds_warm_and_equal_to_cold(
    make_site: MakeSite, tmp_path: Path
) -> None:
    first = make_site()
    build(first, BuildOptions(out=first / "public", jobs=1))
    clone = tmp_path / "clone"  # another path, every file new, as a CI runner's checkout
    shutil.copytree(first, clone, ignore=shutil.ignore_patterns(".cache", "public"))
    _restored(first, clone, ".cache", "public")
    before = {p.relative_to(clone).as_posix(): p.stat().st_ino for p in (clone / "public").rglob("*") if p.is_file()}
    tampered = clone / "public/articles/second/index.html"
    tampered.write_bytes(tampered.read_bytes().replace(b"<main", b"<MAIN"))  # same size, other bytes

    warm = build(clone, BuildOptions(out=clone / "public", jobs=1))

    assert warm.rendered == 1  # the tampered page; Pagefind did not run (its files are the restored ones)
    after = {p.relative_to(clone).as_posix(): p.stat().st_ino for p in (clone / "public").rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    assert {rel for rel in before if after[rel] != before[rel]} == {"public/articles/second/index.html"}
    cold = build(clone, BuildOptions(out=tmp_path / "cold", cache=False, jobs=1))
    assert snapshot(clone / "public") == snapshot(cold.out)
    assert build(clone, BuildOptions(out=clone / "public", jobs=1)).rendered == 0


def test_a_restored_cache_without_its_output_still_builds_what_a_cold_build_does(
    make_site: MakeSite, tmp_path: Path
) -> None:
    first = make_site()
    build(first, BuildOptions(out=first / "public", jobs=1))
    clone = tmp_path / "clone"
    shutil.copytree(first, clone, ignore=shutil.ignore_patterns(".cache", "public"))
    _restored(first, clone, ".cache")
    warm = build(clone, BuildOptions(out=clone / "public", jobs=1))
    assert warm.rendered == warm.pages  # no output to keep: every page is laid out again
    cold = build(clone, BuildOptions(out=tmp_path / "cold", cache=False, jobs=1))
    assert snapshot(clone / "public") == snapshot(cold.out)


def _cache_file_count(root: Path) -> int:
    return sum(1 for path in (root / ".cache").rglob("*") if path.is_file())


def test_the_cache_is_a_few_files_however_many_pages(make_site: MakeSite) -> None:
    """Creating one file per page costs seconds at 10,000 pages: page bodies go into a pack per process."""
    counts = []
    for n in (3, 60):
        root = make_site({f"content/articles/a{i}.md": article(f"A {i}") for i in range(n)})
        build(root, BuildOptions(out=root / "public", jobs=2, search=False))
        counts.append(_cache_file_count(root))
    assert counts[1] <= counts[0] + 1, counts  # one more pack, for the second worker process


def test_packs_are_repacked_and_a_damaged_one_is_rendered_around(make_site: MakeSite) -> None:
    root = make_site({f"content/articles/a{i}.md": article(f"A {i}") for i in range(4)})
    out = root / "public"
    build(root, BuildOptions(out=out, jobs=1, search=False))
    packs = next((root / ".cache").glob("build-*")) / "html"
    for i in range(20):  # each build's new bodies go into a new pack
        change("a0", "body", f"Edit number {i}.")(root)
        build(root, BuildOptions(out=out, jobs=1, search=False))
        assert len(list(packs.iterdir())) <= 2  # old bodies of a0 make the first pack mostly dead: repacked
    for pack in packs.iterdir():  # same size, other bytes: every page's kept body fails its check
        pack.write_bytes(bytes(len(pack.read_bytes())))
    change("a1", "title", '"A new title"')(root)  # a1's list neighbours are laid out again from kept bodies
    result = build(root, BuildOptions(out=out, jobs=1, search=False))
    assert result.rendered > 1
    cold = build(root, BuildOptions(out=root / "cold", cache=False, jobs=1, search=False))
    assert snapshot(out) == snapshot(cold.out)


def test_serve_after_a_body_edit_looks_again_only_at_the_edited_page(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the index unchanged, serve keeps its last reports of every other page (10,000 of them at
    that size) instead of checking each page's markdown and frame again; with the index changed but not
    what frames pick (a title edit), those of every page whose frame does not show the edited card."""
    from generator.content import Page
    from generator.facts import Facts
    from generator.incremental import Plan
    from generator.pages import Renderer

    root = make_site({f"content/articles/a{i}.md": article(f"A {i}") for i in range(5)})
    session = Session(root, root / "public", watched=True)
    options = BuildOptions(out=root / "public", jobs=1, search=False)
    build(root, options, session)
    looked_at: list[list[str]] = []
    usable = Plan._usable_markdown

    def spy(self: Plan, renderer: Renderer, facts: Facts, pages: list[Page]) -> dict[str, object]:
        looked_at.append([page.source for page in pages])
        return dict(usable(self, renderer, facts, pages))

    monkeypatch.setattr(Plan, "_usable_markdown", spy)
    change("a2", "body", "A new last line.")(root)
    session.note_changes([str(root / "content/articles/a2.md")])
    assert build(root, options, session).rendered == 1
    assert looked_at == [["content/articles/a2.md"]]
    # a new title: what frames pick stands, so only a3 and the pages whose frames show its card are looked at
    a3 = "content/articles/a3.md"
    showing = {source for source, r in session.reports.items() if r.frame and any(c[0] == a3 for c in r.frame[1])}
    change("a3", "title", '"Retitled"')(root)
    session.note_changes([str(root / a3)])
    build(root, options, session)
    assert sorted(looked_at[-1]) == sorted(showing | {a3}) and len(looked_at[-1]) < len(session.reports)
    cold = build(root, BuildOptions(out=root / "cold", cache=False, jobs=1, search=False))
    assert snapshot(root / "public") == snapshot(cold.out)
    change("a1", "date", "2026-01-15")(root)  # the index changes what frames pick: every page is looked at
    session.note_changes([str(root / "content/articles/a1.md")])
    build(root, options, session)
    assert len(looked_at[-1]) == len(session.reports) > 5
    cold = build(root, BuildOptions(out=root / "cold", cache=False, jobs=1, search=False))
    assert snapshot(root / "public") == snapshot(cold.out)


def test_serve_names_static_files_again_only_when_the_watcher_names_one(make_site: MakeSite) -> None:
    root = make_site()
    session = Session(root, root / "public", watched=True)
    options = BuildOptions(out=root / "public", jobs=1, search=False)
    build(root, options, session)
    before = session.assets
    for edit, path in (
        (change("first", "body", "Another line."), "content/articles/first.md"),
        (touch_file("static/css/site.css", "edited"), "static/css/site.css"),
    ):
        edit(root)
        session.note_changes([str(root / path)])
        build(root, options, session)
        cold = build(root, BuildOptions(out=root / "cold", cache=False, jobs=1, search=False))
        assert snapshot(root / "public") == snapshot(cold.out), path
        assert (session.assets is before) == path.startswith("content/"), path  # kept, or named again


def test_serve_keeps_its_renderer_and_config_until_the_watcher_names_what_they_are_made_from(
    make_site: MakeSite,
) -> None:
    """Compiling the layouts and loading site.toml on every save cost serve a tenth of a rebuild at 10,000
    pages: a body edit keeps them; a layout, a static file or site.toml named by the watcher does not."""
    root = make_site()
    session = Session(root, root / "public", watched=True)
    options = BuildOptions(out=root / "public", jobs=1, search=False)
    build(root, options, session)
    for edit, path, kept in (
        (change("first", "body", "Another line."), "content/articles/first.md", True),
        (touch_file("layouts/article.html", "edited"), "layouts/article.html", False),
        (touch_file("static/css/site.css", "edited"), "static/css/site.css", False),
        (touch_file("site.toml", "Edited"), "site.toml", False),
    ):
        before = session.renderer
        assert before is not None and session.site is not None
        config = session.site.config
        edit(root)
        session.note_changes([str(root / path)])
        build(root, options, session)
        cold = build(root, BuildOptions(out=root / "cold", cache=False, jobs=1, search=False))
        assert snapshot(root / "public") == snapshot(cold.out), path
        assert session.renderer is not None and (session.renderer.env is before.env) == kept, path
        assert (session.site.config is config) == (path != "site.toml"), path


def test_what_the_watcher_named_covers_files_in_named_folders(tmp_path: Path) -> None:
    session = Session(tmp_path, tmp_path / "public", watched=True)
    session.note_changes(["content/articles/a.md", "content/guides", "static"])
    sources = ["content/articles/a.md", "content/articles/b.md", "content/guides/c.md", "content/guidesx/d.md"]
    assert session.named_in(sources) == {"content/articles/a.md", "content/guides/c.md"}
    assert session.named_under("static") and session.named_under("static/css")
    assert not session.named_under("layouts")
    session.note_changes(["layouts/partials/x.html"])
    assert session.named_under("layouts") and not session.named_under("layouts/other")


def test_serve_lists_content_again_when_the_watcher_names_a_file_that_came_went_or_became_a_link(
    make_site: MakeSite,
) -> None:
    root = make_site()
    session = Session(root, root / "public", watched=True)
    options = BuildOptions(out=root / "public", jobs=1, search=False)
    build(root, options, session)
    new = root / "content/articles/new.md"
    steps: list[tuple[Callable[[], object], Path]] = [
        (lambda: new.write_text(article("New")), new),
        (lambda: new.rename(root / "content/articles/renamed.md"), new),
        (lambda: (root / "content/articles/renamed.md").unlink(), root / "content/articles/renamed.md"),
    ]
    for step, path in steps:
        step()
        session.note_changes([str(path)])
        build(root, options, session)
        cold = build(root, BuildOptions(out=root / "cold", cache=False, jobs=1, search=False))
        assert snapshot(root / "public") == snapshot(cold.out)
    assert not (root / "public/articles/renamed/index.html").exists()
    new.symlink_to(root / "content/articles/first.md")
    session.note_changes([str(new)])
    with pytest.raises(BuildError, match="symbolic link"):
        build(root, options, session)


def test_a_change_saved_moments_ago_is_left_to_its_event(make_site: MakeSite) -> None:
    """serve's audit runs beside the watcher: a file saved just now may have its event on the way, and
    reporting it as missed would build twice and warn of a lost event that was not lost."""
    root = make_site()
    session = Session(root, root / "serve-out", watched=True)
    build(root, BuildOptions(out=root / "serve-out", jobs=1), session)
    change("first", "body", "Saved just now.")(root)
    assert session.unnoticed(settle_ns=60_000_000_000) == []
    long_ago = time.time() - 120
    os.utime(_article_path(root, "first"), (long_ago, long_ago))
    assert session.unnoticed(settle_ns=60_000_000_000) == ["content/articles/first.md"]


def test_in_a_clone_given_another_clones_cache_a_layout_error_names_this_clones_layout(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Jinja's compiled layouts remember the path they were compiled from: they are keyed by it (so a clone
    elsewhere compiles its own), or an error would point at the other clone's file, which is not this one's."""
    first = make_site()
    build(first, BuildOptions(out=first / "public", jobs=1, search=False))
    clone = tmp_path / "clone"
    shutil.copytree(first, clone, ignore=shutil.ignore_patterns(".cache", "public"))
    _restored(first, clone, ".cache")
    (clone / "static/css/site.css").unlink()  # base.html's asset() call now fails, in a layout compiled elsewhere
    with pytest.raises(BuildError) as failed:
        build(clone, BuildOptions(out=clone / "public", jobs=1, search=False))
    assert "layouts/base.html:4:1: error: TemplateRuntimeError: asset(): no file static/css/site.css" in str(
        failed.value
    )


@pytest.mark.parametrize("in_memory", [False, True], ids=["cache on disk", "serve's session"])
def test_a_tag_added_elsewhere_reranks_the_related_articles_of_pages_with_that_tag(
    make_site: MakeSite, in_memory: bool
) -> None:
    """After a change of tags alone a page's frame stands unless it has a tag added or taken away: here
    `p` keeps its tags, but `r` gains p's tag and so climbs into p's related articles (p shows three;
    `r`, the oldest, was not among them)."""
    files = {
        "content/articles/p.md": article("P", tags="[gamma]", date="2026-05-01"),
        **{f"content/articles/q{i}.md": article(f"Q {i}", date=f"2026-04-0{i + 1}") for i in range(4)},
        "content/articles/r.md": article("R", tags="[beta]", date="2026-01-01"),
    }
    root = make_site(files)
    out = root / "public"
    session = Session(root, out, watched=True) if in_memory else None
    options = BuildOptions(out=out, jobs=1, search=False)
    build(root, options, session)
    assert "/articles/r/" not in (out / "articles/p/index.html").read_text()
    change("r", "tags", "[beta, gamma]")(root)
    if session is not None:
        session.note_changes([str(root / "content/articles/r.md")])
    build(root, options, session)
    assert "/articles/r/" in (out / "articles/p/index.html").read_text()
    cold = build(root, BuildOptions(out=root / "cold", cache=False, jobs=1, search=False))
    assert snapshot(out) == snapshot(cold.out)
