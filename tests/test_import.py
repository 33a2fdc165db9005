"""`jobs import`: employers' public job boards (Greenhouse, Lever, Ashby) served from recorded responses
on 127.0.0.1, imported into listing files that pass the board's own rules; failures close nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.check import check
from generator.config import load_config
from generator.errors import ConfigError
from generator.importer import ImportOptions, ImportReport, import_jobs

from .conftest import FIXTURES, MakeSite, run_cli

TODAY = dt.date(2026, 12, 1)
B1 = "5f8a2c1e-0b1d-4c9e-9a63-2f0e5d7b1a11"
A1, A2 = "0c1d2e3f-0000-4000-8000-0000000000a1", "0c1d2e3f-0000-4000-8000-0000000000a2"
EMPLOYERS = {
    "acme": "---\nname: Acme Tools\nwebsite: https://acme.example/\n---\n\nAcme makes hand tools.\n",
    "beta": "---\nname: Beta Support\nwebsite: https://beta.example/\n---\n\nBeta answers the phone.\n",
    "gamma": "---\nname: Gamma Hosting\nwebsite: https://gamma.example/\n---\n\nGamma keeps shops open.\n",
}
PATHS = {
    "greenhouse": "/v1/boards/acme/jobs",
    "lever": "/v0/postings/beta",
    "ashby": "/posting-api/job-board/gamma",
}


@dataclass
class Board:
    """One recorded API response, as the server sends it."""

    data: Any
    status: int = 200
    raw: bytes | None = None  # sent instead of data's JSON (malformed responses)
    delay: float = 0.0
    etag: str = ""


@dataclass
class Server:
    """A local HTTP server for the recorded responses; it notes every request's headers."""

    port: int = 0
    boards: dict[str, Board] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, ats: str) -> str:
        return f"http://127.0.0.1:{self.port}{PATHS[ats]}"


def _recorded(ats: str) -> Any:
    return json.loads((FIXTURES / "ats" / f"{ats}.json").read_text())


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server(boards={path: Board(_recorded(ats)) for ats, path in PATHS.items()})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            state.requests.append((path, dict(self.headers)))
            board = state.boards.get(path)
            if board is None:
                self.send_error(404)
                return
            time.sleep(board.delay)
            if board.etag and self.headers.get("If-None-Match") == board.etag:
                self.send_response(304)
                self.end_headers()
                return
            body = board.raw if board.raw is not None else json.dumps(board.data).encode()
            self.send_response(board.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if board.etag:
                self.send_header("ETag", board.etag)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError):  # the importer gave up waiting
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def sources(server: Server, **extra: str) -> str:
    """[[job_sources]] for the three recorded boards; `extra` adds lines to one (by ATS)."""
    employers = {"greenhouse": "acme", "lever": "beta", "ashby": "gamma"}
    return "".join(
        f'\n[[job_sources]]\nemployer = "{employers[ats]}"\nats = "{ats}"\nboard = "{employers[ats]}"\n'
        f'url = "{server.url(ats)}"\n{extra.get(ats, "")}'
        for ats in PATHS
    )


@pytest.fixture
def site(make_site: MakeSite, server: Server) -> Path:
    toml = (FIXTURES / "minimal" / "site.toml").read_text() + sources(server)
    return make_site({"site.toml": toml, **{f"content/employers/{k}.md": v for k, v in EMPLOYERS.items()}})


def run(root: Path, today: dt.date = TODAY, **options: Any) -> ImportReport:
    return import_jobs(root, ImportOptions(today, timeout=options.pop("timeout", 5.0), pause=0.05, **options))


def listings(root: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((root / "content/jobs").glob("*.md"))}


def stats(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / "content/jobs").glob("*.md")}


def board_problems(root: Path, today: dt.date = TODAY) -> list[str]:
    """Every problem `check` finds in listings and employers (warnings too: the workflow is strict)."""
    return [p.text() for p in check(root, today=today) if p.path.startswith(("content/jobs", "content/employers"))]


