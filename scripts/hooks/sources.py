"""MkDocs hook: the shared reference list.

- checks data/references.yml;
- writes the numbered list into the references page (at <!-- reference-list -->);
- appends a "Sources" section to every page with `sources` in its front matter;
- fails the build on references that no page cites.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scripts import content_rules, references

log = logging.getLogger("mkdocs.hooks.sources")
REFERENCES_PAGE = "references.md"
_refs: dict = {}
_used: set[str] = set()


def on_config(config):
    global _refs
    path = Path(__file__).resolve().parents[2] / "data" / "references.yml"
    try:
        _refs = references.load_references(path)
    except (OSError, ValueError) as err:
        log.warning(f"data/references.yml: {err}")
        _refs = {}
    for problem in references.check_references(_refs):
        log.warning(f"data/references.yml: {problem}")
    return config


def on_pre_build(config):
    _used.clear()


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == REFERENCES_PAGE:
        if references.LIST_MARKER not in markdown:
            log.warning(f"{REFERENCES_PAGE}: add the line {references.LIST_MARKER} where the list belongs")
        return markdown.replace(references.LIST_MARKER, references.render_reference_list(_refs))
    keys = page.meta.get("sources")
    if not isinstance(keys, list):
        return markdown
    known = [k for k in keys if k in _refs]  # unknown keys are reported by content_checks
    _used.update(known)
    if not known:
        return markdown
    link = _relative(page.file.src_uri, REFERENCES_PAGE)
    return markdown.rstrip() + "\n\n" + references.render_sources_section(known, _refs, link)


def on_post_build(config):
    for key in content_rules.unused_references(_refs, _used):
        log.warning(
            f"data/references.yml: reference {key} is not cited by any page: "
            "add it to a page's 'sources' or remove it"
        )


def _relative(src_uri: str, target: str) -> str:
    depth = src_uri.count("/")
    return "../" * depth + target
