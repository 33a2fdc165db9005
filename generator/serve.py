"""`serve`: build with drafts, serve the site as production would, rebuild on change, reload the browser."""

from __future__ import annotations

import html
import mimetypes
import socket
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import ioloop, web
from tornado.wsgi import WSGIContainer

from .build import BuildOptions, build
from .config import Config, load_config
from .errors import BuildError, Problem
from .session import Session
from .watch import AUDIT_SECONDS, Changes, print_failure, sources, stop_on_signals

_TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
# The site's service worker (static/sw.js) keeps pages for use offline; while editing, a kept page would hide an
# edit. serve answers its address with one that removes itself and every copy the site's worker kept.
WORKER = "sw.js"
RETIRING_WORKER = b"""// serve: no offline copies while editing (the built site's worker is static/sw.js)
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith("next-round-")) await caches.delete(name);
  await self.registration.unregister();
})()));
"""
# livereload drops any change within 3 s of the last reload, so a quick second save never reloaded.
LiveReloadHandler.DEFAULT_RELOAD_TIME = 0


class DevSite:
    """The dev build: where it is, and the problems of the last build (shown instead of pages)."""

    def __init__(self, root: Path, out: Path, config: Config, jobs: int, search: bool = False) -> None:
        self.root = root
        self.out = out
        self.base_url = config.base_url  # this server's own address
        self.base_path = config.base_path
        self.jobs = jobs
        self.search = search  # off by default: indexing the whole site on every save is the slowest step
        self.problems: list[Problem] = []
        self.reload_script = ""
        self.session = Session(root, out)  # the build cache stays in memory while serving

    def rebuild(self) -> None:
        """Build again; on failure keep serving the last good output, with the error page over it."""
        try:
            options = BuildOptions(self.out, self.base_url, True, True, self.jobs, search=self.search)
            result = build(self.root, options, self.session)
        except BuildError as exc:
            self.problems = exc.problems
            print_failure(exc.problems, "the browser shows them until they are fixed")
            return
        self.problems = []
        print(f"Rebuilt in {result.seconds:.2f} s ({result.rendered} of {result.pages} pages rendered)", flush=True)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """A WSGI app: files from the output folder, never cached, with the live-reload script added."""
        path = unquote(environ.get("PATH_INFO", "/"))
        if not path.startswith(self.base_path):
            if path in ("/", ""):
                return _respond(start_response, "302 Found", b"", "text/plain", [("Location", self.base_path)])
            return self._not_found(start_response)
        rel = path[len(self.base_path) :]
        if rel == WORKER:
            return _respond(start_response, "200 OK", RETIRING_WORKER, "text/javascript")
        target = (self.out / rel).resolve()
        if not target.is_relative_to(self.out.resolve()):
            return self._not_found(start_response)
        if target.is_dir():
            if not path.endswith("/"):
                return _respond(start_response, "301 Moved Permanently", b"", "text/plain", [("Location", path + "/")])
            target = target / "index.html"
        if target.suffix in ("", ".html") and self.problems:
            return _respond(start_response, "500 Build Error", self._error_page(), "text/html; charset=utf-8")
        if not target.is_file():
            return self._not_found(start_response)
        data = target.read_bytes()
        kind = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = self._with_reload(data)
            kind = "text/html; charset=utf-8"
        return _respond(start_response, "200 OK", data, kind)

    def _not_found(self, start_response: StartResponse) -> Iterable[bytes]:
        page = self.out / "404.html"
        data = self._with_reload(page.read_bytes()) if page.is_file() else b"Not found"
        return _respond(start_response, "404 Not Found", data, "text/html; charset=utf-8")

    def _with_reload(self, data: bytes) -> bytes:
        # The live-reload socket is this server's own: allow it even where a page forbids connections.
        data = data.replace(b"connect-src 'none'", b"connect-src 'self'", 1)
        return data.replace(b"</head>", self.reload_script.encode() + b"</head>", 1)

    def _error_page(self) -> bytes:
        items = "".join(_problem_html(self.root, p) for p in self.problems)
        count = len(self.problems)
        return (
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Build error</title>"
            "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}"
            "pre{background:#f6f6f6;padding:.5rem;overflow:auto}mark{background:#ffd6d6}</style>"
            f"{self.reload_script}</head><body><h1>Build error</h1>"
            f"<p>The site did not build: {count} problem{'s' if count != 1 else ''}. "
            f"Fix and save; this page reloads by itself.</p><ol>{items}</ol></body></html>"
        ).encode()


