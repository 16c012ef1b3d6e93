"""MkDocs hook: per-deployment trust settings (rules in scripts/trust.py).

- checks extra.governance.feedback_email (env FEEDBACK_EMAIL) and the statements;
- gives the template `feedback` (a prefilled mailto: link with the page's title and
  review date; absent when no address is set, so no placeholder reaches patients) and
  `publisher`;
- fills markers on the trust pages: <!-- publisher-statement -->,
  <!-- accessibility-figures --> (page count from this build), <!-- search-query-count --> and
  <!-- feedback-route -->.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scripts import trust

ROOT = Path(__file__).resolve().parents[2]  # the project folder
log = logging.getLogger("mkdocs.hooks.trust_pages")
_state: dict = {"email": "", "statements": {}}
NO_ADDRESS = ("This copy of the guide has no feedback address. Please ask the hospital or "
              "organisation that gave you the guide.")


def on_config(config):
    settings = (config.extra or {}).get("governance") or {}
    email, problem = trust.check_email(settings.get("feedback_email"))
    if problem:
        log.warning(f"{problem} (extra.governance.feedback_email in mkdocs.yml)")
    values, problems = trust.statements(settings)
    for problem in problems:
        log.warning(f"{problem} (extra.governance in mkdocs.yml)")
    _state.update(email=email, statements=values)
    return config


def on_page_markdown(markdown, page, config, files):
    meta = page.meta or {}
    replacements = {
        "<!-- publisher-statement -->": lambda: trust.render_statements(_state["statements"]),
        "<!-- accessibility-figures -->": lambda: trust.render_figures(
            len(files.documentation_pages()), trust.AXE_WIDTHS, trust.AXE_PALETTES),
        "<!-- search-query-count -->": lambda: str(_search_query_count()),
        "<!-- feedback-route -->": lambda: trust.render_feedback(
            _state["email"], title=str(meta.get("title", "")), reviewed=meta.get("last_reviewed"),
            about="request for another format, or a problem with", fallback=NO_ADDRESS),
    }
    for marker, render in replacements.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render())
    return markdown


def _search_query_count() -> int:
    """How many patient queries tests/browser/test_search_queries.py types into search."""
    import yaml

    queries = yaml.safe_load((ROOT / "data" / "search-queries.yml").read_text(encoding="utf-8"))
    return len(queries) if isinstance(queries, list) else 0


def on_page_context(context, page, config, nav):
    meta = page.meta or {}
    context["publisher"] = _state["statements"].get("publisher", "")
    if _state["email"]:
        context["feedback"] = {
            "address": _state["email"],
            "href": trust.mailto(_state["email"], title=str(meta.get("title") or page.title or ""),
                                 reviewed=meta.get("last_reviewed"), about="feedback on"),
        }
    return context
