"""MkDocs hook: the shared reference list. The one owner of data/references.yml.

- reads and checks data/references.yml (once a build; a file that cannot be read
  gives one error and no follow-on warnings);
- checks each page's `sources:` keys and its "Sources for this section" lines
  (`references.check_sources`);
- writes the numbered list into the references page (at <!-- reference-list -->);
- appends the "Sources" list to every page with `sources` in its front matter
  (collapsed on fact pages) and turns each "Sources for this section" line into
  links to it;
- fails the build on references that no page cites.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scripts import content_rules, references

ROOT = Path(__file__).resolve().parents[2]  # the project folder
log = logging.getLogger("mkdocs.hooks.sources")
REFERENCES_PAGE = "references.md"
REFERENCES_FILE = "data/references.yml"
# Every `##` section of a fact page must end with "Sources for this section: ...".
# False for now: the rule applies only to fact pages that already have at least one
# such line. Set to True once every fact page has them.
REQUIRE_SECTION_SOURCES_ON_ALL_FACT_PAGES = True
_refs: dict | None = None  # None: the file could not be read (already reported)
_used: set[str] = set()


def on_config(config):
    global _refs
    try:
        _refs = references.load_references(ROOT / REFERENCES_FILE)
    except (OSError, ValueError) as err:
        log.warning(f"{REFERENCES_FILE}: {err}")
        _refs = None
        return config
    for problem in references.check_references(_refs):
        log.warning(f"{REFERENCES_FILE}: {problem}")
    return config


def on_pre_build(config):
    _used.clear()


def on_page_markdown(markdown, page, config, files):
    if _refs is None:
        return markdown  # the file's one error is already reported
    where = page.file.src_uri
    if where == REFERENCES_PAGE:
        if references.LIST_MARKER not in markdown:
            log.warning(f"{REFERENCES_PAGE}: add the line {references.LIST_MARKER} where the list belongs")
        return markdown.replace(references.LIST_MARKER, references.render_reference_list(_refs))
    has_lines = references.SECTION_SOURCES.search(markdown) is not None
    for problem in references.check_sources(
        page.meta, markdown, _refs, require_every_section=REQUIRE_SECTION_SOURCES_ON_ALL_FACT_PAGES or has_lines
    ):
        log.warning(f"{where}: {problem}")
    keys = page.meta.get("sources")
    known = [k for k in keys if k in _refs] if isinstance(keys, list) else []
    _used.update(known)
    if has_lines:
        markdown = references.render_section_sources(markdown, _refs, known)
    if not known:
        return markdown
    link = _relative(where, REFERENCES_PAGE)
    collapsed = page.meta.get("fact") is not None
    return markdown.rstrip() + "\n\n" + references.render_sources_section(known, _refs, link, collapsed=collapsed)


def on_post_build(config):
    if _refs is None:
        return
    for key in content_rules.unused_references(_refs, _used):
        log.warning(
            f"{REFERENCES_FILE}: reference {key} is not cited by any page: "
            "add it to a page's 'sources' or remove it"
        )


def _relative(src_uri: str, target: str) -> str:
    depth = src_uri.count("/")
    return "../" * depth + target
