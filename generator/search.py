"""Search: Pagefind indexes the written pages into `pagefind/`, so the search page needs no server.

A large site's index is made in parts (`pagefind/part-0/`, `pagefind/part-1/`, ...), each over the pages
whose output path hashes to it; the search page loads the first and merges the others in the browser.
A change re-indexes only the parts whose pages changed, and Pagefind's memory grows with the pages of
one part, not the whole site.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, error
from .fingerprint import digest
from .output import OutputEntry, OutputWriter

if TYPE_CHECKING:
    from .warm_index import WarmIndex

SEARCH_URL = "search/"  # the search page
SEARCH_DIR = "pagefind"  # the bundle's folder in the output, beside the pages it indexes
_SHOWN_LINES = 20  # of Pagefind's output, when it fails
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9._/-]+$")  # needs no escaping in a Pagefind glob
MARKED = re.compile(rb"<[^>]*\sdata-pagefind-body[\s=/>]")  # an element that marks what to index
PARTS_FILE = f"{SEARCH_DIR}/parts.json"  # the parts the search page loads, when there are several
# What a part of the index is made from: its files' digests, whether one of them is marked, whether one
# anywhere is (then Pagefind indexes only marked pages)
PartKey = tuple[str, bool, bool]


def search_parts(pages: Iterable[str], pages_per_index: int) -> dict[str, list[str]]:
    """The index's bundle folders (the first one is loaded, the others merged into it) and the content
    pages (output paths) each indexes. The first also indexes every other HTML file (see `part_files`).

    One bundle, `pagefind/`, until there are more than `pages_per_index` pages (0: always one); then as
    many parts as it takes, each page in the part its path hashes to, so that adding or removing a page
    moves no other. A part that no page hashes to is left out.
    """
    pages = sorted(pages)
    count = math.ceil(len(pages) / pages_per_index) if pages_per_index else 1
    if count <= 1:
        return {SEARCH_DIR: pages}
    parts: dict[str, list[str]] = {f"{SEARCH_DIR}/part-{i}": [] for i in range(count)}
    for rel in pages:
        parts[f"{SEARCH_DIR}/part-{zlib.crc32(rel.encode()) % count}"].append(rel)
    first = f"{SEARCH_DIR}/part-0"
    return {folder: rels for folder, rels in parts.items() if rels or folder == first}


def part_files(parts: dict[str, list[str]], html: Iterable[str]) -> dict[str, list[str]]:
    """The HTML files each part indexes: its pages, and for the first part every HTML file that is not a
    content page (lists, the home page, static HTML), which Pagefind indexes only if none is marked."""
    files = {folder: list(rels) for folder, rels in parts.items()}
    placed = {rel for rels in parts.values() for rel in rels}
    files[next(iter(files))].extend(sorted(rel for rel in html if rel not in placed))
    return files


def update_index(
    writer: OutputWriter,
    previous_keys: dict[str, PartKey],
    previous_outputs: dict[str, OutputEntry],
    parts: dict[str, list[str]],
    out: Path,
    warm: WarmIndex | None = None,
) -> dict[str, PartKey]:
    """Index the written pages for search, part by part, keeping each part made from the same files as
    last time, and list the parts (those with pages to index) in `PARTS_FILE`; returns each part's key.
    In place, some pages are only in `out`, the old output. A session's `warm` index re-indexes only the
    changed pages of the part it holds, and holds the last part indexed."""
    folders = (writer.staging, out)
    files_of = part_files(parts, [rel for rel in writer.entries if rel.endswith(".html")])
    stats = {
        folder: digest(folder, list(parts), sorted((rel, writer.entries[rel].sum) for rel in files))
        for folder, files in files_of.items()
    }
    marked = {
        folder: old[1] if (old := previous_keys.get(folder)) and old[0] == stats[folder] else _marks(folders, files)
        for folder, files in files_of.items()
    }
    anywhere = any(marked.values())  # Pagefind's rule for the whole site: then only marked pages count
    keys = {}
    for folder, files in files_of.items():
        key = keys[folder] = (stats[folder], marked[folder], anywhere)
        kept = [rel for rel in previous_outputs if rel.startswith(f"{folder}/")]
        if key == previous_keys.get(folder) and kept and all(writer.reusable(rel, "") for rel in kept):
            for rel in kept:
                writer.reuse(rel, "")
            continue
        if anywhere and not marked[folder]:  # nothing to index here: one index would skip these pages too
            continue
        bundle = writer.staging / folder
        shutil.rmtree(bundle, ignore_errors=True)  # never write through a link into the old output
        sums = {rel: writer.entries[rel].sum for rel in files}
        read = partial(_read_first, folders)
        if warm is not None and warm.update(folder, key, sums, read, bundle):
            pass
        elif not writer.in_place and globbable(files):  # every file is in the staging folder
            if warm is None or not warm.load(folder, key, sums, read, writer.staging, _glob(files), bundle):
                index_for_search(writer.staging, bundle, files)
        else:  # some are only in the old output, or need escaping: index a folder of links to them
            with _farm(out) as farm:
                link_files(folders, farm, files)
                if warm is None or not warm.load(folder, key, sums, read, farm, None, bundle):
                    index_for_search(farm, bundle)
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                writer.record(path.relative_to(writer.staging).as_posix())
    if len(parts) > 1:
        shown = [folder.removeprefix(f"{SEARCH_DIR}/") + "/" for folder in parts if marked[folder] or not anywhere]
        writer.write(PARTS_FILE, json.dumps(shown).encode())
    return keys


def _read_first(folders: tuple[Path, ...], rel: str) -> bytes:
    """A file's bytes from the first of `folders` that has it."""
    for folder in folders[:-1]:
        with contextlib.suppress(FileNotFoundError):
            return (folder / rel).read_bytes()
    return (folders[-1] / rel).read_bytes()


