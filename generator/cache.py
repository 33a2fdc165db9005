"""The build cache in `.cache/`: parsed pages, rendered markdown, and what each output was made from.

Everything in it is a shortcut, never a source of truth: a cache entry is used only when the inputs it
was made from are provably the same, and a cache that cannot be read, or was written by another
version, is discarded with a warning.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import secrets
import shutil
import sys
import time
import zlib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .content import Card, Page
from .errors import Problem, warning
from .markdown import AnchorLink, Heading, Rendered

CACHE_DIR = ".cache"
STATE_FILE = "state.pickle"  # the head: keys of the whole build, and the names of the parts
PARTS_DIR = "parts"
PARTS = 32  # entries are kept in parts by a hash of their key: a build rewrites only the parts that changed
QUICK_FILE = "quick.pickle"
APPLYING = "applying"  # present while an in-place build moves files into the output
_FORMAT = 4
# A page's frame: its digest, and the (source, front matter digest) of every page whose card it shows
FrameRecord = tuple[str, tuple[tuple[str, str], ...] | None]
# A file changed twice within one timestamp tick keeps its size and mtime: trust a stat only for files
# last modified this long before they were read (git's "racily clean" rule).
_RACY_NS = 2_000_000_000


@functools.cache
def _identity() -> tuple[Any, ...]:
    """What must match for a cache to be trusted: formats, the generator's own code (so a change to it
    between releases counts too) and every library that shapes the output."""
    from importlib.metadata import version

    libraries = tuple(version(name) for name in ("jinja2", "markdown-it-py", "mdit-py-plugins", "pyyaml"))
    code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))).hexdigest()
    return (_FORMAT, __version__, code, sys.version_info[:2], libraries)


@dataclass(slots=True)
class SourceEntry:
    """A content file as last parsed, with the stat and digest it had."""

    stat: tuple[int, int, int]  # size, mtime_ns, inode
    read_ns: int  # when it was read
    digest: str
    page: Page | None
    problems: list[Problem]
    packed: tuple[Any, ...] | None = None  # as it was read from disk: saved again as it is

    def pack(self) -> tuple[Any, ...]:
        if self.packed:
            return self.packed
        page = _page_fields(self.page) if self.page else None
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
        )

    @classmethod
    def unpack(cls, packed: tuple[Any, ...]) -> MarkdownEntry:
        key, lookups, headings, anchors, problems, words = packed
        rendered = Rendered(
            html="",
            headings=tuple(map(Heading._make, headings)),
            anchor_links=tuple(map(AnchorLink._make, anchors)),
            links=(),
            problems=tuple(Problem(*p) for p in problems),
            words=words,
            lookups=lookups,
        )
        return cls(key, lookups, rendered, packed)


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
    search_keys: dict[str, tuple[str, bool, bool]] = field(default_factory=dict)  # search part -> what made it
    inputs_key: str = ""  # digest of every input of the build that wrote `outputs`
    structure_key: str = ""  # digest of what picks the pages a frame shows (see `structure_key` in build.py)
    frames: dict[str, FrameRecord] = field(default_factory=dict)  # source -> its frame, while the structure stays
    parts: list[tuple[str, _Part]] = field(default_factory=list, compare=False)  # as read from disk: (file, entries)


# One part of the cache: the sources, markdown, outputs and frames whose keys hash to it
_Part = tuple[dict[str, SourceEntry], dict[str, MarkdownEntry], dict[str, OutputEntry], dict[str, FrameRecord]]


@dataclass(frozen=True, slots=True)
class Quick:
    """The last build at a glance: enough to tell, from file stats alone, that nothing changed."""

    identity: tuple[Any, ...]
    signature: str  # digest of every input file's stat and the options
    taken_ns: int  # when the signature was taken: files modified within _RACY_NS of it are not trusted
    expires_ns: int | None  # the first future page's publication time: then the output changes by itself
    pages: int
    outputs: dict[str, tuple[int, int, int]]  # output path -> stat

    def is_current(self, signature: str, newest_input_ns: int, out: Path) -> bool:
        """Same inputs as then, no clock event since, and every output file as that build left it."""
        if self.identity != _identity() or signature != self.signature or newest_input_ns >= self.taken_ns - _RACY_NS:
            return False
        if self.expires_ns is not None and time.time_ns() >= self.expires_ns:
            return False
        try:
            prefix = f"{out}/"  # a str, not a Path: joined once per output file
            return all(stat_key(prefix + rel) == stat for rel, stat in self.outputs.items())
        except OSError:
            return False


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
        # our own files: anything odd in them fails below and is discarded
        head = _read(path)
        if head[0] != _identity():
            return CacheData(), [warning(rel, 1, "the build cache is from another version; built cold")]
        identity, out_dir, search_keys, inputs_key, structure_key, names = head
        data = CacheData(identity, {}, {}, out_dir, {}, search_keys, inputs_key, structure_key)
        for name in names:
            part = _unpack_part(_read(folder / PARTS_DIR / name))
            for whole, entries in zip((data.sources, data.markdown, data.outputs, data.frames), part, strict=True):
                whole.update(entries)  # type: ignore[attr-defined]
            data.parts.append((name, part))
        return data, []
    except Exception as exc:  # any failure to read means: do not trust it
        return CacheData(), [warning(rel, 1, f"the build cache could not be read ({type(exc).__name__}); built cold")]


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
    keep = {f"{entry.key}.html" for entry in data.markdown.values()}
    html = folder / "html"
    for name in os.listdir(html) if html.is_dir() else []:  # names, not Paths: there is one per page
        if name.endswith(".html") and name not in keep:
            with suppress(FileNotFoundError):
                os.unlink(html / name)


def _fields(obj: Any) -> tuple[Any, ...]:
    return tuple(obj) if isinstance(obj, tuple) else tuple(getattr(obj, name) for name in _field_names(obj.__class__))


def _page_fields(page: Page) -> tuple[Any, ...]:
    # without the body: most of the cache's size, and needed only when the markdown is rendered again
    return tuple(page._replace(body=None))


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
        {rel: (entry.key, entry.stat) for rel, entry in outputs.items()},
        frames,
    )


def _unpack_part(packed: tuple[Any, ...]) -> _Part:
    sources, markdown, outputs, frames = packed
    return (
        {rel: SourceEntry.unpack(entry) for rel, entry in sources.items()},
        {source: MarkdownEntry.unpack(entry) for source, entry in markdown.items()},
        {rel: OutputEntry(key, stat) for rel, (key, stat) in outputs.items()},
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


def stat_key(path: str | Path) -> tuple[int, int, int]:
    """Size, modification time and inode: a cheap test that a file is unchanged."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


