"""scripts/abbreviations.py: a term's definition on its first use in each section."""

from __future__ import annotations

from scripts.abbreviations import first_use_only

CT = '<abbr title="A scan using X-rays.">CT</abbr>'
MRI = '<abbr title="A scan using magnets.">MRI</abbr>'


def test_first_use_in_each_section_keeps_its_definition_later_uses_are_plain():
    html = (f"<p>A {CT} scan, then an {MRI} and another {CT}.</p>"
            f'<h2 id="next">Next</h2><p>{CT} again, {CT} once more.</p><h3>Sub</h3><p>{MRI}</p>')
    assert first_use_only(html) == (
        f"<p>A {CT} scan, then an {MRI} and another CT.</p>"
        f'<h2 id="next">Next</h2><p>{CT} again, CT once more.</p><h3>Sub</h3><p>{MRI}</p>')


def test_a_page_without_abbreviations_is_unchanged():
    html = "<h2>Heading</h2><p>Plain <em>words</em>.</p>"
    assert first_use_only(html) == html
