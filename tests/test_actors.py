"""Who acts for which country: people learned from their titles, acts that have no state on one side, and a
meeting's visitor. Real spaCy pipeline and registry; texts are our own."""

from __future__ import annotations

import pytest

from pandawatch.extract import extract_events, load_nlp
from pandawatch.extract.components.actors import ActorMemory, subject_of
from pandawatch.model import Document
from pandawatch.resolve.countries import load_gazetteer


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def dyads(text: str, nlp, kind: str | None = None) -> set[tuple[str, str, str]]:
    found = extract_events(Document(id="own.txt", text=text, published="2026-03-20"), nlp)
    return {(event.type, event.source, event.target) for event in found if kind in (None, event.type)}


@pytest.mark.parametrize("text, learned", [
    ("Lithuanian Foreign Minister Rasa Vaitkute spoke.", {"Rasa": "LTU", "Vaitkute": "LTU"}),
    ("Kenya's Cabinet Secretary for Trade Amina Wanjiru spoke.", {"Amina": "KEN", "Wanjiru": "KEN"}),
    ("Peru's ruling party policy chief, Lucia Quispe, spoke.", {"Lucia": "PER", "Quispe": "PER"}),
    ("Tomas Berg, Norway's trade minister, spoke.", {"Tomas": "NOR", "Berg": "NOR"}),
    ("Ana Duarte, the Chilean ambassador, spoke.", {"Ana": "CHL", "Duarte": "CHL"}),
    ("Chinese Ambassador to Ghana Zhou Ping spoke.", {"Zhou": "CHN", "Ping": "CHN"}),
    ("The Chilean Foreign Ministry spoke.", {}),
])
def test_a_title_teaches_a_persons_country(text: str, learned: dict) -> None:
    gazetteer = load_gazetteer()
    memory = ActorMemory()
    memory.learn_people(text, gazetteer.find(text), gazetteer)
    assert memory.people == learned


def test_a_person_named_once_with_a_title_acts_for_that_country_later(nlp) -> None:
    text = ("Kenyan Trade Minister Amina Wanjiru arrived in Beijing on Tuesday for a three-day visit.\n"
            "On Wednesday Wanjiru met Chinese Premier Li Qiang at the Great Hall of the People.")
    assert ("CONSULT", "KEN", "CHN") in dyads(text, nlp)


def test_words_told_to_reporters_or_a_news_agency_are_no_meeting(nlp) -> None:
    text = ("Chilean Foreign Minister Ana Duarte told reporters in Santiago de Chile on Monday that the zoo was "
            "ready for pandas from China. Duarte also told Xinhua that China had been generous.")
    assert dyads(text, nlp, "CONSULT") == set()


def test_a_meeting_with_the_actors_own_people_or_with_no_state_is_no_diplomatic_meeting(nlp) -> None:
    text = ("Japanese Prime Minister Kenji Mori will visit China next week to ask for a new pair of pandas.\n"
            "On Thursday Mori held a meeting with Osaka's deputy mayor and two zookeepers.\n"
            "Japanese diplomats also met the three detained fishermen on Saturday.")
    meetings = dyads(text, nlp, "CONSULT")
    assert meetings == {("CONSULT", "JPN", "CHN")}


def test_a_meeting_is_the_visitors(nlp) -> None:
    text = ("Thailand on Monday began negotiations with the visiting Chinese delegation on the panda loan.\n"
            "Earlier, talks at the Kremlin between Russia and China ran late into the evening.")
    meetings = dyads(text, nlp, "CONSULT")
    assert ("CONSULT", "CHN", "THA") in meetings and ("CONSULT", "THA", "CHN") not in meetings


def test_a_visit_told_by_his_goes_to_the_person_in_view(nlp) -> None:
    text = ("Chinese Premier Li Qiang arrived in Adelaide on Saturday.\n"
            "His visit to Australia is the first by a Chinese premier in seven years.")
    meetings = dyads(text, nlp, "CONSULT")
    assert ("CONSULT", "CHN", "AUS") in meetings and ("CONSULT", "AUS", "CHN") not in meetings


