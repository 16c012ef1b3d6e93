"""Red-flag care cards and the other triage blocks, rendered from the triage model.

    /// care-card | spinal-cord-compression
    ///

renders that card from data/triage.yml: a <section> whose title is a real heading
stating the action ("Call 999 now if ..."), with a stable id (the card id, never a
phone number), a visually hidden level prefix for screen readers, the level shown in
words and an icon as well as colour and border style, and `tel:` links built from the
configured contacts. `triage-cards`, `triage-signs` and `triage-home` render every
card by level, the signs table and the home page box from the same model, so no
page can say "now" where another says "today".

The blocks only build elements; text inside them is Markdown that Python-Markdown's
inline pass turns into links later. Problems (unknown card, text inside a card
block) go to `problems`, which the MkDocs hook reports with the page's file name.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_ranged_integer, type_string_in

from scripts.contacts import ContactPlaceholders, Contacts, fill_template
from scripts.triage import Card, Level, Model


def heading_markdown(level: Level, when: str, contacts: Contacts) -> str:
    """The card's heading text (Markdown), e.g. 'Call [999](tel:999) now if you ...'."""
    action = fill_template(level.heading, contacts)
    return f"{action} if {when.strip().rstrip(':')}"


# The same words on every card ("I have breast cancer that has spread to my bones",
# the no-24-hour-number route) would make every card match any query about spread:
# Material's search leaves elements with this attribute out of the index.
NOT_SEARCHED = ("care-card__say", "care-card__fallback", "triage-cards__say")


def _p(parent: etree.Element, text: str, cls: str | None = None, lead: str = "") -> etree.Element:
    attrs = {"class": cls} if cls else {}
    if cls in NOT_SEARCHED:
        attrs["data-search-exclude"] = ""
    p = etree.SubElement(parent, "p", attrs)
    if lead:
        strong = etree.SubElement(p, "strong")
        strong.text = lead
        strong.tail = " " + text
    else:
        p.text = text
    return p


def _badge(parent: etree.Element, level: Level) -> None:
    badge = etree.SubElement(parent, "p", {"class": "care-card__level", "aria-hidden": "true"})
    badge.text = level.label


def render_card(parent: etree.Element, card: Card, model: Model, contacts: Contacts,
                heading_level: int = 3, compact: bool = False, fallback: bool = True) -> etree.Element:
    level = model.levels[card.level]
    fill = lambda text: fill_template(text, contacts)  # noqa: E731
    section = etree.SubElement(parent, "section", {"class": f"care-card care-card--{level.id}"})
    _badge(section, level)
    heading = etree.SubElement(section, f"h{heading_level}", {"class": "care-card__title", "id": card.id})
    hidden = etree.SubElement(heading, "span", {"class": "md-visually-hidden"})
    hidden.text = f"{level.label}: "
    hidden.tail = heading_markdown(level, fill(card.when), contacts)
    body = etree.SubElement(section, "div", {"class": "care-card__body"})
    signs = etree.SubElement(body, "ul", {"class": "care-card__signs"})
    for sign in card.signs:
        etree.SubElement(signs, "li").text = fill(sign.short if compact else sign.text)
    if card.why and not compact:
        _p(body, fill(card.why), "care-card__why", "Why act fast:")
    for line in card.do:
        _p(body, fill(line), "care-card__do")
    if card.while_waiting and not compact:
        _p(body, fill(card.while_waiting), "care-card__wait", "While you wait:")
    if card.say and not compact:
        _p(body, f"\u201c{fill(card.say)}\u201d", "care-card__say", "What to say:")
    if card.escalate:
        esc = model.levels[card.escalate.level]
        p = etree.SubElement(body, "p", {"class": f"care-card__escalate care-card__escalate--{esc.id}"})
        strong = etree.SubElement(p, "strong")
        when = card.escalate.short.lower() if compact and card.escalate.short else fill(card.escalate.when)
        strong.text = f"{esc.label}: " + heading_markdown(esc, when, contacts) + "."
    if fallback and level.fallback and not contacts.helpline_phone:
        _p(body, fill(level.fallback), "care-card__fallback")
    if card.next and not compact:
        _p(body, fill(card.next), "care-card__next", "What happens next:")
    return section


def render_level_summary(parent: etree.Element, level: Level, cards: list[Card], model: Model,
                         contacts: Contacts, escalations: list[Card]) -> etree.Element:
    """The printable card's box for one level: each card's name and its short signs,
    the signs that other cards escalate to this level, and the level's actions."""
    fill = lambda text: fill_template(text, contacts)  # noqa: E731
    box = etree.SubElement(parent, "section", {"class": f"care-card care-card--{level.id} triage-summary"})
    _badge(box, level)
    heading = etree.SubElement(box, "h2", {"class": "care-card__title", "id": level.id})
    hidden = etree.SubElement(heading, "span", {"class": "md-visually-hidden"})
    hidden.text = f"{level.label}: "
    hidden.tail = fill(level.heading).rstrip(",") + " if you have:"
    items = etree.SubElement(box, "ul", {"class": "care-card__signs"})
    for card in cards:
        li = etree.SubElement(items, "li", {"id": f"card-{card.id}"})
        strong = etree.SubElement(li, "strong")
        strong.text = card.name
        strong.tail = ": " + "; ".join(fill(s.short).lower() if i else fill(s.short) for i, s in enumerate(card.signs)) + "."
    for card in escalations:
        li = etree.SubElement(items, "li")
        strong = etree.SubElement(li, "strong")
        strong.text = card.name
        strong.tail = ": " + fill(card.escalate.short) + "."
    if level.card_note:
        _p(box, fill(level.card_note), "care-card__do")
    return box


