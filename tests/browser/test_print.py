"""Print: every page prints as content only, care cards keep their level words and
rising border weight, tables are not cut, the red-flag card fits one sheet of A4 and
of Letter, and the whole-guide page holds the seven facts, red flags and FAQ in order.

Rendered by Chromium with print media emulated and, for page counts, real PDFs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.triage import load_model
from tests.content.conftest import FACT_PAGES, front_matter
from tests.helpers import build_site

pytestmark = pytest.mark.browser

# Printable width of A4 with the print margins (extra.css) (210 mm - 2 x 14 mm at 96 px/in).
PRINT_VIEWPORT = {"width": 688, "height": 1000}
CHROME = {
    "header": "header.md-header",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "footer": "footer.md-footer",
    "back-to-top": ".md-top",
    "palette toggle": "[data-md-component='palette']",
    "permalinks": ".md-typeset .headerlink",
}
MODEL, _ = load_model(Path(__file__).resolve().parents[2] / "data" / "triage.yml")
LEVELS = [lvl.id for lvl in MODEL.levels.values() if any(c.level == lvl.id for c in MODEL.cards.values())]


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF from Chromium: one `/Type /Page` object per page (`/Pages` is the tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture
def printed(browser, site):
    """A page with print media emulated at the printable width; open(name) loads a page."""
    context = browser.new_context(viewport=PRINT_VIEWPORT)
    page = context.new_page()
    page.emulate_media(media="print")

    def open_page(name: str, folder=None):
        page.goto(((folder or site) / name).as_uri())
        page.wait_for_load_state("load")
        return page

    yield open_page
    context.close()


def test_pdf_page_count_parser():
    fake = b"<< /Type /Pages /Kids [3 0 R 4 0 R] >> << /Type /Page >> << /Type/Page /Parent 2 0 R >>"
    assert pdf_page_count(fake) == 2


def test_every_page_prints_content_without_site_chrome(printed, pages):
    problems = []
    for name in pages:
        page = printed(name)
        for what, selector in CHROME.items():
            shown = page.eval_on_selector_all(selector, "els => els.filter(e => e.checkVisibility()).length")
            if shown:
                problems.append(f"{name}: {what} ({selector}) is printed")
        if not page.locator("article h1").first.evaluate("e => e.checkVisibility()"):
            problems.append(f"{name}: the page heading is not printed")
        text = page.locator("article").inner_text()
        if len(text.split()) < 20:
            problems.append(f"{name}: almost no content printed ({len(text.split())} words)")
    assert problems == []


def test_tables_are_not_cut(printed, pages):
    """No table wider than the sheet or clipped by its phone scroll box; rows kept whole."""
    problems = []
    for name in pages:
        page = printed(name)
        problems += page.evaluate(
            """name => {
              const out = [], width = document.querySelector('article').getBoundingClientRect().right + 1;
              document.querySelectorAll('article table').forEach((t, i) => {
                if (t.getBoundingClientRect().right > width) out.push(`${name}: table ${i + 1} is wider than the sheet`);
                for (let box = t.parentElement; box && box.tagName !== 'ARTICLE'; box = box.parentElement)
                  if (getComputedStyle(box).overflowX !== 'visible') out.push(`${name}: table ${i + 1} is clipped by .${box.className}`);
                t.querySelectorAll('tr').forEach(r => {
                  if (getComputedStyle(r).breakInside !== 'avoid') out.push(`${name}: table ${i + 1} rows may split across sheets`);
                });
              });
              return [...new Set(out)];
            }""",
            name,
        )
    assert problems == []


def test_care_cards_print_their_level_words_and_each_level_looks_different_in_black_and_white(printed):
    """Urgency is never colour alone: in print every level keeps its words and icon, and
    no two levels share a border style and weight (black on white)."""
    page = printed("when-to-get-help.html")
    cards = page.evaluate(
        """levels => levels.map(level => {
          const card = document.querySelector(`.care-card--${level}`);
          const badge = card.querySelector('.care-card__level'), s = getComputedStyle(card);
          return {level, visible: card.checkVisibility() && badge.checkVisibility(),
                  words: badge.innerText.trim().toLowerCase(), colour: s.borderTopColor,
                  icon: getComputedStyle(badge, '::before').maskImage || getComputedStyle(badge, '::before').webkitMaskImage,
                  border: `${s.borderTopStyle} ${parseFloat(s.borderTopWidth).toFixed(1)} ${parseFloat(s.borderLeftWidth).toFixed(1)}`};
        })""",
        LEVELS,
    )
    problems = [f"{c['level']}: card or level words not printed" for c in cards if not c["visible"]]
    problems += [f"{c['level']}: prints '{c['words']}'" for c in cards if c["words"] != MODEL.levels[c["level"]].label.lower()]
    problems += [f"{c['level']}: border is {c['colour']} in print, not black" for c in cards if c["colour"] != "rgb(0, 0, 0)"]
    problems += [f"{c['level']}: no icon" for c in cards if not c["icon"] or c["icon"] == "none"]
    styles = [c["border"] for c in cards]
    if len(set(styles)) != len(styles):
        problems.append(f"two levels print the same border: {dict(zip(LEVELS, styles))}")
    if len({c["icon"] for c in cards}) != len(cards):
        problems.append("two levels print the same icon")
    assert problems == []


def test_external_link_targets_are_printed(printed):
    page = printed("references.html")
    after = page.eval_on_selector_all(
        "article a[href^='http']", "els => els.map(e => [e.href, getComputedStyle(e, '::after').content])"
    )
    assert after, "no external links on the references page"
    assert [href for href, shown in after if href not in shown] == []
    tel = printed("when-to-get-help.html").eval_on_selector_all(
        "article a[href^='tel:']", "els => els.map(e => getComputedStyle(e, '::after').content)"
    )
    assert tel and set(tel) == {"none"}, "phone numbers are already the link text"


# Long but realistic local contacts: the card must still fit one sheet with them.
LOCAL_CONTACTS = {
    "CONTACT_ORGANISATION": "Example Hospitals NHS Foundation Trust",
    "CONTACT_HELPLINE_NAME": "the Acute Oncology Service 24-hour triage line",
    "CONTACT_HELPLINE_PHONE": "0300 123 4567",
    "CONTACT_EMERGENCY_PHONE": "999",
    "CONTACT_BREAST_CARE_NURSE_NAME": "the breast care nurse team",
    "CONTACT_BREAST_CARE_NURSE_PHONE": "0300 123 4568",
}


@pytest.fixture(scope="module")
def local_contacts_site():
    result = build_site(env=LOCAL_CONTACTS)
    if result.returncode != 0:
        pytest.fail(f"strict build with local contacts failed:\n{result.log}", pytrace=False)
    return result.site


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("contacts", ["default contacts", "local contacts"])
def test_red_flag_card_prints_on_one_sheet_at_11_pt(printed, paper, contacts, request):
    folder = request.getfixturevalue("local_contacts_site") if contacts == "local contacts" else None
    page = printed("red-flag-card.html", folder)
    names = page.locator(".red-flag-card li[id^='card-'] strong").all_inner_texts()
    assert names == [c.name for _, cards in MODEL.cards_by_level() for c in cards]
    # Body text (signs, actions, numbers) at 11 pt or more; only the level badges are smaller.
    sizes = page.eval_on_selector_all(
        ".red-flag-card li, .red-flag-card p:not(.care-card__level), .red-flag-card dt, .red-flag-card dd",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    assert sizes and min(sizes) >= 11 * 96 / 72 - 0.01, f"smallest text {min(sizes)} px"
    if folder:  # the configured numbers are on the card, as phone links, and nothing to write in
        assert page.locator(".triage-summary .care-card__title a[href='tel:03001234567']").count() == 2
        assert "the Acute Oncology Service 24-hour triage line" in page.locator(".my-numbers").inner_text()
        assert page.locator(".my-numbers__write-in").count() == 0
    else:  # a "My numbers" box to write them in
        assert page.locator(".my-numbers__write-in").count() == 3
    pdf = page.pdf(format=paper, print_background=True)
    assert pdf_page_count(pdf) == 1
    # The page is filled, not a third empty: the card reaches well down the sheet.
    used = page.evaluate("() => document.querySelector('.red-flag-card').getBoundingClientRect().bottom")
    printable = {"A4": 297 - 30, "Letter": 279.4 - 30}[paper] * 96 / 25.4  # mm less the print margins (extra.css), in px
    assert used > 0.6 * printable, f"card ends at {used:.0f} px of {printable:.0f}"


def test_red_flag_card_says_the_same_as_the_web_pages(site):
    """Built from the same triage model: every card on When to get help is on the card,
    under the same level, with the same action heading."""
    web = BeautifulSoup((site / "when-to-get-help.html").read_text(encoding="utf-8"), "html.parser")
    card = BeautifulSoup((site / "red-flag-card.html").read_text(encoding="utf-8"), "html.parser")
    web_levels = {c.find("h3")["id"]: next(x for x in c["class"] if x.startswith("care-card--")) for c in web.select("article section.care-card")}
    card_levels = {li["id"].removeprefix("card-"): next(x for x in li.find_parent("section")["class"] if x.startswith("care-card--"))
                   for li in card.select(".red-flag-card li[id^='card-']")}
    assert card_levels == web_levels
    assert card.select(".red-flag-card .care-card--emergency a[href^='tel:']"), "no emergency number link"


def heading_text(heading) -> str:
    """A heading's words, without its "¶" permalink."""
    return " ".join(heading.get_text(" ").split()).removesuffix("¶").strip()


