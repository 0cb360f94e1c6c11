"""Files keep the fingerprint of their resolved edges instead of the modules resolution read.

Whole-program resolution replaced per-file dependency lists: a scan now finds the files whose
edges changed by comparing fingerprints. Existing lists are dropped; the next scan of each
repository then rewrites the edges of every file once.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("files") as batch:
        batch.drop_column("deps")
        batch.add_column(sa.Column("edges_fingerprint", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("files") as batch:
        batch.drop_column("edges_fingerprint")
        batch.add_column(sa.Column("deps", sa.JSON(), nullable=False, server_default="[]"))
