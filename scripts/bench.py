"""`make bench`: this site against plain Material, both built in the same run.

Figures, for this site (mkdocs.yml) and a baseline (bench/baseline-mkdocs.yml: the same
docs/ with Material defaults and only what is needed to render the same content):

- strict build time: median of N fresh `mkdocs build` subprocesses (default 5);
- first-view transfer per page: gzip size (level 6) of every response body the page
  pulls in when it loads in Chromium (HTML, CSS, JS, fonts, images, search index), and
  repeat-view transfer: what a second page newly downloads in the same browser
  context, with a warm cache, from a local server that sends Cache-Control;
- search hit@1 / hit@3 on data/search-queries.yml and the median time from the last
  keystroke to the results list changing, over HTTP and from file://;
- Lighthouse 12.2.3 mobile scores for every page over local HTTP (needs Node).

Writes bench/results.md and bench/results.json (partial runs: bench/work/).
Pure helpers (median, gzip accounting, hit rates, targets, table rendering) are at
the top and unit-tested in tests/unit/test_bench.py; Playwright and Node are only
touched by the runners below them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import gzip
import hashlib
import http.server
import json
import mimetypes
import os
import platform
import posixpath
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as `python scripts/bench.py`
from scripts.sandbox import free_port, world_readable_tempdir  # noqa: E402
BENCH = ROOT / "bench"
QUERIES = ROOT / "data" / "search-queries.yml"
LIGHTHOUSE_VERSION = "12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
KB = 1000  # bytes; targets and tables use decimal kilobytes

SITES = {
    "site": {"label": "This site", "config": ROOT / "mkdocs.yml"},
    "baseline": {"label": "Plain Material", "config": BENCH / "baseline-mkdocs.yml"},
}

TARGETS = {
    "lighthouse": 100,              # every category, every page
    "first_view_bytes": 90 * KB,    # gzip, every page
    "hit_at_3": 0.95,               # HTTP and file://
    "results_ms": 300,              # median, HTTP and file://
}

# Chromium for Playwright and Lighthouse. The proxy points at a closed local port, so
# any request that would leave 127.0.0.1 fails at once instead of waiting on DNS
# (Chromium never proxies loopback); the rest stop Chromium calling home.
NO_NETWORK_FLAGS = [
    "--proxy-server=http://127.0.0.1:9", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only",
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", *NO_NETWORK_FLAGS]
LIGHTHOUSE_CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", *NO_NETWORK_FLAGS]

# Material fingerprints its own bundles (main.57a0d79d.min.css): safe to cache forever.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.(css|js)$")


# ---------------------------------------------------------------------------
# Pure helpers (unit-tested)
# ---------------------------------------------------------------------------

def median(values):
    """Median of the numbers that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def gzip_size(body: bytes) -> int:
    """Bytes on the wire if the server gzips the body at level 6 (fixed mtime)."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def kind_of(path: str, content_type: str = "") -> str:
    """Bucket a response for the transfer breakdown."""
    ext = posixpath.splitext(urllib.parse.urlsplit(path).path)[1].lower()
    if ext in (".html", "") or content_type.startswith("text/html"):
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


def page_key(path: str) -> str:
    """A page's name whatever the URL style: 'how-common/' and 'how-common.html' are
    both 'how-common.html'; '', './' and 'index.html' are 'index.html'. Drops query
    and fragment."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
    while path.startswith("./"):
        path = path[2:]
    path = path.lstrip("/")
    if path in ("", "."):
        return "index.html"
    if path.endswith("/"):
        path += "index.html"
    if path.endswith("/index.html"):
        return path[: -len("/index.html")] + ".html"
    return path


def result_pages(hrefs: list[str], page_url: str, base_url: str) -> list[str]:
    """Search result links (relative to the page they are shown on) as page keys,
    best first, each page once."""
    out: list[str] = []
    for href in hrefs:
        absolute = urllib.parse.urljoin(page_url, href).split("#", 1)[0]
        if not absolute.startswith(base_url):
            continue
        key = page_key(absolute[len(base_url):])
        if key not in out:
            out.append(key)
    return out


def hit(expected: list[str], found: list[str], k: int) -> bool:
    wanted = {page_key(e) for e in expected}
    return any(page in wanted for page in found[:k])


def hit_rate(rows: list[dict], k: int):
    """Share of queries with an expected page in the top k (None when no rows)."""
    if not rows:
        return None
    return sum(hit(r["expect"], r["found"], k) for r in rows) / len(rows)


