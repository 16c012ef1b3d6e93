"""The Apache example for real, like tests/browser/test_nginx_csp.py: the site built for
/oncology/bone-metastases/, served by Debian's Apache 2.4 with a config generated from
deploy/apache.conf.example and the CSP from scripts/build_csp.py, then browsed in
Chromium. Apache runs in the foreground with its own ServerRoot, pid and logs in a
temporary folder, on 127.0.0.1, and is stopped by its PID.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser import served
from tests.browser.search_helpers import search
from tests.helpers import require

pytestmark = [pytest.mark.browser]
MODULES = Path("/usr/lib/apache2/modules")
NEEDED = ["mpm_event", "authz_core", "alias", "dir", "headers", "deflate", "filter", "mime"]


def _apache() -> str:
    path = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None)
    return require(MODULES.is_dir() and path, "Apache is not installed (apt-get install apache2); .ci/run installs it in CI")


def _main_config(work: Path, port: int, site_conf: Path) -> str:
    """A minimal httpd.conf (the modules DEPLOYMENT.md lists) that includes the generated file."""
    owner = served.worker_user()
    user = f"User {owner[0]}\nGroup {owner[1]}" if owner else ""
    modules = "\n".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in NEEDED)
    mime = "TypesConfig /etc/mime.types" if Path("/etc/mime.types").exists() else (
        "AddType text/css .css\nAddType application/javascript .js\nAddType application/json .json\n"
        "AddType image/svg+xml .svg\nAddType image/png .png")
    return f"""ServerRoot "{work}"
{modules}
{user}
Listen 127.0.0.1:{port}
# As DEPLOYMENT.md says for a host behind a TLS-terminating proxy: the scheme in ServerName.
ServerName https://127.0.0.1
PidFile "{work}/httpd.pid"
ErrorLog "{work}/error.log"
LogLevel warn
{mime}
<Directory />
    Require all denied
    AllowOverride None
</Directory>
Include "{site_conf}"
"""


@pytest.fixture(scope="module")
def apache_site():
    """The Deployment, served by Apache for the module."""
    apache = _apache()
    site = served.deploy("deploy/apache.conf.example", "httpd.conf", _main_config)
    command = [apache, "-f", str(site.conf)]
    work = str(site.work)
    env = {**os.environ, "APACHE_RUN_DIR": work, "APACHE_LOCK_DIR": work, "APACHE_LOG_DIR": work}
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30, env=env)
    assert check.returncode == 0, f"apache2 -t failed:\n{check.stdout}{check.stderr}"
    with served.running([*command, "-DFOREGROUND"], site, output=site.work / "stdout.log",
                        error_log=site.work / "error.log", env=env):
        yield site


csp_page = served.recording_page_fixture("apache_site")


def test_every_page_loads_with_security_headers_and_no_csp_violation(apache_site, csp_page, pages):
    assert served.walk_problems(csp_page, apache_site, pages) == []


def test_search_and_the_styled_404_work_under_the_csp(apache_site, csp_page):
    csp_page.goto(apache_site.base + "index.html")
    hrefs = search(csp_page, "spinal cord compression")
    assert any("symptoms-and-red-flags.html" in h for h in hrefs), hrefs
    served.assert_styled_404(csp_page, apache_site)
    assert served.violations(csp_page) == []
    assert served.off_origin(csp_page) == []


def test_caching_charset_compression_and_a_relative_redirect(apache_site):
    problems = served.caching_problems(apache_site)
    # Security review F14: the bare sub-path redirect must not send readers to http://
    # (Apache always writes an absolute Location; the scheme comes from ServerName).
    redirect = served.bare_sub_path_redirect(apache_site)
    if redirect is None:
        problems.append("no redirect from the bare sub-path")
    else:
        code, location = redirect
        if code != 301 or location.startswith("http://") or not location.endswith(served.PREFIX + "/"):
            problems.append(f"bare sub-path: {code} to {location}")
    assert problems == [], "\n".join(problems)
