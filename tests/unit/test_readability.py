"""Body text extraction for the readability grade."""

from __future__ import annotations

from scripts.readability import body_text, fk_grade


def test_tables_front_matter_and_markup_are_removed():
    page = "---\ntitle: x\n---\n\n## Heading\n\nA short line\nthat wraps.\n\n| a | b |\n|---|---|\n| long words everywhere | y |\n\n- item [link](page.md)\n"
    text = body_text(page)
    assert "long words" not in text and "title" not in text and "page.md" not in text
    assert "A short line that wraps." in text
    assert "Heading." in text and "item link." in text


def test_the_grade_ignores_tables_code_and_front_matter():
    """Only prose is graded: dense words in a table, a code block or the front matter
    leave a plain page's grade where it was."""
    plain = "The cat sat on the mat. It was warm. The sun was out.\n"
    dense = "pharmacological osteoclastic heterogeneity interventions"
    padded = (f"---\ndescription: {dense}\n---\n\n{plain}\n| a | b |\n|---|---|\n| {dense} | x |\n\n"
              f"```\n{dense}\n```\n")
    assert fk_grade(padded) == fk_grade(plain)
    assert fk_grade(plain + f"\nThe {dense} were compared.\n") > fk_grade(plain)


def test_snippet_include_lines_are_not_text():
    assert "8<" not in body_text('Intro text.\n\n--8<-- "cards/high-calcium.md"\n')


def test_section_source_lines_are_not_prose():
    from scripts.readability import body_text

    text = body_text("## Pain\n\nPain can be eased.\n\nSources for this section: R22, R25\n")
    assert "R22" not in text and "Sources for this section" not in text
    assert "Pain can be eased." in text
