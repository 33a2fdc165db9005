"""The command line: `python -m generator build|serve|new|check`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import BuildError, Problem


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
    build.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    build.add_argument("--quiet", action="store_true", help="print nothing but errors")
    build.set_defaults(command="build", run=_build)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _build(args: argparse.Namespace) -> int:
    from .build import BuildOptions, build

    options = BuildOptions(args.out, args.base_url, args.drafts, args.future, args.jobs)
    result = build(args.root, options)
    _report(list(result.warnings))
    if not args.quiet:
        shown = os.path.relpath(result.out)
        noun = "warning" if len(result.warnings) == 1 else "warnings"
        print(
            f"Built {result.pages} pages ({result.files} files) in {result.seconds:.2f} s, "
            f"{len(result.warnings)} {noun} -> {shown}"
        )
    return 0


def _report(problems: list[Problem]) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in sorted(problems):
        print(problem.github() if github else problem.text(), file=sys.stderr)
