"""The output folder: the writer that fills a staging folder, and the swap that puts it in place.

Nothing touches the old output until a build has succeeded; unchanged files keep their inode and mtime.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .fingerprint import StatKey, stat_key


def output_path_for(url: str) -> str:
    """The file a site-relative URL is served from: `articles/x/` -> `articles/x/index.html`."""
    if url == "" or url.endswith("/"):
        return f"{url}index.html"
    return url


def outputs_intact(out: Path, stats: Mapping[str, StatKey]) -> bool:
    """Every file a build wrote into `out` is still as it left it (by stat)."""
    prefix = f"{out}/"  # a str, not a Path: joined once per output file
    try:
        return all(stat_key(prefix + rel) == stat for rel, stat in stats.items())
    except OSError:
        return False


@dataclass(slots=True)
class OutputEntry:
    """One output file: the digest of what it was made from, the stat it had when written, and the
    digest of its bytes (which outlives the stat when the output is restored somewhere else)."""

    key: str
    stat: StatKey
    sum: str


def content_sum(data: bytes) -> str:
    """The digest of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


class OutputWriter:
    """Writes a build's files into its staging folder; nothing touches the old output until it succeeded.

    Two ways to finish. Swap (cold builds, and builds that index search, which needs every page in one
    folder): unchanged files are hard-linked from the old output, and the staging folder replaces the
    output by one rename. In place (`in_place`): staging holds only the changed files, and `apply` moves
    each into the output with an atomic rename, then removes what is gone; a crash between the two is
    noticed by the next build (see `APPLYING`), which then starts cold. Either way unchanged files keep
    their inode and mtime, so rsync and CDNs see no change.

    A file of the old output is the last build's when its stat is the one recorded, or else (an output
    restored from a CI cache, say, where every file is new) when its bytes have the recorded digest.
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

    def reusable(self, rel: str, key: str) -> bool:
        """Whether the previous build's file was made from the same inputs and is untouched since."""
        return self._reusable(rel, key) is not None

    def reuse(self, rel: str, key: str) -> bool:
        """Keep the previous build's file if it was made from the same inputs and is untouched since."""
        old = self._reusable(rel, key)
        if old is None:
            return False
        self._keep(old[0], rel)
        self.entries[rel] = old[1]
        return True

    def keep(self, rels: Iterable[str]) -> None:
        """Keep the previous build's files as they are, unchecked: only for serve's own output folder
        (trusted, in place), when the caller knows they were made from the same inputs."""
        assert self.trusted
        rels = list(rels)
        self.entries.update(zip(rels, map(self.previous.__getitem__, rels), strict=True))

    def adopt(self, written: Iterable[tuple[str, OutputEntry]]) -> None:
        """Note files that worker processes wrote into the staging folder."""
        self.entries.update(written)

    def write(self, rel: str, data: bytes, key: str = "") -> OutputEntry:
        """Write `data`, or keep the old file when its bytes are the same."""
        data_sum = content_sum(data)
        old = self._intact_old(rel)
        if old is not None and old[1].sum == data_sum:
            self._keep(old[0], rel)
            entry = OutputEntry(key, old[1].stat, data_sum)
        else:
            target = self._target(rel)
            target.write_bytes(data)
            entry = OutputEntry(key, stat_key(target), data_sum)
        self.entries[rel] = entry
        return entry

    def apply(self, out: Path, marker: Path) -> None:
        """In-place finish: move the changed files in, remove the ones this build no longer makes. A stop
        (Ctrl-C, a terminate signal) waits until they are all moved: the next build would mend a half-moved
        output (`marker`), but until then it would be served, or deployed, half old."""
        with _stops_held():
            self._apply(out, marker)

    def _apply(self, out: Path, marker: Path) -> None:
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
        data_sum = content_sum(target.read_bytes())
        old = self._intact_old(rel)
        if old is not None and old[1].sum == data_sum:
            target.unlink()
            self._keep(old[0], rel)
            self.entries[rel] = OutputEntry("", old[1].stat, data_sum)
        else:
            self.entries[rel] = OutputEntry("", stat_key(target), data_sum)

    def _reusable(self, rel: str, key: str) -> tuple[str, OutputEntry] | None:
        entry = self.previous.get(rel)
        if entry is None or entry.key != key:
            return None
        return (self._old_prefix + rel, entry) if self.trusted else self._intact_old(rel)

    def _intact_old(self, rel: str) -> tuple[str, OutputEntry] | None:
        """The old output's file and its entry (with the stat it has now), if it is as the last build left it."""
        entry = self.previous.get(rel)
        if self.old_out is None or entry is None:
            return None
        old = self._old_prefix + rel
        try:
            stat = stat_key(old)
            if stat == entry.stat:
                return old, entry
            if stat[0] != entry.stat[0]:  # another size: another file
                return None
            with open(old, "rb") as file:
                return (old, OutputEntry(entry.key, stat, entry.sum)) if content_sum(file.read()) == entry.sum else None
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


_STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextmanager
def _stops_held() -> Iterator[None]:
    """Hold the stop signals that arrive meanwhile and deliver the first one after the block, to the handler
    it would have met (Python runs handlers in the main thread, so only there can a stop interrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = {
        stop: signal.signal(stop, lambda signum, _: caught.append(signum))
        for stop in _STOPS
        if signal.getsignal(stop) not in (None, signal.SIG_IGN)  # ignored stays ignored
    }
    try:
        yield
    finally:
        for stop, handler in held.items():
            signal.signal(stop, handler)
        if caught:
            signal.raise_signal(caught[0])


@contextmanager
def staging(out: Path, swap: bool = True) -> Iterator[Path]:
    """A fresh folder beside `out`; swapped in (if `swap`) only when the block succeeds, else removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale(out)
    staging = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not swap:
        return
    # Same folder, same filesystem: both renames are atomic, and `out` is never half-written.
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _clear_stale(out: Path) -> None:
    """Remove temp folders left by builds that died (their process is gone)."""
    for path in out.parent.glob(f".{out.name}.*-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
