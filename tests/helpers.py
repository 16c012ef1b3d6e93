"""Shared helpers for tests. Building, serving and Chromium live in
scripts/local_site.py (shared with `make bench`); the names tests already import from
here are kept so test files need not change."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from scripts.local_site import ROOT, Build, build_site, free_port, world_readable_tempdir

__all__ = ["ROOT", "SUB_PATH", "Build", "build_site", "copy_project", "free_port", "require", "site_config", "world_readable_tempdir"]

SUB_PATH = "/some/sub/path/"


def require(found, message: str):
    """Return `found` if it is truthy. Otherwise skip the test on a laptop, but fail it
    in CI (CI=true), where every tool must be present: no skips in CI."""
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@functools.cache
def site_config():
    """mkdocs.yml as the build reads it: MkDocs' own loader, validated, with !ENV
    resolved from the environment (defaults here) and the hooks loaded."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def copy_project(dest: Path) -> Path:
    """A scratch copy of everything the build reads, for injecting editor mistakes."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "includes", "data"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest
