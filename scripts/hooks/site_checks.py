"""MkDocs hook: deployment values and the docs folder, checked when the config loads.

- SITE_URL (or site_url) must be http(s)://host/path/ with nothing that needs escaping
  (content_rules.check_site_url); a bad value stops the build by name.
- Symbolic links under docs/ are refused: MkDocs would copy their targets (any file on
  the build machine) into site/ and site.zip.
- A page left out of the nav is reported with where `nav:` is in mkdocs.yml.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts import content_rules

log = logging.getLogger("mkdocs.hooks.site_checks")


def on_config(config):
    raw = os.environ.get("SITE_URL")
    problems = content_rules.check_site_url(raw) if raw else content_rules.check_site_url(config.site_url)
    links = content_rules.find_symlinks(config.docs_dir)
    problems += [f"docs/{path} is a symbolic link: replace it with the file itself (links are not published)"
                 for path in links]
    if problems:
        raise PluginError("\n".join(problems))
    return config


def _nav_line(config_file: str | None) -> str:
    if not config_file or not Path(config_file).is_file():
        return "mkdocs.yml"
    text = Path(config_file).read_text(encoding="utf-8")
    match = re.search(r"^nav:", text, re.M)
    name = Path(config_file).name
    return f"{name} line {text.count(chr(10), 0, match.start()) + 1}" if match else name


def on_nav(nav, config, files):
    """MkDocs says a page is not in the nav but not where the nav is: say it here."""
    listed = {page.file.src_uri for page in nav.pages}
    missing = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in listed)
    for page in missing:
        log.warning(f"{page}: not in the menu: add '- {page}' under 'nav:' in {_nav_line(config.config_file_path)}")
    return nav
