"""Cross-check the registry against the dated panda events of the hand-coded dev articles (../shared).

    .venv/bin/python bench/registry_vs_gold.py [--shared ../shared] [--verbose]

For every gold PANDA_ARRIVAL / DEPARTURE / BIRTH / DEATH that happened, has a date and names pandas, look each
panda up by name (among the pandas that lived in the event's host country) and ask whether the registry has
the same happening at a date that agrees at the coarser precision. Prints the counts and every disagreement.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pandawatch.model import PartialDate
from pandawatch.ontology import host_country
from pandawatch.model import Event
from pandawatch.registry import load_registry
from pandawatch.resolve.names import NameIndex

REPO = Path(__file__).resolve().parents[1]


def registry_dates(panda, registry, kind: str, country: str) -> list[PartialDate]:
    """The registry's dates for one kind of happening of ``panda`` in ``country``."""
    here = [s for s in panda.stays if (registry.institutions.get(s.institution) or _NOWHERE).country == country]
    if kind == "PANDA_BIRTH":
        return [fact.date for fact in panda.born]
    if kind == "PANDA_DEATH":
        return [fact.date for fact in panda.died]
    if kind == "PANDA_ARRIVAL":
        return [stay.start.date for stay in here]
    return [stay.end.date for stay in here if stay.end] + [fact.date for fact in panda.died]


class _Nowhere:
    country = None


_NOWHERE = _Nowhere()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    registry = load_registry()
    index = NameIndex.from_registry(registry)
    counts = {"checked": 0, "agree": 0, "disagree": 0, "not_in_registry": 0}
    for path in sorted(Path(args.shared).glob("*/gold/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            event = Event.from_json(json.loads(line))
            if event.type not in ("PANDA_ARRIVAL", "PANDA_DEPARTURE", "PANDA_BIRTH", "PANDA_DEATH"):
                continue
            if event.status != "occurred" or not event.date or not event.pandas:
                continue
            country = host_country(event)
            for name in event.pandas:
                verdict = _verdict(index, registry, event, name, country)
                counts["checked"] += 1
                counts[verdict] += 1
                if verdict != "agree" or args.verbose:
                    print(f"{verdict:15} {path.stem} {event.type} {event.date} {name} ({country})")
    print(json.dumps(counts))


def _verdict(index, registry, event, name, country) -> str:
    candidates = [p for p in index.pandas(name)
                  if any((registry.institutions.get(s.institution) or _NOWHERE).country == country for s in p.stays)]
    if not candidates:
        return "not_in_registry"
    gold = PartialDate(event.date)
    for panda in candidates:
        if any(date.agrees_with(gold) for date in registry_dates(panda, registry, event.type, country)):
            return "agree"
    return "disagree"


if __name__ == "__main__":
    main()
