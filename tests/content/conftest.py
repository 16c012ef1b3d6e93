from __future__ import annotations

from scripts.content_rules import read_front_matter
from tests.helpers import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def front_matter(rel: str) -> dict:
    return read_front_matter((DOCS / rel).read_text(encoding="utf-8"))


FACT_PAGES = sorted((p for p in PAGES if front_matter(p).get("fact")), key=lambda p: front_matter(p)["fact"])
