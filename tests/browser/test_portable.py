"""The same build works from disk (unzipped site.zip) and under a sub-path over HTTP:
pages render, search finds a known page, and no request leaves the site."""

from __future__ import annotations

import pytest

from tests.browser.search_helpers import search

pytestmark = pytest.mark.browser


@pytest.fixture(params=["file", "http"])
def origin(request, unzipped_site, http_site):
    """(start URL, prefix every request must start with)."""
    if request.param == "file":
        base = unzipped_site.as_uri() + "/"
        return base, base
    return http_site, http_site


def test_every_page_renders_without_errors_or_off_site_requests(origin, probe, pages):
    base, prefix = origin
    problems = []
    for name in pages:
        response = probe.page.goto(base + name)
        if response is not None and response.status != 200:
            problems.append(f"{name}: HTTP {response.status}")
        probe.page.wait_for_load_state("load")
        if probe.page.locator("article h1").count() != 1:
            problems.append(f"{name}: no page heading rendered")
    assert problems == []
    assert probe.off_site(prefix) == []
    assert probe.errors == []


def test_search_finds_a_known_page(origin, probe):
    base, prefix = origin
    probe.page.goto(base + "index.html")
    hrefs = search(probe.page, "spinal cord compression")
    assert any("symptoms-and-red-flags.html" in h for h in hrefs), hrefs
    hrefs = search(probe.page, "denosumab")
    assert any("treatment.html" in h for h in hrefs), hrefs
    assert probe.off_site(prefix) == []
    assert probe.errors == []


def test_404_page_is_styled_under_the_sub_path(http_site, probe):
    response = probe.page.goto(http_site + "no/such/page.html")
    assert response.status == 404
    # The stylesheet loaded: Material's header is laid out, not raw text.
    assert probe.page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert probe.off_site(http_site.split("/some/")[0]) == []
