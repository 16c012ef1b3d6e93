"""Data for search engines, derived from what the reader sees (no MkDocs import).

- `faq_entries`: the FAQ page's questions and answers, read from its rendered HTML, so
  the FAQPage JSON-LD can never drift from the visible page;
- `reviewer_type`: whether `reviewed_by` names an Organization or a Person;
- `robots_txt`: robots.txt for a deployment, pointing at its sitemap.

The JSON-LD itself is assembled in overrides/main.html from front matter.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Headings the build adds after the questions: not questions.
NOT_QUESTIONS = frozenset({"sources"})

# Tags whose edges separate words in the visible text (a paragraph break, a list item).
_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
    "blockquote", "details", "summary", "h3", "h4", "h5", "h6", "br", "hr", "aside", "section",
})
# Never visible as text.
_SKIP_TAGS = frozenset({"script", "style", "template"})

_ORGANISATION_WORDS = re.compile(
    r"\b(team|group|board|panel|committee|department|service|unit|trust|hospital|"
    r"charity|network|council|society|college|association|editorial|editors|staff|nhs)\b",
    re.I,
)


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (source line breaks) into single spaces."""
    return " ".join(text.split())


class _FaqParser(HTMLParser):
    """Collects each <h2> (minus its permalink) and the visible text up to the next <h2>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[dict] = []  # {"id", "question": [text], "answer": [text]}
        self._in_h2 = False
        self._skip: str | None = None  # tag whose text is not visible (permalink, script)
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._skip:
            self._skip_depth += tag == self._skip
            return
        if tag in _SKIP_TAGS or (tag == "a" and "headerlink" in (attrs.get("class") or "").split()):
            self._skip, self._skip_depth = tag, 1
        elif tag == "h2":
            self._in_h2 = True
            self.sections.append({"id": attrs.get("id") or "", "question": [], "answer": []})
        elif tag in _BLOCK_TAGS:
            self._add(" ")

    def handle_startendtag(self, tag, attrs):
        if not self._skip and tag in _BLOCK_TAGS:
            self._add(" ")

    def handle_endtag(self, tag):
        if self._skip:
            self._skip_depth -= tag == self._skip
            if self._skip_depth == 0:
                self._skip = None
        elif tag == "h2":
            self._in_h2 = False
        elif tag in _BLOCK_TAGS:
            self._add(" ")

    def handle_data(self, data):
        if not self._skip:
            self._add(data)

    def _add(self, text):
        if not self.sections:
            return  # the introduction before the first question
        self.sections[-1]["question" if self._in_h2 else "answer"].append(text)


def faq_entries(html: str, exclude: frozenset[str] = NOT_QUESTIONS) -> list[dict[str, str]]:
    """Each `<h2>` is a question; the visible text until the next `<h2>` is its answer.

    Returns [{"id", "question", "answer"}] in page order, with whitespace collapsed.
    Sections whose heading id or text is in `exclude` (compared in lower case), such
    as the generated "Sources" list, are left out.
    """
    parser = _FaqParser()
    parser.feed(html)
    parser.close()
    entries = []
    for section in parser.sections:
        question = normalise_space("".join(section["question"]))
        if section["id"].lower() in exclude or question.lower() in exclude:
            continue
        entries.append({
            "id": section["id"],
            "question": question,
            "answer": normalise_space("".join(section["answer"])),
        })
    return entries


def check_faq_entries(entries: list[dict[str, str]]) -> list[str]:
    """Problems that would make the FAQPage data invalid or misleading."""
    problems = []
    if not entries:
        problems.append("no questions found: write each question as a '## ' heading")
    for entry in entries:
        if not entry["answer"]:
            problems.append(f"question '{entry['question']}' has no answer text below it")
        if not entry["question"].endswith("?"):
            problems.append(f"heading '{entry['question']}' is not a question (end it with '?')")
    return problems


def reviewer_type(reviewed_by: str) -> str:
    """The schema.org type for `reviewed_by`: Organization for a team or body
    ("Editorial team", "Breast care nurses' group"), otherwise Person (a named
    reviewer such as "Dr A Jones, consultant oncologist")."""
    return "Organization" if _ORGANISATION_WORDS.search(str(reviewed_by)) else "Person"


def robots_txt(site_url: str | None, sitemap: str = "sitemap.xml") -> str:
    """Allow every crawler, and point at the sitemap by its absolute URL (crawlers
    ignore a relative one, so without a site URL the line is left out)."""
    text = "User-agent: *\nAllow: /\n"
    if site_url:
        base = site_url if site_url.endswith("/") else site_url + "/"
        text += f"\nSitemap: {base}{sitemap}\n"
    return text
