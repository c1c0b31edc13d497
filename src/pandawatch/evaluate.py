"""Scoring extraction against gold events, exactly as ../shared/ONTOLOGY.md's scoring section says.

An extracted event matches a gold event of the same article when
- panda events: same type, same status, same host country, the panda lists overlap (a gold event that names no
  panda agrees with any list; names are compared through the registry's alias index, so an alias and its
  canonical name are the same panda, and names the registry does not know by their normalised form), and the dates agree at the coarser of the two precisions (a gold event with no
  date agrees with any; an extracted event with no date does not agree with a dated gold event);
- diplomatic events: same type, source and target.
Each gold event matches at most one extracted event (a maximum one-to-one matching). Precision, recall and F1
are reported for panda and diplomatic events separately; date accuracy is the share of matched panda events
with a gold date whose extracted date is exactly the gold date (same value, same precision).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import InvalidInput
from .model import Event, PartialDate
from .ontology import host_country, is_panda_type


@dataclass(frozen=True)
class PRF:
    matched: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "matched": self.matched, "gold": self.gold, "predicted": self.predicted}


@dataclass
class Scores:
    panda: PRF
    diplomatic: PRF
    dates_right: int
    dates_total: int
    misses: list[Event] = field(default_factory=list)
    false_events: list[Event] = field(default_factory=list)
    wrong_dates: list[tuple[Event, Event]] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_total if self.dates_total else 1.0

    def as_dict(self, detail: bool = False) -> dict:
        result = {"panda": self.panda.as_dict(), "diplomatic": self.diplomatic.as_dict(),
                  "date_accuracy": round(self.date_accuracy, 4), "dated_matches": self.dates_total}
        if detail:
            result["misses"] = [event.to_json() for event in self.misses]
            result["false_events"] = [event.to_json() for event in self.false_events]
            result["wrong_dates"] = [{"gold": gold.to_json(), "extracted": got.to_json()} for gold, got in self.wrong_dates]
        return result


def dates_agree(gold: str | None, predicted: str | None) -> bool:
    if gold is None:
        return True
    if predicted is None:
        return False
    return PartialDate(gold).agrees_with(PartialDate(predicted))


PandaKeys = Callable[[str, "str | None"], frozenset[str]]


def plain_panda_keys(name: str, host: str | None = None) -> frozenset[str]:
    """A name's comparable form alone (no registry): spacing, case and hyphens do not count."""
    from .resolve.names import normalise

    return frozenset({"name:" + normalise(name)})


@cache
def registry_panda_keys(registry_path: str | None = None) -> PandaKeys:
    """Names → registry panda ids through the alias index ("Jing Jing" and "Soraya" are one panda); among
    namesakes those that lived in the event's host country; a name the registry does not know keeps its
    normalised form."""
    from .registry.load import load_registry
    from .resolve.names import NameIndex

    registry = load_registry(registry_path)
    index = NameIndex.from_registry(registry)

    def hosts(panda) -> set[str]:
        places = (registry.institutions.get(stay.institution) for stay in panda.stays)
        return {place.country for place in places if place is not None}

    @cache
    def keys(name: str, host: str | None = None) -> frozenset[str]:
        candidates = index.pandas(name)
        if host:
            candidates = [panda for panda in candidates if host in hosts(panda)] or candidates
        return frozenset(panda.id for panda in candidates) or plain_panda_keys(name)

    return keys


def _panda_ids(names: Iterable[str], host: str | None, panda_keys: PandaKeys) -> set[str]:
    return {key for name in names for key in panda_keys(name, host)}


def is_match(gold: Event, predicted: Event, panda_keys: PandaKeys = plain_panda_keys) -> bool:
    """ONTOLOGY.md's match rule for one gold and one extracted event of the same article."""
    if gold.type != predicted.type:
        return False
    if not is_panda_type(gold.type):
        return (gold.source, gold.target) == (predicted.source, predicted.target)
    host = host_country(gold)
    if gold.status != predicted.status or host != host_country(predicted):
        return False
    if gold.pandas and not _panda_ids(gold.pandas, host, panda_keys) & _panda_ids(predicted.pandas, host, panda_keys):
        return False
    return dates_agree(gold.date, predicted.date)


def one_to_one(gold: list[Event], predicted: list[Event], panda_keys: PandaKeys = plain_panda_keys) -> dict[int, int]:
    """A maximum matching gold index → predicted index (augmenting paths; articles are small)."""
    options = [[j for j, event in enumerate(predicted) if is_match(item, event, panda_keys)] for item in gold]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        place(i, set())
    return {i: j for j, i in owner.items()}


def score(gold: dict[str, list[Event]], predicted: dict[str, list[Event]], panda_keys: PandaKeys | None = None) -> Scores:
    """Score extracted events against gold, article by article (articles keyed by id). Panda names are
    compared through ``panda_keys`` (default: the registry's alias index)."""
    panda_keys = panda_keys or registry_panda_keys()
    counts = {"panda": [0, 0, 0], "diplomatic": [0, 0, 0]}
    scores = Scores(PRF(0, 0, 0), PRF(0, 0, 0), 0, 0)
    for article in sorted(set(gold) | set(predicted)):
        wanted, got = gold.get(article, []), predicted.get(article, [])
        pairs = one_to_one(wanted, got, panda_keys)
        for i, event in enumerate(wanted):
            kind = "panda" if is_panda_type(event.type) else "diplomatic"
            counts[kind][1] += 1
            if i not in pairs:
                scores.misses.append(event)
                continue
            counts[kind][0] += 1
            if kind == "panda" and event.date:
                scores.dates_total += 1
                found = got[pairs[i]]
                if found.date == event.date:
                    scores.dates_right += 1
                else:
                    scores.wrong_dates.append((event, found))
        used = set(pairs.values())
        for j, event in enumerate(got):
            counts["panda" if is_panda_type(event.type) else "diplomatic"][2] += 1
            if j not in used:
                scores.false_events.append(event)
    scores.panda = PRF(*counts["panda"])
    scores.diplomatic = PRF(*counts["diplomatic"])
    return scores


