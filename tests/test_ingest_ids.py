"""Article ids name no local path: relative to the parent of the input root, the same however the root is
spelt, in one process or on Dask workers; the run's record and its issues likewise."""

from __future__ import annotations

import json
import sqlite3

import pytest

from pandawatch.ingest.ids import article_id, input_root, public_source
from pandawatch.model import Event
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


# ---- a knowledge base written before: its ids renamed when it is opened (migration news-4) ------------------

REQUEST = "Japan asked China for two giant pandas for its North Zoo, officials said on Monday. "


def _requests(doc):  # a stand-in extractor: one loan request per article, dated by its publication month
    return [Event(doc.id, "LOAN_REQUEST", "occurred", (doc.published or "2025-05")[:7], "JPN", "CHN",
                  evidence="Japan asked China for two giant pandas.")]


def _old_news(work):
    """Articles whose reports tie (same act, same day): which is counted first and which story holds them
    depends on the order of their ids, and that order changes when ids lose their folder ('/tmp/…' < 'https…'
    < 'news/…'). A copy, a bad line, a URL with a password."""
    news = work / "news"
    (news / "2025").mkdir(parents=True)
    (news / "2025" / "request.txt").write_text(" date 2025-05-12\n" + REQUEST * 3)
    (news / "2025" / "z-copy.txt").write_text(" date 2025-05-12\n" + REQUEST * 3)
    (news / "wire.jsonl").write_text("\n".join(json.dumps(record) for record in [
        {"text": "Tokyo renewed its request for pandas in a letter to Beijing this week. " * 3,
         "published": "2025-05-12", "url": "https://reporter:secret@example.org/wire/1"},
        {"text": "A local story: the zoo in Japan repainted its panda house for the visitors. " * 3,
         "published": "2025-05-13"}]) + "\n{not json\n")
    return news


def _as_before(db, work):
    """Rewrite a store written now as the code before wrote it: ids, sources and issues with the absolute path
    given, URLs with their password; counts and stories as that order of ids made them; news-4 not applied."""
    from pandawatch.analyse.stories import refresh_stories
    from pandawatch.store.db import Store
    from pandawatch.store.events import derive_columns
    from pandawatch.store.schema import MIGRATIONS

    def old(value: str) -> str:
        return (f"{work}/{value}" if value.startswith("news/") else
                value.replace("https://", "https://reporter:secret@") if value.startswith("https://") else value)

    with Store(db, migrations=[m for m in MIGRATIONS if m.name != "news-4"]) as store:
        with store.transaction() as conn:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for (article,) in conn.execute("SELECT id FROM articles").fetchall():
                conn.execute("UPDATE articles SET id = ? WHERE id = ?", (old(article), article))
                conn.execute("UPDATE articles SET canonical_id = ? WHERE canonical_id = ?", (old(article), article))
                conn.execute("UPDATE article_signatures SET article_id = ? WHERE article_id = ?",
                             (old(article), article))
                conn.execute("UPDATE events SET article = ? WHERE article = ?", (old(article), article))
            conn.execute("UPDATE articles SET url = ? WHERE url LIKE 'https://%'", (old("https://example.org/wire/1"),))
            for issue, origin in conn.execute("SELECT id, origin FROM ingest_issues").fetchall():
                conn.execute("UPDATE ingest_issues SET origin = ? WHERE id = ?", (old(origin), issue))
            conn.execute("UPDATE ingest_runs SET sources = ?", (json.dumps([f"{work}/news"]),))
            conn.execute("UPDATE events SET story = NULL")
            conn.execute("DELETE FROM story_stale")
            conn.execute("DELETE FROM event_pandas")
            derive_columns(conn)  # counted as the old ids order them
            conn.execute("DELETE FROM _migrations WHERE name = 'news-4'")
        refresh_stories(store)  # stories as the old ids order them


def _kept(db) -> dict[str, list]:
    """What the migration must give as a fresh ingest gives it (rowids and ids: the order of arrival)."""
    from pandawatch.analyse.stories import refresh_stories

    with open_store(db) as store:
        refresh_stories(store)
        query = {"articles": "SELECT rowid, id, canonical_id, url, duplicate_kind FROM articles ORDER BY rowid",
                 "signatures": "SELECT article_id FROM article_signatures ORDER BY article_id",
                 "events": "SELECT id, article, told, counted, story FROM events ORDER BY id",
                 "monthly": "SELECT * FROM happenings_monthly ORDER BY 1, 2, 3",
                 "issues": "SELECT origin, reason, detail FROM ingest_issues ORDER BY id",
                 "runs": "SELECT sources FROM ingest_runs ORDER BY id"}
        return {name: store.conn.execute(sql).fetchall() for name, sql in query.items()}


