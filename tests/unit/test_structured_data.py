"""scripts/structured_data.py: FAQ extraction, reviewer type, robots.txt."""

from __future__ import annotations

from scripts.structured_data import check_faq_entries, faq_entries, reviewer_type, robots_txt

FAQ_HTML = """
<h1>Frequently asked questions</h1>
<p>An introduction, not an answer.</p>
<h2 id="is-it-serious">Is it serious?<a class="headerlink" href="#is-it-serious" title="Link">&para;</a></h2>
<p>It can be.
Call <a href="tel:999">999</a> or go to <abbr title="Accident and emergency">A&amp;E</abbr>.</p>
<p>More: <a href="symptoms.html">Symptoms</a>.</p>
<h2 id="what-helps">What <em>helps</em>?<a class="headerlink" href="#what-helps">&para;</a></h2>
<ul>
<li>rest</li>
<li>painkillers<br>as advised</li>
</ul>
<script>var hidden = "not visible";</script>
<h2 id="sources">Sources<a class="headerlink" href="#sources">&para;</a></h2>
<ul><li>[1] A source.</li></ul>
"""


def test_each_h2_is_a_question_and_the_text_below_is_its_answer():
    assert faq_entries(FAQ_HTML) == [
        {
            "id": "is-it-serious",
            "question": "Is it serious?",
            "answer": "It can be. Call 999 or go to A&E. More: Symptoms.",
        },
        {"id": "what-helps", "question": "What helps?", "answer": "rest painkillers as advised"},
    ]


def test_generated_sources_section_is_not_a_question():
    questions = [e["question"] for e in faq_entries(FAQ_HTML)]
    assert "Sources" not in questions
    # ...matched by heading text too, in case the id changes
    html = '<h2 id="refs">Sources</h2><p>[1] A source.</p><h2 id="q">Why?</h2><p>Because.</p>'
    assert [e["id"] for e in faq_entries(html)] == ["q"]


def test_nested_headerlink_and_script_text_are_not_visible():
    html = '<h2 id="q">Why?<a class="headerlink" href="#q"><span>&para;</span></a></h2><p>A</p><script>x</script><p>B</p>'
    assert faq_entries(html) == [{"id": "q", "question": "Why?", "answer": "A B"}]


def test_a_page_without_h2_has_no_questions():
    assert faq_entries("<p>Just text.</p>") == []


def test_check_faq_entries_reports_missing_answers_and_non_questions():
    entries = [
        {"id": "a", "question": "Is it serious?", "answer": "Yes."},
        {"id": "b", "question": "Why?", "answer": ""},
        {"id": "c", "question": "Emergency numbers", "answer": "999."},
    ]
    assert check_faq_entries(entries) == [
        "question 'Why?' has no answer text below it",
        "heading 'Emergency numbers' is not a question (end it with '?')",
    ]
    assert check_faq_entries(entries[:1]) == []
    assert check_faq_entries([]) == ["no questions found: write each question as a '## ' heading"]


def test_reviewer_type():
    assert reviewer_type("Editorial team (evidence check against the sources listed)") == "Organization"
    assert reviewer_type("Breast care nurses' group") == "Organization"
    assert reviewer_type("NHS acute oncology service") == "Organization"
    assert reviewer_type("Dr A Jones, consultant oncologist") == "Person"
    assert reviewer_type("Consultant clinical oncologist") == "Person"


def test_robots_txt_allows_all_and_names_the_absolute_sitemap():
    assert robots_txt("https://example.org/sub/path/") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sub/path/sitemap.xml\n"
    )
    assert robots_txt("https://example.org/sub").endswith("Sitemap: https://example.org/sub/sitemap.xml\n")
    assert "Sitemap" not in robots_txt(None)
