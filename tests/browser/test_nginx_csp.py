"""The intranet kit for real: the site built for /oncology/bone-metastases/, served by
Debian's nginx with a config generated from deploy/nginx.conf.template and the CSP
from scripts/build_csp.py, then browsed in Chromium.

nginx runs as the current user (root in CI containers, a normal user on a laptop)
with its own prefix, pid, logs and temp folders in a temporary folder, on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts import build_csp
from tests.browser.search_helpers import search
from tests.helpers import ROOT, build_site, free_port, require, world_readable_tempdir

pytestmark = [pytest.mark.browser, pytest.mark.nginx]

PREFIX = "/oncology/bone-metastases"
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "x-frame-options": "SAMEORIGIN",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
IMMUTABLE = "public, max-age=31536000, immutable"
# Collects CSP violations in every page (init scripts are not subject to the CSP).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""


def _nginx() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    return require(path, "nginx is not installed (apt-get install nginx); .ci/run installs it in CI")


def _main_config(work: Path, port: int, site_conf: Path) -> str:
    """A minimal nginx.conf that includes the generated site snippet, like a hospital's
    own server block would. Run as root, workers drop to nobody (the site is
    world-readable); run as a user, everything stays that user's."""
    user = ""
    if os.geteuid() == 0:
        import grp

        group = "nogroup" if any(g.gr_name == "nogroup" for g in grp.getgrall()) else "nobody"
        user = f"user nobody {group};"
    temp = work / "temp"
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


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"nginx exited with {proc.returncode}:\n{log.read_text() if log.exists() else ''}", pytrace=False)
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("nginx did not start listening within 10 s", pytrace=False)