ACME_101 = """---
title: Backend Engineer
employer: acme
date_posted: 2026-11-20
valid_through: 2026-12-15
employment_type: FULL_TIME
workplace: remote
applicant_countries: [US]
salary: {min: 140000, max: 170000, currency: USD, period: YEAR}
apply_url: https://boards.greenhouse.io/acme/jobs/101
identifier: "101"
source:
  ats: greenhouse
  id: "101"
  url: https://boards.greenhouse.io/acme/jobs/101
  first_seen: 2026-12-01
  last_seen: 2026-12-01
  digest: DIGEST
---

Acme makes hand tools for small workshops.

## About the role

You would build and run the services behind our online shop: orders, payments and the stock levels that workshops rely on every day. You would work with four other engineers and our support team.

### What you would do

- Keep the order service fast and correct
- Review code, and write it
- Our values

Read about our benefits [boards.greenhouse.io/benefits](https://boards.greenhouse.io/benefits). Questions? [Write to the hiring team](mailto:jobs@acme.example).

We answer every application within two weeks. The process is two conversations and a paid exercise.
"""


def test_each_board_is_imported_into_listings_that_pass_the_boards_rules(site: Path) -> None:
    report = run(site)
    files = listings(site)
    assert sorted(files) == [
        "acme-101.md",
        f"beta-{B1}.md",
        f"gamma-{A1}.md",
        f"gamma-{A2}.md",
    ]
    digest = files["acme-101.md"].split("digest: ")[1].split("\n")[0]
    assert files["acme-101.md"] == ACME_101.replace("DIGEST", digest)  # hostile parts gone, links absolute
    beta = files[f"beta-{B1}.md"]
    assert "locations: [{city: Toronto, region: Ontario, country: CA}]" in beta
    assert "salary: {min: 70000, max: 85000, currency: CAD, period: YEAR}" in beta
    assert f"apply_url: https://jobs.lever.co/beta/{B1}/apply?lever-source=careers\n" in beta  # no utm_source
    assert "date_posted: 2026-11-25\n" in beta
    assert "**You would lead** a team of six" in beta and "\n## What you would do\n\n- Hire and coach the team" in beta
    a2 = files[f"gamma-{A2}.md"]
    assert "employment_type: CONTRACTOR\nworkplace: on-site\n" in a2
    assert "locations: [{city: Amsterdam, region: North Holland, country: NL}, {city: Rotterdam, country: NL}]" in a2
    assert "salary: {min: 5000, max: 6000, currency: EUR, period: MONTH}" in a2
    assert "applicant_countries: [GB]" in files[f"gamma-{A1}.md"]
    assert "\n## About the role\n" in files[f"gamma-{A1}.md"]  # its h1 is under the page's title
    assert [line for s in report.sources for line in s.lines()] == [
        "acme (greenhouse board acme): 6 roles: 1 imported, 5 skipped (description too short 1, no published salary 1, remote role without a country 1, salary not usable 1, workplace unknown 1)",
        "  skipped 102 (Data Analyst): no published salary",
        "  skipped 103 (Office Manager): workplace unknown: the board says only 'Austin, TX'",
        "  skipped 104 (Support Specialist): remote role without a country",
        "  skipped 105 (Designer): description too short: the description is 14 characters of text; write at least 300: the work, who it suits, how to apply",
        "  skipped 106 (Platform Engineer): salary not usable: the pay range has no maximum",
        "beta (lever board beta): 3 roles: 1 imported, 2 skipped (salary not usable 1, workplace unknown 1)",
        "  skipped 6a9b3d2f-1c2e-4dae-8b74-3a1f6e8c2b22 (Support Engineer): workplace unknown: the board says only 'Toronto, ON'",
        "  skipped 7bac4e3a-2d3f-4ebf-9c85-4b2a7f9d3c33 (Account Manager): salary not usable: pay interval 'one-time' is not an hour, day, week, month or year",
        "gamma (ashby board gamma): 5 roles: 2 imported, 3 skipped (duplicate 1, no published salary 1, refused by the listing rules 1)",
        f"  skipped 0c1d2e3f-0000-4000-8000-0000000000a3 (Support Lead): duplicate: the same apply_url as content/jobs/beta-{B1}.md",
        "  skipped 0c1d2e3f-0000-4000-8000-0000000000a5 (Frontend Engineer): no published salary",
        '  skipped 0c1d2e3f-0000-4000-8000-0000000000a6 (URGENT HIRING Engineer): refused by the listing rules: title: is in capitals ("URGENT HIRING"); write it in sentence or title case',
    ]
    assert report.lines()[-1] == "3 sources as of 2026-12-01; wrote 4 listing files"
    assert not report.failed
    assert board_problems(site) == []


