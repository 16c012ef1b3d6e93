"""The change record (data/changes.yml): dated plain-words changes per page.

Each entry stores the page's fingerprint (scripts/sign_off.py) at the time it was
written. The rule that keeps the record honest: **the newest entry's fingerprint must
equal the page's current fingerprint**. Any edit to the page, or to a card, snippet or
reference it shows, changes the fingerprint, so the build fails until someone says in
plain words what changed (`make record-change PAGE=docs/x.md NOTE="..."`).

Pure functions apart from `main`, the command behind `make record-change` and
`make changes-needed`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from scripts.content_rules import parse_date
from scripts.sign_off import (
    CHANGES_FILE,
    FINGERPRINT,
    ROOT,
    SIGN_OFFS_FILE,
    Project,
    check_page_lists,
    check_text,
    page_key,
    read_data_file,
    write_data_file,
)

MAX_NOTE = 200
SHOWN_ON_PAGE = 3
MARKER = "<!-- whats-changed -->"


def record_command(page: str, note: str = "Say in plain words what changed") -> str:
    return f'make record-change PAGE=docs/{page} NOTE="{note}"'


def check_entry(entry: object, *, today: dt.date) -> list[str]:
    if not isinstance(entry, Mapping):
        return ["each change must be a mapping with date, note and fingerprint"]
    problems = []
    date = parse_date(entry.get("date"))
    if date is None:
        problems.append(f"'date' is {entry.get('date')!r}: write it as YYYY-MM-DD")
    elif date > today:
        problems.append(f"'date' ({date}) is in the future: use the day of the change")
    note = entry.get("note")
    if not isinstance(note, str) or not note.strip():
        problems.append("'note' is empty: say in plain words what changed")
    elif len(note.strip()) > MAX_NOTE or "\n" in note.strip():
        problems.append(f"'note' must be one line of at most {MAX_NOTE} characters")
    if not isinstance(entry.get("fingerprint"), str) or not FINGERPRINT.match(entry["fingerprint"]):
        problems.append("'fingerprint' must be sha256:<64 hex digits>: add changes with `make record-change`, never by hand")
    return problems


def check_changes(data: object, *, pages: Iterable[str], today: dt.date) -> list[str]:
    return check_page_lists(data, pages=pages, check=lambda e: check_entry(e, today=today),
                            kind="changes", item="change")


def ordered(entries: object) -> list[dict]:
    """Valid-looking entries, newest first (later in the file first on the same day)."""
    if not isinstance(entries, list):
        return []
    dated = [(parse_date(e.get("date")), i, dict(e)) for i, e in enumerate(entries) if isinstance(e, Mapping)]
    dated = [(d, i, e) for d, i, e in dated if d is not None]
    return [{**e, "date": d} for d, i, e in sorted(dated, key=lambda x: (x[0], x[1]), reverse=True)]


def record_problem(page: str, entries: object, current: str) -> str | None:
    """Why the page's change record is behind its content (None when it is up to date)."""
    newest = ordered(entries)
    if not newest:
        return f"no change record: add one with {record_command(page, 'First published version')}"
    if newest[0].get("fingerprint") != current:
        return (f"the content changed after its latest change entry ({newest[0]['date']}: "
                f"{str(newest[0].get('note', '')).strip()!r}): describe the change with {record_command(page)}")
    return None


def matching_entry(entries: object, fingerprint: str) -> dict | None:
    """The newest entry written when the page had this fingerprint."""
    return next((e for e in ordered(entries) if e.get("fingerprint") == fingerprint), None)


def covered(entries: object, sign_off: Mapping | None) -> list[dict]:
    """Entries (newest first) marked `covered`: True when the sign-off covers them.

    A sign-off covers the changes up to the entry that matches its fingerprint; if no
    entry matches (the record was added later), those dated on or before the sign-off."""
    rows = ordered(entries)
    if not sign_off:
        return [{**e, "covered": False} for e in rows]
    signed_fp = sign_off.get("fingerprint")
    signed_date = parse_date(sign_off.get("date"))
    match = next((i for i, e in enumerate(rows) if e.get("fingerprint") == signed_fp), None)
    if match is not None:
        return [{**e, "covered": i >= match} for i, e in enumerate(rows)]
    return [{**e, "covered": bool(signed_date and e["date"] <= signed_date)} for e in rows]


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def render_whats_changed(data: Mapping, titles: Mapping[str, str], link: callable = lambda page: page) -> str:
    """The "What's changed" list: every entry, newest first, grouped by date (HTML)."""
    rows = []
    for page, entries in data.items():
        for entry in ordered(entries):
            rows.append((entry["date"], page, str(entry.get("note", "")).strip()))
    rows.sort(key=lambda r: (r[0], titles.get(r[1], r[1])), reverse=False)
    rows.sort(key=lambda r: r[0], reverse=True)
    if not rows:
        return "<p>No changes have been recorded yet.</p>\n"
    out, current = [], None
    for date, page, note in rows:
        if date != current:
            if current is not None:
                out.append("</ul>")
            out.append(f'<h2 id="changes-{date.isoformat()}"><time datetime="{date.isoformat()}">{long_date(date)}</time></h2>')
            out.append('<ul class="change-list">')
            current = date
        title = html.escape(titles.get(page, page))
        out.append(f'<li><a href="{html.escape(link(page), quote=True)}">{title}</a>: {html.escape(note)}</li>')
    out.append("</ul>")
    return "\n".join(out) + "\n"