@pytest.fixture(scope="module")
def nginx_site():
    """(base URL ending in /, the CSP sent, the built site folder)."""
    nginx = _nginx()
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}/"
    result = build_site(env={"SITE_URL": base})
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.log}", pytrace=False)
    site = result.site

    work = world_readable_tempdir("nginx-")
    (work / "temp").mkdir()
    site_conf = work / "bone-metastases.conf"
    # The same command DEPLOYMENT.md gives hospital IT.
    generate = subprocess.run(
        [sys.executable, "scripts/build_csp.py", str(site), "--template", "deploy/nginx.conf.template",
         "--set", f"PREFIX={PREFIX}", "--set", f"SITE_ROOT={site}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert generate.returncode == 0, generate.stderr
    site_conf.write_text(generate.stdout)
    policy = build_csp.build_policy(build_csp.scan_site(site))
    assert f'"{policy}"' in generate.stdout
    conf = work / "nginx.conf"
    conf.write_text(_main_config(work, port, site_conf))
    for path in work.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)

    command = [nginx, "-p", str(work), "-e", str(work / "error.log"), "-c", str(conf)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}"
    with open(work / "error.log", "ab") as log:  # nginx's own startup messages go here too
        proc = subprocess.Popen([*command, "-g", "daemon off;"], stdout=log, stderr=log)
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
def csp_page(browser, nginx_site):
    """A page that records CSP violations, console errors and every request."""
    base = nginx_site[0]
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


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def _off_origin(page) -> list[str]:
    return [u for u in page.record["requests"] if not u.startswith(page.origin) and not u.startswith(("data:", "blob:"))]


def _missing_headers(headers: dict, policy: str) -> list[str]:
    expected = {**HEADERS, "content-security-policy": policy}
    return [f"{name}: {headers.get(name)!r}" for name, value in expected.items() if headers.get(name) != value]


def test_every_page_loads_with_security_headers_and_no_csp_violation(nginx_site, csp_page, pages):
    base, policy, _ = nginx_site
    problems = []
    for name in pages:
        response = csp_page.goto(base + name)
        csp_page.wait_for_load_state("load")
        if response.status != 200:
            problems.append(f"{name}: HTTP {response.status}")
        problems += [f"{name}: header {h}" for h in _missing_headers(response.headers, policy)]
        problems += [f"{name}: CSP violation {v}" for v in _violations(csp_page)]
    # Every file the pages loaded (styles, scripts, images) carries the headers too.
    for response in csp_page.record["responses"]:
        problems += [f"{response.url}: header {h}" for h in _missing_headers(response.headers, policy)
                     if response.url.startswith(base)]
    problems += [f"console {m}" for m in csp_page.record["console"]]
    problems += [f"off-origin request {u}" for u in _off_origin(csp_page)]
    assert problems == []
    assert "'unsafe-inline'" not in policy and "'sha256-" in policy


def test_search_and_palette_work_under_the_csp(nginx_site, csp_page):
    """Search runs its worker; the palette toggle is saved by Material's hashed inline
    helpers (__md_set) and restored by the hashed inline palette script on the next
    page; tooltips open. (With the hashes left out, __md_scope is never defined and
    search itself never finishes: checked by hand.)"""
    base = nginx_site[0]
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
    assert _violations(csp_page) == []
    assert csp_page.record["console"] == []
    assert _off_origin(csp_page) == []


def test_missing_page_gets_the_styled_404_page(nginx_site, csp_page):
    base, policy, _ = nginx_site
    response = csp_page.goto(base + "no/such/page.html")
    assert response.status == 404
    assert _missing_headers(response.headers, policy) == []
    assert csp_page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert "404" in csp_page.locator("article").inner_text()
    assert _violations(csp_page) == []
    assert _off_origin(csp_page) == []


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_caching_compression_and_the_bare_sub_path(nginx_site):
    base, policy, site = nginx_site
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
    # Every text type carries its charset (nginx only adds it to text/html by default).
    css = next(site.glob("assets/stylesheets/main.*.min.css")).relative_to(site).as_posix()
    for rel in (css, "assets/images/logo.svg", "search/search_index.json"):
        status, headers, _ = _get(base + rel)
        if status != 200 or "charset=utf-8" not in headers.get("content-type", "").lower():
            problems.append(f"{rel}: {status} Content-Type {headers.get('content-type')!r}, want charset=utf-8")
    # Behind a proxy (a Via: header) the text is still compressed.
    status, headers, _ = _get(base + "index.html", **{"Accept-Encoding": "gzip", "Via": "1.1 proxy"})
    if headers.get("content-encoding") != "gzip":
        problems.append(f"index.html via a proxy not gzipped: {headers.get('content-encoding')}")
    status, headers, _ = _get(base + "assets/stylesheets/extra.css")
    if headers.get("cache-control") != "no-cache":
        problems.append(f"extra.css (not fingerprinted) Cache-Control {headers.get('cache-control')!r}")
    # Without the final slash: a redirect to the site, not a 404.
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {
        "redirect_request": lambda *a, **k: None}))
    try:
        opener.open(base.rstrip("/"), timeout=10)
        problems.append("no redirect from the bare sub-path")
    except urllib.error.HTTPError as err:
        if err.code != 301 or err.headers["Location"] != PREFIX + "/":
            problems.append(f"bare sub-path: {err.code} to {err.headers.get('Location')}")
    assert problems == []


def test_csp_check_against_the_running_server_and_a_stale_config(nginx_site, tmp_path):
    """Security review F11: `build_csp.py site --check URL|CONFIG` (make csp-check) catches an old config."""
    base, policy, site = nginx_site
    check = [sys.executable, "scripts/build_csp.py", str(site), "--check"]
    live = subprocess.run([*check, base + "no-such-page.html"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert live.returncode == 0 and "matches this build" in live.stdout, live.stderr
    # A config generated from a build for another SITE_URL (a different 404.html hash).
    other = build_site(env={"SITE_URL": "http://127.0.0.1:8000/"})
    assert other.returncode == 0
    old = subprocess.run([sys.executable, "scripts/build_csp.py", str(other.site)], cwd=ROOT, capture_output=True, text=True)
    stale = tmp_path / "old.conf"
    stale.write_text(f'add_header Content-Security-Policy "{old.stdout.strip()}" always;\n')
    result = subprocess.run([*check, str(stale)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "does not match this build" in result.stderr and "script-src" in result.stderr
