"""Alerts: loans ending soon with no extension reported; a country about to lose, or that has lost, its last
panda; new loan requests, refusals and agreements in the news. Pure over the registry and news stories.

Each alert reads few stories: a loan's host's extensions, a host's departures naming the pandas it holds, the
news of the last few months. ``AlertStories`` hands out those (or more: each alert checks what it is given).
``alerts()`` picks them from a list of every story of ``STORY_TYPES`` (the full computation, kept as the
reference); analyse.kb reads them from the knowledge base's indexes, so that the answer costs the same however
large the store (bench/load_bench.py; tests/test_alerts.py checks both agree).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..model import PartialDate
from .facts import held_by_country
from .stories import Story, kb_config, story_order

NEWSWORTHY = ("LOAN_REQUEST", "LOAN_REFUSAL", "LOAN_AGREEMENT")
STORY_TYPES = ("LOAN_EXTENSION", "PANDA_DEPARTURE", *NEWSWORTHY)  # the only news the alerts read


@dataclass(frozen=True)
class Alert:
    kind: str  # loan-ending, last-panda-leaving, last-panda-gone, loan-request, loan-refusal, loan-agreement
    key: str  # stable identity, for "new since"
    date: str | None
    country: str
    message: str
    pandas: tuple[str, ...] = ()
    sources: list = field(default_factory=list)

    def to_json(self, first_seen: str | None = None) -> dict:
        return {"kind": self.kind, "type": self.kind, "status": "seen" if first_seen else "unrecorded",
                "key": self.key, "date": self.date, "countries": [self.country],
                "pandas": list(self.pandas), "message": self.message, "first_seen": first_seen,
                "sources": self.sources}  # fmt: skip


class AlertStories(Protocol):
    """The stories an alert reads, in chronological order (stories.story_order). Each may give more than it
    must: the alert checks every story it gets."""

    def extensions(self, host: str, after: str) -> list[Story]:
        """LOAN_EXTENSION stories of ``host``: at least those anchored after ``after``."""

    def departures(self, held: dict[str, set[str]]) -> list[Story]:
        """PANDA_DEPARTURE stories of the hosts of ``held``: at least those naming a panda their host holds."""

    def news(self, first_day: str, last_day: str) -> list[Story]:
        """NEWSWORTHY stories: at least those first reported between the two days (ISO, both included)."""


class StoryList:
    """``AlertStories`` picked from a list of stories (every story of ``STORY_TYPES``, in chronological order)."""

    def __init__(self, stories: Iterable[Story]) -> None:
        self.by_type_host: dict[tuple[str, str | None], list[Story]] = defaultdict(list)  # read once: a million
        for story in stories:  # reports make 150k stories
            self.by_type_host[story.type, story.host].append(story)

    def extensions(self, host: str, after: str) -> list[Story]:
        return self.by_type_host.get(("LOAN_EXTENSION", host), [])

    def departures(self, held: dict[str, set[str]]) -> list[Story]:
        return sorted((s for host in held for s in self.by_type_host.get(("PANDA_DEPARTURE", host), [])),
                      key=story_order)  # fmt: skip

    def news(self, first_day: str, last_day: str) -> list[Story]:
        found = [s for (kind, _), stories in self.by_type_host.items() if kind in NEWSWORTHY for s in stories]
        return sorted(found, key=story_order)


def alerts(registry: object, stories: list[Story], today: dt.date, days: int) -> list[Alert]:
    """Every alert standing on ``today`` from every story of ``STORY_TYPES`` (the reference computation)."""
    return standing_alerts(registry, StoryList(stories), today, days)


def standing_alerts(registry: object, stories: AlertStories, today: dt.date, days: int) -> list[Alert]:
    """Every alert standing on ``today``; loans count as ending soon within ``days``."""
    found = loans_ending(registry, stories, today, days) + last_pandas(registry, stories, today)
    return found + news_alerts(stories.news(_recent(today), today.isoformat()), today)


def loans_ending(registry: object, stories: AlertStories, today: dt.date, days: int) -> list[Alert]:
    found = []
    for loan in registry.loans.values():
        end = loan.current_end
        if loan.kind != "loan" or loan.outcome not in (None, "active", "extended") or end is None:
            continue
        if not today <= end.last_day() <= today + dt.timedelta(days=days):
            continue
        since = (loan.extensions[-1].date.date.iso if loan.extensions and loan.extensions[-1].date else
                 loan.start.date.iso if loan.start else "")  # fmt: skip
        if any(s.type == "LOAN_EXTENSION" and s.host == loan.host_country and s.anchor > since
               for s in stories.extensions(loan.host_country, since)):  # fmt: skip
            continue
        found.append(Alert("loan-ending", f"loan-ending:{loan.id}:{end.iso}", end.iso, loan.host_country,
                           f"loan {loan.id} ends {end.iso} and no extension has been reported",
                           loan.pandas, [{"origin": "registry", "file": loan.file}]))  # fmt: skip
    return found


def last_pandas(registry: object, stories: AlertStories, today: dt.date) -> list[Alert]:
    """Countries whose every remaining panda is leaving (planned) or has left (news the registry lacks yet),
    and countries the registry shows at zero that held pandas within `last_panda_gone_days` (data/kb.yaml)."""
    found = []
    day = PartialDate(today.isoformat())
    window = kb_config()["alerts"]["last_panda_gone_days"]
    year_ago = PartialDate((today - dt.timedelta(days=window)).isoformat())
    hosts = {i.country for i in registry.institutions.values() if i.country != "CHN"}
    held_now, held_then = held_by_country(registry, day), held_by_country(registry, year_ago)
    held = {country: {p.name for p in held_now[country]} for country in sorted(hosts) if held_now.get(country)}
    departures: dict[str, list[Story]] = defaultdict(list)
    for story in stories.departures(held):  # all hosts' at once: one read
        if story.type == "PANDA_DEPARTURE" and story.host in held:
            departures[story.host].append(story)
    for country in sorted(hosts):
        if country in held:
            found += _leaving(country, held[country], departures[country], today)
        elif held_then.get(country):
            found.append(Alert("last-panda-gone", f"last-panda-gone:{country}", today.isoformat(), country,
                               f"{country} holds no panda any more (registry)"))  # fmt: skip
    return found


def _leaving(country: str, held: set[str], departures: list[Story], today: dt.date) -> list[Alert]:
    """``departures``: the country's PANDA_DEPARTURE stories (those naming none of ``held`` change nothing)."""
    gone = {name for s in departures if s.status == "occurred" and s.anchor <= today.isoformat() for name in s.pandas}
    going = {name for s in departures if s.status == "planned" for name in s.pandas}
    reports = [r for s in departures if set(s.pandas) & held for r in s.sources_json()]
    if held <= gone:
        return [Alert("last-panda-gone", f"last-panda-gone:{country}", today.isoformat(), country,
                      f"{country} has sent back its last pandas ({', '.join(sorted(held))}), the news says",
                      tuple(sorted(held)), reports)]  # fmt: skip
    if held <= gone | going:
        return [Alert("last-panda-leaving", f"last-panda-leaving:{country}", today.isoformat(), country,
                      f"{country} is about to lose its last pandas ({', '.join(sorted(held))})",
                      tuple(sorted(held)), reports)]  # fmt: skip
    return []


def news_alerts(stories: list[Story], today: dt.date) -> list[Alert]:
    recent = _recent(today)
    return [Alert(s.type.lower().replace("_", "-"), f"{s.type}:{s.id}", s.date or s.reported, s.host or "",
                  f"{s.type.replace('_', ' ').lower()} ({s.source} → {s.target})", s.pandas, s.sources_json())
            for s in stories
            if s.type in NEWSWORTHY and (s.reported or "") >= recent and (s.reported or "") <= today.isoformat()]  # fmt: skip


def _recent(today: dt.date) -> str:
    """The first day whose news is still news on ``today`` (data/kb.yaml)."""
    return (today - dt.timedelta(days=kb_config()["alerts"]["recent_days"])).isoformat()
