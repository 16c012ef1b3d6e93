"""Content-Security-Policy for the built site: `python scripts/build_csp.py site/`.

Material for MkDocs writes small inline <script> blocks into every page (the
`__md_scope`/`__md_get` helpers, palette restore, tab restore). A strict CSP without
'unsafe-inline' blocks them unless the policy lists each one's sha256 hash, and the
`__md_scope` block differs between pages (it embeds the page's base URL; 404.html
has an absolute one), so the hashes are collected from every built HTML file.

    python scripts/build_csp.py site/                       # prints the header value
    python scripts/build_csp.py site/ --template deploy/nginx.conf.template \
        --set SITE_ROOT=/srv/bone-metastases/site --set PREFIX=/oncology/bone-metastases
    python scripts/build_csp.py site/ --check /etc/nginx/snippets/bone-metastases.conf
    python scripts/build_csp.py site/ --check https://intranet.example.nhs.uk/oncology/bone-metastases/

With --template, every @NAME@ in the file is replaced (@CSP@ by the policy, @PREFIX_RE@
by PREFIX escaped for a regular expression, others by --set NAME=VALUE) and the result
is printed; a placeholder left unfilled is an error. PREFIX must start with / and not
end with one, and must be the path of the SITE_URL the site was built with; SITE_ROOT
must be an absolute folder with no / at the end.

With --check, the policy a deployed config file (or every config file in a folder, or
a running server's Content-Security-Policy header) sends is compared with this build's;
exit 1 names what differs (an old config stops the 404 page, search and the palette).

Only the inline scripts Material is known to write are hashed (KNOWN_INLINE_SCRIPTS);
any other inline script (a <script> in Markdown, injected through a front-matter
value or SITE_URL) fails with the page, the line and its first line of code. Exits 1
too on inline code a hash cannot allow (style="..." attributes or on...="..." event
handlers): fix the page or template instead of weakening the policy. Rebuilding the
site can change the hashes (a Material upgrade, a new SITE_URL): run this again after
every build you deploy.
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

# The inline scripts Material for MkDocs 9.8.2 writes (partials in material/templates),
# matched in full. `__md_scope` embeds the page's base URL: relative (".", "../..") or,
# on 404.html, the SITE_URL path; only characters a validated SITE_URL path can hold
# are accepted, so a quote or bracket from an injected value never matches. After a
# Material upgrade a changed script fails here by name: check it, then update the text.
_MD_HELPERS = (
    '__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
_PALETTE = (
    'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media)'
    '{var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?'
    '"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");'
    'palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),'
    'palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}'
    'for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}'
)
_TABS = ('var target=document.getElementById(location.hash.slice(1));'
         'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))')
KNOWN_INLINE_SCRIPTS = {
    "Material's storage helpers (__md_scope)": re.compile(
        r'__md_scope=new URL\("[A-Za-z0-9._~/-]*",location\),' + re.escape(_MD_HELPERS)),
    "Material's palette restore": re.compile(re.escape(_PALETTE)),
    "Material's content-tabs restore": re.compile(re.escape(_TABS)),
}
PREFIX_PATTERN = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*[A-Za-z0-9._~-]+")
SCOPE_IN_404 = re.compile(r'__md_scope=new URL\("(?P<base>[^"]*)",location\)')
CSP_IN_CONFIG = re.compile(r"""Content-Security-Policy["']?\s+(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)')""", re.I)


@dataclass
class InlineCode:
    """Inline code found in HTML. Scripts and style blocks are their exact text."""

    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)
    script_lines: list[int] = field(default_factory=list)   # line of each script's <script> tag
    unknown_scripts: list[str] = field(default_factory=list)  # "page line N: first line" (scan_site)

    def extend(self, other: "InlineCode") -> None:
        self.scripts += other.scripts
        self.styles += other.styles
        self.style_attributes += other.style_attributes
        self.event_handlers += other.event_handlers
        self.script_lines += other.script_lines
        self.unknown_scripts += other.unknown_scripts


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
            self.found.script_lines.append(self.getpos()[0])
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


def known_script(text: str) -> str | None:
    """The name of the known Material script this is, or None."""
    return next((name for name, pattern in KNOWN_INLINE_SCRIPTS.items() if pattern.fullmatch(text)), None)


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
        one.unknown_scripts = [
            f"{where} line {line}: {_first_line(script)!r}"
            for script, line in zip(one.scripts, one.script_lines) if known_script(script) is None
        ]
        found.extend(one)
    return found


def _first_line(script: str) -> str:
    lines = [line.strip() for line in script.splitlines() if line.strip()]
    return (lines[0] if lines else "")[:100]


def unhashable_problems(found: InlineCode) -> list[str]:
    """Inline code the policy will not allow: style and on* attributes, and any inline
    script that is not one of Material's known ones (never hashed into the policy)."""
    return [f"inline style attribute (blocked by style-src): {s}" for s in found.style_attributes] + [
        f"inline event handler (blocked by script-src): {s}" for s in found.event_handlers
    ] + [
        f"inline script not known to scripts/build_csp.py (remove it from the page or template; it is not "
        f"allowed into the policy): {s}" for s in found.unknown_scripts
    ]


