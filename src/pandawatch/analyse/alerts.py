"""Alerts: loans ending soon with no extension reported; a country about to lose, or that has lost, its last
panda; new loan requests, refusals and agreements in the news. Pure over the registry and news stories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import PartialDate
from .facts import held_pandas
from .stories import Story, kb_config

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


def alerts(registry: object, stories: list[Story], today: dt.date, days: int) -> list[Alert]:
    """Every alert standing on ``today``; loans count as ending soon within ``days``."""
    found = loans_ending(registry, stories, today, days) + last_pandas(registry, stories, today)
    return found + news_alerts(stories, today)


def loans_ending(registry: object, stories: list[Story], today: dt.date, days: int) -> list[Alert]:
    found = []
    for loan in registry.loans.values():
        end = loan.current_end
        if loan.kind != "loan" or loan.outcome not in (None, "active", "extended") or end is None:
            continue
        if not today <= end.last_day() <= today + dt.timedelta(days=days):
            continue
        since = (loan.extensions[-1].date.date.iso if loan.extensions and loan.extensions[-1].date else
                 loan.start.date.iso if loan.start else "")  # fmt: skip
        if any(s.type == "LOAN_EXTENSION" and s.host == loan.host_country and s.anchor > since for s in stories):
            continue
        found.append(Alert("loan-ending", f"loan-ending:{loan.id}:{end.iso}", end.iso, loan.host_country,
                           f"loan {loan.id} ends {end.iso} and no extension has been reported",
                           loan.pandas, [{"origin": "registry", "file": loan.file}]))  # fmt: skip
    return found


def last_pandas(registry: object, stories: list[Story], today: dt.date) -> list[Alert]:
    """Countries whose every remaining panda is leaving (planned) or has left (news the registry lacks yet),
    and countries the registry shows at zero that held pandas within `last_panda_gone_days` (data/kb.yaml)."""
    found = []
    day = PartialDate(today.isoformat())
    window = kb_config()["alerts"]["last_panda_gone_days"]
    year_ago = PartialDate((today - dt.timedelta(days=window)).isoformat())
    hosts = {i.country for i in registry.institutions.values() if i.country != "CHN"}
    departures: dict[str, list[Story]] = {}  # by host, read once: a million reports make 150k stories
    for story in stories:
        if story.type == "PANDA_DEPARTURE":
            departures.setdefault(story.host, []).append(story)
    for country in sorted(hosts):
        held = {p.name for p in held_pandas(registry, country, day)}
        if not held:
            if held_pandas(registry, country, year_ago):
                found.append(Alert("last-panda-gone", f"last-panda-gone:{country}", today.isoformat(), country,
                                   f"{country} holds no panda any more (registry)"))  # fmt: skip
            continue
        found += _leaving(country, held, departures.get(country, []), today)
    return found


def _leaving(country: str, held: set[str], departures: list[Story], today: dt.date) -> list[Alert]:
    """``departures``: the country's PANDA_DEPARTURE stories."""
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
    recent = (today - dt.timedelta(days=kb_config()["alerts"]["recent_days"])).isoformat()
    return [Alert(s.type.lower().replace("_", "-"), f"{s.type}:{s.id}", s.date or s.reported, s.host or "",
                  f"{s.type.replace('_', ' ').lower()} ({s.source} → {s.target})", s.pandas, s.sources_json())
            for s in stories
            if s.type in NEWSWORTHY and (s.reported or "") >= recent and (s.reported or "") <= today.isoformat()]  # fmt: skip
