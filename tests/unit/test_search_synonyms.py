"""Search synonyms: checking data/synonyms.yml and adding synonyms to a search index."""

from __future__ import annotations

import copy
import re
import time

from scripts import search_synonyms as syn
from tests.helpers import ROOT

TITLE, TEXT = syn.TITLE_FIELD, syn.TEXT_FIELD


def synonyms(groups, misspellings=None):
    parsed, problems = syn.parse_synonyms({"groups": groups, "misspellings": misspellings or {}})
    assert problems == []
    return parsed


def test_good_data_is_normalised_and_has_no_problems():
    parsed, problems = syn.parse_synonyms({
        "groups": [["Hypercalcaemia", "hypercalcemia"], ["high  calcium", "hypercalcaemia"]],
        "misspellings": {"Hypercalcimia": "hypercalcemia"},
    })
    assert problems == []
    assert parsed.groups == [("hypercalcaemia", "hypercalcemia", "high calcium")]
    assert parsed.misspellings == {"hypercalcimia": "hypercalcemia"}


def test_problems_name_the_group_or_entry():
    _, problems = syn.parse_synonyms({
        "groups": [["tumour"], ["anaemia", "Anaemia", "anemia"], "xgeva, denosumab", [1, "a"]],
        "misspellings": {"tumor": "tumour", "fractur": "fracture", "same": "same", "anemia": "anaemia"},
        "synonyms": [],
    })
    expected = [
        "unknown keys ['synonyms']",
        "group 1 (tumour): needs at least 2 different terms",
        "group 2 (anaemia): anaemia listed twice",
        "group 3: must be a list",
        "group 4: must be a list",
        "misspelling 'fractur': not needed",
        "misspelling 'same': maps to itself",
        "misspelling 'anemia': is a real term",
    ]
    missing = [e for e in expected if not any(p.startswith(e) for p in problems)]
    assert missing == [], problems


def test_not_a_mapping_or_not_yaml(tmp_path):
    assert syn.parse_synonyms(["a", "b"])[1] == ["expected a mapping with 'groups' and 'misspellings'"]
    bad = tmp_path / "synonyms.yml"
    bad.write_text("groups: [a, b\n", encoding="utf-8")
    assert syn.load_synonyms(bad)[1][0].startswith("not valid YAML")


def test_groups_sharing_a_term_are_merged_in_order():
    assert syn.merge_groups([["a", "b"], ["c", "d"], ["b", "c", "e"], ["x", "y"]]) == [
        ("a", "b", "c", "d", "e"), ("x", "y"),
    ]


def test_terms_match_whole_words_any_case_plurals_and_hyphens():
    def found(term, text):
        return bool(syn.term_pattern(term).search(text))

    assert found("fracture", "A pathological Fracture.")
    assert found("fracture", "two fractures")
    assert found("broken bone", "a broken\nbones")
    assert found("x-ray", "an X ray")
    assert found("bone-only disease", "bone only disease")
    assert found("a&e", "go to A&E now")
    assert found("ca 15-3", "my CA 15-3 has gone up")
    assert not found("ct", "a PET-CT scan")        # not inside a hyphenated word
    assert not found("mets", "metastases")
    assert not found("numb", "numbers")


def test_expansion_adds_the_rest_of_each_group_and_misspellings_once():
    s = synonyms(
        [["hypercalcaemia", "hypercalcemia"], ["hypercalcaemia", "high calcium"], ["denosumab", "xgeva"]],
        {"hypercalcimia": "hypercalcemia", "denosomab": "denosumab"},
    )
    # "high calcium" brings the UK and US words, and the US word brings its misspelling.
    assert syn.expansion("<p>High calcium: call today</p>", s) == ["hypercalcaemia", "hypercalcemia", "hypercalcimia"]
    # Words already on the page are not repeated.
    assert syn.expansion("Xgeva (denosumab) and high calcium (hypercalcaemia)", s) == [
        "hypercalcemia", "hypercalcimia", "denosomab",
    ]
    assert syn.expansion("nothing relevant", s) == []


def test_plain_text_drops_tags_and_decodes_entities():
    assert " ".join(syn.plain_text("<p>Go to <b>A&amp;E</b></p>").split()) == "Go to A&E"


def test_index_gets_hidden_fields_split_by_title_and_text():
    s = synonyms([["spinal cord compression", "mscc"], ["numbness", "numb legs"], ["denosumab", "xgeva"]])
    index = {
        "config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, TEXT: {"boost": 3.0}}},
        "docs": [
            {"location": "a.html#scc", "title": "Spinal cord compression", "text": "<p>Numbness in the legs.</p>"},
            {"location": "a.html#other", "title": "Other", "text": "<p>Nothing here.</p>", TITLE: "stale"},
            {"location": "b.html", "title": "Drugs", "text": "<p>Xgeva</p>"},
        ],
    }
    before = copy.deepcopy(index)
    out = syn.add_synonyms_to_index(index, s)
    assert index == before                                    # input unchanged
    fields = out["config"]["fields"]
    assert fields[TITLE] == {"boost": syn.FIELD_BOOSTS[TITLE]}
    assert fields[TEXT] == {"boost": 3.0}                     # a boost set in mkdocs.yml wins
    scc, other, drugs = out["docs"]
    assert (scc[TITLE], scc[TEXT]) == ("mscc", "numb legs")   # heading words weigh like a heading
    assert TITLE not in other and TEXT not in other           # stale fields removed
    assert drugs[TEXT] == "denosumab" and TITLE not in drugs
    assert [d["text"] for d in out["docs"]] == [d["text"] for d in before["docs"]]  # visible text untouched


