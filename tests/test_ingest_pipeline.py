"""The ingest pipeline on a real SQLite file: storing, re-ingesting, duplicates, runs, events, URLs."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from conftest import TEST_DATA
from pandawatch.model import Event
from pandawatch.pipeline import ingest
from pandawatch.settings import load_settings

GOOD = TEST_DATA / "ingest" / "good"
BAD = TEST_DATA / "ingest" / "bad"
SETTINGS = load_settings(environ={})


def _articles(store) -> dict[str, dict]:
    return {row["id"]: row for row in store.db["articles"].rows}


STAYING = "The zoo said the two pandas would stay until the end of the year under the extended loan. " * 3
LEAVING = "The zoo said the pandas would leave next month after talks on an extension failed to agree. " * 3


def _story(folder, text):
    path = folder / "story.txt"
    path.write_text(text)
    return path


def _an_extension(doc):  # a stand-in extractor: one extension per article
    return [Event(doc.id, "LOAN_EXTENSION", "occurred", None, "CHN", "GBR", evidence=doc.text[:60])]


def test_good_inputs_are_stored_once_with_their_metadata(store):
    report = ingest([str(GOOD)], store, SETTINGS, extract=False)
    rows = _articles(store)
    assert report.stored == len(rows) == 18 and not report.errors
    assert [s.reason for s in report.skipped] == ["not-a-page"]  # the WARC's image record
    page = rows["good/page.html"]  # ids are relative to the parent of the folder named: they start with good/
    assert (page["title"], page["published"], page["published_from"]) == (
        "Pandas leave for China as zoo bids farewell", "2026-01-27", "metadata")
    assert all(row["raw_digest"] and row["text_digest"] and row["run_id"] == report.run_id for row in rows.values())


def test_reingesting_the_same_inputs_changes_nothing(store):
    first = ingest([str(GOOD)], store, SETTINGS, extract=False)
    before = {key: (row["text"], row["canonical_id"], row["ingested_at"]) for key, row in _articles(store).items()}
    second = ingest([str(GOOD)], store, SETTINGS, extract=False)
    after = {key: (row["text"], row["canonical_id"], row["ingested_at"]) for key, row in _articles(store).items()}
    assert before == after
    assert (second.stored, second.updated, second.unchanged) == (0, 0, first.stored)


def test_copies_of_one_story_are_linked_to_one_canonical_article(store):
    ingest([str(GOOD)], store, SETTINGS, extract=False)
    rows = _articles(store)
    farewell = {rows[key]["canonical_id"] for key in (
        "good/texts/farewell.txt", "good/encodings/utf16_bom.txt", "good/page.html", "good/articles.jsonl#line-3",
        "good/feed.atom#entry-1")}
    assert len(farewell) == 1
    (canonical,) = farewell
    assert rows[canonical]["duplicate_kind"] is None and rows[canonical]["canonical_id"] == canonical
    stories = {row["canonical_id"] for row in rows.values()}
    assert len(stories) == 6  # farewell, canberra, cub, cp1252 café, Japanese, Chinese
    near = rows["good/page.html"]
    assert near["duplicate_kind"] == "near" and 0.8 <= near["similarity"] < 1


def test_later_runs_recognise_copies_of_earlier_articles(store):
    ingest([str(GOOD / "texts" / "farewell.txt")], store, SETTINGS, extract=False)
    report = ingest([str(GOOD / "page.html")], store, SETTINGS, extract=False)
    assert report.duplicates == 1
    assert _articles(store)["page.html"]["canonical_id"] == "farewell.txt"  # (files named alone: their names)


def test_a_changed_input_updates_its_article(store, tmp_path):
    path = _story(tmp_path, STAYING)
    ingest([str(path)], store, SETTINGS, extract=_an_extension)
    assert store.db["events"].count == 1
    path.write_text(LEAVING)
    report = ingest([str(path)], store, SETTINGS, extract=False)
    assert report.updated == 1 and "leave next month" in _articles(store)["story.txt"]["text"]
    assert store.db["events"].count == 0  # read from the old text: gone with it


def test_each_run_is_recorded_with_its_counts_and_issues(store):
    report = ingest([str(BAD), "/no/such/file"], store, SETTINGS, extract=False)
    run = store.db["ingest_runs"].get(report.run_id)
    assert run["status"] == "done" and run["finished"]
    assert run["skipped"] == len(report.skipped) == store.db["ingest_issues"].count_where("level = 'skipped'")
    assert run["read"] == run["stored"] + run["updated"] + run["unchanged"] + run["skipped"] + run["errors"]
    reasons = {row["reason"] for row in store.db["ingest_issues"].rows}
    assert {"empty", "binary", "no-text", "not-a-feed", "truncated", "malformed", "not-found"} <= reasons
    assert not report.complete


def test_events_are_stored_with_their_canonical_article_only(store):
    seen = []

    def one_event_per_article(doc):  # a stand-in extractor: the pipeline's contract, not the real model
        seen.append(doc.id)
        return [Event(doc.id, "PANDA_DEPARTURE", "occurred", doc.published, "CHN", "JPN", evidence=doc.text[:80])]

    report = ingest([str(GOOD / "texts"), str(GOOD / "page.html")], store, SETTINGS, extract=one_event_per_article)
    events = list(store.db["events"].rows)
    assert report.events == len(events) == len(seen) == 3  # page.html is a copy of farewell.txt: not extracted
    assert {event["article"] for event in events} == set(seen) and "page.html" not in seen
    assert "texts/farewell.txt" in seen
    assert all(event["story"] is not None for event in events)  # placed in stories by the run, not by a reader


def test_articles_stored_without_extraction_get_their_events_from_a_later_run(store):
    seen = []

    def one_event_per_article(doc):  # a stand-in extractor: the pipeline's contract, not the real model
        seen.append(doc.id)
        return [Event(doc.id, "PANDA_DEPARTURE", "occurred", doc.published, "CHN", "JPN", evidence=doc.text[:80])]

    sources = [str(GOOD / "texts"), str(GOOD / "page.html")]
    first = ingest(sources, store, SETTINGS, extract=False)
    assert first.stored == 4 and store.db["events"].count == 0
    second = ingest(sources, store, SETTINGS, extract=one_event_per_article)
    canonical = {key for key, row in _articles(store).items() if row["canonical_id"] == key}
    assert len(canonical) == 3 and set(seen) == canonical  # the copy (page.html) is still not extracted
    assert (second.extracted, second.unchanged, second.events) == (3, 1, 3) and second.complete
    assert store.db["ingest_runs"].get(second.run_id)["extracted"] == 3
    assert {row["extracted_by"] for key, row in _articles(store).items() if key in canonical} == {"one_event_per_article"}
    assert {event["article"] for event in store.db["events"].rows} == canonical

    third = ingest(sources, store, SETTINGS, extract=one_event_per_article)
    assert (third.extracted, third.unchanged, len(seen), store.db["events"].count) == (0, 4, 3, 3)


def test_a_changed_input_stored_without_extraction_is_marked_not_extracted(store, tmp_path):
    path = _story(tmp_path, STAYING)
    ingest([str(path)], store, SETTINGS, extract=_an_extension)
    path.write_text(LEAVING)
    ingest([str(path)], store, SETTINGS, extract=False)
    assert _articles(store)["story.txt"]["extracted_by"] is None
    assert ingest([str(path)], store, SETTINGS, extract=_an_extension).extracted == 1


def test_a_broken_extractor_fails_loudly_instead_of_switching_extraction_off(store, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandawatch.extract", None)  # what a broken install looks like to import
    with pytest.raises(ImportError):
        ingest([str(GOOD / "texts")], store, SETTINGS, extract=True)
    assert store.db["articles"].count == 0 and store.db["ingest_runs"].count == 0  # failed before the run began


def test_a_failing_extractor_rolls_back_only_its_article(store):
    def fails_on_canberra(doc):
        if "canberra" in doc.id:
            raise RuntimeError("model crashed")
        return []

    report = ingest([str(GOOD / "texts")], store, SETTINGS, extract=fails_on_canberra)
    assert [e.reason for e in report.errors] == ["error"] and "model crashed" in report.errors[0].detail
    assert "texts/canberra.txt" not in _articles(store) and "texts/farewell.txt" in _articles(store)
    assert report.stored == 2



def test_the_search_index_follows_new_changed_and_rolled_back_articles(store, tmp_path):
    from pandawatch.store.queries import search_articles

    def found(words):
        return [hit["id"] for hit in search_articles(store, words)]

    story, other = tmp_path / "story.txt", tmp_path / "other.txt"
    story.write_text("Keepers at the mountain zoo prepared crates of bamboo for the long flight home. " * 3)
    other.write_text("Officials in Vienna signed a research agreement on breeding giant pandas abroad. " * 3)
    ingest([str(story), str(other)], store, SETTINGS, extract=False, batch_size=1)  # indexed batch by batch
    assert found("crates bamboo") == ["story.txt"] and found("vienna") == ["other.txt"]
    story.write_text("The twins will stay in the snow leopard enclosure until their return is arranged. " * 3)
    ingest([str(story)], store, SETTINGS, extract=False)
    assert found("crates") == [] and found("leopard enclosure") == ["story.txt"]

    def fails(doc):  # the article is written, then rolled back with its savepoint: never indexed
        raise RuntimeError("model crashed")

    (tmp_path / "third.txt").write_text("A zoo in Madrid announced a farewell weekend for its panda family. " * 3)
    ingest([str(tmp_path / "third.txt")], store, SETTINGS, extract=fails)
    assert found("madrid") == []
    store.conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")  # raises if not


# ------------------------------------------------------------------------------------- URLs (local)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(GOOD), **kwargs)

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/missing":
            self.send_error(404)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_urls_are_fetched_and_read_by_their_form(store, server):
    urls = [f"{server}/page.html", f"{server}/feed.rss", f"{server}/texts/canberra.txt"]
    report = ingest(urls, store, SETTINGS, extract=False)
    rows = _articles(store)
    assert report.stored == 4 and not report.skipped
    assert rows[f"{server}/page.html"]["url"] == f"{server}/page.html"
    assert rows[f"{server}/texts/canberra.txt"]["outlet"] == "127.0.0.1"


def test_unreachable_urls_and_http_errors_are_reported(store, server):
    settings = SETTINGS.with_overrides(http_timeout=0.5)
    dead = "http://127.0.0.1:9/news"  # the discard port: nothing listens
    report = ingest([dead, f"{server}/missing", f"{server}/slow"], store, settings, extract=False)
    reasons = {item.origin: item.reason for item in report.skipped}
    assert reasons == {dead: "unreachable", f"{server}/missing": "http-error", f"{server}/slow": "unreachable"}
    assert "0.5 s" in next(item.detail for item in report.skipped if item.origin.endswith("/slow"))


def test_feed_entries_can_follow_their_links(store, server, tmp_path):
    feed = tmp_path / "local.rss"
    dead = "http://127.0.0.1:9/cub-born"  # nothing listens there (and tests never leave this machine)
    feed.write_text((GOOD / "feed.rss").read_text()
                    .replace("https://harbour-times.example/world/panda-programme", f"{server}/page.html")
                    .replace("https://harbour-times.example/world/cub-born", dead))
    report = ingest([str(feed)], store, SETTINGS, extract=False, follow_links=True)
    rows = _articles(store)
    assert rows[f"{server}/page.html"]["title"] == "Pandas leave for China as zoo bids farewell"
    assert "squeals" in rows[dead]["text"]  # unreachable link: the entry's own text is stored
    assert report.stored == 2


def test_extraction_runs_before_the_write_lock_is_taken(store, tmp_path):
    """A batch is extracted before its write transaction: while the extractor works, another writer can take
    the lock at once (the write lock is held for storing only). A copy of a stored story is not extracted."""
    import sqlite3

    news = tmp_path / "news"
    news.mkdir()
    for number in range(3):
        (news / f"{number}.txt").write_text(f"Japan asked China for two pandas on Monday, story {number}. " * 8)
    (news / "copy.txt").write_text("Japan asked China for two pandas on Monday, story 0. " * 8)
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    extracted = []

    def extractor(doc):
        other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if the ingest held the write lock
        other.execute("ROLLBACK")
        extracted.append(doc.id)
        return [Event(doc.id, "LOAN_REQUEST", "occurred", None, "JPN", "CHN", evidence="Japan asked China.")]

    report = ingest([str(news)], store, SETTINGS, extract=extractor, batch_size=2)
    assert not report.errors and report.events == 3 and report.duplicates == 1
    assert sorted(extracted) == [f"news/{number}.txt" for number in range(3)]
    other.close()
