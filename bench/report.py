"""Pure helpers: medians, formatting, targets and the Markdown results table."""

from __future__ import annotations

import urllib.parse

from bench.config import SITES
from bench.search import hit
from bench.stats import median

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
KB = 1000  # bytes; targets and tables use decimal kilobytes

TARGETS = {
    "lighthouse": 100,              # every category, every page
    "first_view_bytes": 90 * KB,    # gzip, every page
    "hit_at_3": 0.95,               # HTTP and file://
    "results_ms": 300,              # median, HTTP and file://
}



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
