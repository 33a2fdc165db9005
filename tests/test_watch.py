"""`build --watch` as a real process: each save built into public/, errors kept out of it, the cache
saved on a stop, and the output equal to a cold build's."""

from __future__ import annotations

import signal
from pathlib import Path

from .conftest import MakeSite, article, launch, run_cli, tree, wait_for


def test_builds_every_save_keeps_the_output_through_an_error_and_the_cache_when_stopped(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site()
    logs = (tmp_path / "stdout.log", tmp_path / "stderr.log")
    process = launch(root, ["build", "--watch", "--no-search"], output=logs)
    try:
        wait_for(lambda: "Watching for changes" in logs[0].read_text(), 30)
        source = root / "content/articles/first.md"
        page = root / "public/articles/first/index.html"
        good = source.read_text().replace("Some text.", "Written by the watch.")
        source.write_text(good)
        wait_for(lambda: "Written by the watch." in page.read_text())

        source.write_text(good.replace("date: 2026-02-01", "date: next tuesday"))
        wait_for(lambda: "Build failed" in logs[1].read_text())
        errors = logs[1].read_text()
        assert 'content/articles/first.md:4:1: error: date: "next tuesday" is not a date' in errors
        assert "Build failed: 1 error; public keeps the last good build; fix and save to build again." in errors
        assert "Written by the watch." in page.read_text()  # the last good build stays

        source.write_text(good.replace("title: First article", "title: First, retitled"))
        (root / "content/articles/third.md").write_text(article("A third article", tags="[alpha]"))
        wait_for(lambda: (root / "public/articles/third/index.html").is_file() and "retitled" in page.read_text())
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGTERM)  # as a process manager stops it; Ctrl-C is the same
        process.wait(timeout=20)
    assert process.returncode == 0
    lines = logs[0].read_text().splitlines()
    assert lines[0].startswith("Built 10 pages (10 rendered, ")
    assert lines[1] == "Watching for changes (Ctrl-C to stop)"
    assert lines[-1] == "Stopped."

    # what it left is what a cold build of the same sources makes, and its cache is on disk: nothing to render
    cold = run_cli("build", "--no-cache", "--no-search", "--out", str(tmp_path / "cold"), cwd=root)
    assert cold.returncode == 0, cold.stderr
    assert tree(root / "public") == tree(tmp_path / "cold")
    warm = run_cli("build", "--no-search", cwd=root)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.startswith("Built 11 pages (0 rendered, "), warm.stdout


def test_watch_without_the_cache_is_a_usage_error(make_site: MakeSite) -> None:
    root = make_site()
    result = run_cli("build", "--watch", "--no-cache", cwd=root)
    assert result.returncode == 2
    assert "--watch keeps the cache in memory between builds; leave out --no-cache" in result.stderr
    assert not (root / "public").exists()


def test_a_killed_watch_leaves_a_cache_the_next_build_does_not_trust_blindly(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Killed, it cannot save its cache: the next build finds the last one on disk, older than public/."""
    root = make_site()
    assert run_cli("build", "--no-search", cwd=root).returncode == 0  # the cache on disk is this build's
    logs = (tmp_path / "stdout.log", tmp_path / "stderr.log")
    process = launch(root, ["build", "--watch", "--no-search"], output=logs)
    try:
        wait_for(lambda: "Watching for changes" in logs[0].read_text(), 30)
        source = root / "content/articles/second.md"
        source.write_text(source.read_text().replace("title: Second article", "title: Second, renamed"))
        wait_for(lambda: "Second, renamed" in (root / "public/articles/first/index.html").read_text())
    finally:
        process.kill()
        process.wait(timeout=20)
    source.write_text(source.read_text().replace("Second, renamed", "Second, renamed again"))
    assert run_cli("build", "--no-search", cwd=root).returncode == 0
    cold = run_cli("build", "--no-cache", "--no-search", "--out", str(tmp_path / "cold"), cwd=root)
    assert cold.returncode == 0, cold.stderr
    assert tree(root / "public") == tree(tmp_path / "cold")