def section_rate(rows: list[dict]):
    """Share of the queries with an expected section (`anchor`) whose top 3 results
    offer that section (`anchors`: the fragments of their links). None when none."""
    judged = [r for r in rows if r.get("anchor")]
    if not judged:
        return None
    return sum(r["anchor"] in r.get("anchors", []) for r in judged) / len(judged)


def parse_queries(data) -> list[dict]:
    """data/search-queries.yml: a list of {query, pages: [page.html, ...], section}
    (`expect` is accepted for `pages`; a single page may be a string; `section` is
    informational), or a mapping with that list under `queries`. Returns
    [{query, expect: [pages], anchor?}]; hit@k is judged by page, section_rate by
    `anchor` (the entry's `card`, else its `section`)."""
    if isinstance(data, dict):
        data = data.get("queries", [])
    if not isinstance(data, list):
        raise ValueError("expected a list of {query, pages} entries")
    out = []
    for i, entry in enumerate(data):
        pages = entry.get("pages", entry.get("expect")) if isinstance(entry, dict) else None
        if not pages or not entry.get("query"):
            raise ValueError(f"entry {i + 1}: needs `query` and `pages`")
        pages = pages if isinstance(pages, list) else [pages]
        row = {"query": str(entry["query"]), "expect": [str(e) for e in pages]}
        anchor = entry.get("card") or entry.get("section")
        if anchor:
            row["anchor"] = str(anchor)  # the section that answers it (a card for a warning sign)
        out.append(row)
    return out


def nav_block(config_text: str) -> str:
    """The top-level `nav:` block of a MkDocs config, as text (tags elsewhere in the
    file, such as !ENV, need no YAML loader this way)."""
    lines = config_text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("nav:")), None)
    if start is None:
        raise ValueError("no top-level nav: in the config")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] == " "):
        end += 1
    return "\n".join(lines[start:end]).rstrip() + "\n"


def baseline_config_text(baseline_text: str, site_config_text: str, root: Path) -> str:
    """The committed baseline config with this site's current nav (so both list the
    same pages in the same order) and its `../` paths made absolute (the copy is
    written to a temporary folder)."""
    text = baseline_text.replace(nav_block(baseline_text), nav_block(site_config_text))
    return re.sub(r"(?m)^(\s*(?:docs_dir:|-)\s*)\.\./", lambda m: f"{m.group(1)}{root.as_posix()}/", text)


def cache_control(path: str) -> str:
    """What the bench server sends: fingerprinted bundles forever, HTML revalidated every
    time (a new page or a new release shows at once), other assets for 10 minutes
    (GitHub Pages' own default for everything)."""
    if FINGERPRINTED.search(path):
        return "public, max-age=31536000, immutable"
    if kind_of(path) == "html":
        return "no-cache"
    return "public, max-age=600"


def fmt_kb(n) -> str:
    return "n/a" if n is None else f"{n / KB:.1f} KB"


def fmt_pct(x) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def fmt_ms(x) -> str:
    return "n/a" if x is None else f"{x:.0f} ms"


def fmt_s(x) -> str:
    return "n/a" if x is None else f"{x:.2f} s"


def verdict(ok) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def evaluate_targets(results: dict) -> list[dict]:
    """PASS/MISS per target for this site (None when the figure was not measured)."""
    site = results["sites"]["site"]
    out = []

    scores = site.get("lighthouse") or {}
    if scores:
        low = [f"{page} {cat} {score}" for page, cats in scores.items() for cat, score in cats.items()
               if cat in CATEGORIES and (score is None or score < TARGETS["lighthouse"])]
        ok = not low
    else:
        low, ok = [], None
    out.append({"id": "lighthouse", "target": "Lighthouse 100 in all four categories on every page", "ok": ok,
                "misses": low})

    views = site.get("transfer") or {}
    if views:
        heavy = [f"{page} {fmt_kb(v['first_view']['page_bytes'])}" for page, v in views.items()
                 if v["first_view"]["page_bytes"] > TARGETS["first_view_bytes"]]
        ok = not heavy
    else:
        heavy, ok = [], None
    limit = fmt_kb(TARGETS["first_view_bytes"])
    out.append({"id": "first_view", "target": f"First view (HTML, CSS, JS, fonts, images) at most {limit} gzip on every page",
                "ok": ok, "misses": heavy})

    search = site.get("search") or {}
    rates = {mode: s.get("hit_at_3") for mode, s in search.items()}
    known = [r for r in rates.values() if r is not None]
    ok = None if not search else (len(known) == len(rates) and all(r >= TARGETS["hit_at_3"] for r in known))
    goal = fmt_pct(TARGETS["hit_at_3"])
    out.append({"id": "hit_at_3", "target": f"Search hit@3 at least {goal} (HTTP and file://)", "ok": ok,
                "misses": [f"{m} {fmt_pct(r)}" for m, r in rates.items() if r is None or r < TARGETS["hit_at_3"]]})

    times = {mode: s.get("median_ms") for mode, s in search.items()}
    known = [t for t in times.values() if t is not None]
    ok = None if not search else (len(known) == len(times) and all(t <= TARGETS["results_ms"] for t in known))
    goal = f"{TARGETS['results_ms']} ms"
    out.append({"id": "results_ms", "target": f"Results within {goal} of the last keystroke (median, HTTP and file://)",
                "ok": ok, "misses": [f"{m} {fmt_ms(t)}" for m, t in times.items()
                                     if t is None or t > TARGETS["results_ms"]]})
    return out


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _lh_cell(cats: dict | None) -> str:
    if not cats:
        return "n/a"
    return "/".join("?" if cats.get(c) is None else str(cats[c]) for c in CATEGORIES)


