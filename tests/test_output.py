"""The output writer's in-place finish: a stop that arrives while it moves files in waits until they are in."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from generator.output import OutputWriter


def test_a_stop_while_files_move_in_comes_after_the_last_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, staging = tmp_path / "public", tmp_path / "staging"
    out.mkdir()
    writer = OutputWriter(staging, out, {}, in_place=True)
    staging.mkdir()
    for i in range(5):
        writer.write(f"articles/a{i}/index.html", f"page {i}".encode())
    replace = os.replace

    def replace_then_stop(source: str | Path, target: str | Path) -> None:
        replace(source, target)
        os.kill(os.getpid(), signal.SIGTERM)  # as a process manager would, mid-move

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace_then_stop)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(KeyboardInterrupt):
            writer.apply(out, tmp_path / "cache/applying")
        assert signal.getsignal(signal.SIGTERM) is stop  # the handler it held back is back
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert sorted(p.read_text() for p in out.rglob("index.html")) == [f"page {i}" for i in range(5)]
