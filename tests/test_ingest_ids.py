"""Article ids name no local path: relative to the parent of the input root, the same however the root is
spelt, in one process or on Dask workers; the run's record and its issues likewise."""

from __future__ import annotations

import json
import sqlite3

import pytest

from pandawatch.ingest.ids import article_id, input_root, public_source
from pandawatch.pipeline import ingest
from pandawatch.settings import load_settings
from pandawatch.store import open_store

SETTINGS = load_settings(environ={})
TEXT = "The zoo said its two giant pandas would return to China in December under the loan's terms. "


@pytest.mark.parametrize(("origin", "source", "expected"), [
    ("news/2024/a.txt", "news/", "news/2024/a.txt"),
    ("news/2024/a.txt", "news", "news/2024/a.txt"),
    ("./news/2024/a.txt", "./news", "news/2024/a.txt"),
    ("/home/u/news/2024/a.txt", "/home/u/news", "news/2024/a.txt"),
    ("/home/u/news/2024/a.txt", "/home/u/news/", "news/2024/a.txt"),
    ("/home/u/news/wire.jsonl#line-3", "/home/u/news", "news/wire.jsonl#line-3"),
    ("/home/u/wire.jsonl#line-3", "/home/u/wire.jsonl", "wire.jsonl#line-3"),  # a file named alone: its name
    ("/home/u/day/a.warc.gz#record-2", "/home/u/day/*.warc.gz", "day/a.warc.gz#record-2"),  # a glob's folder
    ("/home/u/day/x/a.txt", "/home/u/day/**/*.txt", "day/x/a.txt"),
    ("/home/u/day/*.txt", "/home/u/day/*.txt", "day/*.txt"),  # a pattern matching nothing, as reported
    ("https://user:secret@example.org/a?b=1#c", "https://user:secret@example.org/a?b=1#c", "https://example.org/a?b=1#c"),
    ("https://example.org/story", "/home/u/day.warc", "https://example.org/story"),  # a record's own URL
    ("/home/u/newsletter/a.txt", "/home/u/news", "/home/u/newsletter/a.txt"),  # not below the root: as it is
])
def test_an_id_is_the_path_from_the_roots_parent(origin, source, expected):
    assert article_id(origin, input_root(source)) == expected


def test_the_current_folder_is_named_by_its_name(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert article_id("./a.txt", input_root(".")) == "here/a.txt"
    assert article_id("a.txt", input_root("*.txt")) == "here/a.txt"
    assert public_source(".") == "here" and public_source("*.txt") == "here/*.txt"


def test_a_file_whose_name_holds_a_wildcard_is_a_file(tmp_path):
    odd = tmp_path / "a[1].txt"
    odd.write_text(TEXT)
    assert input_root(str(odd)) == str(odd) and article_id(str(odd), input_root(str(odd))) == "a[1].txt"


def _news(root):
    (root / "2024").mkdir(parents=True)
    (root / "2024" / "a.txt").write_text(TEXT * 3)
    (root / "b.jsonl").write_text(json.dumps({"text": "The record's own story about a panda loan. " * 4}) + "\n{bad\n")
    (root / "empty.txt").write_text("")
    return root


def _dump(path) -> str:
    """Every row of every table, as text (what an export or the API could show)."""
    conn = sqlite3.connect(path)
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    rows = [repr(conn.execute(f"SELECT * FROM '{name}'").fetchall()) for name in tables]
    conn.close()
    return "\n".join(rows)


def _ids(db) -> tuple[list, list]:
    with open_store(db) as store:
        articles = [row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        issues = list(store.conn.execute("SELECT origin, reason, detail FROM ingest_issues ORDER BY id"))
    return articles, issues


def test_every_spelling_of_a_root_gives_the_same_ids_and_no_local_path(tmp_path, monkeypatch):
    news = _news(tmp_path / "work" / "news")
    monkeypatch.chdir(tmp_path / "work")
    found = {}
    spellings = {"news/": "news/", "./news": "news", str(news): "news", f"{news}/": "news/"}
    for number, (spelling, recorded) in enumerate(spellings.items()):
        db = tmp_path / f"kb{number}.db"
        with open_store(db) as store:
            report = ingest([spelling], store, SETTINGS, extract=False)
        assert report.sources == [recorded]
        found[spelling] = _ids(db)
        assert str(tmp_path) not in _dump(db)
    assert len({repr(ids) for ids in found.values()}) == 1
    articles, issues = found["news/"]
    assert articles == ["news/2024/a.txt", "news/b.jsonl#line-1"]
    assert [(origin, reason) for origin, reason, _ in issues] == [("news/b.jsonl#line-2", "malformed"),
                                                                  ("news/empty.txt", "empty")]


def test_two_dask_workers_give_the_ids_one_process_gives(tmp_path):
    from pandawatch.scale import cluster

    news = _news(tmp_path / "news")
    (tmp_path / "alone.txt").write_text("A single file: the zoo's new panda enclosure opened to visitors. " * 4)
    sources = [str(news), str(tmp_path / "alone.txt"), str(tmp_path / "news" / "*.jsonl"), str(tmp_path / "nothing")]
    with open_store(tmp_path / "one.db") as store:
        one = ingest(sources, store, SETTINGS, extract=False)
    with cluster(workers=2) as client, open_store(tmp_path / "dask.db") as store:
        spread = ingest(sources, store, SETTINGS, extract=False, cluster=client)
    assert one.sources == spread.sources == ["news", "alone.txt", "news/*.jsonl", "nothing"]
    assert _ids(tmp_path / "one.db") == _ids(tmp_path / "dask.db")
    assert _ids(tmp_path / "one.db")[0] == ["alone.txt", "news/2024/a.txt", "news/b.jsonl#line-1"]
    for db in ("one.db", "dask.db"):
        assert str(tmp_path) not in _dump(tmp_path / db)


def test_a_reading_failure_quotes_no_local_path(tmp_path):
    from pandawatch.ingest.ids import public_item
    from pandawatch.model import Skipped

    root = str(tmp_path / "news")
    failed = Skipped(f"{root}/a.jsonl", "error", f"reading failed after {root}/a.jsonl#line-4: RecursionError")
    public = public_item(failed, root)
    assert (public.origin, public.detail) == ("news/a.jsonl", "reading failed after news/a.jsonl#line-4: RecursionError")
