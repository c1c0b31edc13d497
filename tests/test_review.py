"""Review: news the registry lacks or dates differently becomes proposals; accept writes the registry (and
`registry check` still passes), reject is remembered."""

import pytest
from conftest import add_article

from pandawatch.errors import InvalidInput, NotFound
from pandawatch.model import Event
from pandawatch.registry.load import load_registry
from pandawatch.registry.validate import check_registry
from pandawatch.resolve.review import accept, pending, reject
from pandawatch.store.events import save_events


def _panda(article, type_, date, pandas, status="occurred", institution="Ueno Zoo"):
    return Event(article, type_, status, date, "CHN", "JPN", tuple(pandas), institution, f"{type_} sentence", 0.9)


@pytest.fixture
def news(store):
    add_article(store, "jan", "2026-01-28", "Daily C")
    save_events(store, "jan", [
        _panda("jan", "PANDA_DEPARTURE", "2026-01-27", ["Lei Lei", "Xiao Xiao"]),  # the registry lacks it
        _panda("jan", "PANDA_DEPARTURE", "2024-09-29", ["Ri Ri", "Shin Shin"]),  # the registry has it
        _panda("jan", "PANDA_BIRTH", "2021-06-22", ["Lei Lei"]),  # one day off the registry's date
    ])
    add_article(store, "new", "2026-03-01", "Paper B")
    save_events(store, "new", [_panda("new", "PANDA_BIRTH", "2026-02-14", ["Mei Mei"])])
    return store


def _by_type(proposals, type_):
    return [p for p in proposals if p.story.type == type_]


def test_missing_and_differing_facts_are_proposed_with_evidence(news, kb_registry):
    proposals = pending(news, kb_registry)
    departures = _by_type(proposals, "PANDA_DEPARTURE")
    assert [p.story.pandas for p in departures] == [("Lei Lei", "Xiao Xiao")]
    assert departures[0].kind == "missing"
    assert set(departures[0].panda_ids) == {"lei-lei-2021", "xiao-xiao-2021"}
    birth = next(p for p in _by_type(proposals, "PANDA_BIRTH") if p.kind == "date-differs")
    assert {d["date"] for d in birth.dates} == {"2021-06-23", "2021-06-22"}
    record = birth.to_json()
    assert record["sources"][0]["evidence"] and record["sources"][0]["url"]


def test_accepting_a_return_writes_the_registry_and_it_still_checks(news, kb_registry):
    proposal = _by_type(pending(news, kb_registry), "PANDA_DEPARTURE")[0]
    decision = accept(news, kb_registry, proposal.id)
    assert decision.decision == "accepted" and decision.file.endswith(".yaml")
    reloaded = load_registry(kb_registry.root)
    assert check_registry(reloaded) == []
    stay = reloaded.pandas["xiao-xiao-2021"].stays[-1]
    assert stay.end.date.iso == "2026-01-27"
    assert any(c.url == "https://example.org/jan" for c in stay.end.citations + stay.citations)
    assert proposal.id not in {p.id for p in pending(news, reloaded)}


def test_accepting_a_birth_creates_the_cub_and_a_differing_date_is_kept_beside(news, kb_registry):
    proposals = pending(news, kb_registry)
    cub = next(p for p in _by_type(proposals, "PANDA_BIRTH") if p.kind == "missing")
    accept(news, kb_registry, cub.id)
    registry = load_registry(kb_registry.root)
    assert registry.pandas["mei-mei-2026"].born_at == "ueno-zoo"
    differing = next(p for p in _by_type(pending(news, registry), "PANDA_BIRTH") if p.kind == "date-differs")
    accept(news, registry, differing.id)
    registry = load_registry(kb_registry.root)
    assert [fact.date.iso for fact in registry.pandas["lei-lei-2021"].born] == ["2021-06-23", "2021-06-22"]
    assert check_registry(registry) == []


def test_rejecting_is_remembered(news, kb_registry):
    proposal = pending(news, kb_registry)[0]
    reject(news, kb_registry, proposal.id, note="wrong panda")
    assert proposal.id not in {p.id for p in pending(news, kb_registry)}
    with pytest.raises(InvalidInput, match="already rejected"):
        reject(news, kb_registry, proposal.id)
    with pytest.raises(NotFound):
        accept(news, kb_registry, "no-such-id")


def test_a_plan_the_registry_records_as_done_and_a_known_loan_are_not_proposed(store, kb_registry):
    add_article(store, "plan", "2024-08-01")
    save_events(store, "plan", [
        _panda("plan", "PANDA_DEPARTURE", "2024-09", ["Ri Ri", "Shin Shin"], "planned"),  # happened: registry has it
        _panda("plan", "LOAN_AGREEMENT", "2010-02", ["Shin Shin"]),  # the registry's ueno-zoo-2011 loan
        _panda("plan", "LOAN_AGREEMENT", "2024-07", ["Xiang Xiang"]),  # a loan the registry lacks
    ])
    proposals = pending(store, kb_registry)
    assert [(p.story.type, p.story.date) for p in proposals] == [("LOAN_AGREEMENT", "2024-07")]


def test_a_known_happening_dated_far_off_is_a_differing_date_not_a_new_fact(store, kb_registry):
    add_article(store, "off", "2024-01-10")
    save_events(store, "off", [_panda("off", "PANDA_DEPARTURE", "2023-05", ["Ri Ri"])])
    (proposal,) = pending(store, kb_registry)
    assert proposal.kind == "date-differs"
    assert [d["date"] for d in proposal.dates] == ["2024-09-29", "2023-05"]
    with pytest.raises(InvalidInput, match="cannot be written automatically"):
        accept(store, kb_registry, proposal.id)


def test_a_failed_registry_edit_puts_every_file_back(tmp_path):
    from pandawatch.export.registry_edit import all_or_nothing

    (tmp_path / "pandas").mkdir()
    kept = tmp_path / "pandas" / "a-2000.yaml"
    kept.write_text("id: a-2000\n")
    with pytest.raises(RuntimeError), all_or_nothing(tmp_path):
        kept.write_text("id: broken\n")
        (tmp_path / "pandas" / "b-2001.yaml").write_text("id: b-2001\n")
        raise RuntimeError("registry check failed")
    assert kept.read_text() == "id: a-2000\n"
    assert sorted(p.name for p in (tmp_path / "pandas").iterdir()) == ["a-2000.yaml"]
