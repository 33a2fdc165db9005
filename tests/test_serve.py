"""`serve` as a real process: pages over HTTP, edits served, build errors shown, Ctrl-C, busy port."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
from collections.abc import Iterator

import pytest

from .conftest import MakeSite, Running, fetch, free_port, run_cli, start, wait_for


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
    lines = out.splitlines()
    assert re.fullmatch(r"Rebuilt in \d+\.\d\d s \(10 of 10 pages rendered\)", lines[0]), out  # started cold
    served = re.fullmatch(r"Serving (http://127\.0\.0\.1:\d+/sub/) with live reload \(Ctrl-C to stop\)", lines[1])
    assert served, out
    assert lines[-1] == "Stopped.", out
    # The cache was kept for next time: a build with serve's options into serve's output folder renders
    # nothing. (A second serve cannot show it: the port stays taken for a while after the first one, and
    # on another port every page has new absolute URLs. Where serve builds, .cache/serve/public, is named
    # here for that reason only.)
    options = ["--drafts", "--future", "--no-search", "--base-url", served[1]]
    warm = run_cli("build", "--out", ".cache/serve/public", *options, cwd=running.root)
    assert warm.returncode == 0, warm.stderr
    assert re.match(r"Built 10 pages \(0 rendered, ", warm.stdout), warm.stdout


def test_a_hang_up_ignored_from_the_start_by_nohup_stays_ignored(make_site: MakeSite) -> None:
    root = make_site()
    port = free_port()
    process = start(root, port, ignoring=(signal.SIGHUP,))
    server = Running(root, port, process)
    try:
        wait_for(server.up, 20)
        process.send_signal(signal.SIGHUP)
        with pytest.raises(subprocess.TimeoutExpired):  # a hang-up it did not ignore would stop it by then
            process.wait(timeout=2)
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
