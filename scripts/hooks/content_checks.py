"""MkDocs hook: apply the front-matter contract to every page.

Problems are logged as warnings naming the file; `strict: true` turns them into a
failed build, so unsafe content (missing or expired review dates, malformed front matter, unclosed blocks, unknown
front-matter keys, code or script URLs, images without alt text, typed-in phone
numbers, FAQ mistakes, fact pages above reading grade 8 or without their table) is
never published. Messages appear in the terminal running `make serve` or `make site`.

An unclosed `///` block is also made harmless before Markdown runs (its opening line
is blanked, a broken include is left out), because pymdownx.blocks can otherwise loop
for ever (see content_rules.check_blocks_closed).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from scripts import content_rules

ROOT = Path(__file__).resolve().parents[2]  # the project folder
log = logging.getLogger("mkdocs.hooks.content_checks")
_fact_pages: set[str] = set()
FAQ_PAGE = "faq.md"
INCLUDES = ROOT / "includes"
# MkDocs' own front-matter pattern (mkdocs.utils.meta): the page Markdown a hook sees
# starts after it (and the blank lines after it), so rule line numbers are shifted by its length.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.S)
_LINE = re.compile(r"\bline (\d+)")


def _in_file_lines(problem: str, offset: int) -> str:
    """'line N' counted in the page's Markdown becomes the line in the file."""
    return _LINE.sub(lambda m: f"line {int(m.group(1)) + offset}", problem) if offset else problem


def _front_matter_lines(page) -> int:
    try:
        match = _FRONT_MATTER.match(page.file.content_string)
    except (OSError, UnicodeDecodeError):
        return 0
    if not match:
        return 0
    rest = page.file.content_string[match.end():]
    return match.group(0).count("\n") + len(rest) - len(rest.lstrip("\n"))  # MkDocs strips blank lines too


def on_files(files, config):
    """The fact pages (for the FAQ link rule), read before any page is rendered."""
    global _fact_pages
    _fact_pages = set()
    for file in files.documentation_pages():
        try:
            if content_rules.read_front_matter(file.content_string).get("fact") is not None:
                _fact_pages.add(file.src_uri)
        except Exception:  # malformed front matter is reported for that page
            continue
    return files


def _check_includes(markdown: str, where: str, offset: int = 0, depth: int = 0) -> tuple[str, list[str]]:
    """Block problems in included files; a broken include line is dropped (no hang)."""
    problems: list[str] = []
    lines = markdown.split("\n")
    for number, rel in content_rules.snippet_paths(markdown):
        path = INCLUDES / rel
        if not path.is_file() or depth > 3:
            continue  # pymdownx.snippets reports a missing file
        text = path.read_text(encoding="utf-8")
        found = [f"includes/{rel}: {p} (included from {where} line {number + offset})"
                 for p in content_rules.check_blocks_closed(text)]
        _, nested = _check_includes(text, f"includes/{rel}", 0, depth + 1)
        if found or nested:
            lines[number - 1] = ""
        problems += found + nested
    return "\n".join(lines), problems


def on_page_markdown(markdown, page, config, files):
    where = page.file.src_uri
    offset = _front_matter_lines(page)
    problems = []
    blocks = content_rules.check_blocks_closed(markdown)
    if blocks:
        markdown = content_rules.neutralise_open_blocks(markdown)
    markdown, include_problems = _check_includes(markdown, where, offset)
    for problem in include_problems:
        log.warning(problem)
    problems += blocks
    broken = content_rules.front_matter_error(markdown) if not page.meta else None
    if broken:
        problems.append(broken)
    else:
        problems += content_rules.check_front_matter(page.meta, today=dt.date.today())
        problems += content_rules.check_unsafe_values(page.meta)
        if page.meta.get("fact") is not None:
            problems += content_rules.check_fact_page(markdown)
            problems += content_rules.check_fact_page_content(markdown, page.meta.get("fact"))
    problems += content_rules.check_unsafe_html(markdown)
    problems += content_rules.check_images_have_alt_text(markdown)
    problems += content_rules.check_phone_numbers(markdown)
    if where == FAQ_PAGE:
        problems += content_rules.check_faq(markdown, _fact_pages)
    for problem in problems:
        log.warning(f"{where}: {_in_file_lines(problem, offset)}")
    return markdown
