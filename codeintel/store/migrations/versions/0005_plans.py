"""Refactoring plans are kept: each row one Plan as JSON (its steps, patch, symbol mapping, blast
radius, risk), with the repository, scan and commit it was computed on as columns to list by.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("repo_id", sa.String(255), sa.ForeignKey("repositories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("commit", sa.String(64), nullable=True),
        sa.Column("operation", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_plans_repo_id_created_at", "plans", ["repo_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_plans_repo_id_created_at", table_name="plans")
    op.drop_table("plans")
