"""The HTML briefings in a real headless Chromium, opened from the file system: the index links to
the briefing, the briefing to a full translation, right-to-left pages are right-to-left, and a
hostile document's markup stays inert text."""

from __future__ import annotations

import os
import shutil

import pytest

from pipeline import jobs
from pipeline.briefing import write_day
from pipeline.config import load_settings
from pipeline.documents import scan_inbox
from pipeline.store import Store
from tests.days import latest_day

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must run the browser tests: .ci/run installs Debian's chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")

HOSTILE = (
    "Breaking news about the talks\n\n"
    "Officials met in Yevlakh on Thursday to discuss the reintegration of the region. "
    "<script>window.PWNED = 1; document.title = 'PWNED'</script> "
    "<img src=x onerror=\"window.PWNED = 2\"> "
    "<a href=\"javascript:window.PWNED=3\">Read more</a> about the ceasefire agreement."
)


class NoModels:
    def route(self, source, target):
        return None

    def translate_many(self, jobs):
        raise AssertionError


@pytest.fixture
def outputs(tmp_path, inbox):
    (inbox / "hostile.txt").write_text(HOSTILE)
    out = tmp_path / "out"
    settings = load_settings(overrides={"inbox": inbox, "out": out, "targets": "en,ar"}, environ={})
    day = jobs.today()
    entries, _ = scan_inbox(inbox)
    with Store(settings.database) as store:
        new = [r.doc_id for r in (jobs.take_in(e, settings, store, day) for e in entries) if r.status == "new"]
        for kind in jobs.KINDS:
            jobs.translate_documents(new, settings.targets, kind, store, NoModels())
        write_day(store, out, day, settings.targets)
    return out


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


def test_index_briefing_and_full_translation_in_chromium(outputs, browser, tmp_path):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((outputs / "index.html").as_uri())
    assert page.title() == "Briefings"
    page.click("a[href$='/en.html'] >> nth=0")
    page.wait_for_load_state()
    assert page.url.endswith(f"{latest_day(outputs).name}/en.html")
    body = page.inner_text("body")
    assert "Nagorno-Karabakh Ceasefire: Armenians Open to Integration Talks with Azerbaijan" in body
    assert "not translated: no model de->en" in body
    assert "Original language: German (de)" in body
    page.screenshot(path=str(tmp_path / "briefing.png"), full_page=True)
    assert (tmp_path / "briefing.png").stat().st_size > 10_000

    # the hostile document: its markup is text, nothing ran
    assert "<script>window.PWNED = 1" in body or "Officials met in Yevlakh" in body
    assert page.evaluate("window.PWNED") is None
    assert page.title() != "PWNED"
    assert page.locator("script").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0

    page.click("text=Full translation >> nth=0")
    page.wait_for_load_state()
    assert "/en/docs/" in page.url
    assert "Back to the briefing" in page.inner_text("body")
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests


def test_right_to_left_briefing(outputs, browser):
    page = browser.new_page()
    page.goto((latest_day(outputs) / "ar.html").as_uri())
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    quote = page.locator("blockquote[lang='de']").first
    assert quote.get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
