"""The triage model (data/triage.yml): urgency as data, checked before anything renders.

Pure functions: `parse_model` turns the YAML into dataclasses and lists what is wrong
with it, `check_model` finds contradictions (a timing word that belongs to another
level, an emergency card missing from the home box), and `check_page` makes sure the
pages that must render from the model do, and that no page types an emergency action
by hand. Problems are strings naming the file and field; the MkDocs hook
(scripts/hooks/care_cards.py) logs them and strict mode fails the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts.contacts import RENDERERS

MODEL_FILE = "data/triage.yml"
CARD_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELD = re.compile(r"\{([a-z_]+)\}")
# Block openers that render from the model (see data/triage.yml header).
BLOCK_OPENER = re.compile(r"^\s*/{3,}\s*(care-card|triage-[a-z-]+)\b\s*(?:\|\s*(?P<arg>.*?))?\s*$", re.M)
BLOCK_CLOSER = re.compile(r"^\s*/{3,}\s*$", re.M)
TRIAGE_BLOCKS = ("triage-cards", "triage-signs", "triage-home")
# An emergency action typed into a page, outside the model ("call [[emergency]]").
# A number listed on its own ("Emergency: [[emergency]]") is not an action.
TYPED_EMERGENCY = re.compile(r"\b(?:call|ring|phone|dial)\b[^.\n]{0,60}\[\[\s*emergency\s*\]\]", re.I)


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    heading: str
    section: str
    short: str
    timing: tuple[str, ...]
    fallback: str = ""
    card_note: str = ""


@dataclass(frozen=True)
class Sign:
    text: str
    short: str
    home: bool = False


@dataclass(frozen=True)
class Escalation:
    level: str
    when: str
    short: str = ""
    home: bool = False


@dataclass(frozen=True)
class Card:
    id: str
    name: str
    level: str
    when: str
    signs: tuple[Sign, ...]
    why: str = ""
    do: tuple[str, ...] = ()
    while_waiting: str = ""
    say: str = ""
    next: str = ""
    escalate: Escalation | None = None
    sources: tuple[str, ...] = ()
    home: tuple[str, ...] = ()  # short lines for the home box, instead of signs marked home


@dataclass(frozen=True)
class Model:
    levels: dict[str, Level]
    cards: dict[str, Card]
    say_always: str = ""
    card_fallback: str = ""
    home: Mapping[str, str] = field(default_factory=dict)
    pages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def rank(self, level: str) -> int:
        return list(self.levels).index(level)

    def cards_by_level(self) -> list[tuple[Level, list[Card]]]:
        return [(lvl, [c for c in self.cards.values() if c.level == lvl.id]) for lvl in self.levels.values()
                if any(c.level == lvl.id for c in self.cards.values())]

    def sign_rows(self) -> list[tuple[str, Level, Card]]:
        """(short sign, level, card) for the signs table, most urgent first; an
        escalation is a row at its own level."""
        rows = []
        for card in self.cards.values():
            rows += [(s.short, self.levels[card.level], card) for s in card.signs]
            if card.escalate and card.escalate.short:
                rows.append((card.escalate.short, self.levels[card.escalate.level], card))
        return sorted(rows, key=lambda r: self.rank(r[1].id))

    def home_signs(self) -> list[tuple[str, Card]]:
        """Emergency-level signs marked `home: true`, in card order."""
        out = []
        for card in self.cards.values():
            if card.level == "emergency":
                out += [(line, card) for line in card.home] if card.home else [(s.short, card) for s in card.signs if s.home]
            if card.escalate and card.escalate.home and card.escalate.level == "emergency":
                out.append((card.escalate.short, card))
        return out


class ModelError(ValueError):
    """The model file cannot be read at all (not YAML, not a mapping)."""


def load_model(path: Path) -> tuple[Model | None, list[str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        return None, [f"{MODEL_FILE}:{where} not valid YAML ({getattr(err, 'problem', err)}). Check the indentation (spaces, not tabs) and quotes"]
    except OSError as err:
        return None, [f"{MODEL_FILE}: cannot be read ({err})"]
    return parse_model(data)


def _text(raw: Mapping, key: str, where: str, problems: list[str], required: bool = False) -> str:
    value = raw.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(f"{MODEL_FILE}: {where}.{key} must be text (in quotes)")
        return ""
    if required and not value.strip():
        problems.append(f"{MODEL_FILE}: {where}.{key} is missing: add it")
    return " ".join(value.split())


def _texts(raw: Mapping, key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{MODEL_FILE}: {where}.{key} must be a list of text lines")
        return ()
    return tuple(" ".join(v.split()) for v in value)


def parse_model(data: object) -> tuple[Model | None, list[str]]:
    """Dataclasses from the YAML, plus every shape problem found (not just the first)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("levels"), Mapping) or not isinstance(data.get("cards"), Mapping):
        return None, [f"{MODEL_FILE}: expected top-level 'levels' and 'cards' mappings (see the comments at the top of the file)"]
    problems: list[str] = []
    levels: dict[str, Level] = {}
    for lid, raw in data["levels"].items():
        where = f"levels.{lid}"
        if not isinstance(raw, Mapping):
            problems.append(f"{MODEL_FILE}: {where} must be a mapping")
            continue
        levels[lid] = Level(
            id=lid,
            label=_text(raw, "label", where, problems, required=True),
            heading=_text(raw, "heading", where, problems, required=True),
            section=_text(raw, "section", where, problems, required=True),
            short=_text(raw, "short", where, problems, required=True),
            timing=tuple(t.lower() for t in _texts(raw, "timing", where, problems)),
            fallback=_text(raw, "fallback", where, problems),
            card_note=_text(raw, "card_note", where, problems),
        )
    if "emergency" not in levels:
        problems.append(f"{MODEL_FILE}: levels must include 'emergency' (the home box lists its signs)")
    known = ", ".join(levels)
    cards: dict[str, Card] = {}
    for cid, raw in data["cards"].items():
        where = f"cards.{cid}"
        if not isinstance(cid, str) or not CARD_ID.match(cid):
            problems.append(f"{MODEL_FILE}: card id {cid!r}: use lower-case words joined by hyphens (it becomes the link anchor)")
            continue
        if not isinstance(raw, Mapping):
            problems.append(f"{MODEL_FILE}: {where} must be a mapping")
            continue
        unknown = set(raw) - (set(Card.__dataclass_fields__) - {"id"})
        for key in sorted(unknown):
            problems.append(f"{MODEL_FILE}: {where}.{key} is not a card field: use name, level, when, signs, why, do, while_waiting, say, next, escalate, sources, home")
        level = raw.get("level")
        if level not in levels:
            problems.append(f"{MODEL_FILE}: {where}.level is {level!r}: use one of {known}")
            continue
        signs = []
        raw_signs = raw.get("signs") or []
        if not isinstance(raw_signs, list) or not raw_signs:
            problems.append(f"{MODEL_FILE}: {where}.signs must list at least one sign")
            raw_signs = []
        for i, s in enumerate(raw_signs, start=1):
            if not isinstance(s, Mapping):
                problems.append(f"{MODEL_FILE}: {where}.signs[{i}] must have 'text' and 'short'")
                continue
            signs.append(Sign(text=_text(s, "text", f"{where}.signs[{i}]", problems, required=True),
                              short=_text(s, "short", f"{where}.signs[{i}]", problems, required=True),
                              home=bool(s.get("home", False))))
        escalate = None
        if raw.get("escalate") is not None:
            esc = raw["escalate"]
            ewhere = f"{where}.escalate"
            if not isinstance(esc, Mapping) or esc.get("level") not in levels:
                problems.append(f"{MODEL_FILE}: {ewhere}.level is {esc.get('level') if isinstance(esc, Mapping) else esc!r}: use one of {known}")
            else:
                escalate = Escalation(level=esc["level"], when=_text(esc, "when", ewhere, problems, required=True),
                                      short=_text(esc, "short", ewhere, problems), home=bool(esc.get("home", False)))
                if levels and list(levels).index(escalate.level) >= list(levels).index(level):
                    problems.append(f"{MODEL_FILE}: {ewhere}.level '{escalate.level}' must be more urgent than the card's level '{level}'")
        sources = raw.get("sources") or []
        if not isinstance(sources, list) or not sources:
            problems.append(f"{MODEL_FILE}: {where}.sources must list the reference keys that back this card")
            sources = []
        cards[cid] = Card(
            id=cid, name=_text(raw, "name", where, problems, required=True), level=level, when=_text(raw, "when", where, problems, required=True), signs=tuple(signs),
            why=_text(raw, "why", where, problems), do=_texts(raw, "do", where, problems),
            while_waiting=_text(raw, "while_waiting", where, problems), say=_text(raw, "say", where, problems),
            next=_text(raw, "next", where, problems), escalate=escalate, sources=tuple(str(s) for s in sources),
            home=_texts(raw, "home", where, problems),
        )
    pages = {}
    for page, blocks in (data.get("pages") or {}).items():
        if not isinstance(blocks, list) or not all(b in TRIAGE_BLOCKS for b in blocks):
            problems.append(f"{MODEL_FILE}: pages.{page} must list blocks from {', '.join(TRIAGE_BLOCKS)}")
            continue
        pages[page] = tuple(blocks)
    home = data.get("home") or {}
    model = Model(levels=levels, cards=cards, say_always=" ".join(str(data.get("say_always") or "").split()),
                  card_fallback=" ".join(str(data.get("card_fallback") or "").split()),
                  home={k: " ".join(str(v).split()) for k, v in home.items()}, pages=pages)
    return model, problems


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", text.lower()) is not None


