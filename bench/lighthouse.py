"""Lighthouse (Node), pinned by bench/package-lock.json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from bench.config import BENCH, SITES, page_url
from bench.report import CATEGORIES, _lh_cell
from bench.stats import median
from scripts.local_site import NO_NETWORK_FLAGS

# The version is the one bench/package.json pins.
LIGHTHOUSE_VERSION = json.loads((BENCH / "package.json").read_text(encoding="utf-8"))["devDependencies"]["lighthouse"]
LIGHTHOUSE_CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", *NO_NETWORK_FLAGS]


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
