"""Full-text search on pegawai: FTS5 on SQLite, trigram index on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 06:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# External-content FTS5 table over pegawai.search_text, kept in step by triggers.
# remove_diacritics makes "Sitompúl" match "sitompul"; prefix='2 3 4' speeds up search-as-you-type.
_SQLITE_UP = [
    """CREATE VIRTUAL TABLE pegawai_fts USING fts5(
        search_text, content='pegawai', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2", prefix='2 3 4')""",
    """CREATE TRIGGER pegawai_fts_ai AFTER INSERT ON pegawai BEGIN
        INSERT INTO pegawai_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER pegawai_fts_ad AFTER DELETE ON pegawai BEGIN
        INSERT INTO pegawai_fts(pegawai_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER pegawai_fts_au AFTER UPDATE OF search_text ON pegawai BEGIN
        INSERT INTO pegawai_fts(pegawai_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO pegawai_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO pegawai_fts(pegawai_fts) VALUES ('rebuild')",
]

_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS pegawai_fts_au",
    "DROP TRIGGER IF EXISTS pegawai_fts_ad",
    "DROP TRIGGER IF EXISTS pegawai_fts_ai",
    "DROP TABLE IF EXISTS pegawai_fts",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_pegawai_search_trgm ON pegawai USING gin (search_text gin_trgm_ops)"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_pegawai_search_trgm")
