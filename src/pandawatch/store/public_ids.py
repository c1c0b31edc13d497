"""Migration news-4: a knowledge base written before ``ingest.ids`` named local articles by the path as given
(``/home/u/news/2024/a.txt`` when given absolute). Each is renamed to the id ingest now gives the same input,
with every row that names it, so that re-ingesting the same folder finds its articles and no answer shows the
path. The root of an article is the first of its run's recorded sources that its id lies below.

Left as they are, and said so: an article whose new id another article has already. Left as they are,
silently: ids below ``.``, ``..`` or a pattern in the current folder (their name was the folder the run was
started in, which is not recorded; such ids hold no absolute path).
"""

from __future__ import annotations

import json
import os
import sqlite3

from ..ingest.ids import article_id, input_root, public_detail, public_source, without_credentials
from ..ingest.readers import is_url
from .events import recount


def rename_to_public_ids(conn: sqlite3.Connection) -> list[str]:
    """Rename the stored articles, runs and issues to their public ids (article links lose any password too);
    return one line per article that keeps its id."""
    runs = conn.execute("SELECT id, sources FROM ingest_runs").fetchall()
    roots = {run_id: _roots(json.loads(sources)) for run_id, sources in runs}
    renames, notes = _renames(conn, roots)
    conn.execute("PRAGMA defer_foreign_keys = ON")  # article_signatures follows its article within the transaction
    for old, new in renames:
        _rename_article(conn, old, new)
    _redo_reordered(conn, {new: old for old, new in renames})
    for rowid, url in conn.execute("SELECT rowid, url FROM articles WHERE url LIKE '%@%'").fetchall():
        conn.execute("UPDATE articles SET url = ? WHERE rowid = ?", (without_credentials(url), rowid))
    _publish_runs(conn, roots)
    return notes


def _roots(sources: list[str]) -> list[str]:
    """A run's local roots whose ids can be known now, in the run's order (of two roots holding one file, the
    first stored it: the second was told its id was taken, and now gives it another)."""
    return [root for root in map(input_root, sources) if not is_url(root) and _knowable(root)]


def _knowable(root: str) -> bool:
    """Whether ``root``'s name is in the root itself, not in the folder the run was started in."""
    return bool(root) and (os.path.isabs(root) or os.path.basename(os.path.normpath(root)) not in (".", ".."))


def _public_id(origin: str, roots: list[str]) -> str:
    """``origin`` (a stored id or issue origin) as ingest names it now, below the first of ``roots`` it lies
    below."""
    if is_url(origin):
        return without_credentials(origin)
    root = _root_of(origin, roots)
    return article_id(origin, root) if root is not None else origin


def _root_of(origin: str, roots: list[str]) -> str | None:
    return next((root for root in roots if article_id(origin, root) != origin), None)


def _renames(conn: sqlite3.Connection, roots: dict[int, list[str]]) -> tuple[list[tuple[str, str]], list[str]]:
    articles = conn.execute("SELECT id, run_id FROM articles ORDER BY rowid").fetchall()
    taken = {article for article, _ in articles}
    renames, notes = [], []
    for old, run_id in articles:
        new = _public_id(old, roots.get(run_id, []))
        if new == old:
            continue
        if new in taken:
            notes.append(f"article {old!r} keeps its id: another article has the id it would now get, {new!r} "
                         "(two roots of one name?)")
            continue
        taken.add(new)
        renames.append((old, new))
    return renames, notes


def _rename_article(conn: sqlite3.Connection, old: str, new: str) -> None:
    conn.execute("UPDATE articles SET id = ? WHERE id = ?", (new, old))
    conn.execute("UPDATE articles SET canonical_id = ? WHERE canonical_id = ?", (new, old))
    conn.execute("UPDATE article_signatures SET article_id = ? WHERE article_id = ?", (new, old))
    conn.execute("UPDATE events SET article = ? WHERE article = ?", (new, old))


# Reports that tie on their publication day are counted, and put in stories, in the order of their articles'
# ids: the acts and story groups where articles of one day now sort the other way.
_TIED_ACTS = ("SELECT source, target, month, type, pandas, told, json_group_array(DISTINCT article) FROM events "
              "GROUP BY source, target, month, type, pandas, told, published HAVING count(DISTINCT article) > 1")
_TIED_STORIES = ("SELECT story_key, coalesce(published, '~'), json_group_array(DISTINCT article) FROM events "
                 "WHERE story IS NOT NULL GROUP BY story_key, published HAVING count(DISTINCT article) > 1")


def _redo_reordered(conn: sqlite3.Connection, old_of: dict[str, str]) -> None:
    """Recount the acts, and mark stale the stories (as ``store.events.save_events`` does), whose tied reports
    the renames put in another order. (Renaming every local article alike keeps most orders: not those
    between a local article and a URL, '/home/…' < 'https…' < 'news/…'.)"""
    if not old_of:
        return
    acts = {tuple(row[:6]) for row in conn.execute(_TIED_ACTS) if _reordered(json.loads(row[6]), old_of)}
    recount(conn, acts)
    stale = [(key, day) for key, day, articles in conn.execute(_TIED_STORIES).fetchall()
             if _reordered(json.loads(articles), old_of)]
    conn.executemany("INSERT INTO story_stale (story_key, since) VALUES (?, ?)", stale)


def _reordered(articles: list[str], old_of: dict[str, str]) -> bool:
    return sorted(articles) != sorted(articles, key=lambda article: old_of.get(article, article))


def _publish_runs(conn: sqlite3.Connection, roots: dict[int, list[str]]) -> None:
    """Each run's sources and its issues' origins (and any path their details quote) as ingest records them now."""
    for run_id, sources in conn.execute("SELECT id, sources FROM ingest_runs").fetchall():
        public = [public_source(source) if _knowable(input_root(source)) else source
                  for source in json.loads(sources)]
        conn.execute("UPDATE ingest_runs SET sources = ? WHERE id = ?",
                     (json.dumps(public, ensure_ascii=False), run_id))
    issues = conn.execute("SELECT id, run_id, origin, detail FROM ingest_issues").fetchall()
    for issue_id, run_id, origin, detail in issues:
        root = _root_of(origin, roots.get(run_id, []))
        new = _public_id(origin, roots.get(run_id, []))
        if new != origin:
            detail = public_detail(detail, root) if root is not None else detail
            conn.execute("UPDATE ingest_issues SET origin = ?, detail = ? WHERE id = ?", (new, detail, issue_id))
