"""Built-HTML scans: nothing a strict CSP would block or that scripts/build_csp.py does
not know, and every picture has a text alternative (security review F3/F7, editor
try-out mistake 11)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from scripts import build_csp


def _pages(site):
    return sorted(site.rglob("*.html"))


def test_no_inline_script_or_handler_the_csp_builder_does_not_know(site):
    problems = []
    for path in _pages(site):
        found = build_csp.find_inline_code(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site).as_posix()
        problems += [f"{rel}: unknown inline script {s[:60]!r}" for s in found.scripts if not build_csp.known_script(s)]
        problems += [f"{rel}: {h}" for h in found.event_handlers]
        problems += [f"{rel}: {s}" for s in found.style_attributes]
    assert problems == []
    # The scan does look: every page has Material's known helpers.
    assert all(build_csp.find_inline_code(p.read_text(encoding="utf-8")).scripts for p in _pages(site))


def test_no_script_urls_in_links(site):
    bad = []
    for path in _pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("[href], [src]"):
            value = (tag.get("href") or tag.get("src") or "").strip().lower()
            if value.startswith(("javascript:", "vbscript:", "data:text/html")):
                bad.append(f"{path.name}: <{tag.name}> {value[:40]}")
    assert bad == []


def test_every_content_image_has_alt_text(site):
    missing = []
    for path in _pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for img in soup.select("article img"):
            if not (img.get("alt") or "").strip():
                missing.append(f"{path.relative_to(site)}: {img.get('src')}")
    assert missing == []
    assert any(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("article img[alt]") for p in _pages(site))
