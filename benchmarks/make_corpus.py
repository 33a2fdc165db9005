"""A seeded benchmark site: the real hub plus N synthetic articles with realistic markdown.

    python benchmarks/make_corpus.py --n 1000 --seed 42 /tmp/corpus-1000

Same --n and --seed give byte-identical files. Each article has valid front matter (title, description,
date, topic from site.toml, 1-3 tags), about 800 words with h2/h3 headings, emphasis, lists, a task list,
a blockquote, a table in every third article, 2-4 links to other articles by `.md` path (one of them to a
heading anchor) and one external link.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TAGS = [  # from the [[tags]] vocabulary in site.toml, which the corpus copies
    "debrief", "patterns", "rejection", "momentum", "follow-up", "signals", "preparation", "research",
    "practice", "nerves", "sleep", "food", "arrival-timing", "blanking", "questions-to-ask", "evidence", "resume",
    "offers", "salary", "negotiation",
]  # fmt: skip
WORDS = [
    "interview",
    "answer",
    "question",
    "manager",
    "team",
    "role",
    "offer",
    "salary",
    "resume",
    "story",
    "example",
    "plan",
    "week",
    "morning",
    "night",
    "route",
    "coffee",
    "breath",
    "pause",
    "note",
    "list",
    "draft",
    "email",
    "follow-up",
    "panel",
    "recruiter",
    "company",
    "research",
    "habit",
    "step",
    "result",
    "project",
    "number",
    "evidence",
    "feedback",
    "rejection",
    "pattern",
    "fluke",
    "factor",
    "strength",
    "weakness",
    "practice",
    "rehearsal",
]
ADJECTIVES = [
    "calm",
    "short",
    "clear",
    "honest",
    "specific",
    "practical",
    "quiet",
    "early",
    "late",
    "nervous",
    "steady",
    "useful",
    "small",
]
HEADINGS = [
    "What happened", "Why it matters", "A worked example", "What to do first", "Common mistakes",
    "A short script", "The checklist", "When it goes wrong", "What to try next", "How to practise",
]  # fmt: skip


def _sentence(r: random.Random) -> str:
    words = [r.choice(WORDS if r.random() < 0.7 else ADJECTIVES) for _ in range(r.randint(8, 16))]
    if r.random() < 0.2:
        words[2] = f"*{words[2]}*"
    if r.random() < 0.1:
        words[4] = f"**{words[4]}**"
    return " ".join(words).capitalize() + r.choice([".", ".", ".", "?"])


def _paragraph(r: random.Random) -> str:
    return " ".join(_sentence(r) for _ in range(r.randint(3, 6)))


def _slug(i: int) -> str:
    return f"bench-{i:05d}"


def article(i: int, n: int, topics: list[str], r: random.Random) -> str:
    """One synthetic article, deterministic for (i, seed)."""
    title = f"{_sentence(r)[:-1].title()[:70]} {i}"
    description = (f"Article {i} of the benchmark corpus: " + _sentence(r))[:150]
    date = dt.date(2024, 1, 1) + dt.timedelta(days=i % 1000)
    tags = sorted(r.sample(TAGS, r.randint(1, 3)))
    headings = r.sample(HEADINGS, 5)
    front = (
        f'---\ntitle: "{title}"\ndescription: "{description}"\ndate: {date}\n'
        f"topic: {r.choice(topics)}\ntags: [{', '.join(tags)}]\n---\n\n"
    )
    others = [j for j in r.sample(range(n), min(4, n)) if j != i][: r.randint(2, 3)]
    parts = [_paragraph(r)]
    for k, heading in enumerate(headings):
        parts.append(f"## {heading}")
        parts += [_paragraph(r), _paragraph(r)]
        if k == 1:
            parts.append("\n".join(f"- {_sentence(r)}" for _ in range(4)))
        if k == 2:
            parts.append("\n".join(f"{m}. {_sentence(r)}" for m in range(1, 4)))
            parts.append("\n".join(f"- [ ] {_sentence(r)}" for _ in range(3)))
        if k == 3:
            parts.append("> " + _sentence(r))
            parts.append(f"### {heading} in practice")
            parts.append(_paragraph(r))
        if k == 4 and i % 3 == 0:
            parts.append("| Factor | Before | After |\n|---|---|---|\n" + "\n".join(
                f"| {r.choice(WORDS)} | {r.randint(1, 9)} | {r.randint(1, 9)} |" for _ in range(4)
            ))  # fmt: skip
    links = [f"[{r.choice(ADJECTIVES)} notes on article {j}]({_slug(j)}.md)" for j in others]
    if others:
        links[0] = f"[what happened in article {others[0]}]({_slug(others[0])}.md#what-happened)"
    parts.append("See also " + ", ".join(links) + ", and [the example guide](https://example.org/guide).")
    return front + "\n\n".join(parts) + "\n"


def _ensure_heading(text: str) -> str:
    return text if "## What happened" in text else text.replace("## ", "## What happened\n\nSo it went.\n\n## ", 1)


TITLE_WORDS = [w for w in WORDS if w != "salary"]  # pay has no place in a listing's title


def listing(i: int, employers: int, r: random.Random) -> str:
    """A synthetic job listing, open on 2026-12-01 (build with --today 2026-12-01)."""
    workplace = r.choice(["on-site", "hybrid", "remote"])
    country = r.choice(["US", "GB", "DE", "CA", "NL", "IE"])
    currency = {"US": "USD", "GB": "GBP", "CA": "CAD"}.get(country, "EUR")
    period, low = r.choice([("YEAR", r.randrange(30, 150) * 1000), ("HOUR", r.randrange(15, 90))])
    posted = dt.date(2026, 11, 1) + dt.timedelta(days=r.randrange(30))
    where = (
        f"applicant_countries: [{country}]"
        if workplace == "remote"
        else f"locations: [{{city: City {r.randrange(40)}, country: {country}}}]"
    )
    body = "\n\n".join(_paragraph(r) for _ in range(3))
    return (
        f"---\ntitle: Role {i} {r.choice(TITLE_WORDS)} {r.choice(TITLE_WORDS)}\nemployer: employer-{i % employers}\n"
        f"date_posted: {posted}\nvalid_through: {posted + dt.timedelta(days=r.randrange(31, 60))}\n"
        f"employment_type: {r.choice(['FULL_TIME', 'PART_TIME', 'CONTRACTOR'])}\nworkplace: {workplace}\n{where}\n"
        f"salary: {{min: {low}, max: {low + low // 5}, currency: {currency}, period: {period}}}\n"
        f"apply_url: https://jobs.example.com/{i}\ntags: [{r.choice(TAGS)}]\n---\n\n{body}\n"
    )


def make_corpus(n: int, seed: int, out: Path, listings: int = 0) -> Path:
    """Copy the real site to `out` and add n synthetic articles (and `listings` job listings)."""
    if out.exists():
        shutil.rmtree(out)
    for name in ("content", "layouts", "static"):
        shutil.copytree(REPO / name, out / name)
    shutil.copy(REPO / "site.toml", out / "site.toml")
    topics = [t["slug"] for t in tomllib.loads((REPO / "site.toml").read_text())["topics"]]
    r = random.Random(seed)
    for i in range(n):
        text = _ensure_heading(article(i, n, topics, r))
        (out / "content/articles" / f"{_slug(i)}.md").write_text(text, encoding="utf-8")
    employers = max(1, listings // 20)
    for e in range(employers if listings else 0):
        text = f"---\nname: Employer {e}\nwebsite: https://employer-{e}.example/\n---\n\n{_paragraph(r)}\n"
        (out / "content/employers" / f"employer-{e}.md").write_text(text, encoding="utf-8")
    for i in range(listings):
        (out / "content/jobs" / f"role-{i:05d}.md").write_text(listing(i, employers, r), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--listings", type=int, default=0, help="job listings to add (open on 2026-12-01)")
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    make_corpus(args.n, args.seed, args.out, args.listings)


if __name__ == "__main__":
    main()
