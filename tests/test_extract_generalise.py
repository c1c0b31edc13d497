"""Extraction on the kinds of wording that unseen articles use and the dev set does not: our own sentences, one
test per kind (travel told as a departure, background told with a year, reported plans, unnamed cubs, deaths in
China, coast-guard incidents, sanctions on people, requests made during visits)."""

from __future__ import annotations

import pytest

from pandawatch.extract import extract_events, load_nlp
from pandawatch.model import Document


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


# ---- third pass: travel with two verbs, requests whatever the noun, parents after "to", relative arrivals,
# dates of occasions, groups of a country's people, people who travel, occasions that are not targets, praise


def test_a_departure_told_as_leaving_and_landing_is_one_departure_and_since_a_year_is_no_date(nlp) -> None:
    text = ("The twin giant pandas Yang Guang and Tian Tian left Edinburgh Zoo on Monday and landed in Chengdu "
            "early on Tuesday. Their departure leaves Britain without a single panda for the first time since 1994.")
    departures = of_type(events(text, nlp, "2023-12-06"), "PANDA_DEPARTURE")
    assert [(event.date, event.target) for event in departures] == [("2023-12-04", "GBR")]
    assert set(departures[0].pandas) == {"Yang Guang", "Tian Tian"}


def test_asking_to_extend_a_stay_is_a_loan_request_and_not_agreeing_a_refusal(nlp) -> None:
    text = ("Ri Ri and Shin Shin have lived at Ueno Zoo since 2011.\n"
            "Tokyo asked Beijing to extend the pair's stay, but China did not agree.")
    assert {("LOAN_REQUEST", "JPN", "CHN"), ("LOAN_REFUSAL", "CHN", "JPN")} <= dyads(events(text, nlp, "2024-09-01"))


def test_the_parents_a_cub_was_born_to_are_not_the_cub(nlp) -> None:
    text = "The giant panda Xiang Xiang was born at Ueno Zoo in Tokyo in June 2017 to Shin Shin and Ri Ri."
    births = of_type(events(text, nlp, "2020-01-10"), "PANDA_BIRTH")
    assert [(event.date, event.pandas) for event in births] == [("2017-06", ("Xiang Xiang",))]


def test_an_arrival_told_as_a_month_before_a_dated_unveiling(nlp) -> None:
    text = "Adelaide Zoo unveiled its new pandas on Tuesday, a month after the pair flew in from Chengdu."
    arrivals = of_type(events(text, nlp, "2024-12-05"), "PANDA_ARRIVAL")
    assert [(event.date, event.target) for event in arrivals] == [("2024-11", "AUS")]


def test_a_loan_signed_during_a_dated_visit_takes_the_visit_date(nlp) -> None:
    text = ("Madrid Zoo opened a new panda house.\n"
            "The loan agreement was signed during a state visit by President Xi Jinping in 2018.")
    agreements = of_type(events(text, nlp, "2024-05-10"), "LOAN_AGREEMENT")
    assert [(event.date, event.target) for event in agreements] == [("2018", "ESP")]


def test_many_of_a_countrys_people_act_for_it_and_experts_travelling_are_not_pandas(nlp) -> None:
    text = ("Le Le died at the Memphis Zoo in February, which angered Chinese internet users, and many accused "
            "the American zoo of neglect.\n"
            "The Chinese side said it would send experts to Memphis to examine the body.")
    found = events(text, nlp, "2023-03-01")
    assert ("ACCUSE", "CHN", "USA") in dyads(found)
    assert of_type(found, "PANDA_ARRIVAL") == []


def test_an_occasion_named_after_the_act_is_not_its_target_and_a_purpose_clause_is_the_same_act(nlp) -> None:
    text = ("China imposed tariffs on Australian barley on Monday, weeks after Canberra's remarks on Hong Kong.\n"
            "Beijing also summoned Australia's ambassador to protest the remarks.")
    found = events(text, nlp, "2020-05-20")
    assert [(event.source, event.target) for event in of_type(found, "SANCTION")] == [("CHN", "AUS")]
    assert len(of_type(found, "PROTEST")) == 1


