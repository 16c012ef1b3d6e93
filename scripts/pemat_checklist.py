"""The automatable PEMAT-P and CDC Clear Communication Index items, per built page:
`make pemat`.

Two standard tools rate patient information: PEMAT-P (the Patient Education
Materials Assessment Tool for printable materials; AHRQ) and the CDC Clear
Communication Index. Most of their items need a human rater, but some can be
checked on the built HTML, so each rating starts from a checklist that passes:

| Item | Checks | Tool items |
|---|---|---|
| main-message-first | the first block after the page title is a key-fact (or summary) box | CDC 1, 2, 3; PEMAT 1 |
| summary-at-top | that box is short (at most 3 sentences and 60 words) and comes before the first section | CDC 2; PEMAT 11 |
| visuals-present | the page has a picture (a figure with an image or an icon array) | CDC 4; PEMAT 15 |
| visuals-described | every picture has a text alternative and every figure a caption | PEMAT 15, 16 |
| short-lists | no list in the text has more than 7 items | PEMAT 10 (chunking) |
| tables-explained | every table has a line of text (not a heading) just before it | PEMAT 17, 18 |
| numbers-explained | no percentage without a "N in 100"-style frequency in the same paragraph | CDC 17, 18; PEMAT 8 |
| tel-links | a page that tells you to call has a phone link (tel:) | PEMAT 20-22 (actionability) |

Each item is pass, FAIL, or "-" (does not apply: no table, no list, no "call").
REQUIRED lists the items that make the command exit 1 when any page (other than
EXEMPT_PAGES, shown in brackets) fails them; the others are targets, reported so the
team can see them, and do not stop a build until they are moved into REQUIRED.

Pure functions over HTML (BeautifulSoup); no MkDocs import. Tested by
tests/unit/test_pemat_checklist.py and, on the built site, tests/site/test_pemat.py.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup, Tag

PASS, FAIL, NA = "pass", "FAIL", "-"
MAX_LIST_ITEMS = 7
MAX_SUMMARY_SENTENCES, MAX_SUMMARY_WORDS = 3, 60
SUMMARY_CLASSES = {"triage-home", "key-fact", "summary", "abstract", "main-message"}

# Items every checked page must pass for `make pemat` to succeed (documented in
# README.md). The other items are the targets of issue 11 that the content is being
# rewritten to meet; move an item here once every page passes it, so it stays passed.
REQUIRED = ("main-message-first", "tables-explained", "visuals-described", "short-lists", "numbers-explained", "tel-links")
# Reference pages and the page assembled from others are listed but not held to the
# required items (they are look-up material, or their parts are checked on their own pages).
EXEMPT_PAGES = ("about.html", "glossary.html", "references.html", "print-guide.html")

IGNORED_CLASSES = {"sources", "change-list", "reference-list", "footnote", "print-guide__contents", "icon-array__key", "review-panel"}

PERCENT = re.compile(r"\d+(?:\.\d+)?\s?%")
FREQUENCY = re.compile(r"\b\d+(?:\s*(?:to|-|–)\s*\d+)?\s+in\s+(?:every\s+)?\d+\b", re.I)
# An instruction to phone someone ("Call 999 now", "call your helpline"), not "doctors call it ...".
CALL = re.compile(
    r"(?:^|[.!?:]\s+)(?:call|phone|ring)\b|\b(?:call|phone|ring)\s+(?:your|the|us|them|an ambulance|\d)", re.I | re.M)
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def article(html: str) -> Tag:
    """The page's own content (Material's article), or the whole document."""
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("article.md-content__inner") or soup


def _blocks_after_title(content: Tag) -> list[Tag]:
    h1 = content.find("h1")
    start = h1.find_next_siblings() if h1 else content.find_all(recursive=False)
    return [el for el in start if isinstance(el, Tag) and el.name not in ("script", "style")]


def _summary_box(content: Tag) -> Tag | None:
    blocks = _blocks_after_title(content)
    if not blocks:
        return None
    first = blocks[0]
    return first if SUMMARY_CLASSES & set(first.get("class") or []) else None


def main_message_first(content: Tag) -> str:
    return PASS if _summary_box(content) is not None else FAIL


def summary_at_top(content: Tag) -> str:
    box = _summary_box(content)
    if box is None:
        return FAIL
    title = box.select_one(".admonition-title")
    text = " ".join(t.get_text(" ", strip=True) for t in box.find_all("p") if t is not title)
    sentences = len(SENTENCE_END.findall(text.strip() + " "))
    return PASS if sentences <= MAX_SUMMARY_SENTENCES and len(text.split()) <= MAX_SUMMARY_WORDS else FAIL


def _visuals(content: Tag) -> list[Tag]:
    return [*content.select("figure"), *content.select("img"), *content.select("svg[role=img]")]


def visuals_present(content: Tag) -> str:
    return PASS if content.select("figure img, figure svg[role=img]") else FAIL


def visuals_described(content: Tag) -> str:
    if not _visuals(content):
        return NA
    for img in content.select("img"):
        if not (img.get("alt") or "").strip():
            return FAIL
    for svg in content.select("svg[role=img]"):
        title = svg.find("title")
        if not ((title and title.get_text(strip=True)) or (svg.get("aria-label") or "").strip()):
            return FAIL
    for figure in content.select("figure"):
        caption = figure.find("figcaption")
        if caption is None or not caption.get_text(strip=True):
            return FAIL
    return PASS


def _reference_material(el: Tag) -> bool:
    """Lists that are reference material rather than text to take in: the Sources
    section at the end of a page, the reference list, footnotes, the print guide's
    contents and an icon array's key."""
    for node in (el, *el.parents):
        if IGNORED_CLASSES & set(node.get("class") or []):
            return True
    heading = el.find_previous("h2")
    return heading is not None and re.fullmatch(r"(?:.+--)?sources", heading.get("id") or "") is not None


