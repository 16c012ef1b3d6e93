"""Pack the built site into a zip for offline use: `python scripts/build_zip.py site site.zip`.

Files are stored under a top folder of the same name, in sorted order, with the
timestamp from SOURCE_DATE_EPOCH, so the same build always gives the same bytes.
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path


def build_zip(site_dir: Path, out: Path) -> int:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, the zip minimum
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return len(files)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: build_zip.py SITE_DIR OUT.zip")
    count = build_zip(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[2]}: {count} files")
