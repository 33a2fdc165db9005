"""The worksheet without a network, on the calendar, moved between devices encrypted, and imported
debrief by debrief: in Chromium, on a copy of the real site that these tests can rebuild and take down."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Download, Page, expect

from ..conftest import REPO, run_cli
from .conftest import SUBPATH, axe_violations, describe
from .test_worksheet import (
    ARTICLES,
    CHOICES,
    KEY,
    LISTED_ONLY,
    add_item,
    delete_everything,
    export,
    import_file,
    reading,
    save_now,
    star_salary_question,
    stored,
)

WORKSHEET = "worksheet/"
ARTICLE = "articles/so-you-had-a-bad-interview/"
NEVER_OPENED = "articles/"
PASSPHRASE = "train lobby paper lantern"
CONTROLLED = "() => navigator.serviceWorker.controller !== null"


# ---------------------------------------------------------------- a site these tests can rebuild and take down


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        super().end_headers()


@dataclass
class Live:
    """A copy of the site's sources, built under a sub-path and served; it can be rebuilt and taken down."""

    source: Path  # content/, layouts/, static/, site.toml: edited by the tests
    root: Path  # what the server serves; the site is in root/next-round
    port: int
    hits: list[str] = field(default_factory=list)  # paths the server was asked for
    _server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/{SUBPATH}/"

    @property
    def out(self) -> Path:
        return self.root / SUBPATH

    def url(self, path: str = "") -> str:
        return self.base + path

    def build(self) -> None:
        result = run_cli("--root", str(self.source), "build", "--base-url", self.base, "--out", str(self.out), cwd=REPO)
        assert result.returncode == 0, result.stderr

    def up(self) -> None:
        handler = functools.partial(_Handler, directory=str(self.root))
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.hits = self.hits  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def main_script(self) -> str:
        """The URL of the worksheet's main module in the current build."""
        (found,) = (self.out / "js/worksheet").glob("main.*.js")
        return self.url(f"js/worksheet/{found.name}")


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    source = tmp_path / "source"
    for name in ("content", "layouts", "static"):
        shutil.copytree(REPO / name, source / name)
    shutil.copy(REPO / "site.toml", source / "site.toml")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = Live(source, tmp_path / "served", port)
    site.build()
    site.up()
    yield site
    site.down()


def main_script_of(page: Page) -> str:
    src: str = page.evaluate("() => document.querySelector('script[src*=\"/js/worksheet/main.\"]').src")
    return src


def open_page(page: Page, live: Live) -> None:
    page.goto(live.url(WORKSHEET))
    page.wait_for_selector("html.ws-ready")


def wait_until(page: Page, expression: str, arg: Any = None) -> Any:
    """Poll an async expression in the page until it is truthy (wait_for_function does not await)."""
    for _ in range(100):
        value = page.evaluate(expression, arg)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


def open_controlled(page: Page, live: Live, path: str = WORKSHEET) -> None:
    """Open the worksheet and wait until the site's worker serves it (from then on it works offline)."""
    page.goto(live.url(path))
    page.wait_for_selector("html.ws-ready")
    page.wait_for_function(CONTROLLED)


def read_download(page: Page, click: Any) -> tuple[str, Download]:
    with page.expect_download() as info:
        click()
    return Path(info.value.path()).read_bytes().decode("utf-8"), info.value  # as written: CRLF stays CRLF


# ---------------------------------------------------------------- offline


