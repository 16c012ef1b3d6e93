"""The shared reference list (data/references.yml): load, check and render.

Pure functions apart from `load_references`. Entries keep the file's order, and a
reference's number on the site is its position in the file, so the numbers stay
the same on every page that cites it, and adding an entry at the end of the file
never changes an existing number (CONTRIBUTING.md, "References").

Fact pages end each `##` section with a line such as
``Sources for this section: R22, R25``; `check_sources` checks those lines and the
page's `sources:` list, and `render_section_sources` turns each line into links to
the entries of the page's own (collapsed) "Sources" list.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

EVIDENCE_TYPES = {
    "guideline": "Guideline",
    "trial": "Trial or meta-analysis",
    "cohort": "Cohort or registry study",
    "patient-information": "Patient information",
    "review": "Review or secondary summary",
}
REQUIRED = ("type", "authors", "title", "publisher", "year")
LIST_MARKER = "<!-- reference-list -->"
URL_SCHEME = re.compile(r"^https?://\S+$")
DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
# A year (2020), or for undated web pages the date the publisher says it last
# reviewed the page ("last reviewed 2024", "last reviewed March 2024"), or "no date
# given" (the source shows none) or "no date found" (we could not see one: check it).
YEAR_TEXT = re.compile(r"^(?:\d{4}|last reviewed (?:\d{1,2} )?(?:[A-Z][a-z]+ )?\d{4}|no date given|no date found)$")
PLACEHOLDER_AUTHORS = re.compile(r"authors? not recorded|unknown author", re.I)
SECTION_SOURCES = re.compile(r"^Sources for this section:(?P<keys>.*)$", re.M)
SECTION_HEADING = re.compile(r"^##[ \t]+(?P<title>.+?)\s*$", re.M)
KEY_SHAPE = re.compile(r"^R\d+$")


class ReferenceFileError(ValueError):
    """data/references.yml cannot be read: one message, naming the line and the fix."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice in one mapping (PyYAML keeps
    the last one silently, so a new entry with a used key would replace the old)."""


def _construct_unique_mapping(loader, node, deep=False):
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ReferenceFileError(
                f"line {key_node.start_mark.line + 1}: key '{key}' is used twice (first on line "
                f"{seen[key] + 1}): give the new entry the next free key in your range"
            )
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def parse_references(text: str) -> dict[str, dict]:
    """The entries in the text of a references file.

    Raises ReferenceFileError with one message (line and fix) for a tab used as
    indentation, a duplicate key, invalid YAML or a file that is not a mapping."""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise ReferenceFileError(f"line {number} is indented with a tab: use spaces, not tabs")
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ReferenceFileError(
            f"not valid YAML{where} ({getattr(err, 'problem', None) or err}): check the indentation, colons and quotes"
        ) from None
    if not isinstance(data, dict):
        raise ReferenceFileError("expected a mapping of reference keys to entries (R1:, R2:, ...)")
    return data


def load_references(path: Path) -> dict[str, dict]:
    """Read a references file; raises ReferenceFileError (a ValueError) or OSError.

    The message does not repeat the path: callers name the file once."""
    return parse_references(Path(path).read_text(encoding="utf-8"))


def check_references(refs: Mapping[str, object], *, today: dt.date | None = None) -> list[str]:
    """Problems with entries: missing or placeholder fields, unknown evidence type,
    no link, a link that is not http(s), a DOI of the wrong shape, a year that is
    neither a year nor a "last reviewed" date."""
    this_year = (today or dt.date.today()).year
    problems = []
    for key, entry in refs.items():
        if not isinstance(entry, Mapping):
            problems.append(f"{key}: entry must be a mapping with {', '.join(REQUIRED)}")
            continue
        for field in REQUIRED:
            if entry.get(field) in (None, ""):
                problems.append(f"{key}: missing '{field}'")
        if entry.get("type") not in EVIDENCE_TYPES:
            problems.append(f"{key}: 'type' is {entry.get('type')!r}: use one of {', '.join(EVIDENCE_TYPES)}")
        authors = entry.get("authors")
        if isinstance(authors, str) and PLACEHOLDER_AUTHORS.search(authors):
            problems.append(
                f"{key}: 'authors' is {authors!r}: give the authors as on the source, or the publishing organisation"
            )
        year = entry.get("year")
        if year not in (None, ""):
            if isinstance(year, bool) or not isinstance(year, (int, str)) or (
                isinstance(year, str) and not YEAR_TEXT.match(year.strip())
            ):
                problems.append(
                    f"{key}: 'year' is {year!r}: write a year (2024), \"last reviewed 2024\" or, only if the "
                    "source shows no date at all, \"no date given\""
                )
            elif isinstance(year, int) and not 1800 <= year <= this_year:
                problems.append(f"{key}: 'year' is {year}: write the year the source was published")
        if not (entry.get("doi") or entry.get("url")):
            problems.append(f"{key}: add a 'doi' or a 'url' so readers can find the source")
        url = entry.get("url")
        if url not in (None, "") and not (isinstance(url, str) and URL_SCHEME.match(url.strip())):
            problems.append(f"{key}: 'url' is {url!r}: a link must start with https:// (or http://)")
        doi = entry.get("doi")
        if doi not in (None, "") and not (isinstance(doi, str) and DOI_SHAPE.match(doi.strip())):
            problems.append(
                f"{key}: 'doi' is {doi!r}: write the DOI alone, such as 10.1200/JCO.2010.29.7101 "
                "(no https://doi.org/ in front)"
            )
    return problems


def check_sources(
    meta: Mapping[str, object],
    markdown: str,
    reference_keys: Iterable[str],
    *,
    require_every_section: bool,
) -> list[str]:
    """Problems with a page's sources: front-matter keys that are not in the
    reference list, and its "Sources for this section" lines (see check_section_sources).

    `require_every_section`: every `##` section of a fact page must have a line.
    Pages without `fact:` are only checked for the lines they have."""
    known = set(reference_keys)
    problems = []
    sources = meta.get("sources")
    page_keys = [k for k in sources if isinstance(k, str)] if isinstance(sources, list) else []
    for key in page_keys:
        if key not in known:
            problems.append(f"'sources' has unknown reference key '{key}': add it to data/references.yml or fix the key")
    problems += check_section_sources(
        markdown, page_keys, known, require_every_section=require_every_section and meta.get("fact") is not None
    )
    return problems


def sections(markdown: str) -> list[tuple[str, str]]:
    """(heading, text) for each `##` section; text before the first is ("", text)."""
    body = re.sub(r"\A---\s*\n.*?\n(?:---|\.\.\.)\s*\n", "", markdown, count=1, flags=re.S)
    body = re.sub(r"^(```|~~~).*?^\1", "", body, flags=re.S | re.M)  # no headings inside code
    parts, start, title = [], 0, ""
    for match in SECTION_HEADING.finditer(body):
        parts.append((title, body[start:match.start()]))
        title, start = match.group("title").strip(), match.end()
    parts.append((title, body[start:]))
    return parts


def section_source_keys(line_keys: str) -> list[str]:
    return [k.strip() for k in line_keys.split(",") if k.strip()]


def check_section_sources(
    markdown: str,
    page_keys: Iterable[str],
    reference_keys: Iterable[str],
    *,
    require_every_section: bool,
) -> list[str]:
    """Each "Sources for this section: R22, R25" line names keys that are in the page's
    `sources:` and in data/references.yml; with `require_every_section`, every `##`
    section has such a line. Problems name the section and the key."""
    page_set, known = set(page_keys), set(reference_keys)
    problems = []
    for title, text in sections(markdown):
        where = f"section '{title}'" if title else "the introduction"
        lines = list(SECTION_SOURCES.finditer(text))
        for line in lines:
            keys = section_source_keys(line.group("keys"))
            if not keys:
                problems.append(f"{where}: 'Sources for this section:' names no keys: list them, for example R22, R25")
            for key in keys:
                if not KEY_SHAPE.match(key):
                    problems.append(f"{where}: 'Sources for this section' has {key!r}: write keys like R22, separated by commas")
                elif key not in known:
                    problems.append(f"{where}: 'Sources for this section' names {key}, which is not in data/references.yml")
                elif key not in page_set:
                    problems.append(f"{where}: 'Sources for this section' names {key}: add it to this page's 'sources' too")
        if require_every_section and title and not lines:
            problems.append(
                f"{where} has no 'Sources for this section:' line: end the section with one, "
                "for example 'Sources for this section: R22, R25'"
            )
    return problems


def render_section_sources(markdown: str, refs: Mapping[str, object], page_keys: Iterable[str]) -> str:
    """Each "Sources for this section" line as a short line of numbered links to the
    page's Sources list (keys not on the page's list stay as text: check_sources reports them)."""
    number, on_page = numbers(refs), set(page_keys)

    def link(key: str) -> str:
        if key in on_page and key in number:
            return f"[\\[{number[key]}\\]](#{source_anchor(key)})"
        return _md_escape(key)

    def replace(match: re.Match) -> str:
        keys = section_source_keys(match.group("keys"))
        return "Sources for this section: " + ", ".join(link(k) for k in keys) + "\n{ .section-sources data-search-exclude }"

    return SECTION_SOURCES.sub(replace, markdown)


def anchor(key: str) -> str:
    """The id of a key's entry on the references page."""
    return f"ref-{key.lower()}"


