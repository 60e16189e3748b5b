"""The full-text index of the catalogue, per database (stack.md §6).

Three indexed texts per entry, written by services._index: the title's bigrams (with the
文号), the bigrams of keywords, summary and body, and the facet tokens of search.facets
(agency, year, category and its ancestors, validity), so that a filtered search is one
intersection of posting lists inside the index.

SQLite: a contentless FTS5 table (unicode61 tokenizer) holding published entries only, kept in
step by triggers. Django rebuilds a SQLite table to alter it and the triggers go with the old
table, so a later migration that alters Entry must run SQLITE_TRIGGERS again.

PostgreSQL (migration 0003): two stored generated tsvector columns made from the token texts
without parsing or positions (array_to_tsvector): ``search_vector`` (title, body, facets) and
the small ``search_title_vector`` (title, facets), each with a GIN index over published
entries only. A query is a conjunction of plain tokens, which GIN answers exactly without
opening the rows, so counting hits reads the index alone (selectors.search). The first
version (migration 0002) matched phrases against positions stored in each row's vector.
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

# Token texts are space-separated; string_to_array of an empty text is an empty array, and
# array_to_tsvector drops repeated tokens.
_TOKENS = "array_to_tsvector(string_to_array({}, ' '))"
_FACETS = "to_tsvector('simple'::regconfig, search_facets)"
# Both columns in one ALTER TABLE: adding a stored column rewrites the table, once.
PG_CREATE = (
    "ALTER TABLE publishing_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    + _TOKENS.format("search_title")
    + " || "
    + _TOKENS.format("search_body")
    + f" || {_FACETS}) STORED, "
    "ADD COLUMN search_title_vector tsvector GENERATED ALWAYS AS ("
    + _TOKENS.format("search_title")
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


def restore_sqlite_triggers(apps: object, schema_editor: object) -> None:
    """After a migration that made SQLite rebuild publishing_entry (adding a foreign key does):
    the rebuilt table lost its triggers, while the FTS table still holds the same rows."""
    db = schema_editor.connection  # type: ignore[attr-defined]
    if db.vendor == "sqlite":
        with db.cursor() as cursor:
            for statement in SQLITE_TRIGGERS:
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


def to_token_sets(apps: object, schema_editor: object) -> None:
    """Migration 0003, PostgreSQL only: replace the positional vector and its index by the
    token-set vectors and their partial indexes."""
    db = schema_editor.connection  # type: ignore[attr-defined]
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        for statement in PG_DROP:
            cursor.execute(statement)
        # The default 64 MB makes a GIN build over a large catalogue spill to disk many
        # times over; this migration's transaction alone gets more.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in PG_CREATE:
            cursor.execute(statement)


def from_token_sets(apps: object, schema_editor: object) -> None:
    db = schema_editor.connection  # type: ignore[attr-defined]
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        for statement in PG_DROP:
            cursor.execute(statement)
        for statement in PG_CREATE_0002:
            cursor.execute(statement)
