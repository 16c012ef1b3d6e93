"""Pictures in the built site (issue 11): icon arrays on the pages whose numbers they
show, the body map on the symptoms page, each with a text alternative and a caption,
nothing a strict CSP would block; and the PEMAT/CDC checklist on the built site."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from scripts import pemat_checklist
from tests.helpers import ROOT

# Every "N in 100" that matters to a decision, on the page that states it.
ICON_ARRAYS = {
    "how-common.html": [(60, 75)],
    "treatment.html": [(31, 31), (36, 36), (35, 35), (14, 14), (1, 3)],
    "symptoms-and-red-flags.html": [(10, 20)],
}
# One drawn person: an absolute start point, then the person shape in relative commands
# (scripts/icon_array.py); striped people add two lines across the body.
PERSON = r"M\d+(?:\.\d+)? \d+(?:\.\d+)?a2\.3 2\.3 0 1 0 4\.6 0a2\.3 2\.3 0 1 0-4\.6 0zm-1\.5 10\.7v-5q0-2\.5 2\.5-2\.5h2\.6q2\.5 0 2\.5 2\.5v5z"
STRIPES = r"m0-3\.8h7\.6m-7\.6 1\.9h7\.6"


def people(svg, kind: str) -> int:
    """People drawn in one group of an icon array, counted from its path data: the
    path must be a run of whole people, one absolute `M` each."""
    path = svg.select_one(f"path.icon-array__person--{kind}")
    if path is None:
        return 0
    d = path["d"]
    one = PERSON + (STRIPES if kind == "maybe" else "")
    drawn = re.findall(one, d)
    assert "".join(drawn) == d and len(drawn) == d.count("M"), f"{kind}: not a run of whole people"
    return len(drawn)


BODY_MAP = ROOT / "docs" / "assets" / "images" / "body-map.svg"


def soup_of(site, name) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("name", ICON_ARRAYS)
def test_icon_arrays_show_the_numbers_the_page_states(site, name):
    soup = soup_of(site, name)
    figures = soup.select("article figure.icon-array")
    shown = []
    for figure in figures:
        svg = figure.select_one("svg.icon-array__svg[role=img]")
        title = svg.find("title")
        assert svg["aria-labelledby"] == title["id"] and title.get_text(strip=True)
        low = people(svg, "yes")
        maybe = people(svg, "maybe")
        assert low + maybe + people(svg, "no") == 100
        shown.append((low, low + maybe))
        caption = figure.find("figcaption").get_text(" ", strip=True)
        words = f"{low} in" if not maybe else f"{low} to {low + maybe} in"
        assert words in caption, caption
        # The same number is in the page's own text, outside the picture.
        prose = " ".join(p.get_text(" ", strip=True) for p in soup.select("article p, article li, article td")
                         if not p.find_parent("figure"))
        assert re.search(rf"\b{words} (?:every )?100\b", prose) or (maybe and f"{low} in 100 and {low + maybe} in 100" in prose), words
    assert shown == ICON_ARRAYS[name]


def test_icon_array_descriptions_stay_out_of_search_results(site):
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Picture of 100 people" not in index and "Outline: the other" not in index
    assert "Denosumab: about 31 in 100 people had a bone problem" in index  # the caption is content


def test_icon_array_ids_stay_unique_in_the_whole_guide(site):
    soup = soup_of(site, "print-guide.html")
    ids = [el["id"] for el in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    svgs = soup.select("figure.icon-array svg.icon-array__svg")
    assert len(svgs) == sum(len(v) for v in ICON_ARRAYS.values())
    assert all(sum(people(svg, k) for k in ("yes", "maybe", "no")) == 100 for svg in svgs)
    assert not soup.select("figure.icon-array use")


def test_body_map_is_a_captioned_figure_with_alt_text_and_a_list(site):
    soup = soup_of(site, "symptoms-and-red-flags.html")
    # (The card heading below it holds the id "spinal-cord-compression"; the section's own id gets a suffix.)
    heading = next(h for h in soup.select("article h2") if h.get_text().startswith("Spinal cord compression"))
    figure = heading.find_next_sibling()
    assert figure.name == "figure" and "body-map" in figure["class"]
    img = figure.find("img")
    assert img["src"] == "assets/images/body-map.svg"
    assert len(img["alt"]) > 60 and "band round the chest" in img["alt"]
    assert "spinal cord compression" in figure.find("figcaption").get_text()
    described = figure.find_next_sibling("ul").get_text(" ")
    for words in ("neck or back", "band round the chest or tummy", "arms or legs", "bottom or genitals", "spine, the pelvis and the thigh bones"):
        assert words in described
    assert (site / "assets" / "images" / "body-map.svg").is_file()


def test_body_map_source_has_real_text_labels_a_title_and_no_colour_only_marks():
    tree = ET.parse(BODY_MAP)
    ns = {"s": "http://www.w3.org/2000/svg"}
    root = tree.getroot()
    assert root.find("s:title", ns).text and root.find("s:desc", ns).text
    labels = " ".join(t.text for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for word in ("Front", "Back", "Neck", "Band round", "Arms", "Legs", "Genitals", "Bottom", "Spine", "Pelvis", "Thigh"):
        assert word in labels
    patterns = {p.get("id") for p in root.iter("{http://www.w3.org/2000/svg}pattern")}
    assert {"stripes", "dots", "cross"} <= patterns  # each kind of sign has its own pattern
    text = BODY_MAP.read_text(encoding="utf-8")
    assert "style=" not in text and "<script" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert re.search(r'<rect width="860" height="740" fill="#ffffff"/>', text)  # its own white background


@pytest.mark.parametrize("name", [*ICON_ARRAYS, "print-guide.html"])
def test_pictures_need_no_style_attributes_or_scripts(site, name):
    article = soup_of(site, name).select_one("article")
    for figure in article.select("figure"):
        assert not figure.select("[style]") and not figure.select("script, style")


def test_pemat_checklist_passes_its_required_items_on_the_built_site(site, capsys):
    code = pemat_checklist.main([str(site)])
    out = capsys.readouterr().out
    assert code == 0, out
    for page in ("index.html", "treatment.html", "when-to-get-help.html"):
        assert page in out
    results = pemat_checklist.check_site(site, list(ICON_ARRAYS))
    for name in ICON_ARRAYS:
        assert results[name]["visuals-present"] == "pass" and results[name]["visuals-described"] == "pass", name
