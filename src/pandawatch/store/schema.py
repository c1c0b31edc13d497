"""The knowledge base's tables, as named, ordered migrations. Applied once each, recorded in `_migrations`.

Append new migrations at the end of a section; never edit one that has shipped (write a new one instead).
Sections: registry (rebuilt from data/registry), news (articles, ingest runs), events, review, search.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ..ontology import host_side, panda_types


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str
    # A step SQL cannot say, run after ``sql`` in the same transaction; it returns what the user should hear.
    step: Callable[[sqlite3.Connection], list[str]] | None = None


# events: the derived columns of events-2, recomputed for the rows WHERE-ed after it (save_events: one article).
EVENT_DERIVED_SQL = """
UPDATE events SET
    published = (SELECT substr(a.published, 1, 10) FROM articles a WHERE a.id = events.article),
    day_first = CASE length(date) WHEN 4 THEN date || '-01-01' WHEN 7 THEN date || '-01' ELSE date END,
    day_last = CASE length(date) WHEN 4 THEN date || '-12-31' WHEN 7 THEN date(date || '-01', '+1 month', '-1 day')
                                 ELSE date END
"""
EVENT_DERIVED_UNDATED_SQL = """
UPDATE events SET
    day_first = coalesce(day_first, published),
    day_last = coalesce(day_last, published),
    month = CASE
        WHEN length(date) >= 7 THEN substr(date, 1, 7)
        WHEN date IS NOT NULL AND substr(published, 1, 4) = date THEN substr(published, 1, 7)
        WHEN date IS NOT NULL THEN date || '-01'
        ELSE substr(published, 1, 7) END
