"""`pandawatch extract PATH...` (events as ONTOLOGY JSONL) and `pandawatch evaluate` (scores against gold)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from ..model import Document, Event, Skipped
from ..settings import load_settings
from .output import console, emit, table

# spaCy, the ingest readers and the scorer are imported inside the commands: `pandawatch --help` and the
# registry queries should not pay for loading them.


def extracted(sources: list[str], settings: object | None = None) -> Iterator[tuple[Document | Skipped, list[Event]]]:
    """Each item the sources hold (any form ingest reads) with its events: an article and the events it
    reports, or a skipped input and none. Names come from ``settings.registry_dir`` (default settings if None)."""
    from ..ingest import read
    from ..pipeline import default_extractor

    extract = default_extractor(settings or load_settings())
    for source in sources:
        for item in read(source):
            yield item, (extract(item) if isinstance(item, Document) else [])


def events_of(sources: list[str], settings: object | None = None) -> tuple[list[Event], list[Skipped]]:
    """Extract from every article the sources hold; skipped inputs are returned beside the events."""
    events: list[Event] = []
    skipped: list[Skipped] = []
    for item, found in extracted(sources, settings):
        events.extend(found)
        if isinstance(item, Skipped):
            skipped.append(item)
    return events, skipped


def _report_skipped(skipped: list[Skipped]) -> None:
    for item in skipped:
        sys.stderr.write(f"skipped {item.message()}\n")  # one line, never wrapped


def extract_command(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="article files, directories or URLs")],
) -> None:
    """Print each article's events as ONTOLOGY JSONL on stdout, one event per line (exit code 2 when no
    article could be read)."""
    any_read = False
    for item, events in extracted(paths, ctx.obj):
        if isinstance(item, Skipped):
            _report_skipped([item])
            continue
        any_read = True
        for event in events:
            sys.stdout.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
    if not any_read:
        raise typer.Exit(2)


def evaluate_command(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Option("--gold", help="folder of gold JSONL files, one per article (same stem)")],
    articles: Annotated[list[str], typer.Option("--articles", help="folder (or file) of articles; repeat for more")],
    folds: Annotated[int, typer.Option("--folds", help="K-fold cross-validation by article: the learned act "
                                       "detector is trained on the other folds (0: score the packaged model)")] = 0,
    detail: Annotated[bool, typer.Option("--detail", help="list every miss, false event and wrong date")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the scores as JSON")] = False,
) -> None:
    """Score extraction against gold events (ONTOLOGY.md's scoring): P/R/F1 for panda and diplomatic events,
    and date accuracy. Only articles that have a gold file are scored. With --folds K, the mean and spread over
    the folds and the pooled scores per type."""
    from ..evaluate import by_stem, cross_validate, read_gold, score

    wanted = read_gold(gold)
    if folds:
        documents, skipped = _documents(articles)
        _report_skipped(skipped)
        result = cross_validate(documents, wanted, folds, *_learning(ctx.obj))
        emit(result.as_dict(detail), as_json, lambda: _render_folds(result, detail))
        return
    events, skipped = events_of(articles, ctx.obj)
    _report_skipped(skipped)
    predicted = {stem: found for stem, found in by_stem(events).items() if stem in wanted}
    scores = score(wanted, predicted)
    emit(scores.as_dict(detail), as_json, lambda: _render(scores, detail))


def train_command(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Option("--gold", help="folder of gold JSONL files, one per article (same stem)")],
    articles: Annotated[list[str], typer.Option("--articles", help="folder (or file) of articles; repeat for more")],
    out: Annotated[Path | None, typer.Option("--out", help="folder to write the model to (default: the "
                                             "packaged model, src/pandawatch/data/acts)")] = None,
) -> None:
    """Train the learned act detector from articles and their gold events, beside our own labelled sentences
    (data/acts/examples.yaml; options: data/acts/training.yaml)."""
    from ..evaluate import read_gold
    from ..extract.acts import MODEL_DIR
    from ..extract.components.names import load_registry_names
    from ..extract.train import train_act_model

    wanted = read_gold(gold)
    documents, skipped = _documents(articles)
    _report_skipped(skipped)
    names = load_registry_names(str((ctx.obj or load_settings()).registry_dir))
    model = train_act_model(documents, wanted, names=names)
    model.save(out or MODEL_DIR)
    learned = sum(1 for count in model.card["positive_sentences"].values() if count >= model.card["options"]["min_positives"])
    console.print(f"trained on {model.card['sentences']} sentences of {model.card['articles']} articles and "
                  f"{model.card['examples']} examples: "
                  f"{learned} of {len(model.types)} event types learned; written to {out or MODEL_DIR}")


def _documents(sources: list[str]) -> tuple[list[Document], list[Skipped]]:
    from ..ingest import read

    documents: list[Document] = []
    skipped: list[Skipped] = []
    for source in sources:
        for item in read(source):
            (documents if isinstance(item, Document) else skipped).append(item)
    return documents, skipped


def _learning(settings: object | None):
    """(extract(document, model), train(documents, gold)) for cross-validation, with the registry's names."""
    from ..extract import extract_events
    from ..extract.components.names import load_registry_names
    from ..extract.train import train_act_model

    names = load_registry_names(str((settings or load_settings()).registry_dir))
    return (lambda document, model: extract_events(document, names=names, acts=model),
            lambda documents, gold: train_act_model(documents, gold, names=names))


def _render_folds(result, detail: bool):
    _render(result.pooled, detail)
    for family in ("panda", "diplomatic"):
        spread = result.spread(family)
        console.print(f"{family}: F1 {spread['mean_f1']:.3f} ± {spread['sd_f1']:.3f} over {len(result.folds)} folds "
                      f"({', '.join(f'{value:.3f}' for value in spread['fold_f1'])})")
    rows = [(kind, f"{prf['precision']:.3f}", f"{prf['recall']:.3f}", f"{prf['f1']:.3f}", prf["matched"], prf["gold"],
             prf["predicted"]) for kind, prf in result.by_type().items()]
    console.print(table(None, ("type", "precision", "recall", "F1", "matched", "gold", "extracted"), rows))
    return ""


def _render(scores, detail: bool):
    rows = [(kind, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}", prf.matched, prf.gold, prf.predicted)
            for kind, prf in (("panda", scores.panda), ("diplomatic", scores.diplomatic))]
    console.print(table(None, ("events", "precision", "recall", "F1", "matched", "gold", "extracted"), rows))
    console.print(f"date accuracy {scores.date_accuracy:.3f} over {scores.dates_total} matched dated panda events")
    if not detail:
        return ""
    for title, items in (("missed", scores.misses), ("false", scores.false_events)):
        for event in items:
            console.print(f"{title:6} {_line(event)}", markup=False, highlight=False)
    for gold_event, found in scores.wrong_dates:
        console.print(f"date   {_line(gold_event)} extracted {found.date}", markup=False, highlight=False)
    return ""


def _line(event: Event) -> str:
    pandas = ",".join(event.pandas)
    return (f"{Path(event.article).stem} {event.type} {event.status} {event.date} {event.source}->{event.target}"
            f" [{pandas}] | {event.evidence[:90]}")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
    app.command("evaluate")(evaluate_command)
    app.command("train")(train_command)