def test_after_a_first_visit_the_worksheet_opens_and_saves_with_no_network(
    context: BrowserContext, page: Page, live: Live
) -> None:
    open_controlled(page, live)
    page.goto(live.url(ARTICLE))  # an article read on the way
    expect(page.locator("h1")).to_be_visible()
    caches = page.evaluate("() => caches.keys()")
    assert any(name.startswith("next-round-files-") for name in caches)

    context.set_offline(True)
    before = len(live.hits)
    page.goto(live.url(WORKSHEET))
    page.wait_for_selector("html.ws-ready")
    page.fill("#ws-role", "Typed on the train")
    # The further reading draws on every article, from the worker's copy of the list: no note, no network.
    star_salary_question(page)
    expect(page.locator("[data-slot=research-list] a").nth(2)).to_have_text(LISTED_ONLY)
    assert reading(page)[:2] == CHOICES
    expect(page.locator("[data-slot=research-note]")).to_be_hidden()
    save_now(page)
    expect(page.locator("#ws-status")).to_have_text("Saved on this device.")
    assert stored(page)["debriefs"][0]["interview"]["role"] == "Typed on the train"
    page.reload()
    page.wait_for_selector("html.ws-ready")
    expect(page.locator("#ws-role")).to_have_value("Typed on the train")

    page.goto(live.url(ARTICLE))
    expect(page.locator("h1")).to_be_visible()
    elsewhere = context.new_page()
    with pytest.raises(Exception, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        elsewhere.goto(live.url(NEVER_OPENED))  # a page never opened is not there
    elsewhere.close()
    assert live.hits[before:] == [], "nothing reached the server while offline"

    # What the worker keeps: this site's pages and files; never anything the reader typed.
    kept = page.evaluate(
        """async () => {
             const out = [];
             for (const name of await caches.keys()) {
               const cache = await caches.open(name);
               for (const request of await cache.keys()) {
                 const text = await (await cache.match(request)).text();
                 out.push({ name, url: request.url, typed: text.includes('Typed on the train') });
               }
             }
             return out;
           }"""
    )
    assert all(entry["url"].startswith(live.base) and "?" not in entry["url"] for entry in kept)
    assert not any(entry["typed"] for entry in kept)
    assert {live.url(WORKSHEET), live.url(ARTICLE), live.main_script(), live.url(ARTICLES)} <= {
        entry["url"] for entry in kept
    }

    # Deleting everything also forgets which articles were read; the worksheet still opens offline.
    page.goto(live.url(WORKSHEET))
    page.wait_for_selector("html.ws-ready")
    delete_everything(page)
    names = wait_until(page, "() => caches.keys().then((names) => !names.includes('next-round-pages') && names)")
    assert [name for name in names if name.startswith("next-round-files-")] != []
    page.reload()
    page.wait_for_selector("html.ws-ready")


def test_a_new_deploy_is_offered_to_an_open_page_and_taken_by_the_next_visit(
    context: BrowserContext, page: Page, live: Live
) -> None:
    open_controlled(page, live)
    first = main_script_of(page)
    assert first == live.main_script()
    page.fill("#ws-role", "Typed before the deploy")
    save_now(page)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("html.ws-ready")
    context.set_offline(False)

    # A new deploy changes one script (and so the names of the modules that import it).
    steps = live.source / "static/js/worksheet/steps.js"
    steps.write_text(steps.read_text(encoding="utf-8").replace('title: "Research"', 'title: "Research and reading"'))
    live.build()
    second = live.main_script()
    assert second != first

    # The open page looks for it when the reader comes back to the tab, and offers it: never reloads.
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    notice = page.locator("[data-notice=new-version]")
    expect(notice).to_contain_text("A new version of the worksheet is ready")
    expect(page.locator("#ws-status")).to_have_text("A new version is ready: reload to use it.")
    assert main_script_of(page) == first
    expect(page.locator("#ws-role")).to_have_value("Typed before the deploy")
    assert axe_violations(page) == [], describe(axe_violations(page))

    # The next visit gets the new version, and is not asked to reload.
    later = context.new_page()
    open_controlled(later, live)
    assert main_script_of(later) == second
    expect(later.locator("[data-notice=new-version]")).to_have_count(0)

    # The reader chooses when: the page reloads into the new version, with the answers kept.
    page.locator("[data-notice=new-version] button", has_text="Reload").click()
    page.wait_for_function(
        "src => document.querySelector('script[src*=\"/js/worksheet/main.\"]')?.src === src", arg=second
    )
    page.wait_for_selector("html.ws-ready")
    expect(page.locator("#ws-role")).to_have_value("Typed before the deploy")

    # And offline from now on, it is the new version that opens.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("html.ws-ready")
    assert main_script_of(page) == second
    # the last version's files are gone; the pages read stay
    wait_until(page, "v => caches.keys().then((names) => names.join() === v)", _files_cache(live))


def test_an_edited_article_reaches_the_further_reading_online_and_then_offline(
    context: BrowserContext, page: Page, live: Live
) -> None:
    """The list of articles keeps its name while articles change (no new worker): it is asked of the
    network first, and the copy kept for offline use is the newest one read."""
    open_controlled(page, live)
    star_salary_question(page)
    expect(page.locator("[data-slot=research-list] a").nth(2)).to_have_text(LISTED_ONLY)
    worker = (live.out / "sw.js").read_text(encoding="utf-8")

    path = live.source / "content/articles/picking-the-best-job-offer.md"
    text = path.read_text(encoding="utf-8")
    assert f'title: "{LISTED_ONLY}"' in text
    path.write_text(text.replace(f'title: "{LISTED_ONLY}"', 'title: "Comparing job offers"'))
    live.build()
    assert (live.out / "sw.js").read_text(encoding="utf-8") == worker, "the same worker: only content changed"

    page.reload()
    page.wait_for_selector("html.ws-ready")
    expect(page.locator("[data-slot=research-list] a").nth(2)).to_have_text("Comparing job offers")
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("html.ws-ready")
    expect(page.locator("[data-slot=research-list] a").nth(2)).to_have_text("Comparing job offers")
    expect(page.locator("[data-slot=research-note]")).to_be_hidden()


def _files_cache(live: Live) -> str:
    """The name of the cache the current build's worker keeps its files in."""
    found = re.search(r'^const BUILD = \{"version": "([0-9a-f]+)"', (live.out / "sw.js").read_text(), re.M)
    assert found is not None
    return f"next-round-files-{found.group(1)}"


def test_the_worker_is_published_at_the_root_of_the_site_with_its_files_and_a_version(live: Live) -> None:
    text = (live.out / "sw.js").read_text(encoding="utf-8")
    found = re.search(r"^const BUILD = (\{.*\});", text, re.M)
    assert found is not None
    build = json.loads(found.group(1))
    assert re.fullmatch(r"[0-9a-f]{16}", build["version"])
    assert all((live.out / f).is_file() for f in build["files"])
    assert "manifest.webmanifest" in build["files"] and "icons/icon-512.png" in build["files"]
    assert any(re.fullmatch(r"js/worksheet/main\.[0-9a-f]{8}\.js", f) for f in build["files"])
    assert not any(f.startswith("js/jobs/") for f in build["files"]), "the job board's scripts stay out"
    assert not (live.out / "js/sw.js").exists() and not list(live.out.glob("sw.*.js"))

    # The same sources make the same worker; a changed icon (same name) makes a new version.
    live.build()
    assert (live.out / "sw.js").read_text(encoding="utf-8") == text
    icon = live.source / "static/icons/maskable.svg"
    icon.write_text(icon.read_text().replace("#1d5c4d", "#1d5c4e"))
    live.build()
    assert (
        json.loads(re.findall(r"^const BUILD = (\{.*\});", (live.out / "sw.js").read_text(), re.M)[0])["version"]
        != build["version"]
    )


def test_the_manifest_opens_the_worksheet_from_a_home_screen(page: Page, live: Live) -> None:
    open_worksheet_page = live.url(WORKSHEET)
    page.goto(open_worksheet_page)
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href == f"/{SUBPATH}/manifest.webmanifest"
    manifest = json.loads((live.out / "manifest.webmanifest").read_text(encoding="utf-8"))
    start = re.sub(r"manifest\.webmanifest$", manifest["start_url"], live.url("manifest.webmanifest"))
    assert start == open_worksheet_page
    assert manifest["scope"] == "./" and manifest["display"] == "standalone"
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        assert (live.out / icon["src"]).is_file(), icon["src"]
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    colours = page.eval_on_selector_all("meta[name=theme-color]", "ms => ms.map((m) => [m.media, m.content])")
    assert colours == [["(prefers-color-scheme: light)", "#faf7f2"], ["(prefers-color-scheme: dark)", "#15191b"]]


def test_serve_answers_the_worker_with_one_that_removes_itself(tmp_path: Path) -> None:
    """While editing, no page may come from a kept copy: serve's worker unregisters and drops the caches."""
    from generator.config import load_config
    from generator.serve import DevSite

    config = load_config(REPO)
    site = DevSite(REPO, tmp_path / "out", config, jobs=1)
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen.update(status=status, headers=dict(headers))

    body = b"".join(site({"PATH_INFO": f"{config.base_path}sw.js"}, start_response)).decode()
    assert seen["status"] == "200 OK"
    assert seen["headers"]["Content-Type"] == "text/javascript"
    assert seen["headers"]["Cache-Control"] == "no-store"
    assert "unregister()" in body and "caches.delete" in body
    assert "fetch" not in body, "it answers no request: every one goes to the dev server"


# ---------------------------------------------------------------- on the calendar


def test_add_to_calendar_downloads_an_ics_a_calendar_can_read(page: Page, live: Live) -> None:
    open_page(page, live)
    page.fill("#ws-role", "Backend engineer")
    page.fill("#ws-company", "Acme")
    late = add_item(page, "wrong", "Arrived late")
    late.locator("[data-action=star]").click()
    late.locator("[data-factor=late]").check()

    # Without a date there is nothing to add yet: the reader is taken to the date.
    page.click("[data-action=calendar][data-event=interview]")
    expect(page.locator("#ws-status")).to_have_text("Choose the date of your next interview first.")
    expect(page.locator("#ws-next-date")).to_be_focused()
    page.click("[data-action=calendar][data-event=next-step]")
    expect(page.locator("#ws-action")).to_be_focused()

    page.fill("#ws-action", "Ask the recruiter, Sam, for feedback; politely\nand once")
    page.fill("#ws-action-date", "2026-11-27")
    page.fill("#ws-next-date", "2026-12-01")
    page.fill("#ws-next-time", "10:30")
    page.fill("#ws-next-note", "Breathe, then answer.")

    before = len(live.hits)
    text, download = read_download(page, lambda: page.click("[data-action=calendar][data-event=next-step]"))
    assert download.suggested_filename == "next-round-ask-the-recruiter-sam-for-feedback-2026-11-27.ics"
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and "Next Round" in str(calendar["PRODID"])
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]).endswith("-next-step@next-round")
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event.decoded("DTSTART") == dt.date(2026, 11, 27), "an all-day event"
    assert event.decoded("DTEND") == dt.date(2026, 11, 28)
    assert str(event["SUMMARY"]) == "Ask the recruiter, Sam, for feedback; politely"
    assert str(event["DESCRIPTION"]).startswith("Ask the recruiter, Sam, for feedback; politely\nand once\n\nFrom your")
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -dt.timedelta(hours=6), "18:00 the evening before"

    text, download = read_download(page, lambda: page.click("[data-action=calendar][data-event=interview]"))
    assert download.suggested_filename == "next-round-next-interview-2026-12-01.ics"
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 1, 10, 30), "a timed event, in local time"
    assert event.decoded("DURATION") == dt.timedelta(hours=1)
    assert str(event["SUMMARY"]) == "Interview"
    assert "Breathe, then answer." in str(event["DESCRIPTION"])
    assert "Late or rushed: Plan the route" in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(hours=16, minutes=30)
    expect(page.locator("#ws-status")).to_have_text("Downloaded a calendar file for your next interview, 2026-12-01.")
    assert live.hits[before:] == [], "made in the browser: no request"


# ---------------------------------------------------------------- encrypted backup


def type_passphrases(page: Page, first: str, again: str) -> None:
    page.fill("#ws-passphrase", first)
    page.fill("#ws-passphrase-again", again)


def test_encrypted_backup_round_trip_after_a_wrong_passphrase(page: Page, live: Live) -> None:
    open_page(page, live)
    page.fill("#ws-role", "Backend engineer")
    page.fill("#ws-narrative", "Private notes, ünïcode 😀")
    page.click("[data-action=new-debrief]")
    page.fill("#ws-role", "Designer")
    save_now(page)
    before = stored(page)

    for secret in ("ws-passphrase", "ws-passphrase-again"):
        assert page.locator(f"#{secret}").get_attribute("type") == "password"
        assert page.locator(f"#{secret}").get_attribute("autocomplete") == "new-password"
        assert page.locator(f"label[for={secret}]").count() == 1
    page.click("[data-action=export-all-encrypted]")
    expect(page.locator("#ws-passphrase-error")).to_have_text("Type a passphrase to lock the backup with.")
    expect(page.locator("#ws-passphrase")).to_be_focused()
    expect(page.locator("#ws-passphrase")).to_have_attribute("aria-invalid", "true")
    type_passphrases(page, PASSPHRASE, PASSPHRASE + "!")
    page.click("[data-action=export-all-encrypted]")
    expect(page.locator("#ws-passphrase-again-error")).to_have_text(
        "This is not the same passphrase. Type it once more."
    )
    expect(page.locator("#ws-passphrase-again")).to_be_focused()
    expect(page.locator("#ws-passphrase-error")).to_be_hidden()

    type_passphrases(page, PASSPHRASE, PASSPHRASE)
    sealed, download = read_download(page, lambda: page.click("[data-action=export-all-encrypted]"))
    assert download.suggested_filename.endswith(".encrypted.json")
    envelope = json.loads(sealed)
    assert envelope["format"] == "next-round-encrypted" and envelope["version"] == 1
    assert envelope["kdf"]["iterations"] >= 600_000
    assert "Private notes" not in sealed and "Designer" not in sealed
    expect(page.locator("#ws-status")).to_contain_text("Downloaded an encrypted backup of 2 debriefs.")
    expect(page.locator("#ws-passphrase")).to_have_value("")

    delete_everything(page)
    import_file(page, sealed, "backup.encrypted.json")
    unlock = page.locator("#ws-unlock")
    expect(unlock).to_be_visible()
    expect(unlock).to_contain_text("backup.encrypted.json")
    field = page.locator("#ws-unlock-passphrase")
    expect(field).to_be_focused()
    assert field.get_attribute("autocomplete") == "current-password"

    field.fill("not the passphrase")
    page.click("[data-action=unlock-import]")
    expect(page.locator("#ws-unlock-error")).to_contain_text("That passphrase does not open this backup")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ws-status")).to_have_text("The backup did not open. Nothing was changed.")
    assert stored(page) is None

    field.fill(PASSPHRASE)
    field.press("Enter")
    expect(page.locator("#ws-status")).to_have_text("Imported: 2 debriefs added.")
    expect(unlock).to_be_hidden()
    assert [d["interview"]["role"] for d in stored(page)["debriefs"]] == ["Backend engineer", "Designer"]
    assert stored(page)["debriefs"] == before["debriefs"]
    page.click("#ws-debrief-list button >> text=Backend engineer")
    expect(page.locator("#ws-narrative")).to_have_value("Private notes, ünïcode 😀")


def _sealed_once(page: Page) -> str:
    page.fill("#ws-role", "Keep me")
    save_now(page)
    type_passphrases(page, PASSPHRASE, PASSPHRASE)
    sealed, _ = read_download(page, lambda: page.click("[data-action=export-encrypted]"))
    return sealed


def _tampered(sealed: str) -> str:
    envelope = json.loads(sealed)
    data = envelope["ciphertext"]
    envelope["ciphertext"] = ("B" if data[0] != "B" else "C") + data[1:]
    return json.dumps(envelope)


def _newer(sealed: str) -> str:
    return json.dumps({**json.loads(sealed), "version": 2})


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("tampered", _tampered, "That passphrase does not open this backup"),
        ("cut short", lambda s: s[: len(s) // 2], "This encrypted backup is incomplete"),
        ("newer", _newer, "made by a newer version of the worksheet"),
    ],
)
def test_a_tampered_cut_short_or_newer_encrypted_backup_changes_nothing(
    page: Page, live: Live, name: str, change: Any, message: str
) -> None:
    open_page(page, live)
    sealed = _sealed_once(page)
    before = page.evaluate("k => localStorage.getItem(k)", KEY)
    import_file(page, change(sealed), f"{name}.json")
    if name == "tampered":  # it looks whole: only the passphrase's check can tell
        page.fill("#ws-unlock-passphrase", PASSPHRASE)
        page.click("[data-action=unlock-import]")
        expect(page.locator("#ws-unlock-error")).to_contain_text(message)
    else:  # told at once, without asking for a passphrase
        expect(page.locator("#ws-error-summary")).to_be_focused()
        expect(page.locator("#ws-error-summary")).to_contain_text(message)
        expect(page.locator("#ws-unlock")).to_be_hidden()
    assert page.evaluate("k => localStorage.getItem(k)", KEY) == before


