"""Markdown rendering: features, heading ids, and link rewriting with errors at the right line."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from generator.markdown import Parser, Resolver, _markdown_it, render_markdown, slugify

RESOLVER = Resolver(
    page_urls={"content/articles/a.md": "articles/a/", "content/about.md": "about/"},
    static_urls={"static/img/cat.png": "img/cat.png", "static/css/site.css": "css/site.12345678.css"},
    url=lambda path: "/sub/" + path,
    generated=frozenset({"jobs/", "topics/prep/"}),
)
SOURCE = "content/articles/b.md"


def render(body: str, allow_html: bool = False, body_line: int = 10):  # type: ignore[no-untyped-def]
    return render_markdown(Parser(allow_html), SOURCE, body, body_line, RESOLVER)


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "<td>1</td>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", '<table tabindex="0">'),
        ("~~gone~~\n", "<s>gone</s>"),
        ("- [x] done\n- [ ] todo\n", 'class="task-list-item-checkbox" checked="checked" disabled="disabled"'),
        ("- [ ] todo\n", '<label><input class="task-list-item-checkbox" disabled="disabled" type="checkbox"> todo<'),
        ("Text[^1].\n\n[^1]: A note.\n", 'class="footnotes"'),
        ("<script>alert(1)</script>\n", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Hi <b onclick=x>there</b>\n", "&lt;b onclick=x&gt;"),
        ("[x](javascript:alert(1))\n", "[x](javascript:alert(1))"),
        ("[a](a.md)\n", '<a href="/sub/articles/a/">a</a>'),
        ("[about](../about.md)\n", '<a href="/sub/about/">about</a>'),
        ("[a](a.md#part)\n", '<a href="/sub/articles/a/#part">a</a>'),
        ("![A cat](../../static/img/cat.png)\n", '<img src="/sub/img/cat.png" alt="A cat" />'),
        ("![A cat](/img/cat.png)\n", '<img src="/sub/img/cat.png" alt="A cat" />'),
        ("[ext](https://example.org/x.md)\n", '<a href="https://example.org/x.md">ext</a>'),
        ("[mail](mailto:a@example.org)\n", '<a href="mailto:a@example.org">mail</a>'),
        ("[the board](/jobs/)\n", '<a href="/sub/jobs/">the board</a>'),
        ("[prep](/topics/prep/#top)\n", '<a href="/sub/topics/prep/#top">prep</a>'),
    ],
)
def test_rendering(markdown: str, html: str) -> None:
    rendered = render(markdown)
    assert rendered.problems == ()
    assert html in rendered.html


@pytest.mark.parametrize(
    "body",
    [
        "Plain *text* with a [link](a.md) and ^ or [ alone.\n",
        "Text[^1].\n\n[^1]: A note.\n",
        "An inline note^[said once].\n",
        "> - [x] done in a quote\n> - [ ] not yet\n",
        "1. [X] numbered\n\n   [^a]: indented note\n",
        "`[^1]` and `[x]` in code, not syntax.\n",
        "A [x] in a sentence is no task.\n\n- item [ ] later\n",
        "- [ ]\n- [x]no space\n",
        "| [^1] | b |\n|---|---|\n| [ ] | ^[x] |\n",
    ],
)
def test_a_body_parsed_without_a_plugin_gives_what_all_plugins_give(body: str) -> None:
    """`Parser` leaves out the plugins whose syntax a body lacks; that must never change its HTML."""
    for allow_html in (False, True):
        every_plugin = _markdown_it(allow_html, footnotes=True, task_lists=True)
        assert Parser(allow_html).for_body(body).render(body) == every_plugin.render(body)


# Pieces of task lists, things that look like them, and what lies around them
_LISTS = ["- ", "* ", "1. ", "2) ", "  ", "    ", "> "]
_BOXES = ["[ ] ", "[x] ", "[X] ", "[y] "]  # before a tab or a line break the plugin shows no box: see below
_AROUND = ["\n", "\n\n", "text", "*em*", "`[ ]`", "[x]: /url\n", "# ", "| a |\n|---|\n", "<b>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LISTS + _BOXES + _AROUND), max_size=24))
@example(["- ", "# ", "[ ] ", "text"])  # a heading in an item is no task
@example(["- ", "[x] ", "text", "\n", "  ", "1. ", "[X] ", "text", "\n", "- ", "[ ] ", "text"])  # nested lists
def test_task_lists_render_as_the_plugin_renders_them(pieces: list[str]) -> None:
    """Our task-list rule makes the HTML of mdit-py-plugins' (label=True), for any text whose boxes are
    followed by a space (the plugin shows no box before a tab or a line break; we do)."""
    body = "".join(pieces)
    plugin = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    plugin.use(tasklists_plugin, label=True)
    ours = _markdown_it(False, footnotes=False, task_lists=True)
    for name in ("heading_ids", "resolve_links", "focusable_tables"):  # ours alone
        ours.core.ruler.disable(name)
    assert ours.render(body) == plugin.render(body)


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        (
            "- [ ]\tCall them back\n",
            '<label><input class="task-list-item-checkbox" disabled="disabled" type="checkbox">\t',
        ),
        (
            "- [x]\n  sent the thank-you\n",
            'checked="checked" disabled="disabled" type="checkbox">\nsent the thank-you</label>',
        ),
    ],
)
def test_a_box_before_a_tab_or_a_line_break_is_a_box(markdown: str, html: str) -> None:
    assert html in render(markdown).html


def test_raw_html_passes_only_when_allowed() -> None:
    assert "<b>bold</b>" in render("<b>bold</b>\n", allow_html=True).html


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("One page or two?", "one-page-or-two"),
        ("Café & crème brûlée", "café-crème-brûlée"),
        ("  Step 1: breathe  ", "step-1-breathe"),
        ("面接の準備", "面接の準備"),
        ("!!!", "section"),
        ("snake_case words", "snake-case-words"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_heading_ids_are_unique_and_avoid_layout_ids() -> None:
    rendered = render("## Intro\n\n## Intro\n\n### Main\n\n## Intro *again*\n")
    assert [h.id for h in rendered.headings] == ["intro", "intro-1", "main-1", "intro-again"]
    assert '<h2 id="intro-1">Intro</h2>' in rendered.html
    assert [h.line for h in rendered.headings] == [10, 12, 14, 16]


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        (
            "[x](missing.md)\n",
            "content/articles/b.md:10:1: error: link `missing.md`: no page content/articles/missing.md",
        ),
        ("[x](aa.md)\n", "link `aa.md`: no page content/articles/aa.md (did you mean `content/articles/a.md`?)"),
        ("[x](#nowhere)\n", "link `#nowhere`: no heading with id `nowhere` on this page"),
        ("![x](/img/dog.png)\n", "link `/img/dog.png`: no file static/img/dog.png"),
        ("[x](../articles/a/)\n", "link `../articles/a/`: link to a page by its source file"),
        ("[x](../../../etc/passwd.md)\n", "link `../../../etc/passwd.md`: no page ../etc/passwd.md"),
        (
            "[x](/job/)\n",
            "link `/job/`: no generated page /job/ (did you mean `/jobs/`?); link to an article by its file",
        ),
    ],
)
def test_broken_links_are_errors(markdown: str, message: str) -> None:
    [problem] = render(markdown).problems
    assert message in problem.text()


def test_link_errors_name_their_own_line() -> None:
    body = "\nFirst paragraph\nwith a soft break and [a bad link](nope.md).\n\n- item\n- [another](gone.md)\n"
    lines = [p.line for p in render(body, body_line=7).problems]
    assert lines == [9, 12]


def test_same_page_anchor_ok_and_anchor_links_collected() -> None:
    rendered = render("## Part one\n\nSee [above](#part-one) and [a](a.md#deep).\n")
    assert rendered.problems == ()
    [link] = rendered.anchor_links
    assert (link.target, link.anchor, link.line) == ("content/articles/a.md", "deep", 12)
