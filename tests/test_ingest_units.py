"""The pure parts of ingestion: decoding, page-junk trimming, dates, de-duplication."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from pandawatch.ingest.config import ingest_config
from pandawatch.ingest.dates import byline_date, parse_date, split_dateline
from pandawatch.ingest.decode import NotText, decode
from pandawatch.ingest.dedup import Deduplicator
from pandawatch.ingest.junk import trim_junk

RULES = ingest_config().junk
ARTICLE = (
    "Officials at a zoo in Scotland said on Monday that the two giant pandas would leave for China next month.\n"
    "The pair arrived in 2011 under a ten-year agreement that was later extended by two years.\n"
    "Keepers said the animals were healthy and that a special flight had been arranged for the journey.\n"
    "The zoo said it hoped to welcome pandas again in the future and was in talks with Chinese partners.\n"
)


def test_a_run_of_short_non_sentence_lines_ends_the_article_without_any_marker():
    tail = "Weather\nTraffic\nBusiness briefing\nLocal sport round-up\nA long teaser paragraph about something else."
    trimmed = trim_junk(ARTICLE + "\n" + tail, RULES)
    assert trimmed.text == ARTICLE.strip()
    assert trimmed.removed == ("[run of furniture lines] " + tail,)


def test_a_headline_and_byline_at_the_top_are_not_junk():
    text = "Pandas to leave\nBy Staff\nUpdated\n" + ARTICLE
    assert trim_junk(text, RULES).text == text.strip()


def test_furniture_lines_inside_the_article_are_removed_and_recorded():
    lines = ARTICLE.strip().split("\n")
    text = "\n".join(lines[:2] + ["Advertisement"] + lines[2:])
    trimmed = trim_junk(text, RULES)
    assert trimmed.text == ARTICLE.strip() and trimmed.removed == ("[furniture line] Advertisement",)


def test_an_article_that_mentions_comments_in_a_sentence_is_kept_whole():
    text = ARTICLE + "Comments from the public were overwhelmingly positive, the zoo said.\n"
    assert trim_junk(text, RULES).text == text.strip()


@pytest.mark.parametrize(("value", "iso"), [
    ("2026-01-27", "2026-01-27"), ("2026-01-27T08:00:00+09:00", "2026-01-27"), ("Jan. 27, 2026", "2026-01-27"),
    ("27 January 2026", "2026-01-27"), ("Tue, 27 Jan 2026 10:00:00 GMT", "2026-01-27"), ("2026年1月27日", "2026-01-27"),
    ("not a date", None), ("", None), ("2026-02-30", None),
])  # fmt: skip
def test_dates_are_parsed_to_iso_days_or_none(value, iso):
    assert parse_date(value) == iso


def test_dateline_may_share_its_line_with_the_text_and_must_be_a_real_date():
    assert split_dateline(" date 2025-12-15The two pandas") == ("2025-12-15", "The two pandas")
    assert split_dateline(" date 2025-13-15 text")[0] is None
    assert split_dateline("The date 2025-12-15 is later")[0] is None


def test_byline_date_is_read_only_from_the_head_of_the_article():
    text = "Headline\nBy A Reporter, March 3, 2026\n" + ARTICLE
    assert byline_date(text, 600) == "2026-03-03"
    assert byline_date(ARTICLE * 10 + "Published March 3, 2026", 600) is None


def test_decoding_bomless_utf16_declared_charsets_and_rejections():
    assert decode("Pandas in Tokyo are going home.".encode("utf-16-le")).text == "Pandas in Tokyo are going home."
    page = '<html><head><meta charset="shift_jis"></head><body>上野動物園のパンダ</body></html>'.encode("shift_jis")
    assert "上野動物園" in decode(page).text
    with pytest.raises(NotText) as empty:
        decode(b" \n ")
    assert empty.value.reason == "empty"
    with pytest.raises(NotText) as binary:
        decode(b"%PDF-1.7 binary")
    assert binary.value.reason == "binary"


def test_near_duplicates_are_found_above_the_threshold_and_not_below():
    dedup = Deduplicator(0.8)
    dedup.add("original", "digest-1", dedup.signature(ARTICLE))
    edited = "EDINBURGH (Wire) - " + ARTICLE + "Reporting by the wire service."  # a syndicated copy
    match = dedup.find("digest-2", dedup.signature(edited))
    assert match is not None and (match.canonical_id, match.kind) == ("original", "near") and match.similarity >= 0.8
    other = "A cub was born at a zoo in Vienna, keepers said, the first in Europe this year. " * 6
    assert dedup.find("digest-3", dedup.signature(other)) is None
    assert dedup.find("digest-1", dedup.signature("anything at all")).kind == "exact"



def test_the_band_index_finds_what_datasketchs_lsh_finds_and_forgets_removed_articles():
    from datasketch import MinHashLSH

    dedup = Deduplicator(0.8)
    reference = MinHashLSH(threshold=0.8, num_perm=dedup.config.num_perm)
    rng = random.Random(4)
    vocabulary = [f"word{i}" for i in range(300)]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(80)) for _ in range(60)]
    texts += [text.replace(text.split()[5], "changed", 1) for text in texts[:30]]  # near copies
    signatures = dedup.signatures(texts)
    for number, signature in enumerate(signatures[:60]):
        dedup.add(f"a{number}", f"digest{number}", signature)
        reference.insert(f"a{number}", signature)
    found = [dedup._bands.candidates(signature.hashvalues) for signature in signatures]
    assert found == [set(reference.query(signature)) for signature in signatures]
    assert sum(f"a{number}" in found[60 + number] for number in range(30)) >= 25  # the copies find their originals
    dedup.remove("a3")
    assert "a3" not in dedup._bands.candidates(signatures[3].hashvalues)
    assert dedup.find("digest-new", signatures[3]) is None


def test_signatures_are_the_same_in_another_process():
    here = Deduplicator.to_bytes(Deduplicator(0.8).signature(ARTICLE)).hex()
    code = ("import sys; from pandawatch.ingest.dedup import Deduplicator as D; "
            "print(D.to_bytes(D(0.8).signature(sys.argv[1])).hex())")
    there = subprocess.run([sys.executable, "-c", code, ARTICLE], capture_output=True, text=True, check=True)
    assert there.stdout.strip() == here


def test_the_text_digest_ignores_case_and_every_kind_of_whitespace():
    import hashlib

    from pandawatch.ingest.clean import text_digest

    for text in ("Pandas  go\thome.\n\nZoo\u3000said\xa0so", "  x  ", "a\u2029\u2029b\u200a", "", "\x1cone\x85two"):
        assert text_digest(text) == hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest(), repr(text)
    assert text_digest("Pandas go home") == text_digest("pandas\u3000 GO\n\nhome ")
