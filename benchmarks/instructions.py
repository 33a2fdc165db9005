"""A cold build's work against the bare loop's, counted in CPU instructions: the same figure on every run.

    python benchmarks/instructions.py --size 1000

Wall-clock ratios on a shared machine drift by 20-30 % within minutes (RESULTS.md), more than most
changes to the generator move them. Valgrind's callgrind counts the instructions a process executes,
which does not depend on what else the machine runs: the right measure to compare two versions of
the code, or what a page feature costs. Both builds run in one process (`--jobs 1`; the bare loop's
pool worker is counted too), without search (Pagefind is not Python) and, as the headline row,
writing the cache. It does not see waiting for the disk or the other core: `run.py` times those.
About 50 times slower than running natively: 1,000 pages take 4 minutes, the two builds side by side.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def instructions(argv: list[str], work: Path, name: str) -> int:
    """Instructions executed by `argv` and every process it starts, under callgrind."""
    out = work / f"callgrind.{name}.%p"
    command = ["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={out}", *argv]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same set and dict orders, so the same count, every run
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{done.stderr[-2000:]}")
    return sum(int(n) for n in re.findall(r"Collected : (\d+)", done.stderr))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="articles in the corpus")
    parser.add_argument("--work", type=Path, default=Path("/tmp/next-round-instructions"))
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind (Debian: apt-get install valgrind)")
    site = make_corpus(args.size, 42, args.work / f"corpus-{args.size}")
    shutil.rmtree(site / ".cache", ignore_errors=True)
    # Compiled once, as after any first run: else a fresh checkout (or PYTHONDONTWRITEBYTECODE) adds the
    # compiling of the generator's modules to its count, 0.3 G.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True)
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        work = Path(scratch)
        ours = [sys.executable, "-m", "generator", "--root", str(site), "build", "--quiet", "--jobs", "1"]
        ours += ["--no-search", "--out", str(work / "ours")]
        bare = [sys.executable, str(HERE / "bare_loop.py"), "--jobs", "1", str(site), str(work / "bare")]
        with ThreadPoolExecutor(2) as pool:  # each in a process of its own: one core each
            counts = list(pool.map(lambda job: instructions(job[1], work, job[0]), [("ours", ours), ("bare", bare)]))
    shutil.rmtree(site / ".cache", ignore_errors=True)
    ours_count, bare_count = counts
    print(f"{args.size} articles, cold build writing the cache, no search, one process, instructions:")
    print(f"  bare loop  {bare_count / 1e9:8.3f} G")
    print(f"  generator  {ours_count / 1e9:8.3f} G  {ours_count / bare_count:.3f}x the bare loop")


if __name__ == "__main__":
    main()
