"""Contact placeholders and the care-card block, rendered by Python-Markdown."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from scripts.care_cards import CareCardExtension
from scripts.contacts import Contacts, expand_placeholders, tel_href

CUSTOM = Contacts(
    organisation="St Elsewhere NHS Trust",
    helpline_name="the St Elsewhere acute oncology line",
    helpline_phone="0300 123 4567",
    emergency_phone="999",
    breast_care_nurse_name="the breast care nurses",
    breast_care_nurse_phone="+44 (0)20 7946 0000",
)


def render(text: str, contacts: Contacts = Contacts()) -> BeautifulSoup:
    md = markdown.Markdown(extensions=["toc", CareCardExtension(contacts=contacts)])
    return BeautifulSoup(md.convert(text), "html.parser")


@pytest.mark.parametrize("number, href", [
    ("0300 123 4567", "tel:03001234567"),
    ("+44 (0)20 7946 0000", "tel:+440207946" + "0000"),
    ("999", "tel:999"),
])
def test_tel_href(number, href):
    assert tel_href(number) == href


def test_default_placeholders_are_generic_and_safe():
    text, problems = expand_placeholders("[[helpline]] / [[emergency]] / [[breast_care_nurse]] / [[organisation]]", Contacts())
    assert problems == []
    assert text.startswith("your 24-hour cancer helpline / [999](tel:999) (UK), [112](tel:112) (EU) or [911](tel:911) (US)")
    assert text.endswith("your breast care nurse / your hospital")


def test_custom_placeholders_become_tel_links():
    text, _ = expand_placeholders("Call [[helpline]].", CUSTOM)
    assert text == "Call the St Elsewhere acute oncology line on [0300 123 4567](tel:03001234567)."


def test_unknown_placeholder_is_a_problem_and_left_visible():
    text, problems = expand_placeholders("a\nCall [[helpdesk]].", Contacts())
    assert "[[helpdesk]]" in text
    assert problems and problems[0].startswith("line 2: unknown placeholder [[helpdesk]]")


@pytest.mark.parametrize("level, words, action", [
    ("emergency", "Emergency", "Call 999 (UK), 112 (EU) or 911 (US) now if you have these signs"),
    ("urgent", "Urgent", "Call your 24-hour cancer helpline now if you have these signs"),
    ("non-urgent", "Non-urgent", "Tell your care team at your next contact if you have these signs"),
])
def test_card_heading_states_the_action_with_hidden_level(level, words, action):
    soup = render(f"/// care-card | {level}\n    when: you have these signs\n- a sign\n///\n")
    card = soup.select_one(f"section.care-card.care-card--{level}")
    heading = card.select_one("h3.care-card__title")
    assert heading["id"]  # a real heading: in the outline and the table of contents
    assert heading.select_one("span.md-visually-hidden").get_text() == f"{words}: "
    assert heading.get_text() == f"{words}: {action}"
    badge = card.select_one(".care-card__level")
    assert badge.get_text() == words and badge["aria-hidden"] == "true"
    assert card.select_one(".care-card__body li").get_text() == "a sign"


def test_card_uses_configured_numbers_as_tel_links():
    soup = render("/// care-card | urgent\n    when: x\n- y\n///\n\n/// care-card | emergency\n    when: x\n- y\n///\n", CUSTOM)
    urgent, emergency = soup.select("section.care-card")
    assert [a["href"] for a in urgent.select("h3 a[href^='tel:']")] == ["tel:03001234567"]
    assert [a["href"] for a in emergency.select("h3 a[href^='tel:']")] == ["tel:999"]


def test_placeholders_inside_cards_are_filled():
    soup = render("/// care-card | urgent\n    when: x\n- if you cannot get through, call [[emergency]]\n///\n", CUSTOM)
    assert soup.select_one(".care-card__body a[href='tel:999']")


def test_unknown_level_is_not_rendered_as_a_card():
    soup = render("/// care-card | urgentish\n- y\n///\n")
    assert soup.select("section.care-card") == []
    assert "urgentish" in soup.get_text() and "y" in soup.get_text().split()  # nothing silently dropped
