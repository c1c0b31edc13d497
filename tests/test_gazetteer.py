"""The world gazetteer: every ISO 3166 country, the ambiguous forms left out, and its generator reproducible.

Texts are our own."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pycountry
import pytest
import yaml

from pandawatch.resolve.countries import Gazetteer, load_gazetteer, plural
from pandawatch.settings import PACKAGE_DATA

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def codes(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(mention.text, mention.code) for mention in gazetteer.find(text)]


def test_every_iso_country_and_territory_has_a_name(gazetteer: Gazetteer) -> None:
    known = {code for code, _ in gazetteer.forms.values()}
    missing = sorted(country.alpha_3 for country in pycountry.countries if country.alpha_3 not in known)
    assert missing == []


def test_countries_the_curated_list_never_held_are_found_by_name_adjective_and_capital(gazetteer) -> None:
    text = ("Lithuanian officials in Vilnius said Kenya and Chile had joined; Nairobi and Santiago de Chile "
            "were cautious, and Kazakh diplomats in Astana stayed silent. Mongolians and Ugandans travelled "
            "to Ulaanbaatar. Bogota, Bogotá and Côte d'Ivoire all count.")
    found = codes(gazetteer, text)
    assert ("Lithuanian", "LTU") in found and ("Vilnius", "LTU") in found
    assert ("Kenya", "KEN") in found and ("Nairobi", "KEN") in found and ("Chile", "CHL") in found
    assert ("Kazakh", "KAZ") in found and ("Astana", "KAZ") in found
    assert ("Mongolians", "MNG") in found and ("Ugandans", "UGA") in found and ("Ulaanbaatar", "MNG") in found
    assert ("Bogota", "COL") in found and ("Bogotá", "COL") in found and ("Côte d'Ivoire", "CIV") in found


@pytest.mark.parametrize("text", [
    "Michael Jordan signed autographs in Victoria before flying to Kingston.",
    "Chad Miller, a keeper, said the Guinea pigs and a Guinea Pig shared the enclosure.",
    "Voters in Georgia and New Jersey queued for hours; a Georgian townhouse sold in Hamilton.",
    "Stanley Douglas rented a flat in Plymouth and a cabin near Georgetown.",
    "Sofia and Santiago, two students, met on the Niger river.",
    "Fishing fleets crowd the South China Sea, the East China Sea and the Indian Ocean every spring.",
])
def test_ambiguous_forms_name_no_country(gazetteer: Gazetteer, text: str) -> None:
    assert codes(gazetteer, text) == []


def test_waters_a_country_names_as_its_own_stand_for_it(gazetteer: Gazetteer) -> None:
    text = "Coast guard ships patrolled the Sea of Japan and the West Philippine Sea near the South China Sea."
    assert [code for _, code in codes(gazetteer, text)] == ["JPN", "PHL"]


def test_the_unambiguous_forms_of_ambiguous_countries_still_count(gazetteer: Gazetteer) -> None:
    text = "Jordanian and Chadian envoys met in Amman and N'Djamena; Tbilisi and Niamey sent notes."
    assert [code for _, code in codes(gazetteer, text)] == ["JOR", "TCD", "JOR", "TCD", "GEO", "NER"]


def test_curated_forms_win_over_the_world_list(gazetteer: Gazetteer) -> None:
    # the world list gives "Chinese" to Hong Kong and Macau too, and "American" to the Northern Mariana Islands
    assert codes(gazetteer, "Chinese and American officials") == [("Chinese", "CHN"), ("American", "USA")]
    assert codes(gazetteer, "The National People's Congress voted.") == [("National People's Congress", "CHN")]


def test_plural_people_of_a_country() -> None:
    assert [plural(form) for form in ("Australian", "Thai", "Finn", "Dane", "Filipino")] == [
        "Australians", "Thais", "Finns", "Danes", "Filipinos"]
    assert [plural(form) for form in ("French", "Chinese", "Swiss", "US", "U.K.")] == [None] * 5


def test_the_longest_form_ending_at_a_word_boundary_wins() -> None:
    gazetteer = Gazetteer({"US": ("USA", "name"), "USA": ("USA", "name"), "South Korea": ("KOR", "name"),
                           "South Korean": ("KOR", "adjective"), "Korea": ("KOR", "name"),
                           "Guinea": ("GIN", "name"), "Guinea pig": ("", "blocked")}, (), ())
    found = [(m.text, m.start) for m in gazetteer.find("USAF US USA. South Korean South Korea Koreas Guinea pig")]
    assert found == [("US", 5), ("USA", 8), ("South Korean", 13), ("South Korea", 26)]


def test_every_ambiguous_form_is_out_of_the_generated_list_and_explained() -> None:
    ambiguous = yaml.safe_load((PACKAGE_DATA / "countries_ambiguous.yaml").read_text(encoding="utf-8"))
    world = yaml.safe_load((PACKAGE_DATA / "countries_world.yaml").read_text(encoding="utf-8"))
    generated = {form for entry in world.values() for forms in entry.values() for form in forms}
    for form, why in ambiguous["forms"].items():
        assert why and len(why.split()) >= 3, form
        assert form not in generated, form


def test_the_generated_world_list_is_what_its_script_writes() -> None:
    pytest.importorskip("countryinfo")
    spec = importlib.util.spec_from_file_location("build_countries", ROOT / "scripts" / "build_countries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (PACKAGE_DATA / "countries_world.yaml").read_text(encoding="utf-8")