def test_a_hostile_description_loses_its_scripts_handlers_and_bulk(site: Path, server: Server) -> None:
    jobs = server.boards[PATHS["ashby"]].data["jobs"]
    jobs[0]["descriptionHtml"] = (
        '<h1>About</h1><img src=x onerror="alert(1)"><a href="JaVaScRiPt:alert(2)">x</a>'
        '<svg><script>alert(3)</script></svg><p style="color:red" onclick="alert(4)">Paragraph.</p>'
        + "".join(f"<p>Paragraph {n}: we keep shops open, <b onclick='x()'>calmly</b>.</p>" for n in range(20000))
    )
    run(site)
    text = listings(site)[f"gamma-{A1}.md"]
    body = text.split("\n---\n", 1)[1]
    for hostile in ("alert", "onclick", "onerror", "javascript", "<script", "<svg", "style=", "<img"):
        assert hostile not in body.lower()
    assert len(body) < 16_000
    assert body.endswith("\n\n*The description is shortened here; the employer's posting has all of it.*\n")
    assert body.startswith("\n## About\n\nx\n\nParagraph.\n\nParagraph 0: we keep shops open, **calmly**.\n")
    assert board_problems(site) == []


@pytest.mark.parametrize(
    ("pay", "reason"),
    [
        (None, "no published salary"),
        ([], "no published salary"),
        ("120000", "salary not usable: pay_input_ranges is not a list of ranges"),
        ([{"max_cents": 100, "currency_type": "USD"}], "salary not usable: the pay range has no minimum"),
        (
            [{"min_cents": 9000000, "max_cents": 8000000, "currency_type": "USD"}],
            "salary not usable: the pay range 90000 to 80000 is not a range",
        ),
        (
            [{"min_cents": 1, "max_cents": 2, "currency_type": "Dollars"}],
            "salary not usable: the currency 'Dollars' is not an ISO 4217 code",
        ),
        (
            [{"min_cents": 5000000, "max_cents": 15000000, "currency_type": "USD"}],
            "salary range too wide: 50000 to 150000: the board asks an editor about a max over twice the min",
        ),
    ],
)
def test_odd_salaries_are_skipped_with_their_reason(site: Path, server: Server, pay: Any, reason: str) -> None:
    job = server.boards[PATHS["greenhouse"]].data["jobs"][0]
    job.pop("pay_input_ranges")
    if pay is not None:
        job["pay_input_ranges"] = pay
    acme = run(site).sources[0]
    assert acme.lines()[1] == f"  skipped 101 (Backend Engineer (Remote - US)): {reason}"
    assert "acme-101.md" not in listings(site)


@pytest.mark.parametrize(
    ("ats", "change", "reason"),
    [
        ("ashby", {"employmentType": "Gig"}, "employment type unknown"),
        (
            "ashby",
            {"applyUrl": "http://jobs.example/apply"},
            "no https address: apply address 'http://jobs.example/apply'",
        ),
        (
            "ashby",
            {"workplaceType": "OnSite", "isRemote": False, "location": "Somewhere", "address": {}},
            "no city and country: the board says 'Somewhere'",
        ),
        (
            "ashby",
            {"publishedAt": "2026-08-01T10:00:00+00:00"},
            "posted too long ago: posted 2026-08-01, more than max_listing_days (60) ago",
        ),
        (
            "lever",
            {"text": "Support lead, $50k"},
            'refused by the listing rules: title: has pay in it ("$50k"); give the range in `salary:` and leave it out of the title',
        ),
    ],
)
def test_roles_the_board_would_refuse_are_skipped_with_their_reason(
    site: Path, server: Server, ats: str, change: dict[str, Any], reason: str
) -> None:
    data = server.boards[PATHS[ats]].data
    role = (data if ats == "lever" else data["jobs"])[0]
    role.update(change)
    report = run(site)
    source = report.sources[list(PATHS).index(ats)]
    assert source.skipped[0].id == role["id"]
    assert source.skipped[0].reason + (f": {source.skipped[0].detail}" if source.skipped[0].detail else "") == reason


