"""MkDocs hook: minify the site's own CSS and JavaScript in the built site.

Why: the first view of every page downloads extra.css and our scripts, whose long
comments (kept in docs/assets/ for editors and reviewers) cost about 7 KB gzip per
page (issue 12: first view at most 90 KB). Material's own bundles come minified;
vendored files (assets/javascripts/vendor/) keep their licence headers as shipped.

How: rcssmin and rjsmin (pinned in requirements-build.in), in place, so file names
and every reference to them stay the same (mkdocs-minify-plugin renames files to
*.min.js, which would break the worker path that overrides/main.html sets).
`/*! ... */` comments are kept. Runs after the offline plugin (-100), last of all.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.plugins import event_priority

VENDOR = "assets/javascripts/vendor/"
_own: list[str] = []  # destination paths (relative to site_dir) of our .css/.js files


def on_files(files, config):
    _own.clear()
    _own.extend(f.dest_uri for f in files
                if f.dest_uri.startswith("assets/") and not f.dest_uri.startswith(VENDOR)
                and f.dest_uri.endswith((".css", ".js")) and not f.dest_uri.endswith((".min.css", ".min.js"))
                and Path(f.abs_src_path or "").is_relative_to(Path(config.docs_dir).resolve()))
    return files


@event_priority(-200)
def on_post_build(config):
    for rel in _own:
        path = Path(config.site_dir) / rel
        text = path.read_text(encoding="utf-8")
        small = rcssmin.cssmin(text, keep_bang_comments=True) if rel.endswith(".css") \
            else rjsmin.jsmin(text, keep_bang_comments=True)
        path.write_text(small, encoding="utf-8")
