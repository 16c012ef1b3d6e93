"""Care cards in the built site: real headings with the hidden level prefix, and the
configured contacts as tel: links after a rebuild with a hospital's own numbers."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.helpers import build_site, world_readable_tempdir

CUSTOM = {
    "CONTACT_ORGANISATION": "St Elsewhere NHS Trust",
    "CONTACT_HELPLINE_NAME": "the St Elsewhere acute oncology line",
    "CONTACT_HELPLINE_PHONE": "0300 123 4567",
    "CONTACT_EMERGENCY_PHONE": "112",
    "CONTACT_BREAST_CARE_NURSE_NAME": "the breast care nurses",
    "CONTACT_BREAST_CARE_NURSE_PHONE": "0300 765 4321",
}
CARD_PAGES = ["when-to-get-help.html", "symptoms-and-red-flags.html"]
LEVEL_WORDS = {"emergency": "Emergency: ", "urgent": "Urgent: ", "non-urgent": "Non-urgent: "}


def cards(site, name):
    soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
    return soup.select("section.care-card")


@pytest.fixture(scope="module")
def custom_site():
    result = build_site(site_dir=world_readable_tempdir("contacts-") / "site", env=CUSTOM)
    assert result.returncode == 0, result.log[-3000:]
    return result.site


@pytest.mark.parametrize("name", CARD_PAGES)
def test_cards_are_headings_with_hidden_level(name, site):
    found = cards(site, name)
    assert found
    problems = []
    for card in found:
        level = next(c.removeprefix("care-card--") for c in card["class"] if c.startswith("care-card--"))
        heading = card.find(["h2", "h3", "h4"])
        prefix = heading.select_one("span.md-visually-hidden") if heading else None
        if heading is None or not heading.get("id"):
            problems.append(f"{level} card without a heading id")
        elif prefix is None or prefix.get_text() != LEVEL_WORDS[level]:
            problems.append(f"{heading.get_text()}: hidden level prefix missing")
    assert problems == []


def test_when_to_get_help_has_every_level_emergencies_first(site):
    levels = [next(c for c in card["class"] if c.startswith("care-card--")) for card in cards(site, "when-to-get-help.html")]
    assert {"care-card--emergency", "care-card--urgent", "care-card--non-urgent"} <= set(levels)
    order = {"care-card--emergency": 0, "care-card--urgent": 1, "care-card--non-urgent": 2}
    assert [order[l] for l in levels] == sorted(order[l] for l in levels)


def test_default_build_uses_generic_wording(site):
    text = " ".join(c.get_text(" ") for c in cards(site, "when-to-get-help.html"))
    assert "your 24-hour cancer helpline" in text
    links = {a["href"] for c in cards(site, "when-to-get-help.html") for a in c.select("h3 a[href^='tel:']")}
    assert links == {"tel:999", "tel:112", "tel:911"}


@pytest.mark.parametrize("name", CARD_PAGES)
def test_custom_contacts_appear_in_every_urgent_and_emergency_card(name, custom_site):
    problems = []
    for card in cards(custom_site, name):
        heading = card.find(["h2", "h3", "h4"])
        hrefs = [a["href"] for a in heading.select("a[href^='tel:']")]
        if "care-card--emergency" in card["class"] and hrefs != ["tel:112"]:
            problems.append(f"emergency card '{heading.get_text()}' links {hrefs}")
        if "care-card--urgent" in card["class"] and hrefs != ["tel:03001234567"]:
            problems.append(f"urgent card '{heading.get_text()}' links {hrefs}")
    assert problems == []
    # No default number is left anywhere once the hospital has set its own.
    article = BeautifulSoup((custom_site / name).read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert "999" not in article.get_text()


def test_custom_contacts_fill_placeholders_in_text(custom_site):
    soup = BeautifulSoup((custom_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article.select("a[href='tel:112']")
    assert "St Elsewhere acute oncology line" in article.get_text()
    assert article.select("a[href='tel:03001234567']")
