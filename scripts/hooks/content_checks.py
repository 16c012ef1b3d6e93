"""MkDocs hook: apply the front-matter contract to every page.

Problems are logged as warnings naming the file; `strict: true` turns them into a
failed build, so unsafe content (missing or expired review dates, malformed front
matter) is never published. Reference keys are checked by
the sources hook, the one owner of data/references.yml.
"""

from __future__ import annotations

import datetime as dt
import logging

import _paths  # noqa: F401  (puts the project root on sys.path)
from scripts import content_rules

log = logging.getLogger("mkdocs.hooks.content_checks")


def on_page_markdown(markdown, page, config, files):
    where = page.file.src_uri
    problems = []
    broken = content_rules.front_matter_error(markdown) if not page.meta else None
    if broken:
        problems.append(broken)
    else:
        problems += content_rules.check_front_matter(page.meta, today=dt.date.today())
        if page.meta.get("fact") is not None:
            problems += content_rules.check_fact_page(markdown)
    for problem in problems:
        log.warning(f"{where}: {problem}")
    return markdown