def card_parts(card: Card) -> Iterable[tuple[str, str, str]]:
    """(field name, level, text) for every piece of a card a reader sees."""
    yield "name", card.level, card.name
    yield "when", card.level, card.when
    for i, s in enumerate(card.signs, start=1):
        yield f"signs[{i}].text", card.level, s.text
        yield f"signs[{i}].short", card.level, s.short
    for name in ("why", "while_waiting", "say", "next"):
        if getattr(card, name):
            yield name, card.level, getattr(card, name)
    for i, line in enumerate(card.do, start=1):
        yield f"do[{i}]", card.level, line
    for i, line in enumerate(card.home, start=1):
        yield f"home[{i}]", card.level, line
    if card.escalate:
        yield "escalate.when", card.escalate.level, card.escalate.when
        if card.escalate.short:
            yield "escalate.short", card.escalate.level, card.escalate.short


def check_model(model: Model, reference_keys: Iterable[str] | None = None) -> list[str]:
    """Contradictions a build must refuse."""
    problems = []
    levels = model.levels
    for lvl in levels.values():
        for name in ("heading", "section", "short", "fallback"):
            for f in FIELD.findall(getattr(lvl, name)):
                if f not in RENDERERS:
                    problems.append(f"{MODEL_FILE}: levels.{lvl.id}.{name}: unknown field {{{f}}}: use one of " + ", ".join(f"{{{n}}}" for n in RENDERERS))
        # A level's own wording may not use another level's timing words either.
        for name in ("heading", "short", "fallback", "card_note"):
            problems += _timing_problems(model, f"levels.{lvl.id}.{name}", lvl.id, getattr(lvl, name))
        if lvl.id not in ("emergency", "routine") and lvl.id != list(levels)[-1] and not lvl.fallback:
            problems.append(f"{MODEL_FILE}: levels.{lvl.id}.fallback is missing: say what to do when no 24-hour number is configured")
    for card in model.cards.values():
        for name, level, text in card_parts(card):
            where = f"cards.{card.id}.{name}"
            problems += _timing_problems(model, where, level, text)
            for f in FIELD.findall(text):
                if f not in RENDERERS:
                    problems.append(f"{MODEL_FILE}: {where}: unknown field {{{f}}}: use one of " + ", ".join(f"{{{n}}}" for n in RENDERERS))
        if card.level == "emergency":
            if not card.why:
                problems.append(f"{MODEL_FILE}: cards.{card.id}.why is missing: an emergency card says in one line why acting fast matters")
            if not card.home and not any(s.home for s in card.signs):
                problems.append(f"{MODEL_FILE}: cards.{card.id}: mark at least one sign `home: true` so the home page box lists this emergency")
        if reference_keys is not None:
            keys = set(reference_keys)
            for key in card.sources:
                if key not in keys:
                    problems.append(f"{MODEL_FILE}: cards.{card.id}.sources: unknown reference {key!r}: add it to data/references.yml")
    for key in ("same_day_card", "call_now_card"):
        card_id = model.home.get(key)
        if card_id and card_id not in model.cards:
            problems.append(f"{MODEL_FILE}: home.{key} {card_id!r} is not a card id")
    return problems


