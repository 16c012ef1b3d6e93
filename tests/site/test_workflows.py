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


def _workflow(name: str = "site.yml") -> dict:
    import yaml

    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def test_checkout_never_keeps_the_token():
    """Security review F9/F16: a symlink to .git/config must not publish the job's token."""
    checkouts = [step for job in _workflow()["jobs"].values() for step in job.get("steps", [])
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)


def test_pages_artifact_is_built_apart_from_the_tests():
    """Security review F16: the job that uploads site/ never installs the test tools."""
    jobs = _workflow()["jobs"]
    uploads = [name for name, job in jobs.items()
               if any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in job.get("steps", []))]
    assert len(uploads) == 1
    builder = jobs[uploads[0]]
    commands = " ".join(s.get("run", "") for s in builder["steps"])
    assert "make site" in commands and "make test" not in commands and "pytest" not in commands
    testers = [name for name, job in jobs.items() if "make test" in " ".join(s.get("run", "") for s in job.get("steps", []))]
    assert testers and uploads[0] not in testers
    assert set(testers) <= set([builder.get("needs")] if isinstance(builder.get("needs"), str) else builder.get("needs", []))
    # `make site` installs only the hashed build set.
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^site: \$\(BUILD_STAMP\)", makefile, re.M)
    assert re.search(r"^\$\(BUILD_STAMP\): requirements-build.txt", makefile, re.M)


def test_requirements_are_hashed_and_installed_with_require_hashes():
    """Security review F16: every pin has a hash, pip itself is pinned, installs require hashes."""
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes" in makefile and "--generate-hashes" in makefile
    for name in ("requirements-build.txt", "requirements.txt"):
        text = (ROOT / name).read_text()
        entries = re.findall(r"^([A-Za-z0-9_.-]+)==\S+((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})*)", text, re.M)
        assert entries, name
        assert [pkg for pkg, hashes in entries if "--hash=sha256:" not in hashes] == [], name
        assert any(pkg == "pip" for pkg, _ in entries), f"{name}: pip is not pinned"
    build = set(re.findall(r"^([A-Za-z0-9_.-]+==\S+)", (ROOT / "requirements-build.txt").read_text(), re.M))
    full = set(re.findall(r"^([A-Za-z0-9_.-]+==\S+)", (ROOT / "requirements.txt").read_text(), re.M))
    assert build <= full, f"the two locks disagree: {sorted(build - full)}"
    assert not {p.split("==")[0].lower() for p in build} & {"pytest", "playwright", "linkchecker"}

def test_properdocs_job_builds_and_tests_the_site():
    """After Material's end of life the site must still build: CI runs `make properdocs`."""
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())["jobs"]
    runs = [step.get("run", "") for step in jobs["properdocs"]["steps"]]
    assert any("make properdocs" in run for run in runs), runs
    assert jobs["properdocs"].get("env", {}).get("CI") == "true"  # a missing tool fails, never skips
