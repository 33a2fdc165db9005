"""A session's search index part held by Pagefind's service: an edit re-indexes only its pages, the output is
a cold build's, and a service that fails or dies leaves the work to the Pagefind command."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.session import Session
from generator.warm_index import WarmIndex

from .conftest import MakeSite, article
from .test_incremental import snapshot
from .test_search import search_bundles_of


def _site(make_site: MakeSite) -> Path:
    notes = {f"content/articles/n{i}.md": article(f"Note {i}", body=f"Word{i} text.\n") for i in range(12)}
    root = make_site(notes)
    config = root / "site.toml"
    config.write_text(config.read_text() + "\n[build]\npages_per_search_index = 4\n")
    return root


def _session(make_site: MakeSite) -> tuple[Path, Session, BuildOptions]:
    """A site indexed in parts of 4 pages, a session for it and its build options (nothing built yet)."""
    root = _site(make_site)
    out = root / "public"
    return root, Session(root, out, watched=True), BuildOptions(out=out, jobs=1)


def _edit(root: Path, session: Session, name: str, body: str) -> None:
    path = root / "content/articles" / f"{name}.md"
    path.write_text(article(name.title(), body=body))
    session.note_changes([str(path)])


def _equals_cold(root: Path, out: Path) -> None:
    cold = root.parent / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    build(root, BuildOptions(out=cold, jobs=1, cache=False))
    assert snapshot(out) == snapshot(cold)


def _services() -> set[int]:
    """This process's children that are Pagefind services, running."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except (OSError, IndexError, ValueError):
                continue
            if parent == os.getpid() and b"--service" in command:
                found.add(int(entry.name))
    return found


@pytest.fixture
def updates(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """What each `WarmIndex.update` answered (True: it re-indexed the changed pages of the part it holds)."""
    answers: list[bool] = []
    update = WarmIndex.update

    def spy(self: WarmIndex, *args: object, **kwargs: object) -> bool:
        answers.append(update(self, *args, **kwargs))  # type: ignore[arg-type]
        return answers[-1]

    monkeypatch.setattr(WarmIndex, "update", spy)
    return answers


def test_edits_re_index_the_changed_pages_of_the_part_held_and_make_a_cold_builds_index(
    make_site: MakeSite, updates: list[bool]
) -> None:
    root, session, options = _session(make_site)
    out = session.out
    others = _services()
    try:
        build(root, options, session)
        [part] = [folder for folder, rels in search_bundles_of(root).items() if "articles/n3/index.html" in rels]
        _edit(root, session, "n3", "Word3 text, and a quokka.\n")  # the part is indexed, and held
        build(root, options, session)
        updates.clear()
        for body in ("Word3 text, and a wombat.\n", "Word3 text, a wombat, a [link](n5.md).\n"):
            _edit(root, session, "n3", body)
            result = build(root, options, session)
            assert result.rendered == 1
            assert updates[-1] is True, f"{part}: the held part was indexed again in full"
            _equals_cold(root, out)
        assert "wombat" in (out / "articles/n3/index.html").read_text()
        assert len(_services() - others) == 1
    finally:
        session.close()
    assert _services() - others == set()


def test_a_service_that_cannot_start_leaves_the_work_to_the_command(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, updates: list[bool]
) -> None:
    from pagefind.service import PagefindService

    async def fail(self: PagefindService) -> PagefindService:
        raise OSError("no such file")

    monkeypatch.setattr(PagefindService, "launch", fail)
    root, session, options = _session(make_site)
    try:
        build(root, options, session)
        _edit(root, session, "n3", "Word3 text, and a numbat.\n")
        build(root, options, session)
        assert updates == [False] * len(updates)
        _equals_cold(root, session.out)
    finally:
        session.close()


def test_a_service_that_died_is_noticed_and_the_build_is_a_cold_builds(make_site: MakeSite) -> None:
    root, session, options = _session(make_site)
    out = session.out
    others = _services()
    try:
        build(root, options, session)
        _edit(root, session, "n3", "Word3 text, and a quokka.\n")
        build(root, options, session)
        [pid] = _services() - others
        os.kill(pid, signal.SIGKILL)
        for body in ("Word3 text, and a bilby.\n", "Word3 text, and a potoroo.\n"):
            _edit(root, session, "n3", body)
            build(root, options, session)  # the first finds it dead and runs the command; the next, a new service
            _equals_cold(root, out)
        assert len(_services() - others) == 1
    finally:
        session.close()
    assert _services() - others == set()


def test_a_build_run_from_an_event_loop_uses_the_service_too(make_site: MakeSite, updates: list[bool]) -> None:
    """serve builds from its server's event loop: the service's requests must not need the calling thread's."""
    root, session, options = _session(make_site)
    out = session.out

    async def edits() -> None:
        for body in ("Word3 text, and a quokka.\n", "Word3 text, and a wombat.\n"):
            _edit(root, session, "n3", body)
            build(root, options, session)

    try:
        build(root, options, session)
        with ThreadPoolExecutor(1) as thread:  # a loop of its own: this one may run the browser tests' loop
            thread.submit(lambda: asyncio.run(edits())).result()
        assert updates[-1] is True
        _equals_cold(root, out)
    finally:
        session.close()