def _marks(folders: tuple[Path, ...], files: list[str]) -> bool:
    """Whether a file marks an element `data-pagefind-body` (nearly always the first one read)."""
    for rel in files:
        for folder in folders:
            with contextlib.suppress(FileNotFoundError):
                if MARKED.search((folder / rel).read_bytes()):
                    return True
                break
    return False


@contextlib.contextmanager
def _farm(out: Path) -> Iterator[Path]:
    """A folder beside `out` for the files of one part (a build that dies leaves it to the next to remove)."""
    farm = out.with_name(f".{out.name}.search-{os.getpid()}")
    shutil.rmtree(farm, ignore_errors=True)
    farm.mkdir()
    try:
        yield farm
    finally:
        shutil.rmtree(farm, ignore_errors=True)


def index_for_search(site: Path, output: Path | None = None, files: list[str] | None = None) -> int:
    """Index the built pages in `site` (those marked `data-pagefind-body`) into `output` (default:
    `site/pagefind`); with `files`, only those (paths relative to `site`). Returns the files written.

    Raises BuildError if the Pagefind binary is missing or fails, so the build fails and the old output stays.
    """
    from pagefind.service import get_executable  # only builds that index pay for importing it

    binary = get_executable()
    if binary is None or not binary.is_file():
        found = f" (looked for {binary})" if binary else ""
        raise BuildError([error(SEARCH_DIR, 1, f"the Pagefind binary is missing{found}; install `pagefind[bin]`")])
    if files is not None and not globbable(files):
        raise ValueError("index_for_search: these paths need escaping in a glob; index a folder of links to them")
    output = output or site / SEARCH_DIR
    _run(binary, site, output, files)
    return sum(1 for p in output.rglob("*") if p.is_file())


def globbable(files: list[str]) -> bool:
    """Whether Pagefind can be told these paths in a glob as they are (every page's path can)."""
    return all(map(_PLAIN_PATH.match, files))


def link_files(folders: tuple[Path, ...], farm: Path, files: list[str]) -> None:
    """Hard-link `files` (relative paths) into `farm`, each from the first of `folders` that has it."""
    made: set[Path] = set()
    for rel in files:
        target = farm / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        for i, folder in enumerate(folders):
            try:
                os.link(folder / rel, target)
                break
            except FileNotFoundError:
                if i == len(folders) - 1:
                    raise


def _glob(files: list[str]) -> str:
    return "{" + ",".join(files) + "}"


def _run(binary: Path, site: Path, output: Path, files: list[str] | None) -> None:
    with tempfile.TemporaryDirectory(prefix="next-round-pagefind-") as config_dir:
        if files is not None:
            # Pagefind reads its settings from the folder it runs in; a file holds any number of paths,
            # where one command-line argument holds 128 KiB
            glob = _glob(files)
            (Path(config_dir) / "pagefind.json").write_text(json.dumps({"glob": glob}), encoding="utf-8")
        command = [str(binary), "--site", str(site), "--output-path", str(output), "--quiet"]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, errors="replace", check=False, cwd=config_dir
            )
        except OSError as exc:
            raise BuildError([error(SEARCH_DIR, 1, f"could not run Pagefind ({binary}): {exc}")]) from None
    if result.returncode != 0:
        # Pagefind can print the same error twice; keep each line once, in order, on one line
        lines = dict.fromkeys(line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip())
        details = " ".join(list(lines)[-_SHOWN_LINES:]) or "no output"
        message = f"Pagefind failed to index the site (exit code {result.returncode}): {details}"
        raise BuildError([error(SEARCH_DIR, 1, message)])
