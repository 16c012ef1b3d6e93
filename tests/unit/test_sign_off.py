"""Fingerprints bind a sign-off to exactly what was reviewed; strict mode and the record rules."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from scripts import sign_off
from scripts.sign_off import Inputs, fingerprint

TODAY = dt.date(2026, 12, 2)
PAGE = """---
title: Broken bones
description: "What to do if a bone breaks."
last_reviewed: 2026-11-25
next_review: 2027-11-25
reviewed_by: Editorial team
sources: [R1, R2]
---

Some text about bones.

--8<-- "cards/broken-bone.md"

/// care-card | broken-bone
///
"""
SNIPPETS = {
    "cards/broken-bone.md": "Keep still.\n\n--8<-- \"shared/keep-still.md\"\n",
    "shared/keep-still.md": "Do not walk on it.\n",
    "abbreviations.md": "*[A&E]: Accident and emergency.\n",
    "other.md": "Unrelated.\n",
}
REFS = {"R1": {"title": "One", "year": 2020}, "R2": {"title": "Two", "year": 2021}, "R3": {"title": "Three", "year": 2022}}
TRIAGE = {
    "levels": {"emergency": {"heading": "Call 999 now if"}, "soon": {"heading": "Tell your team within a few days if"}},
    "cards": {"broken-bone": {"level": "emergency", "signs": ["sudden bone pain"]},
              "new-bone-pain": {"level": "soon", "signs": ["new pain"]}},
}


def inputs(snippets=None, refs=None, triage=None, pages=None) -> Inputs:
    snippets = dict(SNIPPETS if snippets is None else snippets)
    return Inputs(read_snippet=snippets.get, references=REFS if refs is None else refs,
                  triage=TRIAGE if triage is None else triage, read_page=(pages or {}).get)


def fp(page=PAGE, **kw) -> str:
    return fingerprint(page, inputs(**kw))


def test_fingerprint_is_stable_and_well_formed():
    assert fp() == fp()
    assert sign_off.FINGERPRINT.match(fp())


def test_a_change_to_the_page_body_changes_it():
    assert fp(PAGE.replace("Some text", "Some new text")) != fp()


@pytest.mark.parametrize("edit", [
    lambda t: t.replace('description: "What to do if a bone breaks."', "description:    What to do if a bone breaks.   "),
    lambda t: t.replace("sources: [R1, R2]", "sources:\n  - R1\n  - R2"),
    lambda t: t.replace("sources: [R1, R2]", "sources: [ R1,R2 ]"),
    lambda t: t.replace("title: Broken bones", "title:   'Broken bones'"),
    lambda t: t.replace("---\n\nSome", "---\nSome").replace("\n", "\r\n"),
])
def test_whitespace_only_front_matter_changes_do_not(edit):
    assert fp(edit(PAGE)) == fp()


def test_review_bookkeeping_fields_do_not_count():
    edited = PAGE.replace("last_reviewed: 2026-11-25", "last_reviewed: 2026-12-01").replace(
        "reviewed_by: Editorial team", "reviewed_by: Dr Someone")
    assert fp(edited) == fp()


def test_a_content_front_matter_field_does():
    assert fp(PAGE.replace("title: Broken bones", "title: Broken bone")) != fp()


def test_an_included_snippet_changes_it_and_so_does_a_snippet_it_includes():
    assert fp(snippets={**SNIPPETS, "cards/broken-bone.md": "Keep very still.\n"}) != fp()
    assert fp(snippets={**SNIPPETS, "shared/keep-still.md": "Do not stand on it.\n"}) != fp()


def test_the_auto_appended_abbreviations_count_but_unrelated_snippets_do_not():
    assert fp(snippets={**SNIPPETS, "abbreviations.md": "*[A&E]: Emergency department.\n"}) != fp()
    assert fp(snippets={**SNIPPETS, "other.md": "Changed.\n"}) == fp()


def test_a_missing_snippet_gives_a_different_fingerprint():
    snippets = {k: v for k, v in SNIPPETS.items() if k != "cards/broken-bone.md"}
    assert fp(snippets=snippets) != fp()


def test_a_cited_reference_changes_it_but_an_uncited_one_does_not():
    assert fp(refs={**REFS, "R2": {"title": "Two (2nd edition)", "year": 2021}}) != fp()
    assert fp(refs={**REFS, "R3": {"title": "Changed", "year": 2024}}) == fp()


def test_reference_entries_are_compared_as_values_not_text():
    assert fp(refs={"R1": {"year": 2020, "title": "One "}, "R2": REFS["R2"]}) == fp()


def test_a_shown_card_changes_it_but_another_card_does_not():
    changed = yaml.safe_load(yaml.safe_dump(TRIAGE))
    changed["cards"]["broken-bone"]["signs"].append("cannot stand")
    assert fp(triage=changed) != fp()
    other = yaml.safe_load(yaml.safe_dump(TRIAGE))
    other["cards"]["new-bone-pain"]["signs"] = ["changed"]
    assert fp(triage=other) == fp()


def test_a_card_shown_through_a_snippet_counts():
    page = PAGE.replace("/// care-card | broken-bone\n///\n", "")
    snippets = {**SNIPPETS, "cards/broken-bone.md": "/// care-card | new-bone-pain\n///\n"}
    changed = yaml.safe_load(yaml.safe_dump(TRIAGE))
    changed["cards"]["new-bone-pain"]["signs"] = ["changed"]
    assert fingerprint(page, inputs(snippets=snippets, triage=changed)) != fingerprint(page, inputs(snippets=snippets))


def test_card_headings_come_from_levels_so_levels_count_for_pages_with_cards():
    changed = yaml.safe_load(yaml.safe_dump(TRIAGE))
    changed["levels"]["emergency"]["heading"] = "Call 999 straight away if"
    assert fp(triage=changed) != fp()
    no_cards = PAGE.replace("/// care-card | broken-bone\n///\n", "")
    assert fp(no_cards, triage=changed) == fp(no_cards)


def test_a_triage_block_depends_on_the_whole_triage_file():
    page = "---\ntitle: Triage\n---\n\n/// triage-table\n///\n"
    changed = yaml.safe_load(yaml.safe_dump(TRIAGE))
    changed["cards"]["new-bone-pain"]["signs"] = ["changed"]
    assert fingerprint(page, inputs(triage=changed)) != fingerprint(page, inputs())
    plain = "---\ntitle: Plain\n---\n\nNo triage here.\n"
    assert fingerprint(plain, inputs(triage=changed)) == fingerprint(plain, inputs())


def test_an_assembling_page_depends_on_the_pages_it_assembles():
    guide = "---\ntitle: Whole guide\nassemble: [a.md, b.md]\n---\n\n<!-- print-guide -->\n"
    pages = {"a.md": "---\ntitle: A\n---\n\nA.\n", "b.md": "---\ntitle: B\n---\n\nB.\n"}
    before = fingerprint(guide, inputs(pages=pages))
    assert fingerprint(guide, inputs(pages={**pages, "b.md": "---\ntitle: B\n---\n\nB changed.\n"})) != before


def test_project_reads_the_files(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "includes" / "cards").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "docs" / "x.md").write_text(PAGE, encoding="utf-8")
    for name, text in SNIPPETS.items():
        (tmp_path / "includes" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "includes" / name).write_text(text, encoding="utf-8")
    (tmp_path / "data" / "references.yml").write_text(yaml.safe_dump(REFS), encoding="utf-8")
    (tmp_path / "data" / "triage.yml").write_text(yaml.safe_dump(TRIAGE), encoding="utf-8")
    project = sign_off.Project(tmp_path)
    assert project.pages() == ["x.md"]
    assert project.fingerprint("x.md") == fp()


# --- records, state and strict mode -------------------------------------------------

def record(**kw) -> dict:
    return {"name": "Dr Jane Smith", "role": "Consultant clinical oncologist", "organisation": "Example Trust",
            "date": dt.date(2026, 12, 1), "fingerprint": fp(), **kw}


def test_state_signed_off_changed_and_not_signed_off():
    assert sign_off.sign_off_state([record()], fp()).status == "signed-off"
    assert sign_off.sign_off_state([record()], fp(PAGE + "\nMore.\n")).status == "changed"
    assert sign_off.sign_off_state(None, fp()).status == "not-signed-off"
    assert sign_off.sign_off_state(None, fp(), needed=False).status == "not-needed"


def test_the_newest_record_counts():
    old = record(date=dt.date(2026, 1, 1), fingerprint="sha256:" + "1" * 64)
    assert sign_off.sign_off_state([record(), old], fp()).status == "signed-off"
    assert sign_off.sign_off_state([old, record(date=dt.date(2025, 1, 1))], fp()).status == "changed"


def test_strict_mode_refuses_changed_and_unsigned_pages_naming_the_fix():
    changed = sign_off.strict_problem("x.md", sign_off.sign_off_state([record()], fp(PAGE + "x")))
    assert "changed after clinical sign-off by Dr Jane Smith" in changed and "make sign-off PAGE=docs/x.md" in changed
    unsigned = sign_off.strict_problem("x.md", sign_off.sign_off_state(None, fp()))
    assert "no clinical sign-off" in unsigned and "make sign-off PAGE=docs/x.md" in unsigned
    assert sign_off.strict_problem("x.md", sign_off.sign_off_state([record()], fp())) is None
    assert sign_off.strict_problem("x.md", sign_off.sign_off_state(None, fp(), needed=False)) is None


@pytest.mark.parametrize("value,expected", [("true", True), ("TRUE", True), ("1", True), ("false", False), ("", False), (None, False), (True, True)])
def test_strict_flag(value, expected):
    assert sign_off.parse_flag(value, "STRICT_PUBLISHING") == (expected, None)


def test_a_bad_strict_flag_is_a_problem_naming_the_variable():
    value, problem = sign_off.parse_flag("ture", "STRICT_PUBLISHING")  # codespell:ignore ture (the typo is the test)
    assert value is False and "STRICT_PUBLISHING" in problem and "true or false" in problem


def test_record_checks():
    assert sign_off.check_record(record(), today=TODAY) == []
    problems = sign_off.check_record(record(name=" ", date="tomorrow", fingerprint="abc", role="x" * 200), today=TODAY)
    assert any("'name'" in p for p in problems)
    assert any("'date'" in p for p in problems)
    assert any("'fingerprint'" in p and "make sign-off" in p for p in problems)
    assert any("'role'" in p and "120" in p for p in problems)
    assert any("future" in p for p in sign_off.check_record(record(date=dt.date(2030, 1, 1)), today=TODAY))


def test_file_checks_name_unknown_pages():
    problems = sign_off.check_sign_offs({"nope.md": [record()]}, pages=["x.md"], today=TODAY)
    assert problems and "nope.md" in problems[0]
    assert sign_off.check_sign_offs({"x.md": [record()]}, pages=["x.md"], today=TODAY) == []
    assert sign_off.check_sign_offs({}, pages=["x.md"], today=TODAY) == []


def test_page_key():
    assert sign_off.page_key("docs/how-common.md") == sign_off.page_key("./docs/how-common.md") == sign_off.page_key("how-common.md") == "how-common.md"


def test_clinical_sign_off_field():
    assert sign_off.sign_off_needed({}) == (True, None)
    assert sign_off.sign_off_needed({"clinical_sign_off": "not-needed"}) == (False, None)
    needed, problem = sign_off.sign_off_needed({"clinical_sign_off": "no"})
    assert needed and "clinical_sign_off" in problem


def test_broken_front_matter_still_gets_a_fingerprint_and_no_crash():
    broken = PAGE.replace("title: Broken bones", "title: : [unclosed")
    assert sign_off.FINGERPRINT.match(fp(broken)) and fp(broken) != fp()
    assert sign_off.page_meta(broken) == {}