def test_an_official_saying_a_loan_reflects_friendship_is_support_by_the_giver(nlp) -> None:
    text = "Chinese diplomats said the loan reflected the deep friendship between Beijing and Vienna."
    assert ("SUPPORT", "CHN", "AUT") in dyads(events(text, nlp, "2024-06-01"))
    aside = "The panda programme, which has symbolised friendship between China and Japan, goes on."
    assert ("SUPPORT", "CHN", "JPN") not in dyads(events(aside, nlp, "2024-06-01"))


def test_pandas_keep_the_names_the_article_gives_them(nlp) -> None:
    text = "The giant pandas Suhayl and  Sihai arrived at Al Khor Park in Qatar on Wednesday."  # aliases
    arrivals = of_type(events(text, nlp, "2022-10-20"), "PANDA_ARRIVAL")
    assert [set(event.pandas) for event in arrivals] == [{"Suhayl", "Sihai"}]


def test_an_undated_participle_describes_and_the_main_verb_tells_with_the_next_sentence_naming_them(nlp) -> None:
    text = ("Two giant pandas born at Ueno Zoo in Tokyo flew to China on Wednesday.\n"
            "Xiao Xiao and Lei Lei will live at a breeding base in Sichuan.")
    found = events(text, nlp, "2024-12-12")
    assert of_type(found, "PANDA_BIRTH") == []
    departures = of_type(found, "PANDA_DEPARTURE")
    assert [(event.date, event.target) for event in departures] == [("2024-12-11", "JPN")]
    assert set(departures[0].pandas) == {"Xiao Xiao", "Lei Lei"}
    landed = events("The pandas, born in Vienna, arrived in Chengdu on Friday after a long flight.", nlp, "2024-12-12")
    assert [(event.type, event.target) for event in landed] == [("PANDA_DEPARTURE", "AUT")]


def test_a_birth_told_as_description_names_the_cub_not_the_possessive_parents(nlp) -> None:
    text = ("Everland said on Monday that its giant pandas Ai Bao and Le Bao's cub, born this summer, would be "
            "named Fu Bao.\nThe cub, a female born on July 20, 2020, is the first giant panda ever born in South Korea.\n"
            "Her parents came from China in 2016, after President Park Geun-hye and President Xi Jinping attended "
            "a ceremony in Seoul.")
    found = events(text, nlp, "2020-10-05")
    births = of_type(found, "PANDA_BIRTH")
    assert [(event.date, event.target, event.pandas) for event in births] == [("2020-07-20", "KOR", ("Fu Bao",))]
    arrivals = of_type(found, "PANDA_ARRIVAL")
    assert [(event.date, set(event.pandas)) for event in arrivals] == [("2016", {"Ai Bao", "Le Bao"})]
    assert len(of_type(found, "CONSULT")) <= 1  # attending a ceremony together is one meeting at most


def test_an_envoy_saying_the_pandas_show_close_ties_is_support_by_china(nlp) -> None:
    text = "China's envoy said the arrival of the bears demonstrated the close bond between China and Spain."
    assert ("SUPPORT", "CHN", "ESP") in dyads(events(text, nlp, "2023-03-01"))


def test_an_arrival_on_a_flight_from_china_is_an_arrival_welcomed_by_the_zoo(nlp) -> None:
    text = ("Madrid Zoo Aquarium welcomed two giant pandas on Monday.\n"
            "Jin Xi and Zhu Yu came in from the Chengdu base aboard a cargo plane from China and will meet "
            "visitors next month.")
    found = events(text, nlp, "2024-04-30")
    assert not of_type(found, "PANDA_DEPARTURE")
    arrivals = of_type(found, "PANDA_ARRIVAL")
    assert [(a.date, a.target) for a in arrivals] == [("2024-04-29", "ESP")]
    assert set(arrivals[0].pandas) == {"Jin Xi", "Zhu Yu"}


