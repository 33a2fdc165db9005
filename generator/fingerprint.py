"""Digests: of values (what an output is made from), of digests (hot loops), of file stats, and of every
input file's stat (the quick check that nothing changed)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import time
from pathlib import Path
from stat import S_ISREG
from typing import Any

from . import __version__
from .content import Card, Page

WATCHED_INPUTS = ("content", "static", "layouts")  # folders whose files the quick check stats, with site.toml
# size, mtime_ns, inode: a cheap test that a file is unchanged
StatKey = tuple[int, int, int]
# A file changed twice within one timestamp tick keeps its size and mtime: trust a stat only for files
# last modified this long before they were read (git's "racily clean" rule).
RACY_NS = 2_000_000_000


def digest(*parts: Any) -> str:
    """A stable digest of values: Pages by their file digest, Cards by their front matter's, other
    dataclasses by their repr (which shows every field), containers item by item."""
    return hashlib.sha256(_text(parts).encode("utf-8", "surrogatepass")).hexdigest()


def combine(*parts: str) -> str:
    """A digest of digests and paths (text without NUL, so joining them is unambiguous): `digest` for
    hot loops, where going through `_text` part by part would cost more than the hashing."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=1 << 16)
def remembered(*parts: str) -> str:
    """`combine`, remembered: serve works out the same 20,000 keys of a 10,000-page site on every save."""
    return combine(*parts)


def stat_key(path: str | Path) -> StatKey:
    """Size, modification time and inode of a file."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


def input_signature(root: Path, options_key: str) -> tuple[str, int, dict[str, StatKey]]:
    """A digest of every input file's stat and of the options, the newest modification time seen, and the
    stats of the regular files (by site-relative path), so that loading need not take them again."""
    parts = [digest(__version__, options_key)]
    stats: dict[str, StatKey] = {}
    newest = 0
    for top in WATCHED_INPUTS:
        base = str(root / top)
        for folder, dirs, files in os.walk(base):
            dirs.sort()
            here = top + folder[len(base) :]
            for name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                st = os.lstat(os.path.join(folder, name))
                rel = f"{here}/{name}"
                parts.append(f"{rel}\x1f{st.st_size}\x1f{st.st_mtime_ns}\x1f{st.st_ino}\x1f{st.st_mode}")
                newest = max(newest, st.st_mtime_ns)
                if S_ISREG(st.st_mode):
                    stats[rel] = (st.st_size, st.st_mtime_ns, st.st_ino)
    if (root / "site.toml").exists():
        toml = os.lstat(root / "site.toml")
        parts.append(f"site.toml\x1f{toml.st_size}\x1f{toml.st_mtime_ns}\x1f{toml.st_ino}\x1f{toml.st_mode}")
        newest = max(newest, toml.st_mtime_ns)
    return combine(*parts), newest, stats


def now_ns() -> int:
    """The wall clock in nanoseconds (when a file was read)."""
    return time.time_ns()


def _text(value: Any) -> str:
    cls: Any = value.__class__
    if cls is str:
        return "s" + str(value)
    if cls is Page:
        return "P" + str(value.digest)
    if cls is Card:
        return "C" + str(value.meta_digest)
    if cls is tuple or cls is list:
        return "[" + "\x1f".join(map(_text, value)) + "]"
    if cls is dict:
        items = sorted((_text(k), _text(v)) for k, v in value.items())
        return "{" + "\x1f".join(f"{k}\x1e{v}" for k, v in items) + "}"
    if cls is set or cls is frozenset:
        return "{" + "\x1f".join(sorted(map(_text, value))) + "}"
    if _holds_containers(cls):  # a dataclass that may hold Pages or Cards: go inside
        return f"{cls.__qualname__}(" + "\x1f".join(_text(getattr(value, n)) for n in _shown_fields(cls)) + ")"
    return f"{cls.__qualname__}:{value!r}"  # numbers, dates, paths, other dataclasses: repr shows what counts


@functools.cache
def _holds_containers(cls: Any) -> bool:
    """Whether `cls` is a dataclass with container fields (else its repr, which shows every field, will do)."""
    fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
    return any(str(f.type).startswith(("tuple", "dict", "list")) for f in fields)


@functools.cache
def _shown_fields(cls: Any) -> tuple[str, ...]:
    """The fields a dataclass's repr shows: a digest leaves out the same ones (`repr=False`)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.repr)


@functools.cache
def field_names(cls: Any) -> tuple[str, ...]:
    """A dataclass's field names, in order."""
    return tuple(f.name for f in dataclasses.fields(cls))
