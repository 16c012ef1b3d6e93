"""MkDocs hook: apply the front-matter contract and care-card rules to every page.

Problems are logged as warnings naming the file; `strict: true` turns them into a
failed build, so unsafe content (missing or expired review dates, unknown reference
keys, unknown care-card levels, malformed front matter) is never published.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from scripts import content_rules
from scripts.references import load_references

log = logging.getLogger("mkdocs.hooks.content_checks")
_reference_keys: set[str] = set()


def on_config(config):
    global _reference_keys
    path = Path(__file__).resolve().parents[2] / "data" / "references.yml"
    try:
        _reference_keys = set(load_references(path))
    except (OSError, ValueError):  # the sources hook reports it, naming the file
        _reference_keys = set()
    return config


def on_page_markdown(markdown, page, config, files):
    where = page.file.src_uri
    problems = []
    broken = content_rules.front_matter_error(markdown) if not page.meta else None
    if broken:
        problems.append(broken)
    else:
        problems += content_rules.check_front_matter(
            page.meta, today=dt.date.today(), reference_keys=_reference_keys
        )
        if page.meta.get("fact") is not None:
            problems += content_rules.check_fact_page(markdown)
    problems += content_rules.check_care_card_levels(markdown)
    for problem in problems:
        log.warning(f"{where}: {problem}")
    return markdown