def test_an_old_store_is_renamed_as_ingest_now_names_and_shows_no_path(tmp_path, monkeypatch):
    from conftest import _web_registry_copy, serve_web
    import httpx

    work = tmp_path / "work"
    news = _old_news(work)
    db = tmp_path / "kb.sqlite"
    with open_store(db) as store:
        first = ingest([str(news)], store, SETTINGS, extract=_requests)
    assert first.duplicates == 1 and first.events == 3 and len(first.skipped) == 1
    expected = _kept(db)
    assert [article for _, article, _, counted, _ in expected["events"] if counted] == ["https://example.org/wire/1"]
    _as_before(db, work)
    conn = sqlite3.connect(db)  # the old store: paths and a password, and the other article counted first
    before = conn.execute("SELECT article FROM events WHERE counted ORDER BY id").fetchall()
    conn.close()
    assert before == [(f"{work}/news/2025/request.txt",)]

    assert _kept(db) == expected  # opened: migrated to what a fresh ingest writes
    with open_store(db) as store:
        again = ingest([str(news)], store, SETTINGS, extract=_requests)  # the same command as before
    assert (again.stored, again.updated, again.unchanged, again.events) == (0, 0, 4, 0)
    assert str(work) not in _dump(db) and "secret" not in _dump(db)

    registry = _web_registry_copy(tmp_path / "registry")
    # the server runs from the repository, not beside the registry copy: registry facts name their file below the
    # registry folder (registry/pandas/…), never by a local path
    server = serve_web(db, registry)
    base = next(server)
    try:
        with httpx.Client(base_url=base, timeout=20) as client:
            event = client.get("/api/events").json()["items"][0]["id"]
            answers = [client.get(path) for path in (
                "/api/articles", "/api/articles/news/2025/request.txt", "/api/events", f"/api/events/{event}",
                "/api/timeline?country=JPN", "/api/countries/JPN", "/api/relations?country=JPN",
                "/api/search?q=Tokyo", "/api/alerts", "/events", f"/event/{event}", "/country/JPN")]
    finally:
        next(server, None)
    assert [(answer.url.path, answer.status_code) for answer in answers if answer.status_code != 200] == []
    text = "\n".join(answer.text for answer in answers)
    assert "news/2025/request.txt" in text and "https://example.org/wire/1" in text
    assert str(work) not in text and str(tmp_path) not in text and "secret" not in text



def test_an_id_taken_keeps_the_old_one_and_says_so(tmp_path, caplog):
    from pandawatch.store.db import Store
    from pandawatch.store.schema import MIGRATIONS

    runs = [(1, ["/a/news"], "/a/news/x.txt"), (2, ["/b/news/"], "/b/news/x.txt"), (3, ["."], "./y.txt"),
            (4, ["/c/news", "/c/news/2024"], "/c/news/2024/z.txt")]  # (the first root holding it stored it)
    with Store(tmp_path / "kb.sqlite", migrations=[m for m in MIGRATIONS if m.name != "news-4"]) as store:
        with store.transaction() as conn:
            for run, sources, article in runs:
                conn.execute("INSERT INTO ingest_runs (id, started, sources) VALUES (?, '2026-01-01', ?)",
                             (run, json.dumps(sources)))
                conn.execute("INSERT INTO articles (id, text, raw_digest, text_digest, canonical_id, run_id, "
                             "ingested_at) VALUES (?, 't', ?, 't', ?, ?, '2026-01-01')", (article, article, article, run))
    with caplog.at_level("WARNING"), open_store(tmp_path / "kb.sqlite") as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY rowid")]
        sources = [json.loads(row[0]) for row in store.conn.execute("SELECT sources FROM ingest_runs ORDER BY id")]
    assert ids == ["news/x.txt", "/b/news/x.txt", "./y.txt", "news/2024/z.txt"]
    assert sources == [["news"], ["news/"], ["."], ["news", "2024"]]
    assert [record.getMessage().split(": ", 1)[1] for record in caplog.records] == [
        "article '/b/news/x.txt' keeps its id: another article has the id it would now get, 'news/x.txt' "
        "(two roots of one name?)"]
