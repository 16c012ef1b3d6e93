"""MkDocs hook: fill the "print the whole guide" page with the rendered pages it lists.

print-guide.md names the pages in its front matter (`assemble: [how-common.md, ...]`)
and ends with the line <!-- print-guide -->, where they go. MkDocs renders every
page's content before it builds any page, so at on_page_context the other pages'
final HTML (care cards, sources, contacts) is ready to copy: nothing is rendered twice
and nothing can drift from the web pages.
"""

from __future__ import annotations

import logging

from scripts.abbreviations import first_use_only
from scripts.print_guide import Part, assemble

log = logging.getLogger("mkdocs.hooks.print_guide")
MARKER = "<!-- print-guide -->"


def on_page_context(context, page, config, nav):
    wanted = page.meta.get("assemble")
    if not wanted:
        return context
    where = page.file.src_uri
    if not isinstance(wanted, list):
        log.warning(f"{where}: 'assemble' must be a list of page files, for example [how-common.md, faq.md]")
        return context
    by_src = {p.file.src_uri: p for p in nav.pages}
    parts = []
    for src in wanted:
        other = by_src.get(src)
        if other is None or other is page:
            log.warning(f"{where}: 'assemble' names {src!r}, which is not a page in the nav")
            continue
        parts.append(Part(src, other.title or src, other.content or ""))
    if MARKER not in (page.content or ""):
        log.warning(f"{where}: add the line {MARKER} where the assembled pages belong")
        return context
    # Each page becomes one section of the guide: its terms are defined once there.
    page.content = first_use_only(page.content.replace(MARKER, assemble(parts)))
    return context