def source_anchor(key: str) -> str:
    """The id of a key's entry in a page's own Sources list."""
    return f"source-{key.lower()}"


def numbers(refs: Mapping[str, object]) -> dict[str, int]:
    """A reference's number is its position in the file (1 for the first entry)."""
    return {key: i for i, key in enumerate(refs, start=1)}


def with_full_stop(text: object) -> str:
    """The text ending in one full stop ("Smith A, et al." stays as it is)."""
    text = str(text).strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _citation_html(entry: Mapping[str, object]) -> str:
    esc = lambda v: html.escape(str(v), quote=True)  # noqa: E731
    parts = [
        f"{esc(with_full_stop(entry['authors']))} <cite>{esc(entry['title'])}</cite>. "
        f"{esc(entry['publisher'])}, {esc(entry['year'])}."
    ]
    if entry.get("doi"):
        doi = esc(entry["doi"])
        parts.append(f'<a href="https://doi.org/{doi}">doi:{doi}</a>.')
    if entry.get("url"):
        parts.append(f'<a href="{esc(entry["url"])}">Link to source</a>.')
    parts.append(f'<span class="ref-type">{esc(EVIDENCE_TYPES.get(str(entry["type"]), entry["type"]))}</span>.')
    if entry.get("note"):
        parts.append(f'<span class="ref-note">{esc(entry["note"])}</span>')
    return " ".join(parts)


