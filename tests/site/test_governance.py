"""Sign-off, change record and trust settings in the built site.

Scratch copies of the project (as in test_editor_mistakes.py) get sign-offs recorded
with the real commands, then a shared card is edited: every page that shows it, and
only those, must be flagged on the page, in the review report, and refused by a strict
build.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from scripts import changes, review_report, sign_off
from tests.content.conftest import PAGES, front_matter
from tests.helpers import build_site, copy_project, world_readable_tempdir

CARD = "broken-bone"  # a card in data/triage.yml


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page.replace(".md", ".html")).read_text(encoding="utf-8"), "html.parser")


def showing(project: Path, card: str) -> set[str]:
    """Pages that show the card (its own block, or a block rendering every card), plus
    the whole-guide page that assembles any of them."""
    def shows(text: str) -> bool:
        return re.search(rf"^/// care-card \| {card}\s*$", text, re.M) is not None or re.search(r"^/// triage-", text, re.M) is not None
    direct = {p for p in PAGES if shows((project / "docs" / p).read_text(encoding="utf-8"))}
    assembled = {p for p in PAGES if set(front_matter(p).get("assemble") or []) & direct}
    return direct | assembled


def test_default_build_is_honest_no_sign_off_no_feedback_address(site):
    problems = []
    for page in PAGES:
        html = (site / page.replace(".md", ".html")).read_text(encoding="utf-8")
        panel = " ".join(soup(site, page).select_one("aside.review-panel").get_text().split())
        expected = "Clinical review: not needed." if front_matter(page).get("clinical_sign_off") == "not-needed" \
            else "Clinical review: not yet signed off."
        if expected not in panel:
            problems.append(f"{page}: no {expected!r} in the review panel")
        if "Latest changes" not in panel:
            problems.append(f"{page}: no latest changes")
        if "mailto:" in html or "example.org" in html:
            problems.append(f"{page}: a feedback address is shown although none is configured")
        if soup(site, page).select(".sign-off-notice"):
            problems.append(f"{page}: flagged as changed")
    assert problems == []


def test_whats_changed_lists_every_page(site):
    links = {a["href"] for a in soup(site, "whats-changed.md").select("ul.change-list a")}
    assert links == {p.replace(".md", ".html") for p in PAGES}


def test_strict_publishing_refuses_pages_without_a_sign_off_naming_page_and_fix():
    result = build_site(env={"STRICT_PUBLISHING": "true"})
    assert result.returncode != 0
    refused = {w.split()[2].rstrip(":") for w in result.warnings if "strict publishing refuses it" in w}
    needing = {p for p in PAGES if front_matter(p).get("clinical_sign_off") != "not-needed"}
    assert refused == needing
    assert all("make sign-off PAGE=docs/" in w for w in result.warnings if "strict publishing" in w)


def test_a_bad_strict_setting_fails_the_build_naming_the_variable():
    result = build_site(env={"STRICT_PUBLISHING": "yes please"})
    assert result.returncode != 0
    assert any("STRICT_PUBLISHING" in w and "true or false" in w for w in result.warnings), result.warnings


def test_editing_a_card_after_sign_off_flags_every_page_that_shows_it(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    root = ["--root", str(project)]
    for page in PAGES:
        assert sign_off.main([*root, "--page", f"docs/{page}", "--by", "Dr Jane Smith",
                              "--role", "Consultant clinical oncologist", "--org", "Example Hospitals NHS Trust"]) == 0
    signed = build_site(project, world_readable_tempdir("gov-") / "site", env={"STRICT_PUBLISHING": "true"})
    assert signed.returncode == 0, signed.log[-3000:]
    panel = " ".join(soup(signed.site, "how-common.md").select_one("aside.review-panel").get_text().split())
    assert "Clinical review: signed off by Dr Jane Smith, Consultant clinical oncologist, Example Hospitals NHS Trust" in panel

    model = project / "data" / "triage.yml"
    text = model.read_text(encoding="utf-8")
    assert "Keep as still as you can and ask for an ambulance." in text
    model.write_text(text.replace("Keep as still as you can and ask for an ambulance.", "Keep still and ask for an ambulance."), encoding="utf-8")
    expected = showing(project, CARD)
    assert {"when-to-get-help.md", "symptoms-and-red-flags.md", "red-flag-card.md", "print-guide.md"} <= expected

    # 1. The change record is now behind on exactly those pages: the build says so.
    behind = build_site(project, world_readable_tempdir("gov-") / "site")
    assert behind.returncode != 0
    named = {w.split()[2].rstrip(":") for w in behind.warnings if "changed after its latest change entry" in w}
    assert named == expected
    capsys.readouterr()
    assert changes.main([*root, "needed"]) == 1
    listed = set(re.findall(r"PAGE=docs/(\S+)", capsys.readouterr().out))
    assert listed == expected

    # 2. Record the change: the default build passes and flags the pages, on the page and in the panel.
    for page in sorted(expected):
        assert changes.main([*root, "record", "--page", page, "--note", "Broken bone card: clearer advice to keep still."]) == 0
    flagged = build_site(project, world_readable_tempdir("gov-") / "site")
    assert flagged.returncode == 0, flagged.log[-3000:]
    for page in PAGES:
        html = soup(flagged.site, page)
        notice = html.select_one(".sign-off-notice")
        panel = " ".join(html.select_one("aside.review-panel").get_text().split())
        if page in expected:
            assert notice is not None, page
            assert "Changed after clinical review" in notice.get_text() and "Dr Jane Smith" in notice.get_text()
            assert "Clinical review: changed after sign-off." in panel
            assert "Broken bone card: clearer advice to keep still. (after clinical sign-off)" in panel
            assert html.select_one(".sign-off-notice time[datetime]") is not None
        else:
            assert notice is None, page
            assert "Clinical review: signed off by Dr Jane Smith" in panel, page

    # 3. The review report lists them.
    capsys.readouterr()
    assert review_report.main(["--root", str(project), "--today", "2026-12-02", "--within-days", "1"]) == 1
    out = capsys.readouterr().out
    reported = {line.split()[0] for line in out.splitlines() if line.endswith("CHANGED AFTER SIGN-OFF")}
    assert reported == expected

    # 4. Strict publishing refuses them, naming each page and the fix.
    strict = build_site(project, world_readable_tempdir("gov-") / "site", env={"STRICT_PUBLISHING": "true"})
    assert strict.returncode != 0
    refused = {w.split()[2].rstrip(":") for w in strict.warnings if "changed after clinical sign-off" in w}
    assert refused == expected
    assert all("make sign-off PAGE=docs/" in w for w in strict.warnings if "changed after clinical sign-off" in w)


def test_editing_a_snippet_flags_every_page(tmp_path, capsys):
    """includes/abbreviations.md is appended to every page, so every page is behind."""
    project = copy_project(tmp_path / "project")
    abbr = project / "includes" / "abbreviations.md"
    abbr.write_text(abbr.read_text(encoding="utf-8") + "*[XYZ]: A new abbreviation.\n", encoding="utf-8")
    capsys.readouterr()
    assert changes.main(["--root", str(project), "needed"]) == 1
    assert set(re.findall(r"PAGE=docs/(\S+)", capsys.readouterr().out)) == set(PAGES)


def test_whats_changed_is_newest_first_in_the_built_page(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    assert changes.main(["--root", str(project), "record", "--page", "docs/glossary.md",
                         "--note", "Added a line to the glossary.", "--date", "2026-12-02"]) == 0
    path = project / "data" / "changes.yml"
    header, data = sign_off.read_data_file(path)
    data["faq.md"][-1]["date"] = dt.date(2026, 11, 30)  # the FAQ's newest entry, a few days older
    sign_off.write_data_file(path, header, data)
    result = build_site(project, world_readable_tempdir("gov-") / "site")
    assert result.returncode == 0, result.log[-3000:]
    html = soup(result.site, "whats-changed.md")
    dates = [t["datetime"] for t in html.select("article h2 time")]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2026-12-02" and "2026-11-30" in dates
    first = html.select("ul.change-list")[0].get_text()
    assert "Glossary: Added a line to the glossary." in first
    glossary_panel = soup(result.site, "glossary.md").select_one("aside.review-panel").select("ul.change-summary li")
    assert "Added a line to the glossary." in glossary_panel[0].get_text()


def test_feedback_link_is_prefilled_per_page_when_an_address_is_set():
    result = build_site(env={"FEEDBACK_EMAIL": "patient.information@hospital.nhs.uk",
                             "PUBLISHER_NAME": "Example Hospitals <NHS> Trust"})
    assert result.returncode == 0, result.log[-3000:]
    for page in ("how-common.md", "accessibility.md"):
        html = soup(result.site, page)
        link = html.select_one("aside.review-panel p.feedback a[href^='mailto:']")
        parts = urlsplit(link["href"])
        assert parts.path == "patient.information@hospital.nhs.uk"
        subject = parse_qs(parts.query)["subject"][0]
        meta = front_matter(page)
        assert meta["title"] in subject and str(meta["last_reviewed"]) in subject
        assert "Published by: Example Hospitals <NHS> Trust" in html.select_one("aside.review-panel").get_text()
    route = soup(result.site, "accessibility.md").select_one(".feedback-route a[href^='mailto:']")
    assert route is not None and "patient.information@hospital.nhs.uk" in route.get_text()
    raw = (result.site / "how-common.html").read_text(encoding="utf-8")
    assert "Example Hospitals &lt;NHS&gt; Trust" in raw


@pytest.mark.parametrize("value,words", [("feedback@example.org", "placeholder"), ("not an address", "FEEDBACK_EMAIL")])
def test_a_bad_feedback_address_fails_the_build_naming_the_variable(value, words):
    result = build_site(env={"FEEDBACK_EMAIL": value})
    assert result.returncode != 0
    assert any("FEEDBACK_EMAIL" in w and words in w for w in result.warnings), result.warnings


def test_accessibility_figures_come_from_the_build(site):
    html = soup(site, "accessibility.md")
    assert html.select_one("[data-figure=pages]").get_text() == str(len(PAGES))
    assert html.select_one("[data-figure=views]").get_text() == str(len(PAGES) * 4)


def test_how_this_guide_is_made_maps_every_criterion(site):
    html = soup(site, "how-this-guide-is-made.md")
    tables = html.select("article table")
    assert len(tables) == 2
    pif = [tr.select("td")[0].get_text() for tr in tables[0].select("tbody tr")]
    assert [int(c.split(".")[0]) for c in pif] == list(range(1, 11))
    assert len(tables[1].select("tbody tr")) == 17  # every "Essential" item of the NHS standard
    assert all(len(tr.select("td")) == 3 and all(td.get_text(strip=True) for td in tr.select("td"))
               for t in tables for tr in t.select("tbody tr"))
    assert "none of the" in html.select_one(".sign-off-summary").get_text()
    assert [dt.get_text() for dt in html.select(".trust-statements dt")] == ["Published by", "Funding", "Conflicts of interest", "Disclaimer"]


def test_search_figure_comes_from_the_search_tests(site):
    import yaml

    from tests.helpers import ROOT

    count = len(yaml.safe_load((ROOT / "data" / "search-queries.yml").read_text(encoding="utf-8")))
    text = " ".join(soup(site, "how-this-guide-is-made.md").select_one("article").get_text().split())
    assert f"The tests type {count} questions that patients ask" in text


def test_hand_edited_records_fail_the_build_naming_the_file_and_field(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data" / "sign-offs.yml").write_text(
        "how-common.md:\n  - name: Dr Jane Smith\n    role: Nurse\n    organisation: Trust\n"
        "    date: 2026-12-01\n    fingerprint: abc123\nno-such-page.md:\n  - name: X\n", encoding="utf-8")
    result = build_site(project, world_readable_tempdir("gov-") / "site")
    assert result.returncode != 0
    warnings = [w for w in result.warnings if "data/sign-offs.yml" in w]
    assert any("how-common.md" in w and "'fingerprint'" in w and "make sign-off" in w for w in warnings), warnings
    assert any("no-such-page.md" in w and "not a page" in w for w in warnings), warnings
