"""The debrief worksheet in a real browser: durable, private, printable, accessible, hard to break."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ..conftest import REPO
from .conftest import SUBPATH, Recorded, Served, axe_violations, describe

WORKSHEET = "worksheet/"
KEY = "next-round.worksheet.v1"
CORRUPT_PREFIX = "next-round.worksheet.corrupt-"
POLICY = (
    "default-src 'self'; connect-src 'self'; form-action 'none'; object-src 'none'; base-uri 'none';"
    " worker-src 'self'; manifest-src 'self'"
)
ARTICLES = "worksheet/articles.json"  # every article's card, fetched once the page is drawn
HOSTILE = '<img src=x onerror="window.__pwned=1">'

# Every plain field, by element id, with an answer that survives a round trip.
ANSWERS = {
    "ws-name": "Acme, second round",
    "ws-role": "Backend engineer",
    "ws-company": "Acme & Sons <b>Ltd</b>",
    "ws-date": "2026-11-19",
    "ws-stage": "Second round",
    "ws-narrative": "The train was late.\nI ran in flustered.\n\nThen the salary question.",
    "ws-fluke-note": "Third time I was late.",
    "ws-strategy-extra": "Leave an hour earlier.",
    "ws-strengths": "Lead with the payments story.",
    "ws-action": "Ask Sam for feedback",
    "ws-action-date": "2026-11-27",
    "ws-next-date": "2026-12-01",
    "ws-next-time": "10:30",
    "ws-next-note": "Breathe, then answer.",
}

# What the page shows, read in one go (values, ticks, stars, rows, strategy steps, the debrief list).
READ_FORM = """() => {
  const all = (s, root = document) => [...root.querySelectorAll(s)];
  const row = (li) => ({
    text: li.querySelector('[data-item-field=text]').value,
    note: li.querySelector('[data-item-field=note]').value,
    starred: li.querySelector('[data-action=star]').getAttribute('aria-pressed'),
    factors: all('input[data-factor]:checked', li).map((e) => e.dataset.factor),
  });
  return {
    fields: Object.fromEntries(all('#worksheet [data-field]:not([type=radio])').map((e) => [e.id, e.value])),
    choice: document.querySelector('#worksheet input[type=radio]:checked')?.value ?? null,
    checks: Object.fromEntries(all('#worksheet input[data-check]').map((e) => [e.dataset.check, e.checked])),
    right: all('[data-items=right] > li').map(row),
    wrong: all('[data-items=wrong] > li').map(row),
    steps: all('[data-slot=strategy-steps] li').map((li) => [li.dataset.factorId, li.querySelector('textarea').value]),
    debriefs: all('#ws-debrief-list button').map((b) => b.textContent),
  };
}"""


# ---------------------------------------------------------------- helpers


def open_worksheet(page: Page, served: Served) -> None:
    """Open the worksheet and wait for its one request after the page is drawn (the list of articles)."""
    with page.expect_request(served.url(ARTICLES)):
        page.goto(served.url(WORKSHEET))
    page.wait_for_selector("html.ws-ready")


def stored(page: Page, key: str = KEY) -> Any:
    text = page.evaluate("k => localStorage.getItem(k)", key)
    return None if text is None else json.loads(text)


def save_now(page: Page) -> None:
    """What the browser does when the tab is hidden or closed: pending changes are saved at once."""
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")


def add_item(page: Page, list_name: str, text: str) -> Any:
    """Add an item to a list and type its text; returns the new row."""
    page.click(f"[data-action=add][data-list={list_name}]")
    row = page.locator(f"[data-items={list_name}] > li").last
    expect(row.locator("[data-item-field=text]")).to_be_focused()
    page.keyboard.type(text)
    return row


def fill_everything(page: Page) -> None:
    for field_id, value in ANSWERS.items():
        page.fill(f"#{field_id}", value)
    page.check("#ws-fluke-pattern")
    right = add_item(page, "right", "Clear payments example")
    right.locator("[data-action=star]").click()
    right.locator("[data-factor=strong-example]").check()
    right.locator("[data-item-field=note]").fill("Use it again")
    late = add_item(page, "wrong", "Arrived late")
    late.locator("[data-action=star]").click()
    late.locator("[data-factor=late]").check()
    late.locator("[data-factor=flustered]").check()
    late.locator("[data-item-field=note]").fill("Train delay")
    add_item(page, "wrong", "Slow on SQL")
    page.fill("[data-factor-id=late] textarea", "Take the 7:10 train.")
    page.check("#ws-check-thank-you")
    page.check("#ws-check-rest")


def texts(page: Page, list_name: str) -> list[str]:
    """The item texts of one list, in order."""
    found: list[str] = page.eval_on_selector_all(
        f"[data-items={list_name}] [data-item-field=text]", "fields => fields.map((f) => f.value)"
    )
    return found


def read_form(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(READ_FORM)
    return result


def export(page: Page, action: str) -> str:
    with page.expect_download() as info:
        page.click(f".ws-tools [data-action={action}]")
    return Path(info.value.path()).read_text(encoding="utf-8")


def import_file(page: Page, data: str | bytes, name: str = "backup.json") -> None:
    buffer = data.encode("utf-8") if isinstance(data, str) else data
    page.set_input_files("#ws-import-file", files=[{"name": name, "mimeType": "application/json", "buffer": buffer}])


def delete_everything(page: Page) -> None:
    page.click(".ws-tools [data-action=delete-all]")
    expect(page.locator("#ws-delete-dialog")).to_be_visible()
    page.click("#ws-delete-dialog [data-action=confirm-delete-all]")
    expect(page.locator("#ws-status")).to_have_text("Everything the worksheet saved on this device was deleted.")


def without_time(backup: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(backup)
    data.pop("exportedAt")
    return data


def pdf_text(page: Page, tmp_path: Path) -> str:
    pdf = tmp_path / "worksheet.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def squash(text: str) -> str:
    """Whitespace-free text: line and page breaks differ between the form and the PDF."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Any alert/confirm/prompt the page opens (there should be none)."""
    seen: list[str] = []

    def on_dialog(dialog: Any) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


