"""List pages whose review is due soon (or overdue): `make review-report`.

Exit code 1 when any page is overdue, so it can gate a scheduled job.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--within-days", type=int, default=90)
    parser.add_argument("--today", type=parse_date, default=dt.date.today())
    parser.add_argument("--docs", type=Path, default=DOCS, help="the pages folder (default: docs/)")
    args = parser.parse_args(argv)
    rows = due_pages(args.docs, args.today, args.within_days)
    if not rows:
        print(f"No page is due for review in the next {args.within_days} days.")
        return 0
    print(f"{'Due':<12} {'Page':<32} Last reviewed by")
    for due, page, who in rows:
        flag = "  OVERDUE" if due < args.today else ""
        print(f"{due.isoformat():<12} {page:<32} {who}{flag}")
    return 1 if any(due < args.today for due, _, _ in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
