"""Keeping a build current: the sources that changed, as the operating system tells (for `serve` and
`build --watch`), and `build --watch` itself, a build process that stays and builds each change."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .build import BuildOptions, BuildResult, build
from .errors import BuildError, Problem
from .session import Session

WATCHED = ("content", "layouts", "static", "site.toml")
AUDIT_SECONDS = 5.0  # how often the content files are stat-ed for changes that came without an event
SETTLE_NS = 2_000_000_000  # a file saved this recently may have its event on the way: the next audit looks


def sources(root: Path) -> list[Path]:
    """The site's sources to watch (those that exist)."""
    return [root / name for name in WATCHED if (root / name).exists()]


class Changes:
    """The paths changed under the sources since they were last taken, as the operating system tells
    (watchfiles, on threads of their own), instead of a stat of every file every 100 ms: at 10,000
    articles one such pass took 140 ms, a core kept busy."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.lock = threading.Lock()
        self.changed: list[str] = []  # absolute paths, filled by the watch threads
        self.wake: Callable[[], None] | None = None  # told when there are changes to take
        self.stop = threading.Event()

    def begin(self, paths: Iterable[Path]) -> None:
        """Follow `paths` from before the first build, so that no save is missed; from then on the
        session trusts what it is told (`Session.watched`)."""
        watched = [Path(path).absolute() for path in paths]
        folders = [path for path in watched if path.is_dir()]
        files = {path for path in watched if not path.is_dir()}
        # files through their folder: an editor that saves by renaming would end a watch on the file itself
        parents = sorted({path.parent for path in files})
        ready = []
        for group, recursive, wanted in ((folders, True, None), (parents, False, lambda _, p: Path(p) in files)):
            if group:
                ready.append(threading.Event())
                args = (group, recursive, wanted, ready[-1])
                threading.Thread(target=self._follow, args=args, daemon=True).start()
        for event in ready:
            event.wait(10)
        self.session.watched = True

    def call(self, wake: Callable[[], None]) -> None:
        """Call `wake` whenever changes come in (and now, if some came during the first build)."""
        with self.lock:
            self.wake = wake
            if self.changed:
                wake()

    def take(self) -> list[str]:
        """The changes since the last call, told to the session too."""
        with self.lock:
            changed, self.changed = self.changed, []
        self.session.note_changes(changed)
        return changed

    def audit(self) -> None:
        """Find content changes whose events the operating system dropped (a full event queue, say):
        the rebuilds trust the watcher, so without this they would stay unseen."""
        with self.lock:
            pending = set(self.changed)  # seen, and about to be built: not missed
        # absolute, as the watch threads give them (a relative --root would not match those)
        root = self.session.root.absolute()
        missed = [path for rel in self.session.unnoticed(SETTLE_NS) if (path := str(root / rel)) not in pending]
        if missed:
            print(f"warning: {len(missed)} changes came without a file event; rebuilding", file=sys.stderr)
            self._add(missed)

    def _add(self, paths: list[str]) -> None:
        with self.lock:
            self.changed += paths
            if self.wake is not None:
                self.wake()

    def _follow(self, paths: list[Path], recursive: bool, wanted: Any, ready: threading.Event) -> None:
        try:
            self._follow_by(False, paths, recursive, wanted, ready)
        except OSError as exc:  # e.g. the system's limit on watches: slower, but still followed
            print(f"warning: no file events ({exc}); looking for changes every 300 ms", file=sys.stderr)
            self._follow_by(True, paths, recursive, wanted, ready)

    def _follow_by(
        self, polling: bool, paths: list[Path], recursive: bool, wanted: Any, ready: threading.Event
    ) -> None:
        import watchfiles

        # step: a save that writes several files is one change; 20 ms is less than anyone notices.
        # yield_on_timeout: the first (empty) answer tells that the watch is in place.
        for changes in watchfiles.watch(
            *paths,
            watch_filter=wanted or watchfiles.DefaultFilter(),
            recursive=recursive,
            step=20,
            rust_timeout=200,
            yield_on_timeout=True,
            stop_event=self.stop,
            raise_interrupt=False,
            force_polling=polling or None,  # None: watchfiles' own choice (and WATCHFILES_FORCE_POLLING)
            poll_delay_ms=300,
        ):
            ready.set()
            if changes:
                self._add(sorted(path for _, path in changes))


def stop_on_signals() -> None:
    """A stop from a process manager or a closed terminal ends the process as Ctrl-C does (so the cache is
    kept); a hang-up ignored from the start (`nohup`) stays ignored."""
    for stop in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(stop) != signal.SIG_IGN:
            signal.signal(stop, _interrupt)


def _interrupt(*_: Any) -> None:
    raise KeyboardInterrupt


def build_and_watch(root: Path, options: BuildOptions, report: Callable[[BuildResult], None], quiet: bool) -> int:
    """`build --watch`: build, then build again on every change to the sources until Ctrl-C. The build
    cache stays in memory meanwhile (an edit costs what serve's does) and is saved when it stops; a build
    that fails leaves the last good output and waits for the next change."""
    session = Session(root, (options.out or root / "public").absolute())
    changes = Changes(session)
    changes.begin(sources(root))
    woken = threading.Event()
    changes.call(woken.set)
    stop_on_signals()
    try:
        _build_once(root, options, session, report)
        if not quiet:
            print("Watching for changes (Ctrl-C to stop)", flush=True)
        audited = time.monotonic()
        while True:
            if not woken.wait(max(0.0, audited + AUDIT_SECONDS - time.monotonic())):
                changes.audit()
                audited = time.monotonic()
                continue
            woken.clear()
            if changes.take():
                _build_once(root, options, session, report)
    except KeyboardInterrupt:
        pass
    finally:
        changes.stop.set()
        session.close()
    if not quiet:
        print("Stopped.", flush=True)
    return 0


def _build_once(root: Path, options: BuildOptions, session: Session, report: Callable[[BuildResult], None]) -> None:
    try:
        report(build(root, options, session))
    except BuildError as exc:
        kept = os.path.relpath(session.out)
        print_failure(exc.problems, f"{kept} keeps the last good build; fix and save to build again")


def print_failure(problems: list[Problem], after: str) -> None:
    """A failed rebuild, for a process that goes on: each problem, then what happens now."""
    for problem in problems:
        print(problem.text(), file=sys.stderr)
    noun = "error" if len(problems) == 1 else "errors"
    print(f"Build failed: {len(problems)} {noun}; {after}.", file=sys.stderr, flush=True)
