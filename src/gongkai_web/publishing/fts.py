"""The full-text index of the catalogue, per database (stack.md §6).

Three indexed texts per entry: the title's bigrams, the bigrams of keywords, summary and body,
and the facet tokens of search.facets (agency, year, category and its ancestors, validity), so
that a filtered search is one intersection of posting lists inside the index.

SQLite: a contentless FTS5 table (unicode61 tokenizer) holding published entries only, kept in
step by triggers. Django rebuilds a SQLite table to alter it and the triggers go with the old
table, so a later migration that alters Entry must run SQLITE_TRIGGERS again.
PostgreSQL: a stored generated tsvector column ('simple' configuration: no stemming, no stop
words) with a GIN index; ts_rank reads the stored vector instead of re-parsing each text.
"""

from __future__ import annotations

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

PG_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "to_tsvector('simple'::regconfig, search_body) || "
    "setweight(to_tsvector('simple'::regconfig, search_facets), 'D')"
)
PG_CREATE = (
    "ALTER TABLE publishing_entry ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED",
    "CREATE INDEX publishing_entry_fts_gin ON publishing_entry USING gin (search_vector)",
)
PG_DROP = (
    "DROP INDEX IF EXISTS publishing_entry_fts_gin",
    "ALTER TABLE publishing_entry DROP COLUMN IF EXISTS search_vector",
)


def forwards(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_TABLE)
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)
            cursor.execute(SQLITE_FILL)
        elif connection.vendor == "postgresql":
            for statement in PG_CREATE:
                cursor.execute(statement)


def backwards(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            for statement in PG_DROP:
                cursor.execute(statement)
