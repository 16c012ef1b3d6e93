"""Readability of a page's body text (Flesch-Kincaid grade), measured offline.

Only running prose counts: front matter, tables, headings' anchors, code, HTML,
block fences, link targets, list markers and "Sources for this section" lines are
removed first, because tables and reference lists are not sentences and would
skew the grade either way.

textstat is pinned to 0.7.3: newer releases download a dictionary at run time.
Command line: ``python -m scripts.readability docs/*.md`` prints one line a page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat

from scripts.content_rules import FRONT_MATTER_BLOCK

FENCED_CODE = re.compile(r"^```.*?^```", re.S | re.M)
BLOCK_FENCE = re.compile(r"^/{3,}.*$", re.M)            # pymdownx.blocks openers/closers
BLOCK_OPTION = re.compile(r"^ {4}[a-z_]+:.*$", re.M)    # indented block options
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.M)
HTML_TAG = re.compile(r"<[^>]+>")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
ATTR_LIST = re.compile(r"\{[:#.][^}]*\}")
PLACEHOLDER = re.compile(r"\[\[([a-z_]+)\]\]")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+", re.M)
HEADING_MARKER = re.compile(r"^#{1,6}\s+(.*)$", re.M)
ABBR_DEF = re.compile(r"^\*\[[^\]]+\]:.*$", re.M)
SNIPPET = re.compile(r"^\s*-{1,}8<-{1,}.*$", re.M)          # pymdownx.snippets include lines
SECTION_SOURCES = re.compile(r"^Sources for this section:.*$", re.M)  # reference keys, not prose


def body_text(markdown: str) -> str:
    """Return the prose of a Markdown page as plain sentences."""
    text = FRONT_MATTER_BLOCK.sub("", markdown)
    for pattern in (FENCED_CODE, BLOCK_FENCE, BLOCK_OPTION, TABLE_ROW, ABBR_DEF, SNIPPET, SECTION_SOURCES):
        text = pattern.sub("", text)
    text = IMAGE.sub("", text)
    text = LINK.sub(r"\1", text)
    text = PLACEHOLDER.sub("your team", text)
    text = ATTR_LIST.sub("", text)
    text = HTML_TAG.sub("", text)
    # Headings and list items are units of meaning even without a full stop; the
    # lines of one paragraph are joined, so soft-wrapped sentences count once.
    text = HEADING_MARKER.sub(lambda m: "\n" + m.group(1) + ".\n", text)
    text = LIST_MARKER.sub("\n\n", text)
    units = []
    for block in re.split(r"\n\s*\n", text):
        unit = " ".join(block.split()).replace("**", "").replace("*", "")
        if unit:
            units.append(unit if unit[-1] in ".?!:;" else unit + ".")
    return "\n".join(units)


def fk_grade(markdown: str) -> float:
    """Flesch-Kincaid grade of the page's body text."""
    return float(textstat.flesch_kincaid_grade(body_text(markdown)))


def main(argv: list[str]) -> int:
    for name in argv:
        print(f"{fk_grade(Path(name).read_text(encoding='utf-8')):5.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
