"""The built search index and the search worker the pages start (issue 12).

- The References page and each page's Sources section are not in the index; every
  heading of the fact pages and every care-card section is.
- Every page points Material at the worker wrapper, which is built next to the
  Material worker it loads: a Material upgrade (new worker file name) fails here.
"""

from __future__ import annotations

import json
import re

from scripts import search_synonyms
from tests.helpers import ROOT

WRAPPER = "assets/javascripts/workers/search-query.js"
MATERIAL_WORKER = re.search(r'var MATERIAL_WORKER = "([^"]+)"', (ROOT / "docs" / WRAPPER).read_text()).group(1)
HEADING = re.compile(r'<h([2-6])[^>]*\bid="([^"]+)"')


def index(site) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_references_and_sources_are_out_of_the_index(site):
    docs = index(site)["docs"]
    assert [d["location"] for d in docs if d["location"].startswith("references.html")] == []
    assert [d["location"] for d in docs if d["location"].partition("#")[2] == "sources"] == []
    assert [d["location"] for d in docs if d["title"].strip().lower() == "sources"] == []
    # The words of a reference title stay out too (only the Sources lists had them).
    assert not [d["location"] for d in docs if "Canterbury" in d.get("text", "")]


def test_every_heading_and_care_card_is_in_the_index(site):
    locations = {d["location"] for d in index(site)["docs"]}
    missing = []
    for name in ("treatment.html", "symptoms-and-red-flags.html", "when-to-get-help.html", "faq.html",
                 "living-with-it.html", "diagnosis.html"):
        html = (site / name).read_text(encoding="utf-8")
        for _, anchor in HEADING.findall(html):
            if anchor != "sources" and f"{name}#{anchor}" not in locations:
                missing.append(f"{name}#{anchor}")
    assert missing == []
    cards = [d for d in index(site)["docs"] if search_synonyms.CARD_FIELD in d]
    assert len(cards) >= 7
    assert index(site)["config"]["fields"][search_synonyms.CARD_FIELD]["boost"] == search_synonyms.CARD_BOOST


def test_care_cards_weigh_their_signs_not_their_advice(site):
    """A card's hidden card field holds its name and signs from data/triage.yml (so
    "pins and needles" finds the card), never its advice lines ("Do not drive
    yourself" must not make "can I still drive" find spinal cord compression)."""
    docs = {d["location"]: d for d in index(site)["docs"]}
    card = docs["when-to-get-help.html#spinal-cord-compression"]
    assert "pins and needles" in card[search_synonyms.CARD_FIELD]
    assert "drive" not in card[search_synonyms.CARD_FIELD] and "drive" in card["text"]
    clot = docs["when-to-get-help.html#blood-clot"]
    assert "suddenly short of breath" in clot[search_synonyms.ESCALATION_FIELD]


def test_pages_start_the_worker_wrapper_next_to_materials_worker(site):
    """overrides/main.html swaps Material's worker path for the wrapper in __config. If
    Material is upgraded, its worker gets a new name: the swap then silently does
    nothing, and this test says so."""
    problems = []
    for page in sorted(site.glob("*.html")):
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
        worker = json.loads(config.group(1))["search"] if config else None
        if not worker or not worker.endswith(WRAPPER):
            problems.append(f"{page.name}: search worker is {worker!r}, not the wrapper {WRAPPER}")
    assert problems == []
    assert (site / WRAPPER).is_file()
    assert (site / "assets" / "javascripts" / "workers" / MATERIAL_WORKER).is_file(), (
        f"Material no longer ships {MATERIAL_WORKER}: update MATERIAL_WORKER in docs/{WRAPPER}, "
        "the replace in overrides/main.html, and re-run node --test tests/js/")
    base = (ROOT / ".venv").resolve().glob("lib/python*/site-packages/material/templates/base.html")
    assert any(f"workers/{MATERIAL_WORKER}" in b.read_text(encoding="utf-8") for b in base)
