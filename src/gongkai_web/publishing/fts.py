"""The full-text index of the catalogue, per database (stack.md §6).

Three indexed texts per entry: the title's tokens (with the 文号), the tokens of keywords,
summary and body, and the facet tokens of search.facets (agency, year, category and its
ancestors, validity), so that a filtered search is one intersection of posting lists inside
the index. ``search_columns`` writes the first two in the scheme of the database in use
(gongkai.publishing.search_text explains both schemes).

SQLite: a contentless FTS5 table (unicode61 tokenizer) over bigrams, holding published
entries only, kept in step by triggers. Django rebuilds a SQLite table to alter it and the
triggers go with the old table, so a later migration that alters Entry must run
SQLITE_TRIGGERS again.

PostgreSQL: two stored generated tsvector columns built from the gram texts without any
parsing or normalising (array_to_tsvector): ``search_vector`` (title, body and facets) and the
small ``search_title_vector`` (title and facets), each with a GIN index over published entries
only. A query is a conjunction of plain tokens, which GIN answers exactly, so counting the
hits reads the index and not the rows (selectors.search).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection

from gongkai.publishing import search_text


def search_columns(
    title: str, doc_number: str, keywords: str, summary: str, body: str
) -> tuple[str, str]:
    """The search_title and search_body texts of an entry, for this database's index."""
    if connection.vendor == "postgresql":
        return (
            search_text.grams_text(title, doc_number),
            search_text.grams_text(keywords, summary, body),
        )
    return (
        search_text.index_text(title, doc_number),
        search_text.index_text(keywords, summary, body),
    )


COLUMNS = "search_title, search_body, search_facets"
_OLD = "old.id, old.search_title, old.search_body, old.search_facets"
_NEW = "new.id, new.search_title, new.search_body, new.search_facets"

SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE publishing_entry_fts USING fts5({COLUMNS}, content='', "
    "tokenize='unicode61')"
)
SQLITE_TRIGGERS = (
    "DROP TRIGGER IF EXISTS publishing_entry_fts_ai",
    "DROP TRIGGER IF EXISTS publishing_entry_fts_ad",
    "DROP TRIGGER IF EXISTS publishing_entry_fts_au",
    "CREATE TRIGGER publishing_entry_fts_ai AFTER INSERT ON publishing_entry "
    "WHEN new.status = 'published' BEGIN "
    f"INSERT INTO publishing_entry_fts(rowid, {COLUMNS}) VALUES ({_NEW}); END",
    "CREATE TRIGGER publishing_entry_fts_ad AFTER DELETE ON publishing_entry "
    "WHEN old.status = 'published' BEGIN "
    f"INSERT INTO publishing_entry_fts(publishing_entry_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', {_OLD}); END",
    # A contentless table forgets a row only when told the exact values it indexed.
    "CREATE TRIGGER publishing_entry_fts_au AFTER UPDATE ON publishing_entry BEGIN "
    f"INSERT INTO publishing_entry_fts(publishing_entry_fts, rowid, {COLUMNS}) "
    f"SELECT 'delete', {_OLD} WHERE old.status = 'published'; "
    f"INSERT INTO publishing_entry_fts(rowid, {COLUMNS}) "
    f"SELECT {_NEW} WHERE new.status = 'published'; END",
)
SQLITE_FILL = (
    f"INSERT INTO publishing_entry_fts(rowid, {COLUMNS}) "
    f"SELECT id, {COLUMNS} FROM publishing_entry WHERE status = 'published'"
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS publishing_entry_fts_ai",
    "DROP TRIGGER IF EXISTS publishing_entry_fts_ad",
    "DROP TRIGGER IF EXISTS publishing_entry_fts_au",
    "DROP TABLE IF EXISTS publishing_entry_fts",
)

