"""Browser tests: the real site, built under a sub-path, served on 127.0.0.1, driven in Debian's Chromium."""

from __future__ import annotations

import functools
import json
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright

from ..conftest import REPO, run_cli

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
AXE = REPO / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SUBPATH = "next-round"


@dataclass
class Served:
    """The built site and where it is served."""

    root: Path  # the folder the server serves; the site is in root/next-round
    origin: str  # http://127.0.0.1:PORT

    @property
    def base(self) -> str:
        return f"{self.origin}/{SUBPATH}/"

    @property
    def out(self) -> Path:
        return self.root / SUBPATH

    def url(self, path: str = "") -> str:
        return self.base + path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Build the real site for a sub-path and serve it over HTTP for the whole session."""
    yield from _build_and_serve(REPO, tmp_path_factory.mktemp("served"))


@pytest.fixture(scope="session")
def served_in_parts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The real site with its search index split in parts (as a site of thousands of pages has it)."""
    site = tmp_path_factory.mktemp("site")
    for name in ("content", "layouts", "static"):
        shutil.copytree(REPO / name, site / name)
    config, count = re.subn(
        r"(?m)^pages_per_search_index = \d+$", "pages_per_search_index = 5", (REPO / "site.toml").read_text()
    )
    assert count == 1, "site.toml sets pages_per_search_index"
    (site / "site.toml").write_text(config)
    yield from _build_and_serve(site, tmp_path_factory.mktemp("served-in-parts"))


@pytest.fixture(scope="session")
def served_board(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The real site with its draft (fictional) job listings, on a day they are open."""
    root = tmp_path_factory.mktemp("served-board")
    yield from _build_and_serve(REPO, root, "--drafts", "--today", "2026-12-01", "--no-search")


@pytest.fixture(scope="session")
def served_board_later(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The same, on a day after every example listing has closed."""
    root = tmp_path_factory.mktemp("served-board-later")
    yield from _build_and_serve(REPO, root, "--drafts", "--today", "2027-03-01", "--no-search")


def _build_and_serve(site_root: Path, root: Path, *options: str) -> Iterator[Served]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = Served(root, f"http://127.0.0.1:{port}")
    command = ("--root", str(site_root), "build", "--base-url", site.base, "--out", str(site.out), *options)
    result = run_cli(*command, cwd=REPO)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (Playwright cannot download its own here)."""
    assert Path(CHROMIUM).exists(), "install Debian's chromium: make system-deps"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Recorded:
    """Every request a page made."""

    urls: list[str] = field(default_factory=list)

    def other_origins(self, origin: str) -> list[str]:
        return [u for u in self.urls if not (u.startswith(origin + "/") or u.startswith(("data:", "blob:")))]


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture
def requests(context: BrowserContext) -> Recorded:
    """Records every request made by any page of the context."""
    recorded = Recorded()

    def on_request(request: Request) -> None:
        recorded.urls.append(request.url)

    context.on("request", on_request)
    return recorded


@pytest.fixture
def page(context: BrowserContext, requests: Recorded) -> Page:
    """A page in a fresh context whose requests are recorded."""
    return context.new_page()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page; `evaluate` is not subject to the page's CSP, a script tag would be."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


def describe(violations: list[dict[str, Any]]) -> str:
    """Readable violations for an assertion message."""
    return json.dumps(violations, indent=1)
