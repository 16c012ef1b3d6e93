"""MkDocs hook: clinical sign-off bound to content (rules in scripts/sign_off.py).

- checks data/sign-offs.yml;
- computes each page's current fingerprint and compares it with its newest sign-off;
- gives the template `sign_off` (status, reviewer, role, organisation, date);
- strict publishing (extra.governance.strict_publishing, env STRICT_PUBLISHING=true):
  a page without a current sign-off fails the build, naming the page and the fix.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from scripts import sign_off

ROOT = Path(__file__).resolve().parents[2]  # the project folder
log = logging.getLogger("mkdocs.hooks.sign_off")
_state: dict = {"project": None, "records": {}, "strict": False, "states": {}}
SUMMARY_MARKER = "<!-- sign-off-summary -->"


def on_config(config):
    settings = (config.extra or {}).get("governance") or {}
    strict, problem = sign_off.parse_flag(settings.get("strict_publishing"), "STRICT_PUBLISHING (extra.governance.strict_publishing in mkdocs.yml)")
    if problem:
        log.warning(problem)
    project = sign_off.Project(ROOT, docs=Path(config.docs_dir))
    path = ROOT / sign_off.SIGN_OFFS_FILE
    try:
        _, records = sign_off.read_data_file(path)
    except Exception as err:  # not valid YAML
        log.warning(f"{sign_off.SIGN_OFFS_FILE}: not valid YAML ({err}): fix it or restore it from git")
        records = {}
    for problem in sign_off.check_sign_offs(records, pages=project.pages(), today=dt.date.today()):
        log.warning(f"{sign_off.SIGN_OFFS_FILE}: {problem}")
    states = {}
    for src in project.pages():
        meta = sign_off.page_meta((project.docs / src).read_text(encoding="utf-8"))
        needed, problem = sign_off.sign_off_needed(meta)
        if problem:
            log.warning(f"{src}: {problem}")
        states[src] = sign_off.sign_off_state(records.get(src), project.fingerprint(src), needed=needed)
    _state.update(project=project, records=records, strict=strict, states=states)
    return config


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    state = _state["states"].get(src) or sign_off.sign_off_state(None, _state["project"].fingerprint(src))
    page.sign_off_state = state
    if SUMMARY_MARKER in markdown:
        markdown = markdown.replace(SUMMARY_MARKER, sign_off.render_summary(sign_off.summary(_state["states"])))
    if _state["strict"] and not _state["project"].unreadable:  # a broken data file is reported once, by its hook
        problem = sign_off.strict_problem(src, state)
        if problem:
            log.warning(f"{src}: {problem}")
    return markdown


def on_page_context(context, page, config, nav):
    state = getattr(page, "sign_off_state", None)
    if state is None:
        return context
    record = state.record or {}
    date = sign_off.parse_date(record.get("date"))
    context["sign_off"] = {
        "status": state.status,
        "name": record.get("name", ""),
        "role": record.get("role", ""),
        "organisation": record.get("organisation", ""),
        "date": date.isoformat() if date else "",
        "date_text": f"{date.day} {date:%B %Y}" if date else "",
        "fingerprint": state.current,
        "strict": _state["strict"],
    }
    return context