def test_an_old_posting_closes_within_max_listing_days_of_its_posting(site: Path, server: Server) -> None:
    server.boards[PATHS["ashby"]].data["jobs"][0]["publishedAt"] = "2026-10-10T10:00:00+00:00"
    server.boards[PATHS["ashby"]].data["jobs"][1]["publishedAt"] = "2027-01-05T10:00:00+00:00"  # a clock ahead
    run(site)
    files = listings(site)
    assert "date_posted: 2026-10-10\nvalid_through: 2026-12-09\n" in files[f"gamma-{A1}.md"]  # not 2026-12-15
    assert "date_posted: 2026-12-01\nvalid_through: 2026-12-15\n" in files[f"gamma-{A2}.md"]  # never in the future
    assert board_problems(site) == []


def test_zones_in_one_currency_make_one_range(site: Path, server: Server) -> None:
    job = server.boards[PATHS["greenhouse"]].data["jobs"][0]
    job["pay_input_ranges"] = [
        {"min_cents": 14000000, "max_cents": 17000000, "currency_type": "USD", "title": "Zone 1"},
        {"min_cents": 12500000, "max_cents": 15000000, "currency_type": "USD", "title": "Zone 2"},
        {"min_cents": 9000000, "max_cents": 11000000, "currency_type": "EUR", "title": "Berlin"},
    ]
    run(site)
    assert "salary: {min: 125000, max: 170000, currency: USD, period: YEAR}" in listings(site)["acme-101.md"]


def test_a_second_run_on_the_same_data_changes_no_file(site: Path) -> None:
    run(site)
    before, times = listings(site), stats(site)
    report = run(site)
    assert listings(site) == before
    assert stats(site) == times
    assert report.written == ()
    assert report.sources[0].lines()[0].startswith("acme (greenhouse board acme): 6 roles: 1 unchanged, 5 skipped")


def test_a_role_seen_again_later_moves_only_its_dates(site: Path) -> None:
    run(site)
    before = listings(site)["acme-101.md"]
    report = run(site, TODAY + dt.timedelta(days=3))
    after = listings(site)["acme-101.md"]
    assert after == before.replace("valid_through: 2026-12-15", "valid_through: 2026-12-18").replace(
        "last_seen: 2026-12-01", "last_seen: 2026-12-04"
    )
    assert report.sources[0].counts == (("refreshed", 1),)
    assert board_problems(site, TODAY + dt.timedelta(days=3)) == []


def test_a_changed_role_is_updated(site: Path, server: Server) -> None:
    run(site)
    server.boards[PATHS["greenhouse"]].data["jobs"][0]["title"] = "Senior Backend Engineer"
    report = run(site)
    assert "title: Senior Backend Engineer\n" in listings(site)["acme-101.md"]
    assert report.sources[0].counts == (("updated", 1),)


def test_a_role_gone_from_its_board_is_closed_on_the_import_date(site: Path, server: Server) -> None:
    run(site)
    before = listings(site)
    del server.boards[PATHS["greenhouse"]].data["jobs"][0]
    later = TODAY + dt.timedelta(days=2)
    report = run(site, later)
    after = listings(site)
    assert after["acme-101.md"] == before["acme-101.md"].replace(
        "valid_through: 2026-12-15", "valid_through: 2026-12-03"
    )
    assert report.sources[0].counts == (("closed", 1),)
    assert run(site, later).written == ()  # closed once
    assert board_problems(site, later) == []


