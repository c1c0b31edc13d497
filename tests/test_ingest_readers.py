"""Readers and cleaning on every input form, good and bad (fixtures in tests/data/ingest, written by us)."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import SHARED, TEST_DATA
from pandawatch.ingest import ReadOptions, read
from pandawatch.model import Document, Skipped

GOOD = TEST_DATA / "ingest" / "good"
BAD = TEST_DATA / "ingest" / "bad"


def _read(path, **options) -> tuple[dict[str, Document], dict[str, Skipped]]:
    docs, skipped = {}, {}
    for item in read(str(path), ReadOptions(**options) if options else None):
        (docs if isinstance(item, Document) else skipped)[item.id if isinstance(item, Document) else item.origin] = item
    return docs, skipped


def test_plain_text_dateline_is_the_publication_date_and_is_not_text():
    docs, _ = _read(GOOD / "texts" / "farewell.txt")
    doc = docs[str(GOOD / "texts" / "farewell.txt")]
    assert (doc.published, doc.published_from) == ("2026-01-25", "dateline")
    assert not doc.text.startswith("date") and doc.text.startswith("Crowds lined")
    assert doc.language == "en" and len(doc.raw_digest) == 64


def test_plain_text_without_dateline_takes_the_byline_date_and_headline():
    doc = _read(GOOD / "texts" / "canberra.txt")[0][str(GOOD / "texts" / "canberra.txt")]
    assert (doc.published, doc.published_from) == ("2026-03-05", "byline")
    assert doc.title == "Panda programme extended"


def test_no_date_anywhere_stays_unknown():
    doc = _read(GOOD / "encodings" / "cp1252.txt")[0][str(GOOD / "encodings" / "cp1252.txt")]
    assert doc.published is None and doc.published_from is None


def test_page_junk_after_the_article_is_cut_and_recorded():
    doc = _read(GOOD / "texts" / "with_junk.txt")[0][str(GOOD / "texts" / "with_junk.txt")]
    assert doc.text.endswith("keepers from both countries.")
    removed = "\n".join(doc.removed)
    assert "Most Read" in removed and "Sign up for our morning newsletter" in removed


def test_html_page_main_text_title_date_and_site_without_comments_or_related_stories():
    doc = _read(GOOD / "page.html")[0][str(GOOD / "page.html")]
    assert doc.title == "Pandas leave for China as zoo bids farewell"
    assert (doc.published, doc.published_from) == ("2026-01-27", "metadata")
    assert doc.outlet == "The Harbour Times" and doc.url == "https://harbour-times.example/world/pandas-leave-for-china"
    assert "heated crates" in doc.text
    for junk in ("Politics ruins everything", "Carmakers weigh options", "We use cookies", "Subscribe"):
        assert junk not in doc.text


def test_jsonl_records_use_their_url_as_id_else_the_line():
    docs, skipped = _read(GOOD / "articles.jsonl")
    assert set(docs) == {"https://wire.example/cub", "https://wire.example/canberra", f"{GOOD / 'articles.jsonl'}#line-3"}
    assert docs["https://wire.example/canberra"].published == "2026-03-05"  # from the record, not the page
    assert docs["https://wire.example/cub"].title == "Cub born" and not skipped


def test_malformed_jsonl_lines_are_reported_by_line_and_the_rest_goes_on():
    docs, skipped = _read(BAD / "malformed.jsonl")
    assert list(docs) == ["https://wire.example/ok"]
    reasons = {origin.rsplit("#", 1)[1]: (item.reason, item.detail) for origin, item in skipped.items()}
    assert set(reasons) == {"line-2", "line-3", "line-4"}
    assert all(reason == "malformed" and detail.startswith(f"line {key[-1]}") for key, (reason, detail) in reasons.items())


def test_rss_and_atom_entries_give_their_own_text_dates_and_links():
    rss, _ = _read(GOOD / "feed.rss")
    assert set(rss) == {"https://harbour-times.example/world/panda-programme", "https://harbour-times.example/world/cub-born"}
    cub = rss["https://harbour-times.example/world/cub-born"]
    assert cub.published == "2026-08-18" and "<p>" not in cub.text and "squeals" in cub.text
    atom, _ = _read(GOOD / "feed.atom")
    (entry,) = atom.values()
    assert entry.id.endswith("feed.atom#entry-1") and entry.published == "2026-01-28" and "bamboo" in entry.text


def test_warc_gives_html_responses_and_reports_other_records():
    docs, skipped = _read(GOOD / "archive.warc.gz")
    assert set(docs) == {"https://harbour-times.example/world/cub", "https://harbour-times.example/world/canberra"}
    assert skipped["https://harbour-times.example/logo.png"].reason == "not-a-page"


def test_truncated_warc_keeps_the_records_before_the_break():
    docs, skipped = _read(BAD / "truncated.warc.gz")
    assert list(docs) == ["https://harbour-times.example/world/one"]
    assert [item.reason for item in skipped.values()] == ["truncated"]


def test_gzip_is_read_as_what_it_holds_and_a_truncated_one_is_reported():
    docs, _ = _read(GOOD / "compressed.txt.gz")
    assert docs[str(GOOD / "compressed.txt.gz")].title == "Canberra deal"
    _, skipped = _read(BAD / "truncated.txt.gz")
    assert skipped[str(BAD / "truncated.txt.gz")].reason == "truncated"


@pytest.mark.parametrize(("name", "language", "fragment"), [
    ("cp1252.txt", "en", "“a sad day”"),
    ("mixed.txt", "en", "A café owner"),
    ("shift_jis.txt", "ja", "上野動物園"),
    ("gb18030.txt", "zh", "大熊猫"),
    ("utf16_bom.txt", "en", "Crowds lined"),
])  # fmt: skip
def test_legacy_and_mixed_encodings_are_decoded(name, language, fragment):
    doc = _read(GOOD / "encodings" / name)[0][str(GOOD / "encodings" / name)]
    assert fragment in doc.text and doc.language == language and "\ufffd" not in doc.text


@pytest.mark.parametrize(("name", "reason"), [
    ("empty.txt", "empty"), ("blank.txt", "empty"), ("picture.txt", "binary"), ("random.bin", "binary"),
    ("nobody.html", "no-text"), ("notafeed.xml", "not-a-feed"),
])  # fmt: skip
def test_bad_files_are_skipped_with_a_reason_naming_the_file(name, reason):
    docs, skipped = _read(BAD / name)
    assert not docs
    item = skipped[str(BAD / name)]
    assert item.reason == reason and item.message().startswith(str(BAD / name)) and "\n" not in item.message()


def test_files_over_the_size_limit_are_skipped_saying_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Pandas. " * 2000)
    _, skipped = _read(big, max_bytes=10_000)
    assert skipped[str(big)].reason == "too-large" and "10,000" in skipped[str(big)].detail


def test_a_gzip_bomb_is_stopped_at_the_size_limit(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"panda " * 200_000))
    _, skipped = _read(bomb, max_bytes=100_000)
    assert skipped[str(bomb)].reason == "too-large"


def _shard(path, lines: list[str], cut: int | None = None) -> None:
    data = gzip.compress("".join(line + "\n" for line in lines).encode())
    path.write_bytes(data[:cut] if cut else data)  # (cut: negative, bytes taken off the end)


def _news(number: int) -> str:
    return json.dumps({"url": f"https://news.example/{number}", "text": f"Story {number}. " + "The council met. " * 40})


def test_a_jsonl_shard_is_read_line_by_line_so_its_size_is_no_limit_but_a_line_over_it_is(tmp_path):
    shard = tmp_path / "day-000.jsonl.gz"
    _shard(shard, [_news(1), json.dumps({"text": "panda " * 2_000}), _news(2), *(_news(n) for n in range(3, 40))])
    docs, skipped = _read(shard, max_bytes=10_000)  # the shard decompresses to ~28 KB: read all the same
    assert sorted(docs) == sorted(f"https://news.example/{n}" for n in range(1, 40)) and len(docs) == 39
    line = skipped[f"{shard}#line-2"]  # held whole, one line is bounded: reported, and the next lines read
    assert line.reason == "too-large" and "line 2" in line.detail and "max_input_bytes" in line.detail
    assert list(skipped) == [f"{shard}#line-2"]


def test_a_jsonl_shard_cut_short_keeps_the_lines_before_the_break_and_says_so(tmp_path):
    shard = tmp_path / "cut.jsonl.gz"
    _shard(shard, [_news(n) for n in range(200)], cut=-30)  # the end marker and the last lines' bytes gone
    docs, skipped = _read(shard)
    assert docs and set(docs) <= {f"https://news.example/{n}" for n in range(200)} and len(docs) < 200
    assert [item.reason for item in skipped.values()] == ["truncated"] and str(shard) in skipped


def test_a_jsonl_stream_stops_at_max_stream_bytes(tmp_path):
    shard = tmp_path / "bomb.jsonl.gz"
    _shard(shard, ["{}"] * 50_000)  # 150 KB of lines that are no article, from a file of a few hundred bytes
    _, skipped = _read(shard, max_stream_bytes=30_000)
    assert skipped[str(shard)].reason == "too-large" and "max_stream_bytes" in skipped[str(shard)].detail
    assert len(skipped) == 1 + 30_000 // 3  # the lines read before the stop, each reported, and no more


def test_directories_are_read_recursively_in_order_and_hidden_entries_reported(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.txt").write_text("Keepers said the pandas were calm. " * 5)
    (tmp_path / "two.txt").write_text("The zoo said the cub was healthy and would be named in the spring. " * 3)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    docs, skipped = _read(tmp_path)
    assert list(docs) == [str(tmp_path / "two.txt"), str(tmp_path / "a" / "b" / "one.txt")]  # a folder's files, then its folders
    assert skipped[str(tmp_path / ".DS_Store")].reason == "hidden"


def test_an_empty_directory_is_reported_as_empty_not_passed_over(tmp_path):
    (tmp_path / "news" / "2026").mkdir(parents=True)  # folders, but not one file in them
    docs, skipped = _read(tmp_path / "news")
    assert not docs and list(skipped) == [str(tmp_path / "news")]
    assert (skipped[str(tmp_path / "news")].reason, skipped[str(tmp_path / "news")].detail) == (
        "empty", "no files in the directory")


def test_a_glob_reads_its_matches_in_sorted_order_and_one_matching_nothing_is_reported(tmp_path):
    for name in ("day-10.jsonl.gz", "day-02.jsonl.gz", "notes.txt"):
        with gzip.open(tmp_path / name, "wt") as out:
            out.write(f'{{"url": "https://news.example/{name}", "text": "{"The zoo said the pandas were well. " * 4}"}}\n')
    docs, _ = _read(str(tmp_path / "day-*.jsonl.gz"))
    assert list(docs) == ["https://news.example/day-02.jsonl.gz", "https://news.example/day-10.jsonl.gz"]
    _, skipped = _read(str(tmp_path / "week-*.jsonl.gz"))
    assert skipped[str(tmp_path / "week-*.jsonl.gz")].reason == "not-found"


def test_missing_source_is_reported():
    _, skipped = _read("/no/such/news")
    assert skipped["/no/such/news"].reason == "not-found"


def test_seed_002_ends_where_the_article_ends():
    path = SHARED / "seeds" / "002_58d28aa4ba4f70f2.txt"
    if not path.exists():
        pytest.skip("../shared is absent")
    doc = _read(path)[0][str(path)]
    last_paragraph = doc.text.rsplit("\n", 1)[-1]
    assert "tariff negotiations" in last_paragraph  # the article's own last paragraph
    for teaser in ("Gwadar", "Toyota", "Try Our AI Features", "Related Articles", "Comments"):
        assert teaser not in doc.text and any(teaser in piece for piece in doc.removed)


def test_shared_seeds_have_their_dateline_and_byline_dates():
    seeds = SHARED / "seeds"
    if not seeds.exists():
        pytest.skip("../shared is absent")
    docs, skipped = _read(seeds)
    assert not skipped and len(docs) == 3
    dated = {doc.published_from for doc in docs.values() if doc.published}
    assert {"dateline", "byline"} <= dated
