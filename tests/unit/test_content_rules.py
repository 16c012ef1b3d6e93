"""The front-matter contract and other content rules, on tiny fixtures."""

from __future__ import annotations

import datetime as dt

import pytest

from scripts import content_rules as rules

TODAY = dt.date(2026, 11, 25)
GOOD = {
    "title": "How common is it?",
    "description": "How often breast cancer spreads to the bones.",
    "last_reviewed": dt.date(2026, 11, 25),
    "next_review": dt.date(2027, 11, 25),
    "reviewed_by": "Editorial team",
    "fact": 1,
    "sources": ["R1", "R2", "R3"],
}
KEYS = {"R1", "R2", "R3"}


def check(**changes):
    meta = {**GOOD, **changes}
    meta = {k: v for k, v in meta.items() if v is not ...}
    return rules.check_front_matter(meta, today=TODAY, reference_keys=KEYS)


def test_good_page_has_no_problems():
    assert check() == []


@pytest.mark.parametrize("field", rules.REQUIRED_FIELDS)
def test_each_required_field(field):
    problems = check(**{field: ...})
    assert any(f"missing '{field}'" in p for p in problems), problems


def test_blank_string_counts_as_missing():
    assert any("missing 'reviewed_by'" in p for p in check(reviewed_by="  "))


def test_description_at_most_160_characters():
    assert check(description="x" * 160) == []
    assert any("160" in p for p in check(description="x" * 161))


@pytest.mark.parametrize("value", ["25/11/2026", "2026-13-01", "soon", 20261125])
def test_malformed_dates(value):
    assert any("YYYY-MM-DD" in p for p in check(last_reviewed=value))


def test_dates_as_strings_are_accepted():
    assert check(last_reviewed="2026-11-25", next_review="2027-11-25") == []


def test_next_review_must_follow_last_reviewed():
    assert any("must be after" in p for p in check(next_review=dt.date(2026, 1, 1), last_reviewed=dt.date(2026, 6, 1)))


def test_next_review_at_most_3_years_later():
    assert check(last_reviewed=dt.date(2026, 1, 1), next_review=dt.date(2029, 1, 1)) == []
    assert any("3 years" in p for p in check(last_reviewed=dt.date(2026, 1, 1), next_review=dt.date(2029, 1, 3)))


def test_expired_review_date_fails():
    problems = check(last_reviewed=dt.date(2023, 1, 1), next_review=dt.date(2026, 11, 24))
    assert any("has passed" in p for p in problems)


def test_review_due_today_is_not_yet_expired():
    assert check(last_reviewed=dt.date(2025, 11, 25), next_review=TODAY) == []


def test_last_reviewed_in_the_future():
    assert any("future" in p for p in check(last_reviewed=dt.date(2026, 12, 1), next_review=dt.date(2027, 1, 1)))


def test_fact_pages_need_sources():
    assert any("missing 'sources'" in p for p in check(sources=...))
    assert any("at least 3" in p for p in check(sources=["R1", "R2"]))


def test_other_pages_may_omit_sources():
    assert check(fact=..., sources=...) == []


def test_unknown_reference_key():
    assert any("unknown reference key 'R99'" in p for p in check(sources=["R1", "R2", "R3", "R99"]))


def test_repeated_reference_key():
    assert any("more than once" in p for p in check(sources=["R1", "R2", "R3", "R1"]))


@pytest.mark.parametrize("fact", [0, 8, "3", True])
def test_fact_number_range(fact):
    assert any("'fact'" in p for p in check(fact=fact))


def test_unused_references():
    assert rules.unused_references(["R1", "R2", "R3"], {"R1", "R3"}) == ["R2"]


def test_front_matter_error_explains_yaml_problems():
    assert rules.front_matter_error("---\ntitle: ok\n---\nbody") is None
    assert "not valid YAML" in rules.front_matter_error("---\ntitle: : [x\n---\nbody")
    assert "not closed" in rules.front_matter_error("---\ntitle: x\nbody")
    assert "no front matter" in rules.front_matter_error("# Just a heading\n")


def test_fact_page_needs_key_fact_box_first():
    assert rules.check_fact_page("/// key-fact | Key fact\nx\n///\n\n## One\n") == []
    assert rules.check_fact_page("## One\n\n/// key-fact | Key fact\nx\n///\n")
    assert rules.check_fact_page("## One\n")


def test_review_due():
    assert rules.review_due(GOOD, today=TODAY, within_days=400) == dt.date(2027, 11, 25)
    assert rules.review_due(GOOD, today=TODAY, within_days=30) is None


def test_read_front_matter():
    assert rules.read_front_matter("---\ntitle: A\nfact: 2\n---\nbody") == {"title": "A", "fact": 2}
    assert rules.read_front_matter("no front matter") == {}
    assert rules.read_front_matter("---\n- a list\n---\nbody") == {}