def short_lists(content: Tag) -> str:
    lists = [el for el in content.select("ul, ol") if not _reference_material(el)]
    if not lists:
        return NA
    return PASS if all(len(el.find_all("li", recursive=False)) <= MAX_LIST_ITEMS for el in lists) else FAIL


def tables_explained(content: Tag) -> str:
    tables = content.find_all("table")
    if not tables:
        return NA
    for table in tables:
        block = table
        # Material wraps tables in the browser; Python-Markdown may also leave a div.
        while block.parent is not None and block.parent is not content and block.parent.name == "div" and not block.find_previous_sibling():
            block = block.parent
        before = block.find_previous_sibling()
        if before is None or before.name != "p" or not before.get_text(strip=True):
            return FAIL
    return PASS


def numbers_explained(content: Tag) -> str:
    blocks = content.find_all(["p", "li", "td", "th", "figcaption"])
    found = False
    for block in blocks:
        text = block.get_text(" ", strip=True)
        if PERCENT.search(text):
            found = True
            if not FREQUENCY.search(text):
                return FAIL
    return PASS if found or FREQUENCY.search(content.get_text(" ")) else NA


def tel_links(content: Tag) -> str:
    if not CALL.search(content.get_text(" ")):
        return NA
    return PASS if content.select('a[href^="tel:"]') else FAIL


ITEMS: dict[str, Callable[[Tag], str]] = {
    "main-message-first": main_message_first,
    "summary-at-top": summary_at_top,
    "visuals-present": visuals_present,
    "visuals-described": visuals_described,
    "short-lists": short_lists,
    "tables-explained": tables_explained,
    "numbers-explained": numbers_explained,
    "tel-links": tel_links,
}


def check_page(html: str) -> dict[str, str]:
    """{item: pass / FAIL / -} for one page's HTML."""
    content = article(html)
    return {name: rule(content) for name, rule in ITEMS.items()}


def check_site(site: Path, pages: list[str]) -> dict[str, dict[str, str]]:
    return {page: check_page((site / page).read_text(encoding="utf-8")) for page in pages}


def required_failures(results: dict[str, dict[str, str]], required=REQUIRED, exempt=EXEMPT_PAGES) -> list[str]:
    return [
        f"{page}: {item}" for page, row in results.items() if page not in exempt
        for item in required if row.get(item) == FAIL
    ]


def table(results: dict[str, dict[str, str]], required=REQUIRED, exempt=EXEMPT_PAGES) -> str:
    names = list(ITEMS)
    results = {(f"({page})" if page in exempt else page): row for page, row in results.items()}
    width = max([len(p) for p in results] + [4])
    head = [f"{'Page':<{width}}", *[(n + "*" if n in required else n) for n in names]]
    lines = ["  ".join(head)]
    for page, row in results.items():
        cells = [f"{page:<{width}}", *[f"{row[n]:<{len(n) + (n in required)}}" for n in names]]
        lines.append("  ".join(cells).rstrip())
    passed = sum(v == PASS for row in results.values() for v in row.values())
    applicable = sum(v != NA for row in results.values() for v in row.values())
    lines.append(f"\n* required on every page not in brackets. - does not apply. {passed} of {applicable} applicable checks pass.")
    return "\n".join(lines)


def content_pages(docs: Path) -> list[str]:
    """Every page's built file name (use_directory_urls is off), from docs/."""
    return [p.relative_to(docs).with_suffix(".html").as_posix() for p in sorted(docs.rglob("*.md"))]


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=root / "site", help="the built site (default: site/)")
    args = parser.parse_args(argv)
    pages = [p for p in content_pages(root / "docs") if (args.site / p).is_file()]
    if not pages:
        print(f"No built pages in {args.site}: run `make site` first.", file=sys.stderr)
        return 2
    results = check_site(args.site, pages)
    print(table(results))
    failures = required_failures(results)
    if failures:
        print("\nRequired items failing (fix the page, then run `make pemat` again):")
        print("\n".join(f"  {f}" for f in failures))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
