"""The whole build, through the real command line: output, errors, atomicity, reproducibility."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import MakeSite, article, run_cli, tree


def test_build_writes_pretty_urls_and_reports(make_site: MakeSite) -> None:
    root = make_site()
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"Built 10 pages \(10 rendered, \d+ files\) in \d+\.\d\d s, 0 warnings -> public\n", result.stdout
    )
    files = tree(root / "public")
    for expected in (
        "index.html",
        "articles/index.html",
        "articles/first/index.html",
        "articles/second/index.html",
        "topics/prep/index.html",
        "topics/after/index.html",
        "tags/alpha/index.html",
        "tags/beta/index.html",
        "404.html",
        "search/index.html",
        "pagefind/pagefind.js",
        "sitemap.xml",
        "feed.xml",
        "robots.txt",
    ):
        assert expected in files
    first = (root / "public/articles/first/index.html").read_text()
    assert '<a href="/sub/articles/second/#details">the second</a>' in first
    assert '<h2 id="getting-started-1">' in first
    assert '<link rel="canonical" href="https://example.org/sub/articles/first/">' in first
    assert '<a class="related" href="/sub/articles/second/">' in first


def test_quiet_prints_nothing(make_site: MakeSite) -> None:
    result = run_cli("build", "--quiet", cwd=make_site())
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_css_and_js_are_fingerprinted_and_imports_follow(make_site: MakeSite) -> None:
    root = make_site()
    assert run_cli("build", cwd=root).returncode == 0
    files = tree(root / "public")
    [css] = [f for f in files if f.startswith("css/")]
    assert re.fullmatch(r"css/site\.[0-9a-f]{8}\.css", css)
    [util] = [f for f in files if f.startswith("js/util.")]
    [main] = [f for f in files if f.startswith("js/main.")]
    assert f'from "./{util.removeprefix("js/")}"' in (root / "public" / main).read_text()
    assert f'href="/sub/{css}"' in (root / "public/index.html").read_text()


def test_changing_an_imported_module_renames_the_importer(make_site: MakeSite) -> None:
    """main.js imports util.js: a change to util.js gives it a new name, so main.js changes (its import
    names the new file) and gets a new name too, or browsers would keep the cached main.js."""
    root = make_site()

    def scripts() -> dict[str, str]:
        built = run_cli("build", "--no-search", cwd=root)
        assert built.returncode == 0, built.stderr
        names = sorted(f for f in tree(root / "public") if f.startswith("js/"))
        assert [re.sub(r"\.[0-9a-f]{8}\.js$", ".js", f) for f in names] == ["js/main.js", "js/util.js"]
        return {f.split(".")[0].removeprefix("js/"): f for f in names}

    before = scripts()
    (root / "static/js/util.js").write_text("export const two = 3;\n")
    after = scripts()
    assert after["util"] != before["util"]
    assert after["main"] != before["main"]
    assert f'from "./{after["util"].removeprefix("js/")}"' in (root / "public" / after["main"]).read_text()


def test_builds_are_reproducible_whatever_the_jobs(make_site: MakeSite, tmp_path: Path) -> None:
    # enough files that with two jobs they are read and parsed in worker processes too
    extra = {f"content/articles/a{i}.md": article(f"Article {i}", tags="[alpha]") for i in range(300)}
    root = make_site(extra)
    outputs = []
    for n, options in enumerate((["--jobs", "1"], ["--jobs", "2"], ["--jobs", "2"], ["--jobs", "2", "--no-cache"])):
        out = tmp_path / f"out{n}"
        result = run_cli("build", *options, "--out", str(out), cwd=root)
        assert result.returncode == 0, result.stderr
        outputs.append(tree(out))
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_errors_found_by_parallel_reading_name_their_line(make_site: MakeSite, cache: list[str]) -> None:
    extra = {f"content/articles/a{i}.md": article(f"Article {i}") for i in range(300)}
    extra["content/articles/a150.md"] = article("Broken", date="next tuesday")
    root = make_site(extra)
    result = run_cli("build", "--jobs", "2", "--no-search", *cache, cwd=root)
    assert result.returncode == 1
    assert result.stderr.startswith('content/articles/a150.md:4:1: error: date: "next tuesday" is not a date')


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"content/articles/bad.md": article(date="next tuesday")},
            ['content/articles/bad.md:4:1: error: date: "next tuesday" is not a date (expected YYYY-MM-DD'],
        ),
        (
            {"content/articles/dup.md": article(slug="first")},
            [
                "articles/dup.md:6:1: error: its URL /articles/first/ is also the URL of content/articles/first.md",
                "articles/first.md:1:1: error: its URL /articles/first/ is also the URL of content/articles/dup.md",
            ],
        ),
        (
            {"content/articles/second.md": article("Second", body="See [first](first.md#nope).\n\n## Details\n")},
            ["content/articles/second.md:8:1: error: link to `content/articles/first.md#nope`: that page has no"],
        ),
        (
            {"content/articles/second.md": article("Second", body="See [x](missing.md).\n\n## Details\n")},
            ["content/articles/second.md:8:1: error: link `missing.md`: no page content/articles/missing.md"],
        ),
        (
            {"layouts/article.html": '{% extends "base.html" %}\n{% block main %}\n{{ page.titel }}\n{% endblock %}\n'},
            ["layouts/article.html:3:1: error: UndefinedError: "],
        ),
        (  # a fragment is rendered once for many pages: it cannot see the page
            {
                "layouts/partials/byline.html": "<p>\n{{ page.title }}</p>\n",
                "layouts/article.html": '{% extends "base.html" %}\n{% block main %}{{ fragment("partials/byline.html") }}'
                "{% endblock %}\n",
            },
            ["layouts/partials/byline.html:2:1: error: UndefinedError: 'page' is undefined"],
        ),
        (
            {
                "layouts/article.html": '{% extends "base.html" %}\n{% block main %}\n{{ fragment("partials/x.html", tags=[1]) }}'
                "{% endblock %}\n"
            },
            [
                "layouts/article.html:3:1: error: TemplateRuntimeError: fragment('partials/x.html'): give it strings, numbers"
            ],
        ),
        (
            {"layouts/page.html": "{% extends 'base.html' %}\n{% block main %}{% if %}{% endblock %}\n"},
            ["layouts/page.html:2:1: error: template syntax: "],
        ),
        (
            {"static/js/main.js": 'import { x } from "./nope.js";\n'},
            ["static/js/main.js:1:1: error: imports `./nope.js`, but there is no static/js/nope.js"],
        ),
        (
            {"static/articles/first/index.html": "<p>x</p>"},
            ["its URL /articles/first/ is also the URL of static/articles/first/index.html"],
        ),
        ({"content/articles/empty.md": ""}, ["content/articles/empty.md:1:1: error: is empty"]),
        ({"content/articles/latin1.md": article().encode() + b"\xff\n"}, ["latin1.md:9:1: error: is not UTF-8 text"]),
    ],
)
def test_errors_exit_1_and_leave_the_old_output_untouched(
    make_site: MakeSite, files: dict[str, str | bytes], expected: list[str]
) -> None:
    root = make_site()
    assert run_cli("build", cwd=root).returncode == 0
    before = tree(root / "public")
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("Build failed: ") and lines[-1].endswith("nothing was written.")
    for want, got in zip(expected, lines[:-1], strict=True):
        assert want in got, result.stderr
    assert tree(root / "public") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_every_error_of_a_build_is_reported_together(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/articles/a.md": article(date="soon"),
            "content/articles/b.md": article(topic="nope"),
            "content/articles/c.md": article(body="[x](gone.md)\n"),
        }
    )
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stderr.splitlines()[:-1]] == [
        "content/articles/a.md",
        "content/articles/b.md",
    ]  # link errors come from the render phase, after front matter is sound


def test_link_to_a_draft_fails_unless_drafts_are_built(make_site: MakeSite) -> None:
    root = make_site({"content/articles/second.md": article("Second", draft="true", body="## Details\n")})
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/articles/first.md:9:1: error: link `second.md#details`: content/articles/second.md is a draft "
        "(draft: true), left out of this build"
    )
    assert run_cli("build", "--drafts", cwd=root).returncode == 0


def test_symlink_to_outside_is_refused(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    secret = tmp_path / "secret.md"
    secret.write_text(article("Secret"))
    (root / "content/articles/secret.md").symlink_to(secret)
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert "content/articles/secret.md:1:1: error: is a symbolic link" in result.stderr
    assert not (root / "public").exists()


def test_slug_cannot_escape_the_output_folder(make_site: MakeSite) -> None:
    root = make_site({"content/articles/evil.md": article(slug='"../../etc"')})
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert 'content/articles/evil.md:6:1: error: slug: "../../etc" must be lowercase' in result.stderr
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    ("args", "files", "message"),
    [
        (["build"], {"site.toml": "[site]\ntitel = 1\n"}, "site.toml:2:1: error: unknown key `titel` in [site]"),
        (["build", "--base-url", "not a url"], {}, "--base-url:1:1: error: base_url `not a url` must be an absolute"),
        (["build", "--jobs", "0"], {}, "argument --jobs: must be at least 1"),
        (["bulid"], {}, "invalid choice: 'bulid'"),
    ],
)
def test_usage_and_config_errors_exit_2(
    make_site: MakeSite, args: list[str], files: dict[str, str], message: str
) -> None:
    result = run_cli(*args, cwd=make_site(files))
    assert result.returncode == 2
    assert message in result.stderr


def test_base_url_option_moves_every_link(make_site: MakeSite) -> None:
    root = make_site()
    assert run_cli("build", "--base-url", "http://127.0.0.1:8000/", cwd=root).returncode == 0
    html = (root / "public/articles/first/index.html").read_text()
    assert "/sub/" not in html
    assert '<a href="/articles/second/#details">' in html


def test_stale_temp_folders_of_dead_builds_are_cleared(make_site: MakeSite) -> None:
    root = make_site()
    stale = root / ".public.tmp-999999999"
    stale.mkdir()
    assert run_cli("build", cwd=root).returncode == 0
    assert not stale.exists()


@pytest.mark.parametrize(
    ("static", "reason"),
    [
        ("sitemap.xml", "is also the URL of a generated file; rename or move it"),
        ("jobs/roles.json", "is also the URL of a generated file; rename or move it"),
        ("worksheet/articles.json", "is also the URL of a generated file; rename or move it"),
        ("pagefind/notes.txt", "is in /pagefind/, which the build writes; move it"),
    ],
)
def test_a_static_file_where_the_build_writes_its_own_is_an_error(
    make_site: MakeSite, static: str, reason: str
) -> None:
    """Before, the generated file silently took its place."""
    root = make_site({f"static/{static}": "{}\n"})
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert f"static/{static}:1:1: error: its URL /{static} {reason}" in result.stderr
