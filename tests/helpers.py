"""Shared helpers for tests: building the site and serving it on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from scripts.sandbox import free_port, world_readable_tempdir  # noqa: F401  (re-exported for tests)

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]
SUB_PATH = "/some/sub/path/"


@dataclass
class Build:
    site: Path
    returncode: int
    log: str

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


def build_site(project: Path = ROOT, site_dir: Path | None = None, env: dict | None = None,
               timeout: float = 300) -> Build:
    site_dir = site_dir or world_readable_tempdir("site-") / "site"
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        [*MKDOCS, "build", "--clean", "--site-dir", str(site_dir)],
        cwd=project, env=full_env, capture_output=True, text=True, timeout=timeout,
    )
    return Build(site_dir, proc.returncode, proc.stdout + proc.stderr)


def copy_project(dest: Path) -> Path:
    """A scratch copy of everything the build reads, for injecting editor mistakes."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "includes", "data"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under `prefix`, like an intranet host serving a sub-path."""

    prefix = SUB_PATH

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

    def log_message(self, *args):  # keep test output quiet
        pass


@contextlib.contextmanager
def serve(site: Path, port: int, prefix: str = SUB_PATH):
    handler = functools.partial(type("H", (_SubPathHandler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
