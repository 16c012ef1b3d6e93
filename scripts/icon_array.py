"""Icon arrays: "31 in 100" drawn as 100 small people, 31 of them filled in.

    /// icon-array | 31 in 100
    About 31 in 100 people on denosumab had a bone problem.
    ///

    /// icon-array | 10 to 20 in 100
    About 10 to 20 in every 100 people with cancer get high calcium.
    ///

renders, at build time, a <figure class="icon-array"> holding an inline SVG (10 rows
of 10 people; `role="img"` with a <title> saying what it shows in words), then a
<figcaption> with the caption written in the block and a key. A range shows the
lower figure as filled people and the rest of the range as striped people, so the
picture never claims more precision than the text. Filled, striped and outline
people differ by shape, not only colour, so the picture reads the same in light and
dark mode, in black-and-white print and to people who see colour differently.

The picture's own words (its title and key) are left out of the search index
(Material's `data-search-exclude`), so results show the caption and page text only.

No script and no style attributes: the SVG uses presentation attributes
(`fill="currentColor"`) and classes styled in extra.css, so it works from file:// and
under a strict Content-Security-Policy. Each group of people (filled, striped, outline)
is ONE <path>: its `d` repeats the person shape once per cell, each subpath starting
with an absolute `M x y` followed by relative commands, so the number of people in a
group is the number of `M`s in its path data. No ids or `href`s per person (fewer
links for the link checker), about 1 KB gzipped per picture.

The rules (parse_count, check_markdown) are plain functions with no MkDocs import;
scripts/hooks/icon_arrays.py applies check_markdown to every page so a malformed
count fails the build naming the file and line.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

TOTAL = 100
COLUMNS = 10
# One person, drawn in a 10 x 14 box: a head and a body with rounded shoulders. Relative
# commands after a start point (head at 2.7, 2.7), so the same text draws a person in
# any cell: the head, then the body from (1.2, 13.4), then (striped) two lines across it.
PERSON_START = (2.7, 2.7)
PERSON = "a2.3 2.3 0 1 0 4.6 0a2.3 2.3 0 1 0-4.6 0zm-1.5 10.7v-5q0-2.5 2.5-2.5h2.6q2.5 0 2.5 2.5v5z"
STRIPES = "m0-3.8h7.6m-7.6 1.9h7.6"
CELL_W, CELL_H, FIG_W, FIG_H, GAP = 12, 16, 10, 14, 4  # a wider gap after the 5th row and column

OPENER = re.compile(r"^(?P<indent>\s*)/{3,}\s*icon-array\b\s*(?:\|\s*(?P<arg>.*?))?\s*$")
CLOSER = re.compile(r"^\s*/{3,}\s*$")
COUNT = re.compile(
    r"^(?P<low>\d{1,3})(?:\s*(?:to|-|–)\s*(?P<high>\d{1,3}))?\s+in\s+(?:every\s+)?(?P<total>\d+)$",
    re.I,
)
USAGE = 'write the count as "N in 100" (for example "31 in 100") or a range "N to M in 100" (for example "10 to 20 in 100")'


@dataclass(frozen=True)
class Count:
    """`low` people out of 100, or a range from `low` to `high` (high == low if not a range)."""

    low: int
    high: int

    @property
    def is_range(self) -> bool:
        return self.high != self.low

    @property
    def words(self) -> str:
        return f"{self.low} to {self.high} in {TOTAL}" if self.is_range else f"{self.low} in {TOTAL}"


def parse_count(text: str | None) -> Count:
    """'31 in 100' -> Count(31, 31); '10 to 20 in 100' -> Count(10, 20). ValueError says how to fix it."""
    value = (text or "").strip()
    if not value:
        raise ValueError(f"icon array has no count: {USAGE}")
    match = COUNT.match(value)
    if not match:
        raise ValueError(f"icon array count {value!r} is not understood: {USAGE}")
    total = int(match["total"])
    if total != TOTAL:
        raise ValueError(f"icon array count {value!r} is out of {total}: icon arrays show 100 people, so give the figure per 100")
    low = int(match["low"])
    high = int(match["high"]) if match["high"] is not None else low
    if high > TOTAL:
        raise ValueError(f"icon array count {value!r} is more than 100 in 100")
    if match["high"] is not None and high <= low:
        raise ValueError(f"icon array range {value!r} must go from the lower to the higher number, for example \"10 to 20 in 100\"")
    return Count(low, high)


def caption_problem(count: Count, caption: str) -> str | None:
    """The caption must say the same numbers in words as the picture shows."""
    if not caption.strip():
        return f"icon array {count.words!r} has no caption: write one sentence under the opening line saying what the {count.words} are"
    if count.is_range:
        pattern = rf"\b{count.low}\s*(?:to|-|–)\s*{count.high}\s+in\s+(?:every\s+)?{TOTAL}\b"
    else:
        pattern = rf"\b{count.low}\s+in\s+(?:every\s+)?{TOTAL}\b"
    if not re.search(pattern, caption, re.I):
        return f"icon array caption does not say {count.words!r}: say the same number in the caption as in the picture"
    return None


def check_markdown(markdown: str) -> list[str]:
    """Problems with every icon-array block in a page's Markdown, as 'line N: ...'."""
    problems: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        opener = OPENER.match(lines[i])
        if not opener:
            i += 1
            continue
        start = i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and not CLOSER.match(lines[i]):
            body.append(lines[i])
            i += 1
        if i >= len(lines):
            problems.append(f"line {start}: icon array is not closed: end it with a line of three slashes (///)")
        try:
            count = parse_count(opener["arg"])
        except ValueError as err:
            problems.append(f"line {start}: {err}")
        else:
            problem = caption_problem(count, "\n".join(body))
            if problem:
                problems.append(f"line {start}: {problem}")
        i += 1
    return problems


