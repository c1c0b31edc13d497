"""The knowledge base's tables, as named, ordered migrations. Applied once each, recorded in `_migrations`.

Append new migrations at the end of a section; never edit one that has shipped (write a new one instead).
Sections: registry (rebuilt from data/registry), news (articles, ingest runs), events, review.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str


MIGRATIONS: list[Migration] = [
    # ---- registry --------------------------------------------------------------------------------
    # ---- news ------------------------------------------------------------------------------------
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
    # ---- review ----------------------------------------------------------------------------------
]
