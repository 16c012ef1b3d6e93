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
- Lighthouse (the version bench/package.json pins) mobile scores for every page over
  local HTTP (needs Node).

Writes bench/results.md and bench/results.json (partial runs: bench/work/).
Pure helpers are unit-tested in tests/unit/test_bench.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
from pathlib import Path

from bench.config import BENCH, SITES, baseline_config, build, built_pages
from bench.lighthouse import LIGHTHOUSE_VERSION, lighthouse_cli, measure_lighthouse
from bench.report import TARGETS, evaluate_targets, fmt_ms, fmt_pct, fmt_s, render_markdown
from bench.search import QUERIES, load_queries, measure_search
from bench.stats import median
from bench.transfer import BenchServer, measure_transfer
from scripts.local_site import NO_CHROMIUM, ROOT, chromium_path, launch_chromium, world_readable_tempdir


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
        f"Lighthouse {LIGHTHOUSE_VERSION} (bench/package-lock.json), {args.lighthouse_runs} run(s) per page (median per "
        "category), mobile form factor with its default simulated throttling, Chromium `--headless=new`, no "
        "network beyond 127.0.0.1, pages served gzipped by the bench server. Performance depends on CPU: "
        "Lighthouse multiplies measured main-thread time, so a busy machine lowers it.",
    ]

    chromium = chromium_path()
    if not chromium:
        raise SystemExit(f"make bench needs Chromium: {NO_CHROMIUM}")
    work = world_readable_tempdir("bench-")
    dirs = {name: work / name for name in SITES}
    # Servers bind their ports now (held until the end), so each build knows its URL.
    servers = {name: BenchServer(dirs[name]) for name in SITES}
    configs = {"site": SITES["site"]["config"],
               "baseline": baseline_config(SITES["baseline"]["config"], SITES["site"]["config"])}
    try:
        return _run(args, runs, out_dir, notes, chromium, work, dirs, servers, configs)
    finally:
        for s in servers.values():
            s.close()
        configs["baseline"].unlink(missing_ok=True)


def _run(args, runs, out_dir, notes, chromium, work, dirs, servers, configs) -> int:
    results = {"generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
                          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start",
               "targets": TARGETS, "sites": {name: {} for name in SITES}, "notes": notes}
    print(f"Building each site {runs}x (strict, fresh process each time)...", flush=True)
    times = {name: [] for name in SITES}
    for _ in range(runs):
        for name in SITES:
            times[name].append(build(configs[name], dirs[name], servers[name].url))
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

    for s in servers.values():
        s.start()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
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