@pytest.mark.parametrize(
    ("board", "failure"),
    [
        (Board(None, status=500), "HTTP 500 Internal Server Error (tried twice)"),
        (Board(None, status=404), "HTTP 404 Not Found"),
        (Board(None, delay=1.0), "no answer within 0.3 s (tried twice)"),
        (
            Board(None, raw=b'{"jobs": [{"id": 1,'),
            "malformed JSON (Expecting property name enclosed in double quotes: line 1 column 20 (char 19))",
        ),
        (Board({"jobs": "none"}), "`jobs` is text, not a list"),
        (Board([{"id": 1}]), "expected an object with a list `jobs`, found a list"),
        (Board({"jobs": [{"id": 7}]}), "role 7 has no `title`"),
    ],
    ids=["500", "404", "timeout", "malformed-json", "jobs-not-a-list", "a-list", "no-title"],
)
def test_a_failing_source_closes_nothing_and_the_others_still_import(
    site: Path, server: Server, board: Board, failure: str
) -> None:
    run(site)
    before, times = listings(site), stats(site)
    server.boards[PATHS["greenhouse"]] = board
    del server.boards[PATHS["ashby"]].data["jobs"][1]  # gone: closed, as its source was read
    server.requests.clear()
    report = run(site, TODAY + dt.timedelta(days=1), timeout=0.3)
    after = listings(site)
    assert after["acme-101.md"] == before["acme-101.md"]
    assert stats(site)["acme-101.md"] == times["acme-101.md"]
    assert report.failed
    url = server.url("greenhouse")
    assert report.sources[0].lines() == [
        f"acme (greenhouse board acme): FAILED: {failure} ({url}); nothing closed, nothing deleted"
    ]
    assert report.lines()[-1] == "1 source failed: their listings were left as they are"
    assert "valid_through: 2026-12-02" in after[f"gamma-{A2}.md"]  # closed on the import date
    assert "last_seen: 2026-12-02" in after[f"beta-{B1}.md"]
    tries = [path for path, _ in server.requests if path == PATHS["greenhouse"]]
    assert len(tries) == (2 if "tried twice" in failure else 1)


def test_editors_edits_are_kept_and_the_dates_still_follow_the_role(site: Path, server: Server) -> None:
    run(site)
    path = site / "content/jobs/acme-101.md"
    edited = path.read_text().replace("title: Backend Engineer\n", "title: Backend engineer, orders\n")
    edited = edited.replace('identifier: "101"\n', 'identifier: "101"\ntags: [engineering]\n')
    path.write_text(edited)
    job = server.boards[PATHS["greenhouse"]].data["jobs"][0]
    job["pay_input_ranges"][0]["max_cents"] = 18000000
    later = TODAY + dt.timedelta(days=1)
    report = run(site, later)
    assert path.read_text() == edited.replace("valid_through: 2026-12-15", "valid_through: 2026-12-16").replace(
        "last_seen: 2026-12-01", "last_seen: 2026-12-02"
    )
    assert report.sources[0].counts == (("kept edits", 1),)
    assert report.sources[0].notes == (
        "kept edits in content/jobs/acme-101.md; the employer's posting changed since: compare https://boards.greenhouse.io/acme/jobs/101",
    )
    assert board_problems(site, later) == []
    del server.boards[PATHS["greenhouse"]].data["jobs"][0]
    run(site, later + dt.timedelta(days=1))
    closed = path.read_text()
    assert "title: Backend engineer, orders\n" in closed and "valid_through: 2026-12-03\n" in closed


def test_a_listing_not_written_by_the_importer_is_never_overwritten(site: Path) -> None:
    hand_written = (
        "---\ntitle: Backend engineer\nemployer: acme\ndate_posted: 2026-11-20\nvalid_through: 2026-12-20\n"
        "employment_type: FULL_TIME\nworkplace: remote\napplicant_countries: [US]\n"
        "salary: {min: 140000, max: 170000, currency: USD, period: YEAR}\napply_url: https://acme.example/jobs/9\n"
        "---\n\n" + "We are hiring an engineer to look after our shop. " * 8 + "\n"
    )
    (site / "content/jobs").mkdir(parents=True)
    (site / "content/jobs/acme-101.md").write_text(hand_written)
    report = run(site)
    assert (site / "content/jobs/acme-101.md").read_text() == hand_written
    assert report.sources[0].notes == (
        "refused content/jobs/acme-101.md: it was not written by `jobs import`; left as it is (move it, or remove the source)",
    )
    assert report.sources[0].counts == (("refused", 1),)


def test_a_hand_written_listing_of_the_same_role_wins(site: Path) -> None:
    hand_written = ACME_101.split("source:")[0].replace('identifier: "101"\n', "") + "---\n\n" + "Words. " * 60 + "\n"
    (site / "content/jobs").mkdir(parents=True)
    (site / "content/jobs/acme-backend.md").write_text(hand_written)
    report = run(site)
    assert "acme-101.md" not in listings(site)
    assert report.sources[0].lines()[1] == (
        "  skipped 101 (Backend Engineer (Remote - US)): duplicate: the same apply_url as content/jobs/acme-backend.md"
    )


