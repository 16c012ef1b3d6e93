"""Content rules for pages: pure functions that return a list of problems.

Each problem is a sentence naming the field and the fix; callers add the file name.
An empty list means the page is safe to publish. No MkDocs import here, so tests
(and any future build tool) can call these directly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

REQUIRED_FIELDS = ("title", "description", "last_reviewed", "next_review", "reviewed_by")
MAX_DESCRIPTION = 160
MAX_REVIEW_INTERVAL_DAYS = 3 * 365 + 1  # "at most 3 years", allowing one leap day
MIN_SOURCES = 3
FACT_NUMBERS = range(1, 8)


def parse_date(value: object) -> dt.date | None:
    """Front matter dates arrive as date objects (YAML) or strings; None if invalid."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def check_front_matter(
    meta: Mapping[str, object],
    *,
    today: dt.date,
    reference_keys: Iterable[str] | None = None,
) -> list[str]:
    """Problems with a page's front matter (see CONTRIBUTING.md, "Front matter contract").

    Unknown `sources` keys are reported only when `reference_keys` is given (the
    build checks them in the sources hook, `references.check_sources`)."""
    problems: list[str] = []
    for field in REQUIRED_FIELDS:
        value = meta.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"missing '{field}': add it to the front matter (see CONTRIBUTING.md)")

    description = meta.get("description")
    if isinstance(description, str) and len(description.strip()) > MAX_DESCRIPTION:
        problems.append(
            f"'description' is {len(description.strip())} characters: shorten it to at most {MAX_DESCRIPTION}"
        )

    problems += check_review_dates(meta, today=today)

    fact = meta.get("fact")
    if fact is not None and (not isinstance(fact, int) or isinstance(fact, bool) or fact not in FACT_NUMBERS):
        problems.append(f"'fact' is {fact!r}: use a whole number from 1 to 7")

    sources = meta.get("sources")
    if sources is None:
        if fact is not None:
            problems.append(f"missing 'sources': fact pages list at least {MIN_SOURCES} reference keys")
    elif not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        problems.append("'sources' must be a list of reference keys, for example [R6, R16, R62]")
    else:
        if fact is not None and len(set(sources)) < MIN_SOURCES:
            problems.append(
                f"'sources' has {len(set(sources))} reference(s): fact pages need at least {MIN_SOURCES}"
            )
        known = set(reference_keys) if reference_keys is not None else None
        for key in sources if known is not None else ():
            if key not in known:
                problems.append(f"'sources' has unknown reference key '{key}': add it to data/references.yml or fix the key")
        duplicates = sorted({s for s in sources if sources.count(s) > 1})
        if duplicates:
            problems.append(f"'sources' lists {', '.join(duplicates)} more than once: remove the repeat")
    return problems


def check_review_dates(meta: Mapping[str, object], *, today: dt.date) -> list[str]:
    """Review dates must be valid, in order, at most 3 years apart and not expired."""
    problems: list[str] = []
    dates = {}
    for field in ("last_reviewed", "next_review"):
        raw = meta.get(field)
        if raw is None:
            continue
        parsed = parse_date(raw)
        if parsed is None:
            problems.append(f"'{field}' is {raw!r}: write the date as YYYY-MM-DD, for example 2026-11-25")
        dates[field] = parsed
    last, nxt = dates.get("last_reviewed"), dates.get("next_review")
    if last and last > today:
        problems.append(f"'last_reviewed' ({last}) is in the future: use the date the review happened")
    if last and nxt:
        if nxt <= last:
            problems.append(f"'next_review' ({nxt}) must be after 'last_reviewed' ({last})")
        elif (nxt - last).days > MAX_REVIEW_INTERVAL_DAYS:
            problems.append(f"'next_review' ({nxt}) is more than 3 years after 'last_reviewed' ({last}): bring it forward")
    if nxt and nxt < today:
        problems.append(
            f"'next_review' ({nxt}) has passed: the page is due for review and must not be republished. "
            "Re-check it against its sources, then update 'last_reviewed' and 'next_review'"
        )
    return problems


def unused_references(defined: Iterable[str], used: Iterable[str]) -> list[str]:
    """Reference keys that no page cites (each is a problem: remove it or cite it)."""
    used_set = set(used)
    return [key for key in defined if key not in used_set]


def review_due(meta: Mapping[str, object], *, today: dt.date, within_days: int) -> dt.date | None:
    """The page's next_review date if it falls within `within_days` of today, else None."""
    nxt = parse_date(meta.get("next_review"))
    if nxt and (nxt - today).days <= within_days:
        return nxt
    return None


FRONT_MATTER_BLOCK = re.compile(r"\A---\s*\n(?P<body>.*?)\n(?:---|\.\.\.)\s*\n", re.S)
KEY_FACT_OPENER = re.compile(r"^/{3,}\s*key-fact\b", re.M)
SECTION_HEADING = re.compile(r"^##\s", re.M)


def read_front_matter(markdown: str) -> dict:
    """The page's front matter as a dict ({} when absent or not a mapping)."""
    import yaml

    match = FRONT_MATTER_BLOCK.match(markdown)
    data = yaml.safe_load(match.group("body")) if match else None
    return data if isinstance(data, dict) else {}


def front_matter_error(markdown: str) -> str | None:
    """Explain why a front-matter block was not understood (MkDocs ignores it silently)."""
    import yaml

    match = FRONT_MATTER_BLOCK.match(markdown)
    if not match:
        if markdown.lstrip().startswith("---"):
            return "front matter is not closed: end it with a line containing only ---"
        return "no front matter: start the file with a --- block (see CONTRIBUTING.md)"
    try:
        data = yaml.safe_load(match.group("body"))
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        line = f" at line {where.line + 2}" if where else ""
        return f"front matter is not valid YAML{line} ({getattr(err, 'problem', err)}): check colons and quotes"
    if not isinstance(data, dict):
        return "front matter must be 'field: value' lines (see CONTRIBUTING.md)"
    return None


def check_fact_page(markdown: str) -> list[str]:
    """A fact page opens with its key-fact box, before the first ## section."""
    box = KEY_FACT_OPENER.search(markdown)
    first_section = SECTION_HEADING.search(markdown)
    if box is None:
        return ["no key-fact box: start the page with '/// key-fact | Key fact' ... '///'"]
    if first_section and first_section.start() < box.start():
        return ["the key-fact box must come before the first ## section"]
    return []
