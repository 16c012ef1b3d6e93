"""MkDocs hook: data for search engines that templates cannot derive on their own.

- reads the FAQ questions and answers from the FAQ page's rendered HTML into
  `page.meta["faq"]`, so the FAQPage JSON-LD (overrides/main.html) says exactly what
  the reader sees;
- puts the schema.org type of `reviewed_by` (Organization or Person) in
  `page.meta["reviewed_by_type"]`;
- writes robots.txt pointing at this deployment's sitemap (site_url varies).

Without this hook (e.g. under Zensical) the pages still carry MedicalWebPage data;
only the FAQ questions are missing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scripts import structured_data

log = logging.getLogger("mkdocs.hooks.structured_data")
FAQ_PAGE = "faq.md"


def on_page_content(html, page, config, files):
    if page.meta.get("reviewed_by"):
        page.meta["reviewed_by_type"] = structured_data.reviewer_type(page.meta["reviewed_by"])
    if page.file.src_uri == FAQ_PAGE:
        entries = structured_data.faq_entries(html)
        for problem in structured_data.check_faq_entries(entries):
            log.warning(f"{FAQ_PAGE}: {problem}")
        page.meta["faq"] = entries
    return html


def on_post_build(config):
    robots = Path(config.site_dir) / "robots.txt"
    robots.write_text(structured_data.robots_txt(config.site_url), encoding="utf-8")
