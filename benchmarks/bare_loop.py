"""The baseline every build is measured against: the least a Python generator must do.

    python benchmarks/bare_loop.py --jobs 2 SITE OUT

Read each article, split front matter with python-frontmatter, render markdown with markdown-it-py,
fill one Jinja2 template, write the file. No links, no tags, no listings, no feeds, no checks.
"""

from __future__ import annotations

import argparse
import multiprocessing
from pathlib import Path

import frontmatter
import jinja2
from markdown_it import MarkdownIt

_TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ title }}</title></head>"
    "<body><main><h1>{{ title }}</h1>{{ body|safe }}</main></body></html>"
)
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _one(job: tuple[Path, Path]) -> None:
    source, out = job
    post = frontmatter.loads(source.read_text(encoding="utf-8"))
    html = _TEMPLATE.render(title=post.get("title", ""), body=_MD.render(post.content))
    target = out / source.stem / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    jobs = [(path, args.out) for path in sorted((args.site / "content/articles").glob("*.md"))]
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        pool.map(_one, jobs, chunksize=64)


if __name__ == "__main__":
    main()
