"""Care cards in the built site, from the triage model: real headings with stable ids
and the hidden level prefix; every page's tel: links dial exactly the number shown;
a hospital's own contacts replace every default after a rebuild."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.triage import load_model
from tests.helpers import build_site, world_readable_tempdir

ROOT = Path(__file__).resolve().parents[2]
MODEL, _ = load_model(ROOT / "data" / "triage.yml")
CUSTOM = {
    "CONTACT_ORGANISATION": "St Elsewhere NHS Trust",
    "CONTACT_HELPLINE_NAME": "the St Elsewhere acute oncology line",
    "CONTACT_HELPLINE_PHONE": "0300 123 4567",
    "CONTACT_EMERGENCY_PHONE": "112",
    "CONTACT_BREAST_CARE_NURSE_NAME": "the breast care nurses",
    "CONTACT_BREAST_CARE_NURSE_PHONE": "+44 (0)20 7946 0000",
}
CARD_PAGES = ["when-to-get-help.html", "symptoms-and-red-flags.html"]


def soup_of(site, name) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def cards(site, name):
    return soup_of(site, name).select("article section.care-card")


def level_of(card) -> str:
    return next(c.removeprefix("care-card--") for c in card["class"] if c.startswith("care-card--"))


@pytest.fixture(scope="module")
def custom_site():
    result = build_site(site_dir=world_readable_tempdir("contacts-") / "site", env=CUSTOM)
    assert result.returncode == 0, result.log[-3000:]
    return result.site


@pytest.mark.parametrize("name", CARD_PAGES)
def test_cards_are_headings_with_stable_ids_and_hidden_level(name, site):
    found = cards(site, name)
    assert found
    problems = []
    for card in found:
        level = MODEL.levels[level_of(card)]
        heading = card.find(["h2", "h3", "h4"])
        prefix = heading.select_one("span.md-visually-hidden") if heading else None
        if heading is None or heading.get("id") not in set(MODEL.cards) | set(MODEL.levels):
            problems.append(f"{level.id} card heading id {heading and heading.get('id')!r} is not a card id")
        elif re.search(r"\d{3}", heading["id"]):
            problems.append(f"{heading['id']}: a phone number in the anchor")
        elif prefix is None or prefix.get_text() != f"{level.label}: ":
            problems.append(f"{heading.get_text()}: hidden level prefix missing")
    assert problems == []


def test_when_to_get_help_shows_every_card_grouped_by_level_most_urgent_first(site):
    found = cards(site, "when-to-get-help.html")
    assert [c.find("h3")["id"] for c in found] == [c.id for _, cs in MODEL.cards_by_level() for c in cs]
    sections = [h["id"] for h in soup_of(site, "when-to-get-help.html").select("h2.triage-section")]
    assert sections == [lvl.id for lvl, _ in MODEL.cards_by_level()]


def test_symptoms_table_is_rendered_from_the_model(site):
    rows = soup_of(site, "symptoms-and-red-flags.html").select(".triage-signs tbody tr")
    assert len(rows) == len(MODEL.sign_rows())
    links = {a["href"] for r in rows for a in r.select("a") if not a["href"].startswith("tel:")}
    assert links == {f"when-to-get-help.html#{c.id}" for c in MODEL.cards.values()}


def test_default_build_uses_generic_wording_and_the_fallback_route(site):
    text = " ".join(c.get_text(" ") for c in cards(site, "when-to-get-help.html"))
    assert "your 24-hour cancer helpline" in text
    links = {a["href"] for c in cards(site, "when-to-get-help.html") for a in c.select("h3 a[href^='tel:']")}
    assert links == {"tel:999", "tel:112", "tel:911"}
    page = " ".join(soup_of(site, "when-to-get-help.html").get_text(" ").split())
    assert "NHS 111 (or your GP surgery, if it is open) now" in page and "NHS 111 (or your GP surgery, if it is open) today" in page


def _tel_problems(site) -> list[str]:
    problems = []
    for path in sorted(site.rglob("*.html")):
        for a in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("a[href^='tel:']"):
            shown = a.get_text()
            if a["href"] != "tel:" + re.sub(r"[^\d+]", "", shown) or not re.fullmatch(r"\+?[\d ]+", shown):
                problems.append(f"{path.name}: '{shown}' dials {a['href']}")
    return problems


def test_every_tel_link_dials_exactly_the_number_shown(site, custom_site):
    assert _tel_problems(site) == []
    assert _tel_problems(custom_site) == []
    # The (0) after the country code is dropped from what is shown too.
    nurse = soup_of(custom_site, "red-flag-card.html").select("a[href='tel:+442079460000']")
    assert nurse and nurse[0].get_text() == "+44 20 7946 0000"


@pytest.mark.parametrize("name", CARD_PAGES + ["red-flag-card.html", "index.html"])
def test_custom_contacts_appear_in_every_card_heading(name, custom_site):
    problems = []
    for card in cards(custom_site, name):
        heading = card.find(["h2", "h3", "h4"])
        hrefs = [a["href"] for a in heading.select("a[href^='tel:']")]
        level = level_of(card)
        want = ["tel:112"] if level == "emergency" else ["tel:03001234567"] if level in ("call-now", "same-day") else []
        if hrefs != want and not (level == "emergency" and "triage-home" in card["class"]):
            problems.append(f"{level} card '{heading.get_text()}' links {hrefs}")
    assert problems == []
    article = soup_of(custom_site, name).select_one("article")
    assert "999" not in article.get_text(), "a default number is left once the hospital set its own"
    assert not article.select(".care-card__fallback"), "no fallback route once a 24-hour number is set"


def test_custom_contacts_fill_the_home_box_and_the_card_page(custom_site):
    home = soup_of(custom_site, "index.html").select_one("section.triage-home")
    assert home.select("a[href='tel:112']")
    assert home.select("a[href='tel:03001234567']")
    assert "the St Elsewhere acute oncology line" in home.get_text()
    assert "St Elsewhere NHS Trust" in home.get_text()  # CONTACT_ORGANISATION is shown
    numbers = soup_of(custom_site, "red-flag-card.html").select_one(".my-numbers")
    assert "St Elsewhere NHS Trust" in numbers.get_text()
    assert not numbers.select(".my-numbers__write-in")