# ---------------------------------------------------------------- importing over debriefs already here


def test_importing_asks_per_debrief_with_the_same_for_the_rest(page: Page, live: Live) -> None:
    open_page(page, live)
    for role in ("First", "Second", "Third"):
        if role != "First":
            page.click("[data-action=new-debrief]")
        page.fill("#ws-role", role)
    save_now(page)
    backup = export(page, "export-all-json")
    for role in ("First", "Second", "Third"):
        page.click(f"#ws-debrief-list button >> text={role}")
        page.fill("#ws-role", f"{role}, changed")
    save_now(page)
    before = stored(page)

    import_file(page, backup)
    dialog = page.locator("#ws-import-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("3 debriefs in the file are already on this device with different answers.")
    legend = dialog.locator("legend")
    expect(legend).to_have_text("“First, changed” (1 of 3): what should happen to it?")
    expect(dialog.locator("#ws-import-copy")).to_be_focused()
    expect(dialog.locator("#ws-import-copy")).to_be_checked()
    expect(dialog.locator("label[for=ws-import-rest]")).to_have_text(
        "Do the same for the 2 other debriefs after this one"
    )

    # Cancelling changes nothing.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#ws-status")).to_have_text("Import canceled. Nothing was changed.")
    assert stored(page) == before

    import_file(page, backup)
    dialog.locator("#ws-import-replace").check()
    dialog.locator("[data-action=answer-import]").click()
    expect(legend).to_have_text("“Second, changed” (2 of 3): what should happen to it?")
    expect(dialog.locator("#ws-import-copy")).to_be_focused()  # on the new question: its legend is read
    expect(dialog.locator("#ws-import-copy")).to_be_checked()
    expect(dialog.locator("label[for=ws-import-rest]")).to_have_text(
        "Do the same for the 1 other debrief after this one"
    )
    dialog.locator("#ws-import-keep").check()
    dialog.locator("#ws-import-rest").check()
    expect(dialog.locator("[data-action=answer-import]")).to_have_text("Import")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        assert axe_violations(page) == [], describe(axe_violations(page))
    dialog.locator("[data-action=answer-import]").click()

    expect(dialog).to_be_hidden()
    expect(page.locator("#ws-status")).to_have_text("Imported: 1 debrief replaced, 2 debriefs left as they were.")
    roles = [d["interview"]["role"] for d in stored(page)["debriefs"]]
    assert roles == ["First", "Second, changed", "Third, changed"]

    # Keep both, for all: the file's versions come in beside the ones here.
    import_file(page, backup)
    expect(legend).to_contain_text("(1 of 2)")
    dialog.locator("#ws-import-rest").check()
    dialog.locator("[data-action=answer-import]").click()
    expect(page.locator("#ws-status")).to_have_text("Imported: 2 debriefs added as copies, 1 debrief already here.")
    assert len(stored(page)["debriefs"]) == 5


# ---------------------------------------------------------------- accessible, in light and dark


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_the_new_controls_in_use(page: Page, live: Live, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    open_page(page, live)
    page.fill("#ws-action", "Ask for feedback")
    page.click("[data-action=calendar][data-event=interview]")  # no date yet: a message, focus on the date
    page.click("[data-action=export-encrypted]")  # no passphrase: an error beside the field
    expect(page.locator("#ws-passphrase-error")).to_be_visible()
    sealed = json.dumps(
        {
            "format": "next-round-encrypted",
            "version": 1,
            "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": "A" * 22 + "=="},
            "cipher": {"name": "AES-GCM", "iv": "A" * 16},
            "ciphertext": "A" * 44,
        }
    )
    import_file(page, sealed, "locked.json")
    page.fill("#ws-unlock-passphrase", "wrong passphrase")
    page.click("[data-action=unlock-import]")
    expect(page.locator("#ws-unlock-error")).to_be_visible()
    assert axe_violations(page) == [], describe(axe_violations(page))


def test_every_request_stays_on_this_site_with_the_worker(context: BrowserContext, page: Page, live: Live) -> None:
    seen: list[str] = []
    context.on("request", lambda r: seen.append(r.url))
    open_controlled(page, live)
    page.goto(live.url(ARTICLE))
    page.goto(live.url(WORKSHEET))
    page.wait_for_selector("html.ws-ready")
    others = [u for u in seen if not (u.startswith(live.base) or u.startswith(("blob:", "data:")))]
    assert others == []
