"""Registry commands: where, panda, loans, and `registry check | build | export`.

`timeline` lives in cli/kb.py: it merges the registry's changes with news events (the holdings series alone is
`pandawatch.analyse.whereabouts.holdings_series`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Group
from rich.text import Text

from ..analyse import whereabouts
from ..errors import InvalidInput
from ..inputs import as_country, as_day
from ..registry import check, ensure_registry, load_registry
from ..registry.coverage import registry_coverage as coverage
from ..export.registry import export_csv, export_json, write_json
from ..registry.lookup import lookup_panda
from ..store import open_store
from .output import console, console_err, emit, print_json
from .output import table

registry_app = typer.Typer(help="Check, build and export the panda registry (data/registry).", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]




def open_registry_store(settings, force: bool = False):
    """The knowledge base with a current registry: rebuilt first when the registry files changed."""
    store = open_store(str(settings.db))
    report = ensure_registry(store, str(settings.registry_dir), force=force)
    if report.built and report.problems:
        console_err.print(f"registry: rebuilt with {len(report.problems)} problem(s); "
                          "run `pandawatch registry check` to see them", markup=False, highlight=False)
    return store, report


# ---------------------------------------------------------------------------------------- where


def where(
    ctx: typer.Context,
    on: Annotated[Optional[str], typer.Option(help="the day, YYYY-MM-DD [default: today]")] = None,
    country: Annotated[Optional[str], typer.Option(help="ISO 3166-1 alpha-3 code, e.g. JPN")] = None,
    as_json: JsonOption = False,
) -> None:
    """Which pandas live outside mainland China on a day, by country and zoo."""
    day = as_day(on) if on else dt.date.today()
    store, _ = open_registry_store(ctx.obj)
    found = whereabouts.where(store, day, country)
    certain = [w for w in found if w.presence == "certain"]
    data = {"on": day.isoformat(), "country": as_country(country) if country else None,
            "count": len(certain), "possible": len(found) - len(certain),
            "by_country": whereabouts.by_country(found),
            "possibly_by_country": whereabouts.by_country(found, "possible"),
            "pandas": [w.to_json() for w in found]}
    emit(data, as_json, lambda: _where_table(day, country, found))


def _where_table(day: dt.date, country: str | None, found: list) -> object:
    place = f"in {country.upper()}" if country else "outside mainland China"
    if not found:
        return Text(f"No pandas {place} on {day.isoformat()}.")
    certain = sum(1 for w in found if w.presence == "certain")
    possible = f" (and {len(found) - certain} possibly: imprecise dates)" if certain < len(found) else ""
    rows = [((w.country,) if not country else ()) + (w.institution, _panda(w), w.panda_id, w.since, _until(w),
                                                     _due(w)) for w in found]
    columns = (() if country else ("country",)) + ("institution", "panda", "id", "since", "until", "due back")
    return table(f"{certain} pandas {place} on {day.isoformat()}{possible}", columns, rows)


def _panda(w) -> str:
    return w.panda if w.presence == "certain" else f"{w.panda} (possibly)"


def _until(w) -> str:
    if not w.until:
        return ""
    return f"{w.until} (planned)" if w.until_status == "planned" else w.until


def _due(w) -> str:
    if not w.due_back:
        return ""
    return f"{w.due_back} (derived)" if w.due_back_status == "derived" else w.due_back


def print_where_today(settings) -> None:
    """The demo's registry step: build (when needed), then today's pandas abroad by country."""
    store, report = open_registry_store(settings)
    counts = report.counts
    console.print(f"registry: {counts.get('pandas', 0)} pandas, {counts.get('institutions', 0)} institutions, "
                  f"{counts.get('loans', 0)} loans, {counts.get('stays', 0)} stays", markup=False, highlight=False)
    today = dt.date.today()
    found = whereabouts.where(store, today)
    rows = [(country, count, ", ".join(sorted({w.institution or "?" for w in found if w.country == country})))
            for country, count in whereabouts.by_country(found).items()]
    console.print(table(f"{len(found)} pandas outside mainland China on {today.isoformat()}",
                        ("country", "pandas", "where"), rows))
    store.close()


# ---------------------------------------------------------------------------------------- panda


def panda(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="any name the panda is known by (or its registry id)")],
    as_json: JsonOption = False,
) -> None:
    """One panda: its names, sex, birth, parents and offspring, every stay, its loans and sources."""
    store, _ = open_registry_store(ctx.obj)
    found = lookup_panda(store, name)
    emit(found.to_json(), as_json, lambda: _profile(found.record) if found.record else _candidates(found))


def _candidates(found) -> object:
    rows = [(c["id"], c["name"], c["born"], c["sex"], c["matched"], "; ".join(c["places"])) for c in found.candidates]
    return table(f"{len(rows)} pandas answer to {found.query!r}: ask again with an id",
                 ("id", "name", "born", "sex", "matched name", "lived at"), rows)


def _profile(record: dict) -> object:
    lines = Text()
    lines.append(f"{record['name']}", style="bold")
    lines.append(f"  ({record['id']}, sex {record['sex']})\n")
    names = ", ".join(_name(n) for n in record["names"])
    _line(lines, "names", names or "-")
    _line(lines, "born", _facts(record["born"]) + (f" at {record['born_at']['name'] or record['born_at']['id']}"
                                                   if record["born_at"] else ""))
    _line(lines, "died", _facts(record["died"]) if record["died"] else "-")
    for role in ("mother", "father"):
        _line(lines, role, ", ".join(_parent(p) for p in record[role]) or "unknown")
    _line(lines, "litter", ", ".join(f"{s['name']} ({s['id']})" for s in record["litter"]) or "-")
    _line(lines, "offspring", ", ".join(f"{c['name']} ({c['born'] or '?'})" for c in record["offspring"]) or "-")
    stays = [(s["institution_name"] or s["institution"], s["country"], s["from"], _stay_end(s), s["loan"] or "")
             for s in record["stays"]]
    loans = [(l["id"], l["kind"], l["host_country"], l["start"], l["current_end"], l["outcome"]) for l in record["loans"]]
    sources = [(s["key"], s.get("publisher", ""), s.get("published", ""), s["url"]) for s in record["sources"]]

    return Group(lines, table("stays", ("institution", "country", "from", "to", "loan"), stays),
                 table("loans", ("loan", "kind", "host", "start", "end", "outcome"), loans),
                 table("sources", ("key", "publisher", "published", "url"), sources))


def _line(text: Text, label: str, value: str) -> None:
    text.append(f"{label:>10}: ", style="dim")
    text.append(f"{value}\n")


def _name(name: dict) -> str:
    extra = ", ".join(part for part in (name.get("lang"), name.get("kind")) if part)
    return f"{name['name']} ({extra})" if extra else name["name"]


def _facts(facts: list[dict]) -> str:
    """The preferred value first, conflicting ones after it, each with its status when not plain."""
    shown = [f["date"] + ("" if f["status"] == "occurred" else f" ({f['status']})") for f in facts]
    return shown[0] + (f"  [also reported: {', '.join(shown[1:])}]" if len(shown) > 1 else "") if shown else "unknown"


def _parent(parent: dict) -> str:
    status = "" if parent["status"] == "occurred" else f", {parent['status']}"
    return f"{parent['name'] or '?'} ({parent['id']}{status})"


def _stay_end(stay: dict) -> str:
    if not stay["to"]:
        return ""
    return f"{stay['to']} (planned)" if stay["to_status"] == "planned" else stay["to"]


# ---------------------------------------------------------------------------------------- loans


def loans(
    ctx: typer.Context,
    active_on: Annotated[Optional[str], typer.Option(help="loans running on this day [default: today]")] = None,
    ending_before: Annotated[Optional[str], typer.Option(help="only loans whose end falls before this day")] = None,
    as_json: JsonOption = False,
) -> None:
    """Loans and gifts running on a day; with --ending-before, those of them due to end before a day."""
    store, _ = open_registry_store(ctx.obj)
    day = active_on or dt.date.today().isoformat()
    running = whereabouts.loans_active_on(store, day)
    found = whereabouts.ending_before(running, as_day(ending_before).isoformat()) if ending_before else running
    unknown = whereabouts.without_known_end(running) if ending_before else []
    title = f"{len(found)} loans running on {day}" + (f", ending before {ending_before}" if ending_before else "")
    data = {"active_on": day, "ending_before": ending_before, "loans": found,
            "no_known_end": [{"id": loan["id"], "host_country": loan["host_country"]} for loan in unknown]}
    emit(data, as_json, lambda: _loans_view(title, found, unknown, len(running)) if ending_before
         else table(title, _LOAN_COLUMNS, [_loan_row(loan) for loan in found]))


_LOAN_COLUMNS = ("loan", "host", "start", "end", "pandas", "institutions", "kind", "outcome")  # narrow: left first


def _loans_view(title: str, found: list[dict], unknown: list[dict], running: int) -> object:
    grid = table(title, _LOAN_COLUMNS, [_loan_row(loan) for loan in found])
    if not unknown:
        return Group(grid, Text("Every running loan has a reported or derived end."))
    note = (f"{len(unknown)} of the {running} running loans and gifts have no known end (no end reported, no term): "
            + ", ".join(loan["id"] for loan in unknown))
    return Group(grid, Text(note))


def _loan_row(loan: dict) -> tuple:
    end = loan["ended"] or loan["due_end"]
    if not loan["ended"] and loan["due_status"] == "derived":
        end = f"{end} (derived: start + {loan['term_years']:g} y)"
    return (loan["id"], loan["host_country"], loan["start"], end, ", ".join(loan["pandas"]),
            ", ".join(loan["institutions"]), loan["kind"], loan["outcome"])


# --------------------------------------------------------------------------- registry check/build/export


@registry_app.command("check")
def registry_check(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Validate the registry files; print every problem with its file and line. Exit 1 when there are any."""
    problems = check(ctx.obj.registry_dir)
    errors = [problem for problem in problems if problem.severity == "error"]
    if as_json:
        print_json([{"file": p.file, "line": p.line, "field": p.field, "message": p.message, "severity": p.severity}
                    for p in problems])
    else:
        for problem in problems:
            console.print(problem.one_line(), markup=False, highlight=False, soft_wrap=True)
        console_err.print(f"{len(errors)} problem(s), {len(problems) - len(errors)} warning(s) in "
                          f"{ctx.obj.registry_dir}", markup=False, highlight=False)
    if errors:
        raise typer.Exit(1)


