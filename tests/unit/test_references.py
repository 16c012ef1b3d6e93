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


def test_load_references_reads_each_version_once_and_names_bad_files(tmp_path):
    import os

    import pytest

    path = tmp_path / "references.yml"
    path.write_text('R1:\n  title: "A"\n', encoding="utf-8")
    first = refs.load_references(path)
    assert refs.load_references(path) is first            # same version: not read again
    path.write_text('R1:\n  title: "B"\n', encoding="utf-8")
    os.utime(path, ns=(1, path.stat().st_mtime_ns + 1_000_000))
    assert refs.load_references(path)["R1"]["title"] == "B"  # a change is picked up
    path.write_text("R1: [unclosed\n", encoding="utf-8")
    os.utime(path, ns=(1, path.stat().st_mtime_ns + 2_000_000))
    with pytest.raises(ValueError, match="references.yml: not valid YAML"):
        refs.load_references(path)
