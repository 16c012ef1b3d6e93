"""The "due for review" notice is computed in the browser, so it also works from disk."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser


def _next_review(site, name):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
    return dt.date.fromisoformat(soup.select_one(".review-notice")["data-next-review"])


@pytest.mark.parametrize("name", ["how-common.html", "when-to-get-help.html"])
def test_notice_hidden_before_and_shown_after_next_review(name, unzipped_site, probe):
    due = _next_review(unzipped_site, name)
    url = (unzipped_site / name).as_uri()
    page = probe.page

    page.clock.set_fixed_time(dt.datetime.combine(due - dt.timedelta(days=1), dt.time(12)))
    page.goto(url)
    assert page.locator(".review-notice").is_hidden()

    page.clock.set_fixed_time(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(12)))
    page.reload()
    notice = page.locator(".review-notice")
    assert notice.is_visible()
    assert "due for review" in notice.inner_text()
    assert probe.errors == []