def test_filters_pick_roles_and_a_role_filtered_out_later_is_closed(site: Path) -> None:
    run(site)
    toml = (site / "site.toml").read_text().replace('board = "gamma"\n', 'board = "gamma"\nworkplace = ["on-site"]\n')
    (site / "site.toml").write_text(toml)
    report = run(site)
    gamma = report.sources[2]
    assert gamma.counts == (("unchanged", 1), ("closed", 1), ("filtered out", 4))
    assert "valid_through: 2026-12-01\n" in listings(site)[f"gamma-{A1}.md"]
    toml = toml.replace('board = "acme"\n', 'board = "acme"\ndepartments = ["Design"]\nkeywords = ["design"]\n')
    (site / "site.toml").write_text(toml)
    acme = run(site).sources[0]
    assert acme.counts == (("closed", 1), ("filtered out", 5))
    assert [skip.id for skip in acme.skipped] == ["105"]  # the one Design role; too short


def test_conditional_requests_name_the_site(site: Path, server: Server) -> None:
    server.boards[PATHS["lever"]].etag = '"v1"'
    first = run(site)
    second = run(site)
    headers = [h for path, h in server.requests if path == PATHS["lever"]]
    assert [h.get("If-None-Match") for h in headers] == [None, '"v1"']
    assert {h["User-Agent"] for h in headers} == {"Fixture job importer (+https://example.org/sub/)"}
    assert second.sources[1].counts == (("unchanged", 1),)  # the kept answer was read again
    assert first.sources[1].counts == (("imported", 1),)
    for kept in (site / ".cache/import").glob("*.json.gz"):
        kept.write_bytes(b"damaged")
    third = run(site)
    headers = [h for path, h in server.requests if path == PATHS["lever"]]
    assert [h.get("If-None-Match") for h in headers[2:]] == ['"v1"', None]  # asked again, for all of it
    assert third.sources[1].counts == (("unchanged", 1),) and not third.failed


def test_a_dry_run_writes_nothing(site: Path) -> None:
    report = run(site, dry_run=True)
    assert listings(site) == {}
    assert report.lines()[-1] == "3 sources as of 2026-12-01; would write 4 listing files"
    assert not (site / ".cache/import").exists()


def test_the_command_reports_and_fails_when_a_source_fails(site: Path, server: Server) -> None:
    server.boards[PATHS["lever"]] = Board(None, status=403)
    result = run_cli("jobs", "import", "--today", "2026-12-01", "--jobs", "1", cwd=site)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        f"beta (lever board beta): FAILED: HTTP 403 Forbidden ({server.url('lever')}); nothing closed, nothing deleted"
        in lines
    )
    assert lines[-2:] == [
        "3 sources as of 2026-12-01; wrote 4 listing files",  # the Ashby copy of Lever's role too
        "1 source failed: their listings were left as they are",
    ]
    assert run_cli("check", "--strict", "--today", "2026-12-01", cwd=site).returncode == 0


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            'ats = "grenhouse"',
            "site.toml:{at}:1: error: ats `grenhouse` must be one of greenhouse, lever, ashby (did you mean `greenhouse`?)",
        ),
        (
            'employer = "acme-tols"',
            "site.toml:{at}:1: error: employer `acme-tols`: no content/employers/acme-tols.md (did you mean `acme-tools`?); add the employer first",
        ),
        (
            'board = "acme tools"',
            "site.toml:{at}:1: error: board `acme tools` must be the board's name in the ATS (letters, digits, `.`, `_`, `-`)",
        ),
        (
            'url = "ftp://x.example/jobs"',
            "site.toml:{at}:1: error: url `ftp://x.example/jobs` must be the absolute http(s) address of the board's API",
        ),
        (
            'workplace = ["remote", "onsite"]',
            "site.toml:{at}:1: error: workplace `onsite` must be one of on-site, hybrid, remote (did you mean `on-site`?)",
        ),
        ("listing_days = 90", "site.toml:{at}:1: error: listing_days 90 is more than [jobs] max_listing_days (60)"),
        ("listing_days = 0", "site.toml:{at}:1: error: listing_days must be at least 1"),
        (
            'departmens = ["x"]',
            "site.toml:{at}:1: error: unknown key `departmens` in [job_sources] (did you mean `departments`?)",
        ),
        ("keywords = [1]", 'site.toml:{at}:1: error: `keywords` must be a list of words, like ["Berlin"]'),
    ],
)
def test_job_sources_are_checked_like_the_rest_of_site_toml(make_site: MakeSite, lines: str, expected: str) -> None:
    base = (FIXTURES / "minimal" / "site.toml").read_text()
    source = {"employer": '"acme-tools"', "ats": '"greenhouse"', "board": '"acme"'}
    key = lines.split(" ")[0]
    body = "".join(f"{k} = {v}\n" for k, v in source.items() if k != key) + lines + "\n"
    toml = base + "\n[[job_sources]]\n" + body
    root = make_site({"site.toml": toml, "content/employers/acme-tools.md": EMPLOYERS["acme"]})
    with pytest.raises(ConfigError) as info:
        load_config(root)
    at = toml.splitlines().index(lines) + 1
    assert [p.text() for p in info.value.problems] == [expected.format(at=at)]


