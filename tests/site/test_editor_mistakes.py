"""Editor mistakes stop the build with a message naming the file (and the field).

Each case builds a scratch copy of the project with one mistake injected. The tables
below are the cases from the two reviews (../shared/reviews/editor-and-it-tryout-2026-12.md,
part 3, and security-review-2026-12.md, section 3): input, then the words the message
must contain. Numbers in the comments are the rows of those tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import build_site, copy_project, world_readable_tempdir

FACT_PAGE = "docs/how-common.md"
FAQ = "docs/faq.md"
ABOUT = "docs/about.md"


def _edit(project: Path, rel: str, change) -> None:
    path = project / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _front_matter(field: str, value: str):
    return lambda text: re.sub(rf"^{field}:.*$", f"{field}: {value}", text, count=1, flags=re.M)


def _drop_field(field: str):
    return lambda text: re.sub(rf"^{field}:.*\n", "", text, count=1, flags=re.M)


def _append(extra: str):
    return lambda text: text.rstrip() + "\n\n" + extra + "\n"


CASES = {
    "broken internal link": (FACT_PAGE, _append("See [the missing page](no-such-page.md)."), ["how-common.md", "no-such-page.md"]),
    "link to a missing anchor": (FACT_PAGE, _append("See [this](diagnosis.md#no-such-heading)."), ["how-common.md", "no-such-heading"]),
    "page left out of the nav": ("docs/orphan.md", None, ["orphan.md"]),
    "missing review date": (FACT_PAGE, _drop_field("next_review"), ["how-common.md", "next_review"]),
    "malformed review date": (FACT_PAGE, _front_matter("last_reviewed", "25/11/2026"), ["how-common.md", "last_reviewed", "YYYY-MM-DD"]),
    "expired review date": (FACT_PAGE, lambda t: _front_matter("next_review", "2021-01-01")(_front_matter("last_reviewed", "2020-01-01")(t)), ["how-common.md", "next_review", "has passed"]),
    "review more than 3 years ahead": (FACT_PAGE, _front_matter("next_review", "2035-01-01"), ["how-common.md", "next_review", "3 years"]),
    "unknown reference key": (FACT_PAGE, lambda t: re.sub(r"^sources: \[", "sources: [R9999, ", t, count=1, flags=re.M) if re.search(r"^sources: \[", t, re.M) else re.sub(r"^sources:\n", "sources:\n  - R9999\n", t, count=1, flags=re.M), ["how-common.md", "R9999"]),
    "malformed front matter": (FACT_PAGE, lambda t: t.replace("title:", "title: : [unclosed", 1), ["how-common.md", "front matter"]),
    "description too long": (FACT_PAGE, _front_matter("description", "x" * 200), ["how-common.md", "description", "160"]),
    "unknown care-card level": (FACT_PAGE, _append("/// care-card | urgentish\n- a sign\n///"), ["how-common.md", "urgentish"]),
    "unknown contact placeholder": (FACT_PAGE, _append("Call [[helpdesk]] now."), ["how-common.md", "[[helpdesk]]"]),
    "fact page without its key-fact box": (FACT_PAGE, lambda t: re.sub(r"^/// key-fact.*?^///\n", "", t, count=1, flags=re.M | re.S), ["how-common.md", "key-fact"]),
}


def _unclose_key_fact(text: str) -> str:
    """Delete the closing /// of the key-fact box (editor row 8b)."""
    start = re.search(r"^/// key-fact.*$", text, re.M)
    close = re.compile(r"^///\s*$", re.M).search(text, start.end())
    return text[:close.start()] + text[close.end():]


def _duplicate_first_question(text: str) -> str:
    first = re.search(r"^## .*\?$.*?(?=^## |\Z)", text, re.M | re.S).group(0)
    return text.rstrip() + "\n\n" + first.strip() + "\n"


def _rename_key(old: str, new: str):
    return lambda text: re.sub(rf"^{old}:", f"{new}:", text, count=1, flags=re.M)


def _tab_indent_sources(text: str) -> str:
    return re.sub(r"^sources:.*$", "sources:\n\t- R1", text, count=1, flags=re.M)


HARD_TEXT = ("Notwithstanding the considerable heterogeneity characterising contemporaneous epidemiological "
             "investigations, multidisciplinary oncological practitioners predominantly acknowledge that "
             "osteotropic dissemination constitutes the preponderant metastatic manifestation. ") * 30

