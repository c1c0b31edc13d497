"""Ingest and extract as a user runs them, with the real extractor: the registry they read names from,
articles stored without extraction, and an empty directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PANDAWATCH = [sys.executable, "-m", "pandawatch"]
PANDA = "Ning Xue"  # invented: no panda of the bundled registry is called so
ARTICLE = (" date 2025-03-05\nThe giant panda Ning Xue left Lakeside Zoo in the Netherlands on Tuesday and flew "
           "back to China, the zoo said. Keepers who had cared for her since she arrived travelled with her on the "
           "flight to Chengdu.\n")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PANDAWATCH, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def tiny_registry(tmp_path: Path) -> Path:
    """A registry of one invented panda at one invented zoo, written here (not the bundled one)."""
    root = tmp_path / "registry"
    (root / "institutions").mkdir(parents=True)
    (root / "pandas").mkdir()
    source = "sources:\n  made-up: {url: https://example.org/lakeside, publisher: Example Gazette}\n"
    (root / "institutions" / "lakeside-zoo.yaml").write_text(
        "id: lakeside-zoo\nname: Lakeside Zoo\ncountry: NLD\ncity: Lakeside\nkind: zoo\nsource: made-up\n" + source)
    (root / "pandas" / "ning-xue-2015.yaml").write_text(
        f"id: ning-xue-2015\nname: {PANDA}\nsex: F\nborn: {{date: 2015-08-01, source: made-up}}\nstays:\n"
        "  - {institution: lakeside-zoo, from: 2018-04-01, source: made-up}\n" + source)
    return root


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "news" / "ning-xue.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_the_bundled_registry_does_not_know_the_invented_panda():
    from pandawatch.extract.components.names import load_registry_names

    assert load_registry_names().pandas_in(ARTICLE) == []  # else the tests below would prove nothing


def test_extract_reads_names_from_the_registry_dir(tiny_registry, article):
    done = _run("--registry-dir", str(tiny_registry), "extract", str(article))
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0, done.stderr
    assert any(PANDA in event["pandas"] for event in events), events


def test_articles_ingested_without_extraction_are_extracted_later_with_the_registry_dir(tmp_path, tiny_registry,
                                                                                         article):
    db = str(tmp_path / "kb.db")
    first = json.loads(_run("--db", db, "ingest", "--no-extract", "--json", str(article.parent)).stdout)
    assert (first["stored"], first["events"], first["extraction"]) == (1, 0, "off")
    done = _run("--db", db, "--registry-dir", str(tiny_registry), "ingest", "--json", str(article.parent))
    second = json.loads(done.stdout)
    assert done.returncode == 0, done.stderr
    assert (second["extracted"], second["unchanged"], second["extraction"]) == (1, 0, "on") and second["events"] > 0
    from pandawatch.store import open_store

    with open_store(db) as store:
        pandas = {name for row in store.db["events"].rows for name in json.loads(row["pandas"])}
        (extracted_by,) = {row["extracted_by"] for row in store.db["articles"].rows}
    assert PANDA in pandas and extracted_by.startswith("pandawatch.extract")


@pytest.mark.parametrize("command", [["ingest", "--no-extract"], ["extract"]])
def test_an_empty_directory_is_reported_in_one_line_and_exits_2(tmp_path, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = _run("--db", str(tmp_path / "kb.db"), *command, str(empty))
    lines = [line for line in done.stderr.splitlines() if line.startswith("skipped")]
    assert done.returncode == 2
    named = "skipped: empty" if command[0] == "ingest" else f"skipped {empty}"  # ingest: by its id (its name)
    assert len(lines) == 1 and lines[0].startswith(f"{named}: empty: no files in the directory")
