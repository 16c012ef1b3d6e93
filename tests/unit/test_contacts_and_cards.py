"""Contacts (checked values, placeholders) and the triage blocks, rendered by
Python-Markdown with the real triage model."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from scripts.care_cards import CareCardExtension
from scripts.contacts import Contacts, expand_placeholders, normalise_phone, tel_href
from scripts.triage import load_model

ROOT = Path(__file__).resolve().parents[2]
MODEL, _ = load_model(ROOT / "data" / "triage.yml")

CUSTOM = Contacts(
    organisation="St Elsewhere NHS Trust",
    helpline_name="the St Elsewhere acute oncology line",
    helpline_phone="0300 123 4567",
    emergency_phone="999",
    breast_care_nurse_name="the breast care nurses",
    breast_care_nurse_phone="+44 20 7946 0000",
)


def render(text: str, contacts: Contacts = Contacts()) -> tuple[BeautifulSoup, list[str]]:
    ext = CareCardExtension(contacts=contacts, model=MODEL)
    md = markdown.Markdown(extensions=["toc", ext])
    return BeautifulSoup(md.convert(text), "html.parser"), ext.problems


# --- Phone numbers: what a patient taps must dial what they read ---------------------

@pytest.mark.parametrize("value, shown", [
    ("0300 123 4567", "0300 123 4567"),
    ("  0300  123 4567 ", "0300 123 4567"),
    ("+44 (0)20 7946 0000", "+44 20 7946 0000"),   # the trunk 0 is dropped, shown and dialled
    ("+44(0)20 7946 0000", "+44 20 7946 0000"),
    ("999", "999"),
    ("", ""),
])
def test_accepted_phone_values_are_shown_as_dialled(value, shown):
    assert normalise_phone(value) == shown
    if shown:
        assert tel_href(shown) == "tel:" + shown.replace(" ", "")


@pytest.mark.parametrize("value", [
    "0300 123 4567 (option 2)",          # an extension: the link would dial something else
    "0300 123 4567 ext 12",
    "0300 123 4567 / 0300 123 4568",     # two numbers
    "0300 123 4567 0300 123 4568",       # two numbers run together (too many digits)
    "call the ward",                      # no digits
    "0300-123-4567",                      # dashes
    "(0300) 123 4567",                    # brackets that are not a dropped trunk 0
    "٠٣٠٠ ١٢٣ ٤٥٦٧",                      # non-ASCII digits
    "+44 +20 7946",                       # a second +
    "12",                                 # too short to be a number
])
def test_bad_phone_values_fail_with_the_accepted_form(value):
    with pytest.raises(ValueError, match=r"digits and spaces"):
        normalise_phone(value)


def test_bad_contact_values_are_named_by_variable():
    with pytest.raises(ValueError) as err:
        Contacts.from_config({"helpline_phone": "0300 123 4567 (option 2)", "helpline_name": "line\nbreak",
                              "organisation": "x" * 81})
    message = str(err.value)
    assert "CONTACT_HELPLINE_PHONE" in message and "(option 2)" in message
    assert "CONTACT_HELPLINE_NAME" in message and "line break" in message
    assert "CONTACT_ORGANISATION" in message and "81 characters" in message


def test_contact_names_are_text_not_markdown_or_html():
    soup, _ = render("Call [[helpline]].", Contacts(helpline_name="*24h* <b>line</b> [x](javascript:alert(1))",
                                                    helpline_phone="0300 123 4567"))
    text = soup.get_text()
    assert "*24h* <b>line</b> [x](javascript:alert(1))" in text
    assert not soup.select("em, b, a[href^='javascript']")
    assert [a["href"] for a in soup.select("a")] == ["tel:03001234567"]


# --- Placeholders ------------------------------------------------------------------

def test_default_placeholders_are_generic_and_safe():
    text, problems = expand_placeholders("[[helpline]] / [[emergency]] / [[breast_care_nurse]] / [[organisation]]", Contacts())
    assert problems == []
    assert text.startswith("your 24-hour cancer helpline / [999](tel:999) (UK), [112](tel:112) (EU) or [911](tel:911) (US)")
    assert text.endswith("your breast care nurse / your hospital")


def test_custom_placeholders_become_tel_links_and_spaces_are_accepted():
    text, problems = expand_placeholders("Call [[ helpline ]].", CUSTOM)
    assert problems == []
    assert text == "Call the St Elsewhere acute oncology line on [0300 123 4567](tel:03001234567)."


def test_unknown_placeholder_is_a_problem_and_left_visible():
    text, problems = expand_placeholders("a\nCall [[helpdesk]].", Contacts())
    assert "[[helpdesk]]" in text
    assert problems and problems[0].startswith("line 2: unknown placeholder [[helpdesk]]")


# --- Cards rendered from the model -------------------------------------------------

@pytest.mark.parametrize("card_id", list(MODEL.cards))
def test_every_card_renders_its_level_heading_and_signs(card_id):
    card = MODEL.cards[card_id]
    level = MODEL.levels[card.level]
    soup, problems = render(f"/// care-card | {card_id}\n///\n")
    assert problems == []
    section = soup.select_one(f"section.care-card.care-card--{level.id}")
    heading = section.select_one("h3.care-card__title")
    assert heading["id"] == card_id  # stable, never a phone number
    assert heading.select_one("span.md-visually-hidden").get_text() == f"{level.label}: "
    badge = section.select_one(".care-card__level")
    assert badge.get_text() == level.label and badge["aria-hidden"] == "true"
    assert [li.get_text() for li in section.select(".care-card__signs li")] == [s.text for s in card.signs]
    if card.level == "emergency":
        assert section.select_one(".care-card__why")  # one line on why speed matters


def test_heading_and_body_cannot_disagree_on_timing():
    """Same-day cards say 'today' in the heading and never 'now' in the body."""
    for card in (c for c in MODEL.cards.values() if c.level == "same-day"):
        soup, _ = render(f"/// care-card | {card.id}\n///\n")
        heading = soup.select_one("h3").get_text(" ")
        body = soup.select_one(".care-card__body")
        for esc in body.select(".care-card__escalate"):
            esc.decompose()
        assert " today " in f" {heading} "
        assert " now" not in body.get_text(" ").lower(), card.id


def test_configured_numbers_are_tel_links_and_no_fallback_is_shown():
    soup, _ = render("/// care-card | high-calcium\n///\n\n/// care-card | spinal-cord-compression\n///\n", CUSTOM)
    same_day, emergency = soup.select("section.care-card")
    assert [a["href"] for a in same_day.select("h3 a[href^='tel:']")] == ["tel:03001234567"]
    assert [a["href"] for a in emergency.select("h3 a[href^='tel:']")] == ["tel:999"]
    assert not soup.select(".care-card__fallback")


def test_without_a_24_hour_number_every_card_above_routine_says_what_to_do_instead():
    missing = []
    for card in MODEL.cards.values():
        soup, _ = render(f"/// care-card | {card.id}\n///\n")
        if card.level not in ("emergency", "routine") and not soup.select_one(".care-card__fallback"):
            missing.append(card.id)
    assert missing == []
    soup, _ = render("/// care-card | fever-or-infection\n///\n")
    assert "NHS 111 (or your GP surgery, if it is open) now" in soup.select_one(".care-card__fallback").get_text()


def test_fallback_route_is_a_deployment_setting():
    soup, _ = render("/// care-card | high-calcium\n///\n",
                     Contacts(fallback_service="Healthdirect on 1800 022 222", emergency_department="the emergency department"))
    text = soup.select_one(".care-card__fallback").get_text()
    assert "Healthdirect on 1800 022 222 today" in text and "the emergency department" in text


def test_unknown_card_is_left_as_text_and_text_inside_a_card_is_reported():
    soup, problems = render("/// care-card | urgentish\n///\n")
    assert soup.select("section.care-card") == []
    assert "urgentish" in soup.get_text()  # not silently dropped
    soup, problems = render("/// care-card | broken-bone\n- call 999 or go to A&E\n///\n")
    assert len(soup.select("section.care-card")) == 1
    assert "go to A&E" not in soup.select_one(".care-card__signs").get_text()
    assert problems and "block has text inside it" in problems[0] and "data/triage.yml" in problems[0]


# --- The other views of the model --------------------------------------------------

def test_signs_table_has_every_sign_and_escalation_with_level_words():
    soup, _ = render("/// triage-signs\n///\n")
    rows = soup.select("table tbody tr")
    expected = [s.short for c in MODEL.cards.values() for s in c.signs]
    expected += [c.escalate.short for c in MODEL.cards.values() if c.escalate and c.escalate.short]
    assert sorted(r.select("td")[0].get_text() for r in rows) == sorted(expected)
    ranks = [MODEL.rank(r["class"][1].removeprefix("triage-row--")) for r in rows]
    assert ranks == sorted(ranks), "most urgent first"
    for row in rows:
        level = row["class"][1].removeprefix("triage-row--")
        assert row.select_one(f".triage-level--{level}").get_text() == MODEL.levels[level].label
        assert row.select("a")[-1]["href"].startswith("when-to-get-help.md#")
    assert "How to read this table" in soup.select_one(".table-instructions").get_text()


def test_help_page_block_groups_every_card_under_its_level():
    soup, _ = render("/// triage-cards\n///\n")
    ids = [h["id"] for h in soup.select("section.care-card h3")]
    assert ids == [c.id for _, cards in MODEL.cards_by_level() for c in cards]
    assert [h["id"] for h in soup.select("h2.triage-section")] == [lvl.id for lvl, _ in MODEL.cards_by_level()]


def test_printable_card_lists_every_card_and_a_my_numbers_box():
    soup, _ = render("/// triage-cards | compact\n///\n")
    names = [li.select_one("strong").get_text() for li in soup.select("li[id^='card-']")]
    assert names == [c.name for _, cards in MODEL.cards_by_level() for c in cards]
    box = soup.select_one(".my-numbers")
    assert len(box.select(".my-numbers__write-in")) == 3
    soup, _ = render("/// triage-cards | compact\n///\n", CUSTOM)
    box = soup.select_one(".my-numbers")
    assert box.select(".my-numbers__write-in") == []
    assert {a["href"] for a in box.select("a")} == {"tel:03001234567", "tel:+442079460000", "tel:999"}
    assert "St Elsewhere NHS Trust" in box.get_text()


def test_home_box_lists_the_emergency_signs_from_the_model():
    soup, _ = render("/// triage-home\n///\n")
    box = soup.select_one("section.triage-home")
    assert box.select_one("h2")["id"] == "get-help-now"
    listed = [li.get_text() for li in box.select(".care-card__signs li")]
    assert listed == [short for short, _ in MODEL.home_signs()]
    assert len(listed) <= 7
    assert any("arms, hands or legs" in s for s in listed)
    text = box.get_text(" ")
    assert "back or neck pain" in text and "today" in text
    assert "alert card" in text  # where to find the 24-hour number