def render_my_numbers(parent: etree.Element, contacts: Contacts) -> None:
    """A box showing the configured numbers, with space to write in the rest."""
    box = etree.SubElement(parent, "section", {"class": "my-numbers"})
    etree.SubElement(box, "h2", {"id": "my-numbers"}).text = "My numbers"
    rows = [
        ("24-hour cancer line", "{helpline}" if contacts.helpline_phone else ""),
        ("Breast care nurse", "{breast_care_nurse}" if contacts.breast_care_nurse_phone else ""),
        ("Hospital", "{organisation}" if contacts.organisation else ""),
        ("Emergency", "{emergency}"),
    ]
    dl = etree.SubElement(box, "dl")
    for label, template in rows:
        etree.SubElement(dl, "dt").text = label
        dd = etree.SubElement(dl, "dd", {} if template else {"class": "my-numbers__write-in"})
        dd.text = fill_template(template, contacts) if template else "Write it here:"


class _ModelBlock(Block):
    """Shared: the extension's model and contacts, and a body that must stay empty
    (anything typed inside goes to a scratch element, is reported, and dropped)."""

    def model(self) -> Model:
        return self.config["model"]

    def contacts(self) -> Contacts:
        return self.config["contacts"]

    def report(self, problem: str) -> None:
        self.config["problems"].append(problem)

    def on_create(self, parent: etree.Element) -> etree.Element:
        el = self.render(parent)
        self._inbox = etree.SubElement(el, "div")
        return el

    def render(self, parent: etree.Element) -> etree.Element:  # pragma: no cover - abstract
        raise NotImplementedError

    def on_add(self, block: etree.Element) -> etree.Element:
        return self._inbox

    def on_end(self, block: etree.Element) -> None:
        inbox = self._inbox
        if len(inbox) or (inbox.text or "").strip():
            text = " ".join("".join(inbox.itertext()).split())
            text = text if len(text) <= 60 else text[:57] + "..."
            self.report(f"'/// {self.NAME}' block has text inside it ({text!r}): card wording lives in "
                        "data/triage.yml; close the block on the line after it opens")
        block.remove(inbox)


class CareCard(_ModelBlock):
    NAME = "care-card"
    ARGUMENT = True
    OPTIONS = {"heading_level": (3, type_ranged_integer(2, 4))}

    def on_validate(self, parent: etree.Element) -> bool:
        if self.argument not in self.model().cards:
            # Left as text; the page check (scripts/triage.check_page) names the file and line.
            return False
        return True

    def render(self, parent: etree.Element) -> etree.Element:
        card = self.model().cards[self.argument]
        return render_card(parent, card, self.model(), self.contacts(), self.options["heading_level"])


class TriageCards(_ModelBlock):
    """Every card, grouped under one heading per level, most urgent first.
    `compact` is the printable card: one box per level listing each card's short
    signs, plus "My numbers", so it fits one sheet at a readable size."""

    NAME = "triage-cards"
    ARGUMENT = None

    def on_validate(self, parent: etree.Element) -> bool:
        try:
            type_string_in(["", "compact", "index"])(self.argument or "")
        except ValueError:
            return False
        return True

    def render(self, parent: etree.Element) -> etree.Element:
        compact = (self.argument or "") == "compact"
        model, contacts = self.model(), self.contacts()
        if self.argument == "index":
            return self.render_index(parent)
        wrapper = etree.SubElement(parent, "div", {"class": "triage-cards" + (" red-flag-card" if compact else "")})
        if compact:
            _p(wrapper, fill_template(model.say_always, contacts), "triage-cards__say")
            for level, cards in model.cards_by_level():
                escalations = [c for c in model.cards.values()
                               if c.escalate and c.escalate.level == level.id and c.escalate.short]
                render_level_summary(wrapper, level, cards, model, contacts, escalations)
            render_my_numbers(wrapper, contacts)
            if model.card_fallback and not contacts.helpline_phone:
                _p(wrapper, fill_template(model.card_fallback, contacts), "care-card__fallback")
            return wrapper
        for level, cards in model.cards_by_level():
            heading = etree.SubElement(wrapper, "h2", {"id": level.id, "class": f"triage-section triage-section--{level.id}"})
            heading.text = fill_template(level.section, contacts)
            if level.fallback and not contacts.helpline_phone:
                _p(wrapper, fill_template(level.fallback, contacts), "care-card__fallback")
            for card in cards:
                render_card(wrapper, card, model, contacts, 3, fallback=False)
        return wrapper


    def render_index(self, parent: etree.Element) -> etree.Element:
        """One line per level naming its cards, each linked to the full card: for
        pages that point to the warning signs without repeating them (the diary)."""
        model, contacts = self.model(), self.contacts()
        wrapper = etree.SubElement(parent, "ul", {"class": "triage-index", "data-search-exclude": ""})
        for level, cards in model.cards_by_level():
            li = etree.SubElement(wrapper, "li", {"class": f"triage-index__level triage-index__level--{level.id}"})
            etree.SubElement(li, "span", {"class": f"triage-level triage-level--{level.id}"}).text = level.label
            links = ", ".join(f"[{c.name.lower() if i else c.name}](when-to-get-help.md#{c.id})" for i, c in enumerate(cards))
            strong = etree.SubElement(li, "strong")
            strong.text = " " + fill_template(level.short, contacts) + ":"
            strong.tail = " " + links + "."
        return wrapper


