"""A listing file as `jobs import` writes and reads it: its text in the style of a hand-written one, the
digest that tells an editor's edit from the importer's own, the dates the importer moves in place, and
writing it whole."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML = YAMLHandler()


def listing_text(values: dict[str, Any], source: dict[str, Any], body: str) -> tuple[str, str]:
    """A listing file's text, in the key order and style of a hand-written one, with its source block
    (whose digest is of the rest, without the dates that move); and that digest."""
    lines = ["---", *(f"{key}: {_flow(value)}" for key, value in values.items()), "source:"]
    lines += [f"  {key}: {_flow(value)}" for key, value in source.items()]
    text = "\n".join([*lines, "---", "", body.rstrip("\n"), ""])
    digest = content_digest(text)
    head, _, rest = text.partition("\n---\n")
    return f"{head}\n  digest: {digest}\n---\n{rest}", digest


def content_digest(text: str) -> str:
    """A digest of a listing without what the importer moves on its own (`valid_through`, the source
    block): if it differs from the one the importer wrote, someone edited the listing."""
    head, _, body = text.partition("\n---\n")
    kept: list[str] = []
    in_source = False
    for line in head.split("\n"):
        if in_source and line.startswith((" ", "\t")):
            continue
        in_source = line.startswith("source:")
        if not in_source and not line.startswith("valid_through:"):
            kept.append(line)
    return hashlib.sha256("\n".join([*kept, body]).encode()).hexdigest()[:20]


def _flow(value: Any, nested: bool = False) -> str:
    """A value as YAML on one line, as an editor writes it: `{...}` and `[...]`, each scalar plain when
    it reads back as itself, else in double quotes (JSON's escapes are YAML's)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item, True)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(item, True) for item in value) + "]"
    return _scalar(value, nested)


@functools.lru_cache(maxsize=4096)
def _scalar(value: str | int | float | dt.date, nested: bool) -> str:
    plain = value.isoformat() if isinstance(value, dt.date) else str(value)
    if not isinstance(value, str):
        return plain
    try:
        same = yaml.load(f"[{plain}]" if nested else plain, Loader=_LOADER) == ([value] if nested else value)
    except yaml.YAMLError:
        same = False
    return plain if same and plain == plain.strip() else json.dumps(value, ensure_ascii=False)


def with_dates(text: str, valid_through: dt.date, last_seen: dt.date | None) -> str | None:
    """The text with its `valid_through` (and the source block's `last_seen`) changed in place, so an
    editor's layout stays; None if those lines are not there once each."""
    head, sep, body = text.partition("\n---\n")
    head, n = re.subn(r"(?m)^valid_through:[^\n#]*", f"valid_through: {valid_through.isoformat()}", head)
    if n != 1:
        return None
    if last_seen is not None:
        head, n = re.subn(r"(?m)^(\s+last_seen:)[^\n#]*", rf"\g<1> {last_seen.isoformat()}", head)
        if n != 1:
            return None
    return head + sep + body


def front_matter_of(text: str) -> dict[str, Any] | None:
    """A file's front matter as a dict (None if it has none that reads as one)."""
    try:
        fm, _ = _YAML.split(text)
        meta = yaml.load(fm, Loader=_LOADER)
    except (ValueError, yaml.YAMLError):
        return None
    return meta if isinstance(meta, dict) else None


def as_day(value: Any) -> dt.date | None:
    """A YAML date (or datetime) as a date; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def write_whole(path: Path, text: str) -> None:
    """Replace a file whole, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