"""
def _fts_sync(table: str, columns: str) -> str:
    """Triggers keeping ``{table}_fts`` (external content, by rowid) in step with ``table``."""
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    delete = f"INSERT INTO {table}_fts ({table}_fts, rowid, {columns}) VALUES ('delete', old.rowid, {old});"
    insert = f"INSERT INTO {table}_fts (rowid, {columns}) VALUES (new.rowid, {new});"
    return f"""
        CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {insert} END;
        CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {delete} END;
        CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {columns} ON {table} BEGIN {delete} {insert} END;
        INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild');
    """


FTS_SQL = """
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid',
                                                 tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE panda_names_fts USING fts5(name, content='panda_names', content_rowid='rowid',
                                                    tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE institution_names_fts USING fts5(name, content='institution_names', content_rowid='rowid',
                                                          tokenize='unicode61 remove_diacritics 2');
"""
EVENT_PANDAS_SQL = "INSERT INTO event_pandas (event_id, name) SELECT e.id, j.value FROM events e, json_each(e.pandas) j"


def _story_key_sql() -> str:
    """events.story_key: the group stories form in (store.stories.story_key spells it the same in Python)."""
    hosted = {side: ", ".join(f"'{t}'" for t in panda_types() if host_side(t) == side) or "NULL"
              for side in ("source", "target")}  # fmt: skip
    return f"""
UPDATE events SET story_key = type || '|' || status || '|' || CASE
    WHEN type IN ({hosted['source']}) THEN coalesce(source, '')
    WHEN type IN ({hosted['target']}) THEN coalesce(target, '')
    ELSE coalesce(source, '') || '>' || coalesce(target, '') END
"""


STORY_KEY_SQL = _story_key_sql()
# events-6: what the relations index counts. A happening is a month, type, direction and panda list; an article
# telling it twice tells two acts (told = 1, 2, ...); `counted` marks the first telling of each act, in the
# order the news arrived, so an as-of count is the counted rows published by then. {where}: which rows.
TOLD_SQL = """
UPDATE events SET told = r.n FROM (
    SELECT id, row_number() OVER (PARTITION BY article, source, target, month, type, pandas ORDER BY id) AS n
    FROM events {where}) AS r WHERE r.id = events.id
"""
COUNTED_SQL = """
UPDATE events SET counted = (r.n = 1) FROM (
    SELECT id, row_number() OVER (PARTITION BY source, target, month, type, pandas, told
                                  ORDER BY published IS NULL, published, article, id) AS n
    FROM events {where}) AS r WHERE r.id = events.id
"""
HAPPENING = "source IS ? AND target IS ? AND month IS ? AND type = ? AND pandas = ? AND told = ?"
# happenings_monthly: a pair's (both directions') happenings of a month by type, as JSON, from the counted rows:
# all of them (MONTHLY_SQL), or one month of one pair, first < second (MONTHLY_CELL_SQL: ?1, ?2, ?3).
MONTHLY_SQL = """
INSERT INTO happenings_monthly (first, second, month, types)
SELECT first, second, month, json_group_object(type, happenings) FROM (
    SELECT min(source, target) AS first, max(source, target) AS second, month, type, count(*) AS happenings
    FROM events WHERE counted = 1 AND month IS NOT NULL AND source IS NOT NULL AND target IS NOT NULL
    GROUP BY first, second, month, type)
GROUP BY first, second, month
"""
MONTHLY_CELL_SQL = """
INSERT OR REPLACE INTO happenings_monthly (first, second, month, types)
SELECT ?1, ?2, ?3, json_group_object(type, happenings) FROM (
    SELECT type, count(*) AS happenings FROM (
        SELECT type FROM events INDEXED BY events_happening WHERE source = ?1 AND target = ?2 AND month = ?3
        AND counted = 1
        UNION ALL SELECT type FROM events INDEXED BY events_happening WHERE source = ?2 AND target = ?1
        AND month = ?3 AND counted = 1)
    GROUP BY type)
HAVING count(*) > 0
"""


def _public_article_ids(conn: sqlite3.Connection) -> list[str]:
    from .public_ids import rename_to_public_ids  # (it reads store.events, which imports this module)

    return rename_to_public_ids(conn)


MIGRATIONS: list[Migration] = [
    # ---- registry --------------------------------------------------------------------------------
    # Rebuilt as a whole from data/registry by pandawatch.registry.build; never edited in place.
    Migration(
        "registry-1",
        """
        CREATE TABLE registry_meta (key TEXT PRIMARY KEY, value TEXT);  -- content_hash, built_at, counts
        CREATE TABLE pandas (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,             -- canonical English name
            sex TEXT NOT NULL,
            born TEXT, born_status TEXT,    -- the preferred value; all values in panda_facts
            born_at TEXT,                   -- institutions.id
            died TEXT, died_status TEXT,
            mother TEXT, father TEXT,       -- pandas.id of the preferred parent link
            abroad INTEGER NOT NULL,
            file TEXT,
            record TEXT NOT NULL            -- the full record as JSON (names, facts, stays, loans, sources)
        );
        CREATE TABLE panda_names (panda_id TEXT NOT NULL, name TEXT NOT NULL, norm TEXT NOT NULL, lang TEXT, kind TEXT);
        CREATE INDEX panda_names_norm ON panda_names(norm);
        CREATE TABLE panda_facts (          -- every value of a dated fact, conflicting ones side by side
            panda_id TEXT NOT NULL, field TEXT NOT NULL, rank INTEGER NOT NULL,
            date TEXT NOT NULL, status TEXT NOT NULL, note TEXT, sources TEXT NOT NULL
        );
        CREATE TABLE institutions (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, city TEXT, lat REAL, lon REAL,
            kind TEXT, operator TEXT, file TEXT, record TEXT NOT NULL
        );
        CREATE TABLE institution_names (institution_id TEXT NOT NULL, name TEXT NOT NULL, norm TEXT NOT NULL, lang TEXT, kind TEXT);
        CREATE INDEX institution_names_norm ON institution_names(norm);
        CREATE TABLE stays (
            id INTEGER PRIMARY KEY,
            panda_id TEXT NOT NULL, seq INTEGER NOT NULL,
            institution_id TEXT NOT NULL, country TEXT,    -- country NULL when the institution is unknown
            start TEXT NOT NULL, start_status TEXT NOT NULL,
            "end" TEXT, end_status TEXT,
            first_day TEXT NOT NULL,        -- the first day the panda is counted there (ISO day)
            last_day TEXT,                  -- the last day it is counted there: the stay's end or its death; NULL = now
            ended_by TEXT,                  -- how the stay ended: moved, died, or NULL while open
            loan_id TEXT, sources TEXT NOT NULL
        );
        CREATE INDEX stays_days ON stays(first_day, last_day);
        CREATE INDEX stays_panda ON stays(panda_id, seq);
        CREATE TABLE loans (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, host_country TEXT NOT NULL,
            start TEXT, planned_end TEXT, current_end TEXT, term_years REAL,
            outcome TEXT, ended TEXT,
            first_day TEXT, last_day TEXT,  -- the days the loan runs: start to its end (actual, else current)
            fee_amount REAL, fee_currency TEXT, fee_per TEXT,
            file TEXT, record TEXT NOT NULL
        );
        CREATE TABLE loan_pandas (loan_id TEXT NOT NULL, panda_id TEXT NOT NULL);
        """,
    ),
    # How sure a stay and a loan's end are (registry/presence.py): a stay from "1994" is possible from 1 January
    # and certain from 31 December. Emptying registry_meta makes the next command rebuild the new columns.
    Migration(
        "registry-2",
        """
        ALTER TABLE stays ADD COLUMN certain_first TEXT;  -- first day surely there; NULL: never surely there
        ALTER TABLE stays ADD COLUMN certain_last TEXT;   -- last day surely there; NULL while open
        ALTER TABLE loans ADD COLUMN due_end TEXT;        -- the end it is due: reported, else start + term
        ALTER TABLE loans ADD COLUMN due_status TEXT;     -- reported, derived, or NULL when unknown
        DELETE FROM registry_meta;
        """,
    ),
    # ---- news ------------------------------------------------------------------------------------
    # Written by pandawatch.pipeline.ingest through store/articles.py; one transaction per article.
    Migration(
        "news-1",
        """
        CREATE TABLE ingest_runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL DEFAULT 'running',   -- running, done, interrupted (killed: seen by a later run)
            pid INTEGER,
            sources TEXT NOT NULL DEFAULT '[]',       -- JSON list of the paths and URLs given
            read INTEGER NOT NULL DEFAULT 0,          -- inputs read (articles and skipped ones)
            stored INTEGER NOT NULL DEFAULT 0,        -- new articles (canonical or duplicate)
            updated INTEGER NOT NULL DEFAULT 0,       -- articles whose input changed since they were stored
            unchanged INTEGER NOT NULL DEFAULT 0,     -- inputs already stored exactly so
            duplicates INTEGER NOT NULL DEFAULT 0,    -- new articles that are copies of a stored story
            skipped INTEGER NOT NULL DEFAULT 0,       -- inputs not stored (reasons in ingest_issues)
            errors INTEGER NOT NULL DEFAULT 0,        -- inputs that failed unexpectedly (in ingest_issues)
            events INTEGER NOT NULL DEFAULT 0         -- events extracted from the new articles
        );
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,                      -- the path as given, the URL, or path#line-N / #record-N
            url TEXT,
            outlet TEXT,                              -- site name or domain
            title TEXT,
            published TEXT,                           -- ISO date
            published_from TEXT,                      -- dateline, metadata, record, byline; NULL when unknown
            language TEXT,
            author TEXT,
            text TEXT NOT NULL,                       -- the clean article text
            removed TEXT NOT NULL DEFAULT '[]',       -- JSON list of the page junk cut from it, rule first
            raw_digest TEXT NOT NULL,                 -- sha256 of the raw input bytes
            text_digest TEXT NOT NULL,                -- sha256 of the normalised clean text
            canonical_id TEXT NOT NULL,               -- the story's canonical article; itself when canonical
            duplicate_kind TEXT,                      -- NULL (canonical), exact, near
            similarity REAL,                          -- estimated Jaccard with the canonical article
            run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_canonical ON articles(canonical_id);
        CREATE INDEX articles_text_digest ON articles(text_digest);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE article_signatures (             -- MinHash signatures of canonical articles (near-duplicates)
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            minhash BLOB NOT NULL
        );
        CREATE TABLE ingest_issues (                  -- every input not stored, and every repair, with the reason
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
            origin TEXT NOT NULL,
            level TEXT NOT NULL,                      -- skipped, error, warning
            reason TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX ingest_issues_run ON ingest_issues(run_id);
        """,
    ),
    Migration(
        "news-2",
        """
        -- Which extractor wrote an article's events (NULL: never extracted, e.g. ingested with --no-extract),
        -- set with the events in one transaction, so a later run with extraction on extracts the rest.
        ALTER TABLE articles ADD COLUMN extracted_by TEXT;
        -- Articles stored before it count as never extracted: one later run re-extracts them (replacing their
        -- events). No backfill from events: on a new database this runs before events-1 creates that table.
        ALTER TABLE ingest_runs ADD COLUMN extracted INTEGER NOT NULL DEFAULT 0;  -- stored articles extracted now
        """,
    ),
    # ---- events ----------------------------------------------------------------------------------
    Migration(
        "events-1",
        """
        -- One row per event read from one article (ONTOLOGY.md record + where it came from).
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            article TEXT NOT NULL,          -- articles.id
            type TEXT NOT NULL,
            status TEXT NOT NULL,
            date TEXT,                      -- ISO, as precise as the text allows
            source TEXT,                    -- ISO 3166-1 alpha-3
            target TEXT,
            pandas TEXT NOT NULL DEFAULT '[]',   -- JSON list of canonical registry names
            panda_ids TEXT NOT NULL DEFAULT '[]',  -- JSON list of registry ids, where resolved
            institution TEXT,               -- canonical registry name
            institution_id TEXT,
            evidence TEXT NOT NULL DEFAULT '',
            confidence REAL NOT NULL DEFAULT 0.5,
            extractor TEXT                  -- extractor name and version
        );
        CREATE INDEX events_article ON events(article);
        CREATE INDEX events_type_date ON events(type, date);
        CREATE INDEX events_dyad ON events(source, target, date);
        """,
    ),
    Migration(
        "events-2",
        """
        -- Derived from each event and its article at save time, so that date, as-of and panda filters use
        -- indexes (store.events.save_events keeps them; re-saving an article recomputes them).
        ALTER TABLE events ADD COLUMN published TEXT;   -- the article's publication day (as-of filters on it)
        ALTER TABLE events ADD COLUMN day_first TEXT;   -- first day of the event's date, else the publication day
        ALTER TABLE events ADD COLUMN day_last TEXT;    -- last day of the event's date, else the publication day
        ALTER TABLE events ADD COLUMN month TEXT;       -- the month the relations index counts it in
        CREATE TABLE event_pandas (event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE, name TEXT NOT NULL);
        CREATE INDEX event_pandas_name ON event_pandas(name, event_id);
        CREATE INDEX event_pandas_event ON event_pandas(event_id);
        CREATE INDEX events_dyad_day ON events(source, target, day_first);
        CREATE INDEX events_dyad_month ON events(source, target, month);
        CREATE INDEX events_day ON events(day_first);
        """
        + EVENT_DERIVED_SQL + ";" + EVENT_DERIVED_UNDATED_SQL + ";" + EVENT_PANDAS_SQL + ";",
    ),
    Migration(
        "events-3",
        """
        -- The relations index reads only the index (bench/kb_bench.py: a dyad's ten years from a million events).
        DROP INDEX events_dyad_month;
        CREATE INDEX events_dyad_month_cover ON events(source, target, month, published, type, pandas, article);
        """,
    ),
    Migration(
        "events-4",
        """
        -- Relations read one direction at a time in (month, type, pandas, article) order, from the index alone.
        DROP INDEX events_dyad_month_cover;
        CREATE INDEX events_dyad_month_cover2 ON events(source, target, month, type, pandas, article, published);
        """,
    ),
    Migration(
        "events-5",
        """
        -- Listings of one type latest first (the explorer, alerts' and review's type filters) read in day order.
        DROP INDEX events_type_date;
        CREATE INDEX events_type_day ON events(type, day_first);
        """,
    ),
    # ---- review ----------------------------------------------------------------------------------
    Migration(
        "review-1",
        """
        -- What a reviewer decided about a proposed registry change (news vs registry), so it is not asked again.
        CREATE TABLE review_decisions (
            proposal TEXT PRIMARY KEY,      -- the proposal id (a hash of the story's type, sides, pandas, date)
            decision TEXT NOT NULL,         -- accepted, rejected
            decided_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            kind TEXT, type TEXT, date TEXT, pandas TEXT,
            file TEXT,                      -- the registry file an acceptance wrote
            note TEXT
        );
        -- Alerts as first seen, so `alerts --since` can show only the new ones.
        CREATE TABLE alerts_seen (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            first_seen TEXT NOT NULL
        );
        """,
    ),
    # ---- search ----------------------------------------------------------------------------------
    # Full-text indexes (FTS5, external content) over article titles and text and over panda and
    # institution names, kept in sync with their tables by triggers; word-prefix queries (store.queries).
    Migration("search-1", FTS_SQL + _fts_sync("articles", "title, text") + _fts_sync("panda_names", "name")
              + _fts_sync("institution_names", "name")),  # fmt: skip
    Migration(
        "search-2",
        """
        -- New articles are indexed a batch at a time (store.articles.index_new_articles, in the batch's
        -- transaction): one INSERT ... SELECT costs half of what a trigger per row costs (bench/ingest_bench.py).
        -- Rows above the mark are not in the index yet, so updating or deleting them must not touch it.
        CREATE TABLE articles_fts_mark (indexed_to INTEGER NOT NULL);  -- articles up to this rowid are indexed
        INSERT INTO articles_fts_mark VALUES ((SELECT coalesce(max(rowid), 0) FROM articles));
        DROP TRIGGER articles_fts_insert;
        DROP TRIGGER articles_fts_delete;
        DROP TRIGGER articles_fts_update;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
        WHEN old.rowid <= (SELECT indexed_to FROM articles_fts_mark) BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
        WHEN old.rowid <= (SELECT indexed_to FROM articles_fts_mark) BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """,
    ),
    Migration(
        "news-3",
        """
        -- Exact copies are found by the de-duplicator's digests in memory; no query reads this index, and its
        -- random keys made every article insert dearer.
        DROP INDEX articles_text_digest;
        """,
    ),
    # ---- events (continued) ----------------------------------------------------------------------
    Migration(
        "events-6",
        """
        -- The relations index counts in SQL (store.queries.monthly_happenings) from an index of the first
        -- tellings alone: rows written by store.events.save_events, which keeps both columns.
        ALTER TABLE events ADD COLUMN told INTEGER;     -- the n-th act of its happening its article tells
        ALTER TABLE events ADD COLUMN counted INTEGER;  -- 1: the first telling of that act (published, article, id)
        """
        + TOLD_SQL.format(where="") + ";" + COUNTED_SQL.format(where="") + """;
        DROP INDEX events_dyad_month_cover2;
        CREATE INDEX events_happening ON events(source, target, month, type, pandas, told);
        CREATE INDEX events_counted ON events(source, target, month, published, type, counted) WHERE counted = 1;
        -- The counts as they stand (no as-of): a month of a pair is one row (first < second, either direction).
        CREATE TABLE happenings_monthly (
            first TEXT NOT NULL, second TEXT NOT NULL, month TEXT NOT NULL,
            types TEXT NOT NULL,                        -- JSON: {type: happenings}
            PRIMARY KEY (first, second, month)
        ) WITHOUT ROWID;
        """ + MONTHLY_SQL + """;
        """,
    ),
    # ---- stories ---------------------------------------------------------------------------------
    # Event coreference kept with the events (analyse.stories): which story each report is in.
    Migration(
        "stories-1",
        """
        -- Reports of one happening are one story, formed in the order the news arrived, so a story as known on
        -- a day is its reports published by then: stored once, it stays exact for as-of queries. Saved reports
        -- start with story NULL, a re-saved article leaves marks in story_stale, and
        -- analyse.stories.refresh_stories places them (redoing their group from that publication day on).
        ALTER TABLE events ADD COLUMN story_key TEXT;   -- the group: type|status|host, or type|status|source>target
        ALTER TABLE events ADD COLUMN story INTEGER;    -- the story: the id of its first report (NULL: not placed)
        CREATE TABLE story_stale (story_key TEXT NOT NULL, since TEXT NOT NULL);
        """
        + STORY_KEY_SQL + """;
        CREATE INDEX events_story ON events(story);
        CREATE INDEX events_story_key ON events(story_key, day_first, day_last, story, pandas);
        CREATE INDEX events_story_pending ON events(story_key, published, story) WHERE story IS NULL;
        CREATE INDEX events_undated ON events(story_key, published, story, date, pandas) WHERE date IS NULL;
        -- A page of a timeline finds the stories of a stretch of days from the index alone, one side at a time
        -- (a partial index is covering only with the columns its WHERE names).
        CREATE INDEX events_source_page ON events(source, day_first, published, story);
        CREATE INDEX events_target_page ON events(target, day_first, published, story);
        DROP INDEX events_dyad_day;
        CREATE INDEX events_dyad_page ON events(source, target, day_first, published, story);
        """,
    ),
    Migration(
        "events-7",
        """
        -- An as-of count reads the first tellings published by then, or those published since (the fewer):
        -- in publication order, either is one range of the index (events-6's read every month's rows).
        DROP INDEX events_counted;
        CREATE INDEX events_counted_published ON events(source, target, published, month, type, counted)
            WHERE counted = 1;
        """,
    ),
    # ---- alerts ----------------------------------------------------------------------------------
    # Alerts are read afresh from narrow queries (analyse.kb.StoredAlertStories), not kept: these indexes
    # make each one a range read, however many events the store holds.
    Migration(
        "alerts-1",
        """
        -- The news of the last months: requests, refusals and agreements by publication day, from the index
        -- alone. Partial, so that no listing by type prefers it to events_type_day (which reads in day order);
        -- SQLite uses it for a query whose WHERE has this very IN term (store.stories.NEWS_TYPES_SQL).
        CREATE INDEX events_news ON events(published, story, type)
            WHERE type IN ('LOAN_REQUEST', 'LOAN_REFUSAL', 'LOAN_AGREEMENT');
        """,
    ),
    # ---- news (continued) ------------------------------------------------------------------------
    # Article ids named the path as given (absolute when given so): renamed to the ids ingest.ids gives, with
    # every row that names them (store.public_ids). After the events and stories sections: it recounts.
    Migration("news-4", "", step=_public_article_ids),
]