def _search_cell(search: dict | None, mode: str, key: str, fmt) -> str:
    s = (search or {}).get(mode)
    if s is None:
        return "n/a"
    if s.get("error"):
        return "fails"
    return fmt(s.get(key))


def _min_lighthouse(scores: dict | None) -> str:
    if not scores:
        return "n/a"
    lows = {c: min((cats.get(c) if cats.get(c) is not None else -1) for cats in scores.values()) for c in CATEGORIES}
    return "/".join("?" if v < 0 else str(v) for v in lows.values())


def render_markdown(results: dict) -> str:
    """The results as Markdown (also printed to the terminal)."""
    site, base = results["sites"]["site"], results["sites"]["baseline"]
    t_list = evaluate_targets(results)
    ok = {t["id"]: verdict(t["ok"]) for t in t_list}

    def first_views(s, stat, key="page_bytes"):
        views = [v["first_view"][key] for v in (s.get("transfer") or {}).values()]
        return fmt_kb(stat(views)) if views else "n/a"

    def index_size(s):
        views = [v["first_view"]["gzip_bytes"] - v["first_view"]["page_bytes"] for v in (s.get("transfer") or {}).values()]
        return fmt_kb(median(views)) if views else "n/a"

    def repeat_views(s):
        views = [v["repeat_view"]["gzip_bytes"] for v in (s.get("transfer") or {}).values() if v.get("repeat_view")]
        return fmt_kb(median(views)) if views else "n/a"

    def external(s):
        views = (s.get("transfer") or {}).values()
        if not views:
            return "n/a"
        urls = [u for v in views for u in v["first_view"]["external_unmeasured"]]
        hosts = sorted({urllib.parse.urlsplit(u).hostname or u for u in urls})
        most = max(len(v["first_view"]["external_unmeasured"]) for v in views)
        return f"{most} ({', '.join(hosts)})" if hosts else "0"

    def build(s):
        b = s.get("build") or {}
        return fmt_s(b.get("median_s"))

    def search_pair(s, key, fmt):
        return " / ".join(_search_cell(s.get("search"), m, key, fmt) for m in ("http", "file"))

    runs = (site.get("build") or {}).get("runs", [])
    lines = [
        "# Benchmark: this site against plain Material",
        "",
        f"Run {results['generated']} on {results['machine']}"
        + (f", {results['load_end']:.1f} at end" if results.get("load_end") is not None else "")
        + ". `make bench` regenerates this file.",
        "",
        "## Summary",
        "",
    ]
    lines += _table(
        ["Figure", SITES["site"]["label"], SITES["baseline"]["label"], "Target", "Result"],
        [
            [f"Strict build time (median of {len(runs)})", build(site), build(base), "", ""],
            ["First view, heaviest page (HTML+CSS+JS+fonts+images, gzip)", first_views(site, max),
             first_views(base, max), f"≤ {fmt_kb(TARGETS['first_view_bytes'])}", ok["first_view"]],
            ["First view, median page (gzip)", first_views(site, median), first_views(base, median), "", ""],
            ["Search index prefetched at load (gzip)", index_size(site), index_size(base), "", ""],
            ["First view incl. search index, heaviest page (gzip)", first_views(site, max, "gzip_bytes"),
             first_views(base, max, "gzip_bytes"), "", ""],
            ["Repeat view, median page (gzip, warm cache)", repeat_views(site), repeat_views(base), "", ""],
            ["Requests leaving the site per first view (not measurable here)", external(site), external(base), "", ""],
            ["Search hit@1 (HTTP / file://)", search_pair(site, "hit_at_1", fmt_pct),
             search_pair(base, "hit_at_1", fmt_pct), "", ""],
            ["Search hit@3 (HTTP / file://)", search_pair(site, "hit_at_3", fmt_pct),
             search_pair(base, "hit_at_3", fmt_pct), f"≥ {fmt_pct(TARGETS['hit_at_3'])}", ok["hit_at_3"]],
            ["Search: expected section in the top 3 (HTTP / file://)", search_pair(site, "section_rate", fmt_pct),
             search_pair(base, "section_rate", fmt_pct), "", ""],
            ["Last keystroke to results, median (HTTP / file://)", search_pair(site, "median_ms", fmt_ms),
             search_pair(base, "median_ms", fmt_ms), f"≤ {TARGETS['results_ms']} ms", ok["results_ms"]],
            ["Lighthouse mobile, lowest page (perf/a11y/best/SEO)", _min_lighthouse(site.get("lighthouse")),
             _min_lighthouse(base.get("lighthouse")), "100/100/100/100", ok["lighthouse"]],
        ] + ([["Lighthouse CPU benchmark index, median (higher = less loaded machine)",
               *(f"{median(s.get('lighthouse_benchmark_index')):.0f}" if s.get("lighthouse_benchmark_index")
                 else "n/a" for s in (site, base)), "", ""]] if site.get("lighthouse_benchmark_index") else []),
    )
    lines += ["", "## Targets", ""]
    for t in t_list:
        extra = f" ({'; '.join(t['misses'][:8])}{' ...' if len(t['misses']) > 8 else ''})" if t["misses"] else ""
        lines.append(f"- **{verdict(t['ok'])}** {t['target']}{extra}")

    pages = list(dict.fromkeys([*(site.get("transfer") or {}), *(site.get("lighthouse") or {})]))
    if pages:
        lines += ["", "## Per page", "",
                  "First view without the search index, repeat view with everything it downloaded, both gzip; "
                  "Lighthouse as performance/accessibility/best practices/SEO.", ""]
        rows = []
        for page in pages:
            sv, bv = (site.get("transfer") or {}).get(page), (base.get("transfer") or {}).get(page)
            rows.append([
                page,
                fmt_kb(sv["first_view"]["page_bytes"]) if sv else "n/a",
                fmt_kb(bv["first_view"]["page_bytes"]) if bv else "n/a",
                fmt_kb(sv["repeat_view"]["gzip_bytes"]) if sv and sv.get("repeat_view") else "n/a",
                fmt_kb(bv["repeat_view"]["gzip_bytes"]) if bv and bv.get("repeat_view") else "n/a",
                _lh_cell((site.get("lighthouse") or {}).get(page)),
                _lh_cell((base.get("lighthouse") or {}).get(page)),
            ])
        lines += _table(["Page", "First view (site)", "First view (Material)", "Repeat (site)", "Repeat (Material)",
                         "Lighthouse (site)", "Lighthouse (Material)"], rows)

    kinds = {}
    for name in ("site", "baseline"):
        views = (results["sites"][name].get("transfer") or {}).values()
        for v in views:
            for kind, n in v["first_view"]["by_kind"].items():
                kinds.setdefault(kind, {}).setdefault(name, []).append(n)
    if kinds:
        lines += ["", "### First view by type (median page, gzip)", ""]
        lines += _table(["Type", SITES["site"]["label"], SITES["baseline"]["label"]],
                        [[k, fmt_kb(median(v.get("site", []))), fmt_kb(median(v.get("baseline", [])))]
                         for k, v in sorted(kinds.items())])

    misses = []
    for name in ("site", "baseline"):
        for mode, s in (results["sites"][name].get("search") or {}).items():
            for row in s.get("rows", []):
                if not hit(row["expect"], row["found"], 3):
                    misses.append([SITES[name]["label"], mode, f"`{row['query']}`", ", ".join(row["expect"]),
                                   ", ".join(row["found"][:3]) or "(none)"])
    if misses:
        lines += ["", "## Search queries missing from the top 3", ""]
        lines += _table(["Site", "Mode", "Query", "Expected", "Top 3 found"], misses)

    lost_rows = []
    for name in ("site", "baseline"):
        counts: dict = {}
        for audits in (results["sites"][name].get("lighthouse_lost") or {}).values():
            for audit in audits:
                counts[audit.split(" (")[0]] = counts.get(audit.split(" (")[0], 0) + 1
        lost_rows += [[SITES[name]["label"], audit, str(n)] for audit, n in sorted(counts.items())]
    if lost_rows:
        lines += ["", "## Lighthouse audits that cost points", "",
                  "Audits scoring below 1 in the median run of each page (a metric can cost a point or less).", ""]
        lines += _table(["Site", "Category: audit", "Pages"], lost_rows)

    lines += ["", "## Notes", ""] + [f"- {n}" for n in results.get("notes", [])]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------

