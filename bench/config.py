"""The two sites `make bench` compares, and their builds."""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.config import load_config

from scripts.local_site import ROOT, build_site

BENCH = ROOT / "bench"
SITES = {
    "site": {"label": "This site", "config": ROOT / "mkdocs.yml"},
    "baseline": {"label": "Plain Material", "config": BENCH / "baseline-mkdocs.yml"},
}


def site_nav(config: Path) -> list:
    """The `nav` of a MkDocs config, read by MkDocs' own loader (tags such as !ENV and
    INHERIT resolved as the build resolves them)."""
    return load_config(str(config))["nav"]


def baseline_config(baseline: Path, site_config: Path) -> Path:
    """A config beside `baseline` that INHERITs it and takes this site's current nav,
    so both sites list the same pages in the same order. It sits in the same folder so
    the baseline's relative paths (docs_dir, hooks) mean the same; delete it after use."""
    generated = baseline.with_name(f".{baseline.stem}.generated.yml")
    generated.write_text(
        "# Written by `make bench` (bench/config.py); safe to delete.\n"
        + yaml.safe_dump({"INHERIT": baseline.name, "nav": site_nav(site_config)}, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return generated


def build(config: Path, site_dir: Path, site_url: str) -> float:
    """One fresh strict build in its own process; returns wall-clock seconds."""
    result = build_site(ROOT, site_dir, env={"SITE_URL": site_url}, config=config, strict=True)
    if result.returncode != 0:
        raise SystemExit(f"strict build of {config} failed:\n{result.log}")
    return result.seconds


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

