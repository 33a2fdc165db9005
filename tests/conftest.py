"""Shared fixtures: tiny sites built from the minimal fixture plus dict literals."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent

MakeSite = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Copy the minimal fixture site into tmp_path and lay `files` over it (None deletes a file)."""

    def make(files: dict[str, str | bytes | None] | None = None, base: str = "minimal") -> Path:
        root = tmp_path / "site"
        n = 1
        while root.exists():
            root, n = tmp_path / f"site-{n}", n + 1
        shutil.copytree(FIXTURES / base, root)
        for rel, data in (files or {}).items():
            path = root / rel
            if data is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return root

    return make


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line as a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), **(env or {})},
    )


def article(title: str = "An article", **meta: str) -> str:
    """A valid article; keyword arguments replace or add front matter lines; body= sets the body."""
    body = meta.pop("body", "Some text.\n")
    fields = {
        "title": title,
        "description": "A description that is long enough to pass the length check.",
        "date": "2026-04-01",
        "topic": "prep",
    }
    fields.update(meta)
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items() if value is not None)
    return f"---\n{lines}---\n\n{body}"
