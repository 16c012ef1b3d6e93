"""The intranet kit for real: the site built for /oncology/bone-metastases/, served by
Debian's nginx with a config generated from deploy/nginx.conf.template and the CSP
from scripts/build_csp.py, then browsed in Chromium.

nginx runs as the current user (root in CI containers, a normal user on a laptop)
with its own prefix, pid, logs and temp folders in a temporary folder, on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import served
from tests.browser.search_helpers import search
from tests.helpers import ROOT, build_site, require

pytestmark = [pytest.mark.browser, pytest.mark.nginx]


def _nginx() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    return require(path, "nginx is not installed (apt-get install nginx); .ci/run installs it in CI")


def _main_config(work: Path, port: int, site_conf: Path) -> str:
    """A minimal nginx.conf that includes the generated site snippet, like a hospital's
    own server block would (workers as served.worker_user())."""
    owner = served.worker_user()
    user = f"user {owner[0]} {owner[1]};" if owner else ""
    temp = work / "temp"
    temp.mkdir(exist_ok=True)
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else (
        "types { text/html html; text/css css; application/javascript js; application/json json; "
        "image/svg+xml svg; image/png png; application/xml xml; text/plain txt; }"
    )
    return f"""{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {site_conf};
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx_site():
    """The Deployment, served by nginx for the module."""
    nginx = _nginx()
    site = served.deploy("deploy/nginx.conf.template", "nginx.conf", _main_config)
    error_log = site.work / "error.log"
    command = [nginx, "-p", str(site.work), "-e", str(error_log), "-c", str(site.conf)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}"
    # nginx's own startup messages go to its error log too.
    with served.running([*command, "-g", "daemon off;"], site, output=error_log, error_log=error_log):
        yield site


csp_page = served.recording_page_fixture("nginx_site")


def test_every_page_loads_with_security_headers_and_no_csp_violation(nginx_site, csp_page, pages):
    assert served.walk_problems(csp_page, nginx_site, pages) == []
    assert "'unsafe-inline'" not in nginx_site.policy and "'sha256-" in nginx_site.policy


def test_search_and_palette_work_under_the_csp(nginx_site, csp_page):
    """Search runs its worker; the palette toggle is saved by Material's hashed inline
    helpers (__md_set) and restored by the hashed inline palette script on the next
    page; tooltips open. (With the hashes left out, __md_scope is never defined and
    search itself never finishes: checked by hand.)"""
    base = nginx_site.base
    csp_page.goto(base + "index.html")
    hrefs = search(csp_page, "spinal cord compression")
    assert any("symptoms-and-red-flags.html" in h for h in hrefs), hrefs
    csp_page.keyboard.press("Escape")
    before = csp_page.locator("body").get_attribute("data-md-color-scheme")
    csp_page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = csp_page.locator("body").get_attribute("data-md-color-scheme")
    assert after != before
    csp_page.goto(base + "faq.html")
    assert csp_page.locator("body").get_attribute("data-md-color-scheme") == after, "palette choice not kept"
    # Tooltips (content.tooltips) are positioned with inline styles set from script.
    csp_page.locator("article abbr").first.hover()
    csp_page.locator(".md-tooltip2--active, .md-tooltip--active").first.wait_for(timeout=3000)
    assert served.violations(csp_page) == []
    assert csp_page.record["console"] == []
    assert served.off_origin(csp_page) == []


def test_missing_page_gets_the_styled_404_page(nginx_site, csp_page):
    served.assert_styled_404(csp_page, nginx_site)
    assert "404" in csp_page.locator("article").inner_text()
    assert served.violations(csp_page) == []
    assert served.off_origin(csp_page) == []


def test_caching_compression_and_the_bare_sub_path(nginx_site):
    base = nginx_site.base
    # Includes every text type's charset (nginx only adds it to text/html by default).
    problems = served.caching_problems(nginx_site)
    # Behind a proxy (a Via: header) the text is still compressed.
    status, headers, _ = served.get(base + "index.html", **{"Accept-Encoding": "gzip", "Via": "1.1 proxy"})
    if headers.get("content-encoding") != "gzip":
        problems.append(f"index.html via a proxy not gzipped: {headers.get('content-encoding')}")
    status, headers, _ = served.get(base + "assets/stylesheets/extra.css")
    if headers.get("cache-control") != "no-cache":
        problems.append(f"extra.css (not fingerprinted) Cache-Control {headers.get('cache-control')!r}")
    # Without the final slash: a redirect to the site, not a 404.
    redirect = served.bare_sub_path_redirect(nginx_site)
    if redirect is None:
        problems.append("no redirect from the bare sub-path")
    elif redirect != (301, served.PREFIX + "/"):
        problems.append(f"bare sub-path: {redirect[0]} to {redirect[1]}")
    assert problems == []


def test_csp_check_against_the_running_server_and_a_stale_config(nginx_site, tmp_path):
    """Security review F11: `build_csp.py site --check URL|CONFIG` (make csp-check) catches an old config."""
    check = [sys.executable, "scripts/build_csp.py", str(nginx_site.site), "--check"]
    live = subprocess.run([*check, nginx_site.base + "no-such-page.html"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert live.returncode == 0 and "matches this build" in live.stdout, live.stderr
    # A config generated from a build for another SITE_URL (a different 404.html hash).
    other = build_site(env={"SITE_URL": "http://127.0.0.1:8000/"})
    assert other.returncode == 0
    old = subprocess.run([sys.executable, "scripts/build_csp.py", str(other.site)], cwd=ROOT, capture_output=True, text=True)
    stale = tmp_path / "old.conf"
    stale.write_text(f'add_header Content-Security-Policy "{old.stdout.strip()}" always;\n')
    result = subprocess.run([*check, str(stale)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "does not match this build" in result.stderr and "script-src" in result.stderr
