"""MkDocs hook: the change record (rules in scripts/changes.py).

- checks data/changes.yml, and that every page's newest change entry has the page's
  current fingerprint (so the record cannot fall behind the text);
- gives the template `changes` (the latest entries, which the sign-off covers, and
  the date the page reached its current content);
- writes the "What's changed" list into docs/whats-changed.md (at <!-- whats-changed -->).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from scripts import changes, sign_off

ROOT = Path(__file__).resolve().parents[2]  # the project folder
log = logging.getLogger("mkdocs.hooks.changes")
_state: dict = {"project": None, "data": {}, "sign_offs": {}}


def on_config(config):
    project = sign_off.Project(ROOT, docs=Path(config.docs_dir))
    try:
        _, data = sign_off.read_data_file(ROOT / changes.CHANGES_FILE)
    except Exception as err:
        log.warning(f"{changes.CHANGES_FILE}: not valid YAML ({err}): fix it or restore it from git")
        data = {}
    for problem in changes.check_changes(data, pages=project.pages(), today=dt.date.today()):
        log.warning(f"{changes.CHANGES_FILE}: {problem}")
    try:
        _, records = sign_off.read_data_file(ROOT / sign_off.SIGN_OFFS_FILE)
    except Exception:  # reported by the sign_off hook
        records = {}
    _state.update(project=project, data=data, sign_offs=records)
    return config


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if not _state["project"].unreadable:
        problem = changes.record_problem(src, _state["data"].get(src), _state["project"].fingerprint(src))
        if problem:
            log.warning(f"{src}: {problem}")
    if changes.MARKER in markdown:
        titles = {f.src_uri: str(sign_off.page_meta(Path(f.abs_src_path).read_text(encoding="utf-8")).get("title") or f.src_uri)
                  for f in files.documentation_pages()}
        depth = src.count("/")
        link = lambda other: "../" * depth + other.removesuffix(".md") + ".html"  # noqa: E731
        markdown = markdown.replace(changes.MARKER, changes.render_whats_changed(_state["data"], titles, link))
    return markdown


def on_page_context(context, page, config, nav):
    src = page.file.src_uri
    entries = _state["data"].get(src)
    record = sign_off.latest_sign_off(_state["sign_offs"].get(src))
    rows = changes.covered(entries, record)
    current = changes.matching_entry(entries, _state["project"].fingerprint(src))
    context["changes"] = {
        "latest": [
            {"date": e["date"].isoformat(), "date_text": changes.long_date(e["date"]),
             "note": str(e.get("note", "")).strip(), "covered": e["covered"]}
            for e in rows[: changes.SHOWN_ON_PAGE]
        ],
        "count": len(rows),
        "since": current["date"].isoformat() if current else "",
        "since_text": changes.long_date(current["date"]) if current else "",
    }
    return context