def build(config: Path, site_dir: Path, site_url: str) -> float:
    """One fresh strict build in its own process; returns wall-clock seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config),
           "--site-dir", str(site_dir)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"strict build of {config} failed:\n{proc.stdout}{proc.stderr}")
    return elapsed


def built_pages(site_dir: Path) -> list[str]:
    """Content pages as keys ('how-common.html'), from the docs/ sources."""
    return sorted(p.relative_to(ROOT / "docs").with_suffix(".html").as_posix() for p in (ROOT / "docs").rglob("*.md"))


def page_url(site_dir: Path, key: str) -> str:
    """Relative URL of page `key` as the build links to it: 'faq.html', or with
    directory URLs 'faq/' and '' for the home page (its canonical URL: Lighthouse
    fails a page whose canonical differs from the URL it was opened at)."""
    if not any(site_dir.glob("*/index.html")):
        return key
    return "" if key == "index.html" else key[: -len(".html")] + "/"


# ---------------------------------------------------------------------------
# A local HTTP server that caches like a real host and logs what it sends
# ---------------------------------------------------------------------------

class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """Browsers drop keep-alive connections when a page closes: not an error."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class BenchServer:
    """Serves one built site at http://127.0.0.1:<port>/ with Cache-Control (see
    cache_control), Last-Modified/ETag revalidation and gzip, and logs every response
    as (path, status, raw bytes, gzip bytes) so a page view's transfer is exactly what
    left the server while it loaded."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.log: list = []
        self.lock = threading.Lock()
        self._files: dict = {}
        self._httpd = _QuietServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()

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


# ---------------------------------------------------------------------------
# Chromium runners (Playwright)
# ---------------------------------------------------------------------------

MOBILE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
          "has_touch": True}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


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


# Resolves with ms from the last keyup to the first change of the results list that
# shows results for the full query (items, or Material's "no matching documents").
TIMING_JS = """
q => {
  const input = document.querySelector('input.md-search__input');
  const output = document.querySelector('.md-search-result');
  window.__benchResult = new Promise(resolve => {
    let t0 = null;
    const done = ms => { observer.disconnect(); resolve(ms); };
    input.addEventListener('keyup', () => { if (input.value === q) t0 = performance.now(); }, {once: true});
    const observer = new MutationObserver(() => {
      if (t0 === null || input.value !== q) return;
      const items = output.querySelectorAll('.md-search-result__item').length;
      const meta = (output.querySelector('.md-search-result__meta') || {}).textContent || '';
      if (items > 0 || /no matching/i.test(meta)) done(performance.now() - t0);
    });
    observer.observe(output, {childList: true, subtree: true, characterData: true});
    setTimeout(() => done(null), 5000);
  });
}
"""

# Resolves once the results area has not changed for `quiet` ms (or after `limit` ms).
SETTLE_JS = """
([quiet, limit]) => new Promise(resolve => {
  const output = document.querySelector('.md-search-result');
  let timer = setTimeout(finish, quiet);
  const stop = setTimeout(finish, limit);
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, quiet); });
  observer.observe(output, {childList: true, subtree: true, characterData: true});
  function finish() { observer.disconnect(); clearTimeout(timer); clearTimeout(stop); resolve(); }
})
"""

READY_JS = """
() => { const m = document.querySelector('.md-search-result__meta');
        return !!m && !/initiali/i.test(m.textContent); }