def _problem_html(root: Path, problem: Problem) -> str:
    excerpt = ""
    source = root / problem.path
    if source.is_file():
        lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
        first = max(problem.line - 3, 0)
        rows = []
        for number in range(first, min(problem.line + 2, len(lines))):
            text = html.escape(f"{number + 1:>4} | {lines[number]}")
            rows.append(f"<mark>{text}</mark>" if number + 1 == problem.line else text)
        excerpt = "<pre>" + "\n".join(rows) + "</pre>"
    where = html.escape(f"{problem.path}:{problem.line}:{problem.col}")
    return f"<li><p><strong>{where}</strong>: {html.escape(problem.message)}</p>{excerpt}</li>"


def _respond(
    start_response: StartResponse, status: str, body: bytes, kind: str, extra: list[tuple[str, str]] | None = None
) -> list[bytes]:
    # no-store: a stale page served from cache after an edit is the worst thing a preview can do.
    headers = [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")]
    start_response(status, headers + (extra or []))
    return [body]


def port_problem(host: str, port: int) -> str | None:
    """Why the server cannot listen there, if it cannot."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            return f"cannot listen on {host}:{port} ({exc.strerror}); is another server running? Try --port {port + 1}"
    return None


class ChangeWatcher(Watcher):  # type: ignore[misc]
    """livereload's watcher, told of changes by the operating system (`Changes`) instead of stat-ing every
    file every 100 ms."""

    def __init__(self, site: DevSite) -> None:
        super().__init__()
        self.site = site
        self.changes = Changes(site.session)

    def begin(self) -> None:
        """Follow what `server.watch` was given, from before the first build, so that no save is missed."""
        self.changes.begin(map(Path, self._tasks))

    def start(self, callback: Callable[[], None]) -> bool:
        loop = ioloop.IOLoop.current()
        self.changes.call(lambda: loop.add_callback(callback))
        ioloop.PeriodicCallback(self.changes.audit, AUDIT_SECONDS * 1000).start()
        return True

    def examine(self) -> tuple[str | None, None]:
        changed = self.changes.take()
        if not changed:
            return None, None
        self.filepath = changed[-1]
        self.site.rebuild()
        return self.filepath, None


class DevServer(Server):  # type: ignore[misc]
    """livereload's server, minus its inline script injection, which the pages' CSP rightly blocks."""

    def __init__(self, site: DevSite, watcher: ChangeWatcher) -> None:
        super().__init__(watcher=watcher)
        self.site = site

    def application(self, port: int, host: str, **_: Any) -> None:
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = False  # fingerprinted CSS gets a new name: reload the page
        handlers: list[Any] = [
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r".*", web.FallbackHandler, {"fallback": WSGIContainer(self.site)}),
        ]
        web.Application(handlers=handlers).listen(port, address=host)

    def _setup_logging(self) -> None:
        pass


def serve(root: Path, host: str, port: int, base_url: str | None, jobs: int, search: bool = False) -> int:
    """Build, serve, watch, rebuild and reload until Ctrl-C."""
    config = load_config(root)
    path = config.with_base_url(base_url).base_path if base_url else config.base_path
    served = config.with_base_url(f"http://{host}:{port}{path}")
    site = DevSite(root, root / ".cache/serve/public", served, jobs, search)
    site.reload_script = f'<script src="/livereload.js?port={port}"></script>'

    if problem := port_problem(host, port):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    watcher = ChangeWatcher(site)
    server = DevServer(site, watcher)
    for source in sources(root):
        server.watch(str(source))
    watcher.begin()  # from here on every change reaches `examine`
    site.rebuild()
    stop_on_signals()
    print(f"Serving {site.base_url} with live reload (Ctrl-C to stop)", flush=True)
    try:
        server.serve(port=port, host=host, restart_delay=0)
    finally:
        watcher.changes.stop.set()
        site.session.close()
    print("Stopped.")
    return 0