# Mistakes and attacks that used to pass silently: (file, change, words in the message).
SILENT_BEFORE = {
    # Editor try-out, part 3
    "2: misspelt required field next_reveiw": (FACT_PAGE, _rename_key("next_review", "next_reveiw"), ["how-common.md", "'next_reveiw'", "did you mean 'next_review'"]),
    "2b: misspelt optional field source": (FAQ, _rename_key("sources", "source"), ["faq.md", "'source'", "did you mean 'sources'"]),
    "7c: tab-indented front matter": (FACT_PAGE, _tab_indent_sources, ["how-common.md", "line", "replace the tab with spaces"]),
    "8b: unclosed key-fact box": (FACT_PAGE, _unclose_key_fact, ["how-common.md", "line 11", "'key-fact' block", "never closed"]),
    "8c: stray block closer": (FACT_PAGE, _append("///"), ["how-common.md", "closes no block"]),
    "8d: unclosed block nested in a div": (FACT_PAGE, _append('<div class="note" markdown>\n\n/// note | Inner\nText.\n\n</div>'), ["how-common.md", "'note' block", "never closed"]),
    "10: duplicated FAQ question": (FAQ, _duplicate_first_question, ["faq.md", "already asked on line"]),
    "11: image without alt text": (FACT_PAGE, _append("![](assets/images/skeleton-common-sites.svg)"), ["how-common.md", "skeleton-common-sites.svg", "no alt text"]),
    "11b: HTML image with empty alt": (FACT_PAGE, _append('<img src="assets/images/skeleton-common-sites.svg" alt="">'), ["how-common.md", "<img>", "no alt text"]),
    "14: phone number typed into a page": (FACT_PAGE, _append("Call 0300 123 4567 for advice."), ["how-common.md", "'0300 123 4567'", "[[helpline]]"]),
    "14b: international number typed into a page": (FACT_PAGE, _append("Ring +44 (0)20 7946 0000."), ["how-common.md", "looks like a phone number"]),
    "14c: tel: link that dials another number": (FACT_PAGE, _append("Call [0808 800 6000](tel:08088006001)."), ["how-common.md", "tel: link dials", "0808 800 6000"]),
    "19: FAQ answer without a link to a fact page": (FAQ, _append("## Can I still exercise at the gym?\n\nYes, gently."), ["faq.md", "Can I still exercise at the gym?", "links to no fact page"]),
    "fact page above reading grade 8": (FACT_PAGE, _append(HARD_TEXT), ["how-common.md", "reading grade", "8"]),
    "fact page without its table": (FACT_PAGE, lambda t: re.sub(r"^\|.*\|\n", "", t, flags=re.M), ["how-common.md", "no table with a header row"]),
    # Security review, section 3
    "16: reviewed_by with an event handler": (ABOUT, _front_matter("reviewed_by", "\"Editorial team <img src=x onerror=alert('R')>\""), ["about.md", "'reviewed_by'", "plain text"]),
    "15: title with a script end tag": (ABOUT, _front_matter("title", "\"About </script><b>x</b>\""), ["about.md", "'title'", "plain text"]),
    "17: raw <script> in Markdown": (ABOUT, _append("<script>alert(1)</script>"), ["about.md", "<script> tag"]),
    "17b: on...= attribute in Markdown": (ABOUT, _append('<span onmouseover="alert(1)">x</span>'), ["about.md", "'onmouseover='"]),
    "17c: javascript: link in Markdown": (ABOUT, _append("[click](javascript:alert(1))"), ["about.md", "'javascript:'"]),
    "39a: compact next_review date": (ABOUT, _front_matter("next_review", '"20271125"'), ["about.md", "next_review", "YYYY-MM-DD"]),
    "39b: ISO week next_review date": (ABOUT, _front_matter("next_review", '"2027-W47-4"'), ["about.md", "next_review", "YYYY-MM-DD"]),
    "39c: next_review with a leading space": (ABOUT, _front_matter("next_review", '" 2027-11-25"'), ["about.md", "next_review", "YYYY-MM-DD"]),
    "next_review with a time": (ABOUT, _front_matter("next_review", "2027-11-25 10:00:00"), ["about.md", "next_review", "YYYY-MM-DD"]),
}


@pytest.mark.parametrize("case", SILENT_BEFORE)
def test_mistake_that_used_to_pass_now_fails_by_name(case, tmp_path):
    project = copy_project(tmp_path / "project")
    rel, change, expected = SILENT_BEFORE[case]
    _edit(project, rel, change)
    result = build_site(project, world_readable_tempdir("mistake-") / "site", timeout=120)
    assert result.returncode != 0, f"build passed despite: {case}"
    relevant = [line for line in result.warnings if all(word in line for word in expected)]
    assert relevant, f"no warning naming {expected}:\n" + "\n".join(result.warnings or [result.log[-3000:]])


