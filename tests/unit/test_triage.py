"""The triage model's own checks: shape problems and contradictions name the file
and the field, and the real model has none."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from scripts.triage import check_model, check_page, load_model, parse_model

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load((ROOT / "data" / "triage.yml").read_text(encoding="utf-8"))
REFS = list(yaml.safe_load((ROOT / "data" / "references.yml").read_text(encoding="utf-8")))


def problems_for(mutate) -> list[str]:
    data = copy.deepcopy(RAW)
    mutate(data)
    model, problems = parse_model(data)
    return problems + (check_model(model, REFS) if model else [])


def test_the_real_model_has_no_problems():
    model, problems = load_model(ROOT / "data" / "triage.yml")
    assert problems == []
    assert check_model(model, REFS) == []


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["cards"]["high-calcium"].update(level="urgentish"), "cards.high-calcium.level is 'urgentish': use one of emergency, call-now"),
    (lambda d: d["cards"]["high-calcium"].update(next="Call now."), "cards.high-calcium.next: 'now' is how the 'emergency' level"),
    (lambda d: d["cards"]["new-bone-pain"]["signs"].append({"text": "pain today", "short": "x"}),
     f"cards.new-bone-pain.signs[{len(RAW['cards']['new-bone-pain']['signs']) + 1}].text: 'today'"),
    (lambda d: d["cards"]["spinal-cord-compression"].update(why=""), "cards.spinal-cord-compression.why is missing"),
    (lambda d: [s.pop("home", None) for s in d["cards"]["broken-bone"]["signs"]], "cards.broken-bone: mark at least one sign `home: true`"),
    (lambda d: d["cards"]["blood-clot"].update(sources=["R9999"]), "cards.blood-clot.sources: unknown reference 'R9999'"),
    (lambda d: d["cards"]["blood-clot"].update(escalate={"level": "soon", "when": "x"}), "cards.blood-clot.escalate.level 'soon' must be more urgent"),
    (lambda d: d["cards"]["blood-clot"].update(colour="red"), "cards.blood-clot.colour is not a card field"),
    (lambda d: d["cards"]["blood-clot"].update(next="Call {hotline}."), "unknown field {hotline}"),
    (lambda d: d["levels"]["same-day"].update(fallback=""), "levels.same-day.fallback is missing"),
    (lambda d: d["cards"].update({"Bad Id": d["cards"]["blood-clot"]}), "card id 'Bad Id'"),
])
def test_contradictions_and_mistakes_are_named(mutate, expected):
    problems = problems_for(mutate)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("data/triage.yml") for p in problems)


def test_broken_yaml_is_one_clear_problem(tmp_path):
    bad = tmp_path / "triage.yml"
    bad.write_text("levels:\n\temergency: {}\n", encoding="utf-8")
    model, problems = load_model(bad)
    assert model is None and len(problems) == 1 and "line 2" in problems[0] and "tabs" in problems[0]


def test_pages_must_render_their_blocks_and_name_known_cards():
    model, _ = load_model(ROOT / "data" / "triage.yml")
    assert check_page("when-to-get-help.md", "/// triage-cards\n///\n", model) == []
    missing = check_page("when-to-get-help.md", "# Help\n", model)
    assert missing and "triage-cards" in missing[0]
    unknown = check_page("faq.md", "text\n/// care-card | urgent\n///\n", model)
    assert unknown == ["line 2: unknown care card 'urgent' (cards now name a card, not a level): use one of " + ", ".join(model.cards)]


def test_an_emergency_action_typed_into_a_page_is_refused():
    model, _ = load_model(ROOT / "data" / "triage.yml")
    problems = check_page("faq.md", "Intro.\n\nIf your legs are weak, call [[ emergency ]] now.\n", model)
    assert len(problems) == 1 and problems[0].startswith("line 3: an emergency action is typed into the page")
    # Inside a model block it is the model's business, not the page's.
    assert check_page("faq.md", "/// care-card | broken-bone\n///\n", model) == []