@pytest.fixture
def js_off(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(java_script_enabled=False)
    yield ctx
    ctx.close()


# ---------------------------------------------------------------- the page itself


def test_policy_first_and_no_inline_script_or_style(served: Served) -> None:
    html = (served.out / "worksheet/index.html").read_text(encoding="utf-8")
    head = html.split("<head>", 1)[1].lstrip()
    assert head.startswith(f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">')
    assert '<meta name="referrer" content="no-referrer">' in html
    assert " style=" not in html and "<style" not in html
    for attrs in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attrs or 'type="application/json"' in attrs or 'type="application/ld+json"' in attrs, attrs
    assert not re.search(r"<button(?![^>]*type=\"button\")", html), "every button is type=button: nothing submits"
    assert re.findall(r"<form[^>]*>", html) == [
        '<form class="worksheet" id="worksheet" autocomplete="off" novalidate aria-label="Debrief worksheet">'
    ]


def test_checklist_in_the_page_matches_the_export_wording(served: Served) -> None:
    """The page words the checklist; the Markdown exporter's default must say the same."""
    steps = (REPO / "static/js/worksheet/steps.js").read_text(encoding="utf-8")
    exported = re.findall(r'\{ key: "([^"]+)", label: "([^"]+)" \}', steps)
    html = (served.out / "worksheet/index.html").read_text(encoding="utf-8")
    shown = re.findall(
        r'<input type="checkbox" id="ws-check-([^"]+)" data-check="[^"]+">\s*<label [^>]*>([^<]+)</label>', html
    )
    assert shown == exported


def test_step_headings_in_the_page_are_the_exports(served: Served) -> None:
    """The Markdown export's headings (steps.js STEPS) are the page's five steps, in its order and words."""
    steps = (REPO / "static/js/worksheet/steps.js").read_text(encoding="utf-8")
    found = re.search(r"export const STEPS = Object\.freeze\(\[(.*?)\]\);", steps, re.S)
    assert found is not None, "steps.js no longer declares STEPS as a frozen array literal"
    exported = re.findall(r'\{ id: "([^"]+)", title: "([^"]+)" \}', found.group(1))
    html = (served.out / "worksheet/index.html").read_text(encoding="utf-8")
    shown = re.findall(
        r'<section class="ws-step" id="step-([^"]+)"[^>]*>\s*<h2 [^>]*><span class="ws-step-number">Step (\d) of 5\.</span> ([^<]+)</h2>',
        html,
    )
    assert [(key, title) for key, _, title in shown] == exported
    assert [int(n) for _, n, _ in shown] == [1, 2, 3, 4, 5]


def test_embedded_data_and_privacy_note(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    data = json.loads(page.text_content("#worksheet-data") or "")
    assert {f["id"] for f in data["factors"]} >= {"late", "nervous", "hungry", "good-rapport"}
    # The page carries the editors' choices only; every article is in the list it fetches.
    chosen = list(dict.fromkeys(url for f in data["factors"] for url in f["articles"]))  # in the order first named
    assert [a["url"] for a in data["articles"]] == chosen
    assert all(a["url"].startswith("/next-round/articles/") for a in data["articles"])
    assert data["articlesUrl"] == f"/{SUBPATH}/{ARTICLES}"
    listed = json.loads((served.out / ARTICLES).read_text(encoding="utf-8"))["articles"]
    assert len(listed) == len(list((served.out / "articles").glob("*/index.html"))) > len(data["articles"])
    assert {a["url"] for a in data["articles"]} < {a["url"] for a in listed}
    note = page.locator(".ws-privacy")
    expect(note).to_contain_text("never sent")
    assert note.locator("a").get_attribute("href") == "/next-round/privacy/"
    # The header's search form would be blocked by form-action 'none': this page links instead.
    assert page.locator("header form").count() == 0


# ---------------------------------------------------------------- durable


def test_every_field_survives_a_reload_and_a_new_browser_session(
    page: Page, served: Served, browser: Browser, context: BrowserContext
) -> None:
    open_worksheet(page, served)
    fill_everything(page)
    expect(page.locator("#ws-status")).to_have_text("Saved on this device.")
    save_now(page)
    filled = read_form(page)
    assert filled["fields"] == ANSWERS
    assert filled["choice"] == "pattern"
    assert filled["wrong"][0] == {
        "text": "Arrived late",
        "note": "Train delay",
        "starred": "true",
        "factors": ["flustered", "late"],
    }
    assert filled["steps"][0] == ["late", "Take the 7:10 train."]
    saved = stored(page)["debriefs"][0]
    assert saved["strategy"]["steps"] == {"late": "Take the 7:10 train."}
    assert saved["next"]["checklist"] == {"thank-you": True, "rest": True}

    page.reload()
    page.wait_for_selector("html.ws-ready")
    assert read_form(page) == filled

    state = context.storage_state()
    context.close()
    again = browser.new_context(storage_state=state)
    try:
        fresh = again.new_page()
        open_worksheet(fresh, served)
        assert read_form(fresh) == filled
    finally:
        again.close()


def test_autosave_is_debounced_and_flushed_when_the_tab_is_hidden(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    page.fill("#ws-role", "Typed just now")
    assert stored(page) is None, "not saved on every keystroke"
    save_now(page)
    assert stored(page)["debriefs"][0]["interview"]["role"] == "Typed just now"


def no_request_after(page: Page, action: Callable[[], object], deadline_ms: int = 1500) -> None:
    """Do `action`, then wait for the request a form submission would make, up to a deadline: none may come."""
    with pytest.raises(PlaywrightTimeoutError), page.expect_request(lambda _: True, timeout=deadline_ms):
        action()


def test_enter_in_a_field_sends_nothing(page: Page, served: Served, requests: Recorded) -> None:
    open_worksheet(page, served)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")  # its worker has kept the site's files
    page.fill("#ws-role", "secret")
    before = len(requests.urls)
    no_request_after(page, lambda: page.press("#ws-role", "Enter"))
    assert page.url == served.url(WORKSHEET)
    assert requests.urls[before:] == []


def test_two_debriefs_and_patterns(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    patterns = page.locator("#ws-patterns")
    expect(patterns).to_contain_text("Nothing to count yet")
    page.fill("#ws-role", "First")
    row = add_item(page, "wrong", "Late again")
    row.locator("[data-action=star]").click()
    row.locator("[data-factor=late]").check()
    row = add_item(page, "right", "Nice chat")
    row.locator("[data-action=star]").click()
    row.locator("[data-factor=good-rapport]").check()
    # Factors of an item that is not starred do not count.
    add_item(page, "wrong", "Not starred").locator("[data-action=star]").click()
    page.locator("[data-items=wrong] > li").last.locator("[data-factor=hungry]").check()
    page.locator("[data-items=wrong] > li").last.locator("[data-action=star]").click()

    page.click("[data-action=new-debrief]")
    expect(page.locator("#ws-name")).to_be_focused()
    page.fill("#ws-role", "Second")
    row = add_item(page, "wrong", "Late and nervous")
    row.locator("[data-action=star]").click()
    row.locator("[data-factor=late]").check()
    row.locator("[data-factor=nervous]").check()

    expect(patterns.locator("[data-slot=patterns-wrong-list] li")).to_have_text(
        ["Late or rushed: 2 of 2 debriefs", "Nervous: 1 of 2 debriefs"]
    )
    expect(patterns.locator("[data-slot=patterns-right-list] li")).to_have_text(["Good rapport: 1 of 2 debriefs"])
    expect(page.locator("#ws-debrief-list button")).to_have_text(["First", "Second"])
    expect(page.locator("#ws-debrief-list button").nth(1)).to_have_attribute("aria-current", "true")
    save_now(page)
    assert [d["interview"]["role"] for d in stored(page)["debriefs"]] == ["First", "Second"]

    # Switching back shows the first debrief's own answers.
    page.click("#ws-debrief-list button >> text=First")
    expect(page.locator("#ws-role")).to_have_value("First")
    assert texts(page, "wrong") == ["Late again", "Not starred"]


def test_rename_duplicate_delete_and_undo(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    page.fill("#ws-role", "Analyst")
    page.click("[data-action=rename]")
    expect(page.locator("#ws-name")).to_be_focused()
    page.keyboard.type("Bank interview")
    page.click("[data-action=duplicate]")
    expect(page.locator("#ws-name")).to_have_value("Bank interview (copy)")
    expect(page.locator("#ws-debrief-list button")).to_have_count(2)

    page.click("[data-action=delete-debrief]")
    undo = page.locator("[data-notice=undo] button")
    expect(undo).to_be_focused()
    expect(page.locator("#ws-debrief-list button")).to_have_count(1)
    assert [d["name"] for d in stored(page)["debriefs"]] == ["Bank interview"]
    page.keyboard.press("Enter")
    expect(page.locator("#ws-debrief-list button")).to_have_count(2)
    expect(page.locator("#ws-name")).to_have_value("Bank interview (copy)")
    assert [d["name"] for d in stored(page)["debriefs"]] == ["Bank interview", "Bank interview (copy)"]


# ---------------------------------------------------------------- backups


def test_export_delete_everything_import_gives_the_same_debriefs(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    fill_everything(page)
    page.click("[data-action=new-debrief]")
    page.fill("#ws-role", "Designer")
    page.fill("#ws-narrative", HOSTILE)
    save_now(page)

    backup = export(page, "export-all-json")
    assert len(json.loads(backup)["debriefs"]) == 2
    markdown = export(page, "export-all-md")
    assert "★ starred — Arrived late" in markdown
    assert '\\<img src=x onerror="window.\\_\\_pwned=1"\\>' in markdown

    delete_everything(page)
    assert stored(page) is None
    expect(page.locator("#ws-role")).to_have_value("")
    assert page.evaluate("Object.keys(localStorage)") == []

    import_file(page, backup)
    expect(page.locator("#ws-status")).to_have_text("Imported: 2 debriefs added.")
    assert without_time(export(page, "export-all-json")) == without_time(backup)
    expect(page.locator("#ws-role")).to_have_value(ANSWERS["ws-role"])
    page.click("#ws-debrief-list button >> text=Designer")
    expect(page.locator("#ws-narrative")).to_have_value(HOSTILE)
    assert page.evaluate("window.__pwned") is None


def test_one_debrief_exports_as_json_and_markdown(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    fill_everything(page)
    one = json.loads(export(page, "export-json"))
    assert one["format"] == "next-round-debrief"
    assert one["debrief"]["interview"]["role"] == "Backend engineer"
    markdown = export(page, "export-md")
    assert markdown.startswith("# Acme, second round\n")
    assert "- [x] Send a short thank-you note" in markdown
    assert "**Late or rushed:** Take the 7:10 train." in markdown


def test_importing_over_changed_debriefs_asks_first(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    page.fill("#ws-role", "Original")
    save_now(page)
    backup = export(page, "export-all-json")
    page.fill("#ws-role", "Changed since the backup")
    save_now(page)

    import_file(page, backup)
    dialog = page.locator("#ws-import-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("already on this device with different answers")
    dialog.locator("[data-action=close-dialog]").click()
    expect(page.locator("#ws-status")).to_have_text("Import canceled. Nothing was changed.")  # done with it
    assert stored(page)["debriefs"][0]["interview"]["role"] == "Changed since the backup"

    import_file(page, backup)
    expect(dialog).to_be_visible()  # asked afresh: answer this question, not the one just closed
    expect(dialog.locator("#ws-import-copy")).to_be_visible()
    dialog.locator("#ws-import-copy").check()
    dialog.locator("[data-action=answer-import]").click()
    expect(page.locator("#ws-status")).to_have_text("Imported: 1 debrief added as copies.")
    roles = sorted(d["interview"]["role"] for d in stored(page)["debriefs"])
    assert roles == ["Changed since the backup", "Original"]

    import_file(page, backup)
    expect(dialog).to_be_visible()
    dialog.locator("#ws-import-replace").check()
    dialog.locator("[data-action=answer-import]").click()
    expect(page.locator("#ws-status")).to_have_text("Imported: 1 debrief replaced.")
    assert sorted(d["interview"]["role"] for d in stored(page)["debriefs"]) == ["Original", "Original"]


def _backup(*debriefs: dict[str, Any], schema: int = 1) -> str:
    return json.dumps(
        {
            "format": "next-round-debriefs",
            "schema": schema,
            "exportedAt": "2026-11-25T12:00:00.000Z",
            "debriefs": list(debriefs),
        }
    )


BAD_FILES = {
    "not JSON": ("{this is not json", "could not be read as JSON"),
    "hostile text in a broken file": (f'{{"format": "{HOSTILE}"}}', "not a Next Round backup"),
    "hostile value in a wrong place": (_backup({"id": "a", "narrative": {"x": HOSTILE}}), "should be text"),
    "prototype pollution": (
        '{"__proto__": {"polluted": true}, "format": "next-round-debriefs"}',
        "no list of debriefs",
    ),
    "newer version": (_backup({"id": "a"}, schema=99), "made by a newer version (schema 99)"),
    "duplicate ids": (_backup({"id": "a"}, {"id": "a"}), "has the same id as debrief 1"),
    "a list, not a backup": ("[1, 2, 3]", "not a Next Round backup"),
    "huge file": (" " * 2_100_000, "backups are at most 2 MB"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_and_hostile_files_are_refused_and_nothing_is_lost(
    page: Page, served: Served, dialogs: list[str], name: str
) -> None:
    content, message = BAD_FILES[name]
    open_worksheet(page, served)
    page.fill("#ws-role", "Keep me")
    save_now(page)
    before = stored(page)

    import_file(page, content)
    summary = page.locator("#ws-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(message)
    link = summary.locator("a").first
    assert link.get_attribute("href") == "#ws-import-file"
    link.click()
    expect(page.locator("#ws-import-file")).to_be_focused()
    expect(page.locator("#ws-import-error")).to_contain_text(message)

    assert stored(page) == before
    expect(page.locator("#ws-role")).to_have_value("Keep me")
    assert page.evaluate("[window.__pwned, ({}).polluted, Object.prototype.polluted]") == [None, None, None]
    assert page.locator("main img").count() == 0
    assert dialogs == []


def test_hostile_text_in_a_valid_backup_is_shown_as_text(page: Page, served: Served, dialogs: list[str]) -> None:
    open_worksheet(page, served)
    debrief = {
        "id": "evil",
        "name": HOSTILE,
        "narrative": HOSTILE,
        "__proto__": {"polluted": True},
        "constructor": {"prototype": {"polluted": True}},
        "wrong": [{"id": "w1", "text": HOSTILE, "starred": True, "factors": ["late", "__proto__"], "note": HOSTILE}],
        "strategy": {"steps": {"late": HOSTILE, "__proto__": "x"}, "extra": ""},
    }
    import_file(page, _backup(debrief))
    expect(page.locator("#ws-status")).to_have_text("Imported: 1 debrief added.")
    expect(page.locator("#ws-name")).to_have_value(HOSTILE)
    expect(page.locator("#ws-debrief-list button")).to_have_text(HOSTILE)
    expect(page.locator("[data-items=wrong] [data-item-field=text]")).to_have_value(HOSTILE)
    expect(page.locator("[data-factor-id=late] textarea")).to_have_value(HOSTILE)
    expect(page.locator("[data-slot=strengths-list]")).to_have_count(1)
    assert page.locator("main img").count() == 0
    assert page.evaluate("[window.__pwned, ({}).polluted]") == [None, None]
    assert dialogs == []
    saved = stored(page)["debriefs"][0]
    assert "__proto__" not in saved["strategy"]["steps"]
    assert saved["wrong"][0]["factors"] == ["late"]


def test_keep_my_answers_asks_the_browser_only_when_pressed(
    context: BrowserContext, page: Page, served: Served
) -> None:
    context.add_init_script(
        "window.__persistCalls = 0; if (navigator.storage) { navigator.storage.persist = async () => {"
        " window.__persistCalls += 1; return true; }; navigator.storage.persisted = async () => false; }"
    )
    open_worksheet(page, served)
    page.fill("#ws-role", "x")
    save_now(page)
    assert page.evaluate("window.__persistCalls") == 0, "never asked without the reader's action"
    page.click("[data-action=persist]")
    expect(page.locator("#ws-status")).to_have_text(
        "This browser has agreed to keep your answers until you delete them."
    )
    assert page.evaluate("window.__persistCalls") == 1


# ---------------------------------------------------------------- fault-tolerant


def test_corrupt_storage_is_kept_aside_and_offered_for_download(
    context: BrowserContext, page: Page, served: Served
) -> None:
    broken = '{"schema": 1, "debriefs": [ this is not json'
    # Only before the first load: later loads must find what the page itself saved.
    context.add_init_script(
        "if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
        f" localStorage.setItem({json.dumps(KEY)}, {json.dumps(broken)}); }}"
    )
    open_worksheet(page, served)
    notice = page.locator("[data-notice=corrupt]")
    expect(notice).to_contain_text("could not be read")
    expect(notice).to_contain_text("Nothing was deleted")

    page.fill("#ws-role", "Starting again")
    save_now(page)
    assert stored(page)["debriefs"][0]["interview"]["role"] == "Starting again"
    keys = page.evaluate("Object.keys(localStorage)")
    kept = [k for k in keys if k.startswith(CORRUPT_PREFIX)]
    assert len(kept) == 1
    assert page.evaluate("k => localStorage.getItem(k)", kept[0]) == broken

    with page.expect_download() as info:
        notice.locator("button", has_text="Download the unreadable data").click()
    assert Path(info.value.path()).read_text(encoding="utf-8") == broken

    page.reload()
    page.wait_for_selector("html.ws-ready")
    expect(page.locator("#ws-role")).to_have_value("Starting again")
    assert page.evaluate("k => localStorage.getItem(k)", kept[0]) == broken


def test_quota_exceeded_is_reported_and_typing_goes_on(context: BrowserContext, page: Page, served: Served) -> None:
    context.add_init_script(
        "addEventListener('load', () => { Storage.prototype.setItem = function () {"
        " throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; });"
    )
    open_worksheet(page, served)
    page.fill("#ws-role", "Still typing")
    expect(page.locator("#ws-status")).to_have_text("Not saved: this browser's storage for the site is full.")
    notice = page.locator("[data-notice=save-problem]")
    expect(notice).to_contain_text("your latest change was not saved")
    expect(notice.locator("button")).to_have_text("Download a backup")
    page.click("#ws-narrative")
    page.keyboard.type("more words")
    expect(page.locator("#ws-narrative")).to_have_value("more words")
    expect(page.locator("#ws-role")).to_have_value("Still typing")


def test_storage_switched_off_says_answers_will_not_be_kept(
    context: BrowserContext, page: Page, served: Served
) -> None:
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage',"
        " { get() { throw new DOMException('denied', 'SecurityError'); } });"
    )
    open_worksheet(page, served)
    expect(page.locator("[data-notice=save-problem]")).to_contain_text("will not be kept")
    page.fill("#ws-role", "In memory only")
    row = add_item(page, "wrong", "Still works")
    row.locator("[data-action=star]").click()
    expect(row.locator("[data-action=star]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#ws-role")).to_have_value("In memory only")


def test_data_from_a_newer_version_opens_read_only_and_is_never_written(
    context: BrowserContext, page: Page, served: Served
) -> None:
    newer = json.dumps(
        {
            "schema": 3,
            "savedAt": "2026-11-20T10:00:00.000Z",
            "currentId": "d1",
            "futureField": True,
            "debriefs": [{"id": "d1", "interview": {"role": "From the future"}}],
        }
    )
    context.add_init_script(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(newer)});")
    open_worksheet(page, served)
    expect(page.locator("[data-notice=read-only]")).to_contain_text("saved by a newer version")
    expect(page.locator("#ws-role")).to_have_value("From the future")
    expect(page.locator("#ws-role")).not_to_be_editable()
    expect(page.locator("[data-action=add][data-list=wrong]")).to_be_disabled()
    save_now(page)
    assert page.evaluate("k => localStorage.getItem(k)", KEY) == newer


def test_an_edit_in_one_tab_appears_in_the_other(context: BrowserContext, page: Page, served: Served) -> None:
    open_worksheet(page, served)
    other = context.new_page()
    open_worksheet(other, served)
    page.fill("#ws-role", "Typed in the first tab")
    expect(other.locator("#ws-role")).to_have_value("Typed in the first tab")
    expect(other.locator("#ws-status")).to_have_text("Updated with changes made in another tab.")
    add_item(other, "wrong", "Added in the second tab")
    expect(page.locator("[data-items=wrong] [data-item-field=text]")).to_have_value("Added in the second tab")


def test_a_stale_tab_never_silently_overwrites(context: BrowserContext, page: Page, served: Served) -> None:
    open_worksheet(page, served)
    page.fill("#ws-role", "First version")
    save_now(page)
    stale = context.new_page()
    # This tab misses the other tab's saves, as a frozen or sleeping tab would.
    stale.add_init_script("addEventListener('storage', (e) => e.stopImmediatePropagation(), true);")
    open_worksheet(stale, served)
    page.fill("#ws-role", "Newer, from the first tab")
    save_now(page)
    newer = stored(page)

    stale.fill("#ws-narrative", "Typed in the stale tab")
    save_now(stale)
    notice = stale.locator("[data-notice=conflict]")
    expect(notice).to_contain_text("changed in another tab")
    expect(stale.locator("#ws-status")).to_have_text("Not saved: your debriefs were changed in another tab.")
    assert stored(page) == newer

    notice.locator("button", has_text="Keep this tab's version").click()
    expect(stale.locator("#ws-status")).to_have_text("Saved on this device.")
    assert stored(page)["debriefs"][0]["narrative"] == "Typed in the stale tab"
    expect(page.locator("#ws-narrative")).to_have_value("Typed in the stale tab")


# ---------------------------------------------------------------- private


def test_every_request_is_same_origin_and_none_after_load_but_own_files(
    page: Page, served: Served, requests: Recorded
) -> None:
    open_worksheet(page, served)
    page.wait_for_load_state("load")
    at_load = len(requests.urls)
    fill_everything(page)
    save_now(page)
    export(page, "export-all-json")
    export(page, "export-md")
    import_file(page, "{broken")
    page.click("#ws-debrief-list button")
    page.reload()
    page.wait_for_selector("html.ws-ready")
    assert requests.other_origins(served.origin) == []
    static = re.compile(
        rf"^{re.escape(served.base)}(worksheet/|(css|js)/[\w/.-]+\.[0-9a-f]{{8}}\.(css|js)|favicon\.svg"
        r"|worksheet/articles\.json|sw\.js|manifest\.webmanifest|icons/[\w.-]+\.(png|svg))$"
    )
    after = [u for u in requests.urls[at_load:] if not u.startswith("blob:")]
    assert [u for u in after if not static.match(u)] == []
    assert page.evaluate("document.cookie") == ""


# ---------------------------------------------------------------- further reading


CHOICES = [  # site.toml: the editors' choices for "Caught out on salary", in its order
    "Negotiating salary without dread",
    "Working with recruiters: agency or in-house, and getting feedback through them",
]
LISTED_ONLY = "Picking the best job offer: a comparison method"  # tagged salary, and no editor's choice
READING_NOTE = "For now these are the editors’ picks only: the full list of articles did not load."


def star_salary_question(page: Page) -> Any:
    row = add_item(page, "wrong", "Caught out by the salary question")
    row.locator("[data-action=star]").click()
    row.locator("[data-factor=salary-question]").check()
    return row


def reading(page: Page) -> list[str]:
    titles: list[str] = page.eval_on_selector_all(
        "[data-slot=research-list] a", "links => links.map((a) => a.textContent)"
    )
    return titles


def test_further_reading_comes_from_the_list_with_the_editors_choices_first(
    page: Page, served: Served, requests: Recorded
) -> None:
    embedded = json.loads(
        (served.out / "worksheet/index.html").read_text().split('id="worksheet-data">')[1].split("<")[0]
    )
    assert LISTED_ONLY not in [a["title"] for a in embedded["articles"]], "only the list has it"
    fetched: list[tuple[str, str, str | None]] = []
    page.on("request", lambda r: fetched.append((r.method, r.url, r.post_data)) if r.url.endswith(".json") else None)
    open_worksheet(page, served)
    star_salary_question(page)
    expect(page.locator("[data-slot=research-list] a").nth(2)).to_have_text(LISTED_ONLY)
    assert reading(page)[:2] == CHOICES
    expect(page.locator("[data-slot=research-note]")).to_be_hidden()
    # One plain GET of a file of this site: nothing the reader typed goes with it, and nothing goes elsewhere.
    assert fetched == [("GET", served.url(ARTICLES), None)]
    assert requests.other_origins(served.origin) == []


def test_without_the_list_the_editors_choices_show_with_a_note_and_the_next_edit_tries_again(
    page: Page, served: Served
) -> None:
    page.route(served.url(ARTICLES), lambda route: route.abort())
    page.goto(served.url(WORKSHEET))
    page.wait_for_selector("html.ws-ready")
    note = page.locator("[data-slot=research-note]")
    expect(note).to_be_hidden()  # nothing starred: nothing to say yet
    row = star_salary_question(page)
    expect(note).to_be_visible()
    expect(note).to_contain_text(READING_NOTE)
    assert note.evaluate("(p) => p.children.length") == 0, "text only"
    assert reading(page) == CHOICES
    # the worksheet goes on working as ever
    row.locator("[data-item-field=note]").fill("They asked before I had a number")
    save_now(page)
    assert stored(page)["debriefs"][0]["wrong"][0]["note"] == "They asked before I had a number"

    page.unroute(served.url(ARTICLES))
    page.wait_for_timeout(2100)  # reading.js: occasions right after a failure do not try again
    with page.expect_response(served.url(ARTICLES)):
        row.locator("[data-item-field=note]").fill("They asked first; next time I will have a range")
    expect(page.locator("[data-slot=research-list] a").nth(2)).to_have_text(LISTED_ONLY)
    assert reading(page)[:2] == CHOICES
    expect(note).to_be_hidden()


def test_with_javascript_off_every_field_is_there(js_off: BrowserContext, served: Served) -> None:
    page = js_off.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(served.url(WORKSHEET))
    for field_id in [*ANSWERS, "ws-fluke-fluke", "ws-fluke-pattern", "ws-fluke-unsure"]:
        expect(page.locator(f"#{field_id}")).to_be_visible()
        expect(page.locator(f"#{field_id}")).to_be_editable()
        assert page.locator(f"label[for={field_id}]").count() == 1, field_id
    for list_name, factors in (("right", 4), ("wrong", 10)):
        rows = page.locator(f"[data-items={list_name}] > li")
        expect(rows).to_have_count(3)
        for i in range(3):
            row = rows.nth(i)
            expect(row.locator("textarea")).to_have_count(2)
            expect(row.locator("input[type=checkbox]")).to_have_count(1 + factors)
    expect(page.locator("#ws-check-thank-you")).to_be_visible()
    expect(page.locator(".ws-suggestions")).to_contain_text("arrive 15 minutes early")
    expect(page.locator(".ws-nojs-note")).to_be_visible()
    for hidden in ("#ws-status", ".ws-tools", "[data-action=add]"):
        expect(page.locator(hidden).first).to_be_hidden()
    assert page.locator("header a", has_text="Search").get_attribute("href") == "/next-round/search/"

    page.fill("#ws-role", "private")
    page.check("#ws-right-1-star")
    before = len(seen)
    no_request_after(page, lambda: (page.press("#ws-role", "Enter"), page.press("#ws-right-1-text", "Enter")))
    assert page.url == served.url(WORKSHEET)
    assert seen[before:] == []


# ---------------------------------------------------------------- print


def test_print_holds_every_word_of_a_long_answer(page: Page, served: Served, tmp_path: Path) -> None:
    open_worksheet(page, served)
    words = " ".join(f"word{i:04d}" for i in range(340))  # ~3,000 characters
    page.fill("#ws-narrative", words)
    row = add_item(page, "wrong", "Arrived late " + " ".join(f"item{i:03d}" for i in range(60)))
    row.locator("[data-action=star]").click()
    add_item(page, "right", "Good questions")
    page.fill("#ws-strengths", "line one\nline two")
    text = pdf_text(page, tmp_path)
    flat = squash(text)
    assert squash(words) in flat
    assert squash("Arrived late " + " ".join(f"item{i:03d}" for i in range(60))) in flat
    assert "★ starred" in text
    assert text.count("★ starred") == 1, "only the starred item"
    for control in ("Move up", "Delete everything", "Add something", "Your debriefs", "Print blank"):
        assert control not in text


def test_print_without_javascript_shows_every_question(js_off: BrowserContext, served: Served, tmp_path: Path) -> None:
    page = js_off.new_page()
    page.goto(served.url(WORKSHEET))
    text = pdf_text(page, tmp_path)
    for words in (
        "What happened, in your own words",
        "Probably a pattern",
        "What was behind it?",
        "Late or rushed",
        "Suggested preparation steps",
        "Book a practice interview",
        "A note to yourself",
    ):
        assert words in text, words


def test_print_and_print_blank_buttons(context: BrowserContext, page: Page, served: Served) -> None:
    context.add_init_script(
        """window.print = () => {
             const copy = document.querySelector('.ws-blank-copy');
             window.__printed = (window.__printed || []).concat([{
               blank: document.documentElement.classList.contains('ws-print-blank'),
               copyText: copy ? copy.textContent : null,
               copyValues: copy ? [...copy.querySelectorAll('input, textarea')].map((e) =>
                 e.type === 'checkbox' || e.type === 'radio' ? String(e.checked) : e.value) : null,
               mirror: document.querySelector('#ws-narrative + .ws-mirror')?.textContent ?? null,
             }]);
           };"""
    )
    open_worksheet(page, served)
    fill_everything(page)
    save_now(page)
    before = stored(page)
    page.click(".ws-tools [data-action=print]")
    page.click(".ws-tools [data-action=print-blank]")
    printed = page.evaluate("window.__printed")
    assert printed[0]["blank"] is False and printed[0]["mirror"] == ANSWERS["ws-narrative"]
    blank = printed[1]
    assert blank["blank"] is True
    assert "What happened, in your own words" in blank["copyText"]
    assert "Arrived late" not in blank["copyText"]
    assert set(blank["copyValues"]) == {"", "false"}
    page.wait_for_function("() => !document.documentElement.classList.contains('ws-print-blank')")
    assert page.locator(".ws-blank-copy").count() == 0
    assert stored(page) == before
    assert read_form(page)["fields"] == ANSWERS


# ---------------------------------------------------------------- accessible


def test_keyboard_only_add_star_tick_and_reorder(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    add = page.locator("[data-action=add][data-list=wrong]")
    add.focus()
    page.keyboard.press("Enter")
    page.keyboard.type("First thing")
    page.keyboard.press("Tab")
    star = page.locator("[data-items=wrong] > li").first.locator("[data-action=star]")
    expect(star).to_be_focused()
    page.keyboard.press("Space")
    expect(star).to_have_attribute("aria-pressed", "true")
    # On to the first factor checkbox (past move up, move down, remove), and tick it.
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(page.locator("[data-items=wrong] > li").first.locator("[data-factor=nervous]")).to_be_focused()
    page.keyboard.press("Space")

    for _ in range(30):
        if page.evaluate("document.activeElement.matches('[data-action=add][data-list=wrong]')"):
            break
        page.keyboard.press("Tab")
    expect(add).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.type("Second thing")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    up = page.locator("[data-items=wrong] > li").nth(1).locator("[data-action=up]")
    expect(up).to_be_focused()
    page.keyboard.press("Enter")
    assert texts(page, "wrong") == ["Second thing", "First thing"]
    moved_up = page.locator("[data-items=wrong] > li").first.locator("[data-action=up]")
    expect(moved_up).to_be_focused()
    expect(moved_up).to_have_attribute("aria-disabled", "true")
    expect(moved_up).to_contain_text("item 1 in what went wrong")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # move down again
    assert texts(page, "wrong") == ["First thing", "Second thing"]

    expect(page.locator("[data-factor-id=nervous] textarea")).to_have_value(re.compile("Rehearse"))
    save_now(page)
    saved = stored(page)["debriefs"][0]["wrong"]
    assert [(i["text"], i["starred"], i["factors"]) for i in saved] == [
        ("First thing", True, ["nervous"]),
        ("Second thing", False, []),
    ]


def test_removing_an_item_moves_focus_to_its_neighbour(page: Page, served: Served) -> None:
    open_worksheet(page, served)
    add_item(page, "right", "one")
    add_item(page, "right", "two")
    page.locator("[data-items=right] > li").first.locator("[data-action=remove]").click()
    assert texts(page, "right") == ["two"]
    expect(page.locator("[data-items=right] [data-item-field=text]")).to_be_focused()
    page.locator("[data-items=right] [data-action=remove]").click()
    expect(page.locator("[data-action=add][data-list=right]")).to_be_focused()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_empty_filled_and_with_an_error(page: Page, served: Served, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    open_worksheet(page, served)
    assert axe_violations(page) == [], describe(axe_violations(page))
    fill_everything(page)
    save_now(page)
    assert axe_violations(page) == [], describe(axe_violations(page))
    import_file(page, "{broken")
    expect(page.locator("#ws-error-summary")).to_be_focused()
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.click(".ws-tools [data-action=delete-all]")
    assert axe_violations(page) == [], describe(axe_violations(page))