def needing_entries(project: Project, data: Mapping) -> list[tuple[str, str]]:
    """(page, why) for every page whose change record is behind its content."""
    rows = []
    for page in project.pages():
        problem = record_problem(page, data.get(page), project.fingerprint(page))
        if problem:
            rows.append((page, problem))
    return rows


def amend_problems(root: Path, page: str, entries: list, date: dt.date) -> list[str]:
    """An entry may be amended (a second edit on the same day, before anyone signed it
    off) but never rewritten after a clinician signed the page off."""
    if not entries:
        return [f"docs/{page} has no change entry to amend: leave out AMEND"]
    newest = entries[0]
    if newest.get("date") != date:
        return [f"the newest entry for docs/{page} is dated {newest.get('date')}, not {date}: add a new entry (leave out AMEND)"]
    _, records = read_data_file(root / SIGN_OFFS_FILE)
    recs = records.get(page) or []
    recs = [recs] if isinstance(recs, Mapping) else recs
    dates = [parse_date(r.get("date")) for r in recs if isinstance(r, Mapping)]
    signed = max((d for d in dates if d), default=None)
    if signed is not None and signed >= date:
        return [f"docs/{page} was signed off on {signed}: record a new entry instead of amending the one it covers"]
    return []


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description="Record a dated change to a page, or list pages that need one.")
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="add a change entry with the page's current fingerprint (make record-change)")
    rec.add_argument("--page", default=os.environ.get("PAGE", ""))
    rec.add_argument("--note", default=os.environ.get("NOTE", ""))
    rec.add_argument("--date", default=os.environ.get("DATE") or dt.date.today().isoformat())
    rec.add_argument("--amend", action="store_true", default=os.environ.get("AMEND") in ("1", "true", "yes"),
                     help="update the newest entry (same date, not yet signed off) instead of adding one")
    sub.add_parser("needed", help="list pages whose content changed since their latest change entry (make changes-needed)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    project = Project(args.root)
    path = args.root / CHANGES_FILE
    header, data = read_data_file(path)
    if args.command == "needed":
        rows = needing_entries(project, data)
        if not rows:
            print("Every page's change record is up to date.")
            return 0
        print(f"{len(rows)} page(s) need a new change entry. For each, say in plain words what changed:")
        for page, _ in rows:
            print(f"  {record_command(page)}")
        return 1

    page = page_key(args.page)
    problems = []
    if not page:
        problems.append("PAGE is empty: give the page, for example PAGE=docs/how-common.md")
    elif page not in project.pages():
        problems.append(f"PAGE={args.page!r} is not a page in docs/: give it as docs/<file>.md")
    keep_note = args.amend and not args.note.strip()  # amending may keep the entry's words
    problems += [] if keep_note else [p.replace("'note'", "NOTE") + ' (for example NOTE="Added arms to the signs of spinal cord compression")'
                 for p in check_text("note", args.note) if "characters" not in p]
    if isinstance(args.note, str) and len(args.note.strip()) > MAX_NOTE:
        problems.append(f"NOTE is {len(args.note.strip())} characters: keep it to {MAX_NOTE}")
    date = parse_date(args.date)
    if date is None or date > dt.date.today():
        problems.append(f"DATE={args.date!r}: give today or an earlier day as YYYY-MM-DD")
    entries = ordered(data.get(page)) if data.get(page) else []
    if args.amend and not problems:
        problems += amend_problems(args.root, page, entries, date)
    if problems:
        for problem in problems:
            print(f"make record-change: {problem}", file=sys.stderr)
        return 2
    current = project.fingerprint(page)
    if args.amend:
        # The newest entry as stored (ordered() returns copies): latest date, then latest in the file.
        stored = data[page]
        at = max((i for i, e in enumerate(stored) if isinstance(e, Mapping) and parse_date(e.get("date"))),
                 key=lambda i: (parse_date(stored[i].get("date")), i))
        newest = stored[at]
        newest["fingerprint"] = current
        if args.note.strip() and args.note.strip() != "Say in plain words what changed":
            newest["note"] = args.note.strip()
        write_data_file(path, header, data)
        print(f"Amended: docs/{page}, {newest['date']}: {newest['note']} ({current[:15]}...)")
        return 0
    if record_problem(page, data.get(page), current) is None:
        newest = ordered(data.get(page))[0]
        print(f"make record-change: docs/{page} has not changed since its latest change entry "
              f"({newest['date']}: {newest.get('note')!r}): there is nothing new to record", file=sys.stderr)
        return 2
    entry = {"date": date, "note": args.note.strip(), "fingerprint": current}
    data.setdefault(page, []).append(entry)
    write_data_file(path, header, data)
    print(f"Recorded: docs/{page}, {date}: {entry['note']} ({entry['fingerprint'][:15]}...)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
