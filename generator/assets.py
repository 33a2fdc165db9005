"""Static files: CSS and JS get content-hashed names (`site.3f2a9c1b.css`); the rest is copied as-is, but for
the service worker, which keeps its name and is told which files to keep offline."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, error

STATIC_DIR = "static"
FINGERPRINTED = (".css", ".js")
# Relative module specifiers: `from "./x.js"`, `import "./x.js"`, `import("./x.js")`.
_IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.{1,2}/[^"'\s]+)\2""")
# The service worker keeps its name (a browser looks for a new version where it registered one) and its
# `const BUILD = ...;` line is filled in with what it keeps: the files the worksheet loads (styles, its
# scripts and the search script every page has, icons), not the job board's scripts or articles' images.
WORKER = f"{STATIC_DIR}/sw.js"
OFFLINE = re.compile(
    r"static/(css/[^/]+\.css|js/search\.js|js/worksheet/[^/]+\.js|favicon\.svg|icons/.+|manifest\.webmanifest)"
)
_BUILD_LINE = re.compile(r"^const BUILD = .*;(?= // filled in by the build$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Assets:
    """Where every static file goes, and the rewritten bytes of the fingerprinted ones."""

    urls: dict[str, str]  # "static/css/site.css" -> "css/site.3f2a9c1b.css" (site-relative)
    rewritten: dict[str, bytes]  # source path -> bytes to write, for files whose text changed

    def url_of(self, path: str) -> str | None:
        """The site-relative URL of `css/site.css` (a path inside static/)."""
        return self.urls.get(f"{STATIC_DIR}/{path.lstrip('/')}")


def plan_assets(root: Path) -> tuple[Assets, list[Problem]]:
    """Hash CSS and JS (JS after the modules it imports, so a change ripples up), name everything."""
    base = root / STATIC_DIR
    planner = _Planner()
    if base.is_dir():
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                planner.problems.append(error(rel, 1, "is a symbolic link; static/ must hold real files"))
            elif path.is_file() and not path.name.startswith("."):
                planner.sources[rel] = path
    for rel in planner.sources:
        if rel != WORKER:
            planner.name(rel, (rel,))
    if WORKER in planner.sources:
        planner.name_worker(root)
    return Assets(urls=planner.urls, rewritten=planner.rewritten), planner.problems


class _Planner:
    """Names static files; a JS file's name waits for the names of the modules it imports."""

    def __init__(self) -> None:
        self.sources: dict[str, Path] = {}
        self.urls: dict[str, str] = {}
        self.rewritten: dict[str, bytes] = {}
        self.problems: list[Problem] = []

    def name(self, rel: str, chain: tuple[str, ...]) -> str:
        if rel in self.urls:
            return self.urls[rel]
        plain = rel.removeprefix(f"{STATIC_DIR}/")
        if not rel.endswith(FINGERPRINTED):
            self.urls[rel] = plain
            return plain
        data = self.sources[rel].read_bytes()
        if rel.endswith(".js"):
            data = self._rewrite_imports(rel, data.decode("utf-8"), chain)
            self.rewritten[rel] = data
        stem, ext = posixpath.splitext(plain)
        self.urls[rel] = f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{ext}"
        return self.urls[rel]

    def name_worker(self, root: Path) -> None:
        """The worker at its own name, told the files to keep and a version made of their URLs and bytes (so
        a deploy that changes any of them is a new worker, and one that changes none is not)."""
        kept = sorted(rel for rel in self.urls if OFFLINE.fullmatch(rel))
        version = hashlib.sha256()
        for rel in kept:
            data = self.rewritten.get(rel) or (root / rel).read_bytes()
            version.update(f"{self.urls[rel]}\0{hashlib.sha256(data).hexdigest()}\n".encode())
        build = {"version": version.hexdigest()[:16], "files": [self.urls[rel] for rel in kept]}
        text = self.sources[WORKER].read_bytes().decode("utf-8")
        filled, count = _BUILD_LINE.subn(lambda _: f"const BUILD = {json.dumps(build)};", text, count=1)
        if count == 0:
            self.problems.append(error(WORKER, 1, "has no line `const BUILD = {...}; // filled in by the build`"))
        self.urls[WORKER] = WORKER.removeprefix(f"{STATIC_DIR}/")
        self.rewritten[WORKER] = filled.encode("utf-8")

    def _rewrite_imports(self, rel: str, text: str, chain: tuple[str, ...]) -> bytes:
        folder = posixpath.dirname(rel.removeprefix(f"{STATIC_DIR}/")) or "."

        def swap(match: re.Match[str]) -> str:
            spec = match.group(3)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), spec))
            line = text.count("\n", 0, match.start()) + 1
            if target not in self.sources:
                self.problems.append(error(rel, line, f"imports `{spec}`, but there is no {target}"))
                return match.group(0)
            if target in chain:
                self.problems.append(error(rel, line, f"imports `{spec}`, which imports this file back (a cycle)"))
                return match.group(0)
            relative = posixpath.relpath(self.name(target, (*chain, target)), folder)
            relative = relative if relative.startswith(".") else "./" + relative
            return f"{match.group(1)}{match.group(2)}{relative}{match.group(2)}"

        return _IMPORT.sub(swap, text).encode("utf-8")
