"""MkDocs hook: register the icon-array block and fail the build, naming the file
and line, on a malformed count or a caption that does not match it."""

from __future__ import annotations

import logging

from scripts.icon_array import IconArrayExtension, check_markdown

log = logging.getLogger("mkdocs.hooks.icon_arrays")


def on_config(config):
    config.markdown_extensions.append(IconArrayExtension())
    return config


def on_page_markdown(markdown, page, config, files):
    # The file as written (with its front matter), so line numbers match the editor's.
    source = page.file.content_string
    for problem in check_markdown(source):
        log.warning(f"{page.file.src_uri}: {problem}")
    return markdown
