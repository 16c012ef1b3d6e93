"""Driving Material's search box the way a person does: the one helper every test uses.

`search_results(page, query)` types a query and returns the fresh results, grouped
as Material shows them (one group per page: the page's link, then its sections best
first). `search(page, query)` is the flat list of links. Both wait for results
rendered for THIS query (a stale marker), never for a fixed time, so they cannot
read the previous query's results, and they work on a phone-sized screen too.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlparse

# Set on the old results and the meta line before typing; Material replaces the
# result items and rewrites the meta line when the worker answers.
_MARK_STALE = """() => {
    document.querySelectorAll('.md-search-result__item').forEach(e => e.dataset.stale = '1');
    const meta = document.querySelector('.md-search-result__meta');
    if (meta) meta.textContent = '';
}"""

_FRESH = """q => {
    const box = document.querySelector('input.md-search__input');
    const meta = document.querySelector('.md-search-result__meta');
    if (!box || box.value !== q || !meta) return false;
    const said = meta.textContent.trim();
    if (!said || /Initializing/i.test(said)) return false;
    const items = document.querySelectorAll('.md-search-result__item');
    if (items.length === 0) return /No matching/i.test(said);
    return !items[0].dataset.stale;
}"""

_GROUPS = """items => items.map(i => [...i.querySelectorAll('a.md-search-result__link')]
    .map(a => a.getAttribute('href')))"""


def open_search(page):
    """The search box, opened from the header's button on a phone-sized screen."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label[for="__search"]').first.click()
    return box


def search_results(page, query: str, timeout: float = 5000) -> list[list[str]]:
    """Type `query`; each result group (best first) as the list of its hrefs: the
    page, then its matching sections as Material orders them (best first).

    Fills all but the last character, then types that one as a real key press
    (Material searches on keyup, so fill() alone never searches): ~10x faster than
    typing every key. An empty list means Material said "No matching documents"."""
    if not query:
        raise ValueError("search_results needs a non-empty query")
    box = open_search(page)
    box.click()
    if box.input_value() == query:  # Material ignores a repeat of the same query
        box.fill("")
        box.press("Backspace")
        page.wait_for_function(
            "() => /Type to start/i.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=timeout)
    page.evaluate(_MARK_STALE)
    box.fill(query[:-1])
    box.press_sequentially(query[-1])
    page.wait_for_function(_FRESH, arg=query, timeout=timeout)
    return page.eval_on_selector_all(".md-search-result__item", _GROUPS)


def search(page, query: str, timeout: float = 5000) -> list[str]:
    """Type `query` into the search box and return every result link's href
    (pages and their sections), best first."""
    return [href for group in search_results(page, query, timeout) for href in group]


def page_name(href: str) -> str:
    """'how-common.html' from a result link (relative or absolute, with ?h= terms)."""
    return PurePosixPath(urlparse(href).path).name


def fragment(href: str) -> str:
    return urlparse(href).fragment
