"""The front-matter contract and other content rules, on tiny fixtures."""

from __future__ import annotations

import datetime as dt

import pytest

from scripts import content_rules as rules

TODAY = dt.date(2026, 11, 25)
GOOD = {
    "title": "How common is it?",
    "description": "How often breast cancer spreads to the bones.",
    "last_reviewed": dt.date(2026, 11, 25),
    "next_review": dt.date(2027, 11, 25),
    "reviewed_by": "Editorial team",
    "fact": 1,
    "sources": ["R1", "R2", "R3"],
}
KEYS = {"R1", "R2", "R3"}


def check(**changes):
    meta = {**GOOD, **changes}
    meta = {k: v for k, v in meta.items() if v is not ...}
    return rules.check_front_matter(meta, today=TODAY, reference_keys=KEYS)


def test_good_page_has_no_problems():
    assert check() == []


@pytest.mark.parametrize("field", rules.REQUIRED_FIELDS)
def test_each_required_field(field):
    problems = check(**{field: ...})
    assert any(f"missing '{field}'" in p for p in problems), problems


def test_blank_string_counts_as_missing():
    assert any("missing 'reviewed_by'" in p for p in check(reviewed_by="  "))


def test_description_at_most_160_characters():
    assert check(description="x" * 160) == []
    assert any("160" in p for p in check(description="x" * 161))


@pytest.mark.parametrize("value", ["25/11/2026", "2026-13-01", "soon", 20261125])
def test_malformed_dates(value):
    assert any("YYYY-MM-DD" in p for p in check(last_reviewed=value))


def test_dates_as_strings_are_accepted():
    assert check(last_reviewed="2026-11-25", next_review="2027-11-25") == []


def test_next_review_must_follow_last_reviewed():
    assert any("must be after" in p for p in check(next_review=dt.date(2026, 1, 1), last_reviewed=dt.date(2026, 6, 1)))


def test_next_review_at_most_3_years_later():
    assert check(last_reviewed=dt.date(2026, 1, 1), next_review=dt.date(2029, 1, 1)) == []
    assert any("3 years" in p for p in check(last_reviewed=dt.date(2026, 1, 1), next_review=dt.date(2029, 1, 3)))


def test_expired_review_date_fails():
    problems = check(last_reviewed=dt.date(2023, 1, 1), next_review=dt.date(2026, 11, 24))
    assert any("has passed" in p for p in problems)


def test_review_due_today_is_not_yet_expired():
    assert check(last_reviewed=dt.date(2025, 11, 25), next_review=TODAY) == []


def test_last_reviewed_in_the_future():
    assert any("future" in p for p in check(last_reviewed=dt.date(2026, 12, 1), next_review=dt.date(2027, 1, 1)))


def test_fact_pages_need_sources():
    assert any("missing 'sources'" in p for p in check(sources=...))
    assert any("at least 3" in p for p in check(sources=["R1", "R2"]))


def test_other_pages_may_omit_sources():
    assert check(fact=..., sources=...) == []


def test_unknown_reference_key():
    assert any("unknown reference key 'R99'" in p for p in check(sources=["R1", "R2", "R3", "R99"]))


def test_repeated_reference_key():
    assert any("more than once" in p for p in check(sources=["R1", "R2", "R3", "R1"]))


@pytest.mark.parametrize("fact", [0, 8, "3", True])
def test_fact_number_range(fact):
    assert any("'fact'" in p for p in check(fact=fact))


def test_unused_references():
    assert rules.unused_references(["R1", "R2", "R3"], {"R1", "R3"}) == ["R2"]


def test_front_matter_error_explains_yaml_problems():
    assert rules.front_matter_error("---\ntitle: ok\n---\nbody") is None
    assert "not valid YAML" in rules.front_matter_error("---\ntitle: : [x\n---\nbody")
    assert "not closed" in rules.front_matter_error("---\ntitle: x\nbody")
    assert "no front matter" in rules.front_matter_error("# Just a heading\n")


def test_fact_page_needs_key_fact_box_first():
    assert rules.check_fact_page("/// key-fact | Key fact\nx\n///\n\n## One\n") == []
    assert rules.check_fact_page("## One\n\n/// key-fact | Key fact\nx\n///\n")
    assert rules.check_fact_page("## One\n")


def test_review_due():
    assert rules.review_due(GOOD, today=TODAY, within_days=400) == dt.date(2027, 11, 25)
    assert rules.review_due(GOOD, today=TODAY, within_days=30) is None


def test_read_front_matter():
    assert rules.read_front_matter("---\ntitle: A\nfact: 2\n---\nbody") == {"title": "A", "fact": 2}
    assert rules.read_front_matter("no front matter") == {}
    assert rules.read_front_matter("---\n- a list\n---\nbody") == {}