def trusted_by_stat(entry: SourceEntry, stat: tuple[int, int, int]) -> bool:
    """The stat matches and the file was not modified just before it was read."""
    return entry.stat == stat and stat[1] < entry.read_ns - _RACY_NS


def digest(*parts: Any) -> str:
    """A stable digest of values: Pages by their file digest, Cards by their front matter's, other
    dataclasses by their repr (which shows every field), containers item by item."""
    return hashlib.sha256(_text(parts).encode("utf-8", "surrogatepass")).hexdigest()


def combine(*parts: str) -> str:
    """A digest of digests and paths (text without NUL, so joining them is unambiguous): `digest` for
    hot loops, where going through `_text` part by part would cost more than the hashing."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


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
        return f"{cls.__qualname__}(" + "\x1f".join(_text(getattr(value, n)) for n in _field_names(cls)) + ")"
    return f"{cls.__qualname__}:{value!r}"  # numbers, dates, paths, other dataclasses: repr shows it all


@functools.cache
def _holds_containers(cls: Any) -> bool:
    """Whether `cls` is a dataclass with container fields (else its repr, which shows every field, will do)."""
    fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
    return any(str(f.type).startswith(("tuple", "dict", "list")) for f in fields)


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def now_ns() -> int:
    """The wall clock in nanoseconds (when a file was read)."""
    return time.time_ns()


class OutputWriter:
    """Writes a build's files into its staging folder; nothing touches the old output until it succeeded.

    Two ways to finish. Swap (cold builds, and builds that index search, which needs every page in one
    folder): unchanged files are hard-linked from the old output, and the staging folder replaces the
    output by one rename. In place (`in_place`): staging holds only the changed files, and `apply` moves
    each into the output with an atomic rename, then removes what is gone; a crash between the two is
    noticed by the next build (see `APPLYING`), which then starts cold. Either way unchanged files keep
    their inode and mtime, so rsync and CDNs see no change.
    """

    def __init__(
        self,
        staging: Path,
        old_out: Path | None,
        previous: dict[str, OutputEntry],
        in_place: bool = False,
        trusted: bool = False,
    ) -> None:
        self.staging = staging
        self.old_out = old_out
        self.previous = previous if old_out is not None else {}
        self.in_place = in_place and old_out is not None
        # in place, with trusted outputs (serve's own folder): a file the last build left is as it left it
        self.trusted = trusted and self.in_place
        self._old_prefix = f"{old_out}/"  # str, not Path: joined for every page
        self.entries: dict[str, OutputEntry] = {}
        self._folders: set[Path] = set()  # made already; os.fork gives each worker its own copy

    def reuse(self, rel: str, key: str) -> bool:
        """Keep the previous build's file if it was made from the same inputs and is untouched since."""
        entry = self.previous.get(rel)
        if entry is None or entry.key != key:
            return False
        old = self._old_prefix + rel if self.trusted else self._intact_old(rel)
        if old is None:
            return False
        self._keep(old, rel)
        self.entries[rel] = entry
        return True

    def write(self, rel: str, data: bytes, key: str = "") -> OutputEntry:
        """Write `data`, or keep the old file when its bytes are the same."""
        old = self._intact_old(rel)
        if old is not None and os.path.getsize(old) == len(data) and Path(old).read_bytes() == data:
            self._keep(old, rel)
            entry = OutputEntry(key, self.previous[rel].stat)
        else:
            target = self._target(rel)
            target.write_bytes(data)
            entry = OutputEntry(key, stat_key(target))
        self.entries[rel] = entry
        return entry

    def apply(self, out: Path, marker: Path) -> None:
        """In-place finish: move the changed files in, remove the ones this build no longer makes."""
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(out))
        for folder, _, names in os.walk(self.staging):
            for name in names:
                source = Path(folder) / name
                target = out / source.relative_to(self.staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        for rel in sorted(set(self.previous) - set(self.entries), reverse=True):
            gone = out / rel
            gone.unlink(missing_ok=True)
            for parent in gone.parents:
                if parent == out or any(parent.iterdir()):
                    break
                parent.rmdir()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _keep(self, old: str, rel: str) -> None:
        if not self.in_place:
            os.link(old, self._target(rel))

    def record(self, rel: str) -> None:
        """Note a file something else wrote into the staging folder (the search index); where the old
        output has the same bytes, the old file is kept instead."""
        target = self.staging / rel
        old = self._intact_old(rel)
        if old is not None and os.path.getsize(old) == target.stat().st_size and _same_bytes(old, target):
            target.unlink()
            self._keep(old, rel)
            self.entries[rel] = OutputEntry("", self.previous[rel].stat)
        else:
            self.entries[rel] = OutputEntry("", stat_key(target))

    def _intact_old(self, rel: str) -> str | None:
        if self.old_out is None or rel not in self.previous:
            return None
        old = self._old_prefix + rel
        try:
            return old if stat_key(old) == self.previous[rel].stat else None
        except OSError:
            return None

    def _target(self, rel: str) -> Path:
        # Output paths come from checked slugs; this is the last guard that none leaves the folder.
        if rel.startswith("/") or ".." in rel.split("/"):
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        target = self.staging / rel
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target


def _same_bytes(a: str | Path, b: str | Path) -> bool:
    with open(a, "rb") as first, open(b, "rb") as second:
        return first.read() == second.read()
