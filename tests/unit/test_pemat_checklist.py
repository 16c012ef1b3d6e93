"""The automatable PEMAT-P / CDC Clear Communication items (scripts/pemat_checklist.py)."""

from __future__ import annotations

import pytest

from scripts.pemat_checklist import FAIL, NA, PASS, check_page, main, required_failures, table


def page(body: str) -> str:
    return f'<html><body><nav><ul>{"<li>x</li>" * 20}</ul></nav><article class="md-content__inner"><h1>Title</h1>{body}</article></body></html>'


KEY_FACT = '<div class="admonition key-fact"><p class="admonition-title">Key fact</p><p>One thing. Two things.</p></div>'
FIGURE = '<figure><img alt="A skeleton" src="a.svg"><figcaption>The bones.</figcaption></figure>'


def test_a_good_page_passes_every_item():
    html = page(
        KEY_FACT + "<h2 id='a'>A</h2>" + FIGURE
        + "<p>How to read this table: one row per test.</p><table><tr><td>1</td></tr></table>"
        + "<ul><li>a</li><li>b</li></ul><p>About 31 in 100 (31%) people.</p>"
        + '<p>Call <a href="tel:999">999</a> now.</p>'
    )
    assert check_page(html) == {name: PASS for name in check_page(html)}


@pytest.mark.parametrize("body", [
    "<p>Intro first.</p>" + KEY_FACT,                       # box is not the first block
    "<h2 id='a'>A</h2>" + KEY_FACT,                        # a section heading comes first
    '<div class="admonition note"><p>Note.</p></div>',      # a box, but not the main message
])
def test_main_message_must_come_first(body):
    assert check_page(page(body))["main-message-first"] == FAIL


def test_a_long_summary_is_not_a_summary():
    long_box = '<div class="admonition key-fact"><p class="admonition-title">Key fact</p><p>' + "A short one. " * 4 + "</p></div>"
    assert check_page(page(long_box))["main-message-first"] == PASS
    assert check_page(page(long_box))["summary-at-top"] == FAIL


def test_visuals_need_alt_text_and_captions():
    assert check_page(page(KEY_FACT))["visuals-present"] == FAIL
    assert check_page(page(KEY_FACT))["visuals-described"] == NA
    assert check_page(page(FIGURE))["visuals-described"] == PASS
    assert check_page(page('<figure><img alt="" src="a.svg"><figcaption>C</figcaption></figure>'))["visuals-described"] == FAIL
    assert check_page(page('<figure><img alt="A" src="a.svg"></figure>'))["visuals-described"] == FAIL
    svg = '<figure><svg role="img"><title>{}</title></svg><figcaption>C</figcaption></figure>'
    assert check_page(page(svg.format("100 people")))["visuals-present"] == PASS
    assert check_page(page(svg.format("")))["visuals-described"] == FAIL


def test_lists_of_more_than_7_fail_but_sources_and_menus_do_not_count():
    eight = "<ul>" + "<li>x</li>" * 8 + "</ul>"
    seven = "<ol>" + "<li>x</li>" * 7 + "</ol>"
    assert check_page(page(seven))["short-lists"] == PASS
    assert check_page(page(eight))["short-lists"] == FAIL
    assert check_page(page(seven + '<h2 id="sources">Sources</h2><p>These.</p>' + eight))["short-lists"] == PASS
    assert check_page(page(seven + '<h2 id="treatment--sources">Sources</h2>' + eight))["short-lists"] == PASS
    assert check_page(page('<ol class="reference-list">' + "<li>r</li>" * 9 + "</ol>"))["short-lists"] == NA
    # Items of a nested list are not counted as the outer list's.
    nested = "<ul>" + "<li>a<ul>" + "<li>b</li>" * 5 + "</ul></li>" * 5 + "</ul>"
    assert check_page(page(nested))["short-lists"] == PASS


def test_tables_need_a_line_before_them():
    table_html = "<table><tr><td>1</td></tr></table>"
    assert check_page(page("<p>Each row is one test.</p>" + table_html))["tables-explained"] == PASS
    assert check_page(page("<h2 id='t'>Tests</h2>" + table_html))["tables-explained"] == FAIL
    assert check_page(page(table_html))["tables-explained"] == FAIL
    assert check_page(page("<p>Read across.</p><div class='md-typeset__scrollwrap'><div>" + table_html + "</div></div>"))["tables-explained"] == PASS
    assert check_page(page("<p>x</p>"))["tables-explained"] == NA


def test_percentages_need_a_frequency_in_words():
    assert check_page(page("<p>About 70% of people.</p>"))["numbers-explained"] == FAIL
    assert check_page(page("<p>About 70% (7 in 10) of people.</p>"))["numbers-explained"] == PASS
    assert check_page(page("<p>About 10 to 20 in every 100 people.</p>"))["numbers-explained"] == PASS
    assert check_page(page("<p>No numbers.</p>"))["numbers-explained"] == NA


def test_calls_to_phone_need_a_tel_link():
    assert check_page(page("<p>Call your helpline today.</p>"))["tel-links"] == FAIL
    assert check_page(page('<p>Call <a href="tel:999">999</a>.</p>'))["tel-links"] == PASS
    assert check_page(page("<p>Doctors call this a fracture.</p>"))["tel-links"] == NA


def test_required_failures_skip_exempt_pages_and_targets():
    results = {
        "a.html": {"short-lists": FAIL, "summary-at-top": FAIL},
        "about.html": {"short-lists": FAIL},
    }
    assert required_failures(results) == ["a.html: short-lists"]
    text = table({"a.html": {name: PASS for name in check_page(page(""))}})
    assert "short-lists*" in text and "summary-at-top*" not in text


def test_command_exits_1_on_a_required_failure(tmp_path, capsys):
    (tmp_path / "treatment.html").write_text(page(KEY_FACT + "<ul>" + "<li>x</li>" * 9 + "</ul>"), encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "treatment.html: short-lists" in out
    (tmp_path / "treatment.html").write_text(page(KEY_FACT + "<ul><li>x</li></ul>"), encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    assert main([str(tmp_path / "missing")]) == 2
