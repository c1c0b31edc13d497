"""Knowledge-base commands: timeline (merged), review, relations, alerts, report, export.

Every query command takes ``--json`` and ``--as-of DATE`` (only articles published by then).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..inputs import as_country, as_dyad, as_of, as_partial
from ..store import open_store
from .output import emit, table

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="what was known on DATE: only articles published by then")]

review_app = typer.Typer(help="Proposed registry changes from the news: list, accept, reject.", invoke_without_command=True)


def _as_of(value: str | None) -> str | None:
    return as_of(value, "--as-of")


def _partial(value: str | None, what: str = "date") -> str | None:
    return as_partial(value, what) if value is not None else None


def _registry(settings):
    from ..registry.load import load_registry

    return load_registry(str(settings.registry_dir))


# ------------------------------------------------------------------------------------- timeline


def timeline(
    ctx: typer.Context,
    dyad: Annotated[Optional[str], typer.Option(help="a pair of countries, e.g. CHN-JPN")] = None,
    country: Annotated[Optional[str], typer.Option(help="ISO3 code: everything involving it, with its panda count")] = None,
    panda: Annotated[Optional[list[str]], typer.Option(help="a panda's canonical name (repeatable)")] = None,
    since: Annotated[Optional[str], typer.Option(help="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")] = None,
    until: Annotated[Optional[str], typer.Option(help="up to this date")] = None,
    as_of: AsOfOption = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="only the latest N entries (read a page at a time)")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="print CSV")] = False,
    as_json: JsonOption = False,
) -> None:
    """One sourced chronology: registry facts and news events merged, each with its sources (and, with
    --country, the running count of pandas the country held), oldest first."""
    from ..analyse.timeline import TimelineQuery, timeline as build, timeline_page

    query = TimelineQuery(as_dyad(dyad) if dyad else None, as_country(country) if country else None,
                          tuple(panda or ()), _partial(since), _partial(until), _as_of(as_of))  # fmt: skip
    with open_store(ctx.obj.db) as store:
        registry = _registry(ctx.obj)
        entries = timeline_page(store, registry, query, limit).entries[::-1] if limit else build(store, registry, query)
        records = [entry.to_json() for entry in entries]
    if as_csv:
        return _timeline_csv(records)
    emit(records, as_json, lambda: _timeline_text(records))


def _timeline_text(records: list[dict]) -> object:
    """The chronology as a readable list: the date and what happened in words, then each source on its own
    line with its evidence sentence and link (Rich wraps them to the terminal's width)."""
    from rich.text import Text

    from ..analyse.sentences import describe_record
    from ..web.countries import country_name

    lines = Text()
    for record in records:
        when = record["date"] or (f"reported {record['reported']}" if record["reported"] else "undated")
        lines.append(when, style="bold").append("  " + describe_record(record, country_name))
        notes = [record["type"], record["origin"]] + ([f"held {record['held']}"] if record["held"] is not None else [])
        notes += [f"also dated {', '.join(record['conflicts'])}"] if record["conflicts"] else []
        notes += ["planned"] if record["status"] == "planned" else []
        lines.append(f"  [{' · '.join(notes)}]\n", style="dim")
        for source in record["sources"]:
            lines.append(f"    {_source_name(source)}")
            if source.get("evidence"):
                lines.append(f": \u201c{source['evidence']}\u201d")
            if source.get("url"):
                lines.append(f"\n      {source['url']}", style="cyan")
            lines.append("\n")
    return lines if records else "nothing in this timeline"


def _source_name(source: dict) -> str:
    """Who said it: the outlet or publisher, the article (a local file's path) or the registry; never '?'."""
    name = source.get("outlet") or source.get("publisher") or source.get("article")
    published = f", {str(source['published'])[:10]}" if source.get("published") else ""
    return (name or ("registry" if source.get("origin") == "registry" else "local file")) + published


def _timeline_csv(records: list[dict]) -> None:
    from ..analyse.timeline import CSV_COLUMNS, csv_row
    from ..export.csv import safe_rows

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(safe_rows(csv_row(r) for r in records))


# --------------------------------------------------------------------------------------- review


@review_app.callback()
def review_list(ctx: typer.Context, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """List the proposed registry changes (news the registry lacks or dates differently)."""
    if ctx.invoked_subcommand:
        return
    from ..resolve.review import pending

    with open_store(ctx.obj.db) as store:
        records = [p.to_json() for p in pending(store, _registry(ctx.obj), _as_of(as_of))]
    emit(records, as_json, lambda: table("proposed registry changes", ("id", "kind", "summary", "sources"),
                                         [(r["id"], r["kind"], r["summary"], len(r["sources"])) for r in records]))  # fmt: skip


@review_app.command("accept")
def review_accept(ctx: typer.Context, proposal: str, note: Optional[str] = None, as_json: JsonOption = False) -> None:
    """Write a proposal into the registry files (with the article as its source)."""
    from ..resolve.review import accept

    with open_store(ctx.obj.db) as store:
        decision = accept(store, _registry(ctx.obj), proposal, note)
    emit(vars(decision), as_json, lambda: f"accepted {proposal}: wrote {decision.file}")


@review_app.command("reject")
def review_reject(ctx: typer.Context, proposal: str, note: Optional[str] = None, as_json: JsonOption = False) -> None:
    """Reject a proposal; it will not be proposed again."""
    from ..resolve.review import reject

    with open_store(ctx.obj.db) as store:
        decision = reject(store, _registry(ctx.obj), proposal, note)
    emit(vars(decision), as_json, lambda: f"rejected {proposal}")


# ------------------------------------------------------------------------------------ relations


def relations(
    ctx: typer.Context,
    dyad: Annotated[str, typer.Argument(help="a pair of countries, e.g. CHN-JPN")],
    since: Annotated[Optional[str], typer.Option(help="first month (YYYY-MM)")] = None,
    until: Annotated[Optional[str], typer.Option(help="last month (YYYY-MM)")] = None,
    as_of: AsOfOption = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="print CSV")] = False,
    chart: Annotated[Optional[Path], typer.Option(help="also draw the series to this .png or .svg file")] = None,
    as_json: JsonOption = False,
) -> None:
    """The monthly relations index of a pair: summed event weights, event counts, the host's pandas."""
    from ..analyse.relations import relations as build

    pair = as_dyad(dyad)
    with open_store(ctx.obj.db) as store:
        series = build(store, _registry(ctx.obj), pair, since, until, _as_of(as_of))
    if chart:
        from ..export.chart import relations_chart

        relations_chart(series, pair, chart)
    records = [month.to_json() for month in series]
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["month", "score", "events", "cooperation", "conflict", "held"])
        writer.writerows([[m.month, m.score, m.events, m.cooperation, m.conflict, m.held] for m in series])
        return
    emit(records, as_json, lambda: table(f"{pair[0]}-{pair[1]} relations", ("month", "score", "events", "held", "types"),
                                         [(m.month, m.score, m.events, m.held, _types(m.types)) for m in series]))  # fmt: skip


