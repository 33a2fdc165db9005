"""The benchmarks' synthetic corpus stays a valid site: a benchmark that fails to build measures nothing
(the tag vocabulary once broke it without any test noticing)."""

from __future__ import annotations

import sys
from pathlib import Path

from .conftest import REPO, run_cli


def test_a_small_corpus_with_listings_passes_check(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from make_corpus import make_corpus
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    site = make_corpus(30, 42, tmp_path / "corpus", listings=20)
    result = run_cli("--root", str(site), "check", "--today", "2026-12-01", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
