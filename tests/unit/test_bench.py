"""The benchmark's pure helpers (the bench/ package) and its caching server."""

from __future__ import annotations

import gzip
import urllib.request

import pytest
import yaml
from mkdocs.config import load_config

import bench.__main__ as cli
from bench import config, lighthouse, report, search, stats, transfer
from scripts.local_site import ROOT


def test_median_ignores_missing_values():
    assert stats.median([3, 1, 2]) == 2
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.median([None, 5, None, 1]) == 3
    assert stats.median([None]) is None
    assert stats.median([]) is None


def test_gzip_size_counts_compressed_bytes_and_ignores_the_clock(monkeypatch):
    body = b"<p>bone metastases</p>\n" * 400
    first = transfer.gzip_size(body)
    monkeypatch.setattr("time.time", lambda: 2_000_000_000.0)  # gzip headers carry a timestamp unless fixed
    assert transfer.gzip_size(body) == first
    assert first < len(body) / 10
    assert transfer.gzip_size(b"") > 0  # an empty body still costs the gzip header


@pytest.mark.parametrize("path, kind", [
    ("index.html", "html"), ("how-common/", "html"), ("", "html"),
    ("assets/stylesheets/main.57a0d79d.min.css", "css"),
    ("assets/javascripts/bundle.a5f9d56c.min.js", "js"),
    ("assets/javascripts/workers/search.a7633da7.min.js", "js"),
    ("search/search_index.json", "search"), ("search/search_index.js", "search"),
    ("assets/fonts/roboto.woff2", "fonts"), ("assets/images/logo.svg", "images"),
    ("assets/images/favicon.png", "images"), ("sitemap.xml", "other"),
])
def test_kind_of(path, kind):
    assert transfer.kind_of(path) == kind


def test_transfer_accounting_keeps_the_search_index_apart():
    t = transfer.Transfer(responses=[
        ("faq.html", 200, 30000, 7000),
        ("assets/stylesheets/main.57a0d79d.min.css", 200, 137000, 23000),
        ("assets/javascripts/bundle.a5f9d56c.min.js", 200, 114000, 35000),
        ("search/search_index.json", 200, 226000, 58000),
        ("assets/images/logo.svg", 200, 300, 200),
    ], external=["https://fonts.googleapis.com/css?family=Roboto"])
    assert t.gzip_bytes == 7000 + 23000 + 35000 + 58000 + 200
    assert t.page_bytes == t.gzip_bytes - 58000
    assert t.raw_bytes == 30000 + 137000 + 114000 + 226000 + 300
    assert t.by_kind() == {"css": 23000, "html": 7000, "images": 200, "js": 35000, "search": 58000}
    data = t.to_json()
    assert data["requests"] == 5
    assert data["external_unmeasured"] == ["https://fonts.googleapis.com/css?family=Roboto"]
    assert data["responses"][0] == {"path": "faq.html", "status": 200, "raw": 30000, "gzip": 7000}


@pytest.mark.parametrize("path, key", [
    ("", "index.html"), ("./", "index.html"), ("/", "index.html"), ("index.html", "index.html"),
    ("how-common.html", "how-common.html"), ("how-common/", "how-common.html"),
    ("how-common/index.html", "how-common.html"), ("how-common.html#bone-is", "how-common.html"),
    ("how-common.html?h=bone", "how-common.html"), ("./faq.html", "faq.html"),
    ("sub/dir/page/", "sub/dir/page.html"),
])
def test_page_key_is_the_same_for_both_url_styles(path, key):
    assert search.page_key(path) == key


