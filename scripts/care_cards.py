"""The red-flag care card: one Markdown block, three levels, like the NHS care cards.

    /// care-card | emergency
        when: you have signs of spinal cord compression
    - your legs feel weak or numb
    ///

renders a <section> whose title is a real heading stating the action ("Call 999 now
if ..."), with a visually hidden level prefix for screen readers, the level shown in
words and an icon as well as colour and border weight, and `tel:` links built from
the configured contacts. Unknown levels are reported by content_rules (with the file
name) and rendered as plain text here, so nothing is silently dropped.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.preprocessors import Preprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_ranged_integer, type_string, type_string_in

from scripts.contacts import Contacts, emergency_markdown, expand_placeholders, helpline_markdown

LEVELS = {
    # level: (words for the badge and the hidden prefix, action builder)
    "emergency": ("Emergency", lambda c: f"Call {emergency_markdown(c)} now"),
    "urgent": ("Urgent", lambda c: f"Call {helpline_markdown(c)} now"),
    "non-urgent": ("Non-urgent", lambda c: "Tell your care team at your next contact"),
}


def heading_markdown(level: str, when: str, contacts: Contacts) -> str:
    """The card's heading text (Markdown), e.g. 'Call [999](tel:999) now if you ...'."""
    action = LEVELS[level][1](contacts)
    when = when.strip().rstrip(":")
    return f"{action} if {when}" if when else f"{action} if:"


class CareCard(Block):
    NAME = "care-card"
    ARGUMENT = True
    OPTIONS = {
        "when": ("", type_string),
        "heading_level": (3, type_ranged_integer(2, 4)),
    }

    def on_validate(self, parent: etree.Element) -> bool:
        try:
            self.level = type_string_in(list(LEVELS))(self.argument)
        except ValueError:
            return False  # left as text; content_rules names the file and line
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        contacts: Contacts = self.config["contacts"]
        words = LEVELS[self.level][0]
        card = etree.SubElement(parent, "section", {"class": f"care-card care-card--{self.level}"})
        badge = etree.SubElement(card, "p", {"class": "care-card__level", "aria-hidden": "true"})
        badge.text = words
        heading = etree.SubElement(card, f"h{self.options['heading_level']}", {"class": "care-card__title"})
        hidden = etree.SubElement(heading, "span", {"class": "md-visually-hidden"})
        hidden.text = f"{words}: "
        hidden.tail = heading_markdown(self.level, self.options["when"], contacts)
        return etree.SubElement(card, "div", {"class": "care-card__body"})


class ContactPlaceholders(Preprocessor):
    """Fill [[helpline]]-style placeholders. Runs after pymdownx.snippets (priority 32),
    so text included from includes/cards/ is filled in too."""

    def __init__(self, md, extension: "CareCardExtension"):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text, problems = expand_placeholders("\n".join(lines), self.extension.getConfig("contacts"))
        self.extension.problems.extend(problems)
        return text.split("\n")


class CareCardExtension(BlocksExtension):
    """Care cards plus contact placeholders. `problems` collects unknown placeholders
    for the MkDocs hook to report with the page's file name."""

    def __init__(self, *args, **kwargs):
        self.config = {"contacts": [Contacts(), "Configured local contacts (scripts.contacts.Contacts)"]}
        self.problems: list[str] = []
        super().__init__(*args, **kwargs)

    def extendMarkdownBlocks(self, md, block_mgr):
        block_mgr.register(CareCard, self.getConfigs())
        md.preprocessors.register(ContactPlaceholders(md, self), "contact_placeholders", 31)