def _first_card_include(project: Path) -> tuple[Path, str, int]:
    """An included file with a /// block shown inside a <div markdown> (the red-flag card):
    (the file, its include path, the page line that includes it)."""
    page = project / "docs" / "red-flag-card.md"
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(r'^\s*--8<-- "([^"]+)"', line)
        path = project / "includes" / match.group(1) if match else None
        if path and path.is_file() and re.search(r"^///\s*$", path.read_text(encoding="utf-8"), re.M):
            return path, match.group(1), number
    # The card page no longer includes files: recreate the same shape on it.
    (project / "includes" / "test-card.md").write_text("/// care-card | broken-bone\n///\n", encoding="utf-8")
    _edit(project, "docs/red-flag-card.md", _append('<div class="red-flag-card" markdown>\n\n--8<-- "test-card.md"\n\n</div>\n\nAfter.'))
    return _first_card_include(project)


def _without_last_closer(text: str) -> str:
    last = list(re.finditer(r"^///\s*$", text, re.M))[-1]
    return text[:last.start()] + text[last.end():]


@pytest.mark.parametrize("where", ["in the included card", "typed into the card page"])
def test_unclosed_card_block_fails_fast_instead_of_hanging(where, tmp_path):
    """Editor row 8 / issue 13 section 5: this used to hang `mkdocs build` at 100% CPU
    (md_in_html + snippets + pymdownx.blocks). The build must fail within the timeout."""
    project = copy_project(tmp_path / "project")
    path, rel, line = _first_card_include(project)
    card = _without_last_closer(path.read_text(encoding="utf-8"))
    if where == "in the included card":
        path.write_text(card, encoding="utf-8")
        expected = [f"includes/{rel}", "never closed", f"included from red-flag-card.md line {line}"]
    else:
        page = project / "docs" / "red-flag-card.md"
        lines = page.read_text(encoding="utf-8").splitlines()
        lines[line - 1] = card.rstrip("\n")
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
        expected = ["red-flag-card.md", f"line {line}:", "never closed"]
    result = build_site(project, world_readable_tempdir("mistake-") / "site", timeout=90)  # raises on a hang
    assert result.returncode != 0
    assert any(all(word in w for word in expected) for w in result.warnings), \
        "\n".join(result.warnings or [result.log[-3000:]])


def test_page_outside_the_nav_says_where_the_nav_is(tmp_path):
    """Editor row 9: the message says to add it under nav: in mkdocs.yml, with the line."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "hip-pain.md").write_text(
        "---\ntitle: Hip pain\ndescription: A page nobody listed.\nlast_reviewed: 2026-11-25\n"
        "next_review: 2027-11-25\nreviewed_by: Editorial team\n---\n\nText.\n", encoding="utf-8")
    result = build_site(project, world_readable_tempdir("mistake-") / "site", timeout=120)
    assert result.returncode != 0
    assert any("hip-pain.md" in w and "under 'nav:' in mkdocs.yml line" in w for w in result.warnings), "\n".join(result.warnings)


# SITE_URL values from the security review (section 3, rows 11 to 14): value, words in the error.
BAD_SITE_URLS = {
    "11: query": ("https://example.org/sub/?a=1&b=2", ["SITE_URL", "query"]),
    "13: spaces": ("https://example.org/my site/", ["SITE_URL", "need escaping"]),
    "14a: markup": ('https://example.org/x"><script>alert(1)</script>/', ["SITE_URL", "need escaping"]),
    "14b: script in the path": ('https://example.org/p");alert(1);//', ["SITE_URL", "need escaping"]),
    "fragment": ("https://example.org/sub/#top", ["SITE_URL", "fragment"]),
    "no trailing slash": ("https://example.org/sub", ["SITE_URL", "must end with '/'"]),
    "ftp scheme": ("ftp://example.org/", ["SITE_URL", "https://"]),
}


@pytest.mark.parametrize("case", BAD_SITE_URLS)
def test_bad_site_url_fails_by_name(case, tmp_path):
    value, expected = BAD_SITE_URLS[case]
    result = build_site(copy_project(tmp_path / "project"), world_readable_tempdir("mistake-") / "site",
                        env={"SITE_URL": value}, timeout=120)
    assert result.returncode != 0
    assert any(all(word in w for word in expected) for w in result.warnings), result.log[-3000:]


def test_symlink_in_docs_is_refused(tmp_path):
    """Security review F9 / row 24: a link to /etc/passwd would be published."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "passwd.txt").symlink_to("/etc/passwd")
    result = build_site(project, world_readable_tempdir("mistake-") / "site", timeout=120)
    assert result.returncode != 0
    assert any("docs/passwd.txt" in w and "symbolic link" in w for w in result.warnings), result.log[-3000:]
    assert not (result.site / "passwd.txt").exists()


