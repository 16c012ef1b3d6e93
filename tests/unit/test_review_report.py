"""`make review-report` lists pages due for review and flags overdue ones."""

from __future__ import annotations

import datetime as dt

from scripts import review_report


def test_nothing_due_today_far_from_the_dates(capsys):
    assert review_report.main(["--today", "2026-11-25", "--within-days", "30"]) == 0
    assert "No page is due" in capsys.readouterr().out


def test_pages_listed_when_due_and_overdue_flagged(capsys):
    rows = review_report.due_pages(dt.date(2027, 11, 1), 60)
    assert rows and all(due <= dt.date(2027, 12, 31) for due, _, _ in rows)
    assert review_report.main(["--today", "2030-01-01"]) == 1
    assert "OVERDUE" in capsys.readouterr().out
