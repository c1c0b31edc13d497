"""The registry tables: the one rebuild write and the read queries (rows as dicts, records as parsed JSON)."""

from __future__ import annotations

import json

TABLES = ("pandas", "panda_names", "panda_facts", "institutions", "institution_names", "stays", "loans",
          "loan_pandas")

_STAY_COLUMNS = """
    s.panda_id, p.name AS panda, p.sex, p.born, p.died, s.seq, s.institution_id, i.name AS institution,
    s.country, s.start, s.start_status, s."end", s.end_status, s.first_day, s.last_day, s.ended_by, s.loan_id,
    s.certain_first, s.certain_last, l.due_end AS loan_due, l.due_status AS loan_due_status
"""
_STAY_JOINS = """FROM stays s JOIN pandas p ON p.id = s.panda_id LEFT JOIN institutions i ON i.id = s.institution_id
                 LEFT JOIN loans l ON l.id = s.loan_id"""


def replace_registry(store, tables: dict[str, list[dict]], meta: dict[str, str]) -> None:
    """Replace every registry table in one transaction: readers see the old registry or the new one."""
    with store.transaction() as conn:
        for name in TABLES:
            conn.execute(f"DELETE FROM {name}")
            rows = tables.get(name, [])
            if rows:
                columns = list(rows[0])
                quoted = ", ".join(f'"{column}"' for column in columns)
                marks = ", ".join("?" for _ in columns)
                conn.executemany(f"INSERT INTO {name} ({quoted}) VALUES ({marks})",
                                 [tuple(row[column] for column in columns) for row in rows])
        conn.execute("DELETE FROM registry_meta")
        conn.executemany("INSERT INTO registry_meta (key, value) VALUES (?, ?)", list(meta.items()))


def built_hash(store) -> str | None:
    row = store.conn.execute("SELECT value FROM registry_meta WHERE key = 'content_hash'").fetchone()
    return row[0] if row else None


def meta(store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT key, value FROM registry_meta").fetchall())


def counts(store) -> dict[str, int]:
    counted = {name: store.conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
               for name in ("pandas", "institutions", "loans", "stays")}
    counted["stays_with_sources"] = store.conn.execute(
        "SELECT count(*) FROM stays WHERE sources != '[]'").fetchone()[0]
    return counted


def _rows(store, sql: str, params: tuple = ()) -> list[dict]:
    cursor = store.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# ------------------------------------------------------------------------------------------ stays


def stays_on(store, day: str, country: str | None = None) -> list[dict]:
    """Stays that may include ``day`` (ISO), optionally in one country, with the panda's and place's names;
    ``presence`` says whether the panda was there for certain or only possibly (imprecise dates)."""
    sql = f"""SELECT {_STAY_COLUMNS},
                     CASE WHEN s.certain_first <= ? AND (s.certain_last IS NULL OR s.certain_last >= ?)
                          THEN 'certain' ELSE 'possible' END AS presence
              {_STAY_JOINS} WHERE s.first_day <= ? AND (s.last_day IS NULL OR s.last_day >= ?)"""
    params: tuple = (day, day, day, day)
    if country:
        sql += " AND s.country = ?"
        params += (country,)
    return _rows(store, sql + " ORDER BY s.country, i.name, p.name", params)


def stays_of_pandas_in(store, country: str) -> list[dict]:
    """Every stay of every panda that ever stayed in ``country``, by panda and in order."""
    sql = f"""SELECT {_STAY_COLUMNS} {_STAY_JOINS}
              WHERE s.panda_id IN (SELECT panda_id FROM stays WHERE country = ?)
              ORDER BY s.panda_id, s.first_day, s.seq"""
    return _rows(store, sql, (country,))


# ------------------------------------------------------------------------------------------ loans


def loans_on(store, day: str) -> list[dict]:
    """Loans running on ``day``: started by then and not yet past their last day (NULL: open-ended)."""
    return _loans(store, "WHERE first_day <= ? AND (last_day IS NULL OR last_day >= ?)", (day, day))


def all_loans(store) -> list[dict]:
    return _loans(store, "", ())


def _loans(store, where: str, params: tuple) -> list[dict]:
    sql = f"""SELECT id, kind, host_country, start, planned_end, current_end, term_years, outcome, ended,
                     first_day, last_day, due_end, due_status, fee_amount, fee_currency, fee_per,
                     (SELECT json_group_array(p.name) FROM loan_pandas lp JOIN pandas p ON p.id = lp.panda_id
                      WHERE lp.loan_id = loans.id) AS pandas,
                     (SELECT json_group_array(i.name) FROM json_each(json_extract(loans.record, '$.institutions')) j
                      JOIN institutions i ON i.id = json_extract(j.value, '$.id')) AS institutions
              FROM loans {where} ORDER BY first_day, id"""
    rows = _rows(store, sql, params)
    for row in rows:
        row["pandas"] = json.loads(row["pandas"] or "[]")
        row["institutions"] = json.loads(row["institutions"] or "[]")
    return rows


# ------------------------------------------------------------------------------------ records, names


def pandas_named(store, norm: str) -> list[dict]:
    """Pandas with a name (or id) whose normalised form is ``norm``: id, name, born, and which name matched."""
    return _rows(store, """SELECT DISTINCT p.id, p.name, p.born, p.sex, n.name AS matched, n.kind AS matched_kind
                           FROM panda_names n JOIN pandas p ON p.id = n.panda_id WHERE n.norm = ?
                           ORDER BY p.born, p.id""", (norm,))


def name_forms(store, table: str) -> list[tuple[str, str, str]]:
    """Every (normalised name, id, canonical name) of ``table`` ("panda" or "institution"): what a
    "did you mean" compares a misspelt name with."""
    return store.conn.execute(f"SELECT DISTINCT n.norm, t.id, t.name FROM {table}_names n "
                              f"JOIN {table}s t ON t.id = n.{table}_id ORDER BY n.norm, t.id").fetchall()  # fmt: skip


def institutions_named(store, norm: str) -> list[dict]:
    return _rows(store, """SELECT DISTINCT i.id, i.name, i.country FROM institution_names n
                           JOIN institutions i ON i.id = n.institution_id WHERE n.norm = ?""", (norm,))


def record(store, table: str, record_id: str) -> dict | None:
    if table not in ("pandas", "institutions", "loans"):
        raise ValueError(f"no records in {table}")
    row = store.conn.execute(f"SELECT record FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return json.loads(row[0]) if row else None


def records(store, table: str) -> list[dict]:
    if table not in ("pandas", "institutions", "loans"):
        raise ValueError(f"no records in {table}")
    return [json.loads(row[0]) for row in store.conn.execute(f"SELECT record FROM {table} ORDER BY id")]


def table_rows(store, table: str) -> list[dict]:
    """A registry table's rows as stored (for the CSV export)."""
    if table not in TABLES:
        raise ValueError(f"not a registry table: {table}")
    return _rows(store, f"SELECT * FROM {table}")
