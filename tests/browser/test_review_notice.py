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


# Security review F4 / row 39: values the old script could not read left the notice
# hidden for ever. An unreadable date now counts as due (the build refuses them too).
@pytest.mark.parametrize("value", ["20271125", "2027-W47-4", " 2027-11-25", "2027-02-30", "", "soon"])
def test_unreadable_date_shows_the_notice(value, site, probe, tmp_path):
    page_html = (site / "how-common.html").read_text(encoding="utf-8")
    due = _next_review(site, "how-common.html").isoformat()
    assert f'data-next-review="{due}"' in page_html
    copy = tmp_path / "site"
    import shutil

    shutil.copytree(site, copy)
    (copy / "how-common.html").write_text(page_html.replace(f'data-next-review="{due}"', f'data-next-review="{value}"'),
                                          encoding="utf-8")
    probe.page.clock.set_fixed_time(dt.datetime(2026, 12, 2, 12))
    probe.page.goto((copy / "how-common.html").as_uri())
    assert probe.page.locator(".review-notice").is_visible(), value
    assert probe.errors == []
