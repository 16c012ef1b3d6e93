"""Local contacts: turn the configured numbers into the words and links readers see.

Hospitals set these in mkdocs.yml `extra.contacts` (or environment variables); the
pages only carry placeholders such as [[helpline]]. Empty values fall back to safe,
generic wording, never to a made-up number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\[\[([A-Za-z0-9_-]+)\]\]")
DEFAULT_EMERGENCY = (("999", "UK"), ("112", "EU"), ("911", "US"))


@dataclass(frozen=True)
class Contacts:
    organisation: str = ""
    helpline_name: str = ""
    helpline_phone: str = ""
    emergency_phone: str = ""
    breast_care_nurse_name: str = ""
    breast_care_nurse_phone: str = ""

    @classmethod
    def from_config(cls, raw: Mapping[str, object] | None) -> "Contacts":
        raw = raw or {}
        return cls(**{f: str(raw.get(f) or "").strip() for f in cls.__dataclass_fields__})


def tel_href(number: str) -> str:
    """`tel:` URI for a number as people write it: keep a leading + and the digits."""
    digits = re.sub(r"[^\d+]", "", number)
    return "tel:" + (digits[0] + digits[1:].replace("+", "") if digits else "")


def _phone_link(number: str) -> str:
    return f"[{number}]({tel_href(number)})"


def emergency_markdown(c: Contacts) -> str:
    if c.emergency_phone:
        return _phone_link(c.emergency_phone)
    links = [f"{_phone_link(n)} ({where})" for n, where in DEFAULT_EMERGENCY]
    return ", ".join(links[:-1]) + " or " + links[-1]


def helpline_markdown(c: Contacts) -> str:
    name = c.helpline_name or "your 24-hour cancer helpline"
    return f"{name} on {_phone_link(c.helpline_phone)}" if c.helpline_phone else name


def breast_care_nurse_markdown(c: Contacts) -> str:
    name = c.breast_care_nurse_name or "your breast care nurse"
    return f"{name} on {_phone_link(c.breast_care_nurse_phone)}" if c.breast_care_nurse_phone else name


def organisation_markdown(c: Contacts) -> str:
    return c.organisation or "your hospital"


RENDERERS = {
    "helpline": helpline_markdown,
    "emergency": emergency_markdown,
    "breast_care_nurse": breast_care_nurse_markdown,
    "organisation": organisation_markdown,
}


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
