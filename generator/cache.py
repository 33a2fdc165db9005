"""The build cache in `.cache/`: parsed pages, rendered markdown, and what each output was made from.

Everything in it is a shortcut, never a source of truth: a cache entry is used only when the inputs it
was made from are provably the same, and a cache that cannot be read, or was written by another
version, is discarded with a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .content import Card, Page
from .errors import Problem, warning
from .markdown import Rendered

CACHE_DIR = ".cache"
STATE_FILE = "state.pickle"
_FORMAT = 1
# A file changed twice within one timestamp tick keeps its size and mtime: trust a stat only for files
# last modified this long before they were read (git's "racily clean" rule).
_RACY_NS = 2_000_000_000


def _identity() -> tuple[Any, ...]:
    """What must match for a cache to be trusted: formats and every library that shapes the output."""
    from importlib.metadata import version

    libraries = tuple(version(name) for name in ("jinja2", "markdown-it-py", "mdit-py-plugins", "pyyaml"))
    return (_FORMAT, __version__, sys.version_info[:2], libraries)


@dataclass(slots=True)
class SourceEntry:
    """A content file as last parsed, with the stat and digest it had."""

    stat: tuple[int, int, int]  # size, mtime_ns, inode
    read_ns: int  # when it was read
    digest: str
    page: Page | None
    problems: list[Problem]


@dataclass(slots=True)
class MarkdownEntry:
    """A page body as last rendered, and the link lookups the HTML depends on."""

    key: str
    lookups: tuple[tuple[str, str | None], ...]
    rendered: Rendered


@dataclass(slots=True)
class OutputEntry:
    """One output file: the digest of what it was made from, and the stat it had when written."""

    key: str
    stat: tuple[int, int, int]


@dataclass(slots=True)
class CacheData:
    """Everything the cache holds; replaced wholesale after each successful build."""

    identity: tuple[Any, ...] = field(default_factory=_identity)
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    markdown: dict[str, MarkdownEntry] = field(default_factory=dict)
    out_dir: str = ""
    outputs: dict[str, OutputEntry] = field(default_factory=dict)  # output path -> entry
    search_key: str = ""  # digest of the HTML the search index was made from
    inputs_key: str = ""  # digest of every input of the build that wrote `outputs`


def cache_folder(root: Path, out: Path) -> Path:
    """The cache of builds into `out` (serve's output and public/ each keep their own)."""
    return root / CACHE_DIR / f"build-{hashlib.sha256(str(out.absolute()).encode()).hexdigest()[:12]}"


def html_path(folder: Path, markdown_key: str) -> Path:
    """Where a page body's rendered HTML is kept, by the digest of what it was rendered from."""
    return folder / "html" / f"{markdown_key}.html"


def load_cache(root: Path, folder: Path) -> tuple[CacheData, list[Problem]]:
    """The cache in `folder`, or an empty one (with a warning if one was there but unusable)."""
    path = folder / STATE_FILE
    if not path.is_file():
        return CacheData(), []
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        with path.open("rb") as file:
            data = pickle.load(file)
    except Exception as exc:  # any failure to read means: do not trust it
        return CacheData(), [warning(rel, 1, f"the build cache could not be read ({type(exc).__name__}); built cold")]
    if not isinstance(data, CacheData) or data.identity != _identity():
        return CacheData(), [warning(rel, 1, "the build cache is from another version; built cold")]
    return data, []


def save_cache(folder: Path, data: CacheData) -> None:
    """Write the cache atomically, and drop rendered HTML nothing refers to any more."""
    folder.mkdir(parents=True, exist_ok=True)
    top = folder.parent
    if not (top / ".gitignore").exists():
        (top / ".gitignore").write_text("*\n")
    temp = folder / f"{STATE_FILE}.tmp"
    with temp.open("wb") as file:
        pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
    temp.replace(folder / STATE_FILE)
    keep = {f"{entry.key}.html" for entry in data.markdown.values()}
    for path in (folder / "html").glob("*.html"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def stat_key(path: Path) -> tuple[int, int, int]:
    """Size, modification time and inode: a cheap test that a file is unchanged."""
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def trusted_by_stat(entry: SourceEntry, stat: tuple[int, int, int]) -> bool:
    """The stat matches and the file was not modified just before it was read."""
    return entry.stat == stat and stat[1] < entry.read_ns - _RACY_NS


def digest(*parts: Any) -> str:
    """A stable digest of values (strings, bytes, numbers, dates, dataclasses, containers)."""
    hasher = hashlib.sha256()
    _feed(hasher, parts)
    return hasher.hexdigest()


def _feed(hasher: Any, value: Any) -> None:
    if isinstance(value, bytes):
        hasher.update(b"b%d:" % len(value) + value)
    elif isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        hasher.update(b"s%d:" % len(data) + data)
    elif isinstance(value, Page):  # its digest covers the file, so its many fields need not be fed
        hasher.update(b"page:" + value.digest.encode())
    elif isinstance(value, Card):
        hasher.update(b"card:" + value.meta_digest.encode())
    elif value is None or isinstance(value, (bool, int, float, dt.date, Path)):
        hasher.update(f"{type(value).__name__}:{value!r};".encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        hasher.update(f"d:{type(value).__qualname__}(".encode())
        for item in dataclasses.fields(value):
            _feed(hasher, getattr(value, item.name))
        hasher.update(b")")
    elif isinstance(value, dict):
        hasher.update(b"{")
        for key in sorted(value, key=repr):
            _feed(hasher, key)
            _feed(hasher, value[key])
        hasher.update(b"}")
    elif isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        hasher.update(b"[")
        for item in items:
            _feed(hasher, item)
        hasher.update(b"]")
    else:
        raise TypeError(f"cannot digest a {type(value).__name__}; add it to cache._feed")


def now_ns() -> int:
    """The wall clock in nanoseconds (when a file was read)."""
    return time.time_ns()


class OutputWriter:
    """Writes a build's files into its staging folder, hard-linking unchanged ones from the last output.

    A link keeps the old file's bytes, inode and mtime (rsync and CDNs see no change), and the staging
    folder still becomes the output only by the atomic swap; the old output is never written to.
    """

    def __init__(self, staging: Path, old_out: Path | None, previous: dict[str, OutputEntry]) -> None:
        self.staging = staging
        self.old_out = old_out
        self.previous = previous if old_out is not None else {}
        self.entries: dict[str, OutputEntry] = {}

    def reuse(self, rel: str, key: str) -> bool:
        """Link the previous build's file if it was made from the same inputs and is untouched since."""
        old = self._intact_old(rel)
        if old is None or self.previous[rel].key != key:
            return False
        self._link(old, rel)
        self.entries[rel] = self.previous[rel]
        return True

    def write(self, rel: str, data: bytes, key: str = "") -> OutputEntry:
        """Write `data`, or link the old file when its bytes are the same."""
        target = self._target(rel)
        old = self._intact_old(rel)
        if old is not None and old.stat().st_size == len(data) and old.read_bytes() == data:
            self._link(old, rel)
        else:
            target.write_bytes(data)
        entry = self.entries[rel] = OutputEntry(key, stat_key(target))
        return entry

    def record(self, rel: str) -> None:
        """Note a file something else wrote into the staging folder (the search index)."""
        self.entries[rel] = OutputEntry("", stat_key(self.staging / rel))

    def _intact_old(self, rel: str) -> Path | None:
        if self.old_out is None or rel not in self.previous:
            return None
        old = self.old_out / rel
        try:
            return old if stat_key(old) == self.previous[rel].stat else None
        except OSError:
            return None

    def _target(self, rel: str) -> Path:
        target = (self.staging / rel).resolve()
        if not target.is_relative_to(self.staging.resolve()):
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _link(self, old: Path, rel: str) -> None:
        os.link(old, self._target(rel))
