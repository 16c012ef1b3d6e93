"""MkDocs hook: shape Material's search index after the build. It adds the synonyms
in data/synonyms.yml, leaves each page's "Sources" section (and the red-flag card's
repeated cards) out, and gives the words of warning-sign care cards more weight.

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

from scripts import search_synonyms, triage

log = logging.getLogger("mkdocs.hooks.search_synonyms")
DATA = "data/synonyms.yml"
ROOT = Path(__file__).resolve().parents[2]
_synonyms = search_synonyms.Synonyms()
_cards: set[str] = set()  # "page.html#card-id" of every care-card heading built
_card_words: dict[str, tuple[str, str]] = {}  # card id -> (name and signs, escalation signs), data/triage.yml


def on_config(config):
    global _synonyms
    # The care-card hook reports problems in the triage model; here only its words.
    model, _ = triage.load_model(ROOT / triage.MODEL_FILE)
    _card_words.clear()
    for card in (model.cards.values() if model else ()):
        escalation = card.escalate.when if card.escalate else ""
        _card_words[card.id] = (" ".join([card.name, *(s.text for s in card.signs)]), escalation)
    try:
        _synonyms, problems = search_synonyms.load_synonyms(ROOT / DATA)
    except OSError as err:
        _synonyms, problems = search_synonyms.Synonyms(), [f"cannot read the file ({err})"]
    for problem in problems:
        log.warning(f"{DATA}: {problem}")
    return config


def on_pre_build(config):
    _cards.clear()


@event_priority(-100)  # after the care-card hook has rendered the cards
def on_page_content(html, page, config, files):
    _cards.update(f"{page.url}#{card}" for card in search_synonyms.card_ids(html))
    return html


@event_priority(-50)  # after Material's search plugin (0), before the offline plugin (-100)
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        log.warning(f"{DATA}: no search index at {path}: is the search plugin on?")
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index = search_synonyms.drop_sections(index)  # each page's "Sources" list
    index = search_synonyms.add_synonyms_to_index(index, _synonyms)
    words = {where: _card_words.get(where.partition("#")[2], ("", "")) for where in _cards}
    index = search_synonyms.emphasise_sections(index, words, _synonyms)  # warning-sign cards
    # Same compact form as Material writes it.
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
