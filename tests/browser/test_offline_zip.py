"""site.zip, unzipped into a fresh folder and opened from disk (file://): every page,
a search and the whole-guide print page work with zero network requests."""

from __future__ import annotations

import pytest

from tests.browser.search_helpers import search
from tests.content.conftest import front_matter

pytestmark = pytest.mark.browser

# Inline data, not requests: Material's icons are data: SVGs; the search shim may use blob:.
NOT_REQUESTS = ("data:", "blob:")


def test_unzipped_site_works_from_disk_with_no_network(unzipped_site, probe, pages):
    base = unzipped_site.as_uri() + "/"
    page = probe.page
    problems = []
    for name in pages:
        page.goto(base + name)
        page.wait_for_load_state("load")
        if page.locator("article h1").count() != 1:
            problems.append(f"{name}: page did not render")

    page.goto(base + "index.html")
    hrefs = search(page, "high calcium")
    if not any("symptoms-and-red-flags.html" in h or "when-to-get-help.html" in h for h in hrefs):
        problems.append(f"search for 'high calcium' found {hrefs}")

    page.goto(base + "print-guide.html")
    page.emulate_media(media="print")
    parts = page.locator(".print-guide__part").count()
    wanted = len(front_matter("print-guide.md")["assemble"])
    if parts != wanted:
        problems.append(f"print-guide.html has {parts} assembled pages, want {wanted} (its `assemble` list)")
    if len(page.pdf(format="A4")) < 10_000:
        problems.append("print-guide.html printed an empty PDF")

    problems += [f"network request: {u}" for u in probe.requests if not u.startswith((base, *NOT_REQUESTS))]
    problems += probe.errors
    assert problems == []
    assert len(probe.requests) > len(pages)  # the recorder saw the page loads
