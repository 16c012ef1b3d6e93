"""The shared reference list: checking entries and rendering lists."""

from __future__ import annotations

from bs4 import BeautifulSoup

from scripts import references as refs

GOOD = {
    "R1": {"type": "guideline", "authors": "NICE", "title": "Advanced breast cancer", "publisher": "NICE", "year": 2009,
           "url": "https://www.nice.org.uk/guidance/cg81"},
    "R2": {"type": "trial", "authors": "Smith A, et al.", "title": "A <trial> & more", "publisher": "Lancet 2020", "year": 2020,
           "doi": "10.1000/xyz"},
}


def test_good_entries_pass():
    assert refs.check_references(GOOD) == []


def test_bad_entries_are_named():
    bad = {"R3": {"type": "blog", "authors": "", "title": "x", "publisher": "y", "year": 2020}}
    problems = refs.check_references(bad)
    assert "R3: missing 'authors'" in problems
    assert any("R3: 'type' is 'blog'" in p for p in problems)
    assert any("R3: add a 'doi' or a 'url'" in p for p in problems)


def test_reference_list_is_numbered_with_anchors_and_escaped():
    soup = BeautifulSoup(refs.render_reference_list(GOOD), "html.parser")
    items = soup.select("ol.reference-list > li")
    assert [li["id"] for li in items] == ["ref-r1", "ref-r2"]
    assert "A <trial> & more" in items[1].get_text()
    assert items[1].select_one("a")["href"] == "https://doi.org/10.1000/xyz"
    assert "Trial or meta-analysis" in items[1].get_text()


def test_sources_section_links_each_key_in_list_order():
    text = refs.render_sources_section(["R2", "R1"], GOOD, "references.md")
    assert text.startswith("## Sources")
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines[0].startswith("- [1] [Advanced breast cancer](references.md#ref-r1)")
    assert "(references.md#ref-r2)" in lines[1] and "\\<trial\\>" in lines[1]


def _html(markdown_text: str) -> BeautifulSoup:
    import markdown

    return BeautifulSoup(markdown.markdown(markdown_text, extensions=["attr_list", "md_in_html"]), "html.parser")


def test_fact_page_sources_are_a_closed_details_block_counted_and_left_out_of_search():
    soup = _html(refs.render_sources_section(["R2", "R1"], GOOD, "references.md", collapsed=True))
    block = soup.select_one("details#sources.sources")
    assert block is not None and not block.has_attr("open")
    assert block.has_attr("data-search-exclude")
    assert block.select_one("summary").get_text() == "Sources (2)"
    assert [li["id"] for li in block.select("li")] == ["source-r1", "source-r2"]


def test_no_double_full_stop_after_et_al():
    html = refs.render_reference_list(GOOD)
    assert "et al.." not in html and "Smith A, et al. <cite>" in html
    assert "NICE. <cite>" in html
    assert "et al.." not in refs.render_sources_section(["R2"], GOOD, "references.md")


def test_section_source_lines_become_numbered_links_to_the_page_list():
    text = "## A\n\nText.\n\nSources for this section: R2, R1, R9\n"
    out = refs.render_section_sources(text, GOOD, ["R1", "R2"])
    soup = _html(out)
    line = soup.select_one("p.section-sources")
    assert line.has_attr("data-search-exclude")
    assert [(a["href"], a.get_text()) for a in line.select("a")] == [("#source-r2", "[2]"), ("#source-r1", "[1]")]
    assert "R9" in line.get_text()  # not on the page's list: text only, reported by check_sources


PAGE = """---
title: T
---

/// key-fact | Key fact
A fact.
///

## First

Text.

Sources for this section: R1, R2

## Second

More text.
"""


def test_every_section_needs_a_line_only_when_required():
    assert refs.check_section_sources(PAGE, ["R1", "R2"], GOOD, require_every_section=False) == []
    problems = refs.check_section_sources(PAGE, ["R1", "R2"], GOOD, require_every_section=True)
    assert problems == [
        "section 'Second' has no 'Sources for this section:' line: end the section with one, "
        "for example 'Sources for this section: R22, R25'"
    ]
    fixed = PAGE + "\nSources for this section: R1\n"
    assert refs.check_section_sources(fixed, ["R1", "R2"], GOOD, require_every_section=True) == []


