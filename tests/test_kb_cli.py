"""The knowledge-base commands, run as a user runs them, on a real database file and registry folder."""

import json
import shutil
import subprocess
import sys

import pytest
from conftest import KB_REGISTRY, add_article

from pandawatch.model import Event
from pandawatch.store import open_store
from pandawatch.store.events import save_events


@pytest.fixture
def kb(tmp_path):
    db, registry = tmp_path / "kb.sqlite", tmp_path / "registry"
    shutil.copytree(KB_REGISTRY, registry)
    with open_store(db) as store:
        add_article(store, "dec", "2025-12-15", "Paper B")
        save_events(store, "dec", [
            Event("dec", "PANDA_DEPARTURE", "planned", "2026-01", "CHN", "JPN", ("Lei Lei", "Xiao Xiao"), "Ueno Zoo", "will be sent back"),
            Event("dec", "SANCTION", "occurred", "2025-11", "CHN", "JPN", evidence="banned seafood"),
        ])
        add_article(store, "jan", "2026-01-28", "Daily C")
        save_events(store, "jan", [Event("jan", "PANDA_DEPARTURE", "occurred", "2026-01-27", "CHN", "JPN",
                                         ("Lei Lei", "Xiao Xiao"), "Ueno Zoo", "left on Tuesday")])
    return tmp_path, ["--db", str(db), "--registry-dir", str(registry)]


class _Done:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(args, check=True):
    """The command in this process (the real app, real files; process start-up is what it saves)."""
    from typer.testing import CliRunner

    from pandawatch.cli import _register_commands, app

    if not any(command.name == "relations" for command in app.registered_commands):
        _register_commands()
    result = CliRunner().invoke(app, args)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    done = _Done(result.exit_code, result.stdout, result.stderr if result.stderr_bytes is not None else "")
    if check:
        assert done.returncode == 0, done.stdout
    return done


def run_process(args):
    """The command as a user runs it: a new process, errors as one line on stderr."""
    return subprocess.run([sys.executable, "-m", "pandawatch", *args], capture_output=True, text=True)


def test_timeline_json_and_as_of(kb):
    _, base = kb
    records = json.loads(run([*base, "timeline", "--dyad", "CHN-JPN", "--json"]).stdout)
    assert {"type", "status", "date", "countries", "pandas", "sources"} <= set(records[0])
    then = json.loads(run([*base, "timeline", "--dyad", "CHN-JPN", "--as-of", "2025-12-31", "--json"]).stdout)
    assert len(then) == len(records) - 1
    assert "held" in run([*base, "timeline", "--country", "JPN", "--csv"]).stdout.splitlines()[0]


def test_review_accept_then_registry_check_passes(kb):
    tmp_path, base = kb
    proposals = json.loads(run([*base, "review", "--json"]).stdout)
    actual = next(p for p in proposals if p["status"] == "occurred")
    run([*base, "review", "accept", actual["id"]])
    assert "2026-01-27" in (tmp_path / "registry" / "pandas" / "lei-lei-2021.yaml").read_text()
    assert run([*base, "registry", "check"], check=False).returncode == 0


def test_relations_csv_chart_alerts_report_export(kb):
    tmp_path, base = kb
    lines = run([*base, "relations", "CHN-JPN", "--csv", "--chart", str(tmp_path / "c.svg")]).stdout.splitlines()
    assert lines[0].startswith("month,score") and (tmp_path / "c.svg").exists()
    alerts = json.loads(run([*base, "alerts", "--as-of", "2025-12-20", "--json"]).stdout)
    assert "last-panda-leaving" in {a["kind"] for a in alerts}
    run([*base, "report", "--country", "JPN", "--format", "md", "--out", str(tmp_path / "r.md")])
    brief = (tmp_path / "r.md").read_text()
    assert "https://example.org/jan" in brief and (tmp_path / "r.png").exists()
    exported = json.loads(run([*base, "export", "--format", "csv", "--out", str(tmp_path / "x"), "--json"]).stdout)
    assert "events" in {e["table"] for e in exported}


def test_bad_input_is_one_line(kb):
    _, base = kb
    done = run_process([*base, "relations", "CHINA-NARNIA"])
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1 and "CHINA-NARNIA" in done.stderr


def test_timeline_reads_as_sentences_with_evidence_and_links_at_80_columns(kb):
    import os

    _, base = kb
    done = subprocess.run([sys.executable, "-m", "pandawatch", *base, "timeline", "--dyad", "CHN-JPN"],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "2026-01-27  Lei Lei and Xiao Xiao left Ueno Zoo for China" in text
    assert "Daily C, 2026-01-28: \u201cleft on Tuesday\u201d" in text and "https://example.org/jan" in text
    assert "China imposed sanctions on Japan" in text
    assert "?" not in text.replace("? ", "")  # every source is named
    assert max(len(line) for line in text.splitlines()) <= 80
    assert run_process(["--version"]).stdout.startswith("pandawatch ")


def test_tables_fit_80_columns_and_say_what_they_leave_out():
    from rich.console import Console

    from pandawatch.cli.output import table

    rows = [("kobe-oji-zoo-2000", "JPN", "2000-07-16", "2024-03-31", "Tan Tan, Kou Kou", "Kobe Oji Zoo", "loan", "died")]
    columns = ("loan", "host", "start", "end", "pandas", "institutions", "kind", "outcome")
    console = Console(width=80, record=True)
    console.print(table("loans", columns, rows, width=80))
    out = console.export_text()
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "2000-07-16" in out and "2024-03-31" in out  # dates whole, never "2025-0…"
    wide = Console(width=200, record=True)
    wide.print(table("loans", columns, rows, width=200))
    everything = wide.export_text()
    assert "left out" not in everything and "outcome" in everything
    assert "left out at this width" in out  # eight columns do not fit 80: the title names the ones left out


def test_a_misspelt_panda_or_country_gets_a_did_you_mean(kb):
    _, base = kb
    done = run_process([*base, "timeline", "--country", "Japn"])
    assert done.returncode == 1 and "did you mean Japan (JPN)?" in done.stderr
    assert run([*base, "timeline", "--country", "Japan", "--json"]).stdout == \
        run([*base, "timeline", "--country", "JP", "--json"]).stdout  # fmt: skip


def test_a_busy_port_is_one_clear_line_and_nothing_claims_to_have_started(kb):
    import socket

    _, base = kb
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_process([*base, "serve", "--port", str(port)])
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and f"127.0.0.1:{port}" in done.stderr
