"""store.events: an article's events are replaced as a whole; invalid ones are reported, not stored."""

from pandawatch.model import Event
from pandawatch.store.events import load_events, save_events


def _event(article="a1", type_="PANDA_DEPARTURE", **fields):
    values = dict(status="occurred", date="2024-09-29", source="CHN", target="JPN", pandas=("Ri Ri",))
    values.update(fields)
    return Event(article, type_, **values)


def test_saved_events_read_back_equal(store):
    events = [_event(), _event(type_="SANCTION", pandas=(), date=None, evidence="banned seafood")]
    saved = save_events(store, "a1", events, extractor="test")
    assert saved.stored == 2 and saved.skipped == []
    assert load_events(store, "a1") == events


def test_saving_again_replaces_the_articles_events_only(store):
    save_events(store, "a1", [_event(), _event(date="2024-09")])
    save_events(store, "a2", [_event(article="a2")])
    save_events(store, "a1", [_event(date="2026-01-27")])
    assert [event.date for event in load_events(store, "a1")] == ["2026-01-27"]
    assert len(load_events(store, "a2")) == 1


def test_invalid_events_are_reported_with_the_reason(store):
    saved = save_events(store, "a1", [_event(type_="NOT_A_TYPE"), _event(date="Feb 20"), _event()])
    assert saved.stored == 1
    assert len(saved.skipped) == 2
    assert saved.skipped[0].reason == "invalid-event"
    assert "NOT_A_TYPE" in saved.skipped[0].message()
    assert saved.skipped[0].origin.startswith("a1")