"""


def measure_search(browser, start_url: str, base_url: str, queries: list[dict]) -> dict:
    """Types every query into the real search box, key by key, from the home page."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(start_url, wait_until="load")
    box = page.locator("input.md-search__input")
    try:
        if not box.is_visible():  # on narrow screens the box opens from the header button
            page.locator('label[for="__search"]').first.click(timeout=3000)
        box.click(timeout=3000)
        # The index loads in a worker; it must be ready before timing anything.
        page.wait_for_function(READY_JS, timeout=10000)
    except Exception:  # Playwright's TimeoutError: Material hid the box or search never loaded
        state = page.evaluate("""() => {
            const box = document.querySelector('input.md-search__input');
            const meta = document.querySelector('.md-search-result__meta');
            if (!box || !box.offsetParent) return 'the search box is hidden';
            return 'the results area shows ' + JSON.stringify((meta && meta.textContent || '').trim());
        }""")
        ctx.close()
        return {"error": f"search does not work: {state}", "rows": [],
                "hit_at_1": 0.0, "hit_at_3": 0.0, "median_ms": None}
    rows = []
    for q in queries:
        text = q["query"]
        box.fill("")
        if len(text) > 1:
            box.press_sequentially(text[:-1], delay=30)
            page.evaluate(SETTLE_JS, [250, 3000])
        page.evaluate(TIMING_JS, text)
        box.press_sequentially(text[-1])
        ms = page.evaluate("window.__benchResult")
        page.evaluate(SETTLE_JS, [150, 2000])
        hrefs = page.eval_on_selector_all(".md-search-result__item > .md-search-result__link",
                                          "els => els.map(e => e.getAttribute('href'))")
        found = result_pages(hrefs, page.url, base_url)
        anchors = page.eval_on_selector_all(
            ".md-search-result__item", "items => items.slice(0, 3).flatMap(i => [...i.querySelectorAll("
            "'a.md-search-result__link')].map(a => new URL(a.href).hash.slice(1)).filter(Boolean))")
        rows.append({**q, "found": found[:10], "anchors": anchors, "ms": None if ms is None else round(ms, 1)})
    ctx.close()
    times = [r["ms"] for r in rows]
    return {"hit_at_1": hit_rate(rows, 1), "hit_at_3": hit_rate(rows, 3), "section_rate": section_rate(rows),
            "median_ms": median(times),
            "max_ms": max((t for t in times if t is not None), default=None),
            "timeouts": sum(t is None for t in times), "rows": rows}


