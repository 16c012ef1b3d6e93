"""The "print the whole guide" page: several pages' rendered HTML joined into one.

Pure functions on the HTML that Python-Markdown wrote (no MkDocs import); the hook
scripts/hooks/print_guide.py feeds them the pages named in print-guide.md's front
matter (`assemble:`). Each page becomes a <section id="<page>"> with its title as an
<h2>, its headings moved one level down so the outline stays in order, and its ids
prefixed with the page name and "--" so they stay unique (Markdown's own ids never
contain "--").

Links to other pages are left pointing at those pages (the guide sits beside them at
the top level, so relative links still work). Pointing them inside the guide instead
would add one new anchor URL per link for linkchecker, which re-reads this large page
for each one: about a minute and a half more of `make test` for no gain on paper.
The "¶" permalinks are dropped: they only link to themselves.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass

ID_ATTR = re.compile(r'(\s(?:id|for|aria-labelledby|aria-describedby|aria-controls)=")([^"]*)(")')
HREF_ATTR = re.compile(r'(\shref=")([^"]*)(")')
HEADING_TAG = re.compile(r"<(/?)h([1-5])(?=[\s>])")
PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*"[^>]*>[^<]*</a>')


@dataclass
class Part:
    """One page to assemble: its file name (e.g. how-common.md), title and body HTML."""

    src: str
    title: str
    html: str

    @property
    def slug(self) -> str:
        return self.src.rsplit("/", 1)[-1].removesuffix(".md")


def rewrite_part(part: Part) -> str:
    """A page's body HTML made safe to sit beside the others in one document."""
    slug = part.slug
    text = PERMALINK.sub("", part.html)
    text = ID_ATTR.sub(
        lambda m: m.group(1) + " ".join(f"{slug}--{v}" for v in m.group(2).split()) + m.group(3), text
    )
    # Links within the page follow its renamed ids; links to other pages stay as they are.
    text = HREF_ATTR.sub(
        lambda m: m.group(1) + (f"#{slug}--{m.group(2)[1:]}" if m.group(2)[:1] == "#" and m.group(2) != "#" else m.group(2))
        + m.group(3),
        text,
    )
    return HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", text)


def assemble(parts: Iterable[Part]) -> str:
    """A contents list, then each page as a section headed by its title."""
    parts = list(parts)
    contents = "".join(
        f'<li><a href="#{p.slug}">{html_lib.escape(p.title)}</a></li>' for p in parts
    )
    sections = "".join(
        f'<section class="print-guide__part" id="{p.slug}" aria-labelledby="{p.slug}-title">\n'
        f'<h2 class="print-guide__title" id="{p.slug}-title">{html_lib.escape(p.title)}</h2>\n'
        f"{rewrite_part(p)}\n</section>\n"
        for p in parts
    )
    return (
        '<nav class="print-guide__contents" aria-labelledby="print-guide-contents">\n'
        '<h2 id="print-guide-contents">Contents</h2>\n'
        f"<ol>{contents}</ol>\n</nav>\n{sections}"
    )
