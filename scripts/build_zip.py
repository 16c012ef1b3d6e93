"""Pack the built site into a zip for offline use: `python scripts/build_zip.py site site.zip`.

Files are stored under a top folder of the same name, in sorted order, with the
timestamp from SOURCE_DATE_EPOCH, so the same build always gives the same bytes.

Left out, because they do not work or are not needed from disk:
- 404.html: its asset paths are root-absolute (built for SITE_URL), so opened from
  file:// it is an unstyled page; a browser never shows it offline anyway.
- source maps (*.map, about 1 MB): only for debugging Material's minified files.
Symbolic links, and anything that resolves outside the site folder, are refused.

`python scripts/build_zip.py --epoch` prints the fixed date a build without .git should
use (the newest `last_reviewed` in docs/), for the Makefile's SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import sys
import time
import zipfile
from pathlib import Path

EXCLUDED_NAMES = {"404.html"}
EXCLUDED_SUFFIXES = (".map",)
ZIP_MINIMUM = 315532800  # 1980-01-01


class UnsafeEntry(ValueError):
    pass


def included(rel: str) -> bool:
    return rel not in EXCLUDED_NAMES and not rel.endswith(EXCLUDED_SUFFIXES)


def build_zip(site_dir: Path, out: Path) -> int:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", str(ZIP_MINIMUM)))
    stamp = time.gmtime(max(epoch, ZIP_MINIMUM))[:6]
    root = site_dir.resolve()
    files = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_symlink():
            raise UnsafeEntry(f"{path}: a symbolic link in the built site: refusing to pack it")
        if not path.is_file():
            continue
        if not path.resolve().is_relative_to(root):
            raise UnsafeEntry(f"{path}: resolves outside {site_dir}: refusing to pack it")
        rel = path.relative_to(site_dir).as_posix()
        if included(rel):
            files.append((rel, path))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel, path in files:
            info = zipfile.ZipInfo(f"{site_dir.name}/{rel}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return len(files)


def content_epoch(docs: Path) -> int:
    """Midnight UTC of the newest `last_reviewed` date in docs/*.md (a tarball has no
    commit date); 1980-01-01 when no page has one."""
    # A plain pattern, not the YAML reader: the Makefile runs this before .venv exists.
    pattern = re.compile(r"\A---\s*\n(?:(?!---).*\n)*?last_reviewed:\s*[\"']?(\d{4})-(\d{2})-(\d{2})[\"']?\s*\n")
    dates = []
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        match = pattern.match(page.read_text(encoding="utf-8"))
        if match:
            try:
                dates.append(dt.date(*map(int, match.groups())))
            except ValueError:  # the build reports an impossible date by name
                continue
    return calendar.timegm(max(dates).timetuple()) if dates else ZIP_MINIMUM


if __name__ == "__main__":
    if sys.argv[1:2] == ["--epoch"]:
        print(content_epoch(Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[1] / "docs"))
        sys.exit(0)
    if len(sys.argv) != 3:
        sys.exit("usage: build_zip.py SITE_DIR OUT.zip   |   build_zip.py --epoch [DOCS_DIR]")
    try:
        count = build_zip(Path(sys.argv[1]), Path(sys.argv[2]))
    except UnsafeEntry as err:
        sys.exit(str(err))
    print(f"{sys.argv[2]}: {count} files")