def test_rumours_and_hints_are_not_plans(nlp) -> None:
    text = ("Edinburgh Zoo's giant pandas will remain in Scotland, the zoo said on Friday, despite rumours that "
            "the two bears could be flown back to China before the end of their loan.\n"
            "Chinese diplomats have hinted that more pandas could come to Britain if ties warm.")
    found = events(text, nlp, "2019-05-10")
    assert not of_type(found, "PANDA_DEPARTURE") and not of_type(found, "PANDA_ARRIVAL")


def test_a_visit_named_by_a_noun_takes_the_date_hung_under_it(nlp) -> None:
    # Two visits told in one article: dated, they are two meetings, not one told twice.
    text = ("Madrid Zoo will lend its panda house to a new pair, officials said.\n"
            "The idea was first raised during President Xi Jinping's visit to Spain in November 2018.\n"
            "The loan was confirmed during Premier Li Qiang's visit to Madrid last year.")
    visits = of_type(events(text, nlp, "2025-06-01"), "CONSULT")
    assert sorted((event.source, event.target, event.date) for event in visits) == [
        ("CHN", "ESP", "2018-11"), ("CHN", "ESP", "2024")]


def test_a_loan_event_naming_no_panda_is_about_the_pandas_in_view_when_the_registry_has_them_there(nlp) -> None:
    # The only zoo named is Zoo Atlanta, whose loan the registry also has extended in 2011: the pandas in view,
    # living in the country then, come first.
    text = ("Mei Xiang and Tian Tian came to the United States from China in 2000, a year after Zoo Atlanta "
            "welcomed its own pair.\n"
            "The cooperation agreement was extended in 2011 for five more years.")
    extensions = of_type(events(text, nlp, "2012-03-01"), "LOAN_EXTENSION")
    assert [(event.date, event.target, set(event.pandas)) for event in extensions] == [
        ("2011", "USA", {"Mei Xiang", "Tian Tian"})]


def test_a_visit_that_sets_the_time_is_told_as_fact_while_the_hope_is_not(nlp) -> None:
    text = ("During Australian Prime Minister Anthony Albanese's three-day visit to Beijing, which begins on "
            "Monday, Canberra hopes to sign a new trade agreement with China.")
    found = events(text, nlp, "2023-11-03")
    assert ("CONSULT", "AUS", "CHN") in dyads(found)
    assert of_type(found, "AGREE") == []


@pytest.mark.parametrize("text", [
    "In 2008, China announced that it would no longer lend pandas to zoos in Japan.",
    "Beijing announced on Friday that it would not send new pandas to Japan's zoos.",
])
def test_an_announcement_of_what_will_not_be_done_is_no_agreement(nlp, text: str) -> None:
    assert of_type(events(text, nlp, "2024-01-10"), "LOAN_AGREEMENT") == []


def test_joint_drills_are_no_mobilisation_against_the_partner(nlp) -> None:
    joint = events("China and Russia held joint naval drills in the western Pacific on Monday.", nlp, "2025-08-05")
    assert of_type(joint, "MOBILIZE") == []
    alone = events("China held large-scale military drills around Taiwan on Monday.", nlp, "2025-08-05")
    assert ("MOBILIZE", "CHN", "TWN") in dyads(alone)


def test_leaving_is_a_departure_only_when_what_is_left_is_a_place(nlp) -> None:
    left = events("The pandas Mao Sun and Xing Er left Copenhagen Zoo on Tuesday.", nlp, "2023-02-22")
    assert [(event.target, event.pandas) for event in of_type(left, "PANDA_DEPARTURE")] == [
        ("DNK", ("Mao Sun", "Xing Er"))]
    for text in ("Last week, fans left thousands of comments on an Ocean Park post about Le Le's health.",
                 "Visitors left flowers by the Copenhagen Zoo enclosure of Mao Sun and Xing Er on Tuesday."):
        assert of_type(events(text, nlp, "2023-02-22"), "PANDA_DEPARTURE") == [], text