def site_path(site_dir: Path) -> str | None:
    """The SITE_URL path the site was built for, from 404.html's __md_scope (None if relative)."""
    page = site_dir / "404.html"
    match = SCOPE_IN_404.search(page.read_text(encoding="utf-8")) if page.is_file() else None
    base = match.group("base") if match else None
    return base if base and base.startswith("/") else None


def check_template_values(values: dict[str, str], built_for: str | None) -> list[str]:
    """PREFIX and SITE_ROOT as the deploy templates need them (see their headers)."""
    problems = []
    prefix = values.get("PREFIX")
    if prefix is not None:
        if not PREFIX_PATTERN.fullmatch(prefix):
            problems.append(
                f"--set PREFIX={prefix}: write the sub-path with a / at the start and none at the end, using only "
                "letters, digits and . _ ~ - (for example PREFIX=/oncology/bone-metastases)")
        elif built_for is not None and built_for != prefix + "/":
            problems.append(
                f"--set PREFIX={prefix}: the site in this folder was built for the path {built_for} "
                f"(from SITE_URL): rebuild with SITE_URL ending in {prefix}/"
                + (f" or use PREFIX={built_for.rstrip('/')}" if built_for != "/" else ""))
    root = values.get("SITE_ROOT")
    if root is not None and (not root.startswith("/") or (root.endswith("/") and root != "/") or re.search(r'[\s"\'$;{}]', root)):
        problems.append(f"--set SITE_ROOT={root}: use the absolute folder holding the site, with no / at the end "
                        "and no spaces or quotes (for example SITE_ROOT=/srv/www/bone-metastases/site)")
    return problems


def deployed_policies(target: str) -> list[tuple[str, str]]:
    """(where, policy) for each CSP in a config file, the config files of a folder, or a URL's header."""
    if re.match(r"https?://", target):
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(urllib.request.Request(target, method="GET"), timeout=15) as response:
                headers = response.headers
        except urllib.error.HTTPError as err:  # a 404 page still carries the header
            headers = err.headers
        return [(f"{target} (header)", value) for value in headers.get_all("Content-Security-Policy") or []]
    path = Path(target)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    found = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for match in CSP_IN_CONFIG.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{file} line {line}", match.group("d") if match.group("d") is not None else match.group("s")))
    return found


def compare_policies(expected: str, deployed: str) -> list[str]:
    """What differs, directive by directive (empty when they match)."""
    def parse(policy: str) -> dict[str, set[str]]:
        parts = (d.strip().split() for d in policy.split(";") if d.strip())
        return {p[0].lower(): set(p[1:]) for p in parts}

    want, have = parse(expected), parse(deployed)
    problems = []
    for name in sorted(set(want) | set(have)):
        missing, extra = sorted(want.get(name, set()) - have.get(name, set())), sorted(have.get(name, set()) - want.get(name, set()))
        if name not in have:
            problems.append(f"{name} is missing")
        elif name not in want:
            problems.append(f"{name} is not in this build's policy")
        elif missing or extra:
            problems.append(f"{name}: " + "; ".join(filter(None, [
                f"missing {' '.join(missing)}" if missing else "", f"not in this build {' '.join(extra)}" if extra else ""])))
    return problems


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
    parser.add_argument("--check", metavar="CONFIG_OR_URL",
                        help="compare the CSP a deployed config file, folder of configs or running server sends with this build")
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
    if args.check:
        return _check(policy, args.check)
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
    bad = check_template_values(values, site_path(args.site))
    for problem in bad:
        print(problem, file=sys.stderr)
    if bad:
        return 2
    if "PREFIX" in values:
        values.setdefault("PREFIX_RE", re.escape(values["PREFIX"]))
    text, missing = fill_template(args.template.read_text(encoding="utf-8"), values)
    if missing:
        print(f"{args.template}: no value for {', '.join('@' + m + '@' for m in missing)}: add --set NAME=VALUE",
              file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def _check(policy: str, target: str) -> int:
    try:
        deployed = deployed_policies(target)
    except OSError as err:
        print(f"--check {target}: cannot read it ({err})", file=sys.stderr)
        return 2
    if not deployed:
        print(f"--check {target}: no Content-Security-Policy found there", file=sys.stderr)
        return 1
    status = 0
    for where, value in deployed:
        problems = compare_policies(policy, value)
        if problems:
            status = 1
            print(f"{where}: the deployed CSP does not match this build: " + "; ".join(problems)
                  + ". Regenerate the config from this build (see DEPLOYMENT.md) and reload the server.", file=sys.stderr)
        else:
            print(f"{where}: matches this build")
    return status


if __name__ == "__main__":
    sys.exit(main())
