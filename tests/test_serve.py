"""`serve` as a real process: pages over HTTP, edits served, build errors shown, Ctrl-C, busy port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import REPO, MakeSite


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def start(
    root: Path, port: int, env: dict[str, str] | None = None, ignoring: tuple[signal.Signals, ...] = ()
) -> subprocess.Popen[str]:
    """serve, started as from a terminal (Ctrl-C not ignored, though this test run may have been
    started in the background, which ignores it), with `ignoring` ignored as `nohup` ignores a hang-up."""

    def signals() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        for ignored in ignoring:
            signal.signal(ignored, signal.SIG_IGN)

    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", str(port)],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=signals,
    )


class Running:
    def __init__(self, root: Path, port: int, process: subprocess.Popen[str]) -> None:
        self.root, self.port, self.process = root, port, process

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def up(self) -> bool:
        try:
            return fetch(self.url("/"))[0] in (200, 500)
        except OSError:
            return False


@pytest.fixture
def running(make_site: MakeSite) -> Iterator[Running]:
    root = make_site()
    port = free_port()
    process = start(root, port)
    server = Running(root, port, process)
    try:
        wait_for(server.up, 20)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


def test_serves_with_production_urls_and_no_cache(running: Running) -> None:
    status, body, headers = fetch(running.url("/sub/articles/first/"))
    assert status == 200
    assert '<a href="/sub/articles/second/#details">the second</a>' in body
    assert headers["Cache-Control"] == "no-store"
    assert '<script src="/livereload.js?port=' in body
    assert fetch(running.url("/sub/nope/"))[0] == 404
    assert fetch(running.url("/sub/articles/first"))[0] == 200  # redirected to the folder


def test_serves_drafts(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/articles/wip.md": "---\ntitle: Work in progress\ndescription: A draft article"
            " that is long enough to pass the check.\ndate: 2026-04-01\ntopic: prep\ndraft: true\n---\n\nHi\n"
        }
    )
    port = free_port()
    process = start(root, port)
    try:
        server = Running(root, port, process)
        wait_for(server.up, 20)
        assert fetch(server.url("/sub/articles/wip/"))[0] == 200
    finally:
        process.kill()
        process.communicate(timeout=10)


def test_edit_is_served_then_error_page_then_back(running: Running) -> None:
    article = running.root / "content/articles/first.md"
    page = running.url("/sub/articles/first/")
    article.write_text(article.read_text().replace("Some text.", "Freshly edited text."))
    wait_for(lambda: "Freshly edited text." in fetch(page)[1])

    good = article.read_text()
    article.write_text(good.replace("date: 2026-02-01", "date: next tuesday"))
    wait_for(lambda: fetch(page)[0] == 500)
    _, body, _ = fetch(page)
    assert "content/articles/first.md:4:1" in body
    assert "date: &quot;next tuesday&quot; is not a date" in body
    assert "<mark>   4 | date: next tuesday</mark>" in body

    article.write_text(good)
    wait_for(lambda: fetch(page)[0] == 200)
    assert "Freshly edited text." in fetch(page)[1]
    assert running.process.poll() is None


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_a_terminate_stops_cleanly_and_keeps_the_cache(running: Running, stop: signal.Signals) -> None:
    running.process.send_signal(stop)
    out, _ = running.process.communicate(timeout=10)
    assert running.process.returncode == 0
    assert out.rstrip().endswith("Stopped.")
    assert list((running.root / ".cache").glob("build-*/state.pickle"))  # the next serve starts warm
    assert list(running.root.glob(".cache/build-*/state.pickle"))  # the cache was kept for next time


def test_a_hang_up_ignored_from_the_start_by_nohup_stays_ignored(make_site: MakeSite) -> None:
    root = make_site()
    port = free_port()
    process = start(root, port, ignoring=(signal.SIGHUP,))
    server = Running(root, port, process)
    try:
        wait_for(server.up, 20)
        process.send_signal(signal.SIGHUP)
        time.sleep(1)
        assert process.poll() is None
        assert server.up()
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=10)
        assert out.rstrip().endswith("Stopped.")
    finally:
        process.kill()
        process.communicate(timeout=10)


def test_port_in_use_is_a_clear_error(make_site: MakeSite) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process = start(make_site(), port)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert f"Try --port {port + 1}" in err


def test_saves_by_rename_layouts_and_config_are_all_picked_up(running: Running) -> None:
    """Many editors save by writing a temporary file and renaming it over the old one."""

    def save_by_rename(rel: str, old: str, new: str) -> None:
        path = running.root / rel
        temp = path.with_name(f".{path.name}.swp-save")
        temp.write_text(path.read_text().replace(old, new))
        temp.replace(path)

    page = running.url("/sub/articles/first/")
    for old, new in (("Preparation", "Getting ready"), ("Getting ready", "Getting set")):  # a topic's title
        # a watch that ended with the first rename would miss the second
        save_by_rename("site.toml", f'title = "{old}"', f'title = "{new}"')
        wait_for(lambda new=new: new in fetch(page)[1])
    save_by_rename("layouts/article.html", "</h1>", "</h1><p>From the new layout</p>")
    wait_for(lambda: "From the new layout" in fetch(page)[1])
    new = running.root / "content/articles/third.md"
    new.write_text((running.root / "content/articles/second.md").read_text().replace("Second", "Third"))
    wait_for(lambda: fetch(running.url("/sub/articles/third/"))[0] == 200)


def test_edits_are_seen_where_there_are_no_file_events(make_site: MakeSite) -> None:
    """Network drives and WSL give no file events; watchfiles then polls (forced here by its own switch)."""
    root = make_site()
    port = free_port()
    process = start(root, port, {"WATCHFILES_FORCE_POLLING": "true"})
    try:
        server = Running(root, port, process)
        wait_for(server.up, 20)
        article = root / "content/articles/first.md"
        article.write_text(article.read_text().replace("Some text.", "Seen by polling."))
        wait_for(lambda: "Seen by polling." in fetch(server.url("/sub/articles/first/"))[1])
    finally:
        process.kill()
        process.communicate(timeout=10)