# ---------------------------------------------------------------------------
# Lighthouse (Node)
# ---------------------------------------------------------------------------

def lighthouse_cli() -> tuple[list[str] | None, str]:
    """The pinned Lighthouse command, installing it from the lock file when needed;
    (None, reason) when it cannot run."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None, "Lighthouse skipped: Node.js/npm not found (install Node 20, then rerun `make bench`)"
    cli = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
    pkg = BENCH / "node_modules" / "lighthouse" / "package.json"
    installed = json.loads(pkg.read_text()).get("version") if pkg.is_file() else None
    if installed != LIGHTHOUSE_VERSION:
        print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} from bench/package-lock.json (npm ci)...", flush=True)
        proc = subprocess.run([npm, "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"],
                              capture_output=True, text=True)
        if proc.returncode != 0 or not cli.is_file():
            return None, f"Lighthouse skipped: `npm ci --prefix bench` failed: {proc.stderr.strip()[-300:]}"
    return [node, str(cli)], ""


def run_lighthouse(cli: list[str], url: str, chromium: str, out: Path) -> dict:
    """One mobile Lighthouse run (default emulation and simulated throttling). Returns
    scores 0-100 per category and the audits that cost points."""
    cmd = [*cli, url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
           f"--chrome-flags={' '.join(LIGHTHOUSE_CHROME_FLAGS)}"]
    proc = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True,
                          timeout=300)
    if proc.returncode != 0 or not out.is_file():
        return {"error": (proc.stderr or proc.stdout).strip()[-400:]}
    report = json.loads(out.read_text())
    scores, lost = {}, []
    for cat in CATEGORIES:
        c = report["categories"][cat]
        scores[cat] = None if c["score"] is None else round(c["score"] * 100)
        for ref in c["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                why = "; ".join(x for x in (audit.get("displayValue") or str(audit["score"]), audit.get("explanation")) if x)
                lost.append(f"{cat}: {ref['id']} ({why})")
    return {**scores, "lost": lost, "benchmark_index": report.get("environment", {}).get("benchmarkIndex")}


def measure_lighthouse(cli, chromium, servers, dirs, pages, runs, work) -> dict:
    """Per site: median score per category per page, the audits that cost points (in the
    median-performance run) and Lighthouse's CPU benchmark index for each run."""
    out = {name: {"lighthouse": {}, "lighthouse_lost": {}, "lighthouse_benchmark_index": []} for name in SITES}
    for key in pages:
        for name in SITES:
            reports = [run_lighthouse(cli, servers[name].url + page_url(dirs[name], key), chromium,
                                      work / f"lh-{name}-{key}-{i}.json") for i in range(runs)]
            good = [r for r in reports if not r.get("error")]
            label = f"  {SITES[name]['label']}, {key}:"
            if not good:
                print(f"{label} Lighthouse failed: {reports[-1]['error']}", flush=True)
                out[name]["lighthouse"][key] = {c: None for c in CATEGORIES}
                continue
            scores = {c: median([r[c] for r in good]) for c in CATEGORIES}
            out[name]["lighthouse"][key] = {c: None if v is None else round(v) for c, v in scores.items()}
            middle = sorted(good, key=lambda r: r["performance"] or 0)[len(good) // 2]  # the median run
            out[name]["lighthouse_lost"][key] = middle["lost"]
            out[name]["lighthouse_benchmark_index"] += [r["benchmark_index"] for r in good]
            print(f"{label} {_lh_cell(out[name]['lighthouse'][key])}"
                  + (f"  ({'; '.join(middle['lost'])})" if middle["lost"] else ""), flush=True)
    return out


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def load_queries(path: Path = QUERIES) -> tuple[list[dict] | None, str]:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if not path.is_file():
        return None, f"Search skipped: {name} not found (expected a list of {{query, pages: [page.html, ...]}})"
    import yaml

    try:
        return parse_queries(yaml.safe_load(path.read_text(encoding="utf-8"))), ""
    except (ValueError, yaml.YAMLError) as err:
        return None, f"Search skipped: {name}: {err}"


def select_pages(all_pages: list[str], spec: str | None) -> list[str]:
    """--pages 3 (the first three) or --pages index.html,faq.html (by name)."""
    if not spec:
        return all_pages
    if spec.isdigit():
        return all_pages[: int(spec)]
    wanted = [p if p.endswith(".html") else p + ".html" for p in spec.split(",")]
    unknown = [p for p in wanted if p not in all_pages]
    if unknown:
        raise SystemExit(f"--pages: unknown page(s) {', '.join(unknown)}; known: {', '.join(all_pages)}")
    return wanted


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="builds per site for the median (default 5; 1 with --quick)")
    parser.add_argument("--pages", help="limit pages: a count, or comma-separated names (faq.html,index.html)")
    parser.add_argument("--queries", type=int, help="use only the first N search queries")
    parser.add_argument("--queries-file", type=Path, default=QUERIES, help="query set (default data/search-queries.yml)")
    parser.add_argument("--quick", action="store_true", help="skip Lighthouse and build once: for development")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="Lighthouse runs per page; each category's median is reported (default 3)")
    parser.add_argument("--out", type=Path, help="folder for results.md/.json (default bench/, or bench/work/ "
                                                   "for partial runs so the committed results stay complete)")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 5)
    partial = bool(args.quick or args.pages or args.queries or args.no_lighthouse or runs != 5
                   or args.lighthouse_runs != 3 or args.queries_file != QUERIES)
    out_dir = args.out or (BENCH / "work" if partial else BENCH)
    notes = [
        "Both sites are built from the same `docs/` in the same run: this site from `mkdocs.yml`, plain Material "
        "from `bench/baseline-mkdocs.yml` with the nav copied from `mkdocs.yml` (Material defaults; only the Markdown extensions and the hooks that render "
        "content: care cards, reference list, print guide).",
        f"Build time: wall clock of {runs} fresh `mkdocs build --strict` processes per site, interleaved; median.",
        "Transfer: every response the local server sent while the page loaded in Chromium (mobile viewport) until "
        "the network was idle, including the search index Material fetches at load; each body counted as its "
        "gzip size at level 6 (headers not counted). 1 KB = 1000 bytes.",
        "Repeat view: the page opened after the home page (after the next page, for the home page) in the same "
        "browser context. The server sends `Cache-Control: immutable, max-age=1 year` for Material's fingerprinted "
        "bundles, `max-age=600` for other assets (as GitHub Pages does) and `no-cache` for HTML.",
        "Plain Material asks Google Fonts for Roboto. There is no internet here, so that request fails and the "
        "font files it would pull in are never requested: its transfer figures are a lower bound (the external "
        "requests are listed in results.json).",
        "Search: each query typed key by key into the search box on the home page (Chromium, 30 ms between "
        "keys); time from the last keyup to the results list showing results for the full query "
        "(MutationObserver, performance.now()). hit@k: an expected page among the first k result pages.",
        f"Lighthouse 12.2.3 (bench/package-lock.json), {args.lighthouse_runs} run(s) per page (median per "
        "category), mobile form factor with its default simulated throttling, Chromium `--headless=new`, no "
        "network beyond 127.0.0.1, pages served gzipped by the bench server. Performance depends on CPU: "
        "Lighthouse multiplies measured main-thread time, so a busy machine lowers it.",
    ]

    chromium = chromium_path()
    if not chromium:
        raise SystemExit("make bench needs Chromium: install Debian's chromium (/usr/bin/chromium)")
    ports = {name: free_port() for name in SITES}
    work = world_readable_tempdir("bench-")
    dirs = {name: work / name for name in SITES}
    results = {"generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
                          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start",
               "targets": TARGETS, "sites": {name: {} for name in SITES}, "notes": notes}

    configs = {"site": SITES["site"]["config"], "baseline": work / "baseline-mkdocs.yml"}
    configs["baseline"].write_text(baseline_config_text(SITES["baseline"]["config"].read_text(encoding="utf-8"),
                                                        SITES["site"]["config"].read_text(encoding="utf-8"), ROOT),
                                   encoding="utf-8")
    print(f"Building each site {runs}x (strict, fresh process each time)...", flush=True)
    times = {name: [] for name in SITES}
    for _ in range(runs):
        for name in SITES:
            times[name].append(build(configs[name], dirs[name], f"http://127.0.0.1:{ports[name]}/"))
    for name in SITES:
        results["sites"][name]["build"] = {"runs": [round(t, 3) for t in times[name]], "median_s": median(times[name])}
        print(f"  {SITES[name]['label']}: median {fmt_s(median(times[name]))}", flush=True)

    all_pages = built_pages(dirs["site"])
    pages = select_pages(all_pages, args.pages)
    queries, why = load_queries(args.queries_file.resolve())
    if queries is not None and args.queries:
        queries = queries[: args.queries]
    if why:
        print(why, flush=True)
        notes.append(why)

    from playwright.sync_api import sync_playwright

    servers = {name: BenchServer(dirs[name], ports[name]) for name in SITES}
    for s in servers.values():
        s.__enter__()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            for name, spec in SITES.items():
                print(f"Transfer, {spec['label']}:", flush=True)
                results["sites"][name]["transfer"] = measure_transfer(browser, servers[name], dirs[name], pages,
                                                                        all_pages)
            if queries:
                for name, spec in SITES.items():
                    results["sites"][name]["search"] = {}
                    for mode, start, base in (
                        ("http", servers[name].url, servers[name].url),
                        ("file", (dirs[name] / "index.html").as_uri(), dirs[name].as_uri() + "/"),
                    ):
                        print(f"Search, {spec['label']}, {mode}: {len(queries)} queries...", flush=True)
                        s = measure_search(browser, start, base, queries)
                        results["sites"][name]["search"][mode] = s
                        if s.get("error"):
                            where = "over HTTP" if mode == "http" else "from file://"
                            notes.append(f"{spec['label']} {where}: {s['error']} (shown as \"fails\"; hit rates 0).")
                        print("  " + (s["error"] if s.get("error") else
                                      f"hit@1 {fmt_pct(s['hit_at_1'])}, hit@3 {fmt_pct(s['hit_at_3'])}, "
                                      f"median {fmt_ms(s['median_ms'])}"), flush=True)
            browser.close()

        if args.quick or args.no_lighthouse:
            notes.append("Lighthouse skipped (--quick / --no-lighthouse).")
        else:
            cli, why = lighthouse_cli()
            if cli is None:
                print(why, flush=True)
                notes.append(why)
            else:
                print("Lighthouse (this site and plain Material alternate, so both see the same machine load):",
                      flush=True)
                for name, data in measure_lighthouse(cli, chromium, servers, dirs, pages, args.lighthouse_runs,
                                                     work).items():
                    results["sites"][name].update(data)
    finally:
        for s in servers.values():
            s.__exit__(None, None, None)

    results["load_end"] = os.getloadavg()[0]
    results["target_results"] = evaluate_targets(results)
    markdown = render_markdown(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.md").write_text(markdown, encoding="utf-8")
    (out_dir / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print("\n" + markdown)
    print(f"Wrote {out_dir.relative_to(ROOT) if out_dir.is_relative_to(ROOT) else out_dir}/results.md and results.json")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
