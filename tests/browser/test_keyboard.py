"""Keyboard use, driven with Playwright's keyboard only (Tab, Enter, Space, arrows,
Escape), as a reader without a mouse would: the skip link, the phone menu, search,
the palette switch, abbreviation tooltips, visible focus that the sticky header never
hides, and care-card headings that heading navigation and the contents list reach.

Material's gaps are fixed in docs/assets/javascripts/keyboard-access.js and
docs/assets/stylesheets/extra.css.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.triage import load_model

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
LONG_PAGE = "symptoms-and-red-flags.html"  # long, with care cards, tables and abbreviations

# What the focused element looks like; `ring` is the element that shows the focus
# ring (Material's palette switch is a hidden radio button whose icon is ringed).
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const ring = el.matches('input.md-option') ? el.nextElementSibling : el;
  const r = ring.getBoundingClientRect();
  const style = getComputedStyle(ring);
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const x = Math.min(innerWidth - 1, Math.max(0, r.left + Math.min(r.width / 2, 8)));
  const y = Math.min(innerHeight - 1, Math.max(0, r.top + r.height / 2));
  const hit = document.elementFromPoint(x, y);
  return {
    tag: el.tagName.toLowerCase(),
    classes: el.className && el.className.baseVal === undefined ? el.className : '',
    href: el.getAttribute('href') || el.getAttribute('for') || (el.matches('button') && el.closest('label[for]')?.getAttribute('for')) || '',
    text: (el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
    top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
    outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    visibility: style.visibility, opacity: parseFloat(style.opacity),
    headerBottom: header.bottom, viewportHeight: innerHeight, viewportWidth: innerWidth,
    inHeader: !!el.closest('.md-header'), isSkip: el.matches('.md-skip'),
    inDrawer: !!el.closest('.md-sidebar--primary'), inContent: !!el.closest('.md-content'),
    onTop: !!hit && (ring.contains(hit) || hit.contains(ring) || !!(hit.closest && hit.closest('label') === ring)),
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED_JS)


def label(info: dict | None) -> str:
    if not info:
        return "<body>"
    return f"<{info['tag']} {info['classes']}> {info['href'] or info['text']!r}".strip()


def settled(page, ok_js: str, timeout: float = 5000) -> dict | None:
    """The focused element once the JavaScript predicate `ok_js(info)` holds, checked
    in the page on every frame, so fades, slides and smooth scrolls may take as long as
    a busy machine needs (up to `timeout` ms); the info as it is then if it never holds
    (the caller reports what is wrong with it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        # Holds once ok_js is true and the element has not moved since the last frame
        # (a smooth scroll or a slide has ended), so a mid-scroll position never counts.
        page.evaluate("window.__lastFocusRect = null")
        page.wait_for_function(f"""() => {{
            const i = ({FOCUSED_JS})();
            if (!i) return true;
            const rect = [i.top, i.left, i.width, i.height].join(),
                  still = window.__lastFocusRect === rect;
            window.__lastFocusRect = rect;
            return still && ({ok_js})(i);
        }}""", timeout=timeout, polling="raf")
    except PlaywrightTimeout:
        pass
    return focused(page)


# A menu link wholly inside the viewport, on top and ringed (JavaScript, for settled()).
VISIBLE_JS = """i => 0 <= i.left && i.right <= i.viewportWidth && 0 <= i.top && i.bottom <= i.viewportHeight
                 && i.onTop && i.outline >= 2"""


def drawer_is(page, state: str) -> None:
    """Wait for the phone menu to finish sliding open or closed."""
    page.wait_for_function(
        """open => { const d = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
                    return open ? Math.abs(d.left) < 1 : d.right <= 1; }""",
        arg=state == "open", timeout=5000)


def tab_until(page, predicate, limit: int = 60) -> dict | None:
    """Press Tab until predicate(focused info) is true; the info, or None."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        if info and predicate(info):
            return info
    return None


@pytest.fixture
def open_page(browser, http_site):
    """open_page(name, viewport) -> a fresh page (own context: no stored palette)."""
    contexts = []

    def _open(name: str, viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.goto(http_site + name)
        page.wait_for_load_state("load")
        return page

    yield _open
    for context in contexts:
        context.close()


def test_skip_link_is_first_and_lands_on_the_main_content(browser, http_site, pages):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = []
    try:
        for name in pages:
            page.goto(http_site + name)
            page.keyboard.press("Tab")
            skip = focused(page)
            if not skip or not skip["isSkip"]:
                problems.append(f"{name}: first Tab focuses {label(skip)}, not a skip link")
                continue
            shown = settled(page, "i => i.opacity === 1")  # it fades in
            if shown["opacity"] < 1 or shown["top"] < 0 or shown["width"] == 0:
                problems.append(f"{name}: skip link focused but not shown")
            page.keyboard.press("Enter")
            page.wait_for_function("location.hash.length > 1", timeout=5000)  # the skip link was followed
            target = page.evaluate("""() => {
              const t = document.getElementById(decodeURIComponent(location.hash.slice(1)));
              if (!t) return null;
              const r = t.getBoundingClientRect();
              return {inContent: !!t.closest('.md-content'), holdsTitle: !!t.querySelector('h1') || t.matches('h1'),
                      top: r.top, header: document.querySelector('.md-header').getBoundingClientRect().bottom};
            }""")
            if not target or not target["inContent"]:
                problems.append(f"{name}: skip link goes to {page.evaluate('location.hash')!r}, not the main content")
                continue
            if not target["holdsTitle"]:
                problems.append(f"{name}: skip link passes over the page title and the content above its first section")
            if target["top"] < target["header"] - 1:
                problems.append(f"{name}: skip target scrolled under the sticky header")
            page.keyboard.press("Tab")
            after = focused(page)
            if not after or not after["inContent"]:
                problems.append(f"{name}: Tab after the skip link goes to {label(after)}, outside the content")
    finally:
        context.close()
    assert not problems, "\n" + "\n".join(problems)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_focus_is_always_visible_and_never_under_the_header(open_page, viewport):
    """Tab through a whole long page: every stop has a focus ring, is on screen, is not
    covered by anything, and (outside the header) is below the sticky header."""
    page = open_page(LONG_PAGE, viewport)
    problems, stops = [], 0
    for _ in range(600):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is None:
            continue
        if info["isSkip"] and stops:
            break  # wrapped round to the start
        stops += 1
        # Let fades and slides (the skip link, a closing search box) finish.
        info = settled(page, "i => i.onTop && i.opacity === 1")
        where = label(info)
        if info["outline"] < 2:
            problems.append(f"{where}: no visible focus ring")
        if info["width"] == 0 or info["height"] == 0 or info["visibility"] != "visible":
            problems.append(f"{where}: focused but not displayed")
            continue
        if info["bottom"] <= 0 or info["top"] >= info["viewportHeight"] or info["right"] <= 0 or info["left"] >= info["viewportWidth"]:
            problems.append(f"{where}: focused off screen (top {info['top']:.0f}, left {info['left']:.0f})")
            continue
        # Taller than the space below the header (a long table's scroll region on a
        # phone): it cannot all show, so it must not be hidden under the header
        # (WCAG 2.4.11), but its top may be.
        tall = info["height"] > info["viewportHeight"] - info["headerBottom"]
        if tall and info["bottom"] < info["headerBottom"] + 48:
            problems.append(f"{where}: a tall focused element is almost hidden under the header "
                            f"(bottom {info['bottom']:.0f}, header {info['headerBottom']:.0f})")
        elif not tall and not info["inHeader"] and not info["isSkip"] and info["top"] < info["headerBottom"] - 1:
            problems.append(f"{where}: focused under the sticky header (top {info['top']:.0f} < {info['headerBottom']:.0f})")
        elif not info["onTop"]:
            problems.append(f"{where}: focused but covered by another element")
    else:
        problems.append("Tab never wrapped back to the start within 600 presses")
    assert stops > 20, f"only {stops} focus stops: is the page content missing?"
    assert not problems, "\n" + "\n".join(problems)


def test_phone_menu_opens_by_keyboard_and_reaches_every_page(open_page, pages):
    page = open_page("treatment.html", PHONE)
    # With the drawer closed, Tab must reach the menu button without walking through
    # the hidden drawer's links.
    button = tab_until(page, lambda i: i["inDrawer"] or i["href"] == "__drawer", limit=10)
    assert button and button["href"] == "__drawer", f"Tab reached {label(button)} instead of the menu button"
    attrs = page.evaluate("""() => { const b = document.activeElement;
      return {tag: b.tagName, name: b.getAttribute('aria-label'), expanded: b.getAttribute('aria-expanded')}; }""")
    assert attrs == {"tag": "BUTTON", "name": "Navigation", "expanded": "false"}

    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked"), "Enter did not open the menu"
    drawer_is(page, "open")
    assert page.evaluate("document.querySelector('.md-header label[for=__drawer] button').getAttribute('aria-expanded')") == "true"
    first = focused(page)
    assert first and first["inDrawer"], f"focus stayed on {label(first)} instead of moving into the menu"

    problems, reached = [], set()
    info = first
    for _ in range(120):
        if not info or not info["inDrawer"]:
            break
        reached.add(info["href"])
        visible = lambda i: (0 <= i["left"] and i["right"] <= i["viewportWidth"] and 0 <= i["top"]  # noqa: E731
                             and i["bottom"] <= i["viewportHeight"] and i["onTop"] and i["outline"] >= 2)
        info = settled(page, VISIBLE_JS)  # the menu list scrolls smoothly to the focused link
        if not visible(info):
            problems.append(f"{label(info)}: menu link focused but not visible")
        page.keyboard.press("Tab")
        info = focused(page)
    missing = sorted(set(pages) - reached)
    assert missing == [], f"menu links not reachable by Tab: {missing}"
    assert not problems, "\n" + "\n".join(problems)
    assert not page.evaluate("document.getElementById('__drawer').checked"), "menu stayed open after Tab left it"
    drawer_is(page, "closed")

    # Space opens it too; Escape closes it and returns focus to the menu button.
    page.locator(".md-header label[for='__drawer'] button").focus()
    page.keyboard.press("Space")
    assert page.evaluate("document.getElementById('__drawer').checked"), "Space did not open the menu"
    drawer_is(page, "open")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked"), "Escape did not close the menu"
    assert focused(page)["href"] == "__drawer"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_search_by_keyboard(open_page, viewport):
    page = open_page("index.html", viewport)
    control = tab_until(page, lambda i: "md-search__input" in i["classes"] or i["href"] == "__search", limit=10)
    assert control, "Tab never reached the search box or button"
    if control["href"] == "__search":  # phone: a header button opens the search box
        page.keyboard.press("Enter")
        control = settled(page, "i => String(i.classes).includes('md-search__input')")
    assert control and "md-search__input" in control["classes"], f"search box not focused ({label(control)})"
    page.keyboard.type("calcium", delay=30)
    page.wait_for_function(
        "document.querySelectorAll('.md-search-result__item').length > 0", timeout=5000)
    page.keyboard.press("ArrowDown")
    result = focused(page)
    assert result and "md-search-result__link" in result["classes"], f"ArrowDown focused {label(result)}"
    assert result["outline"] >= 2 and result["onTop"], "focused search result has no visible focus"
    before = page.url
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != before, timeout=5000)
    page.wait_for_load_state("load")
    assert "calcium" in page.locator("article").inner_text().lower()


def test_palette_switch_works_with_enter_and_space(open_page):
    page = open_page("index.html")
    switch = tab_until(page, lambda i: "md-option" in i["classes"], limit=10)
    assert switch, "Tab never reached the light/dark switch"
    assert switch["outline"] >= 2 and switch["width"] > 0, "the switch's icon shows no focus ring"
    scheme = lambda: page.evaluate("document.body.dataset.mdColorScheme")  # noqa: E731
    assert scheme() == "default"
    page.keyboard.press("Enter")
    assert scheme() == "slate", "Enter did not switch to the dark palette"
    page.keyboard.press("Space")
    assert scheme() == "default", "Space did not switch back to the light palette"
    page.keyboard.press("Space")
    assert scheme() == "slate"
    assert "md-option" in focused(page)["classes"], "focus left the switch"
    page.reload()
    assert scheme() == "slate", "the chosen palette was not remembered"


def test_abbreviation_definitions_show_on_keyboard_focus(open_page):
    page = open_page("treatment.html")
    definitions = page.evaluate("Object.fromEntries([...document.querySelectorAll('.md-content abbr[title]')].map(a => [a.textContent, a.title]))")
    assert definitions, "no abbreviations on the page to test"
    abbr = tab_until(page, lambda i: i["tag"] == "abbr", limit=80)
    assert abbr, "no abbreviation can be reached with Tab"
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=3000)
    assert tooltip.inner_text().strip() == definitions[abbr["text"]]
    described = page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-describedby'))?.innerText.trim()")
    assert described == definitions[abbr["text"]], "the tooltip is not the focused abbreviation's description"
    box = tooltip.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"], "tooltip shown off screen"

    # WCAG 1.4.13: Escape dismisses it without moving focus; moving on shows tooltips again.
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden", timeout=3000)
    assert focused(page)["tag"] == "abbr", "Escape moved focus away from the abbreviation"
    following = tab_until(page, lambda i: i["tag"] == "abbr", limit=80)
    if following:  # another abbreviation further on: its tooltip shows as normal
        page.locator(".md-tooltip2--active").first.wait_for(state="visible", timeout=3000)


LEVEL_LABELS = {lvl.label for lvl in load_model(Path(__file__).resolve().parents[2] / "data" / "triage.yml")[0].levels.values()}


def test_care_card_headings_are_real_headings_in_outline_and_contents(open_page, site, pages):
    """Screen-reader heading navigation (the accessibility tree) and the page's table
    of contents (on pages that have one) both list every care card's heading, with
    its level word, at a level that fits the outline."""
    with_cards = [name for name in pages if 'class="care-card' in (site / name).read_text(encoding="utf-8")]
    assert with_cards, "no page has a care card"
    problems = []
    for name in with_cards:
        page = open_page(name)
        cards = page.evaluate("""() => [...document.querySelectorAll('.md-content .care-card')].map(card => {
          const h = card.querySelector(':scope > h2, :scope > h3, :scope > h4, :scope > h5, :scope > h6');
          const toc = document.querySelector('.md-sidebar--secondary:not([hidden]) .md-nav--secondary a') && document.querySelector('.md-nav--secondary');
          return h && {id: h.id, level: +h.tagName[1], text: h.textContent.replace(/\\s+/g, ' ').trim().replace(/¶$/, '').trim(),
                       inToc: !toc || !!toc.querySelector(`a[href="#${CSS.escape(h.id)}"]`)};
        })""")
        outline = page.evaluate("""() => [...document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3, .md-content h4, .md-content h5, .md-content h6')]
          .map(h => ({id: h.id, level: +h.tagName[1]}))""")
        headings = page.get_by_role("heading")
        names = [n.strip().rstrip("¶").strip() for n in headings.all_inner_texts()]
        for card in cards:
            if not card or not card["id"]:
                problems.append(f"{name}: a care card has no heading with an id")
                continue
            title = card["text"]
            if title.split(":")[0] not in LEVEL_LABELS:
                problems.append(f"{name}: care card heading {title!r} does not start with its level")
            if not any(n.replace("\n", " ") == title for n in names):
                problems.append(f"{name}: care card heading {title!r} not exposed as a heading")
            if not card["inToc"]:
                problems.append(f"{name}: care card heading {title!r} missing from the table of contents")
            index = next(i for i, h in enumerate(outline) if h["id"] == card["id"])
            before = outline[index - 1]["level"] if index else 1
            if card["level"] > before + 1:
                problems.append(f"{name}: care card heading {title!r} is h{card['level']} straight after an h{before} (skips a level)")
    assert not problems, "\n" + "\n".join(problems)
