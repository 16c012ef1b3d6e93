"""Search: hit@k and the time from the last keystroke to results, typed into the
real search box over HTTP and from file://. All search measuring lives here."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from bench.stats import median
from scripts.local_site import ROOT

QUERIES = ROOT / "data" / "search-queries.yml"


def page_key(path: str) -> str:
    """A page's name whatever the URL style: 'how-common/' and 'how-common.html' are
    both 'how-common.html'; '', './' and 'index.html' are 'index.html'. Drops query
    and fragment."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
    while path.startswith("./"):
        path = path[2:]
    path = path.lstrip("/")
    if path in ("", "."):
        return "index.html"
    if path.endswith("/"):
        path += "index.html"
    if path.endswith("/index.html"):
        return path[: -len("/index.html")] + ".html"
    return path


def result_pages(hrefs: list[str], page_url: str, base_url: str) -> list[str]:
    """Search result links (relative to the page they are shown on) as page keys,
    best first, each page once."""
    out: list[str] = []
    for href in hrefs:
        absolute = urllib.parse.urljoin(page_url, href).split("#", 1)[0]
        if not absolute.startswith(base_url):
            continue
        key = page_key(absolute[len(base_url):])
        if key not in out:
            out.append(key)
    return out


def hit(expected: list[str], found: list[str], k: int) -> bool:
    wanted = {page_key(e) for e in expected}
    return any(page in wanted for page in found[:k])


def hit_rate(rows: list[dict], k: int):
    """Share of queries with an expected page in the top k (None when no rows)."""
    if not rows:
        return None
    return sum(hit(r["expect"], r["found"], k) for r in rows) / len(rows)


def section_rate(rows: list[dict]):
    """Share of the queries with an expected section (`anchor`) whose top 3 results
    offer that section (`anchors`: the fragments of their links). None when none."""
    judged = [r for r in rows if r.get("anchor")]
    if not judged:
        return None
    return sum(r["anchor"] in r.get("anchors", []) for r in judged) / len(judged)


def parse_queries(data) -> list[dict]:
    """data/search-queries.yml: a list of {query, pages: [page.html, ...], section}
    (`expect` is accepted for `pages`; a single page may be a string; `section` is
    informational), or a mapping with that list under `queries`. Returns
    [{query, expect: [pages]}]; hit@k is judged by page."""
    if isinstance(data, dict):
        data = data.get("queries", [])
    if not isinstance(data, list):
        raise ValueError("expected a list of {query, pages} entries")
    out = []
    for i, entry in enumerate(data):
        pages = entry.get("pages", entry.get("expect")) if isinstance(entry, dict) else None
        if not pages or not entry.get("query"):
            raise ValueError(f"entry {i + 1}: needs `query` and `pages`")
        pages = pages if isinstance(pages, list) else [pages]
        row = {"query": str(entry["query"]), "expect": [str(e) for e in pages]}
        anchor = entry.get("card") or entry.get("section")
        if anchor:
            row["anchor"] = str(anchor)  # the section that answers it (a card for a warning sign)
        out.append(row)
    return out



def load_queries(path: Path = QUERIES) -> tuple[list[dict] | None, str]:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if not path.is_file():
        return None, f"Search skipped: {name} not found (expected a list of {{query, pages: [page.html, ...]}})"
    import yaml

    try:
        return parse_queries(yaml.safe_load(path.read_text(encoding="utf-8"))), ""
    except (ValueError, yaml.YAMLError) as err:
        return None, f"Search skipped: {name}: {err}"



# Resolves with ms from the last keyup to the first change of the results list that
# shows results for the full query (items, or Material's "no matching documents").
TIMING_JS = """
q => {
  const input = document.querySelector('input.md-search__input');
  const output = document.querySelector('.md-search-result');
  window.__benchResult = new Promise(resolve => {
    let t0 = null;
    const done = ms => { observer.disconnect(); resolve(ms); };
    input.addEventListener('keyup', () => { if (input.value === q) t0 = performance.now(); }, {once: true});
    const observer = new MutationObserver(() => {
      if (t0 === null || input.value !== q) return;
      const items = output.querySelectorAll('.md-search-result__item').length;
      const meta = (output.querySelector('.md-search-result__meta') || {}).textContent || '';
      if (items > 0 || /no matching/i.test(meta)) done(performance.now() - t0);
    });
    observer.observe(output, {childList: true, subtree: true, characterData: true});
    setTimeout(() => done(null), 5000);
  });
}
"""

# Resolves once the results area has not changed for `quiet` ms (or after `limit` ms).
SETTLE_JS = """
([quiet, limit]) => new Promise(resolve => {
  const output = document.querySelector('.md-search-result');
  let timer = setTimeout(finish, quiet);
  const stop = setTimeout(finish, limit);
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, quiet); });
  observer.observe(output, {childList: true, subtree: true, characterData: true});
  function finish() { observer.disconnect(); clearTimeout(timer); clearTimeout(stop); resolve(); }
})
"""

READY_JS = """
() => { const m = document.querySelector('.md-search-result__meta');
        return !!m && !/initiali/i.test(m.textContent); }
"""


def measure_search(browser, start_url: str, base_url: str, queries: list[dict]) -> dict:
    """Types every query into the real search box, key by key, from the home page."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(start_url, wait_until="load")
    box = page.locator("input.md-search__input")
    try:
        if not box.is_visible():  # on narrow screens the box opens from the header button
            page.locator('label[for="__search"]').first.click(timeout=3000)
        box.click(timeout=3000)
        # The index loads in a worker; it must be ready before timing anything.
        page.wait_for_function(READY_JS, timeout=10000)
    except Exception:  # Playwright's TimeoutError: Material hid the box or search never loaded
        state = page.evaluate("""() => {
            const box = document.querySelector('input.md-search__input');
            const meta = document.querySelector('.md-search-result__meta');
            if (!box || !box.offsetParent) return 'the search box is hidden';
            return 'the results area shows ' + JSON.stringify((meta && meta.textContent || '').trim());
        }""")
        ctx.close()
        return {"error": f"search does not work: {state}", "rows": [],
                "hit_at_1": 0.0, "hit_at_3": 0.0, "median_ms": None}
    rows = []
    for q in queries:
        text = q["query"]
        box.fill("")
        if len(text) > 1:
            box.press_sequentially(text[:-1], delay=30)
            page.evaluate(SETTLE_JS, [250, 3000])
        page.evaluate(TIMING_JS, text)
        box.press_sequentially(text[-1])
        ms = page.evaluate("window.__benchResult")
        page.evaluate(SETTLE_JS, [150, 2000])
        hrefs = page.eval_on_selector_all(".md-search-result__item > .md-search-result__link",
                                          "els => els.map(e => e.getAttribute('href'))")
        found = result_pages(hrefs, page.url, base_url)
        anchors = page.eval_on_selector_all(
            ".md-search-result__item", "items => items.slice(0, 3).flatMap(i => [...i.querySelectorAll("
            "'a.md-search-result__link')].map(a => new URL(a.href).hash.slice(1)).filter(Boolean))")
        rows.append({**q, "found": found[:10], "anchors": anchors, "ms": None if ms is None else round(ms, 1)})
    ctx.close()
    times = [r["ms"] for r in rows]
    return {"hit_at_1": hit_rate(rows, 1), "hit_at_3": hit_rate(rows, 3), "section_rate": section_rate(rows),
            "median_ms": median(times),
            "max_ms": max((t for t in times if t is not None), default=None),
            "timeouts": sum(t is None for t in times), "rows": rows}
