"""Reproducible output: two builds of the same commit are byte-identical.

Both builds get the same environment (SITE_URL, SOURCE_DATE_EPOCH), but different
folders and different Python hash seeds, so output that depends on set or dict
ordering, on the build path, or on the clock shows up as a differing file.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile

import pytest

from scripts.build_zip import build_zip
from tests.helpers import build_site

SOURCE_DATE_EPOCH = "1764028800"  # 2025-11-25, any fixed value will do


def digests(site) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(site_url, tmp_path_factory):
    sites = []
    for seed in ("1", "2"):
        env = {"SITE_URL": site_url, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": seed}
        result = build_site(site_dir=tmp_path_factory.mktemp(f"build{seed}-") / "site", env=env)
        assert result.returncode == 0, result.log
        sites.append(result.site)
    return sites


def test_two_builds_are_byte_identical(two_builds):
    first, second = (digests(site) for site in two_builds)
    assert first, "the build wrote no files"
    problems = [f"only in build {n}: {name}" for n, names in ((1, first.keys() - second.keys()),
                                                               (2, second.keys() - first.keys())) for name in sorted(names)]
    problems += [f"differs: {name}" for name in sorted(first.keys() & second.keys()) if first[name] != second[name]]
    assert problems == []


def test_site_zip_is_byte_identical(two_builds, monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    archives = []
    for n, site in enumerate(two_builds):
        out = tmp_path / f"site{n}.zip"
        build_zip(site, out)
        archives.append(out)
    if archives[0].read_bytes() != archives[1].read_bytes():
        first, second = (
            [(i.filename, i.date_time, i.CRC, i.external_attr) for i in zipfile.ZipFile(a).infolist()]
            for a in archives
        )
        assert [e for e in first if e not in second] + [e for e in second if e not in first] == []
        pytest.fail("site.zip entries match but the archives differ (compression or order)")


def test_source_date_epoch_sets_the_zip_timestamps(two_builds, monkeypatch, tmp_path):
    """The epoch really is used: a different SOURCE_DATE_EPOCH gives different bytes."""
    site = two_builds[0]
    archives = []
    for epoch in (SOURCE_DATE_EPOCH, str(int(SOURCE_DATE_EPOCH) + 86400)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        out = tmp_path / f"site-{epoch}.zip"
        build_zip(site, out)
        archives.append(out.read_bytes())
    assert archives[0] != archives[1]


def test_sitemap_gz_timestamp_comes_from_source_date_epoch(two_builds):
    """MkDocs stamps sitemap.xml.gz with the build date: it must be the epoch's day, not today."""
    header = (two_builds[0] / "sitemap.xml.gz").read_bytes()[:8]
    mtime = struct.unpack("<I", header[4:8])[0]
    assert mtime == int(SOURCE_DATE_EPOCH) // 86400 * 86400


def test_make_site_from_a_tarball_takes_site_dir_and_the_content_date(tmp_path):
    """Security review F13/F17: no .git gives the newest last_reviewed (not a fixed old
    constant) as SOURCE_DATE_EPOCH, and SITE_DIR puts the output outside the tree."""
    import os
    import shutil
    import subprocess
    import time

    from scripts.build_zip import content_epoch
    from tests.helpers import ROOT, copy_project

    project = copy_project(tmp_path / "tarball")
    for name in ("Makefile", "requirements.txt", "requirements-build.txt"):
        shutil.copy2(ROOT / name, project / name)
    out = tmp_path / "out" / "site"
    out.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    # BUILD_STAMP= : use the existing venv as it is (never install into it from a test).
    result = subprocess.run(
        ["make", "--no-print-directory", "site", f"SITE_DIR={out}", "BUILD_STAMP=", f"VENV={ROOT / '.venv'}"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "site").exists() and not (project / "site.zip").exists()
    epoch = content_epoch(project / "docs")
    assert epoch > 1764028800  # newer than the old constant (2025-11-25)
    with zipfile.ZipFile(out.parent / "site.zip") as zf:
        stamps = {info.date_time for info in zf.infolist()}
    assert stamps == {time.gmtime(epoch)[:6]}
