"""The build cache in `.cache/`: parsed pages, rendered markdown, and what each output was made from.

Everything in it is a shortcut, never a source of truth: a cache entry is used only when the inputs it
was made from are provably the same, and a cache that cannot be read, or was written by another
version, is discarded with a warning.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import secrets
import shutil
import sys
import zlib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .content import Page
from .errors import Problem, warning
from .fingerprint import StatKey, field_names
from .links import AnchorLink
from .markdown import Heading, Rendered
from .output import OutputEntry

CACHE_DIR = ".cache"
STATE_FILE = "state.pickle"  # the head: keys of the whole build, and the names of the parts
PARTS_DIR = "parts"
PARTS = 32  # entries are kept in parts by a hash of their key: a build rewrites only the parts that changed
QUICK_FILE = "quick.pickle"
APPLYING = "applying"  # present while an in-place build moves files into the output
HTML_DIR = "html"  # page bodies as rendered, packed: one file per process that rendered some in a build
PACK_SUFFIX = ".pack"
MAX_PACKS = 16  # more packs than this, or more dead bytes in them than live ones: repack what is live
COMPILED_DIR = "layouts"  # compiled layouts (Jinja's bytecode cache)
_FORMAT = 5
# A page's frame: its digest, and the (source, front matter digest) of every page whose card it shows
FrameRecord = tuple[str, tuple[tuple[str, str], ...] | None]
# Where a page body's HTML is kept: its pack, offset, length and CRC-32 (a damaged pack is noticed)
Stored = tuple[str, int, int, int]


@functools.cache
def identity() -> tuple[Any, ...]:
    """What must match for a cache to be trusted: formats, the generator's own code (so a change to it
    between releases counts too) and every library that shapes the output."""
    from importlib.metadata import PackageNotFoundError, version

    def version_of(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:  # Pagefind's binary may come from elsewhere
            return None

    shaping = ("jinja2", "markdown-it-py", "mdit-py-plugins", "pyyaml", "pagefind", "pagefind-bin")
    libraries = tuple(map(version_of, shaping))
    code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))).hexdigest()
    return (_FORMAT, __version__, code, sys.version_info[:2], libraries)


@dataclass(slots=True)
class SourceEntry:
    """A content file as last parsed, with the stat and digest it had."""

    stat: StatKey
    read_ns: int  # when it was read
    digest: str
    page: Page | None
    problems: list[Problem]
    packed: tuple[Any, ...] | None = None  # as it was read from disk: saved again as it is

    def pack(self) -> tuple[Any, ...]:
        if self.packed:
            return self.packed
        page = tuple(self.page) if self.page else None
        return (self.stat, self.read_ns, self.digest, page, tuple(map(_fields, self.problems)))

    @classmethod
    def unpack(cls, packed: tuple[Any, ...]) -> SourceEntry:
        stat, read_ns, data_digest, page, problems = packed
        page = Page._make(page) if page else None
        return cls(stat, read_ns, data_digest, page, [Problem(*p) for p in problems], packed)


@dataclass(slots=True)
class MarkdownEntry:
    """A page body as last rendered, and the link lookups the HTML depends on."""

    key: str
    lookups: tuple[tuple[str, str | None], ...]
    rendered: Rendered
    stored: Stored | None = None  # where its HTML is kept (`keep_html`)
    packed: tuple[Any, ...] | None = None  # as it was read from disk: saved again as it is

    def pack(self) -> tuple[Any, ...]:
        r = self.rendered
        return self.packed or (
            self.key,
            self.lookups,
            tuple(map(_fields, r.headings)),
            tuple(map(_fields, r.anchor_links)),
            tuple(map(_fields, r.problems)),
            r.words,
            self.stored,
        )

    @classmethod
    def unpack(cls, packed: tuple[Any, ...]) -> MarkdownEntry:
        key, lookups, headings, anchors, problems, words, stored = packed
        rendered = Rendered(
            html="",
            headings=tuple(map(Heading._make, headings)),
            anchor_links=tuple(map(AnchorLink._make, anchors)),
            links=(),
            problems=tuple(Problem(*p) for p in problems),
            words=words,
            lookups=lookups,
        )
        return cls(key, lookups, rendered, stored, packed)


@dataclass(slots=True)
class CacheData:
    """Everything the cache holds; replaced wholesale after each successful build."""

    identity: tuple[Any, ...] = field(default_factory=identity)
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    markdown: dict[str, MarkdownEntry] = field(default_factory=dict)
    out_dir: str = ""  # the output folder the build wrote (`output_name`)
    outputs: dict[str, OutputEntry] = field(default_factory=dict)  # output path -> entry
    search_keys: dict[str, tuple[str, bool, bool]] = field(default_factory=dict)  # search part -> what made it
    inputs_key: str = ""  # digest of every input of the build that wrote `outputs`
    structure_key: str = ""  # digest of what picks the pages a frame shows (see `structure_key` in incremental.py)
    frames: dict[str, FrameRecord] = field(default_factory=dict)  # source -> its frame, while the structure stays
    parts: list[tuple[str, _Part]] = field(default_factory=list, compare=False)  # as read from disk: (file, entries)


# One part of the cache: the sources, markdown, outputs and frames whose keys hash to it
_Part = tuple[dict[str, SourceEntry], dict[str, MarkdownEntry], dict[str, OutputEntry], dict[str, FrameRecord]]


@dataclass(frozen=True, slots=True)
class Quick:
    """The last build at a glance: enough to tell, from file stats alone, that nothing changed."""

    identity: tuple[Any, ...]
    signature: str  # digest of every input file's stat and the options
    taken_ns: int  # when the signature was taken: files modified just before it are not trusted
    expires_ns: int | None  # the first future page's publication time: then the output changes by itself
    pages: int
    outputs: dict[str, StatKey]  # output path -> stat


def load_quick(folder: Path) -> Quick | None:
    """The last build's summary, if there is a readable one."""
    try:
        with (folder / QUICK_FILE).open("rb") as file:
            quick = pickle.load(file)
    except Exception:  # missing or unreadable: just build
        return None
    return quick if isinstance(quick, Quick) else None