def test_a_country_the_old_gazetteer_did_not_know_acts_and_is_acted_on(nlp) -> None:
    text = ("China recalled its ambassador from Vilnius on Tuesday after Lithuania let Taiwan open an office.\n"
            "Lithuanian Foreign Minister Rasa Vaitkute criticised Beijing's decision on Wednesday.")
    found = dyads(text, nlp)
    assert ("ACCUSE", "LTU", "CHN") in found
    assert any(source == "CHN" and target == "LTU" for _, source, target in found)


def test_jordan_the_player_and_victoria_the_city_are_no_countries(nlp) -> None:
    text = ("Michael Jordan met Chinese fans in Beijing on Monday, and Victoria's premier praised China's pandas "
            "at a dinner in Melbourne.")
    assert not any("JOR" in (source, target) or "SYC" in (source, target) for _, source, target in dyads(text, nlp))


def test_what_is_discussed_is_no_counterpart(nlp) -> None:
    text = ("Chinese Foreign Minister Wang Yi and Chilean Foreign Minister Ana Duarte met in Lima on Friday to "
            "discuss issues including Taiwan and Iran.")
    meetings = dyads(text, nlp, "CONSULT")
    assert meetings and all(target not in ("TWN", "IRN") for _, _, target in meetings)


def test_the_two_leaders_are_both_sides_of_the_last_act(nlp) -> None:
    text = ("Kenyan President Daniel Mutua met Chinese President Xi Jinping in Beijing on Monday.\n"
            "On Tuesday the two leaders held talks in Shanghai on trade.")
    meetings = dyads(text, nlp, "CONSULT")
    assert meetings and all({source, target} == {"KEN", "CHN"} for _, source, target in meetings)


def test_we_and_our_in_a_quote_are_the_speakers_side(nlp) -> None:
    text = ("Philippine Foreign Secretary Maria Santos spoke on Monday.\n"
            "Chinese coast guard ships attacked Philippine boats near the shoal on Sunday.\n"
            "“We protested the attack today,” Santos told lawmakers in Manila.\n"
            "“We will continue to support the panda programme,” the Chinese ambassador said after Santos spoke.")
    found = dyads(text, nlp)
    assert ("PROTEST", "PHL", "CHN") in found and ("SUPPORT", "CHN", "PHL") in found
    assert ("PROTEST", "CHN", "PHL") not in found


@pytest.mark.parametrize("text, acts, not_acts", [
    # a passive's agent acts on its subject
    ("Two Canadian citizens were arrested by Chinese police in Beijing last week.",
     {("COERCE", "CHN", "CAN")}, {("COERCE", "CAN", "CHN")}),
    # the one a verb moves to act acts ("prompting Vietnam to summon")
    ("Chinese coast guard ships rammed a fishing boat on Sunday, prompting Vietnam to summon the Chinese ambassador.",
     {("PROTEST", "VNM", "CHN")}, {("PROTEST", "CHN", "VNM")}),
    # an adjective's verb: who is ready to act
    ("Indonesia was ready to sign a fisheries agreement with China.", {("AGREE", "IDN", "CHN")}, set()),
    # two subjects in a misparse (a photo credit glued to the sentence): the nearest one acts
    ("Photo: Reuters / Ann Lee At the height of the dispute in 2019, China imposed tariffs on Canadian canola.",
     {("SANCTION", "CHN", "CAN")}, set()),
    # an act told by the object of a verb comes from its 'from' phrase
    ("The remarks by Norway's foreign minister drew sharp condemnation from Beijing on Monday.",
     {("ACCUSE", "CHN", "NOR")}, {("ACCUSE", "NOR", "CHN")}),
])
def test_the_acting_side_is_found_through_passives_control_verbs_and_from_phrases(nlp, text, acts, not_acts) -> None:
    found = dyads(text, nlp)
    assert acts <= found
    assert not found & not_acts


def test_two_leaders_meeting_are_each_others_counterparts_not_the_venues(nlp) -> None:
    text = "French President Emmanuel Macron and Chinese President Xi Jinping held a long meeting in Seoul on Friday."
    assert dyads(text, nlp, "CONSULT") == {("CONSULT", "FRA", "CHN")}


