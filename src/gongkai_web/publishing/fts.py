"""The full-text index of the catalogue, per database (stack.md §6).

SQLite: an FTS5 table (unicode61 tokenizer) over the bigram columns, kept in step with
publishing_entry by triggers. Django rebuilds a SQLite table to alter it and the triggers go
with the old table, so a later migration that alters Entry must run SQLITE_TRIGGERS again.
PostgreSQL: a GIN index over the bigram tsvector ('simple' configuration: no stemming, no
stop words), the expression repeated by selectors.PG_VECTOR.
"""

from __future__ import annotations

COLUMNS = "search_title, search_body"

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE publishing_entry_fts USING fts5("
    f"{COLUMNS}, content='publishing_entry', content_rowid='id', tokenize='unicode61')"
)
SQLITE_TRIGGERS = (
    "DROP TRIGGER IF EXISTS publishing_entry_fts_ai",
    "DROP TRIGGER IF EXISTS publishing_entry_fts_ad",
    "DROP TRIGGER IF EXISTS publishing_entry_fts_au",
    "CREATE TRIGGER publishing_entry_fts_ai AFTER INSERT ON publishing_entry BEGIN "
    f"INSERT INTO publishing_entry_fts(rowid, {COLUMNS}) "
    "VALUES (new.id, new.search_title, new.search_body); END",
    "CREATE TRIGGER publishing_entry_fts_ad AFTER DELETE ON publishing_entry BEGIN "
    f"INSERT INTO publishing_entry_fts(publishing_entry_fts, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); END",
    "CREATE TRIGGER publishing_entry_fts_au AFTER UPDATE OF search_title, search_body "
    "ON publishing_entry BEGIN "
    f"INSERT INTO publishing_entry_fts(publishing_entry_fts, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); "
    f"INSERT INTO publishing_entry_fts(rowid, {COLUMNS}) "
    "VALUES (new.id, new.search_title, new.search_body); END",
)
SQLITE_REBUILD = "INSERT INTO publishing_entry_fts(publishing_entry_fts) VALUES ('rebuild')"
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS publishing_entry_fts_ai",
    "DROP TRIGGER IF EXISTS publishing_entry_fts_ad",
    "DROP TRIGGER IF EXISTS publishing_entry_fts_au",
    "DROP TABLE IF EXISTS publishing_entry_fts",
)

PG_INDEX = (
    "CREATE INDEX publishing_entry_fts_gin ON publishing_entry USING gin ("
    "(setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "to_tsvector('simple'::regconfig, search_body)))"
)
PG_DROP = "DROP INDEX IF EXISTS publishing_entry_fts_gin"


def forwards(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_TABLE)
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)
            cursor.execute(SQLITE_REBUILD)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_INDEX)


def backwards(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_DROP)