@registry_app.command("build")
def registry_build(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Rebuild the registry tables of the knowledge base from the files (done automatically when they change)."""
    _, report = open_registry_store(ctx.obj, force=True)
    data = {"db": str(ctx.obj.db), "content_hash": report.content_hash, **report.counts,
            "problems": len(report.problems)}
    emit(data, as_json, lambda: Text(", ".join(f"{key}: {value}" for key, value in data.items())))


@registry_app.command("export")
def registry_export(
    ctx: typer.Context,
    format: Annotated[str, typer.Option("--format", help="json or csv")] = "json",
    out: Annotated[Optional[Path], typer.Option(help="file (json) or folder (csv) [json: stdout]")] = None,
) -> None:
    """Export the whole registry, versioned by its content hash and the date."""
    if format not in ("json", "csv"):
        raise InvalidInput(f"unknown export format {format!r}", hint="use json or csv")
    store, _ = open_registry_store(ctx.obj)
    if format == "csv":
        if not out:
            raise InvalidInput("a CSV export is a folder of tables", hint="give --out FOLDER")
        for path in export_csv(store, out):
            console.print(str(path), markup=False, highlight=False)
        return
    if out:
        console.print(str(write_json(store, out)), markup=False, highlight=False)
    else:
        print_json(export_json(store))


@registry_app.command("coverage")
def registry_coverage(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """What the registry holds by country and decade, how precise its dates are, which kinds of source its facts
    rest on, the conflicts it keeps, and what it knows is missing."""
    data = coverage(load_registry(ctx.obj.registry_dir))
    emit(data, as_json, lambda: _coverage_view(data))


def _coverage_view(data: dict) -> object:
    totals = data["totals"]
    decades = sorted({decade for row in data["by_country_decade"].values() for decade in row})
    places = table("pandas that lived in each country, by decade (possible presence counted)", ("country", *decades),
                   [(country, *(row.get(decade, "") for decade in decades))
                    for country, row in data["by_country_decade"].items()])  # fmt: skip
    precise = table("how precisely dates are known", ("fact", "day", "month", "year", "unknown"),
                    [(name, *(row.get(key, "") for key in ("day", "month", "year", "unknown")))
                     for name, row in data["precision"].items()])  # fmt: skip
    sources = data["sources"]
    kinds = table("facts by the best kind of source they rest on", ("facts", *next(iter(sources["by_group"].values()))),
                  [(group, *row.values()) for group, row in sources["by_group"].items()])
    missing = data["missing"]
    lines = Text(f"{totals['pandas']} pandas, {totals['institutions']} institutions, {totals['loans']} loans, "
                 f"{totals['stays']} stays.\n")
    lines.append(f"{sources['fan_only_births_and_stays']} of {sources['births_and_stays']} birth and stay facts "
                 f"({sources['fan_only']} facts in all) rest only on a fan site, blog or forum.\n")
    lines.append(f"{data['conflicts']['count']} facts keep conflicting values side by side.\n")
    lines.append("Left open: " + "; ".join(f"{len(ids)} {name.replace('_', ' ')}" for name, ids in missing.items())
                 + f" ({', '.join(missing['running_loans_without_end']) or 'none'} without an end).\n")
    for gap in data["known_gaps"]:
        lines.append(f"Known gap ({gap.get('country') or 'any'}, {gap.get('period')}): {gap.get('what')}; "
                     f"{gap.get('count') or '?'} pandas, {', '.join(gap.get('names') or [])}. {gap.get('why')}\n")
    return Group(lines, places, precise, kinds)


def register(app: typer.Typer) -> None:
    app.command("where")(where)
    app.command("panda")(panda)
    app.command("loans")(loans)
    app.add_typer(registry_app, name="registry")
