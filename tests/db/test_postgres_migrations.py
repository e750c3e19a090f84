"""Every Alembic revision runs on PostgreSQL, up and down, and the result matches the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from mutasi_desktop.db import models  # noqa: F401  (registers every table)
from mutasi_desktop.db.base import Base
from mutasi_desktop.db.migrate import alembic_config, all_revisions, current_revision, open_database, upgrade

pytestmark = pytest.mark.postgres

# Indexes that only exist on one engine, created by hand in the migrations (not in the models).
ENGINE_SPECIFIC_INDEXES = {"ix_pegawai_search_trgm", "ix_pegawai_search_tsv"}


def _differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    finally:
        engine.dispose()
    return [d for d in diffs if not (isinstance(d, tuple) and d[0] == "remove_index"
                                     and d[1].name in ENGINE_SPECIFIC_INDEXES)]


def test_each_revision_upgrades_in_turn_and_the_head_matches_the_models(pg_empty_url: str) -> None:
    engine = create_engine(pg_empty_url)
    try:
        for revision in all_revisions():
            upgrade(engine, revision)
            assert current_revision(engine) == revision
        with engine.connect() as conn:
            tsv = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_pegawai_search_tsv'")).scalar()
            indexes = {ix["name"] for ix in inspect(conn).get_indexes("pegawai")}
        # 0004 replaced 0002's trigram index with the full-text prefix index of the search.
        assert "ix_pegawai_search_tsv" in indexes and "ix_pegawai_search_trgm" not in indexes
        # services.pegawai_query spells its condition the same way, or the planner ignores the index
        assert "gin (to_tsvector('simple'::regconfig, search_text))" in str(tsv)
    finally:
        engine.dispose()
    assert _differences(pg_empty_url) == []


def test_downgrade_to_base_and_up_again(pg_empty_url: str) -> None:
    from alembic import command

    result = open_database(pg_empty_url)
    engine = result.database.engine
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    result.database.dispose()
    assert _differences(pg_empty_url) == []
