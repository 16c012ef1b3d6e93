"""Abbreviations and key terms: their definition on first use in each section only.

pymdownx.abbr marks every use of a term in includes/abbreviations.md with
<abbr title="definition">. On a long page that is 100 to 170 marked words (the
treatment page: "denosumab" 21 times): each one a keyboard stop (keyboard-access.js
makes them focusable so the definition shows on focus), a dotted underline, and a
tooltip Material sets up while the page loads (the main cost in Lighthouse's
"total blocking time" on long pages). Style guides and WCAG technique H28 define a
term where it is first used. Here: the first use in each section (between <h2>
headings), because readers arrive at sections from search and links; later uses in
the same section are plain words.

Pure function; scripts/hooks/abbreviations.py applies it to every page.
"""

from __future__ import annotations

import re

ABBR = re.compile(r"<abbr title=\"[^\"]*\">(.*?)</abbr>", re.DOTALL)
SECTION = re.compile(r"(?=<h2[\s>])")


def first_use_only(html: str) -> str:
    """`html` with each term's <abbr title> kept on its first use in each h2 section
    and later uses in that section left as plain words."""
    return "".join(_first_use_in_section(section) for section in SECTION.split(html))


def _first_use_in_section(section: str) -> str:
    seen: set[str] = set()

    def keep_first(match: re.Match) -> str:
        term = match.group(1)
        if term in seen:
            return term
        seen.add(term)
        return match.group(0)

    return ABBR.sub(keep_first, section)
