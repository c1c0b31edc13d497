"""The registry as a check inside extraction, on short texts written for these tests (real spaCy pipeline, real
registry): what it contradicts is not told or is told of the panda that fits; what the article leaves unnamed
it names when only one stay or loan fits."""

from __future__ import annotations

import pytest

from pandawatch.extract import extract_events, load_nlp
from pandawatch.model import Document


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def events(text: str, nlp, published: str) -> list:
    return extract_events(Document(id="own.txt", text=text, published=published), nlp, acts=False)


def of_type(found: list, kind: str) -> list:
    return [event for event in found if event.type == kind]


def test_a_birth_abroad_of_a_panda_born_in_china_is_not_told(nlp) -> None:
    text = ("Chiang Mai Zoo mourned its female giant panda this week.\n"
            "Lin Hui, who was born in September 2001 and came to Thailand two years later, died on Wednesday.")
    found = events(text, nlp, "2023-04-21")
    assert not of_type(found, "PANDA_BIRTH")
    deaths = of_type(found, "PANDA_DEATH")
    assert [(event.target, event.pandas) for event in deaths] == [("THA", ("Lin Hui",))]


def test_a_cub_born_abroad_keeps_its_birth(nlp) -> None:
    text = ("Madrid's zoo has a new star.\n"
            "A female giant panda cub, Chulina, was born at the Madrid Zoo Aquarium on 31 August 2016.")
    births = of_type(events(text, nlp, "2016-09-02"), "PANDA_BIRTH")
    assert [(event.target, event.date, event.pandas) for event in births] == [("ESP", "2016-08-31", ("Chulina",))]


def test_a_planned_departure_of_pandas_gone_for_years_names_none_of_them(nlp) -> None:
    text = ("Shin Shin and Ri Ri delighted visitors at Ueno Zoo for years.\n"
            "Tokyo officials said the pair will be sent back to China in March next year.")
    for event in of_type(events(text, nlp, "2027-06-15"), "PANDA_DEPARTURE"):
        assert not {"Shin Shin", "Ri Ri"} & set(event.pandas)


def test_an_arrival_goes_to_the_panda_of_the_sentence_that_lived_there(nlp) -> None:
    text = ("Ueno Zoo has had pandas since 1972.\n"
            "Years after Ling Ling's death in 2008, Ri Ri and Shin Shin arrived in Tokyo in February 2011.")
    arrivals = of_type(events(text, nlp, "2011-03-01"), "PANDA_ARRIVAL")
    assert len(arrivals) == 1
    assert set(arrivals[0].pandas) == {"Ri Ri", "Shin Shin"}


def test_the_registry_names_the_pandas_an_article_leaves_unnamed(nlp) -> None:
    text = ("Scotland says goodbye.\n"
            "The two giant pandas of Edinburgh Zoo flew back to China on 4 December 2023.")
    departures = of_type(events(text, nlp, "2023-12-05"), "PANDA_DEPARTURE")
    assert [(event.target, event.date) for event in departures] == [("GBR", "2023-12-04")]
    assert set(departures[0].pandas) == {"Tian Tian", "Yang Guang"}


def test_a_planned_return_naming_no_panda_is_of_the_pandas_living_at_that_zoo(nlp) -> None:
    at_the_zoo = ("Kobe Oji Zoo has been a favourite of families for decades.\n"
                  "Kobe Oji Zoo said on Tuesday that it will return its giant panda to China in July.")
    departures = of_type(events(at_the_zoo, nlp, "2020-05-19"), "PANDA_DEPARTURE")
    assert [(event.status, event.target, event.pandas) for event in departures] == [("planned", "JPN", ("Tan Tan",))]
    in_the_country = ("Japan has hosted giant pandas since 1972.\n"
                      "Japan said on Tuesday that it will return a giant panda to China in July.")
    departures = of_type(events(in_the_country, nlp, "2020-05-19"), "PANDA_DEPARTURE")
    assert [(event.target, event.pandas) for event in departures] == [("JPN", ())]  # three zoos had pandas then


def test_a_dead_pandas_planned_return_is_not_told(nlp) -> None:
    text = ("Chiang Mai Zoo mourned its female giant panda Lin Hui this week.\n"
            "Lin Hui was due to return to China in October this year.")
    assert of_type(events(text, nlp, "2023-04-25"), "PANDA_DEPARTURE") == []
