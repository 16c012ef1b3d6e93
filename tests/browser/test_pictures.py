"""Pictures in Chromium (issue 11): icon arrays, the body map and the table scroll cue.

Each picture is on its pages with a text alternative a screen reader gets, keeps its
meaning in light and dark mode and in black-and-white print (filled versus outline
shapes, not colour), loads from file://, and the pages that carry them have zero axe
violations at phone and desktop widths in both palettes.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.served import axe_problems, axe_readers

pytestmark = pytest.mark.browser

PICTURE_PAGES = {"how-common.html": 1, "treatment.html": 5, "symptoms-and-red-flags.html": 1}
SCHEME = {"light": "default", "dark": "slate"}

COLOURS_JS = """() => [...document.querySelectorAll('figure.icon-array')].map(f => {
  const svg = f.querySelector('svg.icon-array__svg');
  const fill = k => { const g = svg.querySelector('.icon-array__person--' + k); return g ? getComputedStyle(g).fill : null; };
  const r = svg.getBoundingClientRect();
  return {colour: getComputedStyle(f).color, yes: fill('yes'), maybe: fill('maybe'), no: fill('no'),
          stroke: getComputedStyle(svg.querySelector('path')).stroke, width: r.width, height: r.height,
          breakInside: getComputedStyle(f).breakInside, visible: getComputedStyle(f).display !== 'none'};
})"""


def rgb(text: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", text)[:3])


def luminance(colour: tuple[float, ...]) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def open_page(browser, site):
    contexts = []

    def opener(name: str, width: int = 1280, palette: str = "light", media: str = "screen"):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=palette)
        contexts.append(context)
        page = context.new_page()
        page.goto((site / name).as_uri())
        page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=SCHEME[palette])
        page.emulate_media(media=media)
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.parametrize("name", PICTURE_PAGES)
def test_icon_arrays_have_a_name_screen_readers_get(open_page, name):
    page = open_page(name)
    pictures = page.get_by_role("img", name=re.compile(r"^Picture of 100 people in 10 rows of 10\."))
    assert pictures.count() == PICTURE_PAGES[name]
    for i in range(pictures.count()):
        assert pictures.nth(i).is_visible()
        caption = pictures.nth(i).locator("xpath=../figcaption")
        assert re.search(r"\d+ (?:to \d+ )?in (?:every )?100", caption.inner_text())


@pytest.mark.parametrize("palette, media", [("light", "screen"), ("dark", "screen"), ("dark", "print"), ("light", "print")])
def test_icon_arrays_keep_their_meaning_in_every_palette_and_in_print(open_page, palette, media):
    page = open_page("treatment.html", palette=palette, media=media)
    background = rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    if media == "print":
        background = (255, 255, 255)  # paper
    for figure in page.evaluate(COLOURS_JS):
        assert figure["visible"] and figure["width"] >= 150 and figure["height"] > figure["width"]
        colour = rgb(figure["colour"])
        assert figure["yes"] == figure["colour"] and figure["no"] == "none"  # filled versus outline
        assert figure["maybe"] in (None, "none")
        assert contrast(colour, background) >= 4.5, (palette, media, figure)
        assert figure["breakInside"] == "avoid"
        if media == "print":
            assert colour == (0, 0, 0)


def test_a_range_is_striped_not_filled(open_page):
    page = open_page("symptoms-and-red-flags.html", palette="dark")
    (figure,) = page.evaluate(COLOURS_JS)
    assert figure["yes"] == figure["colour"] and figure["maybe"] == "none" and figure["no"] == "none"
    striped = page.locator("figure.icon-array svg.icon-array__svg path.icon-array__person--maybe")
    assert striped.count() == 1
    d = striped.get_attribute("d")
    # 10 people (one absolute M each), every one with both stripes across the body.
    assert d.count("M") == 10 and d.count("m0-3.8h7.6m-7.6 1.9h7.6") == 10
    # Drawn, not only present: the striped group covers 10 cells of the picture.
    box = striped.evaluate("p => { const b = p.getBBox(); return [b.width, b.height]; }")
    assert box[0] > 12 * 9 - 12 and box[1] > 12  # a full row of 10 people, each about 13 high


@pytest.mark.parametrize("palette, media", [("light", "screen"), ("dark", "screen"), ("dark", "print")])
def test_body_map_loads_from_disk_on_its_own_white_background(open_page, palette, media):
    page = open_page("symptoms-and-red-flags.html", width=360, palette=palette, media=media)
    img = page.get_by_role("img", name=re.compile(r"^Front and back outline of a person"))
    assert img.count() == 1 and img.is_visible()
    img.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('figure.body-map img').complete")
    natural = img.evaluate("i => [i.naturalWidth, i.naturalHeight]")
    assert natural == [860, 740]
    box = img.bounding_box()
    assert 300 <= box["width"] <= 360 and abs(box["height"] / box["width"] - 740 / 860) < 0.02
    # Drawn on its own white background (the SVG's first shape; test_pictures.py in
    # tests/site checks the source), and kept white behind it in dark mode and print.
    assert img.evaluate("i => getComputedStyle(i).backgroundColor") == "rgb(255, 255, 255)"
    caption = page.locator("figure.body-map figcaption")
    assert caption.is_visible() and "spinal cord compression" in caption.inner_text()
    assert page.locator("figure.body-map a").get_attribute("href") == "assets/images/body-map.svg"


CUE_JS = """() => [...document.querySelectorAll('.md-content .md-typeset__scrollwrap')].map(w => {
  const cue = getComputedStyle(w, '::before');
  return {overflows: w.scrollWidth > w.clientWidth + 1, role: w.getAttribute('role'), tabindex: w.getAttribute('tabindex'),
          cue: cue.content, display: cue.display, colour: cue.color};
})"""


def test_wide_tables_on_a_phone_say_they_scroll(open_page):
    page = open_page("treatment.html", width=360)
    page.wait_for_function("() => document.querySelector('.md-typeset__scrollwrap[role=region]')")
    wraps = page.evaluate(CUE_JS)
    assert wraps and any(w["overflows"] for w in wraps)
    for w in wraps:
        if w["overflows"]:
            assert w["role"] == "region" and w["tabindex"] == "0"
            assert "Scroll sideways to see the whole table" in w["cue"] and w["display"] == "block"
        else:
            assert w["cue"] in ("none", "normal")
    # The cue stays in view while the table scrolls under it.
    wrap = page.locator(".md-typeset__scrollwrap[role=region]").first
    wrap.evaluate("w => w.scrollLeft = 80")
    left = wrap.evaluate("w => w.getBoundingClientRect().left")
    assert wrap.evaluate("w => w.scrollLeft") > 0
    assert page.evaluate(
        "() => { const w = document.querySelector('.md-typeset__scrollwrap[role=region]'); const t = w.querySelector('table');"
        " return t.getBoundingClientRect().left; }") < left  # the table moved, the box did not


def test_no_cue_on_a_desktop_or_in_print(open_page):
    page = open_page("treatment.html", width=1280)
    assert not any(w["overflows"] or "Scroll" in w["cue"] for w in page.evaluate(CUE_JS))
    page = open_page("treatment.html", width=360, media="print")
    page.wait_for_function("() => document.querySelector('.md-typeset__scrollwrap[role=region]')")
    assert all(w["display"] == "none" or "Scroll" not in w["cue"] for w in page.evaluate(CUE_JS))


def test_pages_with_pictures_have_no_axe_violations(browser, http_site):
    with axe_readers(browser, http_site) as readers:
        problems = axe_problems(readers, PICTURE_PAGES)
    assert not problems, "\n" + "\n".join(problems)
