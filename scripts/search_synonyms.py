"""Search synonyms (data/synonyms.yml): load, check, and add them to the search index.

Material's search (lunr) only finds words as they are written on the page. For each
document (a page's intro or one of its sections) in Material's search index, this
adds the other members of every synonym group that the document mentions, plus the
common misspellings of its words, to hidden index fields.

Why separate fields: Material's search worker indexes every field named in the
index's `config.fields` (with that field's boost) but shows only `title`, `text` and
`tags` in result previews. So synonyms are searchable, never visible, and their
weight is set here (FIELD_BOOSTS), unlike the `tags` field (boost 10^6, which would
swamp ranking).

Also here, for the same hook (one pass over the index): `drop_sections` leaves each
page's "Sources" list and the red-flag card's repeated cards out of the index, and
`emphasise_sections` gives the body words of warning-sign care cards their own
hidden field (CARD_FIELD), so symptom words find the card first.

Pure functions apart from `load_synonyms`; no MkDocs import.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# Two hidden fields, so a synonym weighs like the word it stands for: synonyms of
# words in a section's heading go in TITLE_FIELD, the rest in TEXT_FIELD. Material's
# own boosts are title 1000 and text 1. Heading synonyms get 700: less than a real
# heading word, so a page with the reader's exact word in a heading still wins, but
# enough that "MSCC" finds the "Spinal cord compression" section. Body synonyms get
# 10: each is listed once however often the page uses the word, so one listing must
# count for more than one word of text. Measured with data/search-queries.yml (with
# the punctuation-aware search separator in mkdocs.yml): heading boosts 500 to 1000
# with body boosts 3 to 30 all put an expected page in the top 3 for every query;
# below 500 some drop out.
TITLE_FIELD = "synonyms_title"
TEXT_FIELD = "synonyms_text"
FIELD_BOOSTS = {TITLE_FIELD: 700.0, TEXT_FIELD: 10.0}

# Left out of the search index (see drop_sections): each page's "Sources" list, and
# the sections of the printable red-flag card, which repeat the care cards of the
# When to get help page word for word (three copies of a card would fill the top 3;
# the card page itself stays, so "red flag card" still finds it). The whole-guide
# page likewise repeats every page: only its entry stays ("print the whole guide").
EXCLUDED_ANCHORS = ("sources",)
PAGES_WITHOUT_SECTIONS = ("red-flag-card.html", "print-guide.html")

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[\s\-]+")  # Material's default search separator


@dataclass
class Synonyms:
    groups: list[tuple[str, ...]] = field(default_factory=list)   # merged, each term once
    misspellings: dict[str, str] = field(default_factory=dict)    # wrong -> right


def load_synonyms(path: Path) -> tuple[Synonyms, list[str]]:
    """Read data/synonyms.yml; returns the synonyms and a list of problems (empty = good)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        return Synonyms(), [f"not valid YAML: {err}"]
    return parse_synonyms(data)


def parse_synonyms(data: object) -> tuple[Synonyms, list[str]]:
    """Check the file's structure and normalise it. Problems name the group or entry."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        return Synonyms(), ["expected a mapping with 'groups' and 'misspellings'"]
    unknown = set(data) - {"groups", "misspellings"}
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}: use 'groups' and 'misspellings'")

    groups: list[list[str]] = []
    raw_groups = data.get("groups") or []
    if not isinstance(raw_groups, list):
        problems.append("'groups' must be a list of lists of terms")
        raw_groups = []
    for number, group in enumerate(raw_groups, start=1):
        where = f"group {number}"
        if not isinstance(group, list) or not all(isinstance(t, str) and t.strip() for t in group):
            problems.append(f"{where}: must be a list of words or phrases, got {group!r}")
            continue
        terms = [normalise(t) for t in group]
        where = f"group {number} ({terms[0]})"
        if len(set(terms)) < 2:
            problems.append(f"{where}: needs at least 2 different terms")
        duplicates = sorted(t for t, n in Counter(terms).items() if n > 1)
        if duplicates:
            problems.append(f"{where}: {', '.join(duplicates)} listed twice")
        groups.append(list(dict.fromkeys(terms)))

    misspellings: dict[str, str] = {}
    raw_misspellings = data.get("misspellings") or {}
    if not isinstance(raw_misspellings, Mapping):
        problems.append("'misspellings' must map a wrong spelling to the right word")
        raw_misspellings = {}
    known = {t for g in groups for t in g}
    for wrong, right in raw_misspellings.items():
        if not (isinstance(wrong, str) and isinstance(right, str) and wrong.strip() and right.strip()):
            problems.append(f"misspelling {wrong!r}: must map a word to a word, got {right!r}")
            continue
        wrong, right = normalise(wrong), normalise(right)
        if wrong == right:
            problems.append(f"misspelling {wrong!r}: maps to itself")
        elif right.startswith(wrong) or wrong.startswith(right):
            problems.append(
                f"misspelling {wrong!r}: not needed, search already matches the start of {right!r}"
            )
        elif wrong in known:
            problems.append(f"misspelling {wrong!r}: is a real term in a synonym group")
        else:
            misspellings[wrong] = right
    return Synonyms(merge_groups(groups), misspellings), problems


def normalise(term: str) -> str:
    """Lower case, single spaces."""
    return " ".join(term.lower().split())


def merge_groups(groups: Iterable[Iterable[str]]) -> list[tuple[str, ...]]:
    """Join groups that share a term (synonymy is transitive). Linear in the number
    of terms (union-find over a term -> group dict; security review F15: the old
    pairwise merge took 29 s for 6,000 groups). Merged groups come in the order of
    their first group, each term once, in the order first seen."""
    groups = [list(dict.fromkeys(g)) for g in groups]
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, group in enumerate(groups):
        for term in group:
            j = owner.setdefault(term, i)
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)  # the earliest group stays the root
    merged: dict[int, dict[str, None]] = {}
    for i, group in enumerate(groups):
        merged.setdefault(root(i), {}).update(dict.fromkeys(group))
    return [tuple(terms) for terms in merged.values()]


def plain_text(markup: str) -> str:
    """The words of an index document's HTML text, tags removed and entities decoded."""
    return html.unescape(_TAG.sub(" ", markup))