@pytest.mark.parametrize("case", CASES)
def test_mistake_fails_the_build_naming_the_file(case, tmp_path):
    project = copy_project(tmp_path / "project")
    rel, change, expected = CASES[case]
    if change is None:  # a new page that is not in the nav
        (project / rel).write_text(
            "---\ntitle: Orphan\ndescription: A page nobody linked.\nlast_reviewed: 2026-11-25\n"
            "next_review: 2027-11-25\nreviewed_by: Editorial team\n---\n\nText.\n", encoding="utf-8")
    else:
        _edit(project, rel, change)
    result = build_site(project, world_readable_tempdir("mistake-") / "site")
    assert result.returncode != 0, f"build passed despite: {case}"
    relevant = [line for line in result.warnings if all(word in line for word in expected)]
    assert relevant, f"no warning naming {expected}:\n" + "\n".join(result.warnings or [result.log[-3000:]])


def test_unused_reference_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    _edit(project, "data/references.yml", _append(
        'R9998:\n  type: review\n  authors: "Nobody"\n  title: "Unused"\n  publisher: "None"\n  year: 2020\n  url: "https://example.org/"'))
    result = build_site(project, world_readable_tempdir("mistake-") / "site")
    assert result.returncode != 0
    assert any("references.yml" in w and "R9998" in w for w in result.warnings), "\n".join(result.warnings)


# ---- The reference list (data/references.yml) and "Sources for this section" lines ----

REFERENCE_MISTAKES = {
    # CONTRIBUTING's example key, appended again: PyYAML alone would silently replace R22.
    "duplicate reference key": (
        'R22:\n  type: review\n  authors: "Nobody"\n  title: "A copy"\n  publisher: "None"\n  year: 2020\n  url: "https://example.org/"',
        ["references.yml", "R22", "used twice"],
    ),
    "tab in the reference list": (
        'R9997:\n\ttype: review',
        ["references.yml", "tab", "spaces"],
    ),
    "reference link that is not http(s)": (
        'R9996:\n  type: review\n  authors: "Nobody"\n  title: "Bad link"\n  publisher: "None"\n  year: 2020\n  url: "javascript:alert(1)"',
        ["references.yml", "R9996", "https://"],
    ),
    "malformed DOI": (
        'R9995:\n  type: review\n  authors: "Nobody"\n  title: "Bad DOI"\n  publisher: "None"\n  year: 2020\n  doi: "doi.org/10.1/x"',
        ["references.yml", "R9995", "doi"],
    ),
}


@pytest.mark.parametrize("case", REFERENCE_MISTAKES)
def test_reference_list_mistake_fails_the_build_by_name(case, tmp_path):
    project = copy_project(tmp_path / "project")
    entry, expected = REFERENCE_MISTAKES[case]
    _edit(project, "data/references.yml", _append(entry))
    result = build_site(project, world_readable_tempdir("mistake-") / "site")
    assert result.returncode != 0, f"build passed despite: {case}"
    assert any(all(word in w for word in expected) for w in result.warnings), "\n".join(result.warnings or [result.log[-3000:]])
    if case == "tab in the reference list":  # one clear error, not a warning per page
        assert len(result.warnings) == 1, "\n".join(result.warnings)


SECTION_LINE_MISTAKES = {
    "section names a key missing from references.yml": ("R9999", ["how-common.md", "section", "R9999", "references.yml"]),
    "section names a key not in the page's sources": ("R250", ["how-common.md", "section", "R250", "'sources'"]),
}


@pytest.mark.parametrize("case", SECTION_LINE_MISTAKES)
def test_section_source_line_mistake_fails_the_build_naming_file_section_and_key(case, tmp_path):
    project = copy_project(tmp_path / "project")
    key, expected = SECTION_LINE_MISTAKES[case]

    def add_line(text: str) -> str:  # at the end of the page's first ## section
        heading = re.search(r"^## .*$", text, re.M)
        following = re.search(r"^## ", text[heading.end():], re.M)
        at = heading.end() + following.start()
        return text[:at] + f"Sources for this section: R1, {key}\n\n" + text[at:]

    _edit(project, FACT_PAGE, add_line)
    result = build_site(project, world_readable_tempdir("mistake-") / "site")
    assert result.returncode != 0, f"build passed despite: {case}"
    assert any(all(word in w for word in expected) for w in result.warnings), "\n".join(result.warnings)

