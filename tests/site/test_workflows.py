"""GitHub workflow files validate against the bundled GitHub workflow schema (offline)."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from tests.helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def test_workflows_match_the_schema():
    assert WORKFLOWS, "no workflow files in .github/workflows"
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_to_full_commit_shas():
    problems = []
    for wf in WORKFLOWS:
        for line in wf.read_text().splitlines():
            m = re.search(r"uses:\s*([^\s#]+)", line)
            if m and not re.search(r"@[0-9a-f]{40}$", m.group(1)):
                problems.append(f"{wf.name}: {m.group(1)}")
            elif m and "#" not in line:
                problems.append(f"{wf.name}: {m.group(1)} has no version comment")
    assert problems == []


def test_properdocs_job_builds_and_tests_the_site():
    """After Material's end of life the site must still build: CI runs `make properdocs`."""
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())["jobs"]
    runs = [step.get("run", "") for step in jobs["properdocs"]["steps"]]
    assert any("make properdocs" in run for run in runs), runs
    assert jobs["properdocs"].get("env", {}).get("CI") == "true"  # a missing tool fails, never skips