def _cell(index: int) -> tuple[int, int]:
    row, col = divmod(index, COLUMNS)
    return col * CELL_W + (GAP if col >= 5 else 0), row * CELL_H + (GAP if row >= 5 else 0)


def kinds(count: Count) -> list[str]:
    """What each of the 100 people is, in reading order: 'yes', 'maybe' (range) or 'no'."""
    return ["yes"] * count.low + ["maybe"] * (count.high - count.low) + ["no"] * (TOTAL - count.high)


def describe(count: Count) -> str:
    """The picture in words (its text alternative)."""
    if count.is_range:
        return (
            f"Picture of {TOTAL} people in 10 rows of 10. {count.low} are filled in, "
            f"{count.high - count.low} more are striped, and {TOTAL - count.high} are outlines: "
            f"a range from {count.low} to {count.high} in {TOTAL}."
        )
    return f"Picture of {TOTAL} people in 10 rows of 10. {count.low} are filled in and {TOTAL - count.low} are outlines."


def key_items(count: Count) -> list[tuple[str, str]]:
    """The key under the picture: (kind, words)."""
    if count.is_range:
        return [
            ("yes", f"Filled in: {count.low}, the lowest estimate"),
            ("maybe", f"Filled in and striped together: {count.high}, the highest estimate"),
            ("no", f"Outline: the other {TOTAL - count.high}"),
        ]
    return [("yes", f"Filled in: {count.low} in {TOTAL}"), ("no", f"Outline: the other {TOTAL - count.low}")]


def person_path(x: float, y: float, striped: bool = False) -> str:
    """Path data for one person whose 10 x 14 box starts at (x, y): one absolute `M`."""
    return f"M{x + PERSON_START[0]:g} {y + PERSON_START[1]:g}{PERSON}{STRIPES if striped else ''}"


def people_in_path(d: str) -> int:
    """How many people a group's path data draws (one absolute `M` per person)."""
    return d.count("M")


def _person_attrs(kind: str) -> dict[str, str]:
    attrs = {"class": f"icon-array__person icon-array__person--{kind}", "stroke": "currentColor", "stroke-width": "1"}
    attrs["fill"] = "currentColor" if kind == "yes" else "none"
    return attrs


def svg_markup(count: Count, uid: str) -> str:
    """The inline SVG: one <path> per group (filled, striped, outline), one subpath per person."""
    width = COLUMNS * CELL_W + GAP - (CELL_W - FIG_W)
    height = (TOTAL // COLUMNS) * CELL_H + GAP - (CELL_H - FIG_H)
    title = html.escape(describe(count))
    parts = [
        f'<svg class="icon-array__svg" role="img" aria-labelledby="{uid}-t" data-search-exclude="" viewBox="-1 -1 {width + 2} {height + 2}" '
        f'width="{width + 2}" height="{height + 2}" focusable="false">',
        f'<title id="{uid}-t">{title}</title>',
    ]
    for group in ("yes", "maybe", "no"):
        cells = [i for i, kind in enumerate(kinds(count)) if kind == group]
        if not cells:
            continue
        attrs = " ".join(f'{k}="{v}"' for k, v in _person_attrs(group).items())
        d = "".join(person_path(x, y, striped=group == "maybe") for x, y in map(_cell, cells))
        parts.append(f'<path {attrs} d="{d}"/>')
    parts.append("</svg>")
    return "".join(parts)


def key_swatch_markup(kind: str) -> str:
    """A small person for the key, drawn in place (no ids, hidden from screen readers)."""
    attrs = " ".join(f'{k}="{v}"' for k, v in _person_attrs(kind).items())
    d = person_path(0, 0, striped=kind == "maybe")
    return (
        f'<svg class="icon-array__swatch" viewBox="-1 -1 {FIG_W + 2} {FIG_H + 2}" width="12" height="16" '
        f'aria-hidden="true" focusable="false"><path {attrs} d="{d}"/></svg>'
    )


class IconArray(Block):
    NAME = "icon-array"
    ARGUMENT = True

    def on_validate(self, parent: etree.Element) -> bool:
        try:
            self.count = parse_count(self.argument)
        except ValueError:
            return False  # left as text; scripts/hooks/icon_arrays.py names the file and line
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        number = getattr(self.md, "_icon_array_count", 0) + 1
        self.md._icon_array_count = number  # a new Markdown instance per page: ids unique per page
        uid = f"icon-array-{number}"
        figure = etree.SubElement(parent, "figure", {"class": "icon-array"})
        figure.append(etree.fromstring(svg_markup(self.count, uid)))
        caption = etree.SubElement(figure, "figcaption", {"class": "icon-array__caption"})
        return caption

    def on_end(self, block: etree.Element) -> None:
        """`block` is the figcaption, with the caption already parsed into it: add the key."""
        key = etree.SubElement(block, "ul", {"class": "icon-array__key", "data-search-exclude": ""})
        for kind, words in key_items(self.count):
            item = etree.SubElement(key, "li")
            item.append(etree.fromstring(key_swatch_markup(kind)))
            item[-1].tail = " " + words


class IconArrayExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr):
        block_mgr.register(IconArray, self.getConfigs())
