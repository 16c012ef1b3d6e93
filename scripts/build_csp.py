"""Content-Security-Policy for the built site: `python scripts/build_csp.py site/`.

Material for MkDocs writes small inline <script> blocks into every page (the
`__md_scope`/`__md_get` helpers, palette restore, tab restore). A strict CSP without
'unsafe-inline' blocks them unless the policy lists each one's sha256 hash, and the
`__md_scope` block differs between pages (it embeds the page's base URL; 404.html
has an absolute one), so the hashes are collected from every built HTML file.

    python scripts/build_csp.py site/                       # prints the header value
    python scripts/build_csp.py site/ --template deploy/nginx.conf.template \
        --set SITE_ROOT=/srv/bone-metastases/site --set PREFIX=/oncology/bone-metastases/

With --template, every @NAME@ in the file is replaced (@CSP@ by the policy, others by
--set NAME=VALUE) and the result is printed; a placeholder left unfilled is an error.

Exits 1 when the site has inline code a hash cannot allow (style="..." attributes or
on...="..." event handlers): fix the page or template instead of weakening the policy.
Rebuilding the site can change the hashes (a Material upgrade, a new SITE_URL): run
this again after every build you deploy.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# <script type="..."> values that are data, not code: browsers never run them, so
# CSP does not apply (Material's __config JSON, JSON-LD).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "importmap+json"}
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")


@dataclass
class InlineCode:
    """Inline code found in HTML. Scripts and style blocks are their exact text."""

    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)

    def extend(self, other: "InlineCode") -> None:
        self.scripts += other.scripts
        self.styles += other.styles
        self.style_attributes += other.style_attributes
        self.event_handlers += other.event_handlers


class _InlineCodeParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found = InlineCode()
        self._collecting: str | None = None  # "script" or "style" while inside one
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.found.style_attributes.append(f"<{tag} style=\"{attributes['style']}\">")
        self.found.event_handlers += [f"<{tag} {name}=...>" for name, _ in attrs if name.startswith("on")]
        kind = (attributes.get("type") or "").strip().lower()
        if tag == "script" and "src" not in attributes and kind not in DATA_SCRIPT_TYPES:
            self._collecting, self._buffer = "script", []
        elif tag == "style":
            self._collecting, self._buffer = "style", []

    def handle_data(self, data):
        if self._collecting:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if self._collecting == tag:
            target = self.found.scripts if tag == "script" else self.found.styles
            target.append("".join(self._buffer))
            self._collecting = None


def find_inline_code(html: str) -> InlineCode:
    """Inline scripts (not data blocks), <style> blocks, style and on* attributes."""
    parser = _InlineCodeParser()
    parser.feed(html)
    parser.close()
    return parser.found


def csp_hash(text: str) -> str:
    """The CSP source expression for an inline block: its exact text, UTF-8, sha256."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def build_policy(found: InlineCode) -> str:
    """A strict policy: only this site's files plus the hashed inline blocks.

    worker-src 'self': over http(s) Material starts its search worker from its own
    file; the blob:/iframe fallback (iframe-worker shim) is only used from file://,
    where no CSP header exists.
    """
    script_hashes = sorted({csp_hash(s) for s in found.scripts})
    style_hashes = sorted({csp_hash(s) for s in found.styles})
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *script_hashes]),
        ("style-src", ["'self'", *style_hashes]),
        ("img-src", ["'self'", "data:"]),  # Material's icons are data: SVG masks
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def scan_site(site_dir: Path) -> InlineCode:
    """Inline code from every HTML file under site_dir."""
    found = InlineCode()
    for path in sorted(site_dir.rglob("*.html")):
        one = find_inline_code(path.read_text(encoding="utf-8"))
        where = path.relative_to(site_dir).as_posix()
        one.style_attributes = [f"{where}: {s}" for s in one.style_attributes]
        one.event_handlers = [f"{where}: {s}" for s in one.event_handlers]
        found.extend(one)
    return found


def unhashable_problems(found: InlineCode) -> list[str]:
    """Inline code a strict policy blocks and a hash cannot allow."""
    return [f"inline style attribute (blocked by style-src): {s}" for s in found.style_attributes] + [
        f"inline event handler (blocked by script-src): {s}" for s in found.event_handlers
    ]


def fill_template(template: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """Replace @NAME@ placeholders; returns (text, names with no value)."""
    missing = sorted({m.group(1) for m in PLACEHOLDER.finditer(template) if m.group(1) not in values})
    text = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    return text, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site folder (mkdocs build output)")
    parser.add_argument("--template", type=Path, help="a config template with @CSP@ and other @NAME@ placeholders")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a template value")
    args = parser.parse_args(argv)

    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html here; build the site first (make site)", file=sys.stderr)
        return 2
    found = scan_site(args.site)
    problems = unhashable_problems(found)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    policy = build_policy(found)
    if not args.template:
        print(policy)
        return 0
    values = {"CSP": policy}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            print(f"--set {item}: write NAME=VALUE", file=sys.stderr)
            return 2
        values[name] = value
    text, missing = fill_template(args.template.read_text(encoding="utf-8"), values)
    if missing:
        print(f"{args.template}: no value for {', '.join('@' + m + '@' for m in missing)}: add --set NAME=VALUE",
              file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