class TriageSigns(_ModelBlock):
    """The "Signs at a glance" table: every sign, its level (icon and words) and what
    to do, with a line saying how to read it."""

    NAME = "triage-signs"

    def render(self, parent: etree.Element) -> etree.Element:
        model, contacts = self.model(), self.contacts()
        wrapper = etree.SubElement(parent, "div", {"class": "triage-signs"})
        _p(wrapper, "How to read this table: find the sign in the first column. The second column says how urgent it "
               "is. The third says what to do, with a link to the full advice.", "table-instructions")
        table = etree.SubElement(wrapper, "table")
        head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        for title in ("Sign", "How urgent", "What to do"):
            etree.SubElement(head, "th", {"scope": "col"}).text = title
        tbody = etree.SubElement(table, "tbody")
        for short, level, card in model.sign_rows():
            tr = etree.SubElement(tbody, "tr", {"class": f"triage-row triage-row--{level.id}"})
            etree.SubElement(tr, "td").text = short
            cell = etree.SubElement(tr, "td")
            etree.SubElement(cell, "span", {"class": f"triage-level triage-level--{level.id}"}).text = level.label
            etree.SubElement(tr, "td").text = (
                fill_template(level.short, contacts) + f". [What to do](when-to-get-help.md#{card.id})"
            )
        return wrapper


class TriageHome(_ModelBlock):
    """The home page "Get help now" box: the emergency signs, the same-day back pain
    line, and where to find the 24-hour number."""

    NAME = "triage-home"

    def render(self, parent: etree.Element) -> etree.Element:
        model, contacts = self.model(), self.contacts()
        emergency = model.levels["emergency"]
        # Left out of search: every line links to its card, which is the better answer.
        box = etree.SubElement(parent, "section", {"class": "care-card care-card--emergency triage-home",
                                                   "data-search-exclude": ""})
        _badge(box, emergency)
        heading = etree.SubElement(box, "h2", {"class": "care-card__title", "id": "get-help-now"})
        hidden = etree.SubElement(heading, "span", {"class": "md-visually-hidden"})
        hidden.text = f"{emergency.label}: "
        hidden.tail = "Get help now"
        body = etree.SubElement(box, "div", {"class": "care-card__body"})
        _p(body, fill_template(emergency.short, contacts) + " if you have:", "triage-home__lead")
        signs = etree.SubElement(body, "ul", {"class": "care-card__signs"})
        for short, card in model.home_signs():
            etree.SubElement(signs, "li").text = f"[{short}](when-to-get-help.md#{card.id})"
        # One line each for the call-now and same-day cards named in the model's `home`.
        level = None
        for key in ("call_now", "same_day"):
            card = model.cards.get(model.home.get(f"{key}_card", ""))
            if card:
                level = model.levels[card.level]
                text = model.home.get(f"{key}_text", card.when)
                _p(body, f"{fill_template(level.short, contacts)} if [{text}](when-to-get-help.md#{card.id}).")
        if not contacts.helpline_phone and model.home.get("no_number"):
            _p(body, fill_template(model.home["no_number"], contacts))
            if level is not None and level.fallback:
                _p(body, fill_template(level.fallback, contacts), "care-card__fallback")
        if contacts.organisation:
            _p(body, fill_template("These numbers are for patients of {organisation}.", contacts), "triage-home__organisation")
        _p(body, "[See all the warning signs and what to do](when-to-get-help.md)")
        return box


class CareCardExtension(BlocksExtension):
    """The triage blocks plus contact placeholders. `problems` collects what the
    blocks and placeholders find, for the MkDocs hook to report per page."""

    def __init__(self, *args, **kwargs):
        self.config = {
            "contacts": [Contacts(), "Configured local contacts (scripts.contacts.Contacts)"],
            "model": [Model(levels={}, cards={}), "The triage model (scripts.triage.Model)"],
        }
        self.problems: list[str] = []
        super().__init__(*args, **kwargs)

    def extendMarkdownBlocks(self, md, block_mgr):
        config = {"contacts": self.getConfig("contacts"), "model": self.getConfig("model"), "problems": self.problems}
        for block in (CareCard, TriageCards, TriageSigns, TriageHome):
            block_mgr.register(block, config)
        md.preprocessors.register(ContactPlaceholders(md, self), "contact_placeholders", 31)
