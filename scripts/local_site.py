"""The local-site toolkit shared by the tests and `make bench`: temp folders, one
strict-build runner, one HTTP server that holds its port from the start, and one way
to find and launch Chromium without network access.

No pytest and no Playwright import here: the tests wrap these in fixtures
(tests/conftest.py) and the bench calls them directly.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def world_readable_tempdir(prefix: str) -> Path:
    """A fresh temp folder readable by every user: linkchecker drops to `nobody` when
    run as root, and a 0700 folder would make it fail with "Permission denied"."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now. Only for servers we do not bind
    ourselves (nginx): another process may take it before they start, so such a
    caller retries. Our own servers use Server, which binds port 0 and keeps it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------

@dataclass
class Build:
    site: Path
    returncode: int
    log: str
    seconds: float = 0.0

    @property
    def warnings(self) -> list[str]:
        """Each WARNING/ERROR with its indented continuation lines joined on."""
        found: list[str] = []
        for line in self.log.splitlines():
            if line.startswith(("WARNING", "ERROR")):
                found.append(line)
            elif found and line.startswith((" ", "\t")) and line.strip():
                found[-1] += " " + line.strip()
        return found


def builder() -> str:
    """The site generator the tests build with: `mkdocs`, or `properdocs` (the
    maintained MkDocs 1.x fork) when SITE_BUILDER=properdocs (`make properdocs`)."""
    name = os.environ.get("SITE_BUILDER", "mkdocs")
    if name not in ("mkdocs", "properdocs"):
        raise ValueError(f"SITE_BUILDER={name!r}: use mkdocs or properdocs")
    return name


def build_site(project: Path = ROOT, site_dir: Path | None = None, env: dict | None = None,
               config: Path | None = None, strict: bool = False, timeout: float = 600) -> Build:
    """One fresh `mkdocs build` (or `properdocs build`) in its own process, run from `project` (so the
    project's own `scripts` package is the one its hooks import). The tests rely on
    `strict: true` in mkdocs.yml itself; `strict=True` adds `--strict` for other
    configs (the bench baseline). `timeout` (seconds) turns a hung build into an error."""
    site_dir = site_dir or world_readable_tempdir("site-") / "site"
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    cmd = [sys.executable, "-m", builder(), "build", "--clean", "--site-dir", str(site_dir)]
    if strict:
        cmd.append("--strict")
    if config is not None:
        cmd += ["--config-file", str(config)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=project, env=full_env, capture_output=True, text=True, timeout=timeout)
    return Build(site_dir, proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - start)


# ---------------------------------------------------------------------------
# Serving
# ---------------------------------------------------------------------------

class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Browsers drop keep-alive connections when a page closes: not an error."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder only under `prefix`, like an intranet host serving a sub-path,
    with the site's own 404 page."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):  # keep test and bench output quiet
        pass


class Server:
    """A threaded HTTP server on 127.0.0.1 that binds a free port when it is created,
    so the URL is known (and the port held) before the site it serves is built; it
    starts answering on `start()`. Until then connections wait in the listen queue.

    `handler` replaces the default sub-path file handler (the bench passes its caching
    one)."""

    def __init__(self, root: Path, prefix: str = "/", handler=None):
        self.root, self.prefix = Path(root), prefix
        if handler is None:
            handler = functools.partial(type("Handler", (SubPathHandler,), {"prefix": prefix}), directory=str(self.root))
        self._httpd = QuietServer(("127.0.0.1", 0), handler)
        self.port = self._httpd.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def start(self) -> Server:
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
            self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------

# The proxy points at a closed local port, so any request that would leave 127.0.0.1
# fails at once instead of waiting on DNS (Chromium never proxies loopback); the rest
# stop Chromium calling home. Shared by Playwright (tests, bench) and Lighthouse.
NO_NETWORK_FLAGS = [
    "--proxy-server=http://127.0.0.1:9", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only",
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", *NO_NETWORK_FLAGS]
NO_CHROMIUM = "no Chromium found; install Debian's chromium (or set CHROMIUM=/path/to/chrome)"


def chromium_path() -> str | None:
    """$CHROMIUM, Debian's /usr/bin/chromium, or `chromium` on PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def launch_chromium(playwright, **options):
    """Headless Chromium through Playwright with CHROMIUM_ARGS. Raises Playwright's
    Error when no browser can be started."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True, **options)