# --- The real data file -------------------------------------------------------------

def test_data_file_has_no_problems():
    assert syn.load_synonyms(ROOT / "data" / "synonyms.yml")[1] == []


def test_no_group_grows_too_big_by_merging():
    """Groups sharing a term merge; a common word in two groups would chain unrelated
    terms together and tie every page to them."""
    parsed, _ = syn.load_synonyms(ROOT / "data" / "synonyms.yml")
    assert [g[:3] for g in parsed.groups if len(g) > 20] == []


def test_no_misspelling_is_used_on_a_page():
    """A misspelling found in docs/ is a typo on the page, or a real word listed by mistake."""
    parsed, _ = syn.load_synonyms(ROOT / "data" / "synonyms.yml")
    words = set()
    for page in (ROOT / "docs").rglob("*.md"):
        words |= set(re.findall(r"[a-z]+", page.read_text(encoding="utf-8").lower()))
    assert sorted(set(parsed.misspellings) & words) == []


def test_merging_is_transitive_through_long_chains_and_keeps_first_seen_order():
    chain = [[f"t{i}", f"t{i + 1}"] for i in range(2000)]
    assert syn.merge_groups([["x", "y"], *reversed(chain), ["y", "z"]]) == [
        ("x", "y", "z"), ("t1999", "t2000", *(f"t{i}" for i in range(1998, -1, -1)))]
    assert syn.merge_groups([["a"], ["b"], ["a", "c"], ["b", "a"]]) == [("a", "b", "c")]


def test_a_huge_synonyms_file_is_parsed_and_applied_in_linear_time():
    """Security review F15: 6,000 groups added 81 s to the build (pairwise merging and
    every group tried on every document). 20,000 groups of 3, one of 8,000 terms and a
    chain of 5,000 linked groups: well under the seconds the old code took for 1,000."""
    groups = [[f"w{i}a", f"w{i}b", f"w{i}c"] for i in range(20_000)]
    groups += [[f"big{i}" for i in range(8_000)]]
    groups += [[f"c{i}", f"c{i + 1}"] for i in range(5_000)]
    docs = [{"location": f"p{n}.html", "title": f"Page w{n}a", "text": "big7 and c10 " * 50 + " ".join(
        f"word{k}" for k in range(300))} for n in range(40)]
    started = time.perf_counter()
    synonyms, problems = syn.parse_synonyms({"groups": groups})
    index = syn.add_synonyms_to_index({"config": {}, "docs": docs}, synonyms)
    elapsed = time.perf_counter() - started
    assert problems == []
    assert len(synonyms.groups) == 20_002
    assert index["docs"][3][syn.TITLE_FIELD] == "w3b w3c"
    assert "c5000" in index["docs"][0][syn.TEXT_FIELD]
    assert elapsed < 5, f"{elapsed:.1f} s"


def test_sources_sections_are_dropped_from_the_index():
    index = {"config": {"x": 1}, "docs": [
        {"location": "a.html", "title": "A"}, {"location": "a.html#sources", "title": "Sources"},
        {"location": "a.html#open-sources", "title": "Open sources"}, {"location": "b.html#sources"}]}
    assert syn.drop_sections(index) == {"config": {"x": 1}, "docs": [
        {"location": "a.html", "title": "A"}, {"location": "a.html#open-sources", "title": "Open sources"}]}
    assert len(index["docs"]) == 4  # input unchanged
    card = {"docs": [{"location": "red-flag-card.html"}, {"location": "red-flag-card.html#emergencies"},
                     {"location": "when-to-get-help.html#emergencies"}]}
    assert syn.drop_sections(card)["docs"] == [{"location": "red-flag-card.html"},
                                               {"location": "when-to-get-help.html#emergencies"}]


def test_card_signs_and_escalation_signs_go_in_their_own_fields_with_synonyms():
    synonyms, _ = syn.parse_synonyms({"groups": [["muddled", "confused"], ["drowsy", "sleepy"]]})
    index = {"config": {"fields": {"title": {"boost": 1000}}}, "docs": [
        {"location": "help.html#high-calcium", "title": "Same day", "text": "<p>Do not drive yourself.</p>"},
        {"location": "help.html#other", "title": "Other", "text": "muddled"},
    ]}
    out = syn.emphasise_sections(index, {"help.html#high-calcium": ("High calcium you feel muddled", "very drowsy")},
                                 synonyms)
    card, other = out["docs"]
    assert card[syn.CARD_FIELD].split() == ["High", "calcium", "you", "feel", "muddled", "confused"]
    assert card[syn.ESCALATION_FIELD].split() == ["very", "drowsy", "sleepy"]
    assert "drive" not in card[syn.CARD_FIELD]  # the card's advice is not a sign
    assert syn.CARD_FIELD not in other and syn.ESCALATION_FIELD not in other
    fields = out["config"]["fields"]
    assert fields[syn.CARD_FIELD]["boost"] == syn.CARD_BOOST > fields[syn.ESCALATION_FIELD]["boost"] > 0
    assert index["docs"][0].keys() == {"location", "title", "text"}  # input unchanged
