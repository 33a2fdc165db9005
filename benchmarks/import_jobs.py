"""Job import benchmark: 20 employers' boards of 300 roles each (6,000 listings) from a local server.

    python benchmarks/import_jobs.py [--sources 20] [--roles 300] [--build]

Serves synthetic Greenhouse, Lever and Ashby responses (shaped like the recorded ones in
tests/fixtures/ats, each description a few kilobytes of HTML with headings, lists, links and some
hostile markup) on 127.0.0.1, and times on a copy of the real site: the first import (every listing
written), a second on the same data (nothing written), and with --build a cold build with them all.
The target is an import in under a minute. Same arguments, same responses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 12, 1)
LEVELS = ["Junior", "Senior", "Staff", "Principal", "Lead", "Associate", "Head of", "Trainee", "Chief", "Deputy"]
ROLES = [
    "backend engineer", "frontend engineer", "data analyst", "designer", "support specialist", "account manager",
    "recruiter", "product manager", "technical writer", "site reliability engineer", "security engineer",
    "accountant", "warehouse coordinator", "office manager", "sales engineer", "researcher", "copywriter",
    "community manager", "quality engineer", "buyer", "trainer", "legal counsel", "payroll specialist",
    "mobile engineer", "machine learning engineer", "operations analyst", "customer success manager",
    "partnerships manager", "editor", "illustrator",
]  # fmt: skip
CITIES = [
    ("Leeds", "United Kingdom"),
    ("Austin, TX", ""),
    ("Berlin", "Germany"),
    ("Toronto, ON", ""),
    ("Lyon", "France"),
]
WORDS = [
    "shop",
    "order",
    "stock",
    "team",
    "customer",
    "workshop",
    "release",
    "service",
    "review",
    "plan",
    "week",
    "care",
    "tool",
    "pay",
    "help",
]


def description(r: random.Random, n: int) -> str:
    """A few kilobytes of posting HTML; one in ten carries a script, a handler and a javascript: link."""
    parts = [f"<h2>About the role {n}</h2>"]
    for section in ("What you would do", "Who it suits", "How we hire"):
        sentences = " ".join(
            " ".join(r.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(r.randint(4, 7))
        )
        parts.append(f"<h3>{section}</h3><p>{sentences}</p><ul>")
        parts += [f"<li>{' '.join(r.choice(WORDS) for _ in range(8))}</li>" for _ in range(r.randint(3, 6))]
        parts.append(
            '</ul><p>Read <a href="/benefits">here</a> or <a href="https://example.com/team">our team</a>.</p>'
        )
    if n % 10 == 0:
        parts.append('<script>alert(1)</script><p onclick="x()">Hi <a href="javascript:alert(2)">there</a></p>')
    return "".join(parts)


def role_fields(r: random.Random, source: int, n: int) -> dict[str, Any]:
    city, country = CITIES[(source + n) % len(CITIES)]
    return {
        "title": f"{LEVELS[n // len(ROLES) % len(LEVELS)]} {ROLES[n % len(ROLES)]}",
        "place": f"{city}, {country}" if country else city,
        "remote": n % 3 == 0,
        "published": TODAY - dt.timedelta(days=r.randint(0, 30)),
        "low": 40000 + 1000 * r.randint(0, 60),
        "html": description(r, n),
    }


def greenhouse(r: random.Random, source: int, roles: int) -> Any:
    jobs = []
    for n in range(roles):
        f = role_fields(r, source, n)
        jobs.append(
            {
                "id": 4_000_000 + source * 1000 + n,
                "title": f["title"],
                "absolute_url": f"https://boards.greenhouse.io/employer-{source:02d}/jobs/{n}",
                "location": {"name": "Remote - US" if f["remote"] else f["place"]},
                "metadata": [
                    {"id": 1, "name": "Employment Type", "value": "Full-time", "value_type": "single_select"},
                    {"id": 2, "name": "Workplace Type", "value": "Remote" if f["remote"] else "Hybrid"},
                ],
                "first_published": f"{f['published']}T09:00:00-05:00",
                "updated_at": f"{TODAY}T09:00:00-05:00",
                "content": f["html"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
                "departments": [{"id": 1, "name": "Engineering"}],
                "offices": [],
                "pay_input_ranges": [
                    {"min_cents": f["low"] * 100, "max_cents": f["low"] * 130, "currency_type": "USD", "title": "Base"}
                ],
            }
        )
    return {"jobs": jobs, "meta": {"total": roles}}


def lever(r: random.Random, source: int, roles: int) -> Any:
    postings = []
    for n in range(roles):
        f = role_fields(r, source, n)
        ident = f"{source:08x}-0000-4000-8000-{n:012x}"
        postings.append(
            {
                "id": ident,
                "text": f["title"],
                "categories": {"location": f["place"], "commitment": "Full-time", "team": "Support"},
                "country": "CA",
                "createdAt": int(dt.datetime.combine(f["published"], dt.time(12), dt.UTC).timestamp() * 1000),
                "workplaceType": "remote" if f["remote"] else "on-site",
                "description": f["html"],
                "lists": [{"text": "Requirements", "content": "<li>Care</li><li>Patience</li>"}],
                "additional": "<p>We pay for the exercise.</p>",
                "hostedUrl": f"https://jobs.lever.co/employer-{source:02d}/{ident}",
                "applyUrl": f"https://jobs.lever.co/employer-{source:02d}/{ident}/apply?utm_source=board",
                "salaryRange": {
                    "min": f["low"],
                    "max": f["low"] * 1.2,
                    "currency": "CAD",
                    "interval": "per-year-salary",
                },
            }
        )
    return postings


def ashby(r: random.Random, source: int, roles: int) -> Any:
    jobs = []
    for n in range(roles):
        f = role_fields(r, source, n)
        ident = f"{source:08x}-1111-4000-8000-{n:012x}"
        jobs.append(
            {
                "id": ident,
                "title": f["title"],
                "location": f["place"],
                "secondaryLocations": [],
                "employmentType": "FullTime",
                "isListed": True,
                "isRemote": f["remote"],
                "workplaceType": "Remote" if f["remote"] else "OnSite",
                "address": {"postalAddress": {"addressCountry": "United Kingdom"} if f["remote"] else {}},
                "descriptionHtml": f["html"],
                "publishedAt": f"{f['published']}T10:00:00.000+00:00",
                "jobUrl": f"https://jobs.ashbyhq.com/employer-{source:02d}/{ident}",
                "applyUrl": f"https://jobs.ashbyhq.com/employer-{source:02d}/{ident}/application",
                "compensation": {
                    "summaryComponents": [
                        {
                            "compensationType": "Salary",
                            "interval": "1 YEAR",
                            "currencyCode": "GBP",
                            "minValue": f["low"],
                            "maxValue": f["low"] * 1.25,
                        }
                    ]
                },
            }
        )
    return {"apiVersion": "1", "jobs": jobs}


BOARDS = {"greenhouse": greenhouse, "lever": lever, "ashby": ashby}


def serve(bodies: dict[str, bytes]) -> tuple[ThreadingHTTPServer, int]:
    """The responses on 127.0.0.1, at an ephemeral port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = bodies.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def run(site: Path, *argv: str, fail: bool = True) -> tuple[float, str]:
    """Wall seconds of one command, and what it printed (stdout, then stderr)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(site), *argv], capture_output=True, text=True, cwd=HERE.parent
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0 and fail:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    return seconds, result.stdout + result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--roles", type=int, default=300)
    parser.add_argument("--build", action="store_true", help="also time a cold build with the listings")
    parser.add_argument("--work", type=Path, default=Path("/tmp/next-round-import-bench"))
    args = parser.parse_args()
    site = make_corpus(0, 42, args.work / "site")
    r = random.Random(42)
    bodies: dict[str, bytes] = {}
    kinds = list(BOARDS)
    for s in range(args.sources):
        kind = kinds[s % len(kinds)]
        bodies[f"/{kind}/employer-{s:02d}"] = json.dumps(BOARDS[kind](r, s, args.roles)).encode()
    server, port = serve(bodies)
    toml = (site / "site.toml").read_text()
    for s in range(args.sources):
        kind = kinds[s % len(kinds)]
        employer = site / "content/employers" / f"employer-{s:02d}.md"
        employer.write_text(f"---\nname: Employer {s}\nwebsite: https://employer-{s}.example/\n---\n\nThey hire.\n")
        toml += (
            f'\n[[job_sources]]\nemployer = "employer-{s:02d}"\nats = "{kind}"\nboard = "employer-{s:02d}"\n'
            f'url = "http://127.0.0.1:{port}/{kind}/employer-{s:02d}"\n'
        )
    (site / "site.toml").write_text(toml)
    megabytes = sum(len(b) for b in bodies.values()) / 2**20
    try:
        first, printed = run(site, "jobs", "import", "--today", TODAY.isoformat())
        written = re.search(r"wrote (\d+) listing", printed)
        print(f"first import, {args.sources} boards x {args.roles} roles ({megabytes:.1f} MB of JSON): {first:.1f} s, "
              f"{written.group(1) if written else '?'} listings written")  # fmt: skip
        second, printed = run(site, "jobs", "import", "--today", TODAY.isoformat())
        print(f"second import, same data: {second:.1f} s, {printed.strip().splitlines()[-1]}")
    finally:
        server.shutdown()
    seconds, printed = run(site, "check", "--strict", "--today", TODAY.isoformat(), fail=False)
    in_jobs = [line for line in printed.splitlines() if line.startswith("content/jobs/")]
    print(f"check --strict with them: {seconds:.1f} s, {printed.strip().splitlines()[-1]}; {len(in_jobs)} in listings")
    for line in in_jobs[:10]:
        print("  " + line)
    if args.build:
        out = args.work / "out"
        seconds, printed = run(
            site, "build", "--no-search", "--no-cache", "--today", TODAY.isoformat(), "--out", str(out)
        )
        print(f"cold build with them: {seconds:.1f} s, {printed.strip()}")


if __name__ == "__main__":
    main()
