"""Per-page content checks, parametrised so a failure names the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup

from scripts import content_rules
from scripts.readability import fk_grade
from scripts.references import load_references
from tests.content.conftest import DOCS, FACT_PAGES, PAGES, front_matter
from tests.helpers import ROOT

REFERENCES = load_references(ROOT / "data" / "references.yml")
TABLES_REQUIRED = {1, 3, 4, 5, 6}
MAX_GRADE = 8.0


def html(site, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel.replace(".md", ".html")).read_text(encoding="utf-8"), "html.parser")


def test_there_are_seven_fact_pages_numbered_1_to_7():
    assert [front_matter(p)["fact"] for p in FACT_PAGES] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("page", PAGES)
def test_front_matter_contract(page):
    problems = content_rules.check_front_matter(front_matter(page), today=dt.date.today(), reference_keys=REFERENCES)
    assert problems == []


@pytest.mark.parametrize("page", PAGES)
def test_review_panel_rendered(page, site):
    meta = front_matter(page)
    panel = html(site, page).select_one("aside.review-panel")
    assert panel is not None
    text = " ".join(panel.get_text().split())
    assert "Page last reviewed:" in text and "Next review due:" in text
    assert panel.select("time")[1]["datetime"] == str(meta["next_review"])
    notice = html(site, page).select_one(".review-notice[data-next-review]")
    assert notice is not None and notice.has_attr("hidden")


@pytest.mark.parametrize("page", FACT_PAGES)
def test_fact_page_structure(page, site):
    soup = html(site, page)
    article = soup.select_one("article")
    box = article.select_one(".admonition.key-fact")
    first_h2 = article.select_one("h2")
    assert box is not None, "no key-fact box"
    assert box.sourceline < first_h2.sourceline, "key-fact box must come before the first section"
    sources = article.select_one("details#sources")
    assert sources is not None, "no Sources list"
    links = sources.select("ul a[href^='references.html#ref-']")
    assert len(links) >= 3, "fewer than 3 sources"
    if front_matter(page)["fact"] in TABLES_REQUIRED:
        tables = article.select("table")
        assert tables and all(t.select("thead th") for t in tables), "needs a data table with a header row"


@pytest.mark.parametrize("page", FACT_PAGES)
def test_readability_grade(page, record_property):
    grade = fk_grade((DOCS / page).read_text(encoding="utf-8"))
    record_property("fk_grade", grade)
    print(f"{page}: Flesch-Kincaid grade {grade:.1f}")
    assert grade <= MAX_GRADE, f"{page}: grade {grade:.1f} is above {MAX_GRADE}"


def test_faq_has_20_questions_each_linking_to_a_fact_page(site):
    soup = html(site, "faq.md")
    fact_pages = {p.replace(".md", ".html") for p in FACT_PAGES}
    questions = [h for h in soup.select("article h2") if h.get("id") != "sources"]
    assert len(questions) >= 20
    problems = []
    for q in questions:
        answer = []
        for sib in q.find_next_siblings():
            if sib.name == "h2":
                break
            answer.append(sib)
        hrefs = {a.get("href", "").split("#")[0] for el in answer for a in el.select("a")}
        if not hrefs & fact_pages:
            problems.append(q.get_text(strip=True))
    assert problems == [], "answers without a link to a fact page"


def test_glossary_terms_have_anchors(site):
    terms = html(site, "glossary.md").select("article dl dt")
    assert len(terms) >= 35
    assert [t.get_text(strip=True) for t in terms if not t.get("id")] == []
    ids = [t["id"] for t in terms]
    assert len(ids) == len(set(ids))


def test_every_reference_is_used_and_every_used_key_defined():
    used = {k for p in PAGES for k in front_matter(p).get("sources", [])}
    assert sorted(used - set(REFERENCES)) == []
    assert content_rules.unused_references(REFERENCES, used) == []


def test_reference_list_entries(site):
    items = html(site, "references.md").select("ol.reference-list > li")
    assert [li["id"] for li in items] == [f"ref-{k.lower()}" for k in REFERENCES]
    for li in items:
        assert li.select("a[href^='http']"), f"{li['id']}: no link"


ABBREVIATION = re.compile(r"\*\[([^\]]+)\]: (\S.*)")


def test_abbreviations_are_well_formed_and_give_their_tooltips(site):
    """Every line of includes/abbreviations.md defines one term once; every <abbr> on
    the site shows its definition; and in each section (between <h2> headings) of a
    page's prose, a defined term is marked on its first use and only there
    (scripts/abbreviations.py). The reference list is written after Markdown, so
    abbreviations do not apply to it."""
    lines = [line for line in (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8").splitlines() if line.strip()]
    bad = [line for line in lines if not ABBREVIATION.fullmatch(line)]
    assert bad == [], f"not '*[TERM]: definition': {bad}"
    terms = [ABBREVIATION.fullmatch(line).groups() for line in lines]
    defined = dict(terms)
    assert len(defined) == len(terms), "a term is defined twice"
    problems, shown = [], 0
    for page in PAGES:
        article = html(site, page).select_one("article")
        # Change notes are data (data/changes.yml) put in by the template after Markdown,
        # like the reference list, so abbreviations do not apply to them either.
        for generated in article.select(".review-panel, .change-summary, .change-list"):
            generated.decompose()
        for number, section in enumerate(re.split(r"(?=<h2[\s>])", str(article))):
            part = BeautifulSoup(section, "html.parser")
            marked = [abbr.get_text() for abbr in part.select("abbr")]
            shown += len(marked)
            for abbr in part.select("abbr"):
                if abbr.get("title") != defined.get(abbr.get_text()):
                    problems.append(f"{page}: <abbr>{abbr.get_text()}</abbr> title {abbr.get('title')!r}")
                abbr.decompose()
            problems += [f"{page} section {number}: {t!r} marked more than once" for t in set(marked)
                         if marked.count(t) > 1]
            if page == "references.md":
                continue
            first = part.get_text(" ")
            problems += [f"{page} section {number}: {term!r} is used but not marked as an abbreviation"
                         for term in defined if term not in marked
                         and re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", first)]
    assert shown and problems == [], "\n".join(problems)


def test_no_wording_copied_from_the_seed_article():
    seed_path = ROOT.parent / "shared" / "seed" / "source-article.txt"
    if not seed_path.exists():
        pytest.skip("shared/seed not present")
    words = lambda t: re.findall(r"[a-z0-9']+", t.lower())  # noqa: E731
    seed = words(seed_path.read_text(encoding="utf-8"))
    grams = {tuple(seed[i:i + 8]) for i in range(len(seed) - 7)}
    copied = []
    for page in [*PAGES, *(p.name for p in (ROOT / "includes").rglob("*.md"))]:
        path = DOCS / page if (DOCS / page).exists() else next((ROOT / "includes").rglob(page))
        w = words(path.read_text(encoding="utf-8"))
        hits = [" ".join(w[i:i + 8]) for i in range(len(w) - 7) if tuple(w[i:i + 8]) in grams]
        if hits:
            copied.append(f"{page}: {hits[0]}")
    assert copied == []


@pytest.mark.parametrize("page", FACT_PAGES)
def test_sources_list_is_collapsed_counted_and_out_of_search(page, site):
    """Issue 10 §4: "Sources (N)", closed until the reader opens it, not in search."""
    block = html(site, page).select_one("article details#sources")
    assert block is not None and not block.has_attr("open")
    keys = set(front_matter(page)["sources"])
    assert block.select_one("summary").get_text(strip=True) == f"Sources ({len(keys)})"
    assert len(block.select("li[id^='source-r']")) == len(keys)
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f'"location":"{page.replace(".md", ".html")}#sources"' not in index
    assert "This page is based on these sources" not in _page_index_text(index, page)


def _page_index_text(index: str, page: str) -> str:
    import json

    docs = json.loads(index)["docs"]
    return " ".join(d["text"] for d in docs if d["location"].split("#")[0] == page.replace(".md", ".html"))


@pytest.mark.parametrize("page", PAGES)
def test_section_source_links_land_in_the_pages_own_list(page, site):
    soup = html(site, page)
    lines = soup.select("article p.section-sources")
    ids = {e["id"] for e in soup.select("[id]")}
    for line in lines:
        for a in line.select("a"):
            assert a["href"][1:] in ids, f"{a['href']} has no entry in the Sources list"
            entry = soup.select_one(a["href"])
            assert entry.get_text().startswith(a.get_text()), f"{a.get_text()} does not match {entry.get_text()[:20]}"


def test_no_placeholder_authors_dates_or_double_full_stops_rendered(site):
    text = " ".join(html(site, "references.md").select_one("article").get_text().split())
    for bad in ("Authors not recorded", "et al..", "undated"):
        assert bad not in text
    for page in FACT_PAGES:
        block = html(site, page).select_one("details#sources").get_text()
        assert "Authors not recorded" not in block and "et al.." not in block


NEW_PAGES = ("everyday-life.md", "questions-to-ask.md", "symptom-diary.md")


@pytest.mark.parametrize("page", NEW_PAGES)
def test_new_pages_exist_in_the_nav_and_the_whole_guide(page, site):
    meta = front_matter(page)
    assert content_rules.check_front_matter(meta, today=dt.date.today(), reference_keys=REFERENCES) == []
    assert str(meta["last_reviewed"]) == "2026-12-02"
    nav = html(site, "index.md").select("nav.md-nav--primary a[href]")
    assert page.replace(".md", ".html") in {a["href"] for a in nav}, "not in the nav"
    assert page in front_matter("print-guide.md")["assemble"]
    assert html(site, page).select_one("article h1").get_text(strip=True).startswith(meta["title"])


def test_charity_phone_links_dial_the_number_shown(site):
    links = html(site, "everyday-life.md").select("article a[href^='tel:']")
    assert len(links) >= 2
    for a in links:
        assert re.sub(r"\D", "", a.get_text()) == a["href"].removeprefix("tel:"), a


def test_questions_each_link_to_the_page_that_explains_them(site):
    items = html(site, "questions-to-ask.md").select("article .question-list li")
    questions = [li for li in items if "?" in li.get_text()]
    assert len(questions) >= 16
    assert [li.get_text()[:40] for li in questions if not li.select("a[href$='.html'], a[href*='.html#']")] == []
