"""Editor mistakes stop the build with a message naming the file (and the field).

Each case builds a scratch copy of the project with one mistake injected.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import build_site, copy_project, world_readable_tempdir

FACT_PAGE = "docs/how-common.md"


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
