"""axe (WCAG 2.2 AA) on the sign-off and feedback states the default build never shows:
a page flagged "changed after clinical review", a signed-off review panel, the feedback
link and a configured publisher. (test_accessibility.py covers every page as built by
default, including the trust pages.)"""

from __future__ import annotations

import pytest

from scripts import changes, sign_off
from scripts.local_site import Server
from tests.browser.served import axe_problems, axe_readers
from tests.content.conftest import PAGES
from tests.helpers import build_site, copy_project, world_readable_tempdir

pytestmark = pytest.mark.browser
CHECKED = ["when-to-get-help.html", "how-common.html", "accessibility.html", "how-this-guide-is-made.html", "whats-changed.html"]


@pytest.fixture(scope="module")
def governed_site(tmp_path_factory):
    project = copy_project(world_readable_tempdir("gov-a11y-") / "project")
    root = ["--root", str(project)]
    for page in PAGES:
        assert sign_off.main([*root, "--page", page, "--by", "Dr Jane Smith", "--role", "Consultant clinical oncologist",
                              "--org", "Example Hospitals NHS Trust"]) == 0
    # Edit the broken-bone care card (data/triage.yml) after sign-off.
    triage = project / "data" / "triage.yml"
    before = triage.read_text(encoding="utf-8")
    after = before.replace("Quick help eases the pain and protects the bone from more damage.",
                           "Quick help eases the pain and keeps the bone from more harm.")
    assert after != before, "the broken-bone card's text to edit is no longer in data/triage.yml"
    triage.write_text(after, encoding="utf-8")
    for page in ("index.md", "when-to-get-help.md", "symptoms-and-red-flags.md", "red-flag-card.md", "symptom-diary.md",
                 "print-guide.md"):  # the pages that show the card
        assert changes.main([*root, "record", "--page", page, "--note", "Broken bone card: clearer advice."]) == 0
    result = build_site(project, world_readable_tempdir("gov-a11y-") / "site",
                        env={"FEEDBACK_EMAIL": "patient.information@hospital.nhs.uk", "PUBLISHER_NAME": "Example Hospitals NHS Trust"})
    assert result.returncode == 0, result.log[-3000:]
    with Server(result.site) as server:
        yield server.url


def test_sign_off_and_feedback_states_pass_axe(browser, governed_site):
    with axe_readers(browser, governed_site) as readers:
        problems = axe_problems(readers, CHECKED)
        first = readers[0].page
        first.goto(governed_site + "when-to-get-help.html")
        assert first.locator(".sign-off-notice").is_visible()
        assert first.locator("aside.review-panel p.feedback a[href^='mailto:']").count() == 1
    assert not problems, "\n" + "\n".join(problems)
