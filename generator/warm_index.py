"""A part of the search index kept in memory between the builds of a process that stays (serve, `build
--watch`), so that an edit indexes again only the pages it changed.

Pagefind spends about half its time reading a part's pages and half writing the part. Its service (the
`pagefind` package's API: a `pagefind --service` process) holds an index in memory: a page added again
under its URL replaces the one it had, and the part written is then the one a fresh index of the same
pages writes, byte for byte (the incremental tests compare them). Only the part indexed last is held: a
part of 1,430 pages takes about 300 MB in the service.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Coroutine, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .search import MARKED, PartKey

if TYPE_CHECKING:  # imported when a session first indexes: builds without search never load it
    from pagefind.index import PagefindIndex
    from pagefind.service import PagefindService

_TIMEOUT = 600.0  # seconds for one request: a service that died never answers
T = TypeVar("T")


def page_url(rel: str) -> str:
    """The URL Pagefind gives an output file when it indexes a folder (`a/b/index.html` -> `/a/b/`)."""
    return "/" + rel.removesuffix("index.html")


class WarmIndex:
    """The part of the search index a session indexed last, held by Pagefind's service with what it was
    made from: each page's digest and whether it marks what to index."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._service: PagefindService | None = None
        self._index: PagefindIndex | None = None
        self._part: tuple[str, PartKey] | None = None  # the part's folder and key
        self._pages: dict[str, tuple[str, bool]] = {}  # output path -> (digest, marked)

    def update(
        self, folder: str, key: PartKey, sums: Mapping[str, str], read: Callable[[str], bytes], bundle: Path
    ) -> bool:
        """If this holds `folder` with the same pages (`sums`: output path -> digest), index again those
        whose bytes changed and write the part to `bundle`; False, having done nothing, if it does not, or
        if a changed page stopped or started marking what to index (a fresh index decides that)."""
        if self._index is None or self._part is None or self._part[0] != folder or sums.keys() != self._pages.keys():
            return False
        if self._part[1][1:] != key[1:]:  # whether the part, and the site, mark what to index
            return False
        changed = {rel: read(rel) for rel, digest in sums.items() if digest != self._pages[rel][0]}
        marks = {rel: MARKED.search(data) is not None for rel, data in changed.items()}
        if any(marks[rel] != self._pages[rel][1] for rel in changed):
            return False
        index = self._index

        async def add_and_write() -> bool:
            for rel, data in changed.items():
                await index.add_html_file(content=data.decode("utf-8"), url=page_url(rel))
            await index.write_files(output_path=str(bundle))
            return True

        if not self._run(add_and_write()):
            return False
        self._part = (folder, key)
        self._pages.update((rel, (sums[rel], marks[rel])) for rel in changed)
        return True

    def load(
        self,
        folder: str,
        key: PartKey,
        sums: Mapping[str, str],
        read: Callable[[str], bytes],
        site: Path,
        glob: str | None,
        bundle: Path,
    ) -> bool:
        """Index the part's pages, `sums`, from `site` (those `glob` matches, else all) as Pagefind indexes a
        folder, write it to `bundle` and hold it; False if the service failed (the caller runs Pagefind)."""
        self._drop_index()
        if self._service is None:
            self._service = self._run(_launch())
        service = self._service
        if service is None:
            return False

        async def index_and_write() -> PagefindIndex:
            index = await service.create_index()
            await index.add_directory(str(site), glob=glob)
            await index.write_files(output_path=str(bundle))
            return index

        index = self._run(index_and_write())
        if index is None:
            return False
        self._index, self._part = index, (folder, key)
        self._pages = {rel: (digest, MARKED.search(read(rel)) is not None) for rel, digest in sums.items()}
        return True

    def close(self) -> None:
        """Stop the service, and the thread its requests run in."""
        if self._service is not None:
            self._run(asyncio.wait_for(self._service.close(), 10))
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
        self._loop, self._thread, self._service, self._index, self._part, self._pages = None, None, None, None, None, {}

    def _drop_index(self) -> None:
        index, self._index, self._part, self._pages = self._index, None, None, {}
        if index is not None:
            self._run(index.delete_index())

    def _run(self, work: Coroutine[Any, Any, T]) -> T | None:
        """Run one request, and wait for it; on any failure, stop the service and hold nothing (None): the
        index is an optimisation, and the Pagefind command then does the work and reports. The requests run
        in a thread of their own, so that a build may ask from within another event loop (serve's)."""
        if self._loop is None or self._thread is None:
            self._loop = asyncio.new_event_loop()
            # it runs only the service's tasks: a service that died leaves its reader failed, unread, and
            # the command does the work; nothing to tell
            self._loop.set_exception_handler(lambda loop, context: None)
            self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind-service", daemon=True)
            self._thread.start()
        try:
            return asyncio.run_coroutine_threadsafe(self._unless_stopped(work), self._loop).result()
        except Exception:  # any failure of the service: the command does the work instead
            process, self._service, self._index, self._part, self._pages = self._process(), None, None, None, {}
            if process is not None:  # not its close(), which waits for answers that may never come
                self._loop.call_soon_threadsafe(_kill, process)
            return None

    async def _unless_stopped(self, work: Coroutine[Any, Any, T]) -> T:
        """`work`, or an error as soon as the service's process ends: a request to a process that died
        (a panic on some page) is never answered."""
        task = asyncio.ensure_future(work)
        process = self._process()
        ended = asyncio.ensure_future(process.wait() if process is not None else asyncio.sleep(_TIMEOUT))
        done, _ = await asyncio.wait({task, ended}, timeout=_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        ended.cancel()
        if task not in done:
            task.cancel()
            raise RuntimeError("Pagefind's service stopped, or did not answer")
        return task.result()

    def _process(self) -> asyncio.subprocess.Process | None:
        # the package's own handle on its process (not public API: without it, only the timeout guards)
        process = getattr(self._service, "_backend", None)
        return process if isinstance(process, asyncio.subprocess.Process) else None


async def _launch() -> PagefindService:
    from pagefind.service import PagefindService

    return await PagefindService().launch()  # made in the loop that runs it: it keeps the running loop


def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
