"""Job board benchmark: 2,000 listings beside the 1,000-article corpus.

    python benchmarks/board.py [--articles 1000] [--listings 2000] [--runs 3]

In one run on one machine: cold builds (no cache, no search index) of the articles alone and of the
articles with the listings, so that a listing page's cost can be set beside an article page's; a rebuild
after one listing's edit (what it renders); and, in Chromium, how long the board's filters take to answer
a keystroke in the words field, once the page has fetched every open role (jobs/roles.json): from the
input event to the list and count updated and laid out, median and worst of 30 keystrokes. Every build
uses --today 2026-12-01, when every listing is open.
"""

from __future__ import annotations

import argparse
import functools
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
TODAY = "2026-12-01"
CHROMIUM = "/usr/bin/chromium"
KEYSTROKES = "role 1 steady answer extra words"  # 30 characters: narrows, then matches nothing


def build(site: Path, out: Path, *extra: str) -> tuple[float, str]:
    """Wall seconds of one build, and what it printed."""
    argv = [sys.executable, "-m", "generator", "--root", str(site), "build", "--out", str(out), "--today", TODAY]
    argv += ["--base-url", "http://localhost/"]  # served from the root of a local server
    started = time.perf_counter()
    result = subprocess.run([*argv, "--no-search", *extra], capture_output=True, text=True, cwd=HERE.parent)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return time.perf_counter() - started, result.stdout


def keystroke_ms(out: Path) -> list[float]:
    """Milliseconds from each keystroke's input event to the filtered list laid out, in Chromium."""
    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/jobs/")
            page.wait_for_selector("#job-filters:not([hidden])")
            page.focus("#jf-q")  # the page fetches every open role when the form is first used
            page.wait_for_function(  # a function, not an expression: the page's policy forbids eval
                "() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/jobs/roles.json'))"
            )
            page.wait_for_timeout(500)  # and reads it: each keystroke below is then answered at once
            times: list[float] = page.evaluate(
                """(keys) => {
                    const input = document.getElementById("jf-q");
                    return [...keys].map((key) => {
                        const started = performance.now();
                        input.value += key;
                        input.dispatchEvent(new Event("input", { bubbles: true }));
                        void document.body.offsetHeight; // the layout the change causes, done now
                        return performance.now() - started;
                    });
                }""",
                KEYSTROKES,
            )
            browser.close()
            return times
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/next-round-board-bench"))
    args = parser.parse_args()
    articles = make_corpus(args.articles, 42, args.work / "articles")
    board = make_corpus(args.articles, 42, args.work / "board", args.listings)
    pages_of = {"articles": 0, "board": 0}
    times: dict[str, list[float]] = {"articles": [], "board": []}
    for _ in range(args.runs):  # alternate, so that the machine's drift falls on both alike
        for name, site in (("articles", articles), ("board", board)):
            seconds, printed = build(site, args.work / f"out-{name}", "--no-cache")
            times[name].append(seconds)
            pages_of[name] = int(re.search(r"Built (\d+) pages", printed).group(1))  # type: ignore[union-attr]
    plain, with_board = statistics.median(times["articles"]), statistics.median(times["board"])
    extra_pages = pages_of["board"] - pages_of["articles"]
    per_article = plain / pages_of["articles"] * 1000
    print(f"cold, {pages_of['articles']} pages (articles): {plain:.2f} s, {per_article:.2f} ms a page")
    print(
        f"cold, {pages_of['board']} pages (+{args.listings} listings and their employers): {with_board:.2f} s; "
        f"each added page {(with_board - plain) / extra_pages * 1000:.2f} ms"
    )
    build(board, args.work / "out-warm")
    role = board / "content/jobs/role-00007.md"
    role.write_text(role.read_text() + "\nOne more sentence about the role.\n")
    seconds, printed = build(board, args.work / "out-warm")
    print(f"one listing edited: {seconds:.2f} s, {printed.strip()}")
    keys = keystroke_ms(args.work / "out-board")
    print(
        f"filters, {args.listings} roles, {len(keys)} keystrokes: median {statistics.median(keys):.1f} ms, "
        f"worst {max(keys):.1f} ms"
    )


if __name__ == "__main__":
    main()
