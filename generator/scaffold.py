"""`new`: start an article from a template whose front matter is already valid."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from .config import Config
from .content import CONTENT_DIR
from .errors import BuildError, error
from .front_matter import ARTICLES, MAX_TITLE

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
    rel = path.relative_to(config.root).as_posix()
    text = _FRONT_MATTER.format(
        title=_quoted(title), description=_quoted(PLACEHOLDER_DESCRIPTION), date=today.isoformat(), topic=topic
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text + SKELETON)
    except FileExistsError:
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