def test_the_two_countries_meeting_again_is_one_meeting_the_visitors(nlp) -> None:
    text = ("Japan's foreign minister met his Chinese counterpart in Beijing in March.\n"
            "In May, the two countries held a maritime dialogue in Tokyo.")
    assert dyads(text, nlp, "CONSULT") == {("CONSULT", "JPN", "CHN"), ("CONSULT", "CHN", "JPN")}


def test_a_multilateral_meeting_is_between_no_two_of_its_members(nlp) -> None:
    text = "Leaders from the United States, India, Australia and Japan held talks in Tokyo on Tuesday."
    assert dyads(text, nlp, "CONSULT") == set()


def test_both_parties_acting_on_each_other_are_the_two_sides_of_the_last_act(nlp) -> None:
    text = ("Japan's coast guard seized a Chinese trawler near the disputed islands in May. Both parties later "
            "summoned each other's ambassadors, and Chinese tour groups cancelled trips to Japan.")
    assert {("PROTEST", "JPN", "CHN"), ("PROTEST", "CHN", "JPN")} <= dyads(text, nlp, "PROTEST")


def test_a_clause_subject_the_parse_took_for_an_object_acts(nlp) -> None:
    text = ('Zhang said the Canadian account of the incident was "totally untrue", adding China "firmly opposes '
            'this and has lodged solemn representations to the Canadian side".')
    assert ("PROTEST", "CHN", "CAN") in dyads(text, nlp, "PROTEST")


def test_those_a_subject_joins_in_an_act_act_too(nlp) -> None:
    text = ("The European Union joined Japan and Canada in imposing sanctions on Chinese officials on Friday, the "
            "first such joint Western step against Beijing in a decade.")
    assert dyads(text, nlp, "SANCTION") == {("SANCTION", "JPN", "CHN"), ("SANCTION", "CAN", "CHN")}


@pytest.mark.parametrize("text, acts", [
    # a named owner's thing is the owner's: the ties are China's, Russia is what they are with
    ("On Monday Japan criticised China's growing ties with Russia.", {("ACCUSE", "JPN", "CHN")}),
    # a country addressed directly is the one acted on, not a country in what the act is about
    ("The Chinese premier congratulated the Finns on the centenary of their independence from Russia.",
     {("SUPPORT", "CHN", "FIN")}),
])
def test_the_one_acted_on_is_the_object_not_what_the_object_is_about(nlp, text, acts) -> None:
    assert {(kind, source, target) for kind, source, target in dyads(text, nlp) if kind == next(iter(acts))[0]} == acts


@pytest.mark.parametrize("text, act", [
    ("The new agreement was announced by President Hu Jintao during a visit to Canberra in April.",
     ("CONSULT", "CHN", "AUS")),
    ("House Speaker Nancy Pelosi's visit to Taiwan angered Beijing.", ("CONSULT", "USA", "TWN")),
    ("Prime Minister John Key met Premier Wen Jiabao in Beijing on Tuesday.", ("CONSULT", "NZL", "CHN")),
])
def test_leaders_named_by_their_title_alone_act_for_their_country(nlp, text, act) -> None:
    assert act in dyads(text, nlp)


def test_a_meeting_told_by_two_words_is_one_meeting_but_two_sanctions_are_two(nlp) -> None:
    def events(text: str) -> list[tuple[str, str, str]]:
        found = extract_events(Document(id="own.txt", text=text, published="2026-03-20"), nlp)
        return sorted((event.type, event.source, event.target) for event in found)

    assert events("German Chancellor Olaf Scholz met Chinese Premier Li Qiang during his official visit to China.") == [
        ("CONSULT", "DEU", "CHN")]
    assert events("China curtailed flights to Japan and banned Japanese seafood.") == [
        ("SANCTION", "CHN", "JPN"), ("SANCTION", "CHN", "JPN")]


