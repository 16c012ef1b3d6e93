"""Trust settings per deployment: feedback address, publisher, funding, conflicts, disclaimer.

Pure functions: validate the settings (extra.governance in mkdocs.yml, from environment
variables), build the prefilled feedback email link, and render the statements and
figures that the trust pages show (docs/how-this-guide-is-made.md, docs/accessibility.md).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from urllib.parse import quote

EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
PLACEHOLDER_DOMAINS = re.compile(r"@(?:[^@]*\.)?(?:example\.(?:org|com|net)|example|test|invalid|localhost)$", re.I)
SITE_SHORT_NAME = "Breast cancer in the bones guide"

# (setting, environment variable, default shown to readers). Defaults say honestly what
# is and is not known about a copy nobody has adopted yet.
STATEMENTS = (
    ("publisher", "PUBLISHER_NAME",
     "The project's editorial team. No hospital or charity has adopted this copy of the guide yet."),
    ("funding", "FUNDING_STATEMENT",
     "No funding has been declared for this copy of the guide."),
    ("conflicts", "CONFLICTS_STATEMENT",
     "No conflicts of interest have been declared for this copy of the guide. It carries no adverts and no sponsorship."),
    ("disclaimer", "DISCLAIMER_STATEMENT",
     "This guide gives general information. It does not replace advice from your own doctors and nurses, "
     "who know you and your treatment. If you are worried about a symptom, contact your care team."),
)
LABELS = {"publisher": "Published by", "funding": "Funding", "conflicts": "Conflicts of interest", "disclaimer": "Disclaimer"}
MAX_STATEMENT = 600


def check_email(value: object) -> tuple[str, str | None]:
    """(address to use, or "" for none; problem naming FEEDBACK_EMAIL, or None)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return "", None
    if not EMAIL.match(text) or len(text) > 254:
        return "", f"FEEDBACK_EMAIL is {text!r}: set one email address such as patient.information@your-trust.nhs.uk, or leave it empty to hide the feedback links"
    if PLACEHOLDER_DOMAINS.search(text):
        return "", f"FEEDBACK_EMAIL is {text!r}, a placeholder address: set your real feedback address, or leave it empty to hide the feedback links"
    return text, None


def statements(settings: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """The four statements (configured value or honest default) and any problems."""
    values, problems = {}, []
    for key, env, default in STATEMENTS:
        raw = settings.get(key)
        text = " ".join(str(raw).split()) if raw not in (None, "") else ""
        if len(text) > MAX_STATEMENT:
            problems.append(f"{env} is {len(text)} characters: keep it to {MAX_STATEMENT}")
        values[key] = text or default
    return values, problems


def mailto(address: str, *, title: str, reviewed: object = None, about: str = "") -> str:
    """A prefilled feedback email link: works offline and from disk (the reader's email app)."""
    subject = f"{SITE_SHORT_NAME}: {about or 'feedback on'} {title!s}".replace("  ", " ")
    if reviewed:
        subject += f" (page reviewed {reviewed})"
    body = ("Please tell us what is wrong, missing or hard to follow on this page.\n"
            "Do not include medical details: for a health problem, contact your care team.\n\n")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def render_statements(values: Mapping[str, str]) -> str:
    """The publisher, funding, conflicts and disclaimer statement as an HTML block."""
    rows = [f"<dt>{LABELS[key]}</dt>\n<dd>{html.escape(values[key])}</dd>" for key, _, _ in STATEMENTS]
    return '<dl class="trust-statements">\n' + "\n".join(rows) + "\n</dl>\n"


def render_figures(page_count: int, widths: tuple[int, ...], palettes: tuple[str, ...]) -> str:
    """The accessibility statement's test figures, from the build (pages) and the test plan."""
    views = page_count * len(widths) * len(palettes)
    width_text = " and ".join(f"{w} pixels" for w in widths)
    return (
        f'<p class="accessibility-figures">This copy of the guide has <strong data-figure="pages">{page_count}</strong> pages. '
        f"Before any change is published, the automatic tests check every one of them at "
        f"{len(widths)} screen widths ({width_text}) in {len(palettes)} colour schemes "
        f"({' and '.join(palettes)}): <strong data-figure=\"views\">{views}</strong> page views in all.</p>\n"
    )


def render_feedback(address: str, *, title: str, reviewed: object, about: str, fallback: str) -> str:
    """A feedback email link as an HTML paragraph, or the fallback text when no address is set."""
    if not address:
        return f'<p class="feedback-route">{html.escape(fallback)}</p>\n'
    href = mailto(address, title=title, reviewed=reviewed, about=about)
    return (f'<p class="feedback-route">Email <a href="{html.escape(href, quote=True)}">{html.escape(address)}</a>. '
            "The link opens your email app, so it works even when you read the guide offline.</p>\n")

# The accessibility test plan (tests/browser/test_accessibility.py runs exactly these;
# tests/unit/test_trust.py keeps the two in step).
AXE_WIDTHS = (1280, 360)
AXE_PALETTES = ("light", "dark")
