"""MkDocs hook: register the care-card block with this deployment's contacts and
report unknown contact placeholders by file name."""

from __future__ import annotations

import logging

from scripts.care_cards import CareCardExtension
from scripts.contacts import Contacts

log = logging.getLogger("mkdocs.hooks.care_cards")
_extension: CareCardExtension | None = None


def on_config(config):
    global _extension
    _extension = CareCardExtension(contacts=Contacts.from_config(config.extra.get("contacts")))
    config.markdown_extensions.append(_extension)
    return config


def on_page_content(html, page, config, files):
    if _extension is not None:
        for problem in _extension.problems:
            log.warning(f"{page.file.src_uri}: {problem}")
        _extension.problems.clear()
    return html
