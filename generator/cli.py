"""The command line: `python -m generator build|serve|new|jobs|check`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TextIO

from .errors import BuildError, Problem, error


def main(argv: list[str] | None = None) -> int:
    """Run one command; the return value is the exit code (0 ok, 1 content errors, 2 usage/config)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except BuildError as exc:
        _report(exc.problems)
        noun = "error" if len(exc.problems) == 1 else "errors"
        print(f"Build failed: {len(exc.problems)} {noun}; nothing was written.", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Build the Next Round site.")
    parser.add_argument("--root", type=Path, default=Path("."), help="the site folder (holds site.toml)")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands")

    build = commands.add_parser("build", help="build the site into public/")
    build.add_argument("--out", type=Path, help="output folder (default: public/ in the site folder)")
    build.add_argument("--base-url", help="the address the site is served from, e.g. https://example.org/next-round/")
    build.add_argument("--drafts", action="store_true", help="include pages with draft: true")
    build.add_argument("--future", action="store_true", help="include pages dated in the future")
    build.add_argument("--today", type=_day, help="the build date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
    build.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    build.add_argument("--quiet", action="store_true", help="print nothing but errors")
    build.add_argument("--no-cache", action="store_true", help="a cold build: ignore .cache/ and leave it as it is")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument(
        "--watch", action="store_true", help="stay and build again on every change, the cache kept in memory (Ctrl-C)"
    )
    build.set_defaults(command="build", run=_build)

    serve = commands.add_parser("serve", help="build with drafts, serve on this machine, rebuild and reload on change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    serve.add_argument("--base-url", help="serve under this URL's path instead of site.toml's")
    serve.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    serve.add_argument("--search", action="store_true", help="also build the search index on every change (slower)")
    serve.set_defaults(command="serve", run=_serve)

    new = commands.add_parser("new", help="start an article (a draft) from a template")
    new.add_argument("title", help='the article\'s title, e.g. "Following up after an interview"')
    new.add_argument("--topic", help="one of the topics in site.toml (default: the first)")
    new.add_argument("--job", action="store_true", help="start a job listing instead (needs --employer)")
    new.add_argument("--employer", help="with --job: the employer's slug (a file in content/employers/)")
    new.set_defaults(command="new", run=_new)

    jobs = commands.add_parser("jobs", help="job board chores")
    jobs.set_defaults(command="jobs", run=lambda _: _usage(jobs))
    chores = jobs.add_subparsers(title="jobs commands")
    prune = chores.add_parser("prune", help="delete listing files that closed long ago")
    prune.add_argument(
        "--closed-for", type=_positive, default=60, metavar="DAYS", help="closed more than DAYS ago (60)"
    )
    prune.add_argument("--today", type=_day, help="the date to count from, YYYY-MM-DD (default: as build)")
    prune.add_argument("--dry-run", action="store_true", help="list the files, delete nothing")
    prune.set_defaults(run=_prune)
    pull = chores.add_parser("import", help="import roles from employers' job boards (site.toml [[job_sources]])")
    pull.add_argument("--today", type=_day, help="the import date, YYYY-MM-DD (default: as build)")
    pull.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    pull.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS", help="wait for a board (20)")
    pull.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    pull.set_defaults(run=_import)

    check = commands.add_parser("check", help="every build check plus editorial checks, writing nothing")
    check.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    check.add_argument("--jobs", type=_positive, default=1, help="worker processes (default: 1)")
    check.add_argument("--today", type=_day, help="the date to check against, YYYY-MM-DD (default: as build)")
    check.set_defaults(command="check", run=_check)
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-01") from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return value


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.root, args.host, args.port, args.base_url, args.jobs, args.search)


def _new(args: argparse.Namespace) -> int:

    from .config import load_config
    from .scaffold import new_article

    config = load_config(args.root)
    if args.job or args.employer:
        if not (args.job and args.employer):
            raise BuildError([error("new", 1, "a listing needs both --job and --employer SLUG")], exit_code=2)
        from .scaffold import new_listing

        path = new_listing(config, args.title, args.employer, dt.date.today())
        print(f"Wrote {os.path.relpath(path)} (a draft). Next: fill in every field, then `python -m generator check`.")
        return 0
    topics = [t.slug for t in config.topics]
    topic = args.topic or (topics[0] if topics else "")
    if topic not in topics:
        from .errors import did_you_mean

        message = (
            f"--topic {topic!r} is not a topic in site.toml{did_you_mean(topic, topics)}; one of: {', '.join(topics)}"
        )
        raise BuildError([error("site.toml", 1, message)], exit_code=2)
    path = new_article(config, args.title, topic, dt.date.today())
    print(
        f"Wrote {os.path.relpath(path)} (a draft, topic {topic}). Next: write it, `make serve` to read it, then check."
    )
    return 0


def _prune(args: argparse.Namespace) -> int:
    from .board import days_closed
    from .load import load_site

    site = load_site(args.root, drafts=True, future=True, today=args.today).site
    stale = [
        (p.source, days) for p in site.pages if (days := days_closed(p, site.board.today)) and days > args.closed_for
    ]
    for source, days in stale:
        if not args.dry_run:
            (args.root / source).unlink()
        print(f"{'would delete' if args.dry_run else 'deleted'} {source} (closed {days} days ago)")
    print(f"{len(stale)} listing{'s' if len(stale) != 1 else ''} closed more than {args.closed_for} days ago")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .importer import ImportOptions, import_jobs
    from .load import build_date

    today = build_date(args.today)[0]
    options = ImportOptions(today, args.dry_run, args.timeout, workers=args.jobs)
    report = import_jobs(args.root, options)
    print("\n".join(report.lines()))
    return 1 if report.failed else 0


def _check(args: argparse.Namespace) -> int:
    from .check import check

    problems = check(args.root, args.jobs, args.today)
    _report(problems, stream=sys.stdout)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    print(
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}", file=sys.stderr
    )
    return 1 if errors or (warnings and args.strict) else 0


def _build(args: argparse.Namespace) -> int:
    from .build import BuildOptions, BuildResult, build

    if args.watch and args.no_cache:
        message = "--watch keeps the cache in memory between builds; leave out --no-cache"
        raise BuildError([error("build", 1, message)], exit_code=2)
    options = BuildOptions(
        args.out,
        args.base_url,
        args.drafts,
        args.future,
        args.jobs,
        today=args.today,
        cache=not args.no_cache,
        search=not args.no_search,
    )

    def report(result: BuildResult) -> None:
        _report(list(result.warnings))
        if not args.quiet:
            shown = os.path.relpath(result.out)
            noun = "warning" if len(result.warnings) == 1 else "warnings"
            print(
                f"Built {result.pages} pages ({result.rendered} rendered, {result.files} files) "
                f"in {result.seconds:.2f} s, {len(result.warnings)} {noun} -> {shown}",
                flush=True,
            )

    if args.watch:
        from .watch import build_and_watch

        return build_and_watch(args.root, options, report, args.quiet)
    report(build(args.root, options))
    return 0


def _report(problems: list[Problem], stream: TextIO | None = None) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in sorted(problems):
        print(problem.github() if github else problem.text(), file=stream or sys.stderr)