def _timing_problems(model: Model, where: str, level: str, text: str) -> list[str]:
    own = set(model.levels[level].timing)
    problems = []
    for other in model.levels.values():
        if other.id == level:
            continue
        for phrase in other.timing:
            if phrase not in own and _phrase_in(phrase, text):
                problems.append(
                    f"{MODEL_FILE}: {where}: '{phrase}' is how the '{other.id}' level says how fast, but this text is "
                    f"'{level}': use its words ({', '.join(model.levels[level].timing) or 'none'}), or move the sign to an escalation"
                )
    return problems


def page_blocks(markdown: str) -> list[tuple[int, str, str]]:
    """(line, block name, argument) for each model block opener in a page."""
    return [(markdown.count("\n", 0, m.start()) + 1, m.group(1), (m.group("arg") or "").strip())
            for m in BLOCK_OPENER.finditer(markdown)]


def cards_on_page(markdown: str, model: Model) -> list[str]:
    """Card ids a page shows: single cards, plus every card for `triage-` blocks."""
    ids: list[str] = []
    for _, name, arg in page_blocks(markdown):
        if name == "care-card":
            ids.append(arg)
        else:
            ids += list(model.cards)
    return ids


def _outside_blocks(markdown: str) -> str:
    """The page with model blocks blanked out (line numbers kept)."""
    lines = markdown.split("\n")
    inside = False
    for i, line in enumerate(lines):
        if BLOCK_OPENER.match(line):
            inside = True
        elif inside and BLOCK_CLOSER.match(line):
            inside = False
            lines[i] = ""
            continue
        if inside:
            lines[i] = ""
    return "\n".join(lines)


