"""Shared fixtures and helpers: tiny sites built from the minimal fixture plus dict literals, the
command line as a subprocess, commands that run until stopped (`serve`, `build --watch`), and a `serve`
process to talk to over HTTP."""

from __future__ import annotations

import hashlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def start(
    root: Path, port: int, env: dict[str, str] | None = None, ignoring: tuple[signal.Signals, ...] = ()
) -> subprocess.Popen[str]:
    """serve, on `port` (see `launch`)."""
    return launch(root, ["serve", "--port", str(port)], env, ignoring)


def launch(
    root: Path,
    args: list[str],
    env: dict[str, str] | None = None,
    ignoring: tuple[signal.Signals, ...] = (),
    output: tuple[Path, Path] | None = None,
) -> subprocess.Popen[str]:
    """A command that runs until stopped, started as from a terminal (Ctrl-C not ignored, though this test
    run may have been started in the background, which ignores it), with `ignoring` ignored as `nohup`
    ignores a hang-up; its output to pipes, or to the files `output` (to read while it runs)."""

    def signals() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        for ignored in ignoring:
            signal.signal(ignored, signal.SIG_IGN)

    streams = [path.open("w") for path in output] if output else [subprocess.PIPE, subprocess.PIPE]
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "generator", *args],
            cwd=root,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), **(env or {})},
            stdout=streams[0],
            stderr=streams[1],
            text=True,
            preexec_fn=signals,
        )
    finally:
        for stream in streams:
            if not isinstance(stream, int):
                stream.close()


class Running:
    """A `serve` process for the site at `root`, listening on `port`."""

    def __init__(self, root: Path, port: int, process: subprocess.Popen[str]) -> None:
        self.root, self.port, self.process = root, port, process

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def up(self) -> bool:
        try:
            return fetch(self.url("/"))[0] in (200, 500)
        except OSError:
            return False