# --- Rules added for issue 9 / issue 13 section 5: (input, expected words) tables ---

BLOCK_CASES = [
    ("/// key-fact | Key fact\nText.\n", ["line 1", "'key-fact' block", "never closed", "'///'"]),
    ("/// note\n//// details | x\nText\n////\n", ["line 1", "'note'", "never closed"]),
    ("//// note\n/// tip\nText\n///\n", ["line 1", "'note'", "'////'"]),
    ("Text\n///\n", ["line 2", "closes no block"]),
    ("/// note\nText\n////\n", ["line 3", "does not close the 'note' block opened on line 1"]),
    ('<div markdown>\n\n/// care-card | emergency\n- a sign\n\n</div>\n', ["line 3", "'care-card'", "never closed"]),
    ("- item\n\n    /// note\n    Text\n", ["line 3", "'note'", "never closed"]),
]


@pytest.mark.parametrize("text, words", BLOCK_CASES)
def test_unclosed_blocks(text, words):
    problems = rules.check_blocks_closed(text)
    assert any(all(w in p for w in words) for p in problems), problems


@pytest.mark.parametrize("text", [
    "/// key-fact | Key fact\nText.\n///\n",
    "//// note\n/// tip\nText\n///\n////\n",
    "```text\n/// not a block\n```\n",
    "~~~~\n///\n~~~~\n",
    "Text with /// in the middle.\n",
])
def test_closed_blocks_and_code_are_fine(text):
    assert rules.check_blocks_closed(text) == []


def test_neutralise_open_blocks_blanks_only_unclosed_openers():
    text = "//// note\n/// tip\nText\n///\n/// key-fact\nMore\n"
    safe = rules.neutralise_open_blocks(text)
    assert safe == "\n/// tip\nText\n///\n\nMore\n"
    assert rules.check_blocks_closed(safe) == []
    assert rules.neutralise_open_blocks("plain\n") == "plain\n"


KEY_CASES = [
    ({"next_reveiw": "2027-01-01"}, "did you mean 'next_review'?"),
    ({"source": ["R1"]}, "did you mean 'sources'?"),
    ({"reveiwed_by": "x"}, "did you mean 'reviewed_by'?"),
    ({"colour": "red"}, "remove it or check the spelling"),
]


@pytest.mark.parametrize("extra, words", KEY_CASES)
def test_unknown_front_matter_keys(extra, words):
    problems = rules.check_front_matter_keys({**GOOD, **extra})
    assert len(problems) == 1 and words in problems[0] and repr(next(iter(extra)))[1:-1] in problems[0]


def test_material_and_project_keys_are_known():
    meta = {**GOOD, "search": {"boost": 2}, "hide": ["toc"], "template": "x.html", "icon": "x", "status": "new",
            "tags": ["a"], "assemble": ["a.md"], "reviewed_by_type": "Person"}
    assert rules.check_front_matter_keys(meta) == []


@pytest.mark.parametrize("value", ["20271125", "2027-W47-4", " 2027-11-25", "2027-11-25 ", "2027-11-25T00:00",
                                   dt.datetime(2027, 11, 25, 10, 0), "2027-02-30"])
def test_dates_are_yyyy_mm_dd_only(value):
    assert rules.parse_date(value) is None
    assert any("YYYY-MM-DD" in p for p in check(next_review=value))


UNSAFE_CASES = [
    ("<script>alert(1)</script>", "<script> tag"),
    ("<SCRIPT src=x></SCRIPT>", "<script> tag"),
    ('<span onmouseover="alert(1)">x</span>', "'onmouseover='"),
    ("<img src=x onerror=alert(1)>", "'onerror='"),
    ("[click](javascript:alert(1))", "'javascript:'"),
    ("[click](JavaScript :alert(1))", "URL"),
    ('<a href="data:text/html,<b>x</b>">x</a>', "'data:text/html'"),
]


@pytest.mark.parametrize("text, words", UNSAFE_CASES)
def test_unsafe_html_in_markdown(text, words):
    problems = rules.check_unsafe_html("Intro.\n\n" + text + "\n")
    assert any(words in p and "line 3" in p for p in problems), problems


def test_code_examples_and_ordinary_words_are_not_unsafe():
    assert rules.check_unsafe_html("Use `<script>` never.\n\n```html\n<script>x</script>\n```\n") == []
    assert rules.check_unsafe_html("Things to do on your own: rest. Donate = give.\n") == []


@pytest.mark.parametrize("field, value", [
    ("reviewed_by", "Editorial team <img src=x onerror=alert('R')>"),
    ("title", "About </script><b>x</b>"),
    ("description", "A <i>nice</i> page"),
])
def test_unsafe_front_matter_values(field, value):
    assert any(f"'{field}'" in p and "plain text" in p for p in rules.check_unsafe_values({**GOOD, field: value}))