@functools.lru_cache(maxsize=None)  # ~500 terms x every index document: compile each once
def term_pattern(term: str) -> re.Pattern:
    """Whole word(s), any case, spaces or hyphens between words, optional plural s/es.

    A term does not match inside a hyphenated word ("ct" is not found in "PET-CT").
    """
    words = [re.escape(w) for w in _SPACE.split(term) if w]
    return re.compile(r"(?<![\w-])" + r"[\s\-]+".join(words) + r"(?:e?s)?(?![\w-])", re.IGNORECASE)


def found_terms(text: str, terms: Iterable[str], words: set[str] | None = None) -> set[str]:
    """The terms that occur in `text` (see term_pattern). `words` (the text's lower-case
    words) lets most terms be ruled out without running their pattern."""
    words = _words(text) if words is None else words
    return {t for t in terms if _may_occur(t, words) and term_pattern(t).search(text)}


def _may_occur(term: str, words: set[str]) -> bool:
    """Cheap necessary condition for term_pattern(term) to match: its first word is
    there (a one-word term may also carry its plural ending)."""
    first = _words(term)
    if not first:
        return False
    head = re.split(r"\W+", term.lower().strip())[0] or min(first)
    return head in words or (len(first) == 1 and (head + "s" in words or head + "es" in words))


def expansion(text: str, synonyms: Synonyms) -> list[str]:
    """Terms to add to a document: the other members of every group it mentions, then
    misspellings of any word it has (or got from a group). Terms already in the text
    are not repeated. Order follows the data file, so builds are reproducible.

    Only terms whose first word is in the text are tried (a word -> terms dict built
    once per Synonyms), so the cost per document grows with its words, not with the
    number or size of the groups (security review F15)."""
    text_words = _words(text)
    by_word, group_of = _terms_by_first_word(synonyms)
    candidates = {t for w in text_words for t in by_word.get(w, ())}
    present = found_terms(text, candidates, text_words)
    added: dict[str, None] = {}
    for number in sorted({group_of[t] for t in present}):
        added.update((t, None) for t in synonyms.groups[number] if t not in present)
    words = text_words | _words(" ".join(added))
    for wrong, right in synonyms.misspellings.items():
        if set(_SPACE.split(right)) <= words:
            added.setdefault(wrong, None)
    return list(added)


_BY_WORD: dict[int, tuple[Synonyms, dict[str, tuple[str, ...]], dict[str, int]]] = {}


def _terms_by_first_word(synonyms: Synonyms) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    """Each word -> the terms that may start with it (their head word, or that word
    with a plural ending: see _may_occur); and each term -> its group's number."""
    cached = _BY_WORD.get(id(synonyms))
    if cached and cached[0] is synonyms:
        return cached[1], cached[2]
    table: dict[str, list[str]] = {}
    group_of: dict[str, int] = {}
    for number, group in enumerate(synonyms.groups):
        for term in group:
            group_of.setdefault(term, number)
            first = _words(term)
            if not first:
                continue
            head = re.split(r"\W+", term.lower().strip())[0] or min(first)
            for key in [head] + ([head + "s", head + "es"] if len(first) == 1 else []):
                table.setdefault(key, []).append(term)
    result = {w: tuple(terms) for w, terms in table.items()}
    _BY_WORD.clear()
    _BY_WORD[id(synonyms)] = (synonyms, result, group_of)
    return result, group_of