def save_quick(folder: Path, quick: Quick) -> None:
    """Write the summary (plain values only, so it loads in milliseconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f"{QUICK_FILE}.tmp"
    temp.write_bytes(pickle.dumps(quick, protocol=pickle.HIGHEST_PROTOCOL))
    temp.replace(folder / QUICK_FILE)


def cache_folder(root: Path, out: Path) -> Path:
    """The cache of builds into `out` (serve's output and public/ each keep their own)."""
    return root / CACHE_DIR / f"build-{hashlib.sha256(output_name(root, out).encode()).hexdigest()[:12]}"


def output_name(root: Path, out: Path) -> str:
    """How the cache names an output folder: by its path in the site's folder when it is in it (so a
    cache restored into another clone, or a CI runner's checkout, finds its outputs), else absolute."""
    out, root = out.absolute(), root.absolute()
    return out.relative_to(root).as_posix() if out.is_relative_to(root) else str(out)


def read_html(folder: Path, stored: Stored) -> str | None:
    """A page body's HTML as kept by `keep_html`, or None if it is not there as it was kept."""
    name, offset, length, crc = stored
    try:
        with open(folder / HTML_DIR / name, "rb") as file:
            file.seek(offset)
            data = file.read(length)
    except OSError:
        return None
    return data.decode("utf-8") if len(data) == length and zlib.crc32(data) == crc else None


@dataclass(slots=True)
class _Pack:
    """The pack this process appends page bodies to (a worker forked from it opens its own)."""

    pid: int
    fd: int
    name: str
    size: int


_packs: dict[Path, _Pack] = {}  # cache folder -> this process's open pack


def keep_html(folder: Path, html: str) -> Stored:
    """Keep a page body's rendered HTML for later builds: appended to this process's pack (thousands of
    small files cost seconds to create; a few packs do not). Until the cache's head names it, it is
    nobody's, and the next save removes it."""
    pack = _packs.get(folder)
    if pack is None or pack.pid != os.getpid():
        (folder / HTML_DIR).mkdir(parents=True, exist_ok=True)
        name = f"{secrets.token_hex(8)}{PACK_SUFFIX}"
        fd = os.open(folder / HTML_DIR / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        pack = _packs[folder] = _Pack(os.getpid(), fd, name, 0)
    data = html.encode("utf-8")
    view = memoryview(data)
    while view:  # unbuffered, so a worker that exits leaves nothing unwritten
        view = view[os.write(pack.fd, view) :]
    stored = (pack.name, pack.size, len(data), zlib.crc32(data))
    pack.size += len(data)
    return stored


def _close_pack(folder: Path) -> None:
    pack = _packs.pop(folder, None)
    if pack is not None and pack.pid == os.getpid():
        os.close(pack.fd)


def load_cache(root: Path, folder: Path) -> tuple[CacheData, list[Problem]]:
    """The cache in `folder`, or an empty one (with a warning if one was there but unusable). What an
    unusable or headless cache kept beside its head (rendered markdown, compiled layouts) is removed:
    nothing vouches for it, and a cold build would not write it again."""
    path = folder / STATE_FILE
    if not path.is_file():
        _discard(folder)
        return CacheData(), []
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        # our own files: anything odd in them fails below and is discarded
        head = _read(path)
        if head[0] != identity():
            _discard(folder)
            return CacheData(), [warning(rel, 1, "the build cache is from another version; built cold")]
        found, out_dir, search_keys, inputs_key, structure_key, names = head
        data = CacheData(found, {}, {}, out_dir, {}, search_keys, inputs_key, structure_key)
        for name in names:
            part = _unpack_part(_read(folder / PARTS_DIR / name))
            for whole, entries in zip((data.sources, data.markdown, data.outputs, data.frames), part, strict=True):
                whole.update(entries)  # type: ignore[attr-defined]
            data.parts.append((name, part))
        return data, []
    except Exception as exc:  # any failure to read means: do not trust it
        _discard(folder)
        return CacheData(), [warning(rel, 1, f"the build cache could not be read ({type(exc).__name__}); built cold")]


def _discard(folder: Path) -> None:
    for kept in (HTML_DIR, COMPILED_DIR):
        shutil.rmtree(folder / kept, ignore_errors=True)


def save_cache(folder: Path, data: CacheData) -> None:
    """Write the parts that changed, then the head that names them (atomically: until it is replaced,
    the old head and its parts stand), then drop files nothing refers to any more."""
    (folder / PARTS_DIR).mkdir(parents=True, exist_ok=True)
    top = folder.parent
    if not (top / ".gitignore").exists():
        (top / ".gitignore").write_text("*\n")
    parts = _split(data)
    old = dict(enumerate(data.parts)) if len(data.parts) == PARTS else {}
    names = []
    for i, part in enumerate(parts):
        if i in old and _same_part(old[i][1], part):
            names.append(old[i][0])  # its file is already on disk
            continue
        names.append(f"{i:02d}-{secrets.token_hex(8)}.pickle")  # a new name: the old head still needs the old file
        _write(folder / PARTS_DIR / names[-1], _pack_part(part))
    head = (data.identity, data.out_dir, data.search_keys, data.inputs_key, data.structure_key, names)
    _write(folder / f"{STATE_FILE}.tmp", head)
    (folder / f"{STATE_FILE}.tmp").replace(folder / STATE_FILE)
    data.parts = list(zip(names, parts, strict=True))
    for name in set(os.listdir(folder / PARTS_DIR)) - set(names):
        with suppress(FileNotFoundError):
            os.unlink(folder / PARTS_DIR / name)
    _tidy_packs(folder, data)


def _tidy_packs(folder: Path, data: CacheData) -> None:
    """Remove the packs no entry names; when many are left, or they hold more dead bytes than live
    ones, write what is live into one new pack. The next build starts a pack of its own."""
    _close_pack(folder)
    html = folder / HTML_DIR
    live: dict[str, int] = {}
    for entry in data.markdown.values():
        if entry.stored is not None:
            live[entry.stored[0]] = live.get(entry.stored[0], 0) + entry.stored[2]
    sizes = {}
    for name in os.listdir(html) if html.is_dir() else []:
        if name in live:
            sizes[name] = os.path.getsize(html / name)
        else:
            with suppress(FileNotFoundError):
                os.unlink(html / name)
    if len(sizes) > MAX_PACKS or sum(sizes.values()) > 2 * sum(live.values()):
        _repack(folder, data)


def _repack(folder: Path, data: CacheData) -> None:
    """Every live page body into one new pack; the entries, then the head, name it before the old packs go."""
    for source, entry in list(data.markdown.items()):
        html = read_html(folder, entry.stored) if entry.stored is not None else None
        stored = keep_html(folder, html) if html is not None else None
        data.markdown[source] = MarkdownEntry(entry.key, entry.lookups, entry.rendered, stored)
    save_cache(folder, data)  # names the new pack and removes the old ones


def _fields(obj: Any) -> tuple[Any, ...]:
    return tuple(obj) if isinstance(obj, tuple) else tuple(getattr(obj, name) for name in field_names(obj.__class__))


def _part_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % PARTS  # stable across runs, unlike hash()


def _split(data: CacheData) -> list[_Part]:
    parts: list[_Part] = [({}, {}, {}, {}) for _ in range(PARTS)]
    wholes: tuple[dict[str, Any], ...] = (data.sources, data.markdown, data.outputs, data.frames)
    for i, whole in enumerate(wholes):
        for key, entry in whole.items():
            parts[_part_of(key)][i][key] = entry
    return parts


def _same_part(old: _Part, new: _Part) -> bool:
    """Whether a part holds what it held when read (a build passes unchanged entries on as they are)."""
    olds: tuple[dict[str, Any], ...] = old
    news: tuple[dict[str, Any], ...] = new
    return all(_same_entries(a, b) for a, b in zip(olds, news, strict=True))


def _same_entries(old: dict[str, Any], new: dict[str, Any]) -> bool:
    missing = object()
    return len(old) == len(new) and all(
        (now := new.get(key, missing)) is entry or now == entry for key, entry in old.items()
    )


def _pack_part(part: _Part) -> tuple[Any, ...]:
    """A part as plain tuples: pickle reads and writes those in C, ten times faster than our dataclasses."""
    sources, markdown, outputs, frames = part
    return (
        {rel: entry.pack() for rel, entry in sources.items()},
        {source: entry.pack() for source, entry in markdown.items()},
        {rel: (entry.key, entry.stat, entry.sum) for rel, entry in outputs.items()},
        frames,
    )


def _unpack_part(packed: tuple[Any, ...]) -> _Part:
    sources, markdown, outputs, frames = packed
    return (
        {rel: SourceEntry.unpack(entry) for rel, entry in sources.items()},
        {source: MarkdownEntry.unpack(entry) for source, entry in markdown.items()},
        {rel: OutputEntry(*entry) for rel, entry in outputs.items()},
        frames,
    )


def _read(path: Path) -> Any:
    with path.open("rb") as file:
        return pickle.load(file)


def _write(path: Path, value: Any) -> None:
    with path.open("wb") as file:
        pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo: plain tuples without cycles, written in a third of the time
        pickler.dump(value)
