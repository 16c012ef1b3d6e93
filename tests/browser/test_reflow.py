"""Zoom and reflow (WCAG 1.4.10): at 320 CSS px wide, which is 400% zoom of a 1280 px
window, no page scrolls sideways; a table too wide for the screen scrolls inside its
own box (Material's .md-typeset__scrollwrap), which keyboard users can focus and
scroll with the arrow keys."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ZOOMED = {"width": 320, "height": 256}  # 1280 x 1024 at 400%

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsInside = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return p !== document.documentElement && p !== document.body; }
    return false; };
  const sticking = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && getComputedStyle(el).visibility === 'visible' && !scrollsInside(el);
  }).slice(0, 5).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right edge ${Math.round(el.getBoundingClientRect().right)})`);
  return {scrollWidth: document.documentElement.scrollWidth, width, sticking};
}"""

TABLES_JS = """() => [...document.querySelectorAll('.md-content table')].map(table => {
  const wrap = table.closest('.md-typeset__scrollwrap');
  const head = (table.querySelector('th') || table).textContent.trim().slice(0, 30);
  if (!wrap) return {head, wrapped: false};
  const r = wrap.getBoundingClientRect();
  return {head, wrapped: true, overflowX: getComputedStyle(wrap).overflowX,
          left: r.left, right: r.right, tableWidth: table.getBoundingClientRect().width,
          scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth,
          tabindex: wrap.getAttribute('tabindex'), role: wrap.getAttribute('role'), name: wrap.getAttribute('aria-label')};
})"""


@pytest.fixture
def zoomed(browser):
    context = browser.new_context(viewport=ZOOMED)
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_at_400_percent_zoom(zoomed, http_site, pages):
    problems = []
    for name in pages:
        zoomed.goto(http_site + name)
        zoomed.wait_for_load_state("load")
        result = zoomed.evaluate(OVERFLOW_JS)
        if result["scrollWidth"] > result["width"]:
            problems.append(f"{name}: page is {result['scrollWidth']} px wide in a {result['width']} px window; "
                            f"sticking out: {', '.join(result['sticking']) or 'unknown'}")
    assert not problems, "\n" + "\n".join(problems)


def test_wide_tables_scroll_inside_their_own_box(zoomed, http_site, pages, site):
    with_tables = [name for name in pages if "<table" in (site / name).read_text(encoding="utf-8")]
    assert with_tables, "no page has a table"
    problems, scrolled = [], 0
    for name in with_tables:
        zoomed.goto(http_site + name)
        zoomed.wait_for_load_state("load")
        # Open every collapsed block (as a reader would, to see its table), then two
        # frames: the table wrappers' resize observers and toggle handlers have run.
        zoomed.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        zoomed.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        for i, table in enumerate(zoomed.evaluate(TABLES_JS)):
            where = f"{name}: table {i + 1} ({table['head']!r})"
            if not table["wrapped"]:
                problems.append(f"{where}: not inside a scrolling box")
                continue
            if table["overflowX"] not in ("auto", "scroll"):
                problems.append(f"{where}: its box does not scroll (overflow-x {table['overflowX']})")
            if table["left"] < -1 or table["right"] > ZOOMED["width"] + 1:
                problems.append(f"{where}: its box is wider than the window")
            if table["scrollWidth"] <= table["clientWidth"] + 1:
                continue  # fits: nothing to scroll
            if (table["tabindex"], table["role"]) != ("0", "region") or not table["name"]:
                problems.append(f"{where}: scrolls, but its box is not a named, focusable region")
                continue
            # Scroll it with the keyboard: the box moves, the page does not.
            wrap = zoomed.locator(".md-content table").nth(i).locator("xpath=ancestor::div[contains(@class,'md-typeset__scrollwrap')]")
            wrap.focus()
            for _ in range(3):
                zoomed.keyboard.press("ArrowRight")
            try:  # arrow keys scroll smoothly: wait for it to move
                wrap.evaluate("w => new Promise((done, fail) => { const t = Date.now(); (function poll() {"
                              " if (w.scrollLeft > 0) done(); else if (Date.now() - t > 3000) fail('still');"
                              " else setTimeout(poll, 50); })(); })")
            except Exception:
                problems.append(f"{where}: ArrowRight does not scroll it")
            if zoomed.evaluate("window.scrollX") != 0:
                problems.append(f"{where}: scrolling it scrolled the page sideways")
            scrolled += 1
    print(f"{scrolled} table(s) scroll inside their own box at {ZOOMED['width']} px")
    assert not problems, "\n" + "\n".join(problems)
