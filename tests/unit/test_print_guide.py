"""scripts/print_guide.py: joining rendered pages into one printable document."""

from __future__ import annotations

from bs4 import BeautifulSoup

from scripts.print_guide import Part, assemble, rewrite_part

A = Part("how-common.md", "How common is it?", (
    '<h2 id="facts">Facts<a class="headerlink" href="#facts">¶</a></h2>'
    '<p>See <a href="#more">below</a>, <a href="faq.html#bone-pain">pain</a>, <a href="faq.html">the FAQ</a>, '
    '<a href="glossary.html#ctx">CTX</a>, <a href="https://example.org/a.html#x">out</a>, '
    '<a href="tel:999">999</a>.</p><h3 id="more">More</h3><hr>'
))
B = Part("faq.md", "Questions & answers", '<h2 id="bone-pain">Bone pain</h2><label for="x">x</label>')


def test_ids_are_prefixed_and_headings_move_down_one_level():
    html = rewrite_part(A)
    soup = BeautifulSoup(html, "html.parser")
    assert [(h.name, h["id"]) for h in soup.select("h3, h4")] == [("h3", "how-common--facts"), ("h4", "how-common--more")]
    assert "<hr>" in html


def test_links_within_a_page_follow_its_ids_and_permalinks_go():
    soup = BeautifulSoup(rewrite_part(A), "html.parser")
    assert soup.select(".headerlink") == []
    assert [a["href"] for a in soup.select("a")] == [
        "#how-common--more", "faq.html#bone-pain", "faq.html", "glossary.html#ctx", "https://example.org/a.html#x",
        "tel:999",
    ]


def test_assemble_gives_contents_then_titled_sections_in_order():
    soup = BeautifulSoup(assemble([A, B]), "html.parser")
    assert [a["href"] for a in soup.select("nav a")] == ["#how-common", "#faq"]
    sections = soup.select("section.print-guide__part")
    assert [s["id"] for s in sections] == ["how-common", "faq"]
    assert [s.h2.get_text() for s in sections] == ["How common is it?", "Questions & answers"]
    assert sections[1].label["for"] == "faq--x"
    ids = [e["id"] for e in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert all(a["href"][1:] in ids for a in soup.select("a[href^='#']"))
