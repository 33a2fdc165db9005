"""Search: Pagefind indexes the written pages into `pagefind/`, so the search page needs no server."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import BuildError, error

SEARCH_URL = "search/"  # the search page
SEARCH_DIR = "pagefind"  # the bundle's folder in the output, beside the pages it indexes
_SHOWN_LINES = 20  # of Pagefind's output, when it fails


def index_for_search(site: Path) -> int:
    """Index the built pages in `site` (those marked `data-pagefind-body`); returns the files written.

    Raises BuildError if the Pagefind binary is missing or fails, so the build fails and the old output stays.
    """
    from pagefind.service import get_executable  # only builds that index pay for importing it

    binary = get_executable()
    if binary is None or not binary.is_file():
        found = f" (looked for {binary})" if binary else ""
        raise BuildError([error(SEARCH_DIR, 1, f"the Pagefind binary is missing{found}; install `pagefind[bin]`")])
    command = [str(binary), "--site", str(site), "--output-subdir", SEARCH_DIR, "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    except OSError as exc:
        raise BuildError([error(SEARCH_DIR, 1, f"could not run Pagefind ({binary}): {exc}")]) from None
    if result.returncode != 0:
        # Pagefind can print the same error twice; keep each line once, in order, on one line
        lines = dict.fromkeys(line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip())
        details = " ".join(list(lines)[-_SHOWN_LINES:]) or "no output"
        message = f"Pagefind failed to index the site (exit code {result.returncode}): {details}"
        raise BuildError([error(SEARCH_DIR, 1, message)])
    return sum(1 for p in (site / SEARCH_DIR).rglob("*") if p.is_file())
