"""Search finds the right page for the words patients use (data/search-queries.yml),
over HTTP under a sub-path and from the unzipped site.zip (file://), with the
synonyms from data/synonyms.yml: UK/US spellings, brand names, lay words and
misspellings. And the synonyms stay hidden: not on the pages, not in result previews.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts import search_synonyms
from tests.helpers import ROOT, build_site, copy_project, world_readable_tempdir

TOP = 3
QUERIES = yaml.safe_load((ROOT / "data" / "search-queries.yml").read_text(encoding="utf-8"))
HIDDEN_FIELDS = (search_synonyms.TITLE_FIELD, search_synonyms.TEXT_FIELD)


@pytest.fixture(params=["http", "file"])
def start_url(request, http_site, unzipped_site) -> str:
    if request.param == "file":
        return unzipped_site.as_uri() + "/index.html"
    return http_site + "index.html"


def page_name(href: str) -> str:
    """'how-common.html' from an absolute result link (with ?h= highlight terms)."""
    return PurePosixPath(urlparse(href).path).name


def result_links(page, query: str, timeout: float = 5000) -> list[list[str]]:
    """Type `query` into the search box; each result (one per page, best first) as
    the list of its links: the page, then its matching sections.

    Types the last character as a real key press (Material searches on keyup) after
    filling the rest, which is ~10x faster than typing every key, and waits for
    freshly rendered results rather than a fixed time, so it cannot read the
    previous query's results."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label[for="__search"]').first.click()
    page.evaluate("() => document.querySelectorAll('.md-search-result__item').forEach(e => e.dataset.stale = '1')")
    box.click()
    box.fill(query[:-1])
    box.press_sequentially(query[-1])
    page.wait_for_function(
        """q => {
            const items = document.querySelectorAll('.md-search-result__item');
            return document.querySelector('input.md-search__input').value === q
                && items.length > 0 && !items[0].dataset.stale;
        }""",
        arg=query, timeout=timeout,
    )
    return page.eval_on_selector_all(
        ".md-search-result__item",
        "items => items.map(i => [...i.querySelectorAll('a.md-search-result__link')].map(a => a.href))",
    )


@pytest.mark.browser
def test_queries_find_an_expected_page_in_the_top_3(start_url, probe):
    page = probe.page
    page.goto(start_url)
    misses, section_misses, first = [], [], 0
    for entry in QUERIES:
        query, expected = entry["query"], entry["pages"]
        try:
            results = result_links(page, query)
        except PlaywrightTimeout:
            misses.append(f"{query!r}: no results")
            continue
        top = [page_name(links[0]) for links in results[:TOP]]
        if not set(top) & set(expected):
            misses.append(f"{query!r}: want one of {expected}, top {TOP} were {top}")
            continue
        first += top[0] in expected
        if entry.get("section") and expected[0] in top:
            links = results[top.index(expected[0])]
            if not any(urlparse(link).fragment == entry["section"] for link in links):
                section_misses.append(f"{query!r}: #{entry['section']} not offered under {expected[0]}")
    print(f"\n{start_url}: hit@1 {first}/{len(QUERIES)}, hit@3 {len(QUERIES) - len(misses)}/{len(QUERIES)}"
          f"; expected section not offered for {len(section_misses)}: {section_misses}")
    assert misses == []
    assert probe.errors == []


def test_query_set_is_well_formed(pages):
    """At least 45 queries, each naming pages that exist (a renamed page fails here,
    not as a confusing search miss)."""
    problems = [] if len(QUERIES) >= 45 else [f"only {len(QUERIES)} queries"]
    seen = set()
    for entry in QUERIES:
        query = entry.get("query")
        if not query or query in seen:
            problems.append(f"{query!r}: missing or repeated query")
        seen.add(query)
        for name in entry.get("pages") or [None]:
            if name not in pages:
                problems.append(f"{query!r}: unknown page {name!r}")
    assert problems == []


def test_offline_index_carries_the_same_synonyms(site):
    """search_index.js (used from file://) is written after the hook, so it holds the
    synonym fields too; their boosts sit below Material's title boost."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    offline = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert json.loads(offline.removeprefix("var __index = ")) == index
    fields = index["config"]["fields"]
    assert all(0 < fields[name]["boost"] < fields["title"]["boost"] for name in HIDDEN_FIELDS)
    with_synonyms = [doc["location"] for doc in index["docs"] if any(f in doc for f in HIDDEN_FIELDS)]
    assert len(with_synonyms) > len(index["docs"]) / 2


@pytest.mark.browser
def test_synonyms_are_not_visible(http_site, probe):
    """A misspelling ('hypercalcimia') finds the high-calcium page, yet no misspelling
    or synonym-only word shows in the result previews or on the page."""
    synonyms, _ = search_synonyms.load_synonyms(ROOT / "data" / "synonyms.yml")
    hidden = re.compile(r"\b(" + "|".join(map(re.escape, synonyms.misspellings)) + r")\b")
    page = probe.page
    page.goto(http_site + "index.html")
    problems = []
    for query, want in (("hypercalcimia", "symptoms-and-red-flags.html"), ("xgiva", "treatment.html")):
        results = result_links(page, query)
        if want not in [page_name(links[0]) for links in results]:
            problems.append(f"{query!r} did not find {want}")
        previews = page.locator(".md-search-result__list").inner_text().lower()
        problems += [f"{query!r}: result previews show {w!r}" for w in hidden.findall(previews)]
    page.goto(http_site + "symptoms-and-red-flags.html")
    body = page.locator("body").inner_text().lower()
    problems += [f"symptoms-and-red-flags.html shows {w!r}" for w in hidden.findall(body)]
    assert problems == []
    assert probe.errors == []


def test_a_broken_synonyms_file_fails_the_build_naming_it():
    project = copy_project(world_readable_tempdir("synonyms-") / "project")
    (project / "data" / "synonyms.yml").write_text("groups:\n  - [tumour]\n", encoding="utf-8")
    result = build_site(project)
    assert result.returncode != 0
    assert [w for w in result.warnings if "data/synonyms.yml: group 1 (tumour): needs at least 2" in w] != []
