"""The job board as built: open listings with their structured data, closed ones kept but withdrawn,
employer pages, and the rules that need more than one file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

from .conftest import REPO, MakeSite, run_cli

EMPLOYER = "---\nname: Acme Tools\nwebsite: https://acme.example/\n---\n\nAcme makes hand tools for small workshops.\n"
BODY = (
    "You would lead a team of six who answer customers by email and chat. You would hire, coach and "
    "schedule the team, and you would own the help centre's articles. We are looking for someone who has "
    "run a support queue before and who writes clearly. We answer every applicant within two weeks, "
    "after two conversations.\n"
)


def listing(title: str = "Customer support lead", **changes: str) -> str:
    fields = {
        "title": title,
        "employer": "acme",
        "date_posted": "2026-11-20",
        "valid_through": "2026-12-20",
        "employment_type": "FULL_TIME",
        "workplace": "remote",
        "applicant_countries": "[US, CA]",
        "salary": "{min: 70000, max: 85000, currency: USD, period: YEAR}",
        "apply_url": "https://jobs.acme.example/123",
        **changes,
    }
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n\n" + BODY


def board_site(make_site: MakeSite, files: dict[str, str | bytes | None]) -> Path:
    """A fixture site with the real layouts and styles, an employer and `files`."""
    root = make_site({"content/employers/acme.md": EMPLOYER, **files})
    for folder in ("layouts", "static"):
        shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True)
    return root


def build(root: Path, today: str) -> tuple[int, str, Path]:
    result = run_cli("build", "--no-search", "--no-cache", "--today", today, cwd=root)
    return result.returncode, result.stderr, root / "public"


def json_ld(html: str) -> list[dict[str, object]]:
    return [json.loads(found) for found in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]


def test_an_open_listing_is_on_the_board_with_its_structured_data(make_site: MakeSite) -> None:
    root = board_site(make_site, {"content/jobs/acme-support.md": listing(identifier="R-9")})
    code, errors, out = build(root, "2026-12-01")
    assert (code, errors) == (0, "")
    page = (out / "jobs/acme-support/index.html").read_text()
    [posting] = [item for item in json_ld(page) if item["@type"] == "JobPosting"]
    assert posting == {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Customer support lead",
        "description": posting["description"],
        "datePosted": "2026-11-20",
        "validThrough": "2026-12-20T23:59:59Z",
        "employmentType": ["FULL_TIME"],
        "hiringOrganization": {"@type": "Organization", "name": "Acme Tools", "sameAs": "https://acme.example/"},
        "directApply": False,
        "url": "https://example.org/sub/jobs/acme-support/",
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {"@type": "QuantitativeValue", "minValue": 70000.0, "maxValue": 85000.0, "unitText": "YEAR"},
        },
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": [{"@type": "Country", "name": "US"}, {"@type": "Country", "name": "CA"}],
        "identifier": {"@type": "PropertyValue", "name": "Acme Tools", "value": "R-9"},
    }
    assert str(posting["description"]).startswith("<p>You would lead a team of six")
    assert 'href="https://jobs.acme.example/123"' in page and 'name="robots"' not in page
    board = (out / "jobs/index.html").read_text()
    assert "1 open role" in board and "$70,000–$85,000 a year" in board and "Remote (US, CA)" in board
    assert "JobPosting" not in board  # structured data belongs on the listing's own page only
    assert "Customer support lead" in (out / "jobs/employers/acme/index.html").read_text()
    assert "<loc>https://example.org/sub/jobs/acme-support/</loc>" in (out / "sitemap.xml").read_text()
    feed = json.loads((out / "jobs/feed.json").read_text())
    assert feed["feed_url"] == "https://example.org/sub/jobs/feed.json"
    [item] = feed["items"]
    assert item["title"] == "Customer support lead, Acme Tools"
    assert item["_job"]["salary"] == {"min": 70000.0, "max": 85000.0, "currency": "USD", "period": "YEAR"}
    assert item["_job"]["applicant_countries"] == ["US", "CA"] and item["_job"]["valid_through"] == "2026-12-20"
    atom = ET.fromstring((out / "jobs/feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)] == [
        "Customer support lead, Acme Tools"
    ]
    assert '<link rel="alternate" type="application/feed+json"' in board


def test_a_closed_listing_keeps_its_page_but_leaves_the_board_search_engines_and_sitemap(make_site: MakeSite) -> None:
    root = board_site(make_site, {"content/jobs/acme-support.md": listing()})
    code, errors, out = build(root, "2026-12-21")  # the day after its last day
    assert (code, errors) == (0, "")
    page = (out / "jobs/acme-support/index.html").read_text()
    assert "This role closed on December 20, 2026." in page
    assert '<meta name="robots" content="noindex">' in page
    assert [item["@type"] for item in json_ld(page)] == ["BreadcrumbList"]
    assert "jobs.acme.example" not in page  # no apply link
    assert "data-pagefind-body" not in page
    board = (out / "jobs/index.html").read_text()
    assert "No open roles right now." in board and "Customer support lead" not in board
    assert "No open roles right now." in (out / "jobs/employers/acme/index.html").read_text()
    assert "acme-support" not in (out / "sitemap.xml").read_text()
    assert json.loads((out / "jobs/feed.json").read_text())["items"] == []
    code, _, out = build(root, "2026-12-20")  # its last day: still open
    assert code == 0 and "This role closed" not in (out / "jobs/acme-support/index.html").read_text()


def test_rules_across_files_name_both_files(make_site: MakeSite) -> None:
    root = board_site(
        make_site,
        {
            "content/jobs/a.md": listing(identifier="R-1"),
            "content/jobs/b.md": listing(identifier="R-1", apply_url="https://JOBS.acme.example/123/"),
            "content/jobs/c.md": listing(apply_url="https://jobs.acme.example/777"),
            "content/jobs/d.md": listing("Bookkeeper", employer="acme-tool", apply_url="https://jobs.acme.example/5"),
            "content/jobs/e.md": listing("Buyer", date_posted="2026-12-02", apply_url="https://jobs.acme.example/6"),
        },
    )
    result = run_cli("check", "--today", "2026-12-01", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/jobs/b.md:2:1: warning: title: the same employer, title and place as content/jobs/a.md; is it the same role?",
        "content/jobs/b.md:10:1: error: apply_url: the same apply_url as content/jobs/a.md; is it the same role?",
        "content/jobs/b.md:11:1: error: identifier: the same identifier for acme as content/jobs/a.md; is it the same role?",
        "content/jobs/c.md:2:1: warning: title: the same employer, title and place as content/jobs/a.md; is it the same role?",
        "content/jobs/d.md:3:1: error: employer: no employer `acme-tool` in content/employers/ (did you mean `acme`?); add content/employers/acme-tool.md",
        "content/jobs/e.md:4:1: error: date_posted: 2026-12-02 is after the build date (2026-12-01)",
    ]


def test_a_role_posted_again_after_its_listing_closed_is_no_duplicate(make_site: MakeSite) -> None:
    again = listing(date_posted="2026-12-01", valid_through="2026-12-30", identifier="R-1")
    root = board_site(
        make_site,
        {"content/jobs/a.md": listing(valid_through="2026-11-30", identifier="R-1"), "content/jobs/b.md": again},
    )
    result = run_cli("check", "--strict", "--today", "2026-12-01", cwd=root)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout


def test_new_job_starts_a_draft_that_check_fails_until_it_is_filled_in(make_site: MakeSite) -> None:
    root = board_site(make_site, {})
    wrong = run_cli("new", "Support lead", "--job", "--employer", "acne", cwd=root)
    assert (wrong.returncode, wrong.stderr.splitlines()[0]) == (
        2,
        "new:1:1: error: --employer 'acne': no content/employers/acne.md (did you mean `acme`?); add the employer first",
    )
    made = run_cli("new", "Support lead", "--job", "--employer", "acme", cwd=root)
    assert made.returncode == 0 and "content/jobs/acme-support-lead.md (a draft)" in made.stdout
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    source = "content/jobs/acme-support-lead.md"
    assert [line for line in result.stdout.splitlines() if line.startswith(source)] == [
        f'{source}:8:1: error: locations: place 1: city: ""; expected the city\'s name',
        f"{source}:9:1: error: applicant_countries: a list; expected a list of country codes, like [US, CA]",
        f"{source}:10:1: error: salary: min: 0 must be more than 0",
        f'{source}:11:1: error: apply_url: ""; expected the https address where people apply',
        f'{source}:12:1: error: identifier: ""; expected the employer\'s id for the role, like R-1234',
        f"{source}:16:1: error: the description is 264 characters of text; write at least 300: the work, who it suits, how to apply",
    ]


def test_prune_deletes_listings_closed_long_ago_and_check_warns_first(make_site: MakeSite) -> None:
    later = listing("Buyer", apply_url="https://jobs.acme.example/2", valid_through="2027-01-10")
    root = board_site(make_site, {"content/jobs/old.md": listing(), "content/jobs/later.md": later})
    day = "2027-02-21"  # 62 full days after the old one's last day, 41 after the later one's
    warned = run_cli("check", "--today", day, cwd=root)
    assert [line for line in warned.stdout.splitlines() if line.startswith("content/jobs/")] == [
        "content/jobs/old.md:5:1: warning: closed 62 days ago; delete the file (`python -m generator jobs prune` does)"
    ]
    dry = run_cli("jobs", "prune", "--today", day, "--dry-run", cwd=root)
    assert dry.stdout.splitlines() == [
        "would delete content/jobs/old.md (closed 62 days ago)",
        "1 listing closed more than 60 days ago",
    ]
    assert (root / "content/jobs/old.md").exists()
    done = run_cli("jobs", "prune", "--today", day, cwd=root)
    assert done.stdout.splitlines()[0] == "deleted content/jobs/old.md (closed 62 days ago)"
    assert sorted(p.name for p in (root / "content/jobs").iterdir()) == ["later.md"]


def test_an_edit_to_one_listing_renders_its_page_the_board_and_its_employer_only(make_site: MakeSite) -> None:
    other = listing("Buyer", apply_url="https://jobs.acme.example/2")
    root = board_site(make_site, {"content/jobs/a.md": listing(), "content/jobs/b.md": other})
    first = run_cli("build", "--no-search", "--today", "2026-12-01", cwd=root)
    assert first.returncode == 0, first.stderr
    path = root / "content/jobs/a.md"
    path.write_text(path.read_text().replace("max: 85000", "max: 90000"))
    again = run_cli("build", "--no-search", "--today", "2026-12-01", cwd=root)
    assert again.returncode == 0, again.stderr
    assert re.search(r"Built \d+ pages \(3 rendered,", again.stdout), again.stdout  # a.md, the board, acme
    feed = json.loads((root / "public/jobs/feed.json").read_text())  # the feeds follow the edit
    assert {item["title"]: item["_job"]["salary"]["max"] for item in feed["items"]} == {
        "Customer support lead, Acme Tools": 90000.0,
        "Buyer, Acme Tools": 85000.0,
    }