# ------------------------------------------------------------------------------------------ gold files


def read_gold_file(path: Path) -> list[Event]:
    """One gold JSONL file; the article id is the file's stem. A bad line is an error naming file and line."""
    events = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            events.append(Event.from_json({**record, "article": path.stem}))
        except (ValueError, TypeError) as error:
            raise InvalidInput(f"line {number}: not a gold event ({error})", source=str(path)) from error
    return events


def read_gold(folder: Path) -> dict[str, list[Event]]:
    if not folder.is_dir():
        raise InvalidInput("gold folder not found", source=str(folder))
    return {path.stem: read_gold_file(path) for path in sorted(folder.glob("*.jsonl"))}


def by_stem(events: Iterable[Event]) -> dict[str, list[Event]]:
    """Extracted events keyed by their article's file stem (how gold files name articles)."""
    grouped: dict[str, list[Event]] = {}
    for event in events:
        grouped.setdefault(Path(event.article).stem, []).append(event)
    return grouped


# ------------------------------------------------------------------------------------ cross-validation


@dataclass
class CrossValidation:
    """K-fold scores by article: each fold scored with the learned parts trained on the other folds."""

    folds: list[Scores]
    pooled: Scores
    gold: dict[str, list[Event]]

    def spread(self, family: str) -> dict:
        values = [getattr(scores, family).f1 for scores in self.folds]
        mean = sum(values) / len(values)
        deviation = (sum((value - mean) ** 2 for value in values) / len(values)) ** 0.5
        return {"mean_f1": round(mean, 4), "sd_f1": round(deviation, 4), "fold_f1": [round(v, 4) for v in values]}

    def by_type(self) -> dict[str, dict]:
        """Pooled precision, recall and F1 of each event type."""
        from collections import Counter

        wanted = Counter(event.type for events in self.gold.values() for event in events)
        missed = Counter(event.type for event in self.pooled.misses)
        false = Counter(event.type for event in self.pooled.false_events)
        return {kind: PRF(wanted[kind] - missed[kind], wanted[kind], wanted[kind] - missed[kind] + false[kind]).as_dict()
                for kind in sorted(set(wanted) | set(false))}

    def as_dict(self, detail: bool = False) -> dict:
        return {"folds": len(self.folds), "pooled": self.pooled.as_dict(detail),
                "panda": self.spread("panda"), "diplomatic": self.spread("diplomatic"),
                "date_accuracy": [round(scores.date_accuracy, 4) for scores in self.folds],
                "by_type": self.by_type()}


def fold_of(articles: Iterable[str], folds: int) -> dict[str, int]:
    """Articles dealt round-robin into ``folds`` folds in name order (no randomness: same split every run)."""
    return {article: index % folds for index, article in enumerate(sorted(articles))}


def cross_validate(documents: list, gold: dict[str, list[Event]], folds: int,
                   extract: Callable, train: Callable) -> CrossValidation:
    """Score ``extract(document, model)`` fold by fold, ``model = train(documents, gold)`` on the other folds."""
    if folds < 2:
        raise InvalidInput(f"--folds must be at least 2 (got {folds})")
    documents = [document for document in documents if Path(document.id).stem in gold]
    assignment = fold_of([Path(document.id).stem for document in documents], folds)
    results, predicted_all = [], {}
    for fold in range(folds):
        held = [document for document in documents if assignment[Path(document.id).stem] == fold]
        rest = [document for document in documents if assignment[Path(document.id).stem] != fold]
        model = train(rest, {stem: events for stem, events in gold.items() if assignment.get(stem) != fold})
        predicted = {Path(document.id).stem: extract(document, model) for document in held}
        predicted_all.update(predicted)
        results.append(score({stem: gold[stem] for stem in predicted}, predicted))
    scored = {stem: gold[stem] for stem in predicted_all}
    return CrossValidation(results, score(scored, predicted_all), scored)


def cue_provenance(documents: Iterable, gold: dict[str, list[Event]],
                   extract: Callable[[object, dict], list[Event]]) -> dict[str, list[str]]:
    """Which articles each cue finds a gold event in: cue → the sorted article stems of its correct hits.
    ``extract(document, trace)`` extracts with a trace (see ``extract_from_article``). A cue whose correct
    hits all come from one article is a rule about that article (issue 10)."""
    hits: dict[str, set[str]] = {}
    panda_keys = registry_panda_keys()
    for document in documents:
        stem = Path(document.id).stem
        if stem not in gold:
            continue
        trace: dict = {}
        found = extract(document, trace)
        for j in one_to_one(gold[stem], found, panda_keys).values():
            event = found[j]
            cue = trace.get((event.type, event.source, event.target, event.evidence), "(untraced)")
            hits.setdefault(cue, set()).add(stem)
    return {cue: sorted(stems) for cue, stems in sorted(hits.items())}