# The first PostgreSQL index (migration 0002): bigram phrases, which PostgreSQL can only
# check against the positions stored in each row.
PG_VECTOR_0002 = (
    "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "to_tsvector('simple'::regconfig, search_body) || "
    "setweight(to_tsvector('simple'::regconfig, search_facets), 'D')"
)
PG_CREATE_0002 = (
    "ALTER TABLE publishing_entry ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_VECTOR_0002}) STORED",
    "CREATE INDEX publishing_entry_fts_gin ON publishing_entry USING gin (search_vector)",
)
PG_DROP = (
    "DROP INDEX IF EXISTS publishing_entry_fts_gin",
    "DROP INDEX IF EXISTS publishing_entry_title_gin",
    "ALTER TABLE publishing_entry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE publishing_entry DROP COLUMN IF EXISTS search_title_vector",
)

# Gram texts are space-separated tokens; string_to_array of an empty text is an empty array.
_GRAMS = "array_to_tsvector(string_to_array({}, ' '))"
_FACETS = "to_tsvector('simple'::regconfig, search_facets)"
# Both columns in one ALTER TABLE: adding a stored column rewrites the table, once.
PG_CREATE = (
    "ALTER TABLE publishing_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    + _GRAMS.format("search_title")
    + " || "
    + _GRAMS.format("search_body")
    + f" || {_FACETS}) STORED, "
    "ADD COLUMN search_title_vector tsvector GENERATED ALWAYS AS ("
    + _GRAMS.format("search_title")
    + f" || {_FACETS}) STORED",
    "CREATE INDEX publishing_entry_fts_gin ON publishing_entry USING gin (search_vector) "
    "WHERE status = 'published'",
    "CREATE INDEX publishing_entry_title_gin ON publishing_entry USING gin "
    "(search_title_vector) WHERE status = 'published'",
)


def forwards(apps: object, schema_editor: object) -> None:
    """Migration 0002: the first index (SQLite's is still the current one)."""
    db = schema_editor.connection  # type: ignore[attr-defined]
    with db.cursor() as cursor:
        if db.vendor == "sqlite":
            cursor.execute(SQLITE_TABLE)
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)
            cursor.execute(SQLITE_FILL)
        elif db.vendor == "postgresql":
            for statement in PG_CREATE_0002:
                cursor.execute(statement)


def backwards(apps: object, schema_editor: object) -> None:
    db = schema_editor.connection  # type: ignore[attr-defined]
    with db.cursor() as cursor:
        if db.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        elif db.vendor == "postgresql":
            for statement in PG_DROP:
                cursor.execute(statement)


def to_grams(apps: object, schema_editor: object) -> None:
    """Migration 0003, PostgreSQL only: rewrite each entry's search texts as grams, then
    replace the bigram vector and its index by the gram vectors and their indexes."""
    db = schema_editor.connection  # type: ignore[attr-defined]
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        for statement in PG_DROP:
            cursor.execute(statement)
        _rewrite(cursor, lambda row: search_columns(*row))
        # Building a GIN index within the default 64 MB spills to disk many times over with a
        # large catalogue; this migration's transaction alone gets more.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in PG_CREATE:
            cursor.execute(statement)


def _rewrite(cursor: Any, columns: Callable[[tuple[str, ...]], tuple[str, str]]) -> None:
    last = 0
    while True:
        cursor.execute(
            "SELECT id, title, doc_number, keywords, summary, body FROM publishing_entry "
            "WHERE id > %s ORDER BY id LIMIT 2000",
            [last],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        cursor.executemany(
            "UPDATE publishing_entry SET search_title = %s, search_body = %s WHERE id = %s",
            [(*columns(tuple(row[1:])), row[0]) for row in rows],
        )
        last = rows[-1][0]


def from_grams(apps: object, schema_editor: object) -> None:
    db = schema_editor.connection  # type: ignore[attr-defined]
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        for statement in PG_DROP:
            cursor.execute(statement)
        _rewrite(
            cursor,
            lambda row: (
                search_text.index_text(row[0], row[1]),
                search_text.index_text(row[2], row[3], row[4]),
            ),
        )
        for statement in PG_CREATE_0002:
            cursor.execute(statement)
