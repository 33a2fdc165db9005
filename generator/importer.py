"""`jobs import`: read every `[[job_sources]]` board, write each role the board's rules accept to
`content/jobs/<employer>-<id>.md` (only when it changed), close the roles gone from their board, and
report per source. A source that fails closes and deletes nothing. A listing edited by hand since the
importer wrote it keeps the edits: only its dates move (`last_seen`, `valid_through`), and it still
closes when its role leaves the board."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from .ats import NO_SALARY, Malformed, Role, endpoint, read_roles
from .config import Config, load_config
from .content import CONTENT_DIR, Page, load_page
from .fetch import Fetcher, FetchError
from .front_matter import JOBS
from .html_to_markdown import posting_markdown
from .job_sources import JobSource
from .jobs import Job, untracked, where
from .listing_file import as_day, content_digest, front_matter_of, listing_text, with_dates, write_whole
from .places import plain_title
from .render import layout_names
from .scaffold import slug_for
from .workers import forked_map

# Why a role is not imported (the report counts roles by these)
SALARY_ODD = "salary not usable"
SALARY_WIDE = "salary range too wide"
NO_TYPE = "employment type unknown"
NO_WORKPLACE = "workplace unknown"
NO_COUNTRY = "remote role without a country"
NO_PLACE = "no city and country"
NO_HTTPS = "no https address"
TOO_OLD = "posted too long ago"
TOO_SHORT = "description too short"
DUPLICATE = "duplicate"
REFUSED = "refused by the listing rules"
# What happened to a listing file (the report's counts, in this order)
ACTIONS = ("imported", "updated", "refreshed", "unchanged", "closed", "kept edits", "refused", "filtered out")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: the date, whether to write, how patient to be with a board."""

    today: dt.date
    dry_run: bool = False
    timeout: float = 20.0  # seconds a board has to answer
    pause: float = 2.0  # seconds before the one retry
    workers: int = 1  # processes that turn descriptions into markdown


class Skip(NamedTuple):
    """A role not imported, and why."""

    id: str
    title: str
    reason: str  # one of the reasons above
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What one source's import did."""

    name: str
    failure: str  # why the source could not be read ("" if it was)
    roles: int  # on the board
    counts: tuple[tuple[str, int], ...]  # (action, listings), in ACTIONS order, none that is 0
    skipped: tuple[Skip, ...]
    notes: tuple[str, ...]  # listings an editor should look at, and why

    def lines(self) -> list[str]:
        """The report as a reader wants it: a summary line, then the details."""
        if self.failure:
            return [f"{self.name}: FAILED: {self.failure}; nothing closed, nothing deleted"]
        parts = [f"{n} {action}" for action, n in self.counts]
        by_reason = Counter(skip.reason for skip in self.skipped)
        if by_reason:
            reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(by_reason.items()))
            parts.append(f"{len(self.skipped)} skipped ({reasons})")
        lines = [f"{self.name}: {self.roles} roles: {', '.join(parts) or 'nothing to do'}"]
        for skip in self.skipped:
            why = f"{skip.reason}: {skip.detail}" if skip.detail else skip.reason
            lines.append(f"  skipped {skip.id} ({skip.title}): {why}")
        return lines + [f"  {note}" for note in self.notes]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, source by source."""

    sources: tuple[SourceReport, ...]
    written: tuple[str, ...]  # listing files written (or that would be, in a dry run)
    today: dt.date
    dry_run: bool

    @property
    def failed(self) -> bool:
        """Whether any source could not be read."""
        return any(s.failure for s in self.sources)

    def lines(self) -> list[str]:
        """Each source's report, then what was written."""
        lines = [line for source in self.sources for line in source.lines()]
        done = "would write" if self.dry_run else "wrote"
        n, sources = len(self.written), len(self.sources)
        lines.append(f"{sources} source{_s(sources)} as of {self.today}; {done} {n} listing file{_s(n)}")
        if failed := sum(bool(s.failure) for s in self.sources):
            lines.append(f"{failed} source{_s(failed)} failed: their listings were left as they are")
        return lines


def _s(n: int) -> str:
    return "" if n == 1 else "s"


class _Draft(NamedTuple):
    """A role as a listing file: its path, text, digest and page (which passed every per-file rule)."""

    id: str  # the role's id in the ATS
    url: str  # the employer's page for the role
    path: str
    text: str
    digest: str
    page: Page


