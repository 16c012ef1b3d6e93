"""WCAG 2.2 AA, measured with axe-core (bundled by axe-playwright-python) in Chromium.

Every built page, at 1280 px and 360 px wide, in the light and the dark palette, plus
the states a page is also read in: the search dialog showing results, an
abbreviation's definition tooltip, the "due for review" notice, and (on a phone) the
open navigation drawer. Zero
violations of the WCAG 2.0/2.1/2.2 A and AA rules; best-practice findings are
printed, not failed. No rule or selector is excluded: Material's known failures are
fixed in the theme (overrides/partials/search.html, docs/assets/stylesheets/extra.css,
docs/assets/javascripts/keyboard-access.js).

Speed: one browser context per width and palette, each looping over the pages. The
four contexts run axe at the same time (axe is started in each page, then the results
are collected), so both CPU cores are busy.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.search_helpers import search

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
COMBOS = [(1280, "light"), (1280, "dark"), (360, "light"), (360, "dark")]
SCHEME = {"light": "default", "dark": "slate"}  # Material's data-md-color-scheme
HEIGHT = 800

START_AXE = """tags => {
  window.__axeResult = null;
  axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
    .then(r => { window.__axeResult = {violations: r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, tags: v.tags, targets: v.nodes.map(n => n.target.join(' '))}))}; })
    .catch(e => { window.__axeResult = {error: String(e)}; });
}"""


class Reader:
    """One browser context at one width in one palette, with what axe found in it."""

    def __init__(self, browser, base: str, axe_script: str, width: int, palette: str):
        self.base, self.axe_script, self.width, self.palette = base, axe_script, width, palette
        self.name = f"{width}px {palette}"
        self.context = browser.new_context(viewport={"width": width, "height": HEIGHT}, color_scheme=palette)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.findings: list[tuple[str, str]] = []  # (finding, where)

    def choose_palette(self) -> None:
        """Choose the palette the way a reader does, with the header's switch. Material
        stores the choice, and an inline script applies it before first paint on every
        later page, so no colour transition is running while axe measures."""
        self.page.goto(self.base + "index.html")
        if self.page.evaluate("document.body.dataset.mdColorScheme") != SCHEME[self.palette]:
            self.page.locator("[data-md-component=palette] label:not([hidden])").click()
        self.page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=SCHEME[self.palette])

    def start(self, where: str) -> None:
        """Start axe on the page as it is now, without waiting for it.

        The viewport is stretched to the page's full height first: layout depends only
        on the width (Material's media queries are all width-based), and axe's colour
        contrast check is several times faster when it need not scroll to each element.
        """
        self.where = where
        scheme = self.page.evaluate("document.body.dataset.mdColorScheme")
        if scheme != SCHEME[self.palette]:
            self.problems.append(f"{self.name}, {where}: palette is {scheme!r}, not {SCHEME[self.palette]!r}")
        full = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.set_viewport_size({"width": self.width, "height": max(HEIGHT, full)})
        self.page.evaluate(self.axe_script)
        self.page.evaluate(START_AXE, WCAG_TAGS + ["best-practice"])

    def collect(self) -> None:
        self.page.wait_for_function("window.__axeResult !== null", timeout=180_000, polling=100)
        result = self.page.evaluate("window.__axeResult")
        self.page.set_viewport_size({"width": self.width, "height": HEIGHT})
        where = f"{self.name}, {self.where}"
        if "error" in result:
            self.problems.append(f"{where}: axe failed: {result['error']}")
            return
        for rule in result["violations"]:
            for target in rule["targets"]:
                line = f"{rule['id']} ({rule['impact']}) {target}: {rule['help']}"
                if set(rule["tags"]) & set(WCAG_TAGS):
                    self.problems.append(f"{where}: {line}")
                else:
                    self.findings.append((line, where))

    def check(self, where: str) -> None:
        self.start(where)
        self.collect()


@pytest.fixture(scope="module")
def axe_script() -> str:
    return Axe().axe_script


def test_axe_finds_no_wcag_violations(browser, http_site, pages, axe_script, capsys):
    readers = [Reader(browser, http_site, axe_script, width, palette) for width, palette in COMBOS]
    try:
        for reader in readers:
            reader.choose_palette()
        for name in pages:
            for reader in readers:
                reader.page.goto(http_site + name)
                reader.start(name)
            for reader in readers:
                reader.collect()

        for reader in readers:
            page = reader.page
            page.goto(http_site + "symptoms-and-red-flags.html")
            header_button = page.locator(".md-header label.md-header__button[for='__search']")
            if header_button.is_visible():  # phones: search opens from the header
                header_button.click()
            if not search(page, "calcium"):
                reader.problems.append(f"{reader.name}: search for 'calcium' showed no results to check")
            reader.check("search dialog with results")

            page.goto(http_site + "treatment.html")
            page.locator(".md-content abbr").first.hover()
            page.locator(".md-tooltip2--active").wait_for()
            reader.check("abbreviation tooltip")

            menu = page.locator(".md-header label[for='__drawer']")
            if menu.is_visible():
                menu.click()
                page.wait_for_function(  # the drawer has finished sliding in
                    "Math.abs(document.querySelector('.md-sidebar--primary').getBoundingClientRect().left) < 1")
                reader.check("navigation drawer open")

            # Years later, review-notice.js shows the "due for review" notice.
            page.clock.set_fixed_time(datetime(2040, 1, 1))
            page.goto(http_site + "symptoms-and-red-flags.html")
            if not page.locator(".review-notice").is_visible():
                reader.problems.append(f"{reader.name}: the overdue review notice did not appear")
            reader.check("review notice shown")
    finally:
        for reader in readers:
            reader.context.close()

    findings: dict[str, list[str]] = defaultdict(list)
    for reader in readers:
        for line, where in reader.findings:
            findings[line].append(where)
    with capsys.disabled():
        print(f"\naxe best-practice findings (not failures): {len(findings)}")
        for line, where in sorted(findings.items()):
            print(f"  {line}\n      in {len(where)} checks, e.g. {where[0]}")
    problems = [p for reader in readers for p in reader.problems]
    assert not problems, "\n" + "\n".join(problems)
