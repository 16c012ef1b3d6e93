"""linkchecker over every internal link and anchor of the built site, from disk and over HTTP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CONFIG = """\
[checking]
threads=4
# Default is 10 requests a second per host: far too slow for a loopback server.
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


def _linkchecker(target: str, tmp: Path) -> subprocess.CompletedProcess:
    config = tmp / "linkcheckerrc"
    config.write_text(CONFIG)
    config.chmod(0o644)
    tmp.chmod(0o755)
    return subprocess.run(
        [sys.executable, "-m", "linkcheck", "--no-status", "--verbose",
         "-f", str(config), target],
        capture_output=True, text=True, timeout=1200,
    )


# linkchecker re-reads a page for every anchor it checks (about 1,200 links here): about
# 2.5 minutes on a quiet 2-core machine, nearer 5 under load, so it gets its own timeout.
@pytest.mark.timeout(1500)
@pytest.mark.parametrize("how", ["file", "http"])
def test_linkchecker_finds_no_broken_links_or_anchors(how, site, http_site, tmp_path):
    target = (site / "index.html").as_uri() if how == "file" else http_site + "index.html"
    result = _linkchecker(target, tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"linkchecker exit {result.returncode}:\n{report[-6000:]}"
    checked = [line for line in report.splitlines() if line.startswith("URL")]
    assert len(checked) > 50, f"linkchecker checked suspiciously few links:\n{report[-3000:]}"