def render_reference_list(refs: Mapping[str, Mapping[str, object]]) -> str:
    """The numbered list for the references page, as an HTML block (ids are anchors)."""
    items = [
        f'<li id="{anchor(key)}">{_citation_html(entry)}</li>' for key, entry in refs.items()
    ]
    return '<ol class="reference-list">\n' + "\n".join(items) + "\n</ol>\n"


def render_sources_section(
    keys: Iterable[str],
    refs: Mapping[str, Mapping[str, object]],
    references_page: str,
    *,
    collapsed: bool = False,
) -> str:
    """The "Sources" list for the end of a page, linking each key to the shared list.

    Each entry has the id source-<key>, the target of "Sources for this section".
    `collapsed` (fact pages): a closed <details> ("Sources (N)"), styled by Material
    like pymdownx.blocks.details, and left out of search; otherwise a `## Sources`
    section."""
    number = numbers(refs)
    chosen = sorted(set(keys), key=lambda k: number.get(k, 0))
    intro = (
        "This page is based on these sources. Each links to its full entry in the "
        f"[reference list]({references_page})."
    )
    items = []
    for key in chosen:
        entry = refs[key]
        kind = EVIDENCE_TYPES.get(str(entry["type"]), str(entry["type"]))
        items.append(
            f"- [{number[key]}] [{_md_escape(entry['title'])}]({references_page}#{anchor(key)}). "
            f"{_md_escape(entry['authors'])}, {_md_escape(entry['year'])}. *{kind}*.\n"
            f"  {{ #{source_anchor(key)} }}"
        )
    if collapsed:
        lines = [
            '<details class="sources" id="sources" data-search-exclude markdown>',
            f"<summary>Sources ({len(chosen)})</summary>",
            "",
            intro,
            "",
            *items,
            "",
            "</details>",
        ]
    else:
        lines = ["## Sources", "", intro, "", *items]
    return "\n".join(lines) + "\n"


def _md_escape(value: object) -> str:
    text = str(value)
    for ch in "[]*_`<>":
        text = text.replace(ch, "\\" + ch)
    return text
