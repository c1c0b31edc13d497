"""Review decisions and seen alerts: the knowledge base's memory of what people decided and were shown."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .db import Store


@dataclass(frozen=True)
class Decision:
    proposal: str
    decision: str  # accepted, rejected
    decided_at: str
    kind: str | None = None
    type: str | None = None
    date: str | None = None
    pandas: tuple[str, ...] = ()
    file: str | None = None
    note: str | None = None


def record_decision(store: Store, decision: Decision) -> None:
    """Remember (or overwrite) what was decided about a proposal."""
    row = (decision.proposal, decision.decision, decision.kind, decision.type, decision.date,
           json.dumps(list(decision.pandas), ensure_ascii=False), decision.file, decision.note)  # fmt: skip
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO review_decisions (proposal, decision, kind, type, date, pandas, file, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )


def decisions(store: Store) -> dict[str, Decision]:
    """Every decision, by proposal id."""
    cursor = store.conn.execute(
        "SELECT proposal, decision, decided_at, kind, type, date, pandas, file, note FROM review_decisions"
    )
    return {row[0]: Decision(*row[:6], tuple(json.loads(row[6] or "[]")), *row[7:]) for row in cursor}


def mark_alerts_seen(store: Store, alerts: list[tuple[str, str]], today: str) -> dict[str, str]:
    """Record (key, kind) alerts not seen before as first seen ``today``; return every key's first-seen date."""
    if not alerts:  # nothing to record: a read, no write lock (the web server only reads)
        return dict(store.conn.execute("SELECT key, first_seen FROM alerts_seen"))
    with store.transaction() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO alerts_seen (key, kind, first_seen) VALUES (?, ?, ?)",
            [(key, kind, today) for key, kind in alerts],
        )
    return dict(store.conn.execute("SELECT key, first_seen FROM alerts_seen"))