def test_one_board_per_employer_and_ats(make_site: MakeSite) -> None:
    source = '\n[[job_sources]]\nemployer = "acme"\nats = "lever"\nboard = "acme"\n'
    toml = (FIXTURES / "minimal" / "site.toml").read_text() + source + source
    root = make_site({"site.toml": toml, "content/employers/acme.md": EMPLOYERS["acme"]})
    with pytest.raises(ConfigError) as info:
        load_config(root)
    first = toml.splitlines().index("[[job_sources]]") + 1
    assert [p.text() for p in info.value.problems] == [
        f"site.toml:{first + 7}:1: error: employer `acme` already has a lever source (line {first})"
    ]


def test_a_valid_source_is_read(make_site: MakeSite) -> None:
    toml = (FIXTURES / "minimal" / "site.toml").read_text() + (
        '\n[[job_sources]]\nemployer = "acme"\nats = "ashby"\nboard = "Acme.Inc"\nkeywords = ["engineer"]\n'
    )
    config = load_config(make_site({"site.toml": toml, "content/employers/acme.md": EMPLOYERS["acme"]}))
    [source] = config.job_sources
    assert (source.employer, source.ats, source.board, source.url, source.keywords, source.listing_days) == (
        "acme", "ashby", "Acme.Inc", "", ("engineer",), 14,
    )  # fmt: skip
    assert source.name == "acme (ashby board Acme.Inc)"


def test_a_broken_source_block_is_an_error_with_its_line(site: Path) -> None:
    run(site)
    path = site / "content/jobs/acme-101.md"
    path.write_text(
        path.read_text().replace("  ats: greenhouse", "  ats: greenhose").replace("  last_seen:", "  last_sen:")
    )
    assert board_problems(site) == [
        "content/jobs/acme-101.md:12:1: error: source: unknown key `last_sen` (did you mean `last_seen`?)"
    ]
    path.write_text(path.read_text().replace("  last_sen:", "  last_seen:"))
    assert board_problems(site) == [
        'content/jobs/acme-101.md:12:1: error: source: ats: "greenhose"; expected one of greenhouse, lever, ashby (did you mean `greenhouse`?)'
    ]


