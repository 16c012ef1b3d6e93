"""Local contacts: check the configured values, and turn them into the words and
`tel:` links readers see.

Hospitals set these with environment variables (mkdocs.yml `extra.contacts`); pages
and the triage model (data/triage.yml) carry placeholders such as [[helpline]] or
{helpline}. Empty values fall back to safe, generic wording, never to a made-up
number. A value a dialler would get wrong, or a name that would be read as Markdown
or HTML, stops the build when it starts (`check_contacts`), naming the variable.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

from markdown.preprocessors import Preprocessor

# [[helpline]], also written [[ helpline ]].
PLACEHOLDER = re.compile(r"\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
DEFAULT_EMERGENCY = (("999", "UK"), ("112", "EU"), ("911", "US"))
NAME_MAX = 80
# Digits (ASCII only: a dialler does not read other scripts' digits), spaces, and one
# leading +. "(0)" straight after a country code is the one thing we repair: it is
# how UK numbers are often printed, and a dialler must not dial that 0.
PHONE_SHAPE = re.compile(r"\+?[0-9][0-9 ]*")
TRUNK_ZERO = re.compile(r"^(\+[0-9]{1,3}) ?\(0\) ?")
PHONE_HELP = 'digits and spaces, with one leading + for an international number, e.g. "0300 123 4567" or "+44 20 7946 0000"'

# Setting name -> environment variable (mkdocs.yml extra.contacts), for messages.
ENV = {
    "organisation": "CONTACT_ORGANISATION",
    "helpline_name": "CONTACT_HELPLINE_NAME",
    "helpline_phone": "CONTACT_HELPLINE_PHONE",
    "emergency_phone": "CONTACT_EMERGENCY_PHONE",
    "breast_care_nurse_name": "CONTACT_BREAST_CARE_NURSE_NAME",
    "breast_care_nurse_phone": "CONTACT_BREAST_CARE_NURSE_PHONE",
    "fallback_service": "CONTACT_FALLBACK_SERVICE",
    "emergency_department": "CONTACT_EMERGENCY_DEPARTMENT",
}
# UK defaults for the route when no 24-hour number is configured (issue: a reader
# of the public site has no local line). A hospital elsewhere sets its own.
DEFAULT_FALLBACK_SERVICE = "NHS 111 (or your GP surgery, if it is open)"
DEFAULT_EMERGENCY_DEPARTMENT = "A&E"


@dataclass(frozen=True)
class Contacts:
    organisation: str = ""
    helpline_name: str = ""
    helpline_phone: str = ""
    emergency_phone: str = ""
    breast_care_nurse_name: str = ""
    breast_care_nurse_phone: str = ""
    fallback_service: str = ""
    emergency_department: str = ""

    @classmethod
    def from_config(cls, raw: Mapping[str, object] | None) -> "Contacts":
        """Checked contacts from mkdocs.yml `extra.contacts`. Raises ValueError with
        one line per bad value, each naming its environment variable."""
        raw = raw or {}
        values, problems = {}, []
        for f in fields(cls):
            value = str(raw.get(f.name) or "")
            try:
                values[f.name] = normalise_phone(value) if f.name.endswith("_phone") else check_name(value)
            except ValueError as err:
                problems.append(f"{ENV[f.name]} (extra.contacts.{f.name}) = {value!r}: {err}")
        if problems:
            raise ValueError("\n".join(problems))
        return cls(**values)


def normalise_phone(value: str) -> str:
    """The number as it will be shown and dialled, or ValueError saying what to write.

    "+44 (0)20 7946 0000" -> "+44 20 7946 0000". Extensions, words, two numbers,
    brackets elsewhere, dashes, dots and non-ASCII digits are refused: the link
    must dial exactly the number the reader sees."""
    value = " ".join(value.split())
    if not value:
        return ""
    value = TRUNK_ZERO.sub(r"\1 ", value)
    if not PHONE_SHAPE.fullmatch(value):
        raise ValueError(f"not a phone number a dialler can use. Write {PHONE_HELP}; put extensions or opening hours in the name instead")
    digits = value.replace(" ", "").lstrip("+")
    if not 3 <= len(digits) <= 15:
        raise ValueError(f"a phone number has 3 to 15 digits (this has {len(digits)}). Write {PHONE_HELP}; give only one number")
    return value


def check_name(value: str) -> str:
    """A contact name is plain text on one line, at most NAME_MAX characters."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("contains a line break or control character: write the name on one line")
    value = " ".join(value.split())
    if len(value) > NAME_MAX:
        raise ValueError(f"is {len(value)} characters long: keep it to {NAME_MAX} or fewer")
    return value