class _Existing(NamedTuple):
    """A listing file as it is: its text and front matter (None if unreadable)."""

    text: str
    meta: dict[str, Any] | None

    def owner(self) -> tuple[str, str] | None:
        """(employer, ats) of the source that wrote it, if `jobs import` did."""
        source = self.meta.get("source") if self.meta else None
        if not isinstance(source, dict) or not self.meta:
            return None
        return str(self.meta.get("employer")), str(source.get("ats"))

    def source(self, key: str) -> Any:
        """A value of its source block."""
        source = self.meta.get("source") if self.meta else None
        return source.get(key) if isinstance(source, dict) else None


def import_jobs(root: Path, options: ImportOptions) -> ImportReport:
    """Import every source in `root`'s site.toml as of `options.today`."""
    config = load_config(root)
    fetcher = Fetcher(root, user_agent(config), options.timeout, options.pause)
    existing = _listings(root)
    read: list[tuple[JobSource, list[Role] | str]] = []
    for source in config.job_sources:
        try:
            read.append((source, read_roles(source.ats, fetcher.json(endpoint(source)).data)))
        except (FetchError, Malformed) as exc:
            read.append((source, f"{exc} ({endpoint(source)})"))
    # Each wanted role as a listing, in worker processes: the HTML and markdown are most of the work
    items: list[tuple[JobSource, Role, dt.date]] = []
    for source, roles in read:
        for role in roles if isinstance(roles, list) else []:
            if _wanted(source, role):
                previous = existing.get(listing_path(source, role.id))
                first_seen = as_day(previous.source("first_seen")) if previous and previous.owner() else None
                items.append((source, role, first_seen or options.today))
    workers = min(options.workers, max(1, len(items) // 50))
    drafts = forked_map(_draft, items, (config, layout_names(root), options.today), workers, chunksize=25)
    drafted = {(source.employer, source.ats, role.id): d for (source, role, _), d in zip(items, drafts, strict=True)}
    report = _apply(root, config, options, read, existing, drafted)
    if not options.dry_run:
        fetcher.save()
    return report


def user_agent(config: Config) -> str:
    """How the importer introduces itself to a board: the site's name and address."""
    return f"{config.title} job importer (+{config.base_url})"


def listing_path(source: JobSource, role_id: str) -> str:
    """Where a role's listing goes: `content/jobs/<employer>-<id>.md`."""
    return f"{CONTENT_DIR}/{JOBS}/{source.employer}-{slug_for(role_id) or 'role'}.md"


def _wanted(source: JobSource, role: Role) -> bool:
    """Whether a role passes the source's filters (each filter given: one of its values matches)."""

    def matches(values: tuple[str, ...], texts: list[str], exact: bool = False) -> bool:
        folded = [t.casefold() for t in texts]
        if exact:
            return not values or any(v.casefold() in folded for v in values)
        return not values or any(v.casefold() in t for v in values for t in folded)

    places = [role.place, *(f"{p.city}, {p.region}, {p.country}" for p in role.locations), *role.countries]
    return (
        matches(source.departments, list(role.departments), exact=True)
        and matches(source.locations, places)
        and matches(source.keywords, [role.title])
        and (not source.workplace or role.workplace in source.workplace)
    )


def _draft(shared: tuple[Config, set[str], dt.date], item: tuple[JobSource, Role, dt.date]) -> _Draft | Skip:
    """A role as the text of its listing file, or why it cannot be one."""
    config, layouts, today = shared
    source, role, first_seen = item

    def skip(reason: str, detail: str = "") -> Skip:
        return Skip(role.id, role.title, reason, detail)

    if role.salary is None:
        return skip(NO_SALARY) if role.no_salary == NO_SALARY else skip(SALARY_ODD, role.no_salary)
    if role.salary.max > 2 * role.salary.min:
        detail = f"{role.salary.min:g} to {role.salary.max:g}: the board asks an editor about a max over twice the min"
        return skip(SALARY_WIDE, detail)
    if not role.employment_type:
        return skip(NO_TYPE)
    if role.workplace is None:
        return skip(NO_WORKPLACE, f"the board says only {role.place!r}" if role.place else "")
    countries = tuple(dict.fromkeys([*role.countries, *(p.country for p in role.locations)]))
    if role.workplace == "remote" and not countries:
        return skip(NO_COUNTRY)
    if role.workplace != "remote" and not role.locations:
        return skip(NO_PLACE, f"the board says {role.place!r}" if role.place else "the board gives no place")
    apply_url = untracked(role.apply_url)
    page_url = role.posting_url if _https(role.posting_url) else apply_url
    if not _https(apply_url):
        return skip(NO_HTTPS, f"apply address {role.apply_url!r}" if role.apply_url else "no apply address")
    posted = min(role.published or first_seen, today)
    closes = min(today + dt.timedelta(days=source.listing_days), posted + dt.timedelta(days=config.max_listing_days))
    if closes < today:
        return skip(TOO_OLD, f"posted {posted}, more than max_listing_days ({config.max_listing_days}) ago")
    values: dict[str, Any] = {
        "title": plain_title(role.title, role.locations, countries),
        "employer": source.employer,
        "date_posted": posted,
        "valid_through": closes,
        "employment_type": role.employment_type[0] if len(role.employment_type) == 1 else list(role.employment_type),
        "workplace": role.workplace,
    }
    if role.workplace == "remote":
        values["applicant_countries"] = list(countries)
    else:
        values["locations"] = [
            {"city": p.city, **({"region": p.region} if p.region else {}), "country": p.country} for p in role.locations
        ]
    salary = role.salary
    values["salary"] = {"min": salary.min, "max": salary.max, "currency": salary.currency, "period": salary.period}
    values["apply_url"] = apply_url
    values["identifier"] = role.id
    body = posting_markdown(role.html, page_url)
    block = {"ats": source.ats, "id": role.id, "url": page_url, "first_seen": first_seen, "last_seen": today}
    text, digest = listing_text(values, block, body)
    path = listing_path(source, role.id)
    page, _, problems = load_page(path, text.encode(), config, layouts)
    if problems or page is None:
        first = min(problems, key=lambda p: (p.level != "error", p.line))
        closing_line = text.count("\n", 0, text.index("\n---\n") + 1) + 1
        return skip(TOO_SHORT if first.line > closing_line else REFUSED, first.message)  # the body's: its length
    return _Draft(role.id, page_url, path, text, digest, page)


def _apply(
    root: Path,
    config: Config,
    options: ImportOptions,
    read: list[tuple[JobSource, list[Role] | str]],
    existing: dict[str, _Existing],
    drafted: dict[tuple[str, str, str], _Draft | Skip],
) -> ImportReport:
    """Decide what each listing file becomes, write what changed, and say so, source by source."""
    files = _Files(config, layout_names(root), options.today, existing)
    targets = {d.path for d in drafted.values() if isinstance(d, _Draft)}
    for path, file in sorted(existing.items()):  # files no role of this run will replace claim their roles
        if path not in targets:
            files.claim(path, file.text)
    reports = []
    for source, roles in read:
        if isinstance(roles, str):
            reports.append(SourceReport(source.name, roles, 0, (), (), ()))
            continue
        counts: Counter[str] = Counter()
        skipped: list[Skip] = []
        notes: list[str] = []
        seen: set[str] = set()
        for role in roles:
            draft = drafted.get((source.employer, source.ats, role.id))
            if role.id in seen:
                skipped.append(Skip(role.id, role.title, DUPLICATE, "the board lists it twice"))
            elif draft is None:
                counts["filtered out"] += 1
            elif isinstance(draft, Skip):
                skipped.append(draft)
            else:
                action, note = files.place(draft, source)
                if isinstance(action, Skip):
                    skipped.append(action._replace(title=role.title))
                else:
                    counts[action] += 1
                notes += [note] if note else []
            seen.add(role.id)
        kept = {role.id for role in roles if (source.employer, source.ats, role.id) in drafted}
        counts["closed"] = files.close_gone(source, kept)
        ordered = tuple((action, counts[action]) for action in ACTIONS if counts[action])
        reports.append(SourceReport(source.name, "", len(roles), ordered, tuple(skipped), tuple(notes)))
    if not options.dry_run:
        for path, text in files.writes.items():
            write_whole(root / path, text)
    return ImportReport(tuple(reports), tuple(sorted(files.writes)), options.today, options.dry_run)


class _Files:
    """The listing files as this import leaves them: what to write, and which file lists each role."""

    def __init__(self, config: Config, layouts: set[str], today: dt.date, existing: dict[str, _Existing]) -> None:
        self.config, self.layouts, self.today, self.existing = config, layouts, today, existing
        self.writes: dict[str, str] = {}  # path -> new text
        self._claims: dict[tuple[str, ...], str] = {}  # a duplicate rule's key -> the file that has it
        self._taken: dict[str, tuple[str, str]] = {}  # path -> (ats, id) of the role written there

    def claim(self, path: str, text: str, page: Page | None = None) -> None:
        """Note the role a file lists (parsed from `text` unless its `page` is known)."""
        page = page or load_page(path, text.encode(), self.config, self.layouts).page
        if page is not None and isinstance(page.details, Job) and page.details.valid_through < self.today:
            return  # closed: its role may be posted again (the board's duplicate rules skip it too)
        for key, _ in _keys(page):
            self._claims.setdefault(key, path)

    def place(self, draft: _Draft, source: JobSource) -> tuple[str | Skip, str]:
        """Put a role's listing in its file, unless the board already lists it: (action or why not, note)."""
        taken = self._taken.setdefault(draft.path, (source.ats, draft.id))
        if taken != (source.ats, draft.id):
            return Skip(draft.id, "", DUPLICATE, f"its file {draft.path} is taken by role {taken[1]}"), ""
        file = self.existing.get(draft.path)
        action, text, note = _decide(draft, file, source, self.today, self.config, self.layouts)
        if action in ("imported", "updated", "refreshed") and (other := self._clash(draft)):
            if file is not None:  # it stays as it is, and lists what it lists
                self.claim(draft.path, file.text)
            return Skip(draft.id, "", DUPLICATE, other), ""
        self.claim(draft.path, text, draft.page if text == draft.text else None)
        if file is None or text != file.text:
            self.writes[draft.path] = text
        return action, note

    def _clash(self, draft: _Draft) -> str:
        """What another file shares with a listing, by the board's duplicate rules ("" if nothing)."""
        for key, what in _keys(draft.page):
            other = self._claims.get(key, draft.path)
            if other != draft.path:
                return f"the same {what} as {other}"
        return ""

    def close_gone(self, source: JobSource, kept: set[str]) -> int:
        """Close the listings `source` wrote whose roles are no longer on its board (or its filters)."""
        closed = 0
        for path, file in sorted(self.existing.items()):
            if file.owner() == (source.employer, source.ats) and str(file.source("id")) not in kept:
                text = _closed(file, self.today)
                if text is not None:
                    self.writes[path] = text
                    closed += 1
        return closed


def _decide(
    draft: _Draft,
    file: _Existing | None,
    source: JobSource,
    today: dt.date,
    config: Config,
    layouts: set[str],
) -> tuple[str, str, str]:
    """What a role's listing file becomes: (action, its text, a note for the report)."""
    if file is None:
        return "imported", draft.text, ""
    if file.owner() != (source.employer, source.ats) or str(file.source("id")) != draft.id:
        why = "it was not written by `jobs import`" if file.owner() is None else "another source wrote it"
        return "refused", file.text, f"refused {draft.path}: {why}; left as it is (move it, or remove the source)"
    if file.source("digest") == content_digest(file.text):
        if file.text == draft.text:
            return "unchanged", file.text, ""
        return ("refreshed" if file.source("digest") == draft.digest else "updated"), draft.text, ""
    # Edited by hand: the editor's listing, whose dates still follow the role
    posted = as_day(file.meta.get("date_posted") if file.meta else None) or draft.page.date
    closes = min(today + dt.timedelta(days=source.listing_days), posted + dt.timedelta(days=config.max_listing_days))
    text = with_dates(file.text, max(closes, posted + dt.timedelta(days=1)), today)
    if text is None or load_page(draft.path, text.encode(), config, layouts).page is None:
        return (
            "refused",
            file.text,
            f"refused {draft.path}: edited by hand, and its dates cannot be moved; left as it is",
        )
    changed = file.source("digest") != draft.digest
    note = f"kept edits in {draft.path}; the employer's posting changed since: compare {draft.url}"
    return "kept edits", text, note if changed else ""


def _closed(file: _Existing, today: dt.date) -> str | None:
    """A listing whose role left its board, closing on the import date; None if it is closed already."""
    closes = as_day(file.meta.get("valid_through") if file.meta else None)
    posted = as_day(file.meta.get("date_posted") if file.meta else None)
    if closes is None or posted is None or closes <= today:
        return None
    text = with_dates(file.text, max(today, posted + dt.timedelta(days=1)), None)
    return text if text != file.text else None


def _keys(page: Page | None) -> list[tuple[tuple[str, ...], str]]:
    keys: list[tuple[tuple[str, ...], str]] = []
    if page is None or not isinstance(page.details, Job):
        return keys
    job = page.details
    parts = urlsplit(untracked(job.apply_url))
    address = urlunsplit(
        (parts.scheme, (parts.hostname or "").removeprefix("www."), parts.path.rstrip("/"), parts.query, "")
    )
    keys.append((("apply_url", address), "apply_url"))
    if job.identifier:
        keys.append((("identifier", job.employer, job.identifier), "identifier"))
    keys.append((("title", job.employer, page.title.casefold(), where(job)), "employer, title and place"))
    return keys


def _listings(root: Path) -> dict[str, _Existing]:
    """Every listing file, by its path from the site's folder."""
    found: dict[str, _Existing] = {}
    for file in sorted((root / CONTENT_DIR / JOBS).rglob("*.md")):
        rel = file.relative_to(root).as_posix()
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found[rel] = _Existing(text, front_matter_of(text))
    return found


def _https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname)