def test_page_url_follows_the_build_url_style(tmp_path):
    files, dirs = tmp_path / "files", tmp_path / "dirs"
    for path in (files / "index.html", files / "faq.html", dirs / "index.html", dirs / "faq" / "index.html"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<!doctype html>")
    assert [config.page_url(files, k) for k in ("index.html", "faq.html")] == ["index.html", "faq.html"]
    assert [config.page_url(dirs, k) for k in ("index.html", "faq.html")] == ["", "faq/"]


def test_result_pages_resolves_links_against_the_page_and_dedupes():
    base = "http://127.0.0.1:8000/"
    hrefs = ["how-common/?h=bone#where", "http://127.0.0.1:8000/how-common/?h=bone", "./?h=bone",
             "https://elsewhere.example/x.html", "../faq/"]
    assert search.result_pages(hrefs, base + "diagnosis/", base) == ["diagnosis/how-common.html", "how-common.html",
                                                                    "diagnosis.html", "faq.html"]
    file_base = "file:///tmp/site/"
    assert search.result_pages(["treatment.html?h=x#a", "index.html"], file_base + "index.html", file_base) == [
        "treatment.html", "index.html"]


def test_hit_at_k_and_rates():
    rows = [
        {"query": "a", "expect": ["faq.html"], "found": ["faq.html", "index.html"]},            # hit@1
        {"query": "b", "expect": ["diagnosis.html#scans"], "found": ["index.html", "faq.html", "diagnosis.html"]},
        {"query": "c", "expect": ["treatment.html"], "found": ["a.html", "b.html", "c.html", "treatment.html"]},
        {"query": "d", "expect": ["x.html", "treatment.html"], "found": []},
    ]
    assert search.hit_rate(rows, 1) == 0.25
    assert search.hit_rate(rows, 3) == 0.5
    assert search.hit_rate([], 3) is None


def test_section_rate_counts_only_queries_with_an_expected_section():
    rows = [{"anchor": "high-calcium", "anchors": ["bone-pain", "high-calcium"]},
            {"anchor": "broken-bone", "anchors": ["broken-bones"]}, {"anchors": ["x"]}]
    assert search.section_rate(rows) == 0.5
    assert search.section_rate([{"anchors": []}]) is None
    card = search.parse_queries([{"query": "q", "pages": ["a.html"], "card": "high-calcium", "section": "x"}])
    assert card[0]["anchor"] == "high-calcium"


def test_parse_queries_accepts_both_shapes_and_names_bad_entries():
    entries = [{"query": "xgeva", "pages": ["treatment.html", "faq.html"], "section": "side-effects"},
               {"query": "bone scan", "expect": "diagnosis.html"}]
    expected = [{"query": "xgeva", "expect": ["treatment.html", "faq.html"], "anchor": "side-effects"},
                {"query": "bone scan", "expect": ["diagnosis.html"]}]
    assert search.parse_queries(entries) == expected
    assert search.parse_queries({"queries": entries}) == expected
    with pytest.raises(ValueError, match="entry 2"):
        search.parse_queries([entries[0], {"query": "no expectation"}])
    with pytest.raises(ValueError, match="entry 1"):
        search.parse_queries(["just a string"])
    with pytest.raises(ValueError):
        search.parse_queries("just a string")


def test_load_queries_explains_a_missing_file(tmp_path):
    queries, why = search.load_queries(tmp_path / "search-queries.yml")
    assert queries is None and "not found" in why
    (tmp_path / "q.yml").write_text("- query: xgeva\n  pages: [treatment.html]\n  section: side-effects\n")
    assert search.load_queries(tmp_path / "q.yml") == (
        [{"query": "xgeva", "expect": ["treatment.html"], "anchor": "side-effects"}], "")
    (tmp_path / "bad.yml").write_text("- query: [unclosed\n")
    queries, why = search.load_queries(tmp_path / "bad.yml")
    assert queries is None and why.startswith("Search skipped:")


def test_the_real_query_set_parses_every_entry():
    queries, why = search.load_queries()
    assert why == ""
    assert len(queries) == len(yaml.safe_load(search.QUERIES.read_text(encoding="utf-8")))


def test_the_baseline_inherits_its_settings_and_takes_the_site_nav():
    generated = config.baseline_config(config.SITES["baseline"]["config"], config.SITES["site"]["config"])
    try:
        baseline = load_config(str(generated))
    finally:
        generated.unlink()
    site = load_config(str(config.SITES["site"]["config"]))
    assert baseline["nav"] == site["nav"]
    assert baseline["docs_dir"] == site["docs_dir"] == str(ROOT / "docs")
    assert baseline["theme"].name == "material" and not baseline["theme"]["features"]  # Material defaults
    assert "material/offline" in site["plugins"] and "material/offline" not in baseline["plugins"]


def test_cache_policy():
    assert "immutable" in transfer.cache_control("assets/stylesheets/main.57a0d79d.min.css")
    assert "immutable" in transfer.cache_control("assets/javascripts/workers/search.a7633da7.min.js")
    assert transfer.cache_control("faq.html") == "no-cache"
    assert transfer.cache_control("how-common/") == "no-cache"
    assert transfer.cache_control("assets/stylesheets/extra.css") == "public, max-age=600"
    assert transfer.cache_control("search/search_index.json") == "public, max-age=600"


def test_select_pages():
    pages = ["a.html", "b.html", "c.html"]
    assert cli.select_pages(pages, None) == pages
    assert cli.select_pages(pages, "2") == ["a.html", "b.html"]
    assert cli.select_pages(pages, "c,a.html") == ["c.html", "a.html"]
    with pytest.raises(SystemExit, match="zz.html"):
        cli.select_pages(pages, "zz")


def _view(page_bytes, index=50000):
    return {"gzip_bytes": page_bytes + index, "page_bytes": page_bytes, "by_kind": {"html": 5000, "search": index},
            "external_unmeasured": []}


def _results(site_lh=100, site_kb=80, hit3=1.0, ms=20.0):
    search = {mode: {"hit_at_1": 0.9, "hit_at_3": hit3, "median_ms": ms,
                     "rows": [{"query": "legs numb", "expect": ["symptoms-and-red-flags.html"],
                               "found": [] if hit3 < 1 else ["symptoms-and-red-flags.html"]}]}
              for mode in ("http", "file")}
    base_search = {"http": {"hit_at_1": 0.5, "hit_at_3": 0.6, "median_ms": 10.0, "rows": []},
                   "file": {"error": "search does not work: the search box is hidden", "rows": [],
                            "hit_at_1": 0.0, "hit_at_3": 0.0, "median_ms": None}}
    lh = {c: 100 for c in report.CATEGORIES}
    return {
        "generated": "2026-11-25 18:00 UTC", "machine": "test machine", "notes": ["a note"],
        "sites": {
            "site": {
                "build": {"runs": [1.0, 1.2, 1.1, 1.3, 0.9], "median_s": 1.1},
                "transfer": {"index.html": {"first_view": _view(site_kb * 1000), "repeat_view": _view(6000, 0)},
                             "faq.html": {"first_view": _view(70000), "repeat_view": _view(9000, 0)}},
                "search": search,
                "lighthouse": {"index.html": {**lh, "performance": site_lh}, "faq.html": lh},
                "lighthouse_lost": {"index.html": [] if site_lh == 100 else ["performance: total-blocking-time (300 ms)"]},
            },
            "baseline": {
                "build": {"runs": [1.0] * 5, "median_s": 1.0},
                "transfer": {"index.html": {"first_view": {**_view(76500), "external_unmeasured": [
                    "https://fonts.googleapis.com/css?family=Roboto"]}, "repeat_view": _view(4500, 0)}},
                "search": base_search,
                "lighthouse": {"index.html": {"performance": 100, "accessibility": 88, "best-practices": 96, "seo": 91}},
            },
        },
    }


def test_targets_pass_when_every_figure_meets_them():
    assert [t["ok"] for t in report.evaluate_targets(_results())] == [True, True, True, True]


def test_targets_miss_names_the_page_or_mode():
    lighthouse, first_view, hit3, speed = report.evaluate_targets(_results(site_lh=97, site_kb=91, hit3=0.9, ms=301))
    assert not lighthouse["ok"] and lighthouse["misses"] == ["index.html performance 97"]
    assert not first_view["ok"] and first_view["misses"] == ["index.html 91.0 KB"]
    assert not hit3["ok"] and hit3["misses"] == ["http 90%", "file 90%"]
    assert not speed["ok"] and speed["misses"] == ["http 301 ms", "file 301 ms"]


def test_unmeasured_figures_are_not_a_pass():
    results = _results()
    site = results["sites"]["site"]
    del site["lighthouse"], site["search"]
    assert [t["ok"] for t in report.evaluate_targets(results)] == [None, True, None, None]
    site["search"] = {"http": {"hit_at_3": 1.0, "median_ms": None}}  # no timing measured: not a pass
    assert report.evaluate_targets(results)[3]["ok"] is False


def test_markdown_table_shows_both_sites_and_verdicts():
    text = report.render_markdown(_results(site_lh=97))
    assert "| Figure | This site | Plain Material | Target | Result |" in text
    assert "| Strict build time (median of 5) | 1.10 s | 1.00 s |" in text
    assert "| First view, heaviest page (HTML+CSS+JS+fonts+images, gzip) | 80.0 KB | 76.5 KB | ≤ 90.0 KB | PASS |" in text
    assert "| Search index prefetched at load (gzip) | 50.0 KB | 50.0 KB |" in text
    assert "| Requests leaving the site per first view (not measurable here) | 0 | 1 (fonts.googleapis.com) |" in text
    assert "| Search hit@3 (HTTP / file://) | 100% / 100% | 60% / fails | ≥ 95% | PASS |" in text
    assert "| Last keystroke to results, median (HTTP / file://) | 20 ms / 20 ms | 10 ms / fails | ≤ 300 ms | PASS |" in text
    assert "| Lighthouse mobile, lowest page (perf/a11y/best/SEO) | 97/100/100/100 | 100/88/96/91 | 100/100/100/100 | MISS |" in text
    assert "- **MISS** Lighthouse 100 in all four categories on every page (index.html performance 97)" in text
    assert "| index.html | 80.0 KB | 76.5 KB | 6.0 KB | 4.5 KB | 97/100/100/100 | 100/88/96/91 |" in text
    assert "| faq.html | 70.0 KB | n/a | 9.0 KB | n/a | 100/100/100/100 | n/a |" in text
    assert "| This site | performance: total-blocking-time | 1 |" in text
    assert "- a note" in text
    # Every table row has as many cells as its header.
    for block in text.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        assert len({row.count("|") for row in rows}) <= 1, block


def test_markdown_lists_search_misses():
    text = report.render_markdown(_results(hit3=0.5))
    assert "| This site | http | `legs numb` | symptoms-and-red-flags.html | (none) |" in text


def test_server_caches_like_a_host_and_logs_what_it_sent(tmp_path):
    (tmp_path / "assets").mkdir()
    css = b"body { color: #005eb8; }\n" * 200
    (tmp_path / "assets" / "main.57a0d79d.min.css").write_bytes(css)
    (tmp_path / "index.html").write_bytes(b"<!doctype html><title>Home</title>")
    (tmp_path / "404.html").write_bytes(b"<!doctype html><title>Not found</title>")
    with transfer.BenchServer(tmp_path) as server:
        req = urllib.request.Request(server.url + "assets/main.57a0d79d.min.css", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req) as resp:
            assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert resp.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(resp.read()) == css
            etag = resp.headers["ETag"]
        with urllib.request.urlopen(server.url) as resp:
            assert resp.headers["Cache-Control"] == "no-cache"
            assert resp.read() == b"<!doctype html><title>Home</title>"  # no Accept-Encoding: sent plain
        again = urllib.request.Request(server.url + "assets/main.57a0d79d.min.css", headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(again)
        assert not_modified.value.code == 304
        not_modified.value.close()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server.url + "nope.html")
        assert missing.value.code == 404
        missing.value.close()
        log = server.since(0)
    assert log == [
        ("assets/main.57a0d79d.min.css", 200, len(css), transfer.gzip_size(css)),
        ("index.html", 200, 34, transfer.gzip_size(b"<!doctype html><title>Home</title>")),
        ("assets/main.57a0d79d.min.css", 304, 0, 0),
        ("nope.html", 404, 39, transfer.gzip_size(b"<!doctype html><title>Not found</title>")),
    ]


def test_lighthouse_is_skipped_with_a_clear_message_without_node(monkeypatch):
    monkeypatch.setattr(lighthouse.shutil, "which", lambda name: None)
    cli, why = lighthouse.lighthouse_cli()
    assert cli is None and why.startswith("Lighthouse skipped: Node.js/npm not found")
