"""Pegawai search on PostgreSQL: full-text word-prefix index instead of trigrams

SQLite's FTS5 table (0002) matches every typed term as a word PREFIX; PostgreSQL now does the
same with ``to_tsvector('simple', search_text) @@ to_tsquery('simple', 'dw:* & 19:*')`` backed
by this GIN index. The 'simple' configuration only lower-cases (no stemming, no stop words),
which is what the already folded ``search_text`` needs. The trigram index of 0002 served the old
``ILIKE '%term%'`` substring search only; nothing queries it any more, and a trigram GIN index
is the most expensive index to keep up to date on every pegawai write, so it is dropped (the
pg_trgm extension stays: dropping an extension needs more rights than the application may have).

No-op on SQLite.

Revision ID: 0004_pegawai_search_tsvector
Revises: 0003_pertukaran
Create Date: 2026-11-28 07:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0004_pegawai_search_tsvector"
down_revision = "0003_pertukaran"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_pegawai_search_tsv ON pegawai "
        "USING gin (to_tsvector('simple'::regconfig, search_text))"
    )
    op.execute("DROP INDEX IF EXISTS ix_pegawai_search_trgm")
    # Statistics of the new index expression let the planner estimate how many rows a prefix
    # matches (it picks the name-index walk for broad terms, the GIN index for narrow ones).
    op.execute("ANALYZE pegawai")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_pegawai_search_trgm ON pegawai USING gin (search_text gin_trgm_ops)"
    )
    op.execute("DROP INDEX IF EXISTS ix_pegawai_search_tsv")