def test_whole_guide_holds_the_facts_red_flags_and_faq_in_order(site):
    soup = BeautifulSoup((site / "print-guide.html").read_text(encoding="utf-8"), "html.parser")
    expected = [front_matter(p)["title"] for p in FACT_PAGES]
    expected += [front_matter(p)["title"] for p in front_matter("print-guide.md")["assemble"][len(FACT_PAGES):]]
    assert expected[len(FACT_PAGES)] == front_matter("when-to-get-help.md")["title"]
    assert expected[-1] == front_matter("faq.md")["title"]
    for tool in ("everyday-life.md", "questions-to-ask.md", "symptom-diary.md"):
        assert front_matter(tool)["title"] in expected
    titles = [heading_text(h) for h in soup.select("article .print-guide__title")]
    assert titles == expected

    def section(slug):
        return soup.select_one(f"section#{slug}")

    problems = []
    # Every red flag and every FAQ question is there.
    web_cards = BeautifulSoup((site / "when-to-get-help.html").read_text(encoding="utf-8"), "html.parser")
    if len(section("when-to-get-help").select(".care-card")) != len(web_cards.select("article .care-card")):
        problems.append("not every red-flag card is in the guide")
    faq = BeautifulSoup((site / "faq.html").read_text(encoding="utf-8"), "html.parser")
    questions = [heading_text(h) for h in faq.select("article h2")]
    in_guide = [heading_text(h) for h in section("faq").select("h3")]
    if in_guide != questions:
        problems.append(f"FAQ questions differ: {set(questions) ^ set(in_guide)}")
    # One document: ids unique, links between its parts land inside it.
    ids = [e["id"] for e in soup.select("[id]")]
    problems += [f"id '{i}' repeats" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [
        f"link {a['href']} has no target" for a in soup.select("article a[href^='#']") if a["href"][1:] not in ids
    ]
    assert problems == []


def test_whole_guide_starts_each_page_on_a_new_sheet(printed):
    page = printed("print-guide.html")
    breaks = page.eval_on_selector_all(".print-guide__part", "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert len(breaks) == len(front_matter("print-guide.md")["assemble"]) and set(breaks) == {"page"}


TOOLS = {"symptom-diary.html": ".symptom-diary", "questions-to-ask.html": ".question-list"}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("contacts", ["default contacts", "local contacts"])
@pytest.mark.parametrize("name", TOOLS)
def test_printable_tools_print_on_one_sheet(printed, name, paper, contacts, request):
    folder = request.getfixturevalue("local_contacts_site") if contacts == "local contacts" else None
    page = printed(name, folder)
    tool = page.locator(f"article {TOOLS[name]}")
    assert tool.evaluate("e => e.checkVisibility()"), "the tool itself is not printed"
    if name == "symptom-diary.html":
        assert page.locator(".symptom-diary table tbody tr").count() == 7, "one row a day for a week"
        if folder:
            line = page.locator(".symptom-diary li", has_text="My 24-hour cancer line")
            assert line.locator("a[href='tel:03001234567']").count() == 1
    pdf = page.pdf(format=paper, print_background=True)
    assert pdf_page_count(pdf) == 1
