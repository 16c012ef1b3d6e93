"""Icon arrays (scripts/icon_array.py): the count rules and the rendered picture."""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup

from scripts.icon_array import PERSON, STRIPES, Count, IconArrayExtension, check_markdown, kinds, parse_count, person_path

# One drawn person: an absolute start point, then the person shape in relative commands.
ONE_PERSON = re.compile(r"M\d+(?:\.\d+)? \d+(?:\.\d+)?" + re.escape(PERSON))
ONE_STRIPED = re.compile(ONE_PERSON.pattern + re.escape(STRIPES))


def people(svg, kind: str, pattern: re.Pattern = ONE_PERSON) -> int:
    """People drawn in the picture's `kind` group, counted from its path data: every
    subpath (absolute M) must be one whole person, and the count is how many there are."""
    paths = svg.select(f"path.icon-array__person--{kind}")
    if not paths:
        return 0
    (path,) = paths
    d = path["d"]
    drawn = pattern.findall(d)
    assert "".join(drawn) == d, f"{kind}: path data is not a run of whole people"
    assert len(drawn) == d.count("M")
    return len(drawn)


def render(text: str) -> BeautifulSoup:
    md = markdown.Markdown(extensions=["attr_list", IconArrayExtension()])
    return BeautifulSoup(md.convert(text), "html.parser")


@pytest.mark.parametrize("text, expected", [
    ("31 in 100", Count(31, 31)),
    ("0 in 100", Count(0, 0)),
    ("100 in 100", Count(100, 100)),
    ("10 to 20 in 100", Count(10, 20)),
    ("10 to 20 in every 100", Count(10, 20)),
    ("1-3 in 100", Count(1, 3)),
    ("  60 TO 75 IN 100 ", Count(60, 75)),
])
def test_counts_are_read(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text, says", [
    ("", "has no count"),
    (None, "has no count"),
    ("31%", "not understood"),
    ("31 out of 100", "not understood"),
    ("about 31 in 100", "not understood"),
    ("2 in 3", "out of 3"),
    ("31 in 1000", "out of 1000"),
    ("101 in 100", "more than 100"),
    ("20 to 10 in 100", "from the lower to the higher"),
    ("10 to 10 in 100", "from the lower to the higher"),
    ("10 to 120 in 100", "more than 100"),
])
def test_malformed_counts_say_how_to_fix_them(text, says):
    with pytest.raises(ValueError, match=says):
        parse_count(text)


def test_kinds_fill_in_reading_order():
    assert kinds(Count(2, 5))[:6] == ["yes", "yes", "maybe", "maybe", "maybe", "no"]
    assert len(kinds(Count(31, 31))) == 100 and kinds(Count(31, 31)).count("yes") == 31


PAGE = """---
title: A page
---

Some text.

/// icon-array | 31 in 100
About 31 in 100 people had a bone problem.
///

/// icon-array | 31 per 100
About 31 in 100 people.
///

/// icon-array | 10 to 20 in 100
About 10 to 20 in every 100 people get it.
///

/// icon-array | 12 in 100
About 21 in 100 people get it.
///

/// icon-array | 5 in 100
///
"""


def test_check_markdown_names_the_line_of_each_bad_block():
    problems = check_markdown(PAGE)
    assert len(problems) == 3, problems
    assert problems[0].startswith("line 11: ") and "'31 per 100' is not understood" in problems[0]
    assert problems[1].startswith("line 19: ") and "does not say '12 in 100'" in problems[1]
    assert problems[2].startswith("line 23: ") and "has no caption" in problems[2]


def test_unclosed_block_is_reported():
    assert any("not closed" in p for p in check_markdown("/// icon-array | 3 in 100\nAbout 3 in 100.\n"))


def test_good_page_has_no_problems():
    assert check_markdown("/// icon-array | 1 to 3 in 100\nAbout 1 to 3 in 100 people.\n///\n") == []


def test_renders_a_figure_with_100_people_a_caption_and_a_text_alternative():
    soup = render("/// icon-array | 31 in 100\nAbout 31 in 100 people had a bone problem.\n///\n")
    figure = soup.select_one("figure.icon-array")
    svg = figure.find("svg", class_="icon-array__svg")
    assert svg["role"] == "img"
    title = svg.find("title")
    assert svg["aria-labelledby"] == title["id"]
    assert "31 are filled in and 69 are outlines" in title.get_text()
    assert people(svg, "yes") == 31
    assert people(svg, "no") == 69
    assert len(svg.find_all("path")) == 2 and not svg.find("use")
    caption = figure.find("figcaption")
    assert "About 31 in 100 people had a bone problem." in caption.get_text()
    assert [li.get_text(" ", strip=True) for li in caption.select(".icon-array__key li")] == [
        "Filled in: 31 in 100", "Outline: the other 69"]
    assert all(s["aria-hidden"] == "true" for s in caption.select("svg"))


def test_a_range_is_drawn_filled_then_striped_and_explained():
    soup = render("/// icon-array | 10 to 20 in 100\nAbout 10 to 20 in every 100 people.\n///\n")
    svg = soup.select_one("svg.icon-array__svg")
    assert people(svg, "yes") == 10
    assert people(svg, "maybe", ONE_STRIPED) == 10  # every striped person has both stripes
    assert people(svg, "no") == 80
    assert "a range from 10 to 20 in 100" in svg.find("title").get_text()
    key = soup.select_one(".icon-array__key").get_text(" ", strip=True)
    assert "10, the lowest estimate" in key and "20, the highest estimate" in key


def test_no_style_attributes_no_script_and_ids_unique_per_page():
    soup = render(
        "/// icon-array | 31 in 100\nAbout 31 in 100.\n///\n\n/// icon-array | 36 in 100\nAbout 36 in 100.\n///\n"
    )
    assert not soup.select("[style]") and not soup.find("script") and not soup.find("style")
    ids = [el["id"] for el in soup.select("[id]")]
    assert len(ids) == len(set(ids)) == 2  # a title per picture; people need no ids
    assert not soup.find("use") and not soup.select("[href]")
    # The shapes differ by fill, not colour: filled people are filled, the rest are not.
    assert soup.select_one("path.icon-array__person--yes")["fill"] == "currentColor"
    assert soup.select_one("path.icon-array__person--no")["fill"] == "none"


def test_a_malformed_block_is_left_as_text_for_the_hook_to_report():
    soup = render("/// icon-array | lots\nAbout lots.\n///\n")
    assert soup.find("svg") is None



@pytest.mark.parametrize("x, y", [(0, 0), (12, 0), (64, 84), (112, 148)])
def test_a_person_starts_at_its_cell_and_is_the_same_shape_everywhere(x, y):
    d = person_path(x, y)
    assert d == f"M{x + 2.7:g} {y + 2.7:g}" + PERSON and d.count("M") == 1
    assert person_path(x, y, striped=True) == d + STRIPES
