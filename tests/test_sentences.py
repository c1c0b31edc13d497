"""Events in plain words: who acts on whom reads the right way for every panda type."""

from __future__ import annotations

import pytest

from pandawatch.analyse.sentences import describe, describe_record
from pandawatch.ontology import event_types
from pandawatch.web.countries import country_name


@pytest.mark.parametrize(("args", "expected"), [
    (("PANDA_DEPARTURE", "occurred", "CHN", "JPN", ["Lei Lei", "Xiao Xiao"], "Ueno Zoo"),
     "Lei Lei and Xiao Xiao left Ueno Zoo for China"),
    (("PANDA_DEPARTURE", "planned", "CHN", "GBR", ["Yang Guang"], None), "Yang Guang is to leave the United Kingdom for China"),
    (("PANDA_ARRIVAL", "occurred", "CHN", "USA", ["Bao Li", "Qing Bao"], "Smithsonian's National Zoo"),
     "Bao Li and Qing Bao arrived at Smithsonian's National Zoo from China"),
    (("PANDA_BIRTH", "occurred", "CHN", "JPN", [], "Ueno Zoo"), "A cub was born at Ueno Zoo"),
    (("PANDA_BIRTH", "occurred", "CHN", "JPN", ["Xiao Xiao", "Lei Lei"], None), "Xiao Xiao and Lei Lei were born in Japan"),
    (("PANDA_DEATH", "occurred", "CHN", "THA", ["Lin Hui"], "Chiang Mai Zoo"), "Lin Hui died at Chiang Mai Zoo"),
    (("LOAN_REQUEST", "occurred", "JPN", "CHN", [], "Sendai"), "Japan asked China for pandas for Sendai"),
    (("LOAN_REFUSAL", "occurred", "CHN", "USA", [], None), "China refused a request from the United States for pandas"),
    (("ACCUSE", "occurred", "USA", "CHN", [], None), "The United States criticised China"),
    (("CONSULT", "planned", "JPN", "CHN", [], None), "Planned: Japan held talks with China"),
])  # fmt: skip
def test_sentences_name_the_host_and_read_the_right_way(args, expected):
    assert describe(*args, name=country_name) == expected


def test_every_event_type_has_a_sentence_and_timeline_records_read_the_same():
    for event_type in event_types():
        text = describe(event_type, "occurred", "CHN", "JPN", ["Mu Mu"], None, country_name)
        assert "{" not in text and event_type not in text
    record = {"type": "PANDA_DEPARTURE", "status": "occurred", "countries": ["CHN", "JPN"], "pandas": ["Mu Mu"],
              "institution": "North Zoo"}  # fmt: skip
    assert describe_record(record, country_name) == "Mu Mu left North Zoo for China"
