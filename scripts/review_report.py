"""List pages whose review is due soon (or overdue), and pages that changed after their
clinical sign-off or whose change record is behind: `make review-report`.

Exit code 1 when any page is overdue or changed after sign-off, so it can gate a
scheduled job.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from scripts import changes, sign_off
from scripts.content_rules import parse_date, read_front_matter, review_due

DOCS = Path(__file__).resolve().parents[1] / "docs"


def due_pages(docs_dir: Path, today: dt.date, within_days: int) -> list[tuple[dt.date, str, str]]:
    rows = []
    for path in sorted(docs_dir.rglob("*.md")):
        meta = read_front_matter(path.read_text(encoding="utf-8"))
        due = review_due(meta, today=today, within_days=within_days)
        if due:
            rows.append((due, path.relative_to(docs_dir).as_posix(), str(meta.get("reviewed_by", ""))))
    return sorted(rows)


def sign_off_rows(root: Path = DOCS.parent) -> tuple[list[tuple[str, dict, str]], list[str], list[tuple[str, str]]]:
    """(changed after sign-off: (page, record, changed on), not yet signed off, change record behind)."""
    project = sign_off.Project(root)
    _, records = sign_off.read_data_file(root / sign_off.SIGN_OFFS_FILE)
    _, change_data = sign_off.read_data_file(root / sign_off.CHANGES_FILE)
    changed, unsigned = [], []
    for page in project.pages():
        meta = sign_off.page_meta((project.docs / page).read_text(encoding="utf-8"))
        needed, _ = sign_off.sign_off_needed(meta)
        state = sign_off.sign_off_state(records.get(page), project.fingerprint(page), needed=needed)
        if state.status == "changed":
            entry = changes.matching_entry(change_data.get(page), state.current)
            changed.append((page, state.record or {}, entry["date"].isoformat() if entry else "date not recorded"))
        elif state.status == "not-signed-off":
            unsigned.append(page)
    return changed, unsigned, changes.needing_entries(project, change_data)


def print_sign_offs(root: Path = DOCS.parent) -> bool:
    """Print the sign-off part of the report; True when a page changed after sign-off."""
    changed, unsigned, behind = sign_off_rows(root)
    print()
    if changed:
        print(f"Changed after clinical sign-off ({len(changed)}): ask the clinician to review, then `make sign-off`")
        print(f"{'Page':<32} {'Changed on':<18} Signed off by")
        for page, record, when in changed:
            print(f"{page:<32} {when:<18} {record.get('name')}, {record.get('role')} ({record.get('date')})  CHANGED AFTER SIGN-OFF")
    else:
        print("No page has changed since its clinical sign-off.")
    if unsigned:
        print(f"Not yet signed off by a clinician ({len(unsigned)}): {', '.join(unsigned)}")
    if behind:
        print(f"Change record behind the text ({len(behind)}): run `make changes-needed`")
    return bool(changed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--within-days", type=int, default=90)
    parser.add_argument("--today", type=parse_date, default=dt.date.today())
    parser.add_argument("--root", type=Path, default=DOCS.parent, help="project folder (default: this one)")
    parser.add_argument("--docs", type=Path, default=None, help="the pages folder (default: docs/ under --root)")
    args = parser.parse_args(argv)
    rows = due_pages(args.docs or args.root / "docs", args.today, args.within_days)
    if not rows:
        print(f"No page is due for review in the next {args.within_days} days.")
    else:
        print(f"{'Due':<12} {'Page':<32} Last reviewed by")
        for due, page, who in rows:
            flag = "  OVERDUE" if due < args.today else ""
            print(f"{due.isoformat():<12} {page:<32} {who}{flag}")
    changed = print_sign_offs(args.root)
    return 1 if changed or any(due < args.today for due, _, _ in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