def test_a_visit_of_one_country_to_another_is_the_travellers(nlp) -> None:
    text = "Brazil extended the programme in conjunction with the official visit of the Chinese premier to Brasilia."
    assert dyads(text, nlp, "CONSULT") == {("CONSULT", "CHN", "BRA")}


@pytest.mark.parametrize("text, acts", [
    # no one is said to act: the state where it was done did it, to the one it was done to
    ("Two Canadian businessmen were detained in China last week.", {("COERCE", "CHN", "CAN")}),
    # the passive's subject is acted on, never the actor; with no place, no side acts
    ("The relationship between Austria and China is praised in official statements.", set()),
])
def test_an_agentless_passive_is_the_act_of_the_state_where_it_was_done(nlp, text, acts) -> None:
    assert dyads(text, nlp) == acts


def test_who_has_a_reason_for_doing_does_it() -> None:
    nlp = load_nlp()
    for text, doer in (("China gave no reason for refusing the request.", "China"),
                       ("Beijing did not explain its reasons for refusing the request.", "its")):
        doc = nlp(text)
        refusing = next(token for token in doc if token.lower_ == "refusing")
        assert subject_of(refusing, acting=True).text == doer


def test_sides_that_act_together_act_on_a_third_not_on_each_other(nlp) -> None:
    text = "China and Russia deployed bombers over the Sea of Japan on Tuesday."
    assert dyads(text, nlp, "MOBILIZE") == {("MOBILIZE", "CHN", "JPN"), ("MOBILIZE", "RUS", "JPN")}


def test_sides_that_act_on_each_other_act_both_ways(nlp) -> None:
    text = "After the Indonesian talks failed, China and Japan summoned each other's envoys on Monday."
    assert dyads(text, nlp, "PROTEST") == {("PROTEST", "CHN", "JPN"), ("PROTEST", "JPN", "CHN")}


def test_a_gerund_after_of_is_done_by_the_one_accused(nlp) -> None:
    text = "Vietnam on Sunday accused China's coast guard of ramming a Vietnamese fishing boat near the Paracel Islands."
    found = dyads(text, nlp)
    assert ("ACCUSE", "VNM", "CHN") in found and ("ASSAULT", "CHN", "VNM") in found


def test_each_of_those_a_noun_names_as_giving_acts_and_none_is_acted_on(nlp) -> None:
    # read from the noun itself (the act's word; which word the detector picks is another matter)
    from pandawatch.extract.article import scan
    from pandawatch.extract.components.diplomacy import acted_on, sources_of
    from pandawatch.extract.components.names import load_registry_names

    text = "China accepted offers from Vietnam, Thailand and Laos to send relief teams to Yunnan."
    article = scan("own.txt", text, None, load_gazetteer(), load_registry_names())
    sentence = article.sentences[0]
    sentence.parsed = nlp(sentence.text)[:]
    offers = next(token for token in sentence.parsed if token.text == "offers")
    memory = ActorMemory()
    givers = sources_of(offers, sentence, memory, "AID")
    assert givers == ["VNM", "THA", "LAO"]
    assert {target for giver in givers
            for target in acted_on(offers, "AID", frozenset(), giver, sentence, article, memory)[0]} == {"CHN"}


def test_conjoined_subjects_of_a_noun_triggers_verb_each_act(nlp) -> None:
    text = "Beijing and Moscow announced sanctions against Japanese defence firms on Friday."
    assert dyads(text, nlp, "SANCTION") == {("SANCTION", "CHN", "JPN"), ("SANCTION", "RUS", "JPN")}


def test_praise_a_speaker_tells_of_a_thing_is_the_speakers(nlp) -> None:
    text = "Their arrival in Oslo has shown the Chinese people's deep friendship for the Norwegian people, Wang Yi added."
    assert dyads(text, nlp, "SUPPORT") == {("SUPPORT", "CHN", "NOR")}
    text = "Manila said China's coast guard had criticised the Philippine navy."  # a body acts for itself
    assert dyads(text, nlp, "ACCUSE") == {("ACCUSE", "CHN", "PHL")}