@pytest.mark.parametrize("block, says", [
    ("/// icon-array | 31 per 100\nAbout 31 in 100 people.\n///", "'31 per 100' is not understood"),
    ("/// icon-array | 12 in 100\nAbout 21 in 100 people.\n///", "does not say '12 in 100'"),
])
def test_bad_icon_array_fails_the_build_naming_file_and_line(block, says, tmp_path):
    project = copy_project(tmp_path / "project")
    _edit(project, FACT_PAGE, _append(block))
    line = (project / FACT_PAGE).read_text(encoding="utf-8").splitlines().index(block.splitlines()[0]) + 1
    result = build_site(project, world_readable_tempdir("mistake-") / "site")
    assert result.returncode != 0
    assert any(f"how-common.md: line {line}: " in w and says in w for w in result.warnings), "\n".join(result.warnings)


# ---- Deployment contacts and the triage model (issue 13) ----------------------------
# A value a dialler would get wrong stops the build when it starts, naming the variable
# and showing the accepted form.
BAD_CONTACTS = {
    "extension after the number": ({"CONTACT_HELPLINE_PHONE": "0300 123 4567 (option 2)"}, ["CONTACT_HELPLINE_PHONE", "(option 2)", "digits and spaces"]),
    "two numbers": ({"CONTACT_BREAST_CARE_NURSE_PHONE": "0300 123 4567 or 0300 123 4568"}, ["CONTACT_BREAST_CARE_NURSE_PHONE", "digits and spaces"]),
    "words instead of a number": ({"CONTACT_EMERGENCY_PHONE": "ring the ward"}, ["CONTACT_EMERGENCY_PHONE", "digits and spaces"]),
    "non-ASCII digits": ({"CONTACT_HELPLINE_PHONE": "٠٣٠٠ ١٢٣ ٤٥٦٧"}, ["CONTACT_HELPLINE_PHONE", "digits and spaces"]),
    "name on two lines": ({"CONTACT_HELPLINE_NAME": "the line\nsecond line"}, ["CONTACT_HELPLINE_NAME", "line break"]),
    "name too long": ({"CONTACT_ORGANISATION": "A" * 120}, ["CONTACT_ORGANISATION", "120 characters"]),
}


@pytest.mark.parametrize("case", BAD_CONTACTS)
def test_bad_contact_value_fails_the_build_naming_the_variable(case, tmp_path):
    env, expected = BAD_CONTACTS[case]
    result = build_site(site_dir=world_readable_tempdir("contacts-") / "site", env=env, timeout=120)
    assert result.returncode != 0, f"build passed despite: {case}"
    assert all(word in result.log for word in expected), result.log[-3000:]


TRIAGE_MISTAKES = {
    "a same-day card says 'now'": (
        "data/triage.yml", lambda t: t.replace('next: "High calcium can be treated.', 'next: "Call now. High calcium can be treated.', 1),
        ["data/triage.yml", "cards.high-calcium.next", "'now'", "same-day"],
    ),
    "a card with an unknown level": (
        "data/triage.yml", lambda t: t.replace("    level: soon\n", "    level: sometime\n", 1),
        ["data/triage.yml", "cards.new-bone-pain.level", "sometime"],
    ),
    "a page names a level instead of a card": (
        FACT_PAGE, _append("/// care-card | urgent\n///"),
        ["how-common.md", "unknown care card 'urgent'", "cards now name a card"],
    ),
    "an emergency action typed into a page": (
        FACT_PAGE, _append("If your legs go weak, call [[emergency]] now."),
        ["how-common.md", "emergency action is typed into the page"],
    ),
    "the help page stops rendering the cards": (
        "docs/when-to-get-help.md", lambda t: t.replace("/// triage-cards\n///\n", "", 1),
        ["when-to-get-help.md", "triage-cards"],
    ),
    "text typed inside a card block": (
        "docs/treatment.md", lambda t: t.replace("/// care-card | spinal-cord-compression\n", "/// care-card | spinal-cord-compression\n- go to A&E\n", 1),
        ["treatment.md", "block has text inside it", "data/triage.yml"],
    ),
}


@pytest.mark.parametrize("case", TRIAGE_MISTAKES)
def test_triage_mistake_fails_the_build_naming_file_and_field(case, tmp_path):
    project = copy_project(tmp_path / "project")
    rel, change, expected = TRIAGE_MISTAKES[case]
    _edit(project, rel, change)
    result = build_site(project, world_readable_tempdir("mistake-") / "site", timeout=120)
    assert result.returncode != 0, f"build passed despite: {case}"
    assert any(all(word in w for word in expected) for w in result.warnings), "\n".join(result.warnings or [result.log[-3000:]])
