import pytest

from pandawatch.model import Event, PartialDate
from pandawatch.ontology import host_country, validate, weight


def test_partial_date_precision_and_bounds():
    assert PartialDate("2026").precision == "year"
    assert str(PartialDate("2024-02").last_day()) == "2024-02-29"
    assert PartialDate("2026-01").agrees_with(PartialDate("2026-01-27"))
    assert not PartialDate("2026-02").agrees_with(PartialDate("2026-01-27"))
    with pytest.raises(ValueError):
        PartialDate("2026-13")


def test_event_validation_names_each_problem():
    event = Event(article="a", type="PANDA_LEAVES", status="done", date="2026-1", source="China", target="JPN")
    problems = validate(event)
    assert len(problems) == 4
    assert validate(Event("a", "SANCTION", "occurred", "2025-11", "CHN", "JPN")) == []


def test_host_country_and_weights_follow_the_ontology():
    request = Event("a", "LOAN_REQUEST", "occurred", None, "JPN", "CHN")
    departure = Event("a", "PANDA_DEPARTURE", "planned", "2026-01", "CHN", "JPN")
    assert host_country(request) == host_country(departure) == "JPN"
    assert weight("SANCTION") == -6 and weight("AGREE") == 6


def test_the_library_front_door_exposes_each_stage():
    import pandawatch

    for name in pandawatch.__all__[1:]:
        assert callable(getattr(pandawatch, name)), name
