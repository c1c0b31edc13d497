"""Event extraction on short articles written for these tests (real spaCy pipeline, real registry)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from pandawatch.extract import extract_events, load_nlp
from pandawatch.model import Document
from pandawatch.ontology import validate



@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def events_of(text: str, nlp, published: str | None = "2025-12-15") -> list:
    return extract_events(Document(id="own.txt", text=text, published=published), nlp)


def kinds(events) -> list[tuple]:
    return [(event.type, event.status, event.date, event.source, event.target) for event in events]


def test_several_acts_in_one_sentence_are_several_events(nlp) -> None:
    text = ("Relations soured further this autumn. Beijing suspended flights to Japan, warned Chinese tourists "
            "against travelling to Japan and imposed a ban on Japanese beef.")
    sanctions = [event for event in events_of(text, nlp) if event.type == "SANCTION"]
    assert len(sanctions) == 3
    assert {(event.source, event.target) for event in sanctions} == {("CHN", "JPN")}


def test_planned_return_with_a_relative_date_and_the_pair(nlp) -> None:
    text = ("Shin Shin and Ri Ri have delighted visitors at Ueno Zoo for years.\n"
            "Tokyo officials said the pair will be sent back to China in March next year.")
    departures = [event for event in events_of(text, nlp, "2024-06-15") if event.type == "PANDA_DEPARTURE"]
    assert len(departures) == 1
    event = departures[0]
    assert (event.status, event.date, event.target) == ("planned", "2025-03", "JPN")
    assert set(event.pandas) == {"Shin Shin", "Ri Ri"}
    assert event.evidence.startswith("Tokyo officials said the pair")


def test_birth_lists_the_cub_not_the_mother(nlp) -> None:
    text = "Everland said on Saturday that its panda Ai Bao gave birth to a cub, Fu Bao, on Friday."
    births = [event for event in events_of(text, nlp, "2020-07-25") if event.type == "PANDA_BIRTH"]
    assert births and births[0].target == "KOR"
    assert "Ai Bao" not in births[0].pandas
    assert births[0].date == "2020-07-24"


def test_actors_stand_for_their_countries(nlp) -> None:
    text = ("Prime Minister Sanae Takaichi met Chinese Premier Li Qiang in Seoul.\n"
            "The Chinese foreign ministry criticised Tokyo for the remarks.")
    found = set(kinds(events_of(text, nlp)))
    assert ("CONSULT", "occurred", None, "JPN", "CHN") in found
    assert ("ACCUSE", "occurred", None, "CHN", "JPN") in found


def test_speculation_is_not_an_event(nlp) -> None:
    text = "China may send another giant panda to Thailand if talks go well, officials said of the zoo."
    assert [event for event in events_of(text, nlp) if event.type == "PANDA_ARRIVAL"] == []


def test_every_event_is_valid_against_the_ontology(nlp) -> None:
    text = ("Two pandas arrived at Ueno Zoo from China on Monday. Japan welcomed the animals and thanked China.\n"
            "China later imposed tariffs on Japanese seafood.")
    events = events_of(text, nlp)
    assert events
    for event in events:
        assert validate(event) == []
        assert 0 < event.confidence <= 1


def test_irrelevant_articles_are_turned_away_before_parsing() -> None:
    text = "Quarterly earnings beat expectations as the company raised its outlook for the fiscal year. " * 20

    class NoParser:
        def pipe(self, texts):  # the pre-filter must answer before any parser is asked
            raise AssertionError("parser called on an irrelevant article")

    assert extract_events(Document(id="x", text=text), NoParser()) == []
    started = time.perf_counter()
    for _ in range(200):
        extract_events(Document(id="x", text=text), NoParser())
    assert time.perf_counter() - started < 2.0


def test_cli_extract_prints_jsonl_with_the_path_as_given(tmp_path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(" date 2024-04-03\nFu Bao returned to China on Wednesday, Everland said. Hundreds of fans "
                       "lined the road to the airport to wave goodbye, and keepers who had raised her since her "
                       "first day travelled with her on the flight.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = subprocess.run([sys.executable, "-m", "pandawatch", "extract", str(article), str(missing)],
                            capture_output=True, text=True, timeout=600)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(record["article"] == str(article) for record in lines)
    departure = next(record for record in lines if record["type"] == "PANDA_DEPARTURE")
    assert (departure["date"], departure["target"], departure["pandas"]) == ("2024-04-03", "KOR", ["Fu Bao"])
    assert "missing.txt" in result.stderr


def test_fast_tags_and_lemmas_agree_with_the_models_own_components(nlp) -> None:
    import spacy

    from pandawatch.extract.nlp import MODEL

    reference = spacy.load(MODEL, exclude=["ner"])
    text = ("China's coast guard said it had taken necessary measures to expel the vessels. The pandas were flown "
            "back to Chengdu on Tuesday, and they have settled in well, keepers who had raised them said.")
    ours, theirs = nlp(text), reference(text)
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    assert [(token.pos_, token.lemma_) for token in ours] == [(token.pos_, token.lemma_) for token in theirs]


def test_dates_listed_together_are_one_happening_each(nlp) -> None:
    text = ("Xin Xin is the last giant panda in Mexico.\n"
            "The cooperation agreement on the pandas of Chapultepec Zoo was renewed twice, in 1998 and 2008.")
    extensions = [event for event in events_of(text, nlp) if event.type == "LOAN_EXTENSION"]
    assert sorted(event.date for event in extensions) == ["1998", "2008"]


def test_agreeing_to_put_off_a_return_is_one_extension_not_an_agreement_besides(nlp) -> None:
    text = ("Tai Shan was born at the National Zoo in Washington in 2005.\n"
            "Beijing agreed in 2007 to postpone his return to China.")
    found = events_of(text, nlp)
    assert [(event.type, event.date, event.target, event.pandas) for event in found if event.type != "PANDA_BIRTH"] == [
        ("LOAN_EXTENSION", "2007", "USA", ("Tai Shan",))]


def test_a_dateline_is_when_the_story_was_filed_not_when_it_happened(nlp) -> None:
    text = "VIENNA, March 3 (Own Wire) -- Two giant pandas from China arrived at Schoenbrunn Zoo last night."
    arrivals = [event for event in events_of(text, nlp, "2026-03-03") if event.type == "PANDA_ARRIVAL"]
    assert [(event.target, event.date) for event in arrivals] == [("AUT", "2026-03-02")]


def test_a_hard_wrapped_paragraph_is_read_as_its_sentences_not_its_lines(nlp) -> None:
    text = ("Pandas Return to Vienna\n"
            "\n"
            "Two giant pandas from China arrived at Schoenbrunn Zoo in Vienna\n"
            "on Tuesday, officials said, after a long flight from Chengdu and\n"
            "a short drive from the airport.\n")
    arrivals = [event for event in events_of(text, nlp, "2026-03-05") if event.type == "PANDA_ARRIVAL"]
    assert [(event.target, event.date) for event in arrivals] == [("AUT", "2026-03-03")]
    assert "Vienna on Tuesday" in " ".join(arrivals[0].evidence.split())


def test_unwrapping_keeps_headings_and_paragraph_lines_apart() -> None:
    from pandawatch.extract.nlp import split_sentences

    text = ("Pandas Return to Vienna\n"
            "Two giant pandas from China arrived at Schoenbrunn Zoo in Vienna on Tuesday after a long flight.\n"
            "Kyodo News\n"
            "Back to Main\n")
    assert [text[start:end] for start, end in split_sentences(text)] == text.strip().split("\n")


def test_a_when_clause_happened_at_the_date_it_hangs_from(nlp) -> None:
    text = ("Schoenbrunn Zoo is the only zoo in Austria to keep giant pandas.\n"
            "Vienna has had pandas only since 2003, when Yang Yang and Long Hui were sent to Austria.")
    arrivals = [event for event in events_of(text, nlp, "2012-05-01") if event.type == "PANDA_ARRIVAL"]
    assert [(event.target, event.date) for event in arrivals] == [("AUT", "2003")]


def test_what_happens_as_a_rule_is_no_event_but_a_headline_in_the_present_is(nlp) -> None:
    text = ("Giant Pandas Arrive in Vienna From Chengdu\n"
            "Cubs born at the zoo are sent back to China before they turn four.\n"
            "Zoos that receive giant pandas pay about $1 million a year to the Chinese side.\n"
            "Pandas usually arrive at foreign zoos after months of negotiations.\n"
            "Cubs born in Austria must be returned to China under the agreement.")
    found = [(event.type, event.target) for event in events_of(text, nlp, "2026-03-05") if event.type.startswith("PANDA")]
    assert found == [("PANDA_ARRIVAL", "AUT")]
    assert "Arrive" in events_of(text, nlp, "2026-03-05")[0].evidence


def test_the_day_a_thing_was_said_is_not_the_day_it_happened(nlp) -> None:
    text = ("Schoenbrunn Zoo in Vienna welcomed visitors back this week.\n"
            "The zoo said on Monday that two giant pandas from China had arrived at Schoenbrunn Zoo in Vienna.")
    arrivals = [event for event in events_of(text, nlp, "2026-03-05") if event.type == "PANDA_ARRIVAL"]
    assert [(event.target, event.date) for event in arrivals] == [("AUT", None)]


def test_a_phrase_of_the_lexicon_is_the_triggers_own_not_a_nested_one(nlp) -> None:
    text = ("Crowds lined up at Ueno Zoo in Tokyo for a last look.\n"
            "Ri Ri and Shin Shin, on loan from China since 2011, returned home in September 2024.")
    departures = [event for event in events_of(text, nlp, "2024-10-01") if event.type == "PANDA_DEPARTURE"]
    assert [(event.target, event.date) for event in departures] == [("JPN", "2024-09")]


def test_a_passive_refusal_is_done_by_its_agent(nlp) -> None:
    text = ("Ueno Zoo in Tokyo has had no giant panda since January.\n"
            "Tokyo's request for a new pair of pandas was turned down by Beijing in 2024.")
    found = extract_events(Document(id="own.txt", text=text, published="2026-03-01"), nlp, acts=False)
    assert [(event.source, event.target, event.date) for event in found if event.type == "LOAN_REFUSAL"] == [
        ("CHN", "JPN", "2024")]


def test_a_gift_told_by_its_noun_is_a_loan_agreement_and_no_arrival(nlp) -> None:
    text = ("Ueno Zoo in Tokyo marked fifty years of pandas this week.\n"
            "Kang Kang and Lan Lan, a gift from China to Japan in 1972, drew huge crowds to Ueno Zoo.\n"
            "Xiang Xiang received a birthday gift of frozen fruit at Ueno Zoo on Monday.")
    found = [(event.type, event.target, event.date) for event in events_of(text, nlp, "2022-11-01")
             if event.type.startswith(("PANDA", "LOAN"))]
    assert found == [("LOAN_AGREEMENT", "JPN", "1972")]


def test_flown_back_to_the_host_is_an_arrival_not_a_departure(nlp) -> None:
    text = ("Berlin Zoo's panda house reopened this spring.\n"
            "Bao Bao was flown back to Berlin Zoo in May 1993 after a breeding attempt in China failed.")
    found = [(event.type, event.target, event.date) for event in events_of(text, nlp, "1993-06-01")
             if event.type.startswith("PANDA")]
    assert found == [("PANDA_ARRIVAL", "DEU", "1993-05")]


@pytest.mark.parametrize(("text", "fires"), [
    ("The two pandas flew in from Chengdu on Monday.", True),
    ("The pandas flew back to Berlin in May 1993.", False),  # 'in' there is of time, no particle
    ("The ministry called in the ambassador.", True),
])
def test_a_phrasal_cue_needs_its_particle_not_a_preposition_of_time(nlp, text, fires) -> None:
    from pandawatch.extract.components.cues import load_lexicon, matches

    lexicon = load_lexicon()
    phrasal = [cue for cue in lexicon.panda + lexicon.diplomatic if cue.particle == "in"]
    verb = next(token for token in nlp(text) if token.pos_ == "VERB")
    assert any(matches(cue, verb, False) for cue in phrasal) is fires


def test_a_request_for_new_pandas_is_not_about_the_pandas_there(nlp) -> None:
    text = ("Xiao Xiao and Lei Lei drew long queues at Ueno Zoo in Tokyo.\n"
            "Tokyo is seeking to borrow a new pair of pandas from China, officials said.")
    requests = [event for event in events_of(text, nlp, "2025-12-15") if event.type == "LOAN_REQUEST"]
    assert [(event.source, event.pandas) for event in requests] == [("JPN", ())]


def test_who_goes_is_the_subject_people_going_to_see_pandas_are_no_panda_journey(nlp) -> None:
    text = ("Crowds came to Schoenbrunn Zoo in Vienna on Sunday to see the giant pandas.\n"
            "A zoo delegation flew to Chengdu on Monday to discuss a new panda loan.\n"
            "The two pandas from Chengdu landed in Vienna on Tuesday.")
    found = [(event.type, event.date) for event in events_of(text, nlp, "2026-03-05")
             if event.type in ("PANDA_ARRIVAL", "PANDA_DEPARTURE")]
    assert found == [("PANDA_ARRIVAL", "2026-03-03")]


def test_a_passive_participle_tagged_as_an_adjective_is_read_as_the_verb(nlp) -> None:
    text = ("Ocean Park in Hong Kong celebrated a birthday on Monday.\n"
            "Visitors have loved Ying Ying and Le Le since the two pandas were gifted to Hong Kong by China in 2007.")
    found = extract_events(Document(id="own.txt", text=text, published="2026-03-01"), nlp, acts=False)
    assert [(event.type, event.target, event.date) for event in found] == [("LOAN_AGREEMENT", "HKG", "2007")]


def test_a_death_is_not_given_to_a_panda_the_registry_has_alive_later(nlp) -> None:
    text = ("Ri Ri, on loan from China, has lived at Ueno Zoo in Tokyo since 2011.\n"
            "His cub, born at the zoo on July 5, 2012, died six days later.")
    found = extract_events(Document(id="own.txt", text=text, published="2012-08-01"), nlp, acts=False)
    deaths = [event for event in found if event.type == "PANDA_DEATH"]
    assert [event.date for event in deaths] == ["2012-07-11"] and "Ri Ri" not in deaths[0].pandas


def test_what_talks_are_about_is_not_done_but_what_a_relative_clause_tells_is(nlp) -> None:
    text = ("Lin Ping, whose parents are on loan from China, lives at Chiang Mai Zoo in Thailand.\n"
            "The zoo director held talks with China twice about extending the cub's stay.\n"
            "Negotiations went on over the cub, who is scheduled to return to China in May.")
    found = extract_events(Document(id="own.txt", text=text, published="2011-01-10"), nlp, acts=False)
    assert [(event.type, event.status, event.date) for event in found if event.type.startswith(("PANDA", "LOAN"))] == [
        ("PANDA_DEPARTURE", "planned", "2011-05")]


def test_a_pandas_cub_is_not_that_panda(nlp) -> None:
    text = ("Keepers at Ueno Zoo in Tokyo said the mother, Shin Shin, from China, was in good health.\n"
            "Shin Shin's previous cub died in 2012 a week after its birth.")
    deaths = [event for event in events_of(text, nlp, "2017-06-12") if event.type == "PANDA_DEATH"]
    assert [event.date for event in deaths] == ["2012"]
    assert "Shin Shin" not in deaths[0].pandas


def test_a_relative_clause_on_two_pandas_tells_of_both(nlp) -> None:
    text = ("The National Zoo in Washington has had giant pandas from China since 1972.\n"
            "Mei Xiang and Tian Tian, who arrived in 2000, will return to China by December.")
    arrivals = [event for event in events_of(text, nlp, "2023-10-01") if event.type == "PANDA_ARRIVAL"]
    assert [(event.date, set(event.pandas)) for event in arrivals] == [("2000", {"Mei Xiang", "Tian Tian"})]


def test_a_visit_over_listed_days_is_one_visit(nlp) -> None:
    text = "Japan's prime minister will visit China on Sunday and Monday, officials in Tokyo said."
    meetings = [event for event in events_of(text, nlp, "2023-12-20") if event.type == "CONSULT"]
    assert [(event.source, event.target) for event in meetings] == [("JPN", "CHN")]


def test_a_year_later_counts_from_the_date_told_before_it(nlp) -> None:
    text = ("The giant pandas Yang Yang and Long Hui came to Vienna in 2003.\n"
            "Four years later, Yang Yang gave birth to a cub at Schoenbrunn Zoo.")
    births = [event for event in events_of(text, nlp, "2012-05-01") if event.type == "PANDA_BIRTH"]
    assert [(event.target, event.date) for event in births] == [("AUT", "2007")]
