"""serve's WSGI app, called directly: what it answers for each kind of address, without a server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.config import load_config
from generator.serve import DevSite

from .conftest import MakeSite, article


def call(site: DevSite, path: str) -> tuple[str, dict[str, str], bytes]:
    """One GET request: status, headers and body."""
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer.update(status=status, headers=dict(headers))

    body = b"".join(site({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def dev_site(make_site: MakeSite, tmp_path: Path) -> DevSite:
    root = make_site()
    config = load_config(root).with_base_url("http://127.0.0.1:8123/sub/")
    site = DevSite(root, tmp_path / "out", config, jobs=1)
    site.reload_script = '<script src="/livereload.js?port=8123"></script>'
    site.rebuild()
    assert site.problems == []
    return site


def test_pages_are_served_under_the_base_path_never_cached_with_the_reload_script(dev_site: DevSite) -> None:
    status, headers, body = call(dev_site, "/sub/articles/first/")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert b'<script src="/livereload.js?port=8123"></script></head>' in body
    assert b"connect-src 'none'" not in body  # the reload socket is allowed on this server only


def test_the_root_redirects_to_the_base_path_and_a_folder_to_its_slash(dev_site: DevSite) -> None:
    status, headers, _ = call(dev_site, "/")
    assert (status, headers["Location"]) == ("302 Found", "/sub/")
    status, headers, _ = call(dev_site, "/sub/articles/first")
    assert (status, headers["Location"]) == ("301 Moved Permanently", "/sub/articles/first/")


def test_missing_pages_and_paths_outside_the_output_get_the_404_page(dev_site: DevSite) -> None:
    for path in ("/sub/nowhere/", "/elsewhere/", "/sub/../../etc/passwd"):
        status, _, body = call(dev_site, path)
        assert status == "404 Not Found", path
        assert b"Page not found" in body


def test_a_build_error_is_shown_instead_of_pages_until_it_is_fixed(dev_site: DevSite) -> None:
    source = dev_site.root / "content/articles/first.md"
    good = source.read_text()
    source.write_text(article("First article", date="2026-13-45"))
    dev_site.session.note_changes([str(source)])
    dev_site.rebuild()
    status, _, body = call(dev_site, "/sub/articles/first/")
    assert status == "500 Build Error"
    assert b"content/articles/first.md:4:1" in body and b"is not a date" in body
    [stylesheet] = (dev_site.out / "css").glob("site.*.css")
    assert call(dev_site, f"/sub/css/{stylesheet.name}")[0] == "200 OK"  # the error page is for pages only
    source.write_text(good)
    dev_site.session.note_changes([str(source)])
    dev_site.rebuild()
    assert call(dev_site, "/sub/articles/first/")[0] == "200 OK"
