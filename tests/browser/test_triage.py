"""The home page "Get help now" box, as a phone shows it: the first thing after the
page title, in the emergency card style at body text size, with the emergency signs
from the triage model and working phone links, from disk as on the web."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.triage import load_model

pytestmark = pytest.mark.browser

MODEL, _ = load_model(Path(__file__).resolve().parents[2] / "data" / "triage.yml")
PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("origin", ["file", "http"])
def test_home_box_is_the_first_thing_after_the_title_on_a_phone(browser, site, http_site, origin):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto((site / "index.html").as_uri() if origin == "file" else f"{http_site}index.html")
    page.wait_for_load_state("load")
    found = page.evaluate("""() => {
      const h1 = document.querySelector('.md-content h1');
      let next = h1.nextElementSibling;
      while (next && (next.hidden || getComputedStyle(next).display === 'none')) next = next.nextElementSibling;
      const box = document.querySelector('section.triage-home');
      const r = box.getBoundingClientRect(), body = document.querySelector('.md-typeset p:not(.care-card__level)');
      return {isBox: next === box, top: r.top, viewport: innerHeight,
              font: parseFloat(getComputedStyle(box.querySelector('li')).fontSize),
              bodyFont: parseFloat(getComputedStyle(body).fontSize),
              border: getComputedStyle(box).borderTopStyle,
              signs: [...box.querySelectorAll('.care-card__signs li')].map(li => li.textContent.trim())};
    }""")
    context.close()
    assert found["isBox"], "the Get help now box is not the first thing after the page title"
    assert found["top"] < found["viewport"] / 2, "the box starts below the middle of the first screen"
    assert found["font"] >= found["bodyFont"], "the box's text is smaller than body text"
    assert found["border"] == "solid"
    assert found["signs"] == [short for short, _ in MODEL.home_signs()]
