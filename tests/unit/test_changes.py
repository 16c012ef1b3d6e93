"""The change record cannot fall behind the text; the commands write records with the
current fingerprint; What's changed lists entries newest first."""

from __future__ import annotations

import datetime as dt

import yaml
from bs4 import BeautifulSoup

from scripts import changes, sign_off

FP_A, FP_B, FP_C = ("sha256:" + c * 64 for c in "abc")


def entry(date, note, fp):
    return {"date": dt.date.fromisoformat(date), "note": note, "fingerprint": fp}


def test_record_is_up_to_date_only_when_the_newest_entry_matches():
    entries = [entry("2026-12-01", "First published version.", FP_A), entry("2026-12-02", "Added arms.", FP_B)]
    assert changes.record_problem("x.md", entries, FP_B) is None
    behind = changes.record_problem("x.md", entries, FP_C)
    assert "changed after its latest change entry (2026-12-02" in behind and "make record-change PAGE=docs/x.md" in behind
    # an old entry matching the current text does not help: the newest must match
    assert changes.record_problem("x.md", entries, FP_A) is not None
    assert "no change record" in changes.record_problem("x.md", None, FP_A)


def test_same_day_entries_later_in_the_file_are_newer():
    entries = [entry("2026-12-02", "One.", FP_A), entry("2026-12-02", "Two.", FP_B)]
    assert [e["note"] for e in changes.ordered(entries)] == ["Two.", "One."]
    assert changes.record_problem("x.md", entries, FP_B) is None


def test_a_sign_off_covers_changes_up_to_its_fingerprint():
    entries = [entry("2026-11-01", "First.", FP_A), entry("2026-12-01", "Second.", FP_B), entry("2026-12-02", "Third.", FP_C)]
    rows = changes.covered(entries, {"date": dt.date(2026, 12, 1), "fingerprint": FP_B})
    assert [(r["note"], r["covered"]) for r in rows] == [("Third.", False), ("Second.", True), ("First.", True)]
    by_date = changes.covered(entries, {"date": dt.date(2026, 11, 15), "fingerprint": "sha256:" + "d" * 64})
    assert [r["covered"] for r in by_date] == [False, False, True]
    assert not any(r["covered"] for r in changes.covered(entries, None))


def test_entry_checks():
    today = dt.date(2026, 12, 2)
    assert changes.check_entry(entry("2026-12-02", "Fine.", FP_A), today=today) == []
    problems = changes.check_entry({"date": "2027-01-01", "note": "", "fingerprint": "x"}, today=today)
    assert len(problems) == 3
    assert changes.check_changes({"gone.md": [entry("2026-12-02", "x", FP_A)]}, pages=["x.md"], today=today)[0].startswith("'gone.md'")


def test_whats_changed_lists_entries_newest_first():
    data = {
        "a.md": [entry("2026-10-01", "First published version.", FP_A), entry("2026-12-02", "Added arms.", FP_B)],
        "b.md": [entry("2026-11-15", "New <source>.", FP_C)],
    }
    out = changes.render_whats_changed(data, {"a.md": "Page A", "b.md": "Page B"}, lambda p: p.replace(".md", ".html"))
    soup = BeautifulSoup(out, "html.parser")
    assert [h.time["datetime"] for h in soup.select("h2")] == ["2026-12-02", "2026-11-15", "2026-10-01"]
    items = [li.get_text() for li in soup.select("li")]
    assert items == ["Page A: Added arms.", "Page B: New <source>.", "Page A: First published version."]
    assert "&lt;source&gt;" in out
    assert soup.select("li a")[0]["href"] == "a.html"