def test_each_birth_participle_tells_of_the_panda_it_hangs_from(nlp) -> None:
    text = "Two pandas remain in Mexico City: Shuan Shuan, born in 1987, and Xin Xin, born in 1990."
    births = of_type(events(text, nlp, "2015-07-20"), "PANDA_BIRTH")
    assert sorted((event.date, event.pandas) for event in births) == [("1987", ("Shuan Shuan",)), ("1990", ("Xin Xin",))]


def test_talks_begun_to_get_pandas_are_a_request_dated_by_their_verb(nlp) -> None:
    text = ("Wellington Zoo has been without giant pandas for decades.\n"
            "New Zealand's trade minister began talks with Beijing on Tuesday to bring a pair of giant pandas "
            "to Wellington Zoo.")
    found = extract_events(Document(id="own.txt", text=text, published="2026-03-05"), nlp, acts=False)
    assert [(event.source, event.target, event.date) for event in of_type(found, "LOAN_REQUEST")] == [
        ("NZL", "CHN", "2026-03-03")]


def test_an_interest_voiced_in_borrowing_pandas_is_a_request_and_talks_about_their_return_are_not(nlp) -> None:
    text = ("Wellington Zoo has been without giant pandas for decades.\n"
            "The mayor of Wellington expressed an interest in borrowing giant pandas from China in 2019.\n"
            "Officials in Vienna held talks with Beijing about the return of the giant pandas at Schoenbrunn Zoo.")
    requests = of_type(events(text, nlp, "2026-03-05"), "LOAN_REQUEST")
    assert [(event.source, event.date) for event in requests] == [("NZL", "2019")]


def test_an_act_going_on_since_a_date_began_then(nlp) -> None:
    text = ("Wellington Zoo has been without giant pandas for decades.\n"
            "The zoo has been negotiating with China for a pair of giant pandas since 2019.")
    requests = of_type(events(text, nlp, "2026-03-05"), "LOAN_REQUEST")
    assert [(event.source, event.date) for event in requests] == [("NZL", "2019")]


def test_agreeing_to_keep_pandas_where_they_are_extends_their_loan(nlp) -> None:
    text = ("Giant pandas Ri Ri and Shin Shin have lived at Ueno Zoo in Tokyo since 2011.\n"
            "Tokyo and the China Wildlife Conservation Association signed an agreement in May 2016 to keep "
            "Ri Ri and Shin Shin at Ueno Zoo for another five years.")
    found = extract_events(Document(id="own.txt", text=text, published="2016-06-01"), nlp, acts=False)
    assert [(event.target, event.date) for event in of_type(found, "LOAN_EXTENSION")] == [("JPN", "2016-05")]
    assert of_type(found, "LOAN_AGREEMENT") == []


def test_a_meeting_names_whom_it_was_with(nlp) -> None:
    text = ("The Russian president visited the new panda house at Moscow Zoo on Wednesday with China's leader.\n"
            "\"When we talk about these animals, everybody smiles,\" the Russian president told reporters.\n"
            "Later the Russian president held talks with China's leader at the Kremlin.")
    meetings = [event for event in events(text, nlp, "2026-03-05") if event.type == "CONSULT"]
    assert [event.evidence.split()[0] for event in meetings] == ["The", "Later"]


def test_a_question_reports_nothing(nlp) -> None:
    text = ("Will Tokyo ask China for a new pair of giant pandas?\n"
            "\"Did Beijing refuse the request?\" a reporter asked the spokesman.\n"
            "Tokyo asked China for a new pair of giant pandas on Monday.")
    requests = of_type(events(text, nlp, "2026-03-05"), "LOAN_REQUEST")
    assert [event.evidence.split()[0] for event in requests] == ["Tokyo"]
    assert of_type(events(text, nlp, "2026-03-05"), "LOAN_REFUSAL") == []
