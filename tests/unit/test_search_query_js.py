"""The search worker wrapper's own tests (tests/js/, Node's built-in runner) run with
the rest: its query rewrite, and Material's real worker behind it (a Material upgrade
that renames the worker or changes its messages fails here)."""

from __future__ import annotations

import shutil
import subprocess

from tests.helpers import ROOT


def test_search_worker_wrapper_node_tests_pass():
    node = shutil.which("node")
    assert node, "Node.js 20+ is needed for tests/js/ (node --test)"
    result = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
