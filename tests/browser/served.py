"""What the browser tests of a served site share, each in one place.

- Real web servers (test_nginx_csp.py, test_apache_csp.py): `deploy()` builds the site
  for PREFIX on a free port and generates the server's snippet and strict CSP the way
  DEPLOYMENT.md tells hospital IT; `running()` runs the server in the foreground for a
  `with` block and stops it by its PID; `recording_page()` (as a fixture,
  `recording_page_fixture()`) is a Chromium page that records CSP violations, console
  errors, requests and responses; `walk_problems()`, `caching_problems()`,
  `assert_styled_404()` and `missing_headers()` are the checks both servers must pass.
- axe (test_pictures.py, test_governance_accessibility.py): `axe_problems()` runs
  test_accessibility.py's `Reader` over some pages in every width and palette.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts import build_csp
from tests.browser.test_accessibility import COMBOS, Reader
from tests.helpers import ROOT, build_site, free_port, world_readable_tempdir

# ---------------------------------------------------------------------------
# A real web server serving the site under a sub-path with a strict CSP
# ---------------------------------------------------------------------------

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


@dataclass
class Deployment:
    port: int  # where the server listens on 127.0.0.1
    base: str  # the site's URL, ending in /
    policy: str  # the CSP the server sends
    site: Path  # the built site
    work: Path  # the server's own folder: config, pid, logs
    conf: Path  # the server's main config


def worker_user() -> tuple[str, str] | None:
    """Run as root, the server's workers drop to nobody (the site is world-readable);
    run as a user (None), everything stays that user's."""
    if os.geteuid() != 0:
        return None
    import grp

    return "nobody", "nogroup" if any(g.gr_name == "nogroup" for g in grp.getgrall()) else "nobody"


def deploy(template: str, conf_name: str, main_config: Callable[[Path, int, Path], str]) -> Deployment:
    """The strict build for http://127.0.0.1:<free port>PREFIX/, the site snippet
    generated from `template` (with its CSP) by the command DEPLOYMENT.md gives hospital
    IT, and `main_config(work, port, site_conf)` written to `conf_name`, all in a
    world-readable temporary folder."""
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}/"
    result = build_site(env={"SITE_URL": base})
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.log}", pytrace=False)
    site = result.site

    work = world_readable_tempdir(Path(conf_name).stem + "-")
    site_conf = work / "bone-metastases.conf"
    generate = subprocess.run(
        [sys.executable, "scripts/build_csp.py", str(site), "--template", template,
         "--set", f"PREFIX={PREFIX}", "--set", f"SITE_ROOT={site}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert generate.returncode == 0, generate.stderr
    site_conf.write_text(generate.stdout)
    policy = build_csp.build_policy(build_csp.scan_site(site))
    assert f'"{policy}"' in generate.stdout
    conf = work / conf_name
    conf.write_text(main_config(work, port, site_conf))
    for path in work.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return Deployment(port, base, policy, site, work, conf)


def _wait_for_port(name: str, port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{name} exited with {proc.returncode}:\n{log.read_text() if log.exists() else ''}", pytrace=False)
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"{name} did not start listening within 10 s", pytrace=False)


@contextlib.contextmanager
def running(command: list[str], deployment: Deployment, *, output: Path, error_log: Path,
            env: dict | None = None) -> Iterator[None]:
    """`command` (a server in the foreground) running until the block ends, once it
    listens on the deployment's port; its output is appended to `output`, and
    `error_log` is shown if it exits early. Stopped by its PID, killed after 10 s."""
    name = Path(command[0]).name
    with open(output, "ab") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=log, env=env)
    try:
        _wait_for_port(name, deployment.port, proc, error_log)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def recording_page(browser, base: str):
    """A page that records CSP violations, console errors, every request and every
    response (page.record), with page.origin the server's origin."""
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
    try:
        yield page
    finally:
        context.close()


def recording_page_fixture(deployment_fixture: str):
    """A function-scoped fixture: recording_page() on the site that the fixture named
    `deployment_fixture` serves. Use as `csp_page = recording_page_fixture("nginx_site")`."""

    @pytest.fixture
    def fixture(browser, request):
        with recording_page(browser, request.getfixturevalue(deployment_fixture).base) as page:
            yield page

    return fixture


def violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def off_origin(page) -> list[str]:
    return [u for u in page.record["requests"] if not u.startswith(page.origin) and not u.startswith(("data:", "blob:"))]


def missing_headers(headers: dict, policy: str) -> list[str]:
    expected = {**HEADERS, "content-security-policy": policy}
    return [f"{name}: {headers.get(name)!r}" for name, value in expected.items() if headers.get(name) != value]


def walk_problems(page, deployment: Deployment, names: list[str]) -> list[str]:
    """Open every page in `names`: what was not a 200, lacked a security header or broke
    the CSP; then every file the pages loaded (styles, scripts, images) without the
    headers, console errors and requests that left the server."""
    base, policy = deployment.base, deployment.policy
    problems = []
    for name in names:
        response = page.goto(base + name)
        page.wait_for_load_state("load")
        if response.status != 200:
            problems.append(f"{name}: HTTP {response.status}")
        problems += [f"{name}: header {h}" for h in missing_headers(response.headers, policy)]
        problems += [f"{name}: CSP violation {v}" for v in violations(page)]
    for response in page.record["responses"]:
        problems += [f"{response.url}: header {h}" for h in missing_headers(response.headers, policy)
                     if response.url.startswith(base)]
    problems += [f"console {m}" for m in page.record["console"]]
    problems += [f"off-origin request {u}" for u in off_origin(page)]
    return problems


def assert_styled_404(page, deployment: Deployment) -> None:
    """A missing page is a 404 with the security headers and the site's styled page."""
    response = page.goto(deployment.base + "no/such/page.html")
    assert response.status == 404
    assert missing_headers(response.headers, deployment.policy) == []
    assert page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    """(status, lower-cased headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def caching_problems(deployment: Deployment) -> list[str]:
    """index.html gzipped and revalidated, the fingerprinted bundle immutable with the
    security headers, and every text type with its charset."""
    base, policy, site = deployment.base, deployment.policy, deployment.site
    problems = []
    status, headers, body = get(base + "index.html", **{"Accept-Encoding": "gzip"})
    if headers.get("content-encoding") != "gzip" or b"<html" not in gzip.decompress(body):
        problems.append(f"index.html not gzipped: {headers.get('content-encoding')}")
    if headers.get("cache-control") != "no-cache":
        problems.append(f"index.html Cache-Control {headers.get('cache-control')!r}, want no-cache")
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).relative_to(site).as_posix()
    status, headers, _ = get(base + bundle)
    if status != 200 or headers.get("cache-control") != IMMUTABLE:
        problems.append(f"{bundle}: {status} Cache-Control {headers.get('cache-control')!r}, want {IMMUTABLE!r}")
    problems += [f"{bundle}: header {h}" for h in missing_headers(headers, policy)]
    css = next(site.glob("assets/stylesheets/main.*.min.css")).relative_to(site).as_posix()
    for rel in (css, "assets/images/logo.svg", "search/search_index.json"):
        status, headers, _ = get(base + rel)
        if status != 200 or "charset=utf-8" not in headers.get("content-type", "").lower():
            problems.append(f"{rel}: {status} Content-Type {headers.get('content-type')!r}, want charset=utf-8")
    return problems


def bare_sub_path_redirect(deployment: Deployment) -> tuple[int, str] | None:
    """(status, Location or "") of the site's URL without its final slash, not
    followed; None if the server answered without redirecting."""
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {
        "redirect_request": lambda *a, **k: None}))
    try:
        opener.open(deployment.base.rstrip("/"), timeout=10)
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Location", "")
    return None


# ---------------------------------------------------------------------------
# axe
# ---------------------------------------------------------------------------

@contextlib.contextmanager
def axe_readers(browser, base: str) -> Iterator[list[Reader]]:
    """One Reader (test_accessibility.py) per width and palette in COMBOS, each with its
    palette chosen; their contexts are closed when the block ends."""
    axe_script = Axe().axe_script
    readers = [Reader(browser, base, axe_script, width, palette) for width, palette in COMBOS]
    try:
        for reader in readers:
            reader.choose_palette()
        yield readers
    finally:
        for reader in readers:
            reader.context.close()


def axe_problems(readers: list[Reader], names) -> list[str]:
    """axe's WCAG 2.2 AA violations on each page in `names` in every reader (run in all
    of them at once), one line each; empty when there are none."""
    for name in names:
        for reader in readers:
            reader.page.goto(reader.base + name)
            reader.start(name)
        for reader in readers:
            reader.collect()
    return [p for reader in readers for p in reader.problems]
