from __future__ import annotations

import re

import yaml

from tests.helpers import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def front_matter(rel: str) -> dict:
    text = (DOCS / rel).read_text(encoding="utf-8")
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


FACT_PAGES = sorted((p for p in PAGES if front_matter(p).get("fact")), key=lambda p: front_matter(p)["fact"])
