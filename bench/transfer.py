"""Page weight: a local server that caches like a real host and logs what it sends,
and the accounting of what a page view downloaded."""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import http.server
import mimetypes
import posixpath
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from bench.config import page_url
from bench.report import fmt_kb
from scripts.local_site import Server

# Material fingerprints its own bundles (main.57a0d79d.min.css): safe to cache forever.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.(css|js)$")


def gzip_size(body: bytes) -> int:
    """Bytes on the wire if the server gzips the body at level 6 (fixed mtime)."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def kind_of(path: str) -> str:
    """Bucket a response for the transfer breakdown."""
    ext = posixpath.splitext(urllib.parse.urlsplit(path).path)[1].lower()
    if ext in (".html", ""):
        return "html"
    if ext == ".css":
        return "css"
    if ext in (".js", ".mjs"):
        return "search" if "search_index" in path else "js"
    if ext == ".json":
        return "search" if "search" in path else "other"
    if ext in (".woff", ".woff2", ".ttf", ".otf", ".eot"):
        return "fonts"
    if ext in (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"):
        return "images"
    return "other"


@dataclass
class Transfer:
    """What one page view downloaded. `responses` are (path, status, raw bytes, gzip bytes);
    `external` are URLs outside the site that the page asked for (nothing measurable)."""

    responses: list = field(default_factory=list)
    external: list = field(default_factory=list)

    @property
    def gzip_bytes(self) -> int:
        return sum(r[3] for r in self.responses)

    @property
    def page_bytes(self) -> int:
        """The page itself (HTML, CSS, JS, fonts, images): everything but the search
        index, which Material prefetches as data for the search box."""
        return sum(r[3] for r in self.responses if kind_of(r[0]) != "search")

    @property
    def raw_bytes(self) -> int:
        return sum(r[2] for r in self.responses)

    def by_kind(self) -> dict:
        out: dict = {}
        for path, _status, _raw, gz in self.responses:
            kind = kind_of(path)
            out[kind] = out.get(kind, 0) + gz
        return dict(sorted(out.items()))

    def to_json(self) -> dict:
        return {
            "gzip_bytes": self.gzip_bytes, "page_bytes": self.page_bytes, "raw_bytes": self.raw_bytes,
            "requests": len(self.responses),
            "by_kind": self.by_kind(), "external_unmeasured": self.external,
            "responses": [{"path": p, "status": s, "raw": r, "gzip": g} for p, s, r, g in self.responses],
        }



def cache_control(path: str) -> str:
    """What the bench server sends: fingerprinted bundles forever, HTML revalidated every
    time (a new page or a new release shows at once), other assets for 10 minutes
    (GitHub Pages' own default for everything)."""
    if FINGERPRINTED.search(path):
        return "public, max-age=31536000, immutable"
    if kind_of(path) == "html":
        return "no-cache"
    return "public, max-age=600"



# ---------------------------------------------------------------------------
# A local HTTP server that caches like a real host and logs what it sends
# ---------------------------------------------------------------------------

class BenchServer:
    """Serves one built site at http://127.0.0.1:<port>/ with Cache-Control (see
    cache_control), Last-Modified/ETag revalidation and gzip, and logs every response
    as (path, status, raw bytes, gzip bytes) so a page view's transfer is exactly what
    left the server while it loaded."""

    def __init__(self, root: Path):
        self.root = root
        self.log: list = []
        self.lock = threading.Lock()
        self._files: dict = {}
        self._server = Server(root, handler=self._handler())  # binds its port now
        self.port, self.url = self._server.port, self._server.url

    def start(self) -> BenchServer:
        self._server.start()
        return self

    def close(self) -> None:
        self._server.close()

    def __enter__(self) -> BenchServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def mark(self) -> int:
        with self.lock:
            return len(self.log)

    def since(self, mark: int) -> list:
        with self.lock:
            return list(self.log[mark:])

    def file(self, rel: str):
        """(body, gzip body, ETag, mtime, content type) of a file under root (a folder
        means its index.html), read once; None if missing or outside root."""
        if rel not in self._files:
            path = (self.root / rel).resolve()
            if not path.is_relative_to(self.root.resolve()):
                return None
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                self._files[rel] = None
            else:
                body = path.read_bytes()
                self._files[rel] = (body, gzip.compress(body, compresslevel=6, mtime=0),
                                    '"' + hashlib.sha1(body).hexdigest()[:16] + '"', path.stat().st_mtime,
                                    mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        return self._files[rel]

    def _handler(self):
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_HEAD(self):
                self.do_GET(head=True)

            def do_GET(self, head=False):
                rel = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/")
                entry = server.file(rel)
                status = 200
                if entry is None:
                    status, entry = 404, server.file("404.html") or (b"not found", b"", '"0"', 0, "text/plain")
                body, gz, etag, mtime, ctype = entry
                if ctype.startswith("text/") or ctype.endswith(("javascript", "json", "xml", "svg+xml")):
                    ctype += "; charset=utf-8" if "charset" not in ctype else ""
                fresh = status == 200 and (self.headers.get("If-None-Match") == etag)
                if fresh:
                    status = 304
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Cache-Control", cache_control(rel or "index.html") if status != 404 else "no-store")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
                compress = gz and "gzip" in self.headers.get("Accept-Encoding", "") and len(gz) < len(body)
                sent = b"" if status == 304 else (gz if compress else body)
                if compress:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
                self.send_header("Content-Length", str(len(sent)))
                if not head:  # logged before sending, so the client cannot see a response the log lacks
                    with server.lock:
                        raw, packed = (0, 0) if status == 304 else (len(body), len(gz) or gzip_size(body))
                        server.log.append((rel or "index.html", status, raw, packed))
                self.end_headers()
                if not head:
                    self.wfile.write(sent)

            def log_message(self, *args):
                pass

        return Handler


MOBILE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
          "has_touch": True}



def _view(page, server: BenchServer, url: str) -> Transfer:
    """Open `url` in `page` and return what the server sent until the network went idle
    (Material fetches the search index after `load`), plus failed off-site requests."""
    external: list[str] = []

    def on_fail(request):
        if not request.url.startswith((server.url, "data:", "blob:")):
            external.append(request.url)

    page.on("requestfailed", on_fail)
    mark = server.mark()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfailed", on_fail)
    return Transfer(responses=server.since(mark), external=external)


def measure_transfer(browser, server: BenchServer, site_dir: Path, pages: list[str], all_pages: list[str]) -> dict:
    """Per page: first view in a fresh context; repeat view = the page opened after
    another page (the home page, or the next page for the home page itself) in the same
    context, so shared assets are already in the HTTP cache."""
    out = {}
    for key in pages:
        ctx = browser.new_context(**MOBILE)
        first = _view(ctx.new_page(), server, server.url + page_url(site_dir, key))
        ctx.close()
        warm = "index.html" if key != "index.html" else next(p for p in all_pages if p != key)
        ctx = browser.new_context(**MOBILE)
        page = ctx.new_page()
        _view(page, server, server.url + page_url(site_dir, warm))
        repeat = _view(page, server, server.url + page_url(site_dir, key))
        ctx.close()
        out[key] = {"first_view": first.to_json(), "repeat_view": {**repeat.to_json(), "after": warm}}
        print(f"  {key}: first {fmt_kb(first.page_bytes)} (+{fmt_kb(first.gzip_bytes - first.page_bytes)} search "
              f"index), repeat {fmt_kb(repeat.gzip_bytes)}"
              + (f", {len(first.external)} external request(s) not measured" if first.external else ""), flush=True)
    return out