def _project(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "includes").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "includes" / "abbreviations.md").write_text("*[A]: a\n", encoding="utf-8")
    (tmp_path / "includes" / "card.md").write_text("Card text.\n", encoding="utf-8")
    for name in ("one", "two"):
        (tmp_path / "docs" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\nText.\n", encoding="utf-8")
    (tmp_path / "docs" / "one.md").write_text('---\ntitle: one\n---\n\n--8<-- "card.md"\n', encoding="utf-8")
    (tmp_path / "data" / "changes.yml").write_text("# Header kept.\n{}\n", encoding="utf-8")
    (tmp_path / "data" / "sign-offs.yml").write_text("# Sign-offs header.\n{}\n", encoding="utf-8")
    return tmp_path


def test_commands_record_changes_and_sign_offs_with_the_current_fingerprint(tmp_path, capsys):
    root = _project(tmp_path)
    args = ["--root", str(root)]
    assert changes.main([*args, "needed"]) == 1
    assert "make record-change PAGE=docs/one.md" in capsys.readouterr().out
    for page in ("docs/one.md", "two.md"):
        assert changes.main([*args, "record", "--page", page, "--note", "First published version.", "--date", "2026-12-01"]) == 0
    assert changes.main([*args, "needed"]) == 0
    assert changes.main([*args, "record", "--page", "two.md", "--note", "Again."]) == 2
    assert "nothing new to record" in capsys.readouterr().err
    text = (root / "data" / "changes.yml").read_text(encoding="utf-8")
    assert text.startswith("# Header kept.")
    project = sign_off.Project(root)
    assert yaml.safe_load(text)["one.md"][0]["fingerprint"] == project.fingerprint("one.md")

    assert sign_off.main([*args, "--page", "docs/one.md", "--by", "Dr Jane Smith", "--role", "Breast care nurse specialist",
                          "--org", "Example Trust", "--date", "2026-12-02"]) == 0
    saved = yaml.safe_load((root / "data" / "sign-offs.yml").read_text(encoding="utf-8"))
    assert saved["one.md"] == [{"name": "Dr Jane Smith", "role": "Breast care nurse specialist", "organisation": "Example Trust",
                                "date": dt.date(2026, 12, 2), "fingerprint": project.fingerprint("one.md")}]
    assert (root / "data" / "sign-offs.yml").read_text(encoding="utf-8").startswith("# Sign-offs header.")

    # editing the shared snippet puts only the page that includes it behind
    (root / "includes" / "card.md").write_text("Card text, changed.\n", encoding="utf-8")
    capsys.readouterr()
    assert changes.main([*args, "needed"]) == 1
    out = capsys.readouterr().out
    assert "PAGE=docs/one.md" in out and "PAGE=docs/two.md" not in out
    # and a sign-off is refused until the change is recorded
    assert sign_off.main([*args, "--page", "one.md", "--by", "Dr Jane Smith", "--role", "Nurse", "--org", "Trust"]) == 2
    assert "record them first" in capsys.readouterr().err


def test_commands_validate_their_inputs(tmp_path, capsys):
    root = _project(tmp_path)
    args = ["--root", str(root)]
    assert changes.main([*args, "record", "--page", "docs/none.md", "--note", ""]) == 2
    err = capsys.readouterr().err
    assert "PAGE='docs/none.md' is not a page" in err and "NOTE is empty" in err
    assert sign_off.main([*args, "--page", "docs/two.md", "--by", "", "--role", "Role", "--org", "<b>Org</b>", "--date", "2999-01-01"]) == 2
    err = capsys.readouterr().err
    assert "BY is empty" in err and "ORG must not contain" in err and "DATE" in err and "future" in err
    assert yaml.safe_load((root / "data" / "sign-offs.yml").read_text(encoding="utf-8")) == {}


def test_a_same_day_entry_can_be_amended_until_a_clinician_signs_it_off(tmp_path, capsys):
    """A second edit on the day of a change updates that day's entry (its note may
    stay), rather than adding a second note; after a sign-off it never rewrites the
    entry the sign-off covers."""
    root = _project(tmp_path)
    args = ["--root", str(root)]
    today = dt.date.today().isoformat()
    assert changes.main([*args, "record", "--page", "docs/two.md", "--note", "First published version.", "--date", "2026-11-01"]) == 0
    assert changes.main([*args, "record", "--page", "docs/one.md", "--note", "Added arms.", "--date", today]) == 0
    (root / "includes" / "card.md").write_text("Card text, corrected.\n", encoding="utf-8")
    assert changes.main([*args, "needed"]) == 1
    assert changes.main([*args, "record", "--page", "docs/one.md", "--note", "", "--amend", "--date", today]) == 0
    entries = yaml.safe_load((root / "data" / "changes.yml").read_text(encoding="utf-8"))["one.md"]
    assert len(entries) == 1 and entries[0]["note"] == "Added arms."
    assert entries[0]["fingerprint"] == sign_off.Project(root).fingerprint("one.md")
    assert changes.main([*args, "needed"]) == 0
    # Not an older day's entry, and not once it is signed off.
    assert changes.main([*args, "record", "--page", "docs/two.md", "--note", "", "--amend", "--date", today]) == 2
    assert "is dated 2026-11-01" in capsys.readouterr().err
    assert sign_off.main([*args, "--page", "docs/one.md", "--by", "Dr Jane Smith", "--role", "Breast care nurse specialist",
                          "--org", "Example Trust", "--date", today]) == 0
    (root / "includes" / "card.md").write_text("Card text, changed again.\n", encoding="utf-8")
    assert changes.main([*args, "record", "--page", "docs/one.md", "--note", "x", "--amend", "--date", today]) == 2
    assert "was signed off" in capsys.readouterr().err
