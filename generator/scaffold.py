"""`new`: start an article, or a job listing, from a template that `check` fails until it is written."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from .config import Config
from .content import CONTENT_DIR
from .errors import BuildError, did_you_mean, error
from .front_matter import ARTICLES, EMPLOYERS, JOBS, MAX_TITLE

# What `new` writes; `check` reports any of it still in an article, so nothing half-written is published.
PLACEHOLDER_DESCRIPTION = "Replace this with one or two sentences that tell a reader what they will get."
SKELETON = """Open with two or three sentences that tell a reader, who may have just had a bad interview,
what this article will help them do.

## The first thing to know

Short paragraphs, everyday words, one idea each. Link to related articles by their file name,
like `[how to prepare](interview-preparation-plan.md)`.

## Something concrete to do

A checklist, a script with the exact words to say, or a worked example.
"""
JOB_SKELETON = """Describe the work in your own words: what the person will do in their first months, and with whom.

Say who the role suits: the experience that matters, and what does not.

Say how the hiring process goes: its steps, how long it takes, and when applicants hear back.
"""


def slug_for(title: str) -> str:
    """`So you had a bad interview. Now what?` -> `so-you-had-a-bad-interview-now-what`."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def new_article(config: Config, title: str, topic: str, today: dt.date) -> Path:
    """Write content/articles/<slug>.md as a draft; never overwrite an existing file."""
    slug = slug_for(title)
    if not title.strip() or not slug:
        raise BuildError([error("new", 1, 'the title needs some letters or digits, like "Following up"')], 2)
    if len(title) > MAX_TITLE:
        raise BuildError([error("new", 1, f"the title is {len(title)} characters; keep it to {MAX_TITLE}")], 2)
    path = config.root / CONTENT_DIR / ARTICLES / f"{slug}.md"
    text = _FRONT_MATTER.format(
        title=_quoted(title), description=_quoted(PLACEHOLDER_DESCRIPTION), date=today.isoformat(), topic=topic
    )
    return _create(config, path, text + SKELETON)


def new_listing(config: Config, title: str, employer: str, today: dt.date) -> Path:
    """Write content/jobs/<employer>-<slug>.md as a draft with every key present; its placeholders (no pay,
    no apply link, no place) fail `check` until they are filled in. Never overwrite an existing file."""
    slug = slug_for(title)
    if not title.strip() or not slug:
        raise BuildError([error("new", 1, 'the title needs some letters or digits, like "Support lead"')], 2)
    employers = sorted(p.stem for p in (config.root / CONTENT_DIR / EMPLOYERS).glob("*.md"))
    if employer not in employers:
        hint = did_you_mean(employer, employers)
        message = f"--employer {employer!r}: no content/{EMPLOYERS}/{employer}.md{hint}; add the employer first"
        raise BuildError([error("new", 1, message)], 2)
    path = config.root / CONTENT_DIR / JOBS / f"{employer}-{slug}.md"
    text = _JOB_FRONT_MATTER.format(
        title=_quoted(title),
        employer=employer,
        posted=today.isoformat(),
        closes=(today + dt.timedelta(days=min(30, config.max_listing_days))).isoformat(),
    )
    return _create(config, path, text + JOB_SKELETON)


def _create(config: Config, path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        rel = path.relative_to(config.root).as_posix()
        raise BuildError([error(rel, 1, "already exists; pick another title or edit that file")]) from None
    return path


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_FRONT_MATTER = """---
title: {title}
description: {description}
date: {date}
topic: {topic}
tags: []
draft: true
---

"""

# Every key a listing may have, in the order an editor fills them in; the empty ones fail `check`.
_JOB_FRONT_MATTER = """---
title: {title}
employer: {employer}
date_posted: {posted}
valid_through: {closes}
employment_type: FULL_TIME  # or a list: [FULL_TIME, CONTRACTOR]; also PART_TIME, TEMPORARY, INTERN, ...
workplace: hybrid  # on-site, hybrid or remote
locations: [{{city: "", region: "", country: ""}}]  # remote roles: delete this, fill in applicant_countries
applicant_countries: []  # remote roles only: where the work may be done from, like [US, CA]
salary: {{min: 0, max: 0, currency: USD, period: YEAR}}  # the range you would really pay
apply_url: ""  # the employer's own https page for this role
identifier: ""  # the employer's requisition id, or delete this line
tags: []
draft: true
---

"""
