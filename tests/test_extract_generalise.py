"""Extraction on the kinds of wording that unseen articles use and the dev set does not: our own sentences, one
test per kind (travel told as a departure, background told with a year, reported plans, unnamed cubs, deaths in
China, coast-guard incidents, sanctions on people, requests made during visits)."""

from __future__ import annotations

import pytest

from pandawatch.extract import extract_events, load_nlp
from pandawatch.model import Document

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def events(text: str, nlp, published: str) -> list:
    return extract_events(Document(id="own.txt", text=text, published=published), nlp)


def of_type(found: list, kind: str) -> list:
    return [event for event in found if event.type == kind]


def dyads(found: list) -> set[tuple[str, str, str]]:
    return {(event.type, event.source, event.target) for event in found}


def test_a_departure_told_as_travel_to_chengdu(nlp) -> None:
    text = ("Copenhagen Zoo's pandas Mao Sun and Xing Er have left Denmark.\n"
            "The two bears were driven from the zoo to the airport on Tuesday and flown to Chengdu.")
    departures = of_type(events(text, nlp, "2025-03-06"), "PANDA_DEPARTURE")
    assert len(departures) == 1
    assert (departures[0].status, departures[0].date, departures[0].target) == ("occurred", "2025-03-04", "DNK")
    assert set(departures[0].pandas) == {"Mao Sun", "Xing Er"}


def test_a_zoo_saying_goodbye_is_a_departure_and_a_flight_abroad_is_not(nlp) -> None:
    for text in ("Berlin Zoo said goodbye to its pandas Meng Meng and Jiao Qing on Friday.",
                 "Berlin Zoo bid farewell to its giant pandas on Friday."):
        departures = of_type(events(text, nlp, "2025-06-14"), "PANDA_DEPARTURE")
        assert [(event.date, event.target) for event in departures] == [("2025-06-13", "DEU")], text
    arrival = "The two giant pandas, Meng Meng and Jiao Qing, were flown to Berlin on Saturday."
    found = events(arrival, nlp, "2017-06-26")
    assert of_type(found, "PANDA_DEPARTURE") == []
    assert [event.target for event in of_type(found, "PANDA_ARRIVAL")] == ["DEU"]


def test_a_planned_return_by_the_end_of_a_month_keeps_every_named_panda(nlp) -> None:
    text = "Le Le, Ying Ying, Jia Jia and De De will return to Sichuan by the end of June, Ocean Park said."
    departures = of_type(events(text, nlp, "2025-05-10"), "PANDA_DEPARTURE")
    assert [(event.status, event.date, event.target) for event in departures] == [("planned", "2025-06", "HKG")]
    assert set(departures[0].pandas) == {"Le Le", "Ying Ying", "Jia Jia", "De De"}


def test_background_arrival_and_extension_with_a_year_count(nlp) -> None:
    text = ("Copenhagen Zoo is preparing for a busy summer.\n"
            "Its giant pandas Mao Sun and Xing Er are the stars of the zoo.\n"
            "The animals attract a million visitors a year.\n"
            "The pair came to Copenhagen in April 2019 on loan from China.\n"
            "The deal was extended by five years in 2024.")
    found = events(text, nlp, "2025-05-01")
    assert [(event.date, event.target) for event in of_type(found, "PANDA_ARRIVAL")] == [("2019-04", "DNK")]
    assert [(event.date, event.target) for event in of_type(found, "LOAN_EXTENSION")] == [("2024", "DNK")]


def test_undated_history_told_with_later_is_not_an_event(nlp) -> None:
    text = "The pair arrived at Copenhagen Zoo in April 2019 on a loan that was later extended."
    assert of_type(events(text, nlp, "2025-05-01"), "LOAN_EXTENSION") == []


def test_twins_born_to_a_named_mother_are_not_the_mother(nlp) -> None:
    text = ("Berlin Zoo's giant panda Meng Meng gave birth to twins on Thursday, the zoo said.\n"
            "The first cub was born just after noon.")
    births = of_type(events(text, nlp, "2024-08-24"), "PANDA_BIRTH")
    assert [(event.date, event.target, event.pandas) for event in births] == [("2024-08-22", "DEU", ())]


def test_a_plan_in_reported_speech_and_an_agreement_signed_last_year(nlp) -> None:
    text = ("Two pandas would arrive at Berlin Zoo next spring and stay for ten years under an agreement signed "
            "with China last year, the zoo's director said.")
    found = events(text, nlp, "2025-11-20")
    assert [(event.status, event.date) for event in of_type(found, "LOAN_AGREEMENT")] == [("occurred", "2024")]
    assert [(event.status, event.date) for event in of_type(found, "PANDA_ARRIVAL")] == [("planned", "2026")]


def test_a_panda_that_went_back_and_died_in_china_departed_and_did_not_die_abroad(nlp) -> None:
    text = "Xing Er went back to China in 2021 and died there two years later, Copenhagen Zoo said."
    found = events(text, nlp, "2025-05-01")
    assert [(event.date, event.target) for event in of_type(found, "PANDA_DEPARTURE")] == [("2021", "DNK")]
    assert of_type(found, "PANDA_DEATH") == []


def test_a_coast_guard_incident_is_an_assault_a_coercion_and_an_accusation(nlp) -> None:
    text = ("Vietnam said Chinese coast guard ships fired water cannon at a Vietnamese fishing boat on Sunday.\n"
            "The China Coast Guard said it took necessary measures to expel the boat, which it accused of "
            "fishing illegally.")
    found = dyads(events(text, nlp, "2025-04-15"))
    assert {("ASSAULT", "CHN", "VNM"), ("COERCE", "CHN", "VNM"), ("ACCUSE", "CHN", "VNM")} <= found
    assert ("ACCUSE", "VNM", "CHN") not in found


def test_sanctions_announced_on_a_person_are_a_sanction_not_an_accusation(nlp) -> None:
    text = ("China announced on Monday that it would impose sanctions on a former Japanese lawmaker who "
            "visited Taiwan last month.")
    found = events(text, nlp, "2025-09-08")
    assert ("SANCTION", "CHN", "JPN") in dyads(found)
    assert not of_type(found, "ACCUSE")


def test_requests_thanks_and_protests_between_named_people(nlp) -> None:
    text = ("Prime Minister Mark Carney met Chinese Premier Li Qiang in Beijing on Thursday.\n"
            "During the visit Carney pressed for fairer access for Canadian canola.\n"
            "Li thanked Ottawa for its support.\n"
            "Separately, Canada lodged a diplomatic protest with the Chinese embassy over the detention of a "
            "Canadian citizen.")
    found = dyads(events(text, nlp, "2026-01-16"))
    assert {("CONSULT", "CAN", "CHN"), ("REQUEST", "CAN", "CHN"), ("SUPPORT", "CHN", "CAN"),
            ("PROTEST", "CAN", "CHN")} <= found
