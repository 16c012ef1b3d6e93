"""The Apache example for real, like tests/browser/test_nginx_csp.py: the site built for
/oncology/bone-metastases/, served by Debian's Apache 2.4 with a config generated from
deploy/apache.conf.example and the CSP from scripts/build_csp.py, then browsed in
Chromium. Apache runs in the foreground with its own ServerRoot, pid and logs in a
temporary folder, on 127.0.0.1, and is stopped by its PID.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts import build_csp
from tests.browser.search_helpers import search
from tests.browser.test_nginx_csp import (
    CSP_LISTENER,
    IMMUTABLE,
    PREFIX,
    _get,
    _missing_headers,
    _off_origin,
    _violations,
    _wait_for_port,
)
from tests.helpers import ROOT, build_site, free_port, world_readable_tempdir

pytestmark = [pytest.mark.browser]
MODULES = Path("/usr/lib/apache2/modules")
NEEDED = ["mpm_event", "authz_core", "alias", "dir", "headers", "deflate", "filter", "mime"]


def _apache() -> str:
    path = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None)
    if path is None or not MODULES.is_dir():
        message = "Apache is not installed (apt-get install apache2); .ci/run installs it in CI"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def _main_config(work: Path, port: int, site_conf: Path) -> str:
    """A minimal httpd.conf (the modules DEPLOYMENT.md lists) that includes the generated file."""
    user = ""
    if os.geteuid() == 0:
        import grp

        group = "nogroup" if any(g.gr_name == "nogroup" for g in grp.getgrall()) else "nobody"
        user = f"User nobody\nGroup {group}"
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
    """(base URL ending in /, the CSP sent, the built site folder)."""
    apache = _apache()
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}/"
    result = build_site(env={"SITE_URL": base})
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.log}", pytrace=False)
    site = result.site

    work = world_readable_tempdir("apache-")
    site_conf = work / "bone-metastases.conf"
    generate = subprocess.run(
        [sys.executable, "scripts/build_csp.py", str(site), "--template", "deploy/apache.conf.example",
         "--set", f"PREFIX={PREFIX}", "--set", f"SITE_ROOT={site}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert generate.returncode == 0, generate.stderr
    site_conf.write_text(generate.stdout)
    policy = build_csp.build_policy(build_csp.scan_site(site))
    assert f'"{policy}"' in generate.stdout
    conf = work / "httpd.conf"
    conf.write_text(_main_config(work, port, site_conf))
    for path in work.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)

    command = [apache, "-f", str(conf)]
    env = {**os.environ, "APACHE_RUN_DIR": str(work), "APACHE_LOCK_DIR": str(work), "APACHE_LOG_DIR": str(work)}
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30, env=env)
    assert check.returncode == 0, f"apache2 -t failed:\n{check.stdout}{check.stderr}"
    with open(work / "stdout.log", "ab") as log:
        proc = subprocess.Popen([*command, "-DFOREGROUND"], stdout=log, stderr=log, env=env)
    try:
        _wait_for_port(port, proc, work / "error.log")
        yield base, policy, site
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def csp_page(browser, apache_site):
    base = apache_site[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    record = {"requests": [], "console": [], "responses": []}
    page.on("request", lambda r: record["requests"].append(r.url))
    page.on("console", lambda m: (m.type == "error" or "Content Security Policy" in m.text)
            and record["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: record["console"].append(f"pageerror: {e}"))
    page.on("response", lambda r: record["responses"].append(r))
    page.record = record
    page.origin = base.split(PREFIX)[0] + "/"
    yield page
    context.close()


def test_every_page_loads_with_security_headers_and_no_csp_violation(apache_site, csp_page, pages):
    base, policy, _ = apache_site
    problems = []
    for name in pages:
        response = csp_page.goto(base + name)
        csp_page.wait_for_load_state("load")
        if response.status != 200:
            problems.append(f"{name}: HTTP {response.status}")
        problems += [f"{name}: header {h}" for h in _missing_headers(response.headers, policy)]
        problems += [f"{name}: CSP violation {v}" for v in _violations(csp_page)]
    for response in csp_page.record["responses"]:
        problems += [f"{response.url}: header {h}" for h in _missing_headers(response.headers, policy)
                     if response.url.startswith(base)]
    problems += [f"console {m}" for m in csp_page.record["console"]]
    problems += [f"off-origin request {u}" for u in _off_origin(csp_page)]
    assert problems == []


def test_search_and_the_styled_404_work_under_the_csp(apache_site, csp_page):
    base, policy, _ = apache_site
    csp_page.goto(base + "index.html")
    hrefs = search(csp_page, "spinal cord compression")
    assert any("symptoms-and-red-flags.html" in h for h in hrefs), hrefs
    response = csp_page.goto(base + "no/such/page.html")
    assert response.status == 404
    assert _missing_headers(response.headers, policy) == []
    assert csp_page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert _violations(csp_page) == []
    assert _off_origin(csp_page) == []


def test_caching_charset_compression_and_a_relative_redirect(apache_site):
    base, policy, site = apache_site
    problems = []
    status, headers, body = _get(base + "index.html", **{"Accept-Encoding": "gzip"})
    if headers.get("content-encoding") != "gzip" or b"<html" not in gzip.decompress(body):
        problems.append(f"index.html not gzipped: {headers.get('content-encoding')}")
    if headers.get("cache-control") != "no-cache":
        problems.append(f"index.html Cache-Control {headers.get('cache-control')!r}, want no-cache")
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).relative_to(site).as_posix()
    status, headers, _ = _get(base + bundle)
    if status != 200 or headers.get("cache-control") != IMMUTABLE:
        problems.append(f"{bundle}: {status} Cache-Control {headers.get('cache-control')!r}, want {IMMUTABLE!r}")
    problems += [f"{bundle}: header {h}" for h in _missing_headers(headers, policy)]
    css = next(site.glob("assets/stylesheets/main.*.min.css")).relative_to(site).as_posix()
    for rel in (css, "assets/images/logo.svg", "search/search_index.json"):
        status, headers, _ = _get(base + rel)
        if status != 200 or "charset=utf-8" not in headers.get("content-type", "").lower():
            problems.append(f"{rel}: {status} Content-Type {headers.get('content-type')!r}, want charset=utf-8")
    # Security review F14: the bare sub-path redirect must not send readers to http://
    # (Apache always writes an absolute Location; the scheme comes from ServerName).
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {
        "redirect_request": lambda *a, **k: None}))
    try:
        opener.open(base.rstrip("/"), timeout=10)
        problems.append("no redirect from the bare sub-path")
    except urllib.error.HTTPError as err:
        location = err.headers.get("Location", "")
        if err.code != 301 or location.startswith("http://") or not location.endswith(PREFIX + "/"):
            problems.append(f"bare sub-path: {err.code} to {err.headers.get('Location')}")
    assert problems == [], "\n".join(problems)
