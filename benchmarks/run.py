"""Build benchmarks: cold, warm, no-change and one-edit builds, `build --watch` and serve, against the bare loop.

    python benchmarks/run.py --sizes 1000 10000 --runs 3

Every case runs as its own process and is timed from outside (wall clock, and peak RSS of the largest
process in its tree). Medians of --runs; ratios are to the bare loop measured in the same run. A cold
build is paired: each of its runs comes right after a run of the bare loop on the same corpus, and its
ratio is the median of those pairs (with their range), so the drift of a shared machine between the
two, often 20-30 % within minutes, cancels out. Writes a markdown table to stdout and to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def timed(argv: list[str]) -> tuple[float, float]:
    """Run a command; wall seconds and peak RSS in MiB of the largest process it ran."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_maxrss / 1024


def build(site: Path, out: Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "generator", "--root", str(site), "build", "--out", str(out), "--quiet", *extra]


def edit(site: Path, kind: str, n: int) -> Callable[[], None]:
    """A function that makes one more edit of this kind to one article."""
    path = site / "content/articles/bench-00007.md"
    counter = iter(range(1, 1_000_000))

    def apply() -> None:
        i = next(counter)
        text = path.read_text(encoding="utf-8")
        if kind == "body":
            text = text.rstrip("\n") + f"\n\nOne more edited sentence, number {i}.\n"
        elif kind == "title":
            head, _, rest = text.partition("\ntitle: ")
            text = head + f'\ntitle: "Edited title {i}"' + "\n" + rest.split("\n", 1)[1]
        elif kind == "add":  # the newest article: every page of the lists it is in shifts by one card
            new = site / f"content/articles/bench-added-{i:05d}.md"
            text = re.sub(r"\ndate: .*", "\ndate: 2026-11-30", text, count=1)
            text = re.sub(r'\ntitle: "', f'\ntitle: "Added {i}: ', text, count=1)
            new.write_text(text, encoding="utf-8")
            return
        else:
            head, _, rest = text.partition("\ntags: ")
            text = head + f"\ntags: [{['nerves', 'arrival-timing', 'salary'][i % 3]}]\n" + rest.split("\n", 1)[1]
        path.write_text(text, encoding="utf-8")

    return apply


def serve_latency(site: Path, runs: int) -> list[float]:
    """Seconds from saving an article to the server answering with the new text."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = [PYTHON, "-m", "generator", "--root", str(site), "serve", "--port", str(port)]
    process = subprocess.Popen(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/next-round/articles/bench-00011/"
    path = site / "content/articles/bench-00011.md"
    original = path.read_text(encoding="utf-8")  # put back after: a corpus timed again is the same corpus

    def body() -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return str(response.read().decode())
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 600
        while "bench" not in body() and time.monotonic() < deadline:
            time.sleep(0.2)
        times = []
        for i in range(runs):
            time.sleep(1.0)
            marker = f"Served edit marker {i} {time.time_ns()}"
            path.write_text(path.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            saved = time.perf_counter()
            while marker not in body():
                if time.perf_counter() - saved > 120:
                    raise SystemExit("serve never showed the edit")
            times.append(time.perf_counter() - saved)
        return times
    finally:
        process.terminate()
        process.wait(timeout=30)
        path.write_text(original, encoding="utf-8")


def watch_latency(site: Path, out: Path, kinds: list[str], runs: int, *extra: str) -> dict[str, list[float]]:
    """Seconds from saving an edit of each kind to `build --watch` telling that its build is done (the
    whole build: every output written, the search index too unless --no-search)."""
    argv = [PYTHON, "-m", "generator", "--root", str(site), "build", "--watch", "--out", str(out), *extra]
    process = subprocess.Popen(argv, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout or ()], daemon=True).start()

    def built(seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while True:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.001))
            if line.startswith("Built "):
                return line

    try:
        built(900)  # its first build
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for kind in kinds:
            apply = edit(site, kind, 0)
            for _ in range(runs):
                time.sleep(1.0)
                while not lines.empty():  # a second build of the last save would answer too early
                    lines.get()
                apply()
                saved = time.perf_counter()
                if " (0 rendered," in built(120):
                    raise SystemExit(f"build --watch built nothing for a {kind} edit")
                times[kind].append(time.perf_counter() - saved)
        return times
    except queue.Empty:
        raise SystemExit("build --watch never finished a build") from None
    finally:
        process.terminate()
        process.wait(timeout=60)


def clone_with_cache(site: Path, clone: Path) -> None:
    """A copy of the site, as a fresh clone given the last build's .cache/ and public/ by a CI cache:
    every file new (no metadata copied: new modification times and inodes)."""
    shutil.rmtree(clone, ignore_errors=True)
    shutil.copytree(site, clone, copy_function=shutil.copy)


def hugo_copy(site: Path, target: Path) -> Path:
    """The corpus's articles as a Hugo site (benchmarks/hugo: its config and layouts)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(HERE / "hugo", target)
    shutil.copytree(site / "content/articles", target / "content/posts")
    return target


def hugo_version(hugo: str) -> str:
    words = subprocess.run([hugo, "version"], capture_output=True, text=True, check=True).stdout.split()
    return words[1].split("+")[0] if len(words) > 1 else "?"