def drop_sections(index: dict, anchors: Iterable[str] = EXCLUDED_ANCHORS,
                  pages: Iterable[str] = PAGES_WITHOUT_SECTIONS) -> dict:
    """Material's search index without the sections whose heading id is one of
    `anchors` (a page's "Sources" list: titles of papers would outrank the pages),
    and without any section of `pages` (their page entry stays).

    The Sources block itself carries `data-search-exclude` once the sources stream
    renders it so; this keeps the index right either way. Returns a new dict."""
    anchors, pages = set(anchors), set(pages)

    def kept(doc: dict) -> bool:
        page, _, anchor = doc.get("location", "").partition("#")
        return not anchor or (anchor not in anchors and page not in pages)

    return {**index, "docs": [doc for doc in index.get("docs", []) if kept(doc)]}


# Warning-sign care cards: a card's name and signs (from data/triage.yml) and their
# synonyms are copied into one more hidden field, CARD_FIELD, so a reader's symptom words
# ("very thirsty and confused") find the card (what to do, who to call) before a
# section that merely names the condition in its heading. Only the signs: the card
# headings are long sentences of common words ("call", "now", "cancer", "mean"), and
# the advice lines ("do not drive yourself", "keep as still as you can") are not
# what a reader types about a card ("can I still drive" must find Driving).
# Measured with data/search-queries.yml (Material's title boost 1000): card boosts
# 100 to 1000 bring the most cards first and raise hit@1 without losing any hit@3;
# 300 is used. A whole-document boost of 3 instead lost 2 hit@3 and won fewer cards.
CARD_FIELD = "card_text"
CARD_BOOST = 300.0
# A card's escalation signs ("call 999 instead if ..."), at half the weight.
ESCALATION_FIELD = "card_escalation"
ESCALATION_BOOST = 150.0
CARD_TITLE = re.compile(r'<h[1-6][^>]*\bclass="[^"]*\bcare-card__title\b[^"]*"[^>]*\bid="([^"]+)"'
                        r'|<h[1-6][^>]*\bid="([^"]+)"[^>]*\bclass="[^"]*\bcare-card__title\b')


def card_ids(page_html: str) -> list[str]:
    """The ids of the care-card headings in a page's HTML (class care-card__title)."""
    return [a or b for a, b in CARD_TITLE.findall(page_html)]


def emphasise_sections(index: dict, words: Mapping[str, tuple[str, str]], synonyms: Synonyms | None = None,
                       fields: tuple[str, str] = (CARD_FIELD, ESCALATION_FIELD),
                       boosts: tuple[float, float] = (CARD_BOOST, ESCALATION_BOOST)) -> dict:
    """Material's search index with the words of `words[location]` and their
    synonyms in hidden fields of the document at each location ("page.html#id").
    Each value is (signs, escalation): for a care card, its name and signs, which
    go in `fields[0]`, and the signs that make it more urgent, which go in
    `fields[1]` with a lower boost: they belong to another card first, so "sleepy
    and muddled" finds high calcium (its own sign: "muddled") before the infection
    card (which escalates on "confused"), while "suddenly short of breath" still
    finds the blood clot card (escalation) before "more breathless than usual".
    Returns a new dict."""
    synonyms = synonyms or Synonyms()
    config = dict(index.get("config", {}))
    config["fields"] = {**config.get("fields", {}), **{f: {"boost": b} for f, b in zip(fields, boosts)}}
    docs = []
    for doc in index.get("docs", []):
        texts = words.get(doc.get("location", ""), ("", ""))
        added = {f: " ".join([*t.split(), *expansion(t, synonyms)]) for f, t in zip(fields, texts) if t}
        docs.append({**doc, **added})
    return {**index, "config": config, "docs": docs}


def add_synonyms_to_index(index: dict, synonyms: Synonyms, boosts: Mapping[str, float] = FIELD_BOOSTS) -> dict:
    """Material's search index with hidden synonym fields on every document that
    mentions a synonym, and those fields registered (with `boosts`) in config.fields.

    Returns a new dict; the input is not changed. A field boost already set in the
    index (for example from mkdocs.yml `plugins: search: fields:`) is kept."""
    config = dict(index.get("config", {}))
    fields = {name: dict(spec) for name, spec in config.get("fields", {}).items()}
    for name, boost in boosts.items():
        fields.setdefault(name, {"boost": boost})
    config["fields"] = fields
    docs = []
    for doc in index.get("docs", []):
        doc = {k: v for k, v in doc.items() if k not in (TITLE_FIELD, TEXT_FIELD)}
        title = plain_text(doc.get("title", ""))
        from_title = expansion(title, synonyms)
        from_text = [t for t in expansion(f"{title}\n{plain_text(doc.get('text', ''))}", synonyms)
                     if t not in from_title]
        if from_title:
            doc[TITLE_FIELD] = " ".join(from_title)
        if from_text:
            doc[TEXT_FIELD] = " ".join(from_text)
        docs.append(doc)
    return {**index, "config": config, "docs": docs}


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"\W+", text.lower()) if w}
