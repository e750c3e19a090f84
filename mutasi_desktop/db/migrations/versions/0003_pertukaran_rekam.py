"""Exchange packages: version of each record last exchanged with each partner office

Revision ID: 0003_pertukaran
Revises: 0002
Create Date: 2026-11-28 06:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_pertukaran"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pertukaran_rekam",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kantor_kode", sa.String(length=40), nullable=False),
        sa.Column("entitas", sa.String(length=40), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("waktu", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pertukaran_rekam")),
        sa.UniqueConstraint("kantor_kode", "uuid", name="uq_pertukaran_rekam_kantor_uuid"),
    )


def downgrade() -> None:
    op.drop_table("pertukaran_rekam")
