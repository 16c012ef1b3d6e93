"""The strict build itself, and site-wide properties of its HTML."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess

from bs4 import BeautifulSoup

from scripts.local_site import builder
from tests.helpers import ROOT, site_config


def test_the_build_logs_no_warning_from_any_logger(built):
    """`strict: true` fails the build on MkDocs' own warnings (the `built` fixture
    fails on a non-zero exit); this also catches WARNING/ERROR lines from loggers strict
    mode does not count, such as a Markdown extension's."""
    assert built.warnings == [], "\n".join(built.warnings)


def test_the_site_was_built_by_the_chosen_generator(site):
    """`make properdocs` (SITE_BUILDER=properdocs) really tests ProperDocs' output."""
    generator = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").find(
        "meta", attrs={"name": "generator"})["content"]
    assert generator.startswith("mkdocs-ProperDocs " if builder() == "properdocs" else "mkdocs-1."), generator


def test_strict_and_every_link_and_nav_check_warn_in_the_config():
    config = site_config()
    assert config["strict"] is True
    levels = {f"{group}.{key}": level for group in ("nav", "links") for key, level in config["validation"][group].items()}
    assert levels and all(level == logging.WARNING for level in levels.values()), levels


def test_every_page_has_one_h1_and_a_unique_title(site, pages):
    problems, titles = [], {}
    for name in pages:
        soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        h1s = soup.select("article h1")
        if len(h1s) != 1:
            problems.append(f"{name}: {len(h1s)} h1 elements")
        title = soup.title.get_text(strip=True)
        if title in titles:
            problems.append(f"{name}: <title> '{title}' repeats {titles[title]}")
        titles[title] = name
    assert problems == []


def test_no_off_site_assets_in_the_html(site):
    """Nothing the browser would fetch (scripts, styles, images, fonts) points off the site."""
    problems = []
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr) or ""
                if tag == "link" and "stylesheet" not in (el.get("rel") or []) and "icon" not in (el.get("rel") or []):
                    continue
                if re.match(r"^(https?:)?//", url):
                    problems.append(f"{path.name}: <{tag} {attr}={url}>")
    assert problems == []


def test_offline_search_index_and_vendored_shim(site):
    assert (site / "search" / "search_index.js").is_file()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/vendor/iframe-worker-shim.js" in html
    assert "unpkg.com" not in html
    assert (site / "assets/javascripts/vendor/iframe-worker-LICENSE.txt").is_file()


def test_own_css_and_js_are_minified_and_still_parse(site):
    """scripts/hooks/minify_assets.py: our stylesheet and scripts ship without their
    long comments (first view, issue 12), under the same names, and still parse;
    vendored files ship exactly as written (their licence headers stay)."""
    assets = ROOT / "docs" / "assets"
    own = [p for p in assets.rglob("*") if p.suffix in (".css", ".js") and "vendor" not in p.parts]
    assert {p.name for p in own} >= {"extra.css", "keyboard-access.js", "search-query.js"}
    node = shutil.which("node")
    assert node, "Node.js is needed to check the minified scripts parse"
    problems = []
    for source in own:
        built = site / source.relative_to(ROOT / "docs")
        small, full = built.read_text(encoding="utf-8"), source.read_text(encoding="utf-8")
        if not len(small) < 0.8 * len(full):
            problems.append(f"{built.name}: {len(small)} bytes, source {len(full)}: not minified")
        if source.suffix == ".js":
            check = subprocess.run([node, "--check", str(built)], capture_output=True, text=True)
            if check.returncode:
                problems.append(f"{built.name}: does not parse after minifying: {check.stderr[-500:]}")
    for vendored in (assets / "javascripts" / "vendor").iterdir():
        if (site / vendored.relative_to(ROOT / "docs")).read_bytes() != vendored.read_bytes():
            problems.append(f"{vendored.name}: vendored file changed in the build")
    assert problems == []