def text_markdown(value: str) -> str:
    """Plain text made safe to put into Markdown: HTML-escaped, and Markdown's
    punctuation backslash-escaped, so `*24h*` or `<b>` show as typed."""
    escaped = html.escape(value, quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+\-.!>])", r"\\\1", escaped)


def tel_href(number: str) -> str:
    """`tel:` URI for a checked number: its digits, with the leading + kept."""
    return "tel:" + number.replace(" ", "")


def phone_link(number: str) -> str:
    return f"[{number}]({tel_href(number)})"


def emergency_markdown(c: Contacts) -> str:
    if c.emergency_phone:
        return phone_link(c.emergency_phone)
    links = [f"{phone_link(n)} ({where})" for n, where in DEFAULT_EMERGENCY]
    return ", ".join(links[:-1]) + " or " + links[-1]


def helpline_markdown(c: Contacts) -> str:
    name = text_markdown(c.helpline_name) if c.helpline_name else "your 24-hour cancer helpline"
    return f"{name} on {phone_link(c.helpline_phone)}" if c.helpline_phone else name


def breast_care_nurse_markdown(c: Contacts) -> str:
    name = text_markdown(c.breast_care_nurse_name) if c.breast_care_nurse_name else "your breast care nurse"
    return f"{name} on {phone_link(c.breast_care_nurse_phone)}" if c.breast_care_nurse_phone else name


def organisation_markdown(c: Contacts) -> str:
    return text_markdown(c.organisation) if c.organisation else "your hospital"


# The defaults are our own wording (no escaping, so "A&E" still gets its definition).
def fallback_service_markdown(c: Contacts) -> str:
    return text_markdown(c.fallback_service) if c.fallback_service else DEFAULT_FALLBACK_SERVICE


def emergency_department_markdown(c: Contacts) -> str:
    return text_markdown(c.emergency_department) if c.emergency_department else DEFAULT_EMERGENCY_DEPARTMENT


RENDERERS = {
    "helpline": helpline_markdown,
    "emergency": emergency_markdown,
    "breast_care_nurse": breast_care_nurse_markdown,
    "organisation": organisation_markdown,
    "fallback_service": fallback_service_markdown,
    "emergency_department": emergency_department_markdown,
}


def fill_template(template: str, contacts: Contacts) -> str:
    """Fill {helpline}-style fields in the triage model's wording (KeyError-safe:
    the model check has already refused unknown fields)."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: RENDERERS[m.group(1)](contacts), template)


def expand_placeholders(markdown: str, contacts: Contacts) -> tuple[str, list[str]]:
    """Replace [[name]] placeholders; unknown names are returned as problems."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        render = RENDERERS.get(match.group(1))
        if render is None:
            line = markdown.count("\n", 0, match.start()) + 1
            problems.append(
                f"line {line}: unknown placeholder {match.group(0)}: use one of "
                + ", ".join(f"[[{n}]]" for n in RENDERERS)
            )
            return match.group(0)
        return render(contacts)

    return PLACEHOLDER.sub(replace, markdown), problems


class ContactPlaceholders(Preprocessor):
    """Fill [[helpline]]-style placeholders. Runs after pymdownx.snippets (priority 32),
    so included text is filled in too. `extension` holds the contacts (its config)
    and collects problems for the MkDocs hook to report per page."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text, problems = expand_placeholders("\n".join(lines), self.extension.getConfig("contacts"))
        self.extension.problems.extend(problems)
        return text.split("\n")