def check_page(src_uri: str, markdown: str, model: Model) -> list[str]:
    """A page renders its required model blocks, names only known cards, and types no
    emergency action outside the model (link to the card instead)."""
    problems = []
    found = page_blocks(markdown)
    names = {name for _, name, _ in found}
    for block in model.pages.get(src_uri, ()):
        if block not in names:
            problems.append(f"must show the {block} block from the triage model ({MODEL_FILE}, pages.{src_uri}): add a line '/// {block}' and a closing '///'")
    for line, name, arg in found:
        if name == "care-card":
            if arg not in model.cards:
                hint = " (cards now name a card, not a level)" if arg in ("emergency", "urgent", "non-urgent") else ""
                problems.append(f"line {line}: unknown care card {arg!r}{hint}: use one of {', '.join(model.cards)}")
        elif name not in TRIAGE_BLOCKS:
            problems.append(f"line {line}: unknown block '{name}': use one of care-card, {', '.join(TRIAGE_BLOCKS)}")
    outside = _outside_blocks(markdown)
    for m in TYPED_EMERGENCY.finditer(outside):
        line = outside.count("\n", 0, m.start()) + 1
        problems.append(
            f"line {line}: an emergency action is typed into the page ([[emergency]]). Link to the card instead, "
            f"e.g. [what to do](when-to-get-help.md#spinal-cord-compression), so every page says the same thing"
        )
    return problems