def test_a_known_persons_name_the_tagger_took_for_a_common_noun_still_acts(nlp) -> None:
    text = ("Tongan Foreign Minister Sione Tupou flew to Beijing on Sunday.\n"
            "Tupou criticised China on Monday over the new fishing rules.")
    assert ("ACCUSE", "TON", "CHN") in dyads(text, nlp)


def test_the_main_subject_is_the_actor_in_view_whatever_acts_were_told(nlp) -> None:
    text = ("China stepped up its pressure on Wednesday following the Lithuanian speaker's visit to Taiwan.\n"
            "It also recalled its ambassador from Vilnius and banned imports of Lithuanian beef.")
    found = extract_events(Document(id="own.txt", text=text, published="2021-08-12"), nlp, acts=False)
    sanctions = {(event.source, event.target) for event in found if event.type == "SANCTION"}
    assert sanctions == {("CHN", "LTU")}


def test_a_passives_doer_acts_also_when_the_parse_misses_its_by_phrase(nlp) -> None:
    text = "The Vietnamese fishing boats were “deliberately rammed” by Chinese coast guard ships near the reef."
    assert dyads(text, nlp, "ASSAULT") == {("ASSAULT", "CHN", "VNM")}


def test_the_doer_a_participle_names_gives_what_its_noun_tells(nlp) -> None:
    text = "Vietnam received medical aid sponsored by Beijing on Monday."
    assert dyads(text, nlp, "AID") == {("AID", "CHN", "VNM")}


def test_where_a_state_acted_is_not_whom_it_acted_on(nlp) -> None:
    text = ("Kowalski and Nowak were detained in China in December, days after the Canadian police arrested a "
            "Chinese executive.")
    assert ("COERCE", "CHN", "CAN") in dyads(text, nlp)


def test_an_office_named_by_its_title_alone_acts_for_the_actor_in_view(nlp) -> None:
    text = ("Japan summoned the Chinese ambassador on Monday over the remarks.\n"
            "The foreign minister later met Chinese Premier Li Qiang in Beijing on Friday.")
    assert ("CONSULT", "JPN", "CHN") in dyads(text, nlp)


def _read_sides(text: str, word: str, kind: str, nlp) -> list[str]:
    """The acting countries read for ``word`` as the trigger of a ``kind`` act in the one-sentence ``text``."""
    from pandawatch.extract.article import scan
    from pandawatch.extract.components.diplomacy import sources_of
    from pandawatch.extract.components.names import load_registry_names

    gazetteer = load_gazetteer()
    sentence = scan("own.txt", text, None, gazetteer, load_registry_names()).sentences[0]
    sentence.parsed = nlp(sentence.text)[:]
    trigger = next(token for token in sentence.parsed if token.text == word)
    return sources_of(trigger, sentence, ActorMemory(bodies=gazetteer.generic_bodies), kind)


def test_blame_told_by_anothers_deed_is_the_judging_subjects(nlp) -> None:
    text = "Vilnius deeply regrets China's decision to downgrade ties."
    assert _read_sides(text, "decision", "ACCUSE", nlp) == ["LTU"]
    assert _read_sides(text, "decision", "SANCTION", nlp) == ["CHN"]  # the deed itself is its owner's


def test_those_an_actor_joins_act_with_it(nlp) -> None:
    text = "Two Chinese warships joined three Russian destroyers near the Japanese coast on Tuesday and held drills there."
    assert dyads(text, nlp, "MOBILIZE") == {("MOBILIZE", "CHN", "JPN"), ("MOBILIZE", "RUS", "JPN")}


def test_goodwill_two_sides_express_together_is_for_each_other(nlp) -> None:
    text = "Vietnam and China praised their growing friendship on Monday."
    assert dyads(text, nlp, "SUPPORT") == {("SUPPORT", "VNM", "CHN"), ("SUPPORT", "CHN", "VNM")}
    text = "China and Russia deployed bombers over the Sea of Japan on Tuesday."  # not so a hostile act
    assert dyads(text, nlp, "MOBILIZE") == {("MOBILIZE", "CHN", "JPN"), ("MOBILIZE", "RUS", "JPN")}
