"""Metadata for search engines and social cards, checked against the built site
(built for http://127.0.0.1:<port>/some/sub/path/) and against what the reader sees.

Each test collects a list of problems over every page, so a failure is a to-do list.
"""

from __future__ import annotations

import gzip
import json
import struct
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.content.conftest import PAGES, front_matter
from tests.helpers import site_config

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


CONFIG = site_config()


def built_name(page: str) -> str:
    return page[: -len(".md")] + ".html"


def soup(site, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / built_name(page)).read_text(encoding="utf-8"), "html.parser")


def meta_content(doc: BeautifulSoup, key: str) -> str | None:
    tag = doc.find("meta", attrs={"property": key}) or doc.find("meta", attrs={"name": key})
    return tag.get("content") if tag else None


def json_ld(doc: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in doc.find_all("script", type="application/ld+json")]


def node_of_type(nodes: list[dict], wanted: str) -> dict | None:
    for node in nodes:
        types = node.get("@type")
        if wanted == types or (isinstance(types, list) and wanted in types):
            return node
    return None


def visible(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def docs(site):
    return {page: soup(site, page) for page in PAGES}


def test_meta_description_is_the_front_matter_description(docs):
    """Escaped properly: a description containing quotes must survive intact."""
    problems = []
    for page, doc in docs.items():
        wanted = front_matter(page)["description"]
        for key in ("description", "og:description", "twitter:description"):
            if meta_content(doc, key) != wanted:
                problems.append(f"{page}: {key} is {meta_content(doc, key)!r}, front matter says {wanted!r}")
    assert problems == []


def test_canonical_and_og_url_are_absolute_under_the_sub_path(docs, site_url):
    problems = []
    for page, doc in docs.items():
        expected = site_url + built_name(page)
        canonical = doc.find("link", rel="canonical")
        if canonical is None or canonical.get("href") != expected:
            problems.append(f"{page}: canonical {canonical and canonical.get('href')!r}, expected {expected!r}")
        if meta_content(doc, "og:url") != expected:
            problems.append(f"{page}: og:url {meta_content(doc, 'og:url')!r}, expected {expected!r}")
    assert problems == []


def test_open_graph_and_twitter_tags(docs, site, site_url):
    problems = []
    for page, doc in docs.items():
        meta = front_matter(page)
        expected = {
            "og:title": meta["title"],
            "twitter:title": meta["title"],
            "og:type": "website" if page == "index.md" else "article",
            "og:site_name": CONFIG["site_name"],
            "og:locale": "en_GB",
            "twitter:card": "summary_large_image",
            "og:image:width": "1200",
            "og:image:height": "630",
        }
        for key, value in expected.items():
            if meta_content(doc, key) != value:
                problems.append(f"{page}: {key} is {meta_content(doc, key)!r}, expected {value!r}")
        for key in ("og:image", "twitter:image"):
            url = meta_content(doc, key) or ""
            if not url.startswith(site_url):
                problems.append(f"{page}: {key} {url!r} is not an absolute URL under {site_url}")
        if meta_content(doc, "og:image:alt") in (None, ""):
            problems.append(f"{page}: og:image:alt is missing")
    assert problems == []


def test_share_image_is_a_local_1200x630_png(docs, site, site_url):
    urls = {meta_content(doc, "og:image") for doc in docs.values()}
    assert len(urls) == 1, urls
    image = site / urls.pop()[len(site_url):]
    data = image.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{image} is not a PNG"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)
    assert len(data) < 100_000, f"{image} is {len(data)} bytes: keep the share image small"


def test_html_lang_agrees_with_the_content_language(docs):
    problems = []
    for page, doc in docs.items():
        lang = doc.html.get("lang") or ""
        page_data = node_of_type(json_ld(doc), "MedicalWebPage") or {}
        in_language = page_data.get("inLanguage", "")
        if not lang or lang.split("-")[0] != in_language.split("-")[0]:
            problems.append(f"{page}: <html lang={lang!r}> but inLanguage {in_language!r}")
    assert problems == []


def test_medical_web_page_json_ld_matches_the_page(docs, site_url):
    """Every page: MedicalWebPage built from its front matter, agreeing with what is shown."""
    problems = []
    for page, doc in docs.items():
        meta = front_matter(page)
        data = node_of_type(json_ld(doc), "MedicalWebPage")
        if data is None:
            problems.append(f"{page}: no MedicalWebPage JSON-LD")
            continue
        panel_time = doc.select_one("aside.review-panel time")
        panel_text = visible(doc.select_one("aside.review-panel").get_text()) if panel_time else ""
        expected = {
            "@context": "https://schema.org",
            "name": meta["title"],
            "description": meta_content(doc, "description"),
            "url": site_url + built_name(page),
            "inLanguage": "en-GB",
            "lastReviewed": str(meta["last_reviewed"]),
            "specialty": "https://schema.org/Oncologic",
        }
        for key, value in expected.items():
            if data.get(key) != value:
                problems.append(f"{page}: {key} is {data.get(key)!r}, expected {value!r}")
        if panel_time is None or data.get("lastReviewed") != panel_time.get("datetime"):
            problems.append(f"{page}: lastReviewed {data.get('lastReviewed')!r} differs from the review panel")
        reviewer = data.get("reviewedBy") or {}
        if reviewer.get("@type") not in ("Organization", "Person") or reviewer.get("name") != meta["reviewed_by"]:
            problems.append(f"{page}: reviewedBy {reviewer!r} does not name {meta['reviewed_by']!r}")
        elif f"Reviewed by: {reviewer['name']}" not in panel_text:
            problems.append(f"{page}: reviewer {reviewer['name']!r} is not the one shown in the review panel")
        about = data.get("about") or {}
        wanted_about = {
            "@type": "MedicalCondition",
            "name": CONFIG["extra"]["structured_data"]["condition"],
            "code": {"@type": "MedicalCode", "codeValue": CONFIG["extra"]["structured_data"]["condition_code"],
                     "codingSystem": "ICD-10"},
        }
        if about != wanted_about:
            problems.append(f"{page}: about is {about!r}, expected {wanted_about!r}")
        if data.get("medicalAudience") != {"@type": "MedicalAudience", "audienceType": "Patient"}:
            problems.append(f"{page}: medicalAudience is {data.get('medicalAudience')!r}")
    assert problems == []


def visible_faq(doc: BeautifulSoup) -> list[tuple[str, str]]:
    """Each question heading the reader sees and the text below it, up to the next one."""
    article = doc.select_one("article")
    entries = []
    for h2 in article.find_all("h2"):
        question = visible("".join(
            text for text in h2.find_all(string=True) if not text.find_parent("a", class_="headerlink")
        ))
        if question == "Sources":
            continue
        parts = []
        for sibling in h2.find_next_siblings():
            if sibling.name == "h2":
                break
            parts.append(sibling.get_text())
        entries.append((question, visible(" ".join(parts))))
    return entries


def test_faq_page_json_ld_has_the_visible_questions_and_answers(docs):
    doc = docs["faq.md"]
    data = node_of_type(json_ld(doc), "FAQPage")
    assert data is not None, "faq.html has no FAQPage JSON-LD"
    seen = visible_faq(doc)
    assert len(seen) >= 10, "the FAQ page should have its questions as ## headings"
    given = []
    for item in data.get("mainEntity", []):
        answer = item.get("acceptedAnswer") or {}
        assert item.get("@type") == "Question" and answer.get("@type") == "Answer", item
        given.append((item.get("name"), answer.get("text")))
    missing = [f"shown but not in JSON-LD: {q!r}: {a[:80]!r}..." for q, a in seen if (q, a) not in given]
    extra = [f"in JSON-LD but not shown: {q!r}: {a[:80]!r}..." for q, a in given if (q, a) not in seen]
    assert missing + extra == []
    assert [q for q, _ in given] == [q for q, _ in seen], "questions are in a different order"


def test_faq_page_only_on_the_faq_page_and_website_only_on_the_home_page(docs):
    problems = []
    for page, doc in docs.items():
        nodes = json_ld(doc)
        if (node_of_type(nodes, "FAQPage") is not None) != (page == "faq.md"):
            problems.append(f"{page}: FAQPage JSON-LD {'present' if page != 'faq.md' else 'missing'}")
        if (node_of_type(nodes, "WebSite") is not None) != (page == "index.md"):
            problems.append(f"{page}: WebSite JSON-LD {'present' if page != 'index.md' else 'missing'}")
    assert problems == []


def test_home_page_website_json_ld(docs, site_url):
    doc = docs["index.md"]
    data = node_of_type(json_ld(doc), "WebSite")
    assert data == {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": CONFIG["site_name"],
        "url": site_url,
        "description": CONFIG["site_description"],
        "inLanguage": "en-GB",
    }
    assert visible(doc.title.get_text()) == data["name"]


def test_every_json_ld_block_in_the_site_is_valid_json(site):
    problems = []
    for path in sorted(site.rglob("*.html")):
        for script in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(
            "script", type="application/ld+json"
        ):
            try:
                json.loads(script.string)
            except (TypeError, ValueError) as err:
                problems.append(f"{path.relative_to(site)}: {err}")
    assert problems == []


def test_404_page_has_no_page_data_and_is_not_indexed(site):
    doc = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert json_ld(doc) == []
    assert meta_content(doc, "robots") == "noindex"
    assert meta_content(doc, "og:url") is None


def test_sitemap_lists_every_page_with_lastmod_from_last_reviewed(site, site_url):
    xml = (site / "sitemap.xml").read_bytes()
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == xml
    root = ET.fromstring(xml)
    found = {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
        for url in root.findall("sm:url", SITEMAP_NS)
    }
    expected = {site_url + built_name(page): str(front_matter(page)["last_reviewed"]) for page in PAGES}
    problems = [f"{loc}: lastmod {found.get(loc)!r}, expected {lastmod!r}" for loc, lastmod in expected.items()
                if found.get(loc) != lastmod]
    problems += [f"{loc}: in the sitemap but not a page" for loc in found if loc not in expected]
    assert problems == []


def test_robots_txt_allows_all_and_points_at_the_sitemap(site, site_url):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert not any(line.startswith("Disallow:") and line.strip() != "Disallow:" for line in lines)
    assert f"Sitemap: {site_url}sitemap.xml" in lines
