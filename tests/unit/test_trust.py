"""Feedback address, prefilled email links and per-deployment statements."""

from __future__ import annotations

import itertools
from urllib.parse import parse_qs, urlsplit

import pytest

from scripts import trust


@pytest.mark.parametrize("value", ["patient.information@example-trust.nhs.uk", "feedback@hospital.org.uk"])
def test_real_addresses_are_accepted(value):
    assert trust.check_email(value) == (value, None)


def test_no_address_is_fine_and_hides_the_links():
    assert trust.check_email("") == ("", None)
    assert trust.check_email(None) == ("", None)


@pytest.mark.parametrize("value", ["not-an-address", "a@b", "two@one.org, three@two.org", "a b@c.org"])
def test_bad_addresses_name_the_variable(value):
    email, problem = trust.check_email(value)
    assert email == "" and "FEEDBACK_EMAIL" in problem


@pytest.mark.parametrize("value", ["feedback@example.org", "me@example.com", "a@mail.example"])
def test_placeholder_addresses_are_refused(value):
    email, problem = trust.check_email(value)
    assert email == "" and "placeholder" in problem


def test_mailto_has_the_title_and_review_date_in_the_subject():
    href = trust.mailto("feedback@hospital.org.uk", title="How common is it?", reviewed="2026-11-25", about="feedback on")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "feedback@hospital.org.uk"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Breast cancer in the bones guide: feedback on How common is it? (page reviewed 2026-11-25)"]
    assert "medical details" in query["body"][0]
    assert " " not in href and "&amp;" not in href


def test_statements_use_honest_defaults_and_escape_configured_text():
    values, problems = trust.statements({})
    assert problems == [] and "No funding has been declared" in values["funding"]
    values, _ = trust.statements({"publisher": "Example <Trust> & Co"})
    html = trust.render_statements(values)
    assert "Example &lt;Trust&gt; &amp; Co" in html
    _, problems = trust.statements({"conflicts": "x" * 700})
    assert problems and "CONFLICTS_STATEMENT" in problems[0]


def test_the_accessibility_statement_describes_the_tests_that_run():
    from tests.browser.test_accessibility import COMBOS

    assert sorted(COMBOS) == sorted(itertools.product(trust.AXE_WIDTHS, trust.AXE_PALETTES))
    figures = trust.render_figures(18, trust.AXE_WIDTHS, trust.AXE_PALETTES)
    assert ">18<" in figures and ">72<" in figures