def _types(types: dict) -> str:
    return ", ".join(f"{name}×{count}" for name, count in sorted(types.items()))


# --------------------------------------------------------------------------------------- alerts


def alerts(
    ctx: typer.Context,
    since: Annotated[Optional[str], typer.Option(help="only alerts first seen on or after this day")] = None,
    days: Annotated[Optional[int], typer.Option(help="loans ending within this many days [default: alert_days]")] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Loans ending without a reported extension, countries losing their last panda, new requests and refusals."""
    from ..analyse.kb import alerts_view

    with open_store(ctx.obj.db) as store:
        records = alerts_view(store, _registry(ctx.obj), _as_of(as_of), _partial(since, "day"),
                              int(ctx.obj.alert_days) if days is None else days)
    emit(records, as_json, lambda: table("alerts", ("kind", "date", "country", "message", "first seen"),
                                         [(r["kind"], r["date"], r["countries"][0], r["message"], r["first_seen"]) for r in records]))  # fmt: skip


# --------------------------------------------------------------------------------------- report


def report(
    ctx: typer.Context,
    country: Annotated[str, typer.Option(help="ISO3 code of the host country, e.g. JPN")],
    fmt: Annotated[str, typer.Option("--format", help="md or html")] = "md",
    out: Annotated[Optional[Path], typer.Option(help="file to write [default: report-<COUNTRY>.<format>]")] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write a brief on a country: the situation today, the timeline, the relations chart, the sources."""
    from ..export.report import write_report

    code = as_country(country)
    path = out or Path(f"report-{code}.{fmt}")
    with open_store(ctx.obj.db) as store:
        written = write_report(store, _registry(ctx.obj), code, fmt, path, _as_of(as_of), int(ctx.obj.alert_days))
    emit({"report": str(written)}, as_json, lambda: f"wrote {written}")


# --------------------------------------------------------------------------------------- export


def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="csv, json or parquet (events and articles by month)")],
    out: Annotated[Path, typer.Option(help="folder to write one file per table into")],
    as_json: JsonOption = False,
) -> None:
    """Export every table of the knowledge base."""
    from ..export.tables import export_tables

    with open_store(ctx.obj.db) as store:
        done = export_tables(store, out, fmt)
    emit([vars(item) for item in done], as_json, lambda: table(f"exported to {out}", ("table", "rows", "file"),
                                                              [(d.table, d.rows, d.path) for d in done]))  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("timeline")(timeline)
    app.add_typer(review_app, name="review")
    app.command("relations")(relations)
    app.command("alerts")(alerts)
    app.command("report")(report)
    app.command("export")(export)


