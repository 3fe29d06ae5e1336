"""Open the report in headless Chromium: every figure loaded with its caption, the headline and
the comparison table shown.

Skips without Chromium or Playwright, except under CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.browser
@pytest.mark.slow
def test_report_in_headless_chromium(quick_report, tmp_path):
    exe = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extra missing
        sync_playwright = None
    ci = os.environ.get("CI", "").lower() == "true"
    if exe is None or sync_playwright is None:
        reason = "Chromium not installed" if exe is None else "playwright not installed"
        if ci:
            pytest.fail(f"{reason}; CI must run the browser test (.ci/run installs chromium)")
        pytest.skip(reason)

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=exe,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(quick_report.html_path.resolve().as_uri())
            page.wait_for_load_state("load")
            images = page.eval_on_selector_all(
                "figure img", "els => els.map(e => [e.complete, e.naturalWidth, e.dataset.name,"
                " e.closest('figure').querySelector('figcaption')?.innerText ?? ''])"
            )
            numbers = json.loads(quick_report.numbers_path.read_text())
            assert [name for *_, name, _ in images] == list(numbers["captions"])
            broken = [name for complete, width, name, _ in images if not complete or width == 0]
            assert broken == []
            # every image has its caption, as numbers.json records it
            assert {name: cap for *_, name, cap in images} == numbers["captions"]
            assert page.is_visible("#headline")
            rows = page.eval_on_selector_all("#comparison tbody tr", "els => els.length")
            assert rows > 20
            assert page.is_visible("#comparison")
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
