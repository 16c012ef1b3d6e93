"""`make review-report` lists pages due for review and flags overdue ones.

The pages are small fixtures in tmp_path, so editors re-reviewing the real pages
never turn these tests red.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scripts import review_report


def page(folder, name: str, next_review: str, reviewed_by: str = "Breast care team") -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        f"---\ntitle: T\nlast_reviewed: 2026-01-01\nnext_review: {next_review}\nreviewed_by: {reviewed_by}\n---\n\nText.\n",
        encoding="utf-8",
    )


@pytest.fixture
def docs(tmp_path):
    page(tmp_path, "soon.md", "2027-03-10", "Dr A")
    page(tmp_path, "later.md", "2027-09-01")
    page(tmp_path, "sub/overdue.md", "2027-01-15", "Dr B")
    (tmp_path / "no-front-matter.md").write_text("# Just text\n", encoding="utf-8")
    return tmp_path


def test_only_pages_within_the_window_are_listed_soonest_first(docs):
    rows = review_report.due_pages(docs, dt.date(2027, 2, 1), 60)
    assert rows == [
        (dt.date(2027, 1, 15), "sub/overdue.md", "Dr B"),
        (dt.date(2027, 3, 10), "soon.md", "Dr A"),
    ]


def test_nothing_due_exits_0_and_says_so(docs, capsys):
    assert review_report.main(["--docs", str(docs), "--today", "2026-06-01", "--within-days", "30"]) == 0
    assert "No page is due for review in the next 30 days" in capsys.readouterr().out


def test_an_overdue_page_is_flagged_and_exits_1(docs, capsys):
    assert review_report.main(["--docs", str(docs), "--today", "2027-02-01", "--within-days", "60"]) == 1
    out = capsys.readouterr().out
    overdue = [line for line in out.splitlines() if "OVERDUE" in line]
    assert len(overdue) == 1 and "sub/overdue.md" in overdue[0]
    assert "soon.md" in out and "later.md" not in out


def test_due_soon_but_not_overdue_is_listed_and_exits_0(docs, capsys):
    assert review_report.main(["--docs", str(docs), "--today", "2026-12-20", "--within-days", "30"]) == 0
    assert "2027-01-15" in capsys.readouterr().out
