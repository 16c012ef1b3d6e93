"""scripts/build_zip.py: what the offline zip leaves out, refuses, and its fixed date
(security review F9, F12, F13)."""

from __future__ import annotations

import calendar
import datetime as dt
import zipfile

import pytest

from scripts import build_zip


def _site(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>")
    (site / "404.html").write_text('<link href="/assets/x.css">')
    (site / "assets" / "bundle.12345678.min.js").write_text("x")
    (site / "assets" / "bundle.12345678.min.js.map").write_text("{}")
    return site


# (file in the site, in the zip?)
ENTRIES = [
    ("index.html", True),
    ("assets/bundle.12345678.min.js", True),
    ("404.html", False),                          # root-absolute paths: unstyled from disk
    ("assets/bundle.12345678.min.js.map", False),  # source maps are not needed offline
]


@pytest.mark.parametrize("rel, kept", ENTRIES)
def test_zip_contents(rel, kept, tmp_path):
    out = tmp_path / "site.zip"
    build_zip.build_zip(_site(tmp_path), out)
    assert (f"site/{rel}" in zipfile.ZipFile(out).namelist()) is kept


@pytest.mark.parametrize("target", ["/etc/passwd", "index.html"])
def test_symlinks_in_the_site_are_refused(target, tmp_path):
    site = _site(tmp_path)
    (site / "linked.txt").symlink_to(target)
    with pytest.raises(build_zip.UnsafeEntry, match="linked.txt"):
        build_zip.build_zip(site, tmp_path / "site.zip")


def test_epoch_from_the_newest_last_reviewed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("---\ntitle: A\nlast_reviewed: 2026-11-25\n---\n")
    (docs / "b.md").write_text("---\ntitle: B\nlast_reviewed: 2026-12-01\n---\n")
    (docs / "c.md").write_text("no front matter\n")
    assert build_zip.content_epoch(docs) == calendar.timegm(dt.date(2026, 12, 1).timetuple())
    assert build_zip.content_epoch(tmp_path / "empty") == build_zip.ZIP_MINIMUM