def test_plain_front_matter_values_pass():
    assert rules.check_unsafe_values({**GOOD, "description": "More than 3 in 10 (30%) & rising > 2020"}) == []


@pytest.mark.parametrize("text", [
    "![](assets/images/x.svg)",
    "![   ](assets/images/x.svg)",
    '<img src="x.svg">',
    '<img src="x.svg" alt="">',
    "<img src='x.svg' alt='  '>",
])
def test_images_need_alt_text(text):
    assert any("no alt text" in p for p in rules.check_images_have_alt_text(text))


def test_images_with_alt_text_pass():
    assert rules.check_images_have_alt_text('![A skeleton](x.svg) <img src="y.svg" alt="A bone">') == []


PHONE_CASES = [
    ("Call 0300 123 4567 for advice.", "'0300 123 4567'"),
    ("Ring +44 (0)20 7946 0000 today.", "looks like a phone number"),
    ("Call 020-7946-0000.", "looks like a phone number"),
    ("US: 1-800-555-0199", "looks like a phone number"),
    ("Call 07700900123", "looks like a phone number"),
    ("[0808 800 6000](tel:08088006001)", "tel: link dials '08088006001' but shows '0808 800 6000'"),
]


@pytest.mark.parametrize("text, words", PHONE_CASES)
def test_phone_numbers_typed_into_a_page(text, words):
    problems = rules.check_phone_numbers(text)
    assert any(words in p for p in problems), problems


@pytest.mark.parametrize("text", [
    "Call [[helpline]] or [[emergency]].",
    "Call 999, 111, 112 or 911.",                       # national numbers, the same everywhere
    "[0808 800 6000](tel:08088006000) (a national charity line)",
    "[+44 808 800 6000](tel:+448088006000)",
    "Reviewed 2026-11-25; next review 2027-11-25.",
    "About 60 to 75 in 100 people; 10,000 women; 1987 to 2000.",
    "See [the trial](https://doi.org/10.1200/JCO.2017.75.4614) and https://example.org/12345678901.",
    "Code `0300 123 4567` is an example.",
])
def test_not_phone_numbers(text):
    assert rules.check_phone_numbers(text) == []


FAQ = """## Will my bone break?

Sometimes. [More](where-in-the-skeleton.md#weak-bones).

## Can I exercise?

Yes, gently.

## Will my bone break

Again. [More](how-common.md).

## Sources

- no link needed here
"""


def test_faq_duplicates_and_answers_without_a_fact_page_link():
    problems = rules.check_faq(FAQ, ["how-common.md", "where-in-the-skeleton.md"])
    assert any("line 5" in p and "'Can I exercise?'" in p and "links to no fact page" in p for p in problems), problems
    assert any("line 9" in p and "already asked on line 1" in p for p in problems), problems
    assert len(problems) == 2


def test_fact_page_reading_grade_and_table():
    hard = ("Notwithstanding considerable heterogeneity, multidisciplinary oncological practitioners "
            "predominantly acknowledge osteotropic dissemination characteristically. ") * 10
    assert any("reading grade" in p for p in rules.check_fact_page_content(hard, fact=2))
    easy = "Bone is the most common place for spread. It is common. " * 5
    assert any("no table" in p for p in rules.check_fact_page_content(easy, fact=1))
    table = easy + "\n\n| Group | How often |\n|---|---|\n| All | 7 in 10 |\n"
    assert rules.check_fact_page_content(table, fact=1) == []
    assert rules.check_fact_page_content(easy, fact=2) == []   # fact 2 needs no table


SITE_URL_CASES = [
    ("https://example.org/sub/?a=1&b=2", "query"),
    ("https://example.org/my site/", "need escaping"),
    ('https://example.org/x"><script>alert(1)</script>/', "need escaping"),
    ('https://example.org/p");alert(1);//', "need escaping"),
    ("https://example.org/a%20b/", "need escaping"),
    ("https://example.org/sub/#x", "fragment"),
    ("https://example.org/sub", "must end with '/'"),
    ("javascript:alert(1)", "https://"),
    ("ftp://example.org/", "https://"),
    ("https://user:pw@example.org/", "plain host name"),
    ("https:///path/", "plain host name"),
]


@pytest.mark.parametrize("value, words", SITE_URL_CASES)
def test_bad_site_urls(value, words):
    problems = rules.check_site_url(value)
    assert any("SITE_URL" in p and words in p for p in problems), problems


@pytest.mark.parametrize("value", ["https://example.org/", "http://127.0.0.1:8000/", "https://intranet.example.nhs.uk/oncology/bone-metastases/",
                                   "https://user.github.io/repo_name~1/", "", None])
def test_good_site_urls(value):
    assert rules.check_site_url(value) == []


def test_find_symlinks(tmp_path):
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "passwd.txt").symlink_to("/etc/passwd")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert rules.find_symlinks(tmp_path) == ["loop", "sub/passwd.txt"]
