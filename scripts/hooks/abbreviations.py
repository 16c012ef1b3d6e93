"""MkDocs hook: an abbreviation's definition on its first use in each section only
(scripts/abbreviations.py says why). Runs on every page's HTML after Markdown, so the
whole-guide page, which copies the pages' HTML, inherits it."""

from __future__ import annotations

from scripts.abbreviations import first_use_only


def on_page_content(html, page, config, files):
    return first_use_only(html)
