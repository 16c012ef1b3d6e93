"""Driving Material's search box the way a person does."""

from __future__ import annotations


def search(page, query: str, timeout: float = 5000) -> list[str]:
    """Type `query` into the search box (key by key: Material listens to keyup, so
    fill() never searches) and return the result links' hrefs, best first."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # on a phone the box opens from the header's search button
        page.locator('label[for="__search"]').first.click()
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=30)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta') && "
        "document.querySelector('input.md-search__input').value === q && "
        "!/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query, timeout=timeout,
    )
    page.wait_for_timeout(150)  # results render just after the meta line updates
    return page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "els => els.map(e => e.getAttribute('href'))"
    )
