"""The shared reference list (data/references.yml): load, check and render.

Pure functions apart from `load_references`. Entries keep the file's order, and a
reference's number on the site is its position in the file, so the numbers stay
the same on every page that cites it.
"""

from __future__ import annotations

import functools
import html
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


def load_references(path: Path) -> dict[str, dict]:
    """Read the YAML file, once per version of it (both hooks ask for it every build).

    Raises ValueError naming the file if it is not valid YAML or not a mapping. The
    dict is shared: read it, do not change it."""
    return _load(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> dict[str, dict]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({err})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of reference keys to entries")
    return data


def check_references(refs: Mapping[str, object]) -> list[str]:
    """Problems with entries: missing fields, unknown evidence type, no link."""
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
        if not (entry.get("doi") or entry.get("url")):
            problems.append(f"{key}: add a 'doi' or a 'url' so readers can find the source")
    return problems


def anchor(key: str) -> str:
    return f"ref-{key.lower()}"


def numbers(refs: Mapping[str, object]) -> dict[str, int]:
    return {key: i for i, key in enumerate(refs, start=1)}


def _citation_html(entry: Mapping[str, object]) -> str:
    esc = lambda v: html.escape(str(v), quote=True)  # noqa: E731
    parts = [f"{esc(entry['authors'])}. <cite>{esc(entry['title'])}</cite>. {esc(entry['publisher'])}, {esc(entry['year'])}."]
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


def render_sources_section(keys: Iterable[str], refs: Mapping[str, Mapping[str, object]], references_page: str) -> str:
    """A "Sources" section for the end of a page, linking each key to the shared list."""
    number = numbers(refs)
    lines = [
        "## Sources",
        "",
        f"This page is based on these sources. Each links to its full entry in the [reference list]({references_page}).",
        "",
    ]
    for key in sorted(set(keys), key=lambda k: number.get(k, 0)):
        entry = refs[key]
        kind = EVIDENCE_TYPES.get(str(entry["type"]), str(entry["type"]))
        lines.append(
            f"- [{number[key]}] [{_md_escape(entry['title'])}]({references_page}#{anchor(key)}). "
            f"{_md_escape(entry['authors'])}, {entry['year']}. *{kind}*."
        )
    return "\n".join(lines) + "\n"


def _md_escape(value: object) -> str:
    text = str(value)
    for ch in "[]*_`<>":
        text = text.replace(ch, "\\" + ch)
    return text