def test_imported_pages_say_where_they_came_from(site: Path) -> None:
    import shutil

    from .conftest import REPO

    run(site)
    for folder in ("layouts", "static"):
        shutil.copytree(REPO / folder, site / folder, dirs_exist_ok=True)
    result = run_cli("build", "--no-search", "--no-cache", "--today", "2026-12-01", cwd=site)
    assert (result.returncode, result.stderr) == (0, "")
    page = (site / "public/jobs/acme-101/index.html").read_text()
    assert (
        "Imported from Acme Tools’s job board on Greenhouse, where it was last seen on "
        '<time datetime="2026-12-01">December 1, 2026</time>: read '
        '<a href="https://boards.greenhouse.io/acme/jobs/101">the employer’s own posting'
    ) in page


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<h1>A</h1><p>x</p><h4>B</h4><p>y</p><h2>C</h2>", "## A\n\nx\n\n### B\n\ny\n\n### C\n"),
        ("<h3>Only level three</h3><h5>then five</h5>", "## Only level three\n\n### then five\n"),
        ('<p><a href="/apply">Click here</a>.</p>', "[jobs.example/apply](https://jobs.example/apply).\n"),
        (
            '<p><a href="https://www.acme.example/team/">https://www.acme.example/team/</a></p>',
            "[acme.example/team](https://www.acme.example/team/)\n",
        ),
        ('<p><a href="mailto:jobs@acme.example">here</a></p>', "[jobs@acme.example](mailto:jobs@acme.example)\n"),
        ('<p><a href="data:text/html,x">data</a> <a href="vbscript:x">vb</a></p>', "data vb\n"),
        ('<p><a href="https://a.example/x (1)">odd</a></p>', "[odd](https://a.example/x%20%281%29)\n"),
        ("<p>a&nbsp;b<br>c</p><p></p><p></p><p>d</p>", "a b\\\nc\n\nd\n"),
        ("<table><tr><th>Pay</th></tr><tr><td>$1</td></tr></table>", "| Pay |\n| --- |\n| $1 |\n"),
        ("<p>Plain <em>words</em> &amp; <code>code_name</code></p>", "Plain *words* \\& `code_name`\n"),
        (
            "<p>Text like [a link](/x) or &lt;script&gt;alert(1)&lt;/script&gt; stays text</p>",
            "Text like \\[a link\\](/x) or \\<script\\>alert(1)\\</script\\> stays text\n",
        ),
    ],
)
def test_descriptions_become_markdown_the_site_accepts(html: str, markdown: str) -> None:
    from generator.html_to_markdown import posting_markdown

    assert posting_markdown(html, "https://jobs.example/roles/1") == markdown


def test_vague_link_text_is_the_text_check_warns_about() -> None:
    from generator.check import _VAGUE_LINK_TEXT
    from generator.html_to_markdown import VAGUE_LINK_TEXT

    assert VAGUE_LINK_TEXT == _VAGUE_LINK_TEXT


@pytest.mark.parametrize(
    ("text", "default", "cities", "countries", "remote"),
    [
        ("San Francisco, CA", "", [("San Francisco", "California", "US")], [], False),
        ("Berlin, Germany", "", [("Berlin", "", "DE")], [], False),
        ("London, England, United Kingdom", "", [("London", "England", "GB")], [], False),
        ("Toronto, ON", "", [("Toronto", "Ontario", "CA")], [], False),
        ("Amsterdam, NL", "", [("Amsterdam", "", "NL")], [], False),
        ("Remote - US", "", [], ["US"], True),
        ("Remote (Canada); New York, NY", "", [("New York", "New York", "US")], ["CA"], True),
        ("Bosnia and Herzegovina", "", [], ["BA"], False),
        ("Paris", "", [], [], False),
        ("Paris", "FR", [("Paris", "", "FR")], [], False),
        ("Wilmington, DE", "DE", [("Wilmington", "", "DE")], [], False),  # Lever said DE: the country
        ("Wilmington, DE", "", [("Wilmington", "Delaware", "US")], [], False),
        ("Hybrid - Lyon, France", "", [("Lyon", "", "FR")], [], False),
    ],
)
def test_places_as_boards_write_them(
    text: str, default: str, cities: list[tuple[str, str, str]], countries: list[str], remote: bool
) -> None:
    from generator.jobs import Location
    from generator.places import parse_places

    assert parse_places(text, default) == (tuple(Location(*c) for c in cities), tuple(countries), remote)


@pytest.mark.parametrize(
    ("title", "plain"),
    [
        ("Senior Engineer (Remote - US)", "Senior Engineer"),
        ("Account Executive - London", "Account Executive"),
        ("Engineer, Platform", "Engineer, Platform"),
        ("Remote Senior Engineer", "Senior Engineer"),
        ("Backend Engineer | EMEA", "Backend Engineer"),
        ("Data Engineer, UK [Hybrid]", "Data Engineer"),
        ("Support lead - Payments", "Support lead - Payments"),
    ],
)
def test_titles_lose_the_place_boards_add(title: str, plain: str) -> None:
    from generator.jobs import Location
    from generator.places import plain_title

    assert plain_title(title, (Location("London", "", "GB"),), ("US",)) == plain