def test_section_lines_name_section_and_key():
    text = "## Pain\n\nSources for this section: R1, R3, R77, bad\n"
    problems = refs.check_section_sources(text, ["R1", "R3"], {**GOOD, "R3": GOOD["R1"]}, require_every_section=False)
    assert "section 'Pain': 'Sources for this section' names R77, which is not in data/references.yml" in problems
    assert any("section 'Pain'" in p and "'bad'" in p for p in problems)
    problems = refs.check_section_sources(text, ["R1"], {**GOOD, "R3": GOOD["R1"], "R77": GOOD["R1"]}, require_every_section=False)
    assert "section 'Pain': 'Sources for this section' names R3: add it to this page's 'sources' too" in problems
    assert any("names no keys" in p for p in refs.check_section_sources("## X\n\nSources for this section:\n", [], GOOD, require_every_section=False))


def test_check_sources_reports_unknown_front_matter_keys_and_applies_the_rule_to_fact_pages_only():
    meta = {"fact": 1, "sources": ["R1", "R2", "R404"]}
    problems = refs.check_sources(meta, PAGE, GOOD, require_every_section=True)
    assert any("unknown reference key 'R404'" in p for p in problems)
    assert any("section 'Second' has no" in p for p in problems)
    assert refs.check_sources({"sources": ["R1", "R2"]}, PAGE, GOOD, require_every_section=True) == []


def test_urls_must_be_http_and_dois_well_formed():
    bad = {
        "R1": {**GOOD["R1"], "url": "javascript:alert(1)"},
        "R2": {**GOOD["R2"], "doi": "https://doi.org/10.1000/xyz", "url": "data:text/html,x"},
        "R3": {**GOOD["R2"], "doi": "10.12/short"},
    }
    problems = refs.check_references(bad)
    assert any(p.startswith("R1: 'url'") and "https://" in p for p in problems)
    assert any(p.startswith("R2: 'url'") for p in problems)
    assert any(p.startswith("R2: 'doi'") and "no https://doi.org/" in p for p in problems)
    assert any(p.startswith("R3: 'doi'") for p in problems)
    assert refs.check_references({"R4": {**GOOD["R1"], "url": "http://example.org/page"}}) == []


def test_placeholder_authors_and_years_are_refused_honest_dates_allowed():
    problems = refs.check_references({"R1": {**GOOD["R1"], "authors": "Authors not recorded", "year": "undated"}})
    assert any("R1: 'authors'" in p for p in problems) and any("R1: 'year'" in p for p in problems)
    for year in (2024, "2024", "last reviewed 2024", "last reviewed March 2024", "no date given", "no date found"):
        assert refs.check_references({"R1": {**GOOD["R1"], "year": year}}) == [], year
    assert any("'year' is 3020" in p for p in refs.check_references({"R1": {**GOOD["R1"], "year": 3020}}))


def test_a_duplicate_key_fails_by_name_and_line():
    import pytest

    text = 'R1:\n  title: "A"\nR2:\n  title: "B"\nR1:\n  title: "C"\n'
    with pytest.raises(refs.ReferenceFileError, match=r"line 5: key 'R1' is used twice \(first on line 1\)"):
        refs.parse_references(text)


def test_a_tab_gives_one_clear_error():
    import pytest

    with pytest.raises(refs.ReferenceFileError, match="line 3 is indented with a tab: use spaces, not tabs"):
        refs.parse_references('R1:\n  title: "A"\n\tyear: 2020\n')


def test_load_references_names_bad_yaml_and_reads_the_file_each_time(tmp_path):
    import pytest

    path = tmp_path / "references.yml"
    path.write_text('R1:\n  title: "A"\n', encoding="utf-8")
    assert refs.load_references(path) == {"R1": {"title": "A"}}
    path.write_text('R1:\n  title: "B"\n', encoding="utf-8")
    assert refs.load_references(path)["R1"]["title"] == "B"  # no cache shared between hooks
    path.write_text("R1: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML at line 2"):
        refs.load_references(path)


def test_numbers_follow_file_order_and_appending_keeps_them():
    before = refs.numbers(GOOD)
    after = refs.numbers({**GOOD, "R250": GOOD["R1"]})
    assert before == {"R1": 1, "R2": 2} and after == {"R1": 1, "R2": 2, "R250": 3}