Row = tuple[str, float, float, list[float]]  # case, median seconds, peak MiB, ratios paired with the bare loop


def run_size(n: int, runs: int, work: Path, serve: bool) -> list[tuple[str, float, float, float, str]]:
    """All cases for one corpus size: (case, median seconds, peak MiB, ratio to the bare loop, range)."""
    site = make_corpus(n, 42, work / f"corpus-{n}")
    out = work / f"out-{n}"
    rows: list[Row] = []
    bare_out = work / f"bare-{n}"
    bare_argv = [PYTHON, str(HERE / "bare_loop.py"), "--jobs", "2", str(site), str(bare_out)]
    bare_samples: list[tuple[float, float]] = []

    def run_bare() -> float:
        shutil.rmtree(bare_out, ignore_errors=True)
        bare_samples.append(timed(bare_argv))
        return bare_samples[-1][0]

    def case(name: str, argv: list[str], before: Callable[[], None] = lambda: None, paired: bool = False) -> None:
        samples, ratios = [], []
        for _ in range(runs):
            bare = run_bare() if paired else 0.0
            before()
            samples.append(timed(argv))
            if paired:
                ratios.append(samples[-1][0] / bare)
        wall = statistics.median(s[0] for s in samples)
        rows.append((name, wall, max(s[1] for s in samples), ratios))
        print(f"  N={n} {name}: {wall:.2f} s", file=sys.stderr, flush=True)

    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)

    if hugo := shutil.which("hugo"):
        hugo_site, hugo_out = hugo_copy(site, work / f"hugo-{n}"), work / f"hugo-out-{n}"
        hugo_run = [hugo, "--quiet", "--source", str(hugo_site), "--destination", str(hugo_out)]
        case(f"Hugo {hugo_version(hugo)}, cold", hugo_run, lambda: shutil.rmtree(hugo_out, ignore_errors=True))
        case(f"Hugo {hugo_version(hugo)}, no change (it always builds everything)", hugo_run)
    case("cold build, cache written (a first build)", build(site, out), fresh, paired=True)
    case("cold build, cache written, no search index", build(site, out, "--no-search"), fresh, paired=True)
    case("cold build (--no-cache)", build(site, out, "--no-cache"), fresh, paired=True)
    case("cold build (--no-cache), no search index", build(site, out, "--no-cache", "--no-search"), fresh, paired=True)
    fresh()
    timed(build(site, site / "public"))  # the output in the site's folder, as a deploy has it
    clone = work / f"clone-{n}"
    case(
        "fresh clone, restored .cache/ and public/",
        build(clone, clone / "public"),
        lambda: clone_with_cache(site, clone),
    )
    shutil.rmtree(clone)
    shutil.rmtree(site / "public")
    fresh()
    timed(build(site, out))
    case("no-change rebuild", build(site, out))
    case("one article edited (body), search index rebuilt", build(site, out), edit(site, "body", n))
    watched = watch_latency(site, out, ["body"], runs)
    rows.append(("build --watch: one body edit built, search index rebuilt", statistics.median(watched["body"]), 0, []))
    timed(build(site, out, "--no-search"))
    for kind in ("body", "title", "tags"):
        case(f"one article edited ({kind}), no search index", build(site, out, "--no-search"), edit(site, kind, n))
    case("one article added (list pages shift), no search index", build(site, out, "--no-search"), edit(site, "add", n))
    watched = watch_latency(site, out, ["title", "tags"], runs, "--no-search")
    for kind in ("title", "tags"):
        rows.append((f"build --watch: one {kind} edit built, no search index", statistics.median(watched[kind]), 0, []))
    if serve:
        latency = serve_latency(site, runs)
        rows.append(("serve: edit to served page", statistics.median(latency), 0.0, []))
    bare = statistics.median(s[0] for s in bare_samples)
    rows.insert(0, ("bare loop, 2 processes", bare, max(s[1] for s in bare_samples), []))
    return [
        (name, wall, peak, statistics.median(ratios), f"{min(ratios):.2f}-{max(ratios):.2f}")
        if ratios
        else (name, wall, peak, wall / bare, "")
        for name, wall, peak, ratios in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large-runs", type=int, default=1, help="runs for N >= 10000 (a cold build takes a minute)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/next-round-bench"))
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latency case")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Build benchmarks",
        "",
        f"Measured {dt.date.today()} on {platform.machine()} with {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, by `python benchmarks/run.py --sizes {' '.join(map(str, args.sizes))} "
        f"--runs {args.runs} --large-runs {args.large_runs}`. Medians; ratio = time / the bare loop's time "
        "in the same run (cold builds: the median of the ratios of each run to a bare loop run just before "
        "it, and their range); peak = largest process (the search indexer is a process of its own).",
        "",
        "| N | case | median s | ratio to bare loop | paired range | peak MiB |",
        "|---|---|---|---|---|---|",
    ]
    for n in args.sizes:
        runs = args.large_runs if n >= 10_000 else args.runs
        for name, wall, peak, ratio, spread in run_size(n, runs, args.work, not args.no_serve):
            peak_text = f"{peak:.0f}" if peak else "-"
            lines.append(f"| {n} | {name} | {wall:.3f} | {ratio:.2f} | {spread} | {peak_text} |")
    text = "\n".join(lines) + "\n"
    print(text)
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
