"""MkDocs hook: add the synonyms in data/synonyms.yml to the search index (and leave
each page's "Sources" section out of it).

Runs after Material's search plugin has written search/search_index.json and before
the offline plugin copies it into search/search_index.js (priority -100), so the
synonyms work over HTTP and from file:// alike. Problems in the data file are
logged as warnings, which `strict: true` turns into a failed build.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

import _paths  # noqa: F401  (puts the project root on sys.path)
from scripts import search_synonyms

log = logging.getLogger("mkdocs.hooks.search_synonyms")
DATA = "data/synonyms.yml"
_synonyms = search_synonyms.Synonyms()


def on_config(config):
    global _synonyms
    try:
        _synonyms, problems = search_synonyms.load_synonyms(_paths.ROOT / DATA)
    except OSError as err:
        _synonyms, problems = search_synonyms.Synonyms(), [f"cannot read the file ({err})"]
    for problem in problems:
        log.warning(f"{DATA}: {problem}")
    return config


@event_priority(-50)  # after Material's search plugin (0), before the offline plugin (-100)
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        log.warning(f"{DATA}: no search index at {path}: is the search plugin on?")
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index = search_synonyms.drop_sections(index)  # each page's "Sources" list
    index = search_synonyms.add_synonyms_to_index(index, _synonyms)
    # Same compact form as Material writes it.
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
