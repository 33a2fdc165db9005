"""An open page reloads itself after an edit, under the real layouts' Content-Security-Policy."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser

from ..conftest import REPO, Running, free_port, start, wait_for


def copy_real_site(target: Path) -> Path:
    for name in ("content", "layouts", "static"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "site.toml", target / "site.toml")
    return target


def test_open_page_reloads_after_an_edit(browser: Browser, tmp_path: Path) -> None:
    root = copy_real_site(tmp_path / "site")
    port = free_port()
    process = start(root, port)
    try:
        server = Running(root, port, process)
        wait_for(server.up, 30)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(server.url("/next-round/articles/handling-rejection/"))
        page.wait_for_function("() => window.LiveReload !== undefined")
        page.evaluate("window.__before_edit = true")

        article = root / "content/articles/handling-rejection.md"
        text = article.read_text()
        article.write_text(text.replace("\n## ", "\nA sentence added while the page was open.\n\n## ", 1))

        page.wait_for_selector("text=A sentence added while the page was open.", timeout=15_000)
        assert page.evaluate("window.__before_edit") is None  # a real reload, not a patch
        # the reloaded page ran its live-reload script too: the CSP would have blocked it by then
        page.wait_for_function("() => window.LiveReload !== undefined")
        assert [e for e in errors if "Content Security Policy" in e] == []
        page.close()
    finally:
        process.kill()
        process.communicate(timeout=10)
